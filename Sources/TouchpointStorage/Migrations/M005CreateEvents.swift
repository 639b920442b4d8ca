import SQLKit

/// The one log: every message from every channel. `seq` is the commit order that projections follow;
/// `id` is the public event id (time-ordered, so not indexed: look-ups go by profile or `seq`);
/// `identity_keys` keeps the identifiers each event carried, which is what makes a merge undoable.
struct M005CreateEvents: SchemaMigration {
    static let migrationName = "005_create_events"

    func prepare(on sql: any SQLDatabase, dialect: SQLDialectKind) async throws {
        try await sql.run("""
            CREATE TABLE events (
                seq \(dialect.sequencePrimaryKey),
                id TEXT NOT NULL,
                source_id TEXT NOT NULL,
                message_id TEXT NOT NULL,
                profile_id TEXT NOT NULL,
                type TEXT NOT NULL,
                name TEXT,
                channel TEXT NOT NULL,
                ts BIGINT NOT NULL,
                received_at BIGINT NOT NULL,
                identity_keys TEXT NOT NULL,
                payload TEXT NOT NULL
            )
            """)
        try await sql.run("CREATE UNIQUE INDEX events_source_message ON events (source_id, message_id)")
        try await sql.run("CREATE INDEX events_profile_time ON events (profile_id, ts, seq)")
    }

    func revert(on sql: any SQLDatabase, dialect: SQLDialectKind) async throws {
        try await sql.run("DROP TABLE events")
    }
}
