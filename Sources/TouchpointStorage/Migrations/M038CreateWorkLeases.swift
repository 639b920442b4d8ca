import SQLKit

/// Which node runs each piece of repeated background work (a projection, the SLA check, a refit, the outbox), and
/// until when: the holder renews its lease every round; when a node dies, another takes the work over once it expires.
struct M038CreateWorkLeases: SchemaMigration {
    static let migrationName = "038_create_work_leases"

    func prepare(on sql: any SQLDatabase, dialect: SQLDialectKind) async throws {
        try await sql.run("""
            CREATE TABLE work_leases (
                name TEXT PRIMARY KEY,
                holder TEXT NOT NULL,
                expires_at BIGINT NOT NULL,
                renewed_at BIGINT NOT NULL
            )\(dialect.keyedByText)
            """)
    }

    func revert(on sql: any SQLDatabase, dialect: SQLDialectKind) async throws {
        try await sql.run("DROP TABLE work_leases")
    }
}
