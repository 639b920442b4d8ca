import Foundation
import SQLKit
import Tagged
import TouchpointApp
import TouchpointDomain

/// A person's segment entries and exits on their timeline, as `Segment Entered` / `Segment Exited` entries read from
/// `segment_transitions` (migration 051): the projection writes no event into the log for them.
///
/// Within one millisecond they come after the person's events and decisions, newest id first. Their sequence numbers
/// count down from `-segmentSequenceBase - 1`, below every decision's, so a timeline cursor (time, sequence) at one of
/// them says that every event and decision of its moment was shown, and how many of the moment's transitions.
extension SQLStore {
    /// Where the transitions' sequence numbers start (a decision's are -1, -2, … within a millisecond, far above it).
    static let segmentSequenceBase: Int64 = 1 << 32

    /// How many of the decisions and transitions of the cursor's moment the pages before it showed.
    ///
    /// A cursor comes from a client: any sequence must give a count without overflowing (`-Int64.min` would trap), and
    /// one no millisecond can hold is capped, so the page's `LIMIT` stays a sane number.
    static func shownAtCursor(_ cursor: (time: Int64, sequence: Int64)?) -> (decisions: Int?, transitions: Int) {
        guard let cursor, cursor.sequence < 0 else { return (0, 0) }
        // nil decisions: all of that moment's were shown.
        if cursor.sequence <= -segmentSequenceBase { return (nil, Int(min(-(cursor.sequence + segmentSequenceBase), maximumShownAtCursor))) }
        return (Int(min(-cursor.sequence, maximumShownAtCursor)), 0)
    }

    /// More decisions or transitions than any one millisecond of a person's timeline holds.
    static let maximumShownAtCursor: Int64 = 1_000_000

    func segmentTimeline(of profile: ProfileID, count: Int, before cursor: (time: Int64, sequence: Int64)?) async throws -> [TimelineEntry] {
        let shown = Self.shownAtCursor(cursor).transitions
        var statement = SQLStatement("SELECT id, at, segment_id, segment_name, entered, stored_at, source_id FROM segment_transitions WHERE profile_id = ")
        statement.bind(profile.rawValue)
        if let cursor {
            statement.append(" AND at <= ")
            statement.bind(cursor.time)
        }
        statement.append(" ORDER BY at DESC, id DESC LIMIT ")
        statement.bind(Int64(count + shown))
        return try Self.placedAfterCursor(try await sql.rows(statement), cursorTime: cursor?.time, shown: shown).map { placed in
            let row = placed.row
            return Self.segmentTimelineEntry(
                id: try row.decode(column: "id", as: String.self), at: placed.at, sequence: -Self.segmentSequenceBase - Int64(placed.position),
                segment: try row.decode(column: "segment_id", as: String.self), segmentName: try row.decode(column: "segment_name", as: String.self),
                entered: try row.decode(column: "entered", as: Int64.self) != 0, storedAt: try row.decode(column: "stored_at", as: Int64.self),
                source: SourceID(rawValue: try row.decode(column: "source_id", as: String.self)))
        }
    }

    /// Rows kept beside the events (decisions, segment transitions), newest first by their `at`: each with its place
    /// within its millisecond (from 1), leaving out the first `shown` of the cursor's millisecond, which the pages
    /// before showed.
    static func placedAfterCursor(_ rows: [any SQLRow], cursorTime: Int64?, shown: Int) throws -> [(row: any SQLRow, at: Int64, position: Int)] {
        var placed = [(row: any SQLRow, at: Int64, position: Int)]()
        var moment: Int64?, position = 0
        for row in rows {
            let at = try row.decode(column: "at", as: Int64.self)
            position = at == moment ? position + 1 : 1
            moment = at
            if at == cursorTime, position <= shown { continue }
            placed.append((row, at, position))
        }
        return placed
    }

    /// A transition as its timeline entry, shaped as the event the projection wrote before (message id, properties).
    /// Its receipt is when the round stored it: when the membership became visible.
    static func segmentTimelineEntry(id: String, at: Int64, sequence: Int64, segment: String, segmentName: String, entered: Bool,
                                     storedAt: Int64, source: SourceID) -> TimelineEntry {
        let name = entered ? "Segment Entered" : "Segment Exited"
        let messageID = "segment-" + id
        let moment = Timestamps.date(millis: at)
        let properties: [String: JSONValue] = ["segment_id": .string(segment), "segment": .string(segmentName)]
        return TimelineEntry(
            id: EventID(rawValue: id), sequence: sequence, messageID: messageID, sourceID: source, type: .track, name: name,
            channel: .server, timestamp: moment, receivedAt: Timestamps.date(millis: storedAt), identifiers: [],
            payload: .object([
                "type": .string("track"), "event": .string(name), "properties": .object(properties),
                "messageId": .string(messageID), "timestamp": .string(Timestamps.format(moment)),
                "context": .object(["channel": .string(Channel.server.rawValue)]),
            ]))
    }

    /// Appends a round's transitions inside the caller's transaction, in key order (neighbouring rows share pages).
    static func insertSegmentTransitions(_ transitions: [SegmentTransition], source: SourceID, storedAt: Date, on sql: any SQLDatabase) async throws {
        let rows = transitions.map { (transition: $0, id: TimeOrderedID.make(at: $0.at)) }
            .sorted { ($0.transition.profileID, $0.transition.at, $0.id) < ($1.transition.profileID, $1.transition.at, $1.id) }
        let stored = Timestamps.millis(storedAt)
        for chunk in chunked(rows, size: max(1, rowsPerStatement / 9)) {
            var insert = SQLStatement("INSERT INTO segment_transitions (profile_id, at, id, segment_id, segment_name, entered, number, stored_at, source_id) VALUES ")
            for (index, row) in chunk.enumerated() {
                insert.append(index == 0 ? "(" : ", (")
                insert.bind(row.transition.profileID.rawValue); insert.append(", ")
                insert.bind(Timestamps.millis(row.transition.at)); insert.append(", ")
                insert.bind(row.id); insert.append(", ")
                insert.bind(row.transition.segment.rawValue); insert.append(", ")
                insert.bind(row.transition.segmentName); insert.append(", ")
                insert.bind(Int64(row.transition.entered ? 1 : 0)); insert.append(", ")
                insert.bind(row.transition.number); insert.append(", ")
                insert.bind(stored); insert.append(", ")
                insert.bind(source.rawValue); insert.append(")")
            }
            try await sql.run(insert)
        }
    }
}
