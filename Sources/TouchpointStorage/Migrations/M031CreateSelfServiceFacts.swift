import SQLKit

/// What customers did on their own, read from the log by the self-service projection: searches (with their query and
/// how many articles they found), article views and votes, assistant answers and hand-overs. One row per event (its
/// id), so reading a batch twice stores nothing twice; erasure deletes a person's rows with their events.
struct M031CreateSelfServiceFacts: SchemaMigration {
    static let migrationName = "031_create_self_service_facts"

    func prepare(on sql: any SQLDatabase, dialect: SQLDialectKind) async throws {
        try await sql.run("""
            CREATE TABLE self_service_facts (
                id TEXT PRIMARY KEY,
                kind TEXT NOT NULL,
                profile_id TEXT NOT NULL,
                at BIGINT NOT NULL,
                locale TEXT,
                query TEXT,
                results BIGINT,
                article_id TEXT,
                helpful BIGINT,
                reason TEXT,
                conversation_id TEXT
            )\(dialect.keyedByText)
            """)
        try await sql.run("CREATE INDEX self_service_facts_time ON self_service_facts (kind, at)")
        try await sql.run("CREATE INDEX self_service_facts_profile ON self_service_facts (profile_id, at)")
    }

    func revert(on sql: any SQLDatabase, dialect: SQLDialectKind) async throws {
        try await sql.run("DROP TABLE self_service_facts")
    }
}
