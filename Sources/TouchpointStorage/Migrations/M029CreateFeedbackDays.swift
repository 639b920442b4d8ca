import SQLKit

/// Daily roll-ups of survey answers, so the feedback report reads a few thousand rows however many answers there are:
/// answers per day, type, channel, score and comment sentiment, and topic mentions per day with their sentiment. Kept
/// in the transactions that store, comment and erase answers; filled from the answers already stored.
struct M029CreateFeedbackDays: SchemaMigration {
    static let migrationName = "029_create_feedback_days"

    func prepare(on sql: any SQLDatabase, dialect: SQLDialectKind) async throws {
        try await sql.run("""
            CREATE TABLE survey_answer_days (
                day BIGINT NOT NULL,
                survey_type TEXT NOT NULL,
                channel TEXT NOT NULL,
                score INTEGER NOT NULL,
                sentiment TEXT NOT NULL,
                answers BIGINT NOT NULL,
                PRIMARY KEY (day, survey_type, channel, score, sentiment)
            )
            """)
        try await sql.run("""
            CREATE TABLE survey_topic_days (
                day BIGINT NOT NULL,
                topic TEXT NOT NULL,
                survey_type TEXT NOT NULL,
                channel TEXT NOT NULL,
                mentions BIGINT NOT NULL,
                sentiment_sum DOUBLE PRECISION NOT NULL,
                sentiment_count BIGINT NOT NULL,
                PRIMARY KEY (day, topic, survey_type, channel)
            )
            """)
        try await sql.run("""
            INSERT INTO survey_answer_days (day, survey_type, channel, score, sentiment, answers)
            SELECT answered_at / 86400000, survey_type, channel, score, COALESCE(sentiment, ''), COUNT(*) FROM survey_answers
            GROUP BY answered_at / 86400000, survey_type, channel, score, COALESCE(sentiment, '')
            """)
        try await sql.run("""
            INSERT INTO survey_topic_days (day, topic, survey_type, channel, mentions, sentiment_sum, sentiment_count)
            SELECT answered_at / 86400000, topic, survey_type, channel, COUNT(*), COALESCE(SUM(sentiment_score), 0), COUNT(sentiment_score)
            FROM survey_answer_topics GROUP BY answered_at / 86400000, topic, survey_type, channel
            """)
    }

    func revert(on sql: any SQLDatabase, dialect: SQLDialectKind) async throws {
        try await sql.run("DROP TABLE survey_topic_days")
        try await sql.run("DROP TABLE survey_answer_days")
    }
}
