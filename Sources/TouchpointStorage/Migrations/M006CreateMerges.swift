import SQLKit

/// The merge audit trail: which message joined which profiles with which identifiers, and any undo.
struct M006CreateMerges: SchemaMigration {
    static let migrationName = "006_create_merges"

    func prepare(on sql: any SQLDatabase, dialect: SQLDialectKind) async throws {
        try await sql.run("""
            CREATE TABLE merges (
                id TEXT PRIMARY KEY,
                at BIGINT NOT NULL,
                message_id TEXT NOT NULL,
                survivor_id TEXT NOT NULL,
                absorbed_id TEXT NOT NULL,
                identity_keys TEXT NOT NULL,
                undone_at BIGINT
            )
            """)
        try await sql.run("CREATE INDEX merges_survivor ON merges (survivor_id)")
        try await sql.run("CREATE INDEX merges_absorbed ON merges (absorbed_id)")
    }

    func revert(on sql: any SQLDatabase, dialect: SQLDialectKind) async throws {
        try await sql.run("DROP TABLE merges")
    }
}
