import Foundation
import XCTest
import TouchpointApp
import TouchpointDomain
@testable import TouchpointStorage

/// Migrations 049 and 050 on a decision log written the old way: the shows already logged are counted for budgets, and
/// the `Decision Made` events decisions used to write leave the event log, so the timeline (which now reads decisions
/// from their log) shows each decision once. An event of that name someone else sent stays.
final class DecisionLogMigrationTests: XCTestCase {
    func testAnOldDecisionLogIsCountedAndItsEventsLeaveTheLog() async throws {
        try await StorageHarness.onEveryDatabase { store, database in
            let now = Date()
            _ = try await Sample.ingest(store, #"{"type":"track","userId":"anna","event":"Decision Made","messageId":"sent-by-a-client"}"#)
            let anna = try await unwrapAsync(await store.resolveProfileID(reference: "user_id:anna"))
            let decisions = try await store.internalSource(named: DecisionCatalogue.timelineSourceName).id

            // The schema before 049, and what a decision wrote then: its row, its shows and hold-out, its event.
            try await store.write { sql in try await M049FindShowsThroughDecisions().revert(on: sql, dialect: store.dialect) }
            try await store.write { sql in
                try await sql.run("""
                    INSERT INTO decisions (id, profile_id, at, channel, placement, service_first, result)
                    VALUES ('old', \(bind: anna.rawValue), \(bind: Timestamps.millis(now)), 'web', NULL, 0, '{"actions":[],"removed":[]}')
                    """)
                for (action, kind) in [("soundbar", "shown"), ("cable", "shown"), ("cable", "control")] {
                    try await sql.run("""
                        INSERT INTO offer_contacts (decision_id, action_id, kind, profile_id, segment_id, channel, at)
                        VALUES ('old', \(bind: action), \(bind: kind), \(bind: anna.rawValue), NULL, 'web', \(bind: Timestamps.millis(now)))
                        """)
                }
                try await SQLStore.appendSystemEvents([SystemTimelineEvent(messageID: "decision-old", profileID: anna, name: "Decision Made",
                                                                           channel: .web, at: now, properties: ["decision_id": .string("old")])],
                                                      source: decisions, now: now, on: sql)
            }
            let twice = try await store.timeline(anna, limit: 20, before: nil).entries.filter { $0.name == "Decision Made" }
            XCTAssertEqual(twice.count, 3, "before 050: the old event, the client's and the one read from the log (\(database))")

            try await store.write { sql in
                try await M049FindShowsThroughDecisions().prepare(on: sql, dialect: store.dialect)
                try await M050ReadDecisionsOnTheTimelineFromTheirLog().prepare(on: sql, dialect: store.dialect)
            }
            let budgets = try await store.budgetUsed()
            XCTAssertEqual(budgets, ["soundbar": 1, "cable": 1], database)
            let made = try await store.timeline(anna, limit: 20, before: nil).entries.filter { $0.name == "Decision Made" }.map(\.messageID)
            XCTAssertEqual(Set(made), ["decision-old", "sent-by-a-client"], database)
            let fromTheLog = try await store.timeline(anna, limit: 20, before: nil).entries.first { $0.messageID == "decision-old" }
            XCTAssertEqual(fromTheLog?.sourceID, decisions, "the decision's entry names the decisions' source (\(database))")
            XCTAssertLessThan(fromTheLog?.sequence ?? 0, 0, "read from the decision log, not the event log (\(database))")
        }
    }
}
