import SQLKit

/// Identifiers that met in one message but belong to different userIds: recorded, never merged silently.
struct M007CreateIdentityConflicts: SchemaMigration {
    static let migrationName = "007_create_identity_conflicts"

    func prepare(on sql: any SQLDatabase, dialect: SQLDialectKind) async throws {
        try await sql.run("""
            CREATE TABLE identity_conflicts (
                id TEXT PRIMARY KEY,
                at BIGINT NOT NULL,
                message_id TEXT NOT NULL,
                profile_ids TEXT NOT NULL,
                identity_keys TEXT NOT NULL,
                reason TEXT NOT NULL
            )
            """)
        try await sql.run("CREATE INDEX identity_conflicts_at ON identity_conflicts (at)")
    }

    func revert(on sql: any SQLDatabase, dialect: SQLDialectKind) async throws {
        try await sql.run("DROP TABLE identity_conflicts")
    }
}
