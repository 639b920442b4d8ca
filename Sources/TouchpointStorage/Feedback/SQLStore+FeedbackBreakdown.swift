import Foundation
import SQLKit
import TouchpointApp
import TouchpointDomain

/// The feedback page's breakdowns: score histograms per group (month, channel, lifecycle stage, value tier, agent),
/// example comments per topic, and the touchpoints before NPS answers for the driver analysis.
extension SQLStore {
    public func scoreHistograms(_ filter: FeedbackFilter, by grouping: FeedbackGrouping) async throws -> [String: [SurveyType: [Int: Int]]] {
        let group: String, join: String
        switch grouping {
        // Whole UTC days: the same integer division on both databases; months are made from days in Swift.
        case .month: (group, join) = ("a.answered_at / 86400000", "")
        case .channel: (group, join) = ("a.channel", "")
        case .stage: (group, join) = ("l.stage", " LEFT JOIN lifecycle_states l ON l.profile_id = a.profile_id")
        case .tier: (group, join) = ("l.value_tier", " LEFT JOIN lifecycle_states l ON l.profile_id = a.profile_id")
        case .agent: (group, join) = ("c.assignee_id", " LEFT JOIN cases c ON c.id = a.case_id")
        }
        var statement = SQLStatement()
        statement.append("SELECT " + group + " AS grp, a.survey_type, a.score, COUNT(*) AS n FROM survey_answers a" + join + " WHERE ")
        statement.append(Self.answerWhere(filter, alias: "a."))
        statement.append(" GROUP BY " + group + ", a.survey_type, a.score")
        var histograms = [String: [SurveyType: [Int: Int]]]()
        for row in try await sql.rows(statement) {
            guard let type = SurveyType(rawValue: try row.decode(column: "survey_type", as: String.self)) else { continue }
            let key: String
            if grouping == .month {
                let day = try row.decode(column: "grp", as: Int64.self)
                key = String(DayKey.of(Timestamps.date(millis: day * 86_400_000)).prefix(7))
            } else {
                key = try row.decode(column: "grp", as: String?.self) ?? ""
            }
            histograms[key, default: [:]][type, default: [:]][Int(try row.decode(column: "score", as: Int64.self)), default: 0]
                += Int(try row.decode(column: "n", as: Int64.self))
        }
        return histograms
    }

    public func topicExamples(_ filter: FeedbackFilter, topic: String, limit: Int) async throws -> [SurveyAnswer] {
        var statement = SQLStatement("SELECT a.* FROM survey_answer_topics t JOIN survey_answers a ON a.id = t.answer_id WHERE t.topic = ")
        statement.bind(topic)
        statement.append(" AND a.comment IS NOT NULL AND ")
        statement.append(Self.answerWhere(filter, alias: "a."))
        statement.append(" ORDER BY a.answered_at DESC LIMIT ")
        statement.bind(Int64(limit))
        return try await sql.rows(statement).map(SurveyAnswer.init(row:))
    }

    public func touchpointsBeforeAnswers(_ filter: FeedbackFilter, days: Int, limit: Int) async throws -> [(score: Int, touchpoints: Set<String>)] {
        var answers = SQLStatement("SELECT id, profile_id, score, answered_at FROM survey_answers a WHERE survey_type = 'nps' AND ")
        answers.append(Self.answerWhere(filter, alias: "a."))
        answers.append(" ORDER BY answered_at DESC LIMIT ")
        answers.bind(Int64(limit))
        var result = [(score: Int, touchpoints: Set<String>)]()
        for row in try await sql.rows(answers) {
            let at = try row.decode(column: "answered_at", as: Int64.self)
            let profile = try row.decode(column: "profile_id", as: String.self)
            let since = at - Int64(days) * 86_400_000
            let events = try await sql.rows("""
                SELECT DISTINCT name, channel FROM events WHERE profile_id = \(bind: profile)
                AND ts < \(bind: at) AND ts >= \(bind: since) AND type = 'track' AND name <> 'Survey Answered'
                """)
            var touchpoints = Set<String>()
            for event in events {
                touchpoints.insert("channel:" + (try event.decode(column: "channel", as: String.self)))
                touchpoints.insert("event:" + (try event.decode(column: "name", as: String.self)))
            }
            result.append((Int(try row.decode(column: "score", as: Int64.self)), touchpoints))
        }
        return result
    }
}
