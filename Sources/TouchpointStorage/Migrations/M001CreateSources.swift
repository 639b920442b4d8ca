import SQLKit

/// Collection sources (a website, an app, a call-centre system), each with its own write key, stored hashed.
struct M001CreateSources: SchemaMigration {
    static let migrationName = "001_create_sources"

    func prepare(on sql: any SQLDatabase, dialect: SQLDialectKind) async throws {
        try await sql.run("""
            CREATE TABLE sources (
                id TEXT PRIMARY KEY,
                name TEXT NOT NULL UNIQUE,
                write_key_hash TEXT NOT NULL UNIQUE,
                write_key_hint TEXT NOT NULL,
                created_at BIGINT NOT NULL
            )
            """)
    }

    func revert(on sql: any SQLDatabase, dialect: SQLDialectKind) async throws {
        try await sql.run("DROP TABLE sources")
    }
}
