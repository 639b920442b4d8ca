import SQLKit

/// A number every change to a case raises: its row, and its messages, calls and status changes, which are written with
/// the row in one transaction (`SQLStore.saveCase`). The SLA monitor's stored state is derived from those and does not. Measurement reads only the ids and numbers of a period's cases and
/// reads again only the rows whose number moved. A later migration that rewrites cases or their history must raise it.
struct M043AddCaseVersion: SchemaMigration {
    static let migrationName = "043_add_case_version"

    func prepare(on sql: any SQLDatabase, dialect: SQLDialectKind) async throws {
        try await sql.run("ALTER TABLE cases ADD COLUMN version BIGINT NOT NULL DEFAULT 0")
        try await sql.run("CREATE INDEX cases_created ON cases (created_at)")
    }

    func revert(on sql: any SQLDatabase, dialect: SQLDialectKind) async throws {
        try await sql.run("DROP INDEX cases_created")
        try await sql.run("ALTER TABLE cases DROP COLUMN version")
    }
}
