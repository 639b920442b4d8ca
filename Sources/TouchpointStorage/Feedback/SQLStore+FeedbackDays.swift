import Foundation
import SQLKit
import TouchpointApp
import TouchpointDomain

/// Keeping the daily roll-ups of answers in step with the answers (inside the caller's transaction), and reading a
/// report from them when the period is whole UTC days (the API's and the console's periods are).
extension SQLStore {
    static let dayMillis: Int64 = 86_400_000

    /// Adds (`by` 1) or removes (`by` -1) one answer's counts: its day, type, channel, score and sentiment, and each topic.
    static func rollUp(_ answer: SurveyAnswer, by delta: Int64, on sql: any SQLDatabase) async throws {
        let day = Timestamps.millis(answer.answeredAt) / dayMillis
        try await sql.run("""
            INSERT INTO survey_score_days (day, survey_type, channel, score, answers)
            VALUES (\(bind: day), \(bind: answer.type.rawValue), \(bind: answer.channel.rawValue), \(bind: Int64(answer.score)), \(bind: delta))
            ON CONFLICT (day, survey_type, channel, score) DO UPDATE SET answers = survey_score_days.answers + excluded.answers
            """)
        if let sentiment = answer.sentiment {
            try await sql.run("""
                INSERT INTO survey_sentiment_days (day, survey_type, channel, sentiment, answers)
                VALUES (\(bind: day), \(bind: answer.type.rawValue), \(bind: answer.channel.rawValue), \(bind: sentiment.rawValue), \(bind: delta))
                ON CONFLICT (day, survey_type, channel, sentiment) DO UPDATE SET answers = survey_sentiment_days.answers + excluded.answers
                """)
        }
        for topic in answer.topics {
            try await sql.run("""
                INSERT INTO survey_topic_days (day, topic, survey_type, channel, mentions, sentiment_sum, sentiment_count)
                VALUES (\(bind: day), \(bind: topic), \(bind: answer.type.rawValue), \(bind: answer.channel.rawValue), \(bind: delta),
                    \(bind: (answer.sentimentScore ?? 0) * Double(delta)), \(bind: answer.sentimentScore == nil ? 0 : delta))
                ON CONFLICT (day, topic, survey_type, channel) DO UPDATE SET mentions = survey_topic_days.mentions + excluded.mentions,
                    sentiment_sum = survey_topic_days.sentiment_sum + excluded.sentiment_sum,
                    sentiment_count = survey_topic_days.sentiment_count + excluded.sentiment_count
                """)
        }
    }

    /// The filter's period in whole days, when it is whole days.
    static func wholeDays(_ filter: FeedbackFilter) -> (from: Int64, to: Int64)? {
        let from = Timestamps.millis(filter.from), to = Timestamps.millis(filter.to)
        guard from % dayMillis == 0, to % dayMillis == 0 else { return nil }
        return (from / dayMillis, to / dayMillis)
    }

    static func dayWhere(_ days: (from: Int64, to: Int64), _ filter: FeedbackFilter) -> SQLStatement {
        var clause = SQLStatement("day >= ")
        clause.bind(days.from)
        clause.append(" AND day < ")
        clause.bind(days.to)
        if let type = filter.type { clause.append(" AND survey_type = "); clause.bind(type.rawValue) }
        if let channel = filter.channel { clause.append(" AND channel = "); clause.bind(channel.rawValue) }
        return clause
    }

    func histogramFromDays(_ days: (from: Int64, to: Int64), _ filter: FeedbackFilter) async throws -> [SurveyType: [Int: Int]] {
        var statement = SQLStatement("SELECT survey_type, score, CAST(SUM(answers) AS BIGINT) AS n FROM survey_score_days WHERE ")
        statement.append(Self.dayWhere(days, filter))
        statement.append(" GROUP BY survey_type, score")
        var histogram = [SurveyType: [Int: Int]]()
        for row in try await sql.rows(statement) {
            guard let type = SurveyType(rawValue: try row.decode(column: "survey_type", as: String.self)) else { continue }
            let count = Int(try row.decode(column: "n", as: Int64.self))
            if count > 0 { histogram[type, default: [:]][Int(try row.decode(column: "score", as: Int64.self))] = count }
        }
        return histogram
    }

    func sentimentFromDays(_ days: (from: Int64, to: Int64), _ filter: FeedbackFilter) async throws -> [Sentiment: Int] {
        var counts: [Sentiment: Int] = [.positive: 0, .negative: 0, .neutral: 0]
        var statement = SQLStatement("SELECT sentiment, CAST(SUM(answers) AS BIGINT) AS n FROM survey_sentiment_days WHERE ")
        statement.append(Self.dayWhere(days, filter))
        statement.append(" GROUP BY sentiment")
        for row in try await sql.rows(statement) {
            guard let sentiment = Sentiment(rawValue: try row.decode(column: "sentiment", as: String.self)) else { continue }
            counts[sentiment] = Int(try row.decode(column: "n", as: Int64.self))
        }
        return counts
    }

    func topicsFromDays(_ days: (from: Int64, to: Int64), _ filter: FeedbackFilter, limit: Int) async throws -> [FeedbackReport.TopicFigure] {
        var statement = SQLStatement("SELECT topic, CAST(SUM(mentions) AS BIGINT) AS n, SUM(sentiment_sum) AS total, CAST(SUM(sentiment_count) AS BIGINT) AS scored FROM survey_topic_days WHERE ")
        statement.append(Self.dayWhere(days, filter))
        statement.append(" GROUP BY topic HAVING SUM(mentions) > 0 ORDER BY SUM(mentions) DESC, topic LIMIT ")
        statement.bind(Int64(limit))
        return try await sql.rows(statement).map { row in
            let scored = try row.decode(column: "scored", as: Int64.self)
            let total = try row.decode(column: "total", as: Double.self)
            return FeedbackReport.TopicFigure(topic: try row.decode(column: "topic", as: String.self), count: Int(try row.decode(column: "n", as: Int64.self)),
                                              sentiment: scored > 0 ? (total / Double(scored) * 1000).rounded() / 1000 : 0)
        }
    }
}
