import Foundation
import SQLKit
import TouchpointApp
import Tagged
import TouchpointDomain

/// The decisions report: how many decisions, what was shown and accepted, uplift against the control group, and
/// which rules removed offers.
extension SQLStore {
    public func decisionReport(from: Date, to: Date, goalDays: Double) async throws -> DecisionReport {
        let start = Timestamps.millis(from), end = Timestamps.millis(to)
        let totals = try await sql.rows("""
            SELECT COUNT(*) AS n, COUNT(DISTINCT profile_id) AS people, SUM(service_first) AS service_first
            FROM decisions WHERE at >= \(bind: start) AND at < \(bind: end)
            """).first
        var removals = [String: Int](), notApplicable = [String: Int]()
        for row in try await sql.rows("SELECT result FROM decisions WHERE at >= \(bind: start) AND at < \(bind: end)") {
            guard let result = DecisionResultText.decode(try row.decode(column: "result", as: String.self)) else { continue }
            for removed in result.removed { removals[removed.reason.rawValue, default: 0] += 1 }
            for (reason, count) in result.notApplicable { notApplicable[reason, default: 0] += count }
        }

        var counts = [ActionID: [String: Int]]()
        for row in try await sql.rows("""
            SELECT action_id, kind, COUNT(*) AS n FROM offer_contacts WHERE at >= \(bind: start) AND at < \(bind: end) GROUP BY action_id, kind
            """) {
            counts[ActionID(rawValue: try row.decode(column: "action_id", as: String.self)), default: [:]][try row.decode(column: "kind", as: String.self)] =
                Int(try row.decode(column: "n", as: Int64.self))
        }
        let catalogue = Dictionary(try await actions().map { ($0.definition.id, $0.definition) }, uniquingKeysWith: { first, _ in first })
        var rows = [ActionReportRow]()
        for (id, byKind) in counts {
            let definition = catalogue[id]
            let goal = definition?.goal ?? ActionDefinition.defaultGoal
            let treated = try await upliftGroup(action: id, kind: "shown", goal: goal, goalDays: goalDays, start: start, end: end)
            let control = try await upliftGroup(action: id, kind: "control", goal: goal, goalDays: goalDays, start: start, end: end)
            rows.append(ActionReportRow(actionID: id, name: definition?.name ?? id.rawValue, kind: definition?.kind ?? .other,
                                        shown: byKind["shown"] ?? 0, viewed: byKind["viewed"] ?? 0, accepted: byKind["accepted"] ?? 0,
                                        dismissed: byKind["dismissed"] ?? 0, treated: treated, control: control,
                                        uplift: Uplift.estimate(treated: treated, control: control)))
        }
        rows.sort { ($0.shown, $1.actionID.rawValue) > ($1.shown, $0.actionID.rawValue) }
        return DecisionReport(from: from, to: to, decisions: Int(try totals?.decode(column: "n", as: Int64.self) ?? 0),
                              people: Int(try totals?.decode(column: "people", as: Int64.self) ?? 0),
                              serviceFirst: Int(try totals?.decode(column: "service_first", as: Int64?.self) ?? 0),
                              actions: rows, removals: removals, notApplicable: notApplicable)
    }

    /// People shown (or held out of) the action in the period, and how many did its goal within `goalDays` of the first time.
    private func upliftGroup(action: ActionID, kind: String, goal: String, goalDays: Double, start: Int64, end: Int64) async throws -> UpliftGroup {
        var statement = SQLStatement("SELECT COUNT(*) AS people, SUM(CASE WHEN EXISTS (SELECT 1 FROM events e WHERE e.profile_id = c.profile_id AND e.ts > c.first_at AND e.ts <= c.first_at + ")
        statement.bind(Int64(goalDays * 86_400_000))
        statement.append(" AND e.type = 'track' AND LOWER(e.name) IN ")
        statement.bindList(FactsNeeds.storedSpellings(of: [goal]))
        statement.append(") THEN 1 ELSE 0 END) AS converted FROM (SELECT profile_id, MIN(at) AS first_at FROM offer_contacts WHERE action_id = ")
        statement.bind(action.rawValue)
        statement.append(" AND kind = ")
        statement.bind(kind)
        statement.append(" AND at >= ")
        statement.bind(start)
        statement.append(" AND at < ")
        statement.bind(end)
        statement.append(" GROUP BY profile_id) c")
        let row = try await sql.rows(statement).first
        return UpliftGroup(people: Int(try row?.decode(column: "people", as: Int64.self) ?? 0),
                           conversions: Int(try row?.decode(column: "converted", as: Int64?.self) ?? 0))
    }
}
