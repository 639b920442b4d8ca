import SQLKit

/// Events a day and channel, kept up to date in the ingest transaction so dashboards never scan the log.
struct M011CreateDailyChannelCounts: SchemaMigration {
    static let migrationName = "011_create_daily_channel_counts"

    func prepare(on sql: any SQLDatabase, dialect: SQLDialectKind) async throws {
        try await sql.run("""
            CREATE TABLE daily_channel_counts (
                day TEXT NOT NULL,
                channel TEXT NOT NULL,
                events BIGINT NOT NULL,
                PRIMARY KEY (day, channel)
            )
            """)
        // Existing events (a database created before this migration) are counted once here.
        try await sql.run("""
            INSERT INTO daily_channel_counts (day, channel, events)
            SELECT \(dialect.dayOfMillis("ts")), channel, COUNT(*) FROM events GROUP BY 1, 2
            """)
    }

    func revert(on sql: any SQLDatabase, dialect: SQLDialectKind) async throws {
        try await sql.run("DROP TABLE daily_channel_counts")
    }
}

extension SQLDialectKind {
    /// `YYYY-MM-DD` (UTC) of a milliseconds column.
    func dayOfMillis(_ column: String) -> String {
        switch self {
        case .sqlite: return "strftime('%Y-%m-%d', \(column) / 1000, 'unixepoch')"
        case .postgres: return "to_char(to_timestamp(\(column) / 1000.0) AT TIME ZONE 'UTC', 'YYYY-MM-DD')"
        }
    }
}
