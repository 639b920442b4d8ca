import SQLKit

/// Every console sign-in attempt, successful or not: the audit trail of who tried which account from where, and
/// what the throttle counts (so every node of a cluster counts the same attempts).
struct M018CreateSignInAttempts: SchemaMigration {
    static let migrationName = "018_create_sign_in_attempts"

    func prepare(on sql: any SQLDatabase, dialect: SQLDialectKind) async throws {
        try await sql.run("""
            CREATE TABLE sign_in_attempts (
                id TEXT PRIMARY KEY,
                at BIGINT NOT NULL,
                email TEXT NOT NULL,
                address TEXT NOT NULL,
                outcome TEXT NOT NULL
            )
            """)
        try await sql.run("CREATE INDEX sign_in_attempts_email ON sign_in_attempts (email, at)")
        try await sql.run("CREATE INDEX sign_in_attempts_address ON sign_in_attempts (address, at)")
    }

    func revert(on sql: any SQLDatabase, dialect: SQLDialectKind) async throws {
        try await sql.run("DROP TABLE sign_in_attempts")
    }
}
