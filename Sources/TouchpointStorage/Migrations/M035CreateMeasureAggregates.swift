import SQLKit

/// The measurement area's incremental aggregates. `event_name_days` counts track events per UTC day, name and channel
/// (orders, refunds, complaints… for the pyramid), advanced by a projection from its checkpoint, which this migration
/// starts where its back-fill of the existing log ends. `value_days` keeps one snapshot a day of the value model's
/// totals (customers, predicted CLV, P(alive)), the only way to show a CLV trend once scores are refitted in place.
struct M035CreateMeasureAggregates: SchemaMigration {
    static let migrationName = "035_create_measure_aggregates"

    func prepare(on sql: any SQLDatabase, dialect: SQLDialectKind) async throws {
        try await sql.run("""
            CREATE TABLE event_name_days (
                day BIGINT NOT NULL,
                name TEXT NOT NULL,
                channel TEXT NOT NULL,
                events BIGINT NOT NULL,
                PRIMARY KEY (day, name, channel)
            )\(dialect.keyedByText)
            """)
        try await sql.run("""
            CREATE TABLE value_days (
                day BIGINT PRIMARY KEY,
                customers BIGINT NOT NULL,
                clv_sum DOUBLE PRECISION NOT NULL,
                alive_sum DOUBLE PRECISION NOT NULL
            )
            """)
        // The channel page reads a period's calls by start time.
        try await sql.run("CREATE INDEX case_calls_started ON case_calls (started_at)")
        try await sql.run("""
            INSERT INTO event_name_days (day, name, channel, events)
            SELECT ts / 86400000, name, channel, COUNT(*) FROM events WHERE type = 'track' AND name IS NOT NULL
            GROUP BY ts / 86400000, name, channel
            """)
        try await sql.run("""
            INSERT INTO projection_checkpoints (name, seq) SELECT 'event_name_days', COALESCE(MAX(seq), 0) FROM events
            """)
    }

    func revert(on sql: any SQLDatabase, dialect: SQLDialectKind) async throws {
        try await sql.run("DELETE FROM projection_checkpoints WHERE name = 'event_name_days'")
        try await sql.run("DROP INDEX case_calls_started")
        try await sql.run("DROP TABLE value_days")
        try await sql.run("DROP TABLE event_name_days")
    }
}
