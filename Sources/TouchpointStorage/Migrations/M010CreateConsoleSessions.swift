import SQLKit

/// Console sign-ins: the cookie holds a random token, the table only its hash, so sessions survive restarts
/// and work across several nodes.
struct M010CreateConsoleSessions: SchemaMigration {
    static let migrationName = "010_create_console_sessions"

    func prepare(on sql: any SQLDatabase, dialect: SQLDialectKind) async throws {
        try await sql.run("""
            CREATE TABLE console_sessions (
                token_hash TEXT PRIMARY KEY,
                user_id TEXT NOT NULL,
                expires_at BIGINT NOT NULL,
                created_at BIGINT NOT NULL
            )
            """)
        try await sql.run("CREATE INDEX console_sessions_user ON console_sessions (user_id)")
    }

    func revert(on sql: any SQLDatabase, dialect: SQLDialectKind) async throws {
        try await sql.run("DROP TABLE console_sessions")
    }
}
