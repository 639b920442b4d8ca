import Foundation
import SQLKit
import TouchpointDomain

extension SQLStore {
    /// One row of the events table, as the benchmark's limit inserts it.
    struct RawEventRow: Sendable {
        var id: String, source: String, messageID: String, profile: String, type: String, name: String?
        var channel: String, time: Int64, receivedAt: Int64, identityKeys: String, payload: String
    }

    /// The benchmark's limit: the rows the events table holds, in the order they were committed, inserted again into
    /// a scratch table of the same shape and indexes — no validation, no identity resolution, no profiles — `batchSize`
    /// rows a transaction. These are exactly the rows the ingest stored, each under its own profile. Returns the
    /// seconds taken; the scratch table is dropped.
    public func measureRawInsertsOfStoredEvents(batchSize: Int) async throws -> Double {
        let rows = try await sql.rows("SELECT id, source_id, message_id, profile_id, type, name, channel, ts, received_at, identity_keys, payload FROM events ORDER BY seq")
            .map { row in
                RawEventRow(id: try row.decode(column: "id", as: String.self), source: try row.decode(column: "source_id", as: String.self),
                            messageID: try row.decode(column: "message_id", as: String.self), profile: try row.decode(column: "profile_id", as: String.self),
                            type: try row.decode(column: "type", as: String.self), name: try row.decode(column: "name", as: String?.self),
                            channel: try row.decode(column: "channel", as: String.self), time: try row.decode(column: "ts", as: Int64.self),
                            receivedAt: try row.decode(column: "received_at", as: Int64.self),
                            identityKeys: try row.decode(column: "identity_keys", as: String.self), payload: try row.decode(column: "payload", as: String.self))
            }
        return try await measureScratchInserts(Array(chunked(rows, size: batchSize).map(Array.init)))
    }

    /// The earlier form of the limit, printed beside it for comparison: the same messages with every row under one
    /// profile, so the per-profile index only ever grows at its end (an easier load than the ingest's).
    public func measureRawEventInserts(batches: [[InboundMessage]], source: SourceID, profile: ProfileID) async throws -> Double {
        try await measureScratchInserts(batches.map { batch in
            batch.map { message in
                RawEventRow(id: TimeOrderedID.make(at: message.receivedAt), source: source.rawValue, messageID: message.messageID,
                            profile: profile.rawValue, type: message.type.rawValue, name: message.name, channel: message.channel.rawValue,
                            time: Timestamps.millis(message.timestamp), receivedAt: Timestamps.millis(message.receivedAt),
                            identityKeys: message.identifiers.keysJSON, payload: message.payloadText)
            }
        })
    }

    /// Inserts the batches, one durable transaction each, into a fresh copy of the events table; returns the seconds.
    private func measureScratchInserts(_ batches: [[RawEventRow]]) async throws -> Double {
        try await sql.run("DROP TABLE IF EXISTS bench_raw_events")
        if try await EventPartitions.isPartitioned(on: sql) {
            // The same shape as the log: partitioned by month, with the same indexes.
            try await sql.run("DROP SEQUENCE IF EXISTS bench_raw_events_seq")
            let received = batches.flatMap { $0.map(\.receivedAt) }
            let first = received.min().map(LogMonth.init(containingMillis:)) ?? LogMonth(containing: Date())
            try await EventPartitions.createTable("bench_raw_events", firstMonth: min(first, LogMonth(containing: Date())), now: Date(), on: sql)
            try await EventPartitions.createIndexes("bench_raw_events", on: sql)
        } else {
            try await sql.run("CREATE TABLE bench_raw_events (seq \(sql: dialect.sequencePrimaryKey), \(sql: EventPartitions.columnDefinitions))")
            try await sql.run("CREATE UNIQUE INDEX bench_raw_events_source_message ON bench_raw_events (source_id, message_id)")
            try await sql.run("CREATE INDEX bench_raw_events_profile_time ON bench_raw_events (profile_id, ts, seq)")
        }
        let started = DispatchTime.now().uptimeNanoseconds
        for batch in batches {
            try await write { sql in
                // The same form of insert as the ingest path.
                for chunk in chunked(batch, size: Self.rowsPerEventInsert(on: sql)) {
                    var insert = SQLStatement("INSERT INTO bench_raw_events (id, source_id, message_id, profile_id, type, name, channel, ts, received_at, identity_keys, payload) VALUES ")
                    for (index, row) in chunk.enumerated() {
                        insert.append(index == 0 ? "(" : ", (")
                        insert.bind(row.id); insert.append(", ")
                        insert.bind(row.source); insert.append(", ")
                        insert.bind(row.messageID); insert.append(", ")
                        insert.bind(row.profile); insert.append(", ")
                        insert.bind(row.type); insert.append(", ")
                        insert.bind(row.name); insert.append(", ")
                        insert.bind(row.channel); insert.append(", ")
                        insert.bind(row.time); insert.append(", ")
                        insert.bind(row.receivedAt); insert.append(", ")
                        insert.bind(row.identityKeys); insert.append(", ")
                        insert.bind(row.payload); insert.append(")")
                    }
                    try await sql.run(insert)
                }
            }
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
        try await sql.run("DROP TABLE bench_raw_events")
        return seconds
    }
}
