import SQLKit

/// What the installation itself remembers between starts, by name: how far the demo load got, so an interrupted
/// load resumes instead of serving half a company.
struct M022CreateInstallationState: SchemaMigration {
    static let migrationName = "022_create_installation_state"

    func prepare(on sql: any SQLDatabase, dialect: SQLDialectKind) async throws {
        try await sql.run("CREATE TABLE installation_state (name TEXT PRIMARY KEY, body TEXT NOT NULL, updated_at BIGINT NOT NULL)")
    }

    func revert(on sql: any SQLDatabase, dialect: SQLDialectKind) async throws {
        try await sql.run("DROP TABLE installation_state")
    }
}
