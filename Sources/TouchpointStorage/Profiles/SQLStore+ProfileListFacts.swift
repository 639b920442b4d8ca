import Foundation
import SQLKit
import Tagged
import TouchpointDomain

extension SQLStore {
    /// The list facts of a page of profiles, in three queries whatever the page's length.
    public func listFacts(of profiles: [ProfileID]) async throws -> [ProfileID: ProfileListFacts] {
        guard !profiles.isEmpty else { return [:] }
        let ids = profiles.map(\.rawValue)
        var facts = Dictionary(uniqueKeysWithValues: profiles.map { ($0, ProfileListFacts(openCases: 0)) })
        var stages = SQLStatement("SELECT profile_id, stage FROM lifecycle_states WHERE profile_id IN ")
        stages.bindList(ids)
        for row in try await sql.rows(stages) {
            let id = ProfileID(rawValue: try row.decode(column: "profile_id", as: String.self))
            facts[id]?.stage = try row.decode(column: "stage", as: String?.self).flatMap(LifecycleStage.init(rawValue:))
        }
        var scores = SQLStatement("SELECT profile_id, value_tier, churn_risk FROM value_scores WHERE profile_id IN ")
        scores.bindList(ids)
        for row in try await sql.rows(scores) {
            let id = ProfileID(rawValue: try row.decode(column: "profile_id", as: String.self))
            facts[id]?.valueTier = ValueTier(rawValue: try row.decode(column: "value_tier", as: String.self))
            facts[id]?.churnRisk = ChurnRisk(rawValue: try row.decode(column: "churn_risk", as: String.self))
        }
        var cases = SQLStatement("SELECT profile_id, COUNT(*) AS n FROM cases WHERE merged_into IS NULL AND status IN ('new', 'open', 'pending') AND profile_id IN ")
        cases.bindList(ids)
        cases.append(" GROUP BY profile_id")
        for row in try await sql.rows(cases) {
            let id = ProfileID(rawValue: try row.decode(column: "profile_id", as: String.self))
            facts[id]?.openCases = Int(try row.decode(column: "n", as: Int64.self))
        }
        return facts
    }
}
