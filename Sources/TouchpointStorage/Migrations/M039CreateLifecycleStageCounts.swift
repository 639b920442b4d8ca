import SQLKit

/// People per lifecycle stage, kept by the lifecycle projection in the same transaction as the states it writes, so the
/// pyramid reads four rows instead of counting every customer's state on each request. Back-filled from the states.
struct M039CreateLifecycleStageCounts: SchemaMigration {
    static let migrationName = "039_create_lifecycle_stage_counts"

    func prepare(on sql: any SQLDatabase, dialect: SQLDialectKind) async throws {
        try await sql.run("""
            CREATE TABLE lifecycle_stage_counts (
                stage TEXT PRIMARY KEY,
                people BIGINT NOT NULL
            )\(dialect.keyedByText)
            """)
        try await sql.run("""
            INSERT INTO lifecycle_stage_counts (stage, people)
            SELECT stage, COUNT(*) FROM lifecycle_states WHERE stage IS NOT NULL GROUP BY stage
            """)
    }

    func revert(on sql: any SQLDatabase, dialect: SQLDialectKind) async throws {
        try await sql.run("DROP TABLE lifecycle_stage_counts")
    }
}
