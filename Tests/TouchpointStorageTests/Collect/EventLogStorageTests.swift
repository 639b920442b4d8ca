import Foundation
import Tagged
import XCTest
import TouchpointDomain
@testable import TouchpointStorage

/// The event log's months and each source's retention, on SQLite (rows deleted) and PostgreSQL (partitions).
final class EventLogStorageTests: XCTestCase {
    private let day: TimeInterval = 86_400

    private func send(_ store: SQLStore, source: SourceID, user: String, messageID: String, receivedAt: Date) async throws -> IngestOutcome {
        let message = Sample.message(#"{"type":"track","userId":"\#(user)","event":"Viewed","messageId":"\#(messageID)"}"#, receivedAt: receivedAt)
        return try await store.ingest([IngestSubmission(sourceID: source, messages: [message])])[0]
    }

    private func events(_ store: SQLStore, of user: String) async throws -> [String] {
        try await store.sql.rows("""
            SELECT e.message_id FROM events e JOIN identities i ON i.profile_id = e.profile_id
            WHERE i.key = \(bind: "user_id:" + user) ORDER BY e.message_id
            """).map { try $0.decode(column: "message_id", as: String.self) }
    }

    private func dailyTotal(_ store: SQLStore) async throws -> Int64 {
        try await store.sql.rows("SELECT CAST(COALESCE(SUM(events), 0) AS BIGINT) AS n FROM daily_channel_counts").first?.decode(column: "n", as: Int64.self) ?? -1
    }

    func testRetentionRemovesOnlyEachSourcesExpiredEventsAndKeepsTheProfiles() async throws {
        try await StorageHarness.onEveryDatabase { store, database in
            let now = Date()
            let web = try await store.createSource(name: "Web").0.id
            let shop = try await store.createSource(name: "Shop").0.id
            let log: [(SourceID, String, String, Double)] = [
                (web, "ann", "web-old", 100), (web, "ann", "web-month", 40), (web, "ann", "web-new", 5),
                (web, "bob", "bob-old", 100), (shop, "ann", "shop-old", 100),
            ]
            for (source, user, id, daysAgo) in log {
                _ = try await send(store, source: source, user: user, messageID: id, receivedAt: now.addingTimeInterval(-daysAgo * day))
            }
            // On PostgreSQL the old events waited in the default partition: the upkeep gives their months partitions.
            let made = try await store.makeEventLogMonths(now: now)
            let months = try await store.eventLogMonths()
            let oldMonth = LogMonth(containing: now.addingTimeInterval(-100 * day))
            XCTAssertEqual(months.first { $0.month == oldMonth }?.events, [web: 2, shop: 1], database)
            if database == "postgres" {
                XCTAssertTrue(made.contains(oldMonth), database)
                let stray = try await store.sql.rows("SELECT COUNT(*) AS n FROM events_default").first?.decode(column: "n", as: Int64.self)
                XCTAssertEqual(stray, 0, "the default partition is emptied into the months")
            }
            let countedBefore = try await dailyTotal(store)

            _ = try await store.setRetention(of: web, days: 30)
            let first = try await store.applyRetention(now: now)
            XCTAssertEqual(first.removedEvents, [web: 3], database)
            XCTAssertFalse(first.droppedMonths.contains(oldMonth), "the old month still holds the shop's event: \(database)")
            // Months wholly before the web's cutoff holding only its events (or none) went whole on PostgreSQL.
            let webCutoff = Int64((now.timeIntervalSince1970 - 30 * day) * 1_000)
            XCTAssertTrue(first.droppedMonths.allSatisfy { $0.endMillis <= webCutoff && $0 > oldMonth }, "\(first.droppedMonths) \(database)")
            if database == "sqlite" { XCTAssertEqual(first.droppedMonths, [], "SQLite deletes rows") }
            let annEvents = try await events(store, of: "ann")
            XCTAssertEqual(annEvents, ["shop-old", "web-new"], database)
            let bobEvents = try await events(store, of: "bob")
            XCTAssertEqual(bobEvents, [], database)

            // The aggregates built from the removed events stay: counters, identities, daily counts.
            let annID = try await unwrapAsync(try await store.resolveProfileID(reference: "user_id:ann"))
            let ann = try await store.profile(annID)
            XCTAssertEqual(ann?.eventCount, 4, database)
            let bobID = try await store.resolveProfileID(reference: "user_id:bob")
            XCTAssertNotNil(bobID, database)
            let countedAfter = try await dailyTotal(store)
            XCTAssertEqual(countedAfter, countedBefore, database)

            // Once the shop's retention passes the old month too, that month goes whole (a dropped partition).
            _ = try await store.setRetention(of: shop, days: 60)
            let second = try await store.applyRetention(now: now)
            XCTAssertEqual(second.removedEvents, [shop: 1], database)
            XCTAssertEqual(second.droppedMonths.contains(oldMonth), database == "postgres", "\(second.droppedMonths) \(database)")
            let left = try await store.countEvents()
            XCTAssertEqual(left, 1, database)
            let again = try await store.applyRetention(now: now)
            XCTAssertEqual(again, RetentionReport(), "a second round finds nothing: \(database)")

            // New events still land, in this month's partition.
            let fresh = try await send(store, source: shop, user: "ann", messageID: "shop-new", receivedAt: now)
            XCTAssertEqual(fresh, IngestOutcome(stored: 1), database)
        }
    }

    func testAMessageIdIsStoredOnceAcrossMonths() async throws {
        try await StorageHarness.onEveryDatabase { store, database in
            let now = Date()
            let source = try await store.createSource(name: "Web").0.id
            let early = try await send(store, source: source, user: "ann", messageID: "m-1", receivedAt: now.addingTimeInterval(-70 * day))
            XCTAssertEqual(early, IngestOutcome(stored: 1), database)
            try await store.makeEventLogMonths(now: now)
            let repeated = try await send(store, source: source, user: "ann", messageID: "m-1", receivedAt: now)
            XCTAssertEqual(repeated, IngestOutcome(duplicates: 1), database)
            let count = try await store.countEvents()
            XCTAssertEqual(count, 1, database)
        }
    }

    func testARetentionOutsideTheLimitsIsRefused() async throws {
        try await StorageHarness.onEveryDatabase { store, database in
            let source = try await store.createSource(name: "Web").0.id
            for days in [0, 6, 3_651] {
                do {
                    _ = try await store.setRetention(of: source, days: days)
                    XCTFail("\(days) days accepted on \(database)")
                } catch StorageError.invalid {}
            }
            let kept = try await store.setRetention(of: source, days: 90)
            XCTAssertEqual([kept.before.retentionDays, kept.after.retentionDays], [nil, 90], database)
            let forever = try await store.setRetention(of: source, days: nil)
            XCTAssertEqual([forever.before.retentionDays, forever.after.retentionDays], [90, nil], database)
            do {
                _ = try await store.setRetention(of: SourceID(rawValue: "no-such-source"), days: 30)
                XCTFail("an unknown source accepted on \(database)")
            } catch StorageError.notFound {}
            let retention = try await store.eventRetention()
            XCTAssertEqual(retention, EventRetention(days: [:]), database)
        }
    }
}
