import SQLKit

/// A segment entry or exit is a row of `segment_transitions`, which the timeline reads beside the events
/// (`segmentTimeline`), instead of an event appended to the log.
///
/// As events, a projection round's transitions took the log's ordering lock (collection's groups and the round then
/// waited for each other: 34 and 79 ms a transaction at 5,000 events a second on PostgreSQL), went into the log's
/// partitions and indexes, and were read back by the projection's next round only to be skipped: 82,342 of the
/// 132,292 rows it read in the benchmark's ten seconds. The events written before stay in the log, where the timeline
/// still shows them and the projection still skips them.
struct M051KeepSegmentTransitionsApart: SchemaMigration {
    static let migrationName = "051_keep_segment_transitions_apart"

    func prepare(on sql: any SQLDatabase, dialect: SQLDialectKind) async throws {
        // Keyed by person and time, as the timeline and erasure read them. `stored_at` is when the round stored the
        // transition (the moment the membership became visible), `at` the moment it was evaluated for; `source_id` the
        // timeline source the entries show under.
        try await sql.run("""
            CREATE TABLE segment_transitions (
                profile_id TEXT NOT NULL,
                at BIGINT NOT NULL,
                id TEXT NOT NULL,
                segment_id TEXT NOT NULL,
                segment_name TEXT NOT NULL,
                entered BIGINT NOT NULL,
                number BIGINT NOT NULL,
                stored_at BIGINT NOT NULL,
                source_id TEXT NOT NULL,
                PRIMARY KEY (profile_id, at, id)
            )\(dialect.keyedByText)
            """)
    }

    func revert(on sql: any SQLDatabase, dialect: SQLDialectKind) async throws {
        try await sql.run("DROP TABLE IF EXISTS segment_transitions")
    }
}
