import Foundation
import SQLKit
import XCTest
import TouchpointApp
import TouchpointDomain
@testable import TouchpointStorage

/// Segment entries and exits on SQLite and PostgreSQL are rows of their own (migration 051): the timeline shows them
/// after the events and decisions of their millisecond and pages through them, a round writes nothing into the event
/// log, the personal data export holds them, and erasure takes them with the person.
final class SegmentTimelineTests: XCTestCase {
    let now = Date(timeIntervalSince1970: 1_781_092_800)  // 2026-06-10

    func transition(_ segment: String, _ person: ProfileID, entered: Bool = true) -> SegmentTransition {
        SegmentTransition(segment: SegmentID(rawValue: segment), segmentName: segment.uppercased(), profileID: person, entered: entered, at: now, number: entered ? 1 : 2)
    }

    func testEntriesAndExitsPageAfterTheEventsAndDecisionsOfTheirMillisecond() async throws {
        try await StorageHarness.onEveryDatabase { store, database in
            try await Sample.ingest(store, #"{"type":"track","userId":"anna","event":"Page Viewed","messageId":"earlier","timestamp":"\#(Timestamps.format(now.addingTimeInterval(-60)))"}"#,
                                    #"{"type":"track","userId":"anna","event":"Page Viewed","messageId":"same-moment","timestamp":"\#(Timestamps.format(now))"}"#)
            let anna = try await unwrapAsync(await store.resolveProfileID(reference: "user_id:anna"))
            for id in ["d1", "d2"] {
                try await store.saveDecision(DecisionRecord(id: id, profileID: anna, at: now, channel: .web, placement: nil,
                                                            result: ArbitrationResult(actions: [], removed: [], serviceFirst: false, controlGroup: [])))
            }
            let source = try await store.internalSource(named: DecisionCatalogue.timelineSourceName).id
            func eventsInTheLog() async throws -> Int64? {
                try await store.write { sql in
                    try await sql.rows("SELECT COUNT(*) AS n FROM events WHERE profile_id = \(bind: anna.rawValue)").first?.decode(column: "n", as: Int64.self)
                }
            }
            let eventsBefore = try await eventsInTheLog()
            let storedFrom = Date()
            try await store.applySegmentRound(SegmentRound(transitions: [transition("tv", anna), transition("vip", anna), transition("lapsed", anna, entered: false)]),
                                              timeline: source)
            let eventsAfter = try await eventsInTheLog()
            XCTAssertEqual(eventsAfter, eventsBefore, "a round writes no event into the log (\(database))")

            let whole = try await store.timeline(anna, limit: 50, before: nil).entries
            XCTAssertEqual(whole.map(\.messageID).prefix(3), ["same-moment", "decision-d2", "decision-d1"], database)
            let transitions = Array(whole.dropFirst(3).prefix(3))
            XCTAssertEqual(transitions.map(\.name), transitions.map { $0.payload["properties"]?["segment_id"]?.stringValue == "lapsed" ? "Segment Exited" : "Segment Entered" }, database)
            XCTAssertEqual(Set(transitions.compactMap { $0.payload["properties"]?["segment_id"]?.stringValue }), ["tv", "vip", "lapsed"], database)
            XCTAssertEqual(Set(transitions.compactMap { $0.payload["properties"]?["segment"]?.stringValue }), ["TV", "VIP", "LAPSED"], database)
            XCTAssertEqual(whole.last?.messageID, "earlier", database)
            for entry in transitions {
                XCTAssertTrue(entry.messageID.hasPrefix("segment-"), database)
                XCTAssertEqual(entry.sourceID, source, database)
                XCTAssertEqual(entry.timestamp, now, database)
                XCTAssertGreaterThanOrEqual(entry.receivedAt.timeIntervalSince(storedFrom), -0.001, "received when the round stored it (\(database))")
            }

            for size in [1, 2, 3, 4] {
                let paged = try await store.pagedTimeline(anna, size: size, atMost: whole.count)
                XCTAssertEqual(paged, whole.map(\.messageID), "pages of \(size) on \(database)")
            }

            // A cursor made up by a client names no entry but still reads a page (and stops nothing).
            let moment = Timestamps.millis(now)
            for sequence in [Int64.min, Int64.min + 1, -SQLStore.segmentSequenceBase, -SQLStore.segmentSequenceBase + 1, -1, Int64.max] {
                let page = try await store.timeline(anna, limit: 2, before: (moment, sequence))
                XCTAssertLessThanOrEqual(page.entries.count, 2, "cursor sequence \(sequence) on \(database)")
            }
            let afterEveryone = try await store.timeline(anna, limit: 5, before: (moment, Int64.min)).entries.map(\.messageID)
            XCTAssertEqual(afterEveryone, ["earlier"], "a cursor past every transition of its moment leaves the earlier entries (\(database))")

            // The personal data export holds the whole timeline, oldest first.
            let exported = try await store.allEvents(of: anna).map(\.messageID)
            XCTAssertEqual(exported, whole.map(\.messageID).reversed(), database)

            try await store.erase(anna)
            let left = try await store.write { sql in
                try await sql.rows("SELECT COUNT(*) AS n FROM segment_transitions WHERE profile_id = \(bind: anna.rawValue)").first?.decode(column: "n", as: Int64.self)
            }
            XCTAssertEqual(left, 0, "erasure takes the person's entries and exits (\(database))")
        }
    }
}
