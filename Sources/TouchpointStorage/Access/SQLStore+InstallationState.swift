import Foundation
import SQLKit
import TouchpointDomain

extension SQLStore {
    /// A remembered document of the installation (JSON text), nil when none was saved.
    public func installationState(_ name: String) async throws -> String? {
        var statement = SQLStatement("SELECT body FROM installation_state WHERE name = ")
        statement.bind(name)
        return try await sql.rows(statement).first?.decode(column: "body", as: String.self)
    }

    public func setInstallationState(_ name: String, _ body: String, now: Date = Date()) async throws {
        try await write { sql in
            var statement = SQLStatement("INSERT INTO installation_state (name, body, updated_at) VALUES (")
            statement.bind(name); statement.append(", ")
            statement.bind(body); statement.append(", ")
            statement.bind(Timestamps.millis(now))
            statement.append(") ON CONFLICT (name) DO UPDATE SET body = excluded.body, updated_at = excluded.updated_at")
            try await sql.run(statement)
        }
    }

    /// Cases opened at exactly this moment with this subject: how a resumed replay finds the ones an interruption left half-made.
    public func caseIDs(subject: String, createdAt: Date) async throws -> [CaseID] {
        var statement = SQLStatement("SELECT id FROM cases WHERE subject = ")
        statement.bind(String(subject.trimmedWhitespace.prefix(300)))
        statement.append(" AND created_at = ")
        statement.bind(Timestamps.millis(createdAt))
        return try await sql.rows(statement).map { CaseID(rawValue: try $0.decode(column: "id", as: String.self)) }
    }

    /// Removes cases with everything under them (their conversation, calls, status history, alerts).
    public func deleteCases(_ ids: [CaseID]) async throws {
        guard !ids.isEmpty else { return }
        try await write { sql in try await Self.erasePersonalRecords(cases: ids, on: sql) }
    }
}
