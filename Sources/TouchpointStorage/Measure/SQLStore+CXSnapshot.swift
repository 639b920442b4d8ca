import Foundation
import SQLKit
import TouchpointDomain

/// The customer-experience figures the overview shows at a glance, read from the projections (never the event log).
public struct CXSnapshot: Sendable, Equatable {
    /// Profiles per lifecycle stage.
    public var stages: [LifecycleStage: Int]
    /// Customer lifetime value of the customers at high churn risk, and how many they are.
    public var valueAtRisk: Double
    public var customersAtRisk: Int
    /// Cases not yet resolved, and those whose SLA clock is breached.
    public var openCases: Int
    public var breachedCases: Int
}

extension SQLStore {
    public func cxSnapshot() async throws -> CXSnapshot {
        let stages = try await stageCounts(segment: nil)
        let risk = try await sql.rows("SELECT COALESCE(SUM(clv), 0) AS value, COUNT(*) AS n FROM value_scores WHERE churn_risk = 'high'").first
        let open = try await sql.rows("SELECT COUNT(*) AS n, COALESCE(SUM(CASE WHEN sla_state = 'breached' THEN 1 ELSE 0 END), 0) AS breached FROM cases WHERE merged_into IS NULL AND status IN ('new', 'open', 'pending')").first
        return CXSnapshot(stages: stages,
                          valueAtRisk: try risk?.decode(column: "value", as: Double.self) ?? 0,
                          customersAtRisk: Int(try risk?.decode(column: "n", as: Int64.self) ?? 0),
                          openCases: Int(try open?.decode(column: "n", as: Int64.self) ?? 0),
                          breachedCases: Int(try open?.decode(column: "breached", as: Int64.self) ?? 0))
    }
}
