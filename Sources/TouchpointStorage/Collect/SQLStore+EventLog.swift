import Foundation
import Tagged
import SQLKit
import TouchpointApp
import TouchpointDomain

extension SQLStore: EventLogRepository {
    /// Sets how many days a source's events are kept (nil: for ever). Returns the source as it was and as stored.
    public func setRetention(of id: SourceID, days: Int?) async throws -> (before: SourceRecord, after: SourceRecord) {
        guard EventRetention.isValid(days: days) else {
            throw StorageError.invalid("a retention is \(EventRetention.minimumDays) to \(EventRetention.maximumDays) days, or null to keep events for ever")
        }
        return try await write { sql in
            func read() async throws -> SourceRecord {
                let rows = try await sql.rows("SELECT \(sql: SourceRecord.columns) FROM sources WHERE id = \(bind: id.rawValue)")
                guard let row = rows.first else { throw StorageError.notFound("no source '\(id.rawValue)'") }
                return try SourceRecord(row: row)
            }
            let before = try await read()
            var update = SQLStatement("UPDATE sources SET retention_days = ")
            update.bind(days.map(Int64.init))
            update.append(" WHERE id = ")
            update.bind(id.rawValue)
            try await sql.run(update)
            return (before, try await read())
        }
    }

    /// Every source's retention (sources that keep their events for ever are not in it).
    public func eventRetention() async throws -> EventRetention {
        var days = [SourceID: Int]()
        for row in try await sql.rows("SELECT id, retention_days FROM sources WHERE retention_days IS NOT NULL") {
            days[SourceID(rawValue: try row.decode(column: "id", as: String.self))] = Int(try row.decode(column: "retention_days", as: Int64.self))
        }
        return EventRetention(days: days)
    }

    /// On PostgreSQL, makes the coming months' partitions of the log (one node at a time). Returns the months made.
    @discardableResult
    public func makeEventLogMonths(now: Date) async throws -> [LogMonth] {
        guard try await EventPartitions.isPartitioned(on: sql) else { return [] }
        return try await write { sql in
            try await AdvisoryLock.eventLogUpkeep.hold(on: sql)
            return try await EventPartitions.makeMonthsAhead(now: now, on: sql)
        }
    }

    /// The months the log holds (PostgreSQL: its partitions; SQLite: the months its events were received in), with
    /// their events per source — for the API and the console.
    public func eventLogMonths() async throws -> [EventLogMonth] {
        let partitioned = try await EventPartitions.isPartitioned(on: sql)
        var counts = [LogMonth: [SourceID: Int]]()
        if partitioned {
            for month in try await EventPartitions.months(of: "events", on: sql) {
                counts[month] = try await Self.eventsPerSource(in: EventPartitions.partition(of: "events", month), on: sql)
            }
        } else {
            for row in try await sql.rows("SELECT source_id, received_at / 86400000 AS day, COUNT(*) AS n FROM events GROUP BY source_id, day") {
                let day = try row.decode(column: "day", as: Int64.self)
                let month = LogMonth(containingMillis: day * 86_400_000)
                counts[month, default: [:]][SourceID(rawValue: try row.decode(column: "source_id", as: String.self)), default: 0] += Int(try row.decode(column: "n", as: Int64.self))
            }
        }
        return counts.keys.sorted().map { EventLogMonth(month: $0, partition: partitioned, events: counts[$0] ?? [:]) }
    }

    /// Removes the events each source keeps no longer. On PostgreSQL a month whose every event has expired is dropped
    /// whole (one statement, no dead rows left behind); a month where only some sources' events expired loses those
    /// rows. On SQLite the expired rows are deleted in short transactions of the log's order, so collection waits for
    /// none of them long. Profiles, stages, value scores and the daily counts built from the removed events stay.
    public func applyRetention(now: Date) async throws -> RetentionReport {
        let cutoffs = try await eventRetention().cutoffs(now: now)
        guard let latest = cutoffs.values.max() else { return RetentionReport() }
        if try await EventPartitions.isPartitioned(on: sql) {
            return try await applyPartitionedRetention(cutoffs: cutoffs, latest: latest)
        }
        return try await applyRetentionByRows(cutoffs: cutoffs, latest: latest)
    }

    private func applyPartitionedRetention(cutoffs: [SourceID: Int64], latest: Int64) async throws -> RetentionReport {
        var report = RetentionReport()
        for month in try await EventPartitions.months(of: "events", on: sql) where month.startMillis < latest {
            let partition = EventPartitions.partition(of: "events", month)
            try await write { sql in
                try await AdvisoryLock.eventLogUpkeep.hold(on: sql)
                let sources = try await Self.sourcesWithEvents(in: partition, on: sql)
                switch EventRetention.plan(for: month, sourcesWithEvents: sources, cutoffs: cutoffs) {
                case .keep:
                    return RetentionReport()
                case .drop:
                    let counts = try await Self.eventsPerSource(in: partition, on: sql)
                    try await EventPartitions.drop(month, on: sql)
                    return RetentionReport(droppedMonths: [month], removedEvents: counts)
                case .remove(let removals):
                    var removed = [SourceID: Int]()
                    for removal in removals {
                        removed[removal.source] = try await Self.deleteEvents(from: partition, of: removal.source, receivedBefore: removal.receivedBefore, on: sql)
                    }
                    return RetentionReport(removedEvents: removed)
                }
            }.merge(into: &report)
        }
        // The default partition holds events only when the upkeep fell behind: its expired rows go one by one.
        try await write { sql in
            var removed = [SourceID: Int]()
            for (source, cutoff) in cutoffs.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
                removed[source] = try await Self.deleteEvents(from: "events_default", of: source, receivedBefore: cutoff, on: sql)
            }
            return RetentionReport(removedEvents: removed)
        }.merge(into: &report)
        return report
    }

    /// SQLite: walks the log in windows of its order (each one short write transaction) and deletes the expired rows of
    /// each source with a retention, until a window holds nothing received before the latest cutoff.
    private func applyRetentionByRows(cutoffs: [SourceID: Int64], latest: Int64) async throws -> RetentionReport {
        var report = RetentionReport()
        let window: Int64 = 20_000
        guard var start = try await sql.rows("SELECT MIN(seq) AS first FROM events").first?.decode(column: "first", as: Int64?.self) else { return report }
        while true {
            let (first, end) = (start, start + window)
            let (removed, oldest) = try await write { sql -> ([SourceID: Int], Int64?) in
                let oldest = try await sql.rows("""
                    SELECT MIN(received_at) AS oldest FROM events WHERE seq >= \(bind: first) AND seq < \(bind: end)
                    """).first?.decode(column: "oldest", as: Int64?.self)
                guard let oldest, oldest < latest else { return ([:], oldest) }
                var removed = [SourceID: Int]()
                for (source, cutoff) in cutoffs where oldest < cutoff {
                    let deleted = try await Self.deleteEvents(from: "events", of: source, receivedBefore: cutoff, within: first..<end, on: sql)
                    if deleted > 0 { removed[source] = deleted }
                }
                return (removed, oldest)
            }
            RetentionReport(removedEvents: removed).merge(into: &report)
            // A window with nothing old enough ends the walk; an empty window (all deleted before) does not.
            if let oldest, oldest >= latest { break }
            guard let next = try await sql.rows("SELECT MIN(seq) AS next FROM events WHERE seq >= \(bind: end)").first?
                .decode(column: "next", as: Int64?.self) else { break }
            start = next
        }
        return report
    }

    /// The sources with at least one event in a table of the log: a skip scan of its `(source_id, message_id)` index,
    /// one index probe per source however many events there are. On PostgreSQL that index compares bytes, and only a
    /// query that names the same collation can use it (`EventPartitions.bytes`).
    static func sourcesWithEvents(in table: String, on sql: any SQLDatabase) async throws -> Set<SourceID> {
        let source = SQLDialectKind(sql) == .postgres ? EventPartitions.bytes("source_id") : "source_id"
        let rows = try await sql.rows("""
            WITH RECURSIVE present(source_id) AS (
                SELECT MIN(\(sql: source)) FROM \(sql: table)
                UNION ALL
                SELECT (SELECT MIN(\(sql: source)) FROM \(sql: table) WHERE \(sql: source) > present.source_id)
                FROM present WHERE present.source_id IS NOT NULL
            )
            SELECT source_id FROM present WHERE source_id IS NOT NULL
            """)
        return Set(try rows.map { SourceID(rawValue: try $0.decode(column: "source_id", as: String.self)) })
    }

    static func eventsPerSource(in table: String, on sql: any SQLDatabase) async throws -> [SourceID: Int] {
        var counts = [SourceID: Int]()
        for row in try await sql.rows("SELECT source_id, COUNT(*) AS n FROM \(sql: table) GROUP BY source_id") {
            counts[SourceID(rawValue: try row.decode(column: "source_id", as: String.self))] = Int(try row.decode(column: "n", as: Int64.self))
        }
        return counts
    }

    /// Deletes a source's events received before `cutoff` from a table of the log; returns how many.
    static func deleteEvents(from table: String, of source: SourceID, receivedBefore cutoff: Int64, within window: Range<Int64>? = nil,
                             on sql: any SQLDatabase) async throws -> Int {
        var condition = SQLStatement("\(sql: SQLDialectKind(sql) == .postgres ? EventPartitions.bytes("source_id") : "source_id") = ")
        condition.bind(source.rawValue)
        condition.append(" AND received_at < ")
        condition.bind(cutoff)
        if let window {
            condition.append(" AND seq >= ")
            condition.bind(window.lowerBound)
            condition.append(" AND seq < ")
            condition.bind(window.upperBound)
        }
        if SQLDialectKind(sql) == .postgres {
            var statement = SQLStatement("WITH gone AS (DELETE FROM \(sql: table) WHERE ")
            statement.append(condition)
            statement.append(" RETURNING 1) SELECT COUNT(*) AS n FROM gone")
            return Int(try await sql.rows(statement).first?.decode(column: "n", as: Int64.self) ?? 0)
        }
        var statement = SQLStatement("DELETE FROM \(sql: table) WHERE ")
        statement.append(condition)
        try await sql.run(statement)
        return Int(try await sql.rows("SELECT changes() AS n").first?.decode(column: "n", as: Int64.self) ?? 0)
    }
}

extension RetentionReport {
    /// Adds this round's removals to a running report.
    func merge(into report: inout RetentionReport) {
        report.droppedMonths += droppedMonths
        for (source, count) in removedEvents where count > 0 { report.removedEvents[source, default: 0] += count }
    }
}
