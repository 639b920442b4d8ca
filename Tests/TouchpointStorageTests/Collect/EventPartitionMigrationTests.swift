import Foundation
import XCTest
import TouchpointDomain
@testable import TouchpointStorage

/// Migration 041 on a PostgreSQL log that already holds events: every event is carried across with its sequence number,
/// each into its month, and the log goes on numbering after them.
final class EventPartitionMigrationTests: XCTestCase {
    func testAnExistingLogIsCarriedIntoMonthsKeepingItsOrder() async throws {
        try await StorageHarness.onEveryDatabase { store, database in
            guard database == "postgres" else { return }
            let now = Date()
            let day: TimeInterval = 86_400
            for (index, daysAgo) in [200.0, 95, 40, 1].enumerated() {
                let message = Sample.message(#"{"type":"track","userId":"u\#(index)","event":"Viewed","messageId":"m\#(index)"}"#,
                                             receivedAt: now.addingTimeInterval(-daysAgo * day))
                _ = try await store.ingest([IngestSubmission(sourceID: Sample.source, messages: [message])])
            }
            func log() async throws -> [String] {
                try await store.sql.rows("SELECT seq, message_id, received_at FROM events ORDER BY seq").map { row in
                    "\(try row.decode(column: "seq", as: Int64.self)) \(try row.decode(column: "message_id", as: String.self)) \(try row.decode(column: "received_at", as: Int64.self))"
                }
            }
            let before = try await log()
            XCTAssertEqual(before.count, 4)

            // Back to one table (the migration's revert), then forward again, as an upgrade from 040 would run.
            try await M041PartitionEventsByMonth().revert(on: store.sql, dialect: .postgres)
            let partitionedAfterRevert = try await EventPartitions.isPartitioned(on: store.sql)
            XCTAssertFalse(partitionedAfterRevert)
            let reverted = try await log()
            XCTAssertEqual(reverted, before)
            try await M041PartitionEventsByMonth().prepare(on: store.sql, dialect: .postgres)

            let partitioned = try await EventPartitions.isPartitioned(on: store.sql)
            XCTAssertTrue(partitioned)
            let after = try await log()
            XCTAssertEqual(after, before, "every event, its sequence number and order kept")
            let months = try await EventPartitions.months(of: "events", on: store.sql)
            XCTAssertEqual(months.first, LogMonth(containing: now.addingTimeInterval(-200 * day)))
            XCTAssertEqual(months.last, LogMonth(containing: now).advanced(by: EventPartitions.monthsAhead))
            let stray = try await store.sql.rows("SELECT COUNT(*) AS n FROM events_default").first?.decode(column: "n", as: Int64.self)
            XCTAssertEqual(stray, 0)

            // New events number on after the old ones; a message id seen before is still a duplicate.
            let next = try await store.ingest([IngestSubmission(sourceID: Sample.source, messages: [
                Sample.message(#"{"type":"track","userId":"u9","event":"Viewed","messageId":"m-new"}"#),
                Sample.message(#"{"type":"track","userId":"u0","event":"Viewed","messageId":"m0"}"#),
            ])])
            XCTAssertEqual(next, [IngestOutcome(stored: 1, duplicates: 1)])
            let last = try await store.sql.rows("SELECT seq FROM events WHERE message_id = 'm-new'").first?.decode(column: "seq", as: Int64.self)
            let previous = Int64(before.last!.split(separator: " ")[0])!
            XCTAssertGreaterThan(try XCTUnwrap(last), previous)
        }
    }
}
