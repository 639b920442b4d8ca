import Foundation
import SQLKit
import TouchpointDomain

/// The event log on PostgreSQL: `events` partitioned by the month it received each event (`received_at`), one partition
/// per month (`events_p202612`) and a default partition that catches anything no month holds yet. Old months are
/// dropped whole by retention; the partitions for the coming months are made ahead by the log's upkeep.
///
/// PostgreSQL cannot keep a unique index across partitions unless it includes the partition key, so `(source_id,
/// message_id)` is an ordinary index here: de-duplication is the ingest's check, made under the identity-graph lock
/// that every collection transaction holds, and the timeline's own writes check before they insert.
enum EventPartitions {
    /// The months made ahead of the current one, so that no event waits for a partition at a month's turn.
    static let monthsAhead = 2
    /// How far past a reader's clock an event's `received_at` may lie (another node's clock, a moment later): a read
    /// bounded by `received_at <= now + receivedAtLeeway` leaves out the empty months made ahead.
    static let receivedAtLeeway: TimeInterval = 86_400

    /// The bound on `received_at` for a read now. It is the wall clock's, whatever moment the read evaluates facts at:
    /// `received_at` is stamped by the wall clock.
    static func receivedByNow() -> Int64 { Timestamps.millis(Date().addingTimeInterval(receivedAtLeeway)) }

    /// The earliest `received_at` of an event that happened (`ts`) at `moment` or later: an event may say it happened
    /// at most ``MessageValidator/maximumTimestampLead`` after it was received. A read of the events since a moment
    /// bounded by it leaves out the months received long before, which it would otherwise open one by one on every
    /// run — a log kept for years has dozens.
    static func receivedFrom(happenedSince moment: Date) -> Int64 {
        Timestamps.millis(moment.addingTimeInterval(-MessageValidator.maximumTimestampLead - receivedAtLeeway))
    }

    /// The columns of an events table, in order (the partitioned log and the benchmark's copy of it).
    static let columns = "id, source_id, message_id, profile_id, type, name, channel, ts, received_at, identity_keys, payload"

    /// The definitions of `columns`, the same in every events table.
    static let columnDefinitions = """
        id TEXT NOT NULL, source_id TEXT NOT NULL, message_id TEXT NOT NULL, profile_id TEXT NOT NULL, type TEXT NOT NULL,
        name TEXT, channel TEXT NOT NULL, ts BIGINT NOT NULL, received_at BIGINT NOT NULL, identity_keys TEXT NOT NULL,
        payload TEXT NOT NULL
        """

    /// Creates `table` as a partitioned events table: its sequence, the months from `first` to `monthsAhead` past
    /// `now`, the default partition and the indexes. Indexes made on the parent are made on every partition.
    static func createTable(_ table: String, firstMonth first: LogMonth, now: Date, startingSequenceAfter last: Int64 = 0,
                            on sql: any SQLDatabase) async throws {
        try await sql.run("CREATE SEQUENCE \(sql: table)_seq AS BIGINT START WITH \(sql: String(last + 1))")
        try await sql.run("""
            CREATE TABLE \(sql: table) (seq BIGINT NOT NULL DEFAULT nextval('\(sql: table)_seq'), \(sql: columnDefinitions))
            PARTITION BY RANGE (received_at)
            """)
        try await sql.run("ALTER SEQUENCE \(sql: table)_seq OWNED BY \(sql: table).seq")
        try await sql.run("CREATE TABLE \(sql: table)_default PARTITION OF \(sql: table) DEFAULT")
        for month in first.through(LogMonth(containing: now).advanced(by: monthsAhead)) {
            try await sql.run("""
                CREATE TABLE \(sql: partition(of: table, month)) PARTITION OF \(sql: table)
                FOR VALUES FROM (\(sql: String(month.startMillis))) TO (\(sql: String(month.endMillis)))
                """)
        }
    }

    /// The log's indexes, made on the parent (and so on every partition, present and future). Made after a bulk copy.
    /// The de-duplication index compares bytes (`COLLATE "C"`, see `M046CompareMessageIdsAsBytes`).
    static func createIndexes(_ table: String, on sql: any SQLDatabase) async throws {
        try await sql.run("CREATE INDEX \(sql: table)_seq_order ON \(sql: table) (seq)")
        try await sql.run("CREATE INDEX \(sql: table)_source_message_bytes ON \(sql: table) \(sql: sourceMessageIndexColumns)")
        try await sql.run("CREATE INDEX \(sql: table)_profile_time ON \(sql: table) (profile_id, ts, seq)")
    }

    static func partition(of table: String, _ month: LogMonth) -> String { table + "_p" + month.suffix }

    /// The de-duplication index's columns. Message ids and source ids are opaque keys: byte order serves them, and a
    /// probe of a group's 1,600 ids no longer sorts and compares them through the database's collation (`strcoll`),
    /// once for every partition. A query reaches the index only by naming the same collation (`bytes(_:)`).
    static let sourceMessageIndexColumns = #"(source_id COLLATE "C", message_id COLLATE "C")"#

    /// A column of the de-duplication index as its queries must name it.
    static func bytes(_ column: String) -> String { column + #" COLLATE "C""# }

    /// The monthly partitions `table` has now, oldest first (the default partition is not among them).
    static func months(of table: String, on sql: any SQLDatabase) async throws -> [LogMonth] {
        let rows = try await sql.rows("""
            SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
            WHERE i.inhparent = \(bind: table)::regclass
            """)
        let prefix = table + "_p"
        return try rows.compactMap { row -> LogMonth? in
            let name = try row.decode(column: "name", as: String.self)
            guard name.hasPrefix(prefix) else { return nil }
            return LogMonth(suffix: String(name.dropFirst(prefix.count)))
        }.sorted()
    }

    /// Whether `events` is partitioned (PostgreSQL after migration 041).
    static func isPartitioned(_ table: String = "events", on sql: any SQLDatabase) async throws -> Bool {
        guard SQLDialectKind(sql) == .postgres else { return false }
        return try await !sql.rows("SELECT 1 FROM pg_partitioned_table WHERE partrelid = \(bind: table)::regclass").isEmpty
    }

    /// Makes the partitions from this month to `monthsAhead` past it that are missing. Events that reached the default
    /// partition meanwhile (a server whose upkeep did not run for months) move into their month as it is made, so the
    /// default stays empty and cheap to check. Returns the months made.
    @discardableResult
    static func makeMonthsAhead(_ table: String = "events", now: Date, on sql: any SQLDatabase) async throws -> [LogMonth] {
        let existing = Set(try await months(of: table, on: sql))
        let current = LogMonth(containing: now)
        var made = [LogMonth]()
        for month in current.through(current.advanced(by: monthsAhead)) where !existing.contains(month) {
            try await make(month, of: table, on: sql)
            made.append(month)
        }
        // Anything left in the default from months before these: give those months their partitions too.
        let stray = try await sql.rows("SELECT MIN(received_at) AS first, MAX(received_at) AS last FROM \(sql: table)_default").first
        if let first = try stray?.decode(column: "first", as: Int64?.self), let last = try stray?.decode(column: "last", as: Int64?.self) {
            let known = existing.union(made)
            for month in LogMonth(containingMillis: first).through(LogMonth(containingMillis: last)) where !known.contains(month) {
                try await make(month, of: table, on: sql)
                made.append(month)
            }
        }
        return made.sorted()
    }

    /// Makes one month's partition, moving its events out of the default partition first (an attach would fail on them).
    private static func make(_ month: LogMonth, of table: String, on sql: any SQLDatabase) async throws {
        let name = partition(of: table, month)
        let from = String(month.startMillis), to = String(month.endMillis)
        try await sql.run("CREATE TABLE \(sql: name) (LIKE \(sql: table) INCLUDING DEFAULTS)")
        try await sql.run("""
            WITH moved AS (DELETE FROM \(sql: table)_default WHERE received_at >= \(sql: from) AND received_at < \(sql: to) RETURNING *)
            INSERT INTO \(sql: name) SELECT * FROM moved
            """)
        try await sql.run("ALTER TABLE \(sql: table) ATTACH PARTITION \(sql: name) FOR VALUES FROM (\(sql: from)) TO (\(sql: to))")
    }

    /// Drops one month's partition with every event in it. Detaching locks the whole log for a moment: it waits at most
    /// 3 s for a long read to finish (collection would queue behind it meanwhile), and otherwise fails this round, to
    /// be tried again at the next.
    static func drop(_ month: LogMonth, of table: String = "events", on sql: any SQLDatabase) async throws {
        let name = partition(of: table, month)
        try await sql.run("SET LOCAL lock_timeout = '3s'")
        try await sql.run("ALTER TABLE \(sql: table) DETACH PARTITION \(sql: name)")
        try await sql.run("DROP TABLE \(sql: name)")
    }
}
