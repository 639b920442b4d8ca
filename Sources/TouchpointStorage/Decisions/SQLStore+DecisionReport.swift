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

        // Shows, hold-outs and outcomes of the period's decisions: an outcome counts with the show it answers, so
        // acceptance is a share of the shows it follows (and the period's decisions are found by `decisions (at)`).
        var counts = [ActionID: [String: Int]]()
        for row in try await sql.rows("""
            SELECT o.action_id AS action_id, o.kind AS kind, COUNT(*) AS n FROM decisions d JOIN offer_contacts o ON o.decision_id = d.id
            WHERE d.at >= \(bind: start) AND d.at < \(bind: end) GROUP BY o.action_id, o.kind
            """) {
            counts[ActionID(rawValue: try row.decode(column: "action_id", as: String.self)), default: [:]][try row.decode(column: "kind", as: String.self)] =
                Int(try row.decode(column: "n", as: Int64.self))
        }
        let catalogue = Dictionary(try await actions().map { ($0.definition.id, $0.definition) }, uniquingKeysWith: { first, _ in first })
        let goals = Dictionary(grouping: counts.keys) { catalogue[$0]?.goal ?? ActionDefinition.defaultGoal }
        var groups = [ActionID: [String: UpliftGroup]]()
        for (goal, actions) in goals {
            for (action, byKind) in try await upliftGroups(actions: actions, goal: goal, goalDays: goalDays, start: start, end: end) {
                groups[action] = byKind
            }
        }
        var rows = [ActionReportRow]()
        for (id, byKind) in counts {
            let definition = catalogue[id]
            let treated = groups[id]?["shown"] ?? UpliftGroup(people: 0, conversions: 0)
            let control = groups[id]?["control"] ?? UpliftGroup(people: 0, conversions: 0)
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

    /// For actions that share a goal: the people shown (`shown`) or held out of (`control`) each in the period, and how
    /// many did the goal within `goalDays` of their first time. One statement for all of them, over the period's decisions.
    private func upliftGroups(actions: [ActionID], goal: String, goalDays: Double, start: Int64, end: Int64) async throws -> [ActionID: [String: UpliftGroup]] {
        var groups = [ActionID: [String: UpliftGroup]]()
        for chunk in chunked(actions.map(\.rawValue).sorted(), size: 500) {
            var statement = SQLStatement("SELECT c.action_id AS action_id, c.kind AS kind, COUNT(*) AS people, SUM(CASE WHEN EXISTS (SELECT 1 FROM events e WHERE e.profile_id = c.profile_id AND e.ts > c.first_at AND e.ts <= c.first_at + ")
            statement.bind(Int64(goalDays * 86_400_000))
            statement.append(" AND e.type = 'track' AND LOWER(e.name) IN ")
            statement.bindList(FactsNeeds.storedSpellings(of: [goal]))
            statement.append(") THEN 1 ELSE 0 END) AS converted FROM (SELECT o.action_id AS action_id, o.kind AS kind, d.profile_id AS profile_id, MIN(d.at) AS first_at")
            statement.append(" FROM decisions d JOIN offer_contacts o ON o.decision_id = d.id WHERE d.at >= ")
            statement.bind(start)
            statement.append(" AND d.at < ")
            statement.bind(end)
            statement.append(" AND o.kind IN ('shown', 'control') AND o.action_id IN ")
            statement.bindList(Array(chunk))
            statement.append(" GROUP BY o.action_id, o.kind, d.profile_id) c GROUP BY c.action_id, c.kind")
            for row in try await sql.rows(statement) {
                groups[ActionID(rawValue: try row.decode(column: "action_id", as: String.self)), default: [:]][try row.decode(column: "kind", as: String.self)] =
                    UpliftGroup(people: Int(try row.decode(column: "people", as: Int64.self)),
                                conversions: Int(try row.decode(column: "converted", as: Int64?.self) ?? 0))
            }
        }
        return groups
    }
}
