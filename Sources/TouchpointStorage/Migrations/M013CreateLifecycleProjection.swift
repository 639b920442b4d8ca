import SQLKit

/// The lifecycle projection: each profile's stage state, the journey aggregates the analytics read,
/// the rule set in force, a durable checkpoint into the log, and profiles to rebuild after merges.
struct M013CreateLifecycleProjection: SchemaMigration {
    static let migrationName = "013_create_lifecycle_projection"

    func prepare(on sql: any SQLDatabase, dialect: SQLDialectKind) async throws {
        try await sql.run("""
            CREATE TABLE lifecycle_states (
                profile_id TEXT PRIMARY KEY,
                stage TEXT,
                since BIGINT,
                state TEXT NOT NULL,
                cost_state TEXT NOT NULL,
                value_tier TEXT
            )\(dialect.keyedByText)
            """)
        try await sql.run("CREATE INDEX lifecycle_states_stage ON lifecycle_states (stage)")
        try await sql.run("CREATE TABLE projection_checkpoints (name TEXT PRIMARY KEY, seq BIGINT NOT NULL)")
        try await sql.run("CREATE TABLE projection_dirty (profile_id TEXT PRIMARY KEY)")
        try await sql.run("CREATE TABLE projection_documents (name TEXT PRIMARY KEY, body TEXT NOT NULL, updated_at BIGINT NOT NULL)")
    }

    func revert(on sql: any SQLDatabase, dialect: SQLDialectKind) async throws {
        for table in ["lifecycle_states", "projection_checkpoints", "projection_dirty", "projection_documents"] {
            try await sql.run("DROP TABLE \(table)")
        }
    }
}
