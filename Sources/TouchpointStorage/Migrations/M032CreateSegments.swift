import SQLKit

/// Segments and who is in them. `segment_members` is what the segment projection keeps up to date from the log;
/// `transitions` counts a person's entries and exits of a segment, so the timeline event of each one has a stable id
/// and a replayed batch records nothing twice. `segment_checks` holds the next moment a person's membership changes
/// with no new event (a purchase leaving a 90-day window), which the projection reads on a schedule.
struct M032CreateSegments: SchemaMigration {
    static let migrationName = "032_create_segments"

    func prepare(on sql: any SQLDatabase, dialect: SQLDialectKind) async throws {
        try await sql.run("""
            CREATE TABLE segments (
                id TEXT PRIMARY KEY,
                name TEXT NOT NULL,
                definition TEXT NOT NULL,
                created_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL
            )\(dialect.keyedByText)
            """)
        try await sql.run("""
            CREATE TABLE segment_members (
                segment_id TEXT NOT NULL,
                profile_id TEXT NOT NULL,
                member INTEGER NOT NULL,
                since BIGINT NOT NULL,
                transitions BIGINT NOT NULL,
                PRIMARY KEY (segment_id, profile_id)
            )\(dialect.keyedByText)
            """)
        try await sql.run("CREATE INDEX segment_members_profile ON segment_members (profile_id)")
        try await sql.run("CREATE INDEX segment_members_list ON segment_members (segment_id, member, profile_id)")
        try await sql.run("""
            CREATE TABLE segment_checks (
                profile_id TEXT PRIMARY KEY,
                due_at BIGINT NOT NULL
            )\(dialect.keyedByText)
            """)
        try await sql.run("CREATE INDEX segment_checks_due ON segment_checks (due_at)")
    }

    func revert(on sql: any SQLDatabase, dialect: SQLDialectKind) async throws {
        for table in ["segment_checks", "segment_members", "segments"] { try await sql.run(SQLStatement("DROP TABLE " + table)) }
    }
}
