import SQLKit

/// People who sign in to the console: e-mail, password hash (bcrypt), role and preferred language.
struct M009CreateUsers: SchemaMigration {
    static let migrationName = "009_create_users"

    func prepare(on sql: any SQLDatabase, dialect: SQLDialectKind) async throws {
        try await sql.run("""
            CREATE TABLE users (
                id TEXT PRIMARY KEY,
                email TEXT NOT NULL UNIQUE,
                name TEXT NOT NULL,
                password_hash TEXT NOT NULL,
                role TEXT NOT NULL,
                language TEXT,
                created_at BIGINT NOT NULL
            )
            """)
    }

    func revert(on sql: any SQLDatabase, dialect: SQLDialectKind) async throws {
        try await sql.run("DROP TABLE users")
    }
}
