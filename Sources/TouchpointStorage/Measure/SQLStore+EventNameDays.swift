import Foundation
import SQLKit
import TouchpointApp
import TouchpointDomain

/// The per-day counts of track events by name and channel: the pyramid's orders, refunds and complaints without a
/// scan of the log. Advanced from its checkpoint in the same transaction as the counts, so a crash replays a batch
/// and nothing is counted twice; on PostgreSQL the checkpoint row is locked so two nodes never add the same batch.
extension SQLStore {
    static let eventNameDaysProjection = "event_name_days"

    public func advanceEventNameDays(limit: Int) async throws -> Int {
        // Caught up (the common case: every page asks first): two reads, no write transaction, no lock.
        guard let end = try await Self.lastSequence(on: sql), end > (try await Self.checkpoint(Self.eventNameDaysProjection, on: sql)) else { return 0 }
        return try await write { sql in
            let dialect = SQLDialectKind(sql)
            var lock = SQLStatement("SELECT seq FROM projection_checkpoints WHERE name = ")
            lock.bind(Self.eventNameDaysProjection)
            if dialect == .postgres { lock.append(" FOR UPDATE") }
            let checkpoint = try await sql.rows(lock).first?.decode(column: "seq", as: Int64.self) ?? 0
            guard let last = try await Self.lastSequence(on: sql), last > checkpoint else { return 0 }
            var read = SQLStatement("SELECT seq, type, name, channel, ts FROM events WHERE seq > ")
            read.bind(checkpoint)
            read.append(" AND seq <= ")
            read.bind(last)
            read.append(" ORDER BY seq LIMIT ")
            read.bind(Int64(max(1, limit)))
            let rows = try await sql.rows(read)
            var counts = [EventNameDay: Int64]()
            var reached = checkpoint
            for row in rows {
                reached = try row.decode(column: "seq", as: Int64.self)
                guard try row.decode(column: "type", as: String.self) == "track",
                      let name = try row.decode(column: "name", as: String?.self) else { continue }
                // Truncating division, as the SQL back-fill and erasure compute the day.
                let day = try row.decode(column: "ts", as: Int64.self) / 86_400_000
                counts[EventNameDay(day: day, name: name, channel: try row.decode(column: "channel", as: String.self)), default: 0] += 1
            }
            // A short batch has read everything up to `last`.
            if rows.count < limit { reached = last }
            try await Self.addEventNameDays(counts, on: sql)
            try await Self.saveCheckpoint(Self.eventNameDaysProjection, reached, on: sql)
            return rows.count
        }
    }

    struct EventNameDay: Hashable {
        var day: Int64
        var name: String
        var channel: String
    }

    static func addEventNameDays(_ counts: [EventNameDay: Int64], on sql: any SQLDatabase) async throws {
        for chunk in chunked(Array(counts), size: 200) {
            var upsert = SQLStatement("INSERT INTO event_name_days (day, name, channel, events) VALUES ")
            for (index, entry) in chunk.enumerated() {
                if index > 0 { upsert.append(", ") }
                upsert.append("(")
                upsert.bind(entry.key.day); upsert.append(", ")
                upsert.bind(entry.key.name); upsert.append(", ")
                upsert.bind(entry.key.channel); upsert.append(", ")
                upsert.bind(entry.value)
                upsert.append(")")
            }
            upsert.append(" ON CONFLICT (day, name, channel) DO UPDATE SET events = event_name_days.events + excluded.events")
            try await sql.run(upsert)
        }
    }

    /// Takes an erased person's counted events (those at or before the checkpoint) out of the day counts.
    static func subtractFromEventNameDays(profiles: [String], on sql: any SQLDatabase) async throws {
        let checkpoint = try await checkpoint(eventNameDaysProjection, on: sql)
        var counts = SQLStatement("SELECT ts / 86400000 AS day, name, channel, COUNT(*) AS n FROM events WHERE type = 'track' AND name IS NOT NULL AND seq <= ")
        counts.bind(checkpoint)
        counts.append(" AND profile_id IN ")
        counts.bindList(profiles)
        counts.append(" GROUP BY ts / 86400000, name, channel")
        var negative = [EventNameDay: Int64]()
        for row in try await sql.rows(counts) {
            negative[EventNameDay(day: try row.decode(column: "day", as: Int64.self), name: try row.decode(column: "name", as: String.self),
                                  channel: try row.decode(column: "channel", as: String.self))] = -(try row.decode(column: "n", as: Int64.self))
        }
        guard !negative.isEmpty else { return }
        try await addEventNameDays(negative, on: sql)
        try await sql.run("DELETE FROM event_name_days WHERE events <= 0")
    }
}
