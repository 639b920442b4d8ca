import SQLKit

/// How many days a source's events are kept (NULL: for ever). Retention removes older events from the log; the
/// profiles' aggregates built from them (counters, stages, value scores, daily counts) stay.
struct M042AddSourceRetention: SchemaMigration {
    static let migrationName = "042_add_source_retention"

    func prepare(on sql: any SQLDatabase, dialect: SQLDialectKind) async throws {
        try await sql.run("ALTER TABLE sources ADD COLUMN retention_days BIGINT")
    }

    func revert(on sql: any SQLDatabase, dialect: SQLDialectKind) async throws {
        try await sql.run("ALTER TABLE sources DROP COLUMN retention_days")
    }
}
