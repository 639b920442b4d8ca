import Foundation
import SQLKit
import TouchpointApp
import TouchpointDomain

/// How far each projection that follows the event log (lifecycle, feedback…) has read it. A projection saves its
/// checkpoint in the same transaction as what it derived, so a crash replays a batch rather than losing it.
extension SQLStore {
    /// The last log position the projection `name` has processed (0 before its first batch).
    static func checkpoint(_ name: String, on sql: any SQLDatabase) async throws -> Int64 {
        try await sql.rows("SELECT seq FROM projection_checkpoints WHERE name = \(bind: name)").first?.decode(column: "seq", as: Int64.self) ?? 0
    }

    static func saveCheckpoint(_ name: String, _ sequence: Int64, on sql: any SQLDatabase) async throws {
        try await sql.run("""
            INSERT INTO projection_checkpoints (name, seq) VALUES (\(bind: name), \(bind: sequence))
            ON CONFLICT (name) DO UPDATE SET seq = excluded.seq
            """)
    }

    /// The track events named `names` after the projection's checkpoint (at most `limit`), and the log position the batch
    /// reaches — the checkpoint to save once they are processed — or nil when the log has nothing new. The batch ends
    /// at a position read first, so events committed meanwhile wait for the next batch.
    static func trackEvents(after projection: String, named names: [String], limit: Int,
                            on sql: any SQLDatabase) async throws -> (events: [LoggedEvent], upTo: Int64)? {
        let checkpoint = try await checkpoint(projection, on: sql)
        guard let last = try await lastSequence(on: sql), last > checkpoint else { return nil }
        var statement = SQLStatement("SELECT seq, id, name, profile_id, channel, ts, payload FROM events WHERE seq > ")
        statement.bind(checkpoint)
        statement.append(" AND seq <= ")
        statement.bind(last)
        statement.append(" AND type = 'track' AND name IN ")
        statement.bindList(names)
        statement.append(" ORDER BY seq LIMIT ")
        statement.bind(Int64(limit))
        let events = try await sql.rows(statement).map { row in
            let payload = JSONValue.parse(try row.decode(column: "payload", as: String.self)) ?? .null
            return LoggedEvent(
                sequence: try row.decode(column: "seq", as: Int64.self), eventID: try row.decode(column: "id", as: String.self),
                name: try row.decode(column: "name", as: String.self),
                profileID: ProfileID(rawValue: try row.decode(column: "profile_id", as: String.self)),
                channel: Channel(rawValue: try row.decode(column: "channel", as: String.self)) ?? .server,
                at: Timestamps.date(millis: try row.decode(column: "ts", as: Int64.self)),
                properties: payload["properties"]?.objectValue ?? [:])
        }
        // A full batch stops at its last event; a short one has read everything up to `last`.
        return (events, events.count == limit ? events.last!.sequence : last)
    }

    /// The log's last position, or nil while it is empty.
    static func lastSequence(on sql: any SQLDatabase) async throws -> Int64? {
        try await sql.rows("SELECT MAX(seq) AS last FROM events").first?.decode(column: "last", as: Int64?.self)
    }

    /// A projection's or an area's saved document (rule sets, aggregates, settings), by name.
    static func document(_ name: String, on sql: any SQLDatabase) async throws -> String? {
        var statement = SQLStatement("SELECT body FROM projection_documents WHERE name = ")
        statement.bind(name)
        return try await sql.rows(statement).first?.decode(column: "body", as: String.self)
    }

    static func saveDocument(_ name: String, _ body: String, now: Date, on sql: any SQLDatabase) async throws {
        var statement = SQLStatement("INSERT INTO projection_documents (name, body, updated_at) VALUES (")
        statement.bind(name); statement.append(", ")
        statement.bind(body); statement.append(", ")
        statement.bind(Timestamps.millis(now))
        statement.append(") ON CONFLICT (name) DO UPDATE SET body = excluded.body, updated_at = excluded.updated_at")
        try await sql.run(statement)
    }
}
