import SQLKit

/// Daily roll-ups of survey answers, so the feedback report reads tens of thousands of rows however many answers there
/// are: answers per day, type, channel and score; per day, type, channel and comment sentiment; topic mentions per day
/// with their sentiment. Keyed tables (no separate row ids on SQLite), so a period is one range of the key. Kept
/// in the transactions that store, comment and erase answers; filled from the answers already stored.
struct M029CreateFeedbackDays: SchemaMigration {
    static let migrationName = "029_create_feedback_days"

    func prepare(on sql: any SQLDatabase, dialect: SQLDialectKind) async throws {
        try await sql.run("""
            CREATE TABLE survey_score_days (
                day BIGINT NOT NULL,
                survey_type TEXT NOT NULL,
                channel TEXT NOT NULL,
                score INTEGER NOT NULL,
                answers BIGINT NOT NULL,
                PRIMARY KEY (day, survey_type, channel, score)
            )\(dialect.keyedByText)
            """)
        try await sql.run("""
            CREATE TABLE survey_sentiment_days (
                day BIGINT NOT NULL,
                survey_type TEXT NOT NULL,
                channel TEXT NOT NULL,
                sentiment TEXT NOT NULL,
                answers BIGINT NOT NULL,
                PRIMARY KEY (day, survey_type, channel, sentiment)
            )\(dialect.keyedByText)
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
            )\(dialect.keyedByText)
            """)
        try await sql.run("""
            INSERT INTO survey_score_days (day, survey_type, channel, score, answers)
            SELECT answered_at / 86400000, survey_type, channel, score, COUNT(*) FROM survey_answers
            GROUP BY answered_at / 86400000, survey_type, channel, score
            """)
        try await sql.run("""
            INSERT INTO survey_sentiment_days (day, survey_type, channel, sentiment, answers)
            SELECT answered_at / 86400000, survey_type, channel, sentiment, COUNT(*) FROM survey_answers WHERE sentiment IS NOT NULL
            GROUP BY answered_at / 86400000, survey_type, channel, sentiment
            """)
        try await sql.run("""
            INSERT INTO survey_topic_days (day, topic, survey_type, channel, mentions, sentiment_sum, sentiment_count)
            SELECT answered_at / 86400000, topic, survey_type, channel, COUNT(*), COALESCE(SUM(sentiment_score), 0), COUNT(sentiment_score)
            FROM survey_answer_topics GROUP BY answered_at / 86400000, topic, survey_type, channel
            """)
    }

    func revert(on sql: any SQLDatabase, dialect: SQLDialectKind) async throws {
        try await sql.run("DROP TABLE survey_topic_days")
        try await sql.run("DROP TABLE survey_sentiment_days")
        try await sql.run("DROP TABLE survey_score_days")
    }
}
