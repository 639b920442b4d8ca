import SQLKit

/// Profiles: the projection of each person's events. A merged-away profile keeps its row with
/// `merged_into` set, so old ids still resolve and a merge can be undone.
struct M003CreateProfiles: SchemaMigration {
    static let migrationName = "003_create_profiles"

    func prepare(on sql: any SQLDatabase, dialect: SQLDialectKind) async throws {
        try await sql.run("""
            CREATE TABLE profiles (
                id TEXT PRIMARY KEY,
                traits TEXT NOT NULL,
                trait_times TEXT NOT NULL,
                first_seen BIGINT NOT NULL,
                last_seen BIGINT NOT NULL,
                event_count BIGINT NOT NULL,
                channels TEXT NOT NULL,
                search_text TEXT NOT NULL,
                merged_into TEXT,
                created_at BIGINT NOT NULL
            )\(dialect.keyedByText)
            """)
        try await sql.run("CREATE INDEX profiles_merged_into ON profiles (merged_into)")
        try await sql.run("CREATE INDEX profiles_last_seen ON profiles (last_seen)")
    }

    func revert(on sql: any SQLDatabase, dialect: SQLDialectKind) async throws {
        try await sql.run("DROP TABLE profiles")
    }
}
