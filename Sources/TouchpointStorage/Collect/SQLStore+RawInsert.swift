import Foundation
import SQLKit
import TouchpointDomain

extension SQLStore {
    /// The benchmark's limit: inserts event rows for the given messages straight into a scratch copy of the
    /// events table — no validation, no identity resolution, no profile updates — one transaction per batch,
    /// exactly as many rows per transaction as given. Returns the seconds taken. The scratch table is dropped.
    public func measureRawEventInserts(batches: [[InboundMessage]], source: SourceID, profile: ProfileID) async throws -> Double {
        try await sql.run("DROP TABLE IF EXISTS bench_raw_events")
        try await sql.run("""
            CREATE TABLE bench_raw_events (
                seq \(dialect.sequencePrimaryKey), id TEXT NOT NULL, source_id TEXT NOT NULL, message_id TEXT NOT NULL,
                profile_id TEXT NOT NULL, type TEXT NOT NULL, name TEXT, channel TEXT NOT NULL, ts BIGINT NOT NULL,
                received_at BIGINT NOT NULL, identity_keys TEXT NOT NULL, payload TEXT NOT NULL)
            """)
        try await sql.run("CREATE UNIQUE INDEX bench_raw_events_source_message ON bench_raw_events (source_id, message_id)")
        try await sql.run("CREATE INDEX bench_raw_events_profile_time ON bench_raw_events (profile_id, ts, seq)")
        let started = DispatchTime.now().uptimeNanoseconds
        for batch in batches {
            try await write { sql in
                for chunk in chunked(batch, size: Self.rowsPerStatement) {
                    var insert = SQLStatement("INSERT INTO bench_raw_events (id, source_id, message_id, profile_id, type, name, channel, ts, received_at, identity_keys, payload) VALUES ")
                    for (index, message) in chunk.enumerated() {
                        insert.append(index == 0 ? "(" : ", (")
                        insert.bind(TimeOrderedID.make(at: message.receivedAt)); insert.append(", ")
                        insert.bind(source.rawValue); insert.append(", ")
                        insert.bind(message.messageID); insert.append(", ")
                        insert.bind(profile.rawValue); insert.append(", ")
                        insert.bind(message.type.rawValue); insert.append(", ")
                        insert.bind(message.name); insert.append(", ")
                        insert.bind(message.channel.rawValue); insert.append(", ")
                        insert.bind(Timestamps.millis(message.timestamp)); insert.append(", ")
                        insert.bind(Timestamps.millis(message.receivedAt)); insert.append(", ")
                        insert.bind(message.identifiers.keysJSON); insert.append(", ")
                        insert.bind(message.payloadText); insert.append(")")
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
