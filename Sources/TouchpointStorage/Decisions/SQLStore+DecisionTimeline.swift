import Foundation
import SQLKit
import Tagged
import TouchpointDomain

/// An event the decisions area writes on a person's timeline (a segment entered or left, a decision made). It names
/// the profile directly, so it skips identity resolution; its message id is stable, so a repeat stores nothing.
struct SystemTimelineEvent: Sendable {
    var messageID: String
    var profileID: ProfileID
    var name: String
    var channel: Channel
    var at: Date
    var properties: [String: JSONValue]
}

extension SQLStore {
    /// Appends the events to the log inside the caller's transaction, counted in the daily channel counters like
    /// every other event (so erasure, which subtracts a person's events, keeps the counters right). `fresh`: the message
    /// ids were just made (a decision's), so no check for stored ones is needed.
    static func appendSystemEvents(_ events: [SystemTimelineEvent], source: SourceID, now: Date, fresh: Bool = false,
                                   on sql: any SQLDatabase) async throws {
        guard !events.isEmpty else { return }
        let postgres = SQLDialectKind(sql) == .postgres
        // In the log's order: the projections follow it by sequence number, so an event must not commit after one
        // with a higher number. Collection holds this lock for its whole transaction; without it here, a projection's
        // round (or a decision) that drew numbers first and committed after a collection group let the projections
        // read past its numbers, and skip the group's events when they looked at the log in between.
        try await AdvisoryLock.identityGraph.hold(on: sql)
        var events = events
        if !fresh {
            // Leave out the message ids already stored, so the daily counts add only what is new. PostgreSQL's
            // partitioned log has no unique index to fall back on; the writers of these sources (the segment
            // projection, the lapse round) each run on one node at a time, and a decision's id is new.
            var stored = Set<String>()
            for chunk in chunked(events.map(\.messageID), size: 5_000) {
                for row in try await sql.rows(storedMessageIDs(of: source, among: Array(chunk), postgres: postgres)) { stored.insert(try row.decode(column: "message_id", as: String.self)) }
            }
            var seen = Set<String>()
            events = events.filter { !stored.contains($0.messageID) && seen.insert($0.messageID).inserted }
            guard !events.isEmpty else { return }
        }
        for chunk in chunked(events, size: rowsPerEventInsert(on: sql)) {
            var insert = SQLStatement("INSERT INTO events (id, source_id, message_id, profile_id, type, name, channel, ts, received_at, identity_keys, payload) VALUES ")
            for (position, event) in chunk.enumerated() {
                let payload: JSONValue = .object([
                    "type": .string("track"), "event": .string(event.name), "properties": .object(event.properties),
                    "messageId": .string(event.messageID), "timestamp": .string(Timestamps.format(event.at)),
                    "context": .object(["channel": .string(event.channel.rawValue)]),
                ])
                insert.append(position == 0 ? "(" : ", (")
                insert.bind(TimeOrderedID.make(at: event.at)); insert.append(", ")
                insert.bind(source.rawValue); insert.append(", ")
                insert.bind(event.messageID); insert.append(", ")
                insert.bind(event.profileID.rawValue); insert.append(", 'track', ")
                insert.bind(event.name); insert.append(", ")
                insert.bind(event.channel.rawValue); insert.append(", ")
                insert.bind(Timestamps.millis(event.at)); insert.append(", ")
                insert.bind(Timestamps.millis(now)); insert.append(", '[]', ")
                insert.bind(JSONCodec.serialize(payload)); insert.append(")")
            }
            if !postgres { insert.append(" ON CONFLICT (source_id, message_id) DO NOTHING") }
            try await sql.run(insert)
        }
        try await countDaily(events.map { DayKey.of($0.at) + "|" + $0.channel.rawValue }, on: sql)
    }
}
