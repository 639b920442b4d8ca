import SQLKit

/// Survey answers (NPS, CSAT, CES) read from the log's `Survey Answered` events, with their comment's text analytics:
/// what the feedback report aggregates. `id` is the event's id, so a replay never counts an answer twice; the
/// profile is the event's (followed through merges at read time). Topics get a row each so the report groups them.
struct M025CreateSurveyAnswers: SchemaMigration {
    static let migrationName = "025_create_survey_answers"

    func prepare(on sql: any SQLDatabase, dialect: SQLDialectKind) async throws {
        try await sql.run("""
            CREATE TABLE survey_answers (
                id TEXT PRIMARY KEY,
                seq BIGINT NOT NULL,
                profile_id TEXT NOT NULL,
                survey_type TEXT NOT NULL,
                score INTEGER NOT NULL,
                comment TEXT,
                survey_id TEXT,
                case_id TEXT,
                channel TEXT NOT NULL,
                locale TEXT,
                answered_at BIGINT NOT NULL,
                sentiment TEXT,
                sentiment_score DOUBLE PRECISION,
                follow_up_case_id TEXT
            )
            """)
        try await sql.run("CREATE INDEX survey_answers_time ON survey_answers (answered_at, survey_type, channel)")
        try await sql.run("CREATE INDEX survey_answers_profile ON survey_answers (profile_id, answered_at)")
        try await sql.run("""
            CREATE TABLE survey_answer_topics (
                answer_id TEXT NOT NULL,
                topic TEXT NOT NULL,
                answered_at BIGINT NOT NULL,
                survey_type TEXT NOT NULL,
                channel TEXT NOT NULL,
                sentiment_score DOUBLE PRECISION,
                PRIMARY KEY (answer_id, topic)
            )
            """)
        try await sql.run("CREATE INDEX survey_answer_topics_time ON survey_answer_topics (answered_at)")
    }

    func revert(on sql: any SQLDatabase, dialect: SQLDialectKind) async throws {
        try await sql.run("DROP TABLE survey_answer_topics")
        try await sql.run("DROP TABLE survey_answers")
    }
}
