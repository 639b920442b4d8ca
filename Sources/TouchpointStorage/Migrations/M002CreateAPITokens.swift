import SQLKit

/// Management API tokens, stored hashed, each with a role.
struct M002CreateAPITokens: SchemaMigration {
    static let migrationName = "002_create_api_tokens"

    func prepare(on sql: any SQLDatabase, dialect: SQLDialectKind) async throws {
        try await sql.run("""
            CREATE TABLE api_tokens (
                id TEXT PRIMARY KEY,
                name TEXT NOT NULL,
                token_hash TEXT NOT NULL UNIQUE,
                role TEXT NOT NULL,
                created_at BIGINT NOT NULL
            )
            """)
    }

    func revert(on sql: any SQLDatabase, dialect: SQLDialectKind) async throws {
        try await sql.run("DROP TABLE api_tokens")
    }
}
