import SQLKit

/// The identity graph: every normalised identifier (`email:ann@example.com`) and the profile it belongs to.
struct M004CreateIdentities: SchemaMigration {
    static let migrationName = "004_create_identities"

    func prepare(on sql: any SQLDatabase, dialect: SQLDialectKind) async throws {
        try await sql.run("""
            CREATE TABLE identities (
                key TEXT PRIMARY KEY,
                kind TEXT NOT NULL,
                value TEXT NOT NULL,
                profile_id TEXT NOT NULL,
                created_at BIGINT NOT NULL
            )\(dialect.keyedByText)
            """)
        try await sql.run("CREATE INDEX identities_profile ON identities (profile_id)")
        try await sql.run("CREATE INDEX identities_value ON identities (value)")
    }

    func revert(on sql: any SQLDatabase, dialect: SQLDialectKind) async throws {
        try await sql.run("DROP TABLE identities")
    }
}
