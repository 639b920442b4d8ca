import Foundation
import SQLKit
import TouchpointApp
import TouchpointDomain

/// Survey answers: read from the log's `Survey Answered` events after a checkpoint of their own, stored with their
/// comment's analysis, aggregated for the feedback report.
extension SQLStore: FeedbackRepository {
    static let feedbackCheckpoint = "feedback"

    public func pendingSurveyAnswers(limit: Int) async throws -> (events: [LoggedEvent], upTo: Int64)? {
        try await Self.trackEvents(after: Self.feedbackCheckpoint, named: ["Survey Answered", "Survey Comment Added"], limit: limit, on: sql)
    }

    public func saveAnswers(_ answers: [(answer: SurveyAnswer, sequence: Int64)], checkpoint: Int64) async throws -> [SurveyAnswer] {
        try await write { sql in
            var stored = [SurveyAnswer]()
            for (answer, sequence) in answers {
                let at = Timestamps.millis(answer.answeredAt)
                let inserted = try await sql.rows("""
                    INSERT INTO survey_answers (id, seq, profile_id, survey_type, score, comment, survey_id, case_id, channel, locale,
                        answered_at, sentiment, sentiment_score)
                    VALUES (\(bind: answer.id.rawValue), \(bind: sequence), \(bind: answer.profileID.rawValue), \(bind: answer.type.rawValue),
                        \(bind: Int64(answer.score)), \(bind: answer.comment), \(bind: answer.surveyID), \(bind: answer.caseID),
                        \(bind: answer.channel.rawValue), \(bind: answer.locale?.rawValue), \(bind: at), \(bind: answer.sentiment?.rawValue),
                        \(bind: answer.sentimentScore))
                    ON CONFLICT (id) DO NOTHING RETURNING id
                    """)
                guard !inserted.isEmpty else { continue }
                stored.append(answer)
                try await Self.rollUp(answer, by: 1, on: sql)
                for topic in answer.topics {
                    try await sql.run("""
                        INSERT INTO survey_answer_topics (answer_id, topic, answered_at, survey_type, channel, sentiment_score)
                        VALUES (\(bind: answer.id.rawValue), \(bind: topic), \(bind: at), \(bind: answer.type.rawValue),
                            \(bind: answer.channel.rawValue), \(bind: answer.sentimentScore))
                        ON CONFLICT (answer_id, topic) DO NOTHING
                        """)
                }
            }
            try await Self.saveCheckpoint(Self.feedbackCheckpoint, checkpoint, on: sql)
            return stored
        }
    }

    public func addComment(to answer: SurveyAnswerID, _ commented: SurveyAnswer) async throws -> SurveyAnswer? {
        try await write { sql in
            // The roll-ups move the answer from "no comment" to its comment's sentiment and topics.
            guard let before = try await sql.rows("SELECT * FROM survey_answers WHERE id = \(bind: answer.rawValue)").first.map(SurveyAnswer.init(row:)) else {
                return nil
            }
            try await Self.rollUp(before, by: -1, on: sql)
            var after = commented
            after.answeredAt = before.answeredAt
            after.type = before.type
            after.channel = before.channel
            after.score = before.score
            try await Self.rollUp(after, by: 1, on: sql)
            let updated = try await sql.rows("""
                UPDATE survey_answers SET comment = \(bind: commented.comment), locale = \(bind: commented.locale?.rawValue),
                    sentiment = \(bind: commented.sentiment?.rawValue), sentiment_score = \(bind: commented.sentimentScore)
                WHERE id = \(bind: answer.rawValue) RETURNING id, answered_at, survey_type, channel
                """)
            guard let row = updated.first else { return nil }
            let at = try row.decode(column: "answered_at", as: Int64.self)
            for topic in commented.topics {
                try await sql.run("""
                    INSERT INTO survey_answer_topics (answer_id, topic, answered_at, survey_type, channel, sentiment_score)
                    VALUES (\(bind: answer.rawValue), \(bind: topic), \(bind: at), \(bind: try row.decode(column: "survey_type", as: String.self)),
                        \(bind: try row.decode(column: "channel", as: String.self)), \(bind: commented.sentimentScore))
                    ON CONFLICT (answer_id, topic) DO NOTHING
                    """)
            }
            return commented
        }
    }

    public func lastFollowUp(of profile: ProfileID) async throws -> Date? {
        try await sql.rows("""
            SELECT MAX(created_at) AS last FROM cases WHERE origin = \(bind: CaseOrigin.feedback.rawValue)
            AND profile_id = \(bind: profile.rawValue)
            """).first?.decode(column: "last", as: Int64?.self).map(Timestamps.date(millis:))
    }

    public func linkFollowUp(answer: SurveyAnswerID, case id: CaseID) async throws {
        try await write { sql in
            try await sql.run("UPDATE survey_answers SET follow_up_case_id = \(bind: id.rawValue) WHERE id = \(bind: answer.rawValue)")
        }
    }

    /// `WHERE` for a filter over a table with answered_at, survey_type and channel, under an alias (`a.`) when joined.
    static func answerWhere(_ filter: FeedbackFilter, alias: String = "") -> SQLStatement {
        var clause = SQLStatement()
        clause.append(alias + "answered_at >= ")
        clause.bind(Timestamps.millis(filter.from))
        clause.append(" AND " + alias + "answered_at < ")
        clause.bind(Timestamps.millis(filter.to))
        if let type = filter.type { clause.append(" AND " + alias + "survey_type = "); clause.bind(type.rawValue) }
        if let channel = filter.channel { clause.append(" AND " + alias + "channel = "); clause.bind(channel.rawValue) }
        return clause
    }

    public func scoreHistogram(_ filter: FeedbackFilter) async throws -> [SurveyType: [Int: Int]] {
        if let days = Self.wholeDays(filter) { return try await histogramFromDays(days, filter) }
        var histogram = [SurveyType: [Int: Int]]()
        var statement: SQLStatement = "SELECT survey_type, score, COUNT(*) AS n FROM survey_answers WHERE "
        statement.append(Self.answerWhere(filter))
        statement.append(" GROUP BY survey_type, score")
        for row in try await sql.rows(statement) {
            guard let type = SurveyType(rawValue: try row.decode(column: "survey_type", as: String.self)) else { continue }
            histogram[type, default: [:]][Int(try row.decode(column: "score", as: Int64.self))] = Int(try row.decode(column: "n", as: Int64.self))
        }
        return histogram
    }

    public func sentimentCounts(_ filter: FeedbackFilter) async throws -> [Sentiment: Int] {
        if let days = Self.wholeDays(filter) { return try await sentimentFromDays(days, filter) }
        var counts: [Sentiment: Int] = [.positive: 0, .negative: 0, .neutral: 0]
        var statement: SQLStatement = "SELECT sentiment, COUNT(*) AS n FROM survey_answers WHERE "
        statement.append(Self.answerWhere(filter))
        statement.append(" AND sentiment IS NOT NULL GROUP BY sentiment")
        for row in try await sql.rows(statement) {
            guard let sentiment = Sentiment(rawValue: try row.decode(column: "sentiment", as: String.self)) else { continue }
            counts[sentiment] = Int(try row.decode(column: "n", as: Int64.self))
        }
        return counts
    }

    public func topicFigures(_ filter: FeedbackFilter, limit: Int) async throws -> [FeedbackReport.TopicFigure] {
        if let days = Self.wholeDays(filter) { return try await topicsFromDays(days, filter, limit: limit) }
        var statement: SQLStatement = "SELECT topic, COUNT(*) AS n, AVG(sentiment_score) AS sentiment FROM survey_answer_topics WHERE "
        statement.append(Self.answerWhere(filter))
        statement.append(" GROUP BY topic ORDER BY n DESC, topic LIMIT \(bind: Int64(limit))" as SQLStatement)
        return try await sql.rows(statement).map { row in
            FeedbackReport.TopicFigure(topic: try row.decode(column: "topic", as: String.self), count: Int(try row.decode(column: "n", as: Int64.self)),
                                       sentiment: ((try row.decode(column: "sentiment", as: Double?.self) ?? 0) * 1000).rounded() / 1000)
        }
    }

    public func answers(of profile: ProfileID, limit: Int) async throws -> [SurveyAnswer] {
        // Answers are filed under the profile their event had; a merge since moved the events, so follow them.
        try await sql.rows("""
            SELECT a.* FROM survey_answers a JOIN events e ON e.seq = a.seq
            WHERE e.profile_id = \(bind: profile.rawValue) ORDER BY a.answered_at DESC LIMIT \(bind: Int64(limit))
            """).map(SurveyAnswer.init(row:))
    }
}

extension SurveyAnswer {
    init(row: any SQLRow) throws {
        self.init(
            id: SurveyAnswerID(rawValue: try row.decode(column: "id", as: String.self)),
            profileID: ProfileID(rawValue: try row.decode(column: "profile_id", as: String.self)),
            type: SurveyType(rawValue: try row.decode(column: "survey_type", as: String.self)) ?? .nps,
            score: Int(try row.decode(column: "score", as: Int64.self)),
            comment: try row.decode(column: "comment", as: String?.self),
            surveyID: try row.decode(column: "survey_id", as: String?.self),
            caseID: try row.decode(column: "case_id", as: String?.self),
            channel: Channel(rawValue: try row.decode(column: "channel", as: String.self)) ?? .server,
            locale: try row.decode(column: "locale", as: String?.self).flatMap(TextLanguage.init(rawValue:)),
            answeredAt: Timestamps.date(millis: try row.decode(column: "answered_at", as: Int64.self)),
            sentiment: try row.decode(column: "sentiment", as: String?.self).flatMap(Sentiment.init(rawValue:)),
            sentimentScore: try row.decode(column: "sentiment_score", as: Double?.self),
            topics: [])
    }
}
