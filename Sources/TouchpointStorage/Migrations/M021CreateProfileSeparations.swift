import SQLKit

/// "Do not merge" rules: two profiles a person separated by undoing a merge. Later messages that tie them record a
/// conflict instead of merging them again; a rule can be removed. `profile_a` sorts before `profile_b`.
struct M021CreateProfileSeparations: SchemaMigration {
    static let migrationName = "021_create_profile_separations"

    func prepare(on sql: any SQLDatabase, dialect: SQLDialectKind) async throws {
        try await sql.run("""
            CREATE TABLE profile_separations (
                profile_a TEXT NOT NULL,
                profile_b TEXT NOT NULL,
                merge_id TEXT,
                created_at BIGINT NOT NULL,
                PRIMARY KEY (profile_a, profile_b)
            )
            """)
        try await sql.run("CREATE INDEX profile_separations_b ON profile_separations (profile_b)")
    }

    func revert(on sql: any SQLDatabase, dialect: SQLDialectKind) async throws {
        try await sql.run("DROP TABLE profile_separations")
    }
}
