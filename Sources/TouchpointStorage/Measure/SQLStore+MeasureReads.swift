import Foundation
import SQLKit
import TouchpointApp
import TouchpointDomain

/// The measurement area's reads: counts from the other areas' projections, each defined as that area's own report
/// defines it, so a figure reads the same here and there.
extension SQLStore: MeasureRepository {
    /// `AND <column> IN (members of the segment)`, or nothing.
    static func memberClause(_ column: String, _ segment: SegmentID?) -> SQLStatement {
        guard let segment else { return SQLStatement("") }
        var clause = SQLStatement(" AND " + column + " IN (SELECT profile_id FROM segment_members WHERE member = 1 AND segment_id = ")
        clause.bind(segment.rawValue)
        clause.append(")")
        return clause
    }

    static func periodClause(_ column: String, _ scope: MeasureScope) -> SQLStatement {
        var clause = SQLStatement(" AND " + column + " >= ")
        clause.bind(Timestamps.millis(scope.from))
        clause.append(" AND " + column + " < ")
        clause.bind(Timestamps.millis(scope.to))
        return clause
    }

    public func eventCounts(named names: [String], _ scope: MeasureScope) async throws -> [String: Int] {
        guard !names.isEmpty else { return [:] }
        let from = Timestamps.millis(scope.from), to = Timestamps.millis(scope.to)
        var statement: SQLStatement
        if scope.segment == nil, from % Self.dayMillis == 0, to % Self.dayMillis == 0 {
            statement = SQLStatement("SELECT name, CAST(SUM(events) AS BIGINT) AS n FROM event_name_days WHERE day >= ")
            statement.bind(from / Self.dayMillis)
            statement.append(" AND day < ")
            statement.bind(to / Self.dayMillis)
        } else {
            statement = SQLStatement("SELECT name, COUNT(*) AS n FROM events WHERE type = 'track'")
            statement.append(Self.periodClause("ts", scope))
            statement.append(Self.memberClause("profile_id", scope.segment))
        }
        statement.append(" AND name IN ")
        statement.bindList(names)
        if let channel = scope.channel { statement.append(" AND channel = "); statement.bind(channel.rawValue) }
        statement.append(" GROUP BY name")
        var counts = [String: Int]()
        for row in try await sql.rows(statement) {
            counts[try row.decode(column: "name", as: String.self)] = Int(try row.decode(column: "n", as: Int64.self))
        }
        return counts
    }

    public func selfServiceCounts(_ scope: MeasureScope) async throws -> SelfServiceCounts {
        func count(_ condition: String) async throws -> Int {
            var statement = SQLStatement("SELECT COUNT(*) AS n FROM self_service_facts f WHERE " + condition)
            statement.append(Self.periodClause("f.at", scope))
            statement.append(Self.memberClause("f.profile_id", scope.segment))
            return Int(try await sql.rows(statement).first?.decode(column: "n", as: Int64.self) ?? 0)
        }
        let answered = "((f.kind = 'search' AND f.results > 0) OR f.kind = 'answer')"
        let window = Int64(SelfServiceReport.verificationWindow * 1_000)
        return SelfServiceCounts(
            answered: try await count(answered),
            solved: try await count(answered + """
                 AND NOT EXISTS (SELECT 1 FROM cases c WHERE c.profile_id = f.profile_id AND c.created_at > f.at AND c.created_at <= f.at + \(window))
                 AND NOT EXISTS (SELECT 1 FROM case_messages m JOIN cases c ON c.id = m.case_id WHERE c.profile_id = f.profile_id
                     AND m.direction = 'inbound' AND m.created_at > f.at AND m.created_at <= f.at + \(window))
                """),
            searches: try await count("f.kind = 'search'"),
            zeroResultSearches: try await count("f.kind = 'search' AND f.results = 0"))
    }

    public func surveyHistogram(_ scope: MeasureScope) async throws -> [SurveyType: [Int: Int]] {
        guard let segment = scope.segment else {
            return try await scoreHistogram(FeedbackFilter(from: scope.from, to: scope.to, channel: scope.channel))
        }
        var statement = SQLStatement("SELECT survey_type, score, COUNT(*) AS n FROM survey_answers WHERE 1 = 1")
        statement.append(Self.periodClause("answered_at", scope))
        statement.append(Self.memberClause("profile_id", segment))
        if let channel = scope.channel { statement.append(" AND channel = "); statement.bind(channel.rawValue) }
        statement.append(" GROUP BY survey_type, score")
        var histogram = [SurveyType: [Int: Int]]()
        for row in try await sql.rows(statement) {
            guard let type = SurveyType(rawValue: try row.decode(column: "survey_type", as: String.self)) else { continue }
            histogram[type, default: [:]][Int(try row.decode(column: "score", as: Int64.self))] = Int(try row.decode(column: "n", as: Int64.self))
        }
        return histogram
    }

    public func surveyHistogramsByChannel(from: Date, to: Date) async throws -> [Channel: [SurveyType: [Int: Int]]] {
        var result = [Channel: [SurveyType: [Int: Int]]]()
        let filter = FeedbackFilter(from: from, to: to)
        guard let days = Self.wholeDays(filter) else {
            for (key, histogram) in try await scoreHistograms(filter, by: .channel) {
                if let channel = Channel(rawValue: key) { result[channel] = histogram }
            }
            return result
        }
        // Whole days: the feedback area's day counts, the same numbers its report reads.
        var statement = SQLStatement("SELECT channel, survey_type, score, CAST(SUM(answers) AS BIGINT) AS n FROM survey_score_days WHERE ")
        statement.append(Self.dayWhere(days, filter))
        statement.append(" GROUP BY channel, survey_type, score")
        for row in try await sql.rows(statement) {
            guard let channel = Channel(rawValue: try row.decode(column: "channel", as: String.self)),
                  let type = SurveyType(rawValue: try row.decode(column: "survey_type", as: String.self)) else { continue }
            let count = Int(try row.decode(column: "n", as: Int64.self))
            if count > 0 { result[channel, default: [:]][type, default: [:]][Int(try row.decode(column: "score", as: Int64.self)), default: 0] += count }
        }
        return result
    }

    public func offerCounts(_ scope: MeasureScope) async throws -> (shown: Int, accepted: Int) {
        // The period's decisions, their shows and the acceptances of those shows (as the decisions report counts).
        var statement = SQLStatement("SELECT o.kind AS kind, COUNT(*) AS n FROM decisions d JOIN offer_contacts o ON o.decision_id = d.id WHERE o.kind IN ('shown', 'accepted')")
        statement.append(Self.periodClause("d.at", scope))
        statement.append(Self.memberClause("d.profile_id", scope.segment))
        if let channel = scope.channel { statement.append(" AND o.channel = "); statement.bind(channel.rawValue) }
        statement.append(" GROUP BY o.kind")
        var shown = 0, accepted = 0
        for row in try await sql.rows(statement) {
            let n = Int(try row.decode(column: "n", as: Int64.self))
            if try row.decode(column: "kind", as: String.self) == "shown" { shown = n } else { accepted = n }
        }
        return (shown, accepted)
    }

    public func stageCounts(segment: SegmentID?) async throws -> [LifecycleStage: Int] {
        // Everyone: the counts the lifecycle projection keeps. A segment's members: counted from their states.
        var statement = SQLStatement("SELECT stage, people AS n FROM lifecycle_stage_counts WHERE people > 0")
        if let segment {
            statement = SQLStatement("SELECT stage, COUNT(*) AS n FROM lifecycle_states WHERE stage IS NOT NULL")
            statement.append(Self.memberClause("profile_id", segment))
            statement.append(" GROUP BY stage")
        }
        var stages = [LifecycleStage: Int]()
        for row in try await sql.rows(statement) {
            if let stage = LifecycleStage(rawValue: try row.decode(column: "stage", as: String.self)) {
                stages[stage] = Int(try row.decode(column: "n", as: Int64.self))
            }
        }
        return stages
    }

    public func valueTotals(segment: SegmentID?) async throws -> ValueTotals {
        // Everyone: the totals each refit writes with its scores. A segment's members: summed from their scores.
        var statement = SQLStatement("SELECT customers AS n, clv_sum AS clv, alive_sum AS alive FROM value_totals")
        if let segment {
            statement = SQLStatement("SELECT COUNT(*) AS n, COALESCE(SUM(clv), 0) AS clv, COALESCE(SUM(p_alive), 0) AS alive FROM value_scores WHERE 1 = 1")
            statement.append(Self.memberClause("profile_id", segment))
        }
        let row = try await sql.rows(statement).first
        return ValueTotals(customers: Int(try row?.decode(column: "n", as: Int64.self) ?? 0),
                           clvSum: try row?.decode(column: "clv", as: Double.self) ?? 0,
                           aliveSum: try row?.decode(column: "alive", as: Double.self) ?? 0)
    }

    public func saveValueDay(_ day: Int64, _ totals: ValueTotals) async throws {
        try await write { sql in
            var statement = SQLStatement("INSERT INTO value_days (day, customers, clv_sum, alive_sum) VALUES (")
            statement.bind(day); statement.append(", ")
            statement.bind(Int64(totals.customers)); statement.append(", ")
            statement.bind(totals.clvSum); statement.append(", ")
            statement.bind(totals.aliveSum)
            statement.append(") ON CONFLICT (day) DO UPDATE SET customers = excluded.customers, clv_sum = excluded.clv_sum, alive_sum = excluded.alive_sum")
            try await sql.run(statement)
        }
    }

    public func valueDay(atOrBefore day: Int64) async throws -> ValueTotals? {
        var statement = SQLStatement("SELECT customers, clv_sum, alive_sum FROM value_days WHERE day <= ")
        statement.bind(day)
        statement.append(" ORDER BY day DESC LIMIT 1")
        guard let row = try await sql.rows(statement).first else { return nil }
        return ValueTotals(customers: Int(try row.decode(column: "customers", as: Int64.self)),
                           clvSum: try row.decode(column: "clv_sum", as: Double.self), aliveSum: try row.decode(column: "alive_sum", as: Double.self))
    }

    public func inboundCalls(from: Date, to: Date) async throws -> [MeasuredCall] {
        var statement = SQLStatement("""
            SELECT k.id, k.case_id, k.direction, k.phone, k.agent_id, k.started_at, k.wait_seconds, k.talk_seconds, k.wrap_seconds, k.outcome,
                c.profile_id FROM case_calls k JOIN cases c ON c.id = k.case_id WHERE k.direction = 'inbound'
            """)
        statement.append(Self.periodClause("k.started_at", MeasureScope(from: from, to: to)))
        statement.append(" ORDER BY k.started_at")
        return try await sql.rows(statement).map { row in
            MeasuredCall(call: try CallRecord(row: row), profileID: try row.decode(column: "profile_id", as: String?.self))
        }
    }

    public func memberIDs(of segment: SegmentID) async throws -> Set<String> {
        var statement = SQLStatement("SELECT profile_id FROM segment_members WHERE member = 1 AND segment_id = ")
        statement.bind(segment.rawValue)
        return Set(try await sql.rows(statement).map { try $0.decode(column: "profile_id", as: String.self) })
    }

    public func measureDocument(_ name: String) async throws -> String? {
        try await Self.document(name, on: sql)
    }

    public func saveMeasureDocument(_ name: String, _ body: String, now: Date) async throws {
        try await write { sql in try await Self.saveDocument(name, body, now: now, on: sql) }
    }
}
