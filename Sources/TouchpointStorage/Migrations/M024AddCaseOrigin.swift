import SQLKit

/// Why a case exists (`customer`, `feedback`, `proactive`): the closed loop's follow-ups are cases like any other,
/// and reports tell them apart by this column.
struct M024AddCaseOrigin: SchemaMigration {
    static let migrationName = "024_add_case_origin"

    func prepare(on sql: any SQLDatabase, dialect: SQLDialectKind) async throws {
        try await sql.run("ALTER TABLE cases ADD COLUMN origin TEXT NOT NULL DEFAULT 'customer'")
    }

    func revert(on sql: any SQLDatabase, dialect: SQLDialectKind) async throws {
        try await sql.run("ALTER TABLE cases DROP COLUMN origin")
    }
}
