import SQLKit

/// PostgreSQL: the log's de-duplication index `(source_id, message_id)` compares bytes (`COLLATE "C"`) instead of the
/// database's collation. Every collection group probes it with all its message ids, once per partition, and the
/// collation's comparisons (`strcoll`) made that probe the largest statement of the group. The ids are opaque keys, so
/// byte order loses nothing; the queries that use the index name the collation (`EventPartitions.bytes`).
///
/// A database made after this migration already has the index: migration 041 makes the log's indexes through
/// `EventPartitions.createIndexes`, which makes this form. On an existing log the index is built on every partition
/// while collection waits (a partitioned table cannot build one concurrently): plan for a short pause per million
/// events at the upgrade. SQLite keeps its unique index.
struct M046CompareMessageIdsAsBytes: SchemaMigration {
    static let migrationName = "046_compare_message_ids_as_bytes"

    func prepare(on sql: any SQLDatabase, dialect: SQLDialectKind) async throws {
        guard dialect == .postgres else { return }
        try await sql.run("CREATE INDEX IF NOT EXISTS events_source_message_bytes ON events \(sql: EventPartitions.sourceMessageIndexColumns)")
        try await sql.run("DROP INDEX IF EXISTS events_source_message")
    }

    func revert(on sql: any SQLDatabase, dialect: SQLDialectKind) async throws {
        guard dialect == .postgres else { return }
        try await sql.run("CREATE INDEX IF NOT EXISTS events_source_message ON events (source_id, message_id)")
        try await sql.run("DROP INDEX IF EXISTS events_source_message_bytes")
    }
}
