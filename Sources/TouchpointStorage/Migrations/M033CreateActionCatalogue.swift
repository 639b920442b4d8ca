import SQLKit

/// The action catalogue: one row an action, its definition as the API wrote it (JSON), and whether it is offered.
/// A retired action keeps its row, so old decisions and the report still name it.
struct M033CreateActionCatalogue: SchemaMigration {
    static let migrationName = "033_create_action_catalogue"

    func prepare(on sql: any SQLDatabase, dialect: SQLDialectKind) async throws {
        try await sql.run("""
            CREATE TABLE actions (
                id TEXT PRIMARY KEY,
                name TEXT NOT NULL,
                kind TEXT NOT NULL,
                definition TEXT NOT NULL,
                active INTEGER NOT NULL,
                created_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL
            )\(dialect.keyedByText)
            """)
    }

    func revert(on sql: any SQLDatabase, dialect: SQLDialectKind) async throws {
        try await sql.run("DROP TABLE actions")
    }
}
