import SQLKit

/// Survey definitions (the document as JSON, the fields the desk filters on as columns) and their invitations: one per
/// survey and trigger event (the unique key makes reading the log twice harmless), with the status, the reason when
/// not sent, and when it fell due, was sent and answered.
struct M026CreateSurveys: SchemaMigration {
    static let migrationName = "026_create_surveys"

    func prepare(on sql: any SQLDatabase, dialect: SQLDialectKind) async throws {
        try await sql.run("""
            CREATE TABLE surveys (
                id TEXT PRIMARY KEY,
                name TEXT NOT NULL,
                status TEXT NOT NULL,
                document TEXT NOT NULL,
                created_at BIGINT NOT NULL
            )\(dialect.keyedByText)
            """)
        try await sql.run("""
            CREATE TABLE survey_invitations (
                id TEXT PRIMARY KEY,
                survey_id TEXT NOT NULL,
                profile_id TEXT NOT NULL,
                email TEXT,
                locale TEXT NOT NULL,
                trigger_event_id TEXT,
                status TEXT NOT NULL,
                skip_reason TEXT,
                due_at BIGINT NOT NULL,
                sent_at BIGINT,
                answered_at BIGINT,
                commented_at BIGINT,
                created_at BIGINT NOT NULL
            )\(dialect.keyedByText)
            """)
        try await sql.run("CREATE UNIQUE INDEX survey_invitations_trigger ON survey_invitations (survey_id, trigger_event_id)")
        try await sql.run("CREATE INDEX survey_invitations_due ON survey_invitations (status, due_at)")
        try await sql.run("CREATE INDEX survey_invitations_profile ON survey_invitations (profile_id, sent_at)")
        try await sql.run("CREATE INDEX survey_invitations_survey ON survey_invitations (survey_id, status)")
    }

    func revert(on sql: any SQLDatabase, dialect: SQLDialectKind) async throws {
        try await sql.run("DROP TABLE survey_invitations")
        try await sql.run("DROP TABLE surveys")
    }
}
