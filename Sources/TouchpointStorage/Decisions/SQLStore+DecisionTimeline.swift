import Foundation
import SQLKit
import Tagged
import TouchpointApp
import TouchpointDomain

/// An event the lifecycle writes on a person's timeline (a lapse). It names the profile directly, so it skips identity
/// resolution; its message id is stable, so a repeat stores nothing. (Segment entries and exits, once such events too,
/// are rows of their own: see `segmentTimeline`.)
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
    /// every other event (so erasure, which subtracts a person's events, keeps the counters right). Message ids already
    /// stored are left out.
    static func appendSystemEvents(_ events: [SystemTimelineEvent], source: SourceID, now: Date, on sql: any SQLDatabase) async throws {
        guard !events.isEmpty else { return }
        let postgres = SQLDialectKind(sql) == .postgres
        // In the log's order: the projections follow it by sequence number, so an event must not commit after one
        // with a higher number. Collection holds this lock for its whole transaction; without it here, a projection's
        // round (or a decision) that drew numbers first and committed after a collection group let the projections
        // read past its numbers, and skip the group's events when they looked at the log in between.
        try await AdvisoryLock.identityGraph.hold(on: sql)
        // Leave out the message ids already stored, so the daily counts add only what is new. PostgreSQL's partitioned
        // log has no unique index to fall back on; the writer of these events (the lapse round) runs on one node at a
        // time.
        var stored = Set<String>()
        for chunk in chunked(events.map(\.messageID), size: 5_000) {
            for row in try await sql.rows(storedMessageIDs(of: source, among: Array(chunk), postgres: postgres)) { stored.insert(try row.decode(column: "message_id", as: String.self)) }
        }
        var seen = Set<String>()
        let events = events.filter { !stored.contains($0.messageID) && seen.insert($0.messageID).inserted }
        guard !events.isEmpty else { return }
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

/// A person's decisions on their timeline, as `Decision Made` entries read from the decision log (which is why no
/// decision writes an event into the log; see `insertDecisions`).
///
/// Within one millisecond a decision comes after the person's events, and decisions come newest id first. Their
/// sequence numbers count down from -1 within each millisecond, so a timeline cursor (time, sequence) can fall between
/// two decisions of the same moment: one with a negative sequence says how many of that moment's decisions were shown.
extension SQLStore {
    func decisionTimeline(of profile: ProfileID, count: Int, before cursor: (time: Int64, sequence: Int64)?) async throws -> [TimelineEntry] {
        // A cursor at a segment transition (see `segmentTimeline`) comes after every decision of its moment.
        let shown = Self.shownAtCursor(cursor).decisions
        let shownAtCursor = shown ?? 0
        var statement = SQLStatement("SELECT d.id, d.profile_id, d.at, d.channel, d.placement, d.result, (SELECT s.id FROM sources s WHERE s.name = ")
        statement.bind(DecisionCatalogue.timelineSourceName)
        statement.append(") AS source_id FROM decisions d WHERE d.profile_id = ")
        statement.bind(profile.rawValue)
        if let cursor {
            statement.append(shown == nil ? " AND d.at < " : " AND d.at <= ")
            statement.bind(cursor.time)
        }
        statement.append(" ORDER BY d.at DESC, d.id DESC LIMIT ")
        statement.bind(Int64(count + shownAtCursor))
        return try Self.placedAfterCursor(try await sql.rows(statement), cursorTime: cursor?.time, shown: shownAtCursor).map { placed in
            let source = try placed.row.decode(column: "source_id", as: String?.self) ?? DecisionCatalogue.timelineSourceName
            return Self.timelineEntry(try Self.decisionRecord(placed.row), sequence: -Int64(placed.position), source: SourceID(rawValue: source))
        }
    }

    /// A decision as its `Decision Made` entry: what the decision returned, what the rules removed and why.
    static func timelineEntry(_ record: DecisionRecord, sequence: Int64, source: SourceID) -> TimelineEntry {
        var properties: [String: JSONValue] = [
            "decision_id": .string(record.id), "channel": .string(record.channel.rawValue),
            "actions": .array(record.result.actions.map { .string($0.id.rawValue) }),
            "service_first": .bool(record.result.serviceFirst),
        ]
        if let placement = record.placement { properties["placement"] = .string(placement) }
        if !record.result.removed.isEmpty {
            properties["removed"] = .object(Dictionary(record.result.removed.map { ($0.id.rawValue, JSONValue.string($0.reason.rawValue)) }, uniquingKeysWith: { first, _ in first }))
        }
        let messageID = "decision-" + record.id
        return TimelineEntry(
            id: EventID(rawValue: record.id), sequence: sequence, messageID: messageID, sourceID: source, type: .track, name: "Decision Made",
            channel: record.channel, timestamp: record.at, receivedAt: record.at, identifiers: [],
            payload: .object([
                "type": .string("track"), "event": .string("Decision Made"), "properties": .object(properties),
                "messageId": .string(messageID), "timestamp": .string(Timestamps.format(record.at)),
                "context": .object(["channel": .string(record.channel.rawValue)]),
            ]))
    }
}
