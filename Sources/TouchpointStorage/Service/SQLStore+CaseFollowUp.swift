import Foundation
import SQLKit
import TouchpointApp
import TouchpointDomain

/// The root cause of a follow-up of feedback, kept beside the case (the case document itself does not carry it).
extension SQLStore {
    public func rootCause(of caseID: CaseID) async throws -> String? {
        try await sql.rows("SELECT root_cause FROM cases WHERE id = \(bind: caseID.rawValue)").first?.decode(column: "root_cause", as: String?.self)
    }

    public func setRootCause(_ cause: String, of caseID: CaseID) async throws {
        try await write { sql in
            try await sql.run("UPDATE cases SET root_cause = \(bind: cause), version = version + 1 WHERE id = \(bind: caseID.rawValue)")
        }
    }
}
