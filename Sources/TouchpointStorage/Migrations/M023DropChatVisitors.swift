import SQLKit

/// Chat visitors are signed tokens (`ChatVisitorTokens`) and their conversations are found by the case's thread key,
/// so the table M015 made for them was never written: dropped, so that nobody wonders what fills it.
struct M023DropChatVisitors: SchemaMigration {
    static let migrationName = "023_drop_chat_visitors"

    func prepare(on sql: any SQLDatabase, dialect: SQLDialectKind) async throws {
        try await sql.run("DROP TABLE chat_visitors")
    }

    func revert(on sql: any SQLDatabase, dialect: SQLDialectKind) async throws {
        try await sql.run("""
            CREATE TABLE chat_visitors (
                visitor_id TEXT PRIMARY KEY,
                source_id TEXT NOT NULL,
                case_id TEXT,
                created_at BIGINT NOT NULL,
                last_seen_at BIGINT NOT NULL
            )
            """)
    }
}
