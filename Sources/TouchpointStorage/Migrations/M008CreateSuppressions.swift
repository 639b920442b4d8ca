import SQLKit

/// Identifiers of erased people (GDPR art. 17), kept only as SHA-256 hashes so that nothing readable remains
/// while later messages carrying them can still be refused.
struct M008CreateSuppressions: SchemaMigration {
    static let migrationName = "008_create_suppressions"

    func prepare(on sql: any SQLDatabase, dialect: SQLDialectKind) async throws {
        try await sql.run("""
            CREATE TABLE suppressions (
                key_hash TEXT PRIMARY KEY,
                erased_at BIGINT NOT NULL
            )
            """)
    }

    func revert(on sql: any SQLDatabase, dialect: SQLDialectKind) async throws {
        try await sql.run("DROP TABLE suppressions")
    }
}
