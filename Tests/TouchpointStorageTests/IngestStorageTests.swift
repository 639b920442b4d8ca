import Foundation
import XCTest
import TouchpointDomain
@testable import TouchpointStorage

final class IngestStorageTests: XCTestCase {
    func testMessagesAreStoredOnceByMessageId() async throws {
        try await StorageHarness.onEveryDatabase { store, database in
            let first = try await Sample.ingest(store, #"{"type":"track","userId":"u1","event":"E","messageId":"m-1"}"#)
            XCTAssertEqual(first, IngestOutcome(stored: 1), database)
            let again = try await Sample.ingest(store,
                #"{"type":"track","userId":"u1","event":"E","messageId":"m-1"}"#,
                #"{"type":"track","userId":"u1","event":"E","messageId":"m-2"}"#,
                #"{"type":"track","userId":"u1","event":"E","messageId":"m-2"}"#)
            XCTAssertEqual(again, IngestOutcome(stored: 1, duplicates: 2), database)
            let countOfEvents = try await store.countEvents()
            XCTAssertEqual(countOfEvents, 2, database)
        }
    }

    func testGroupedSubmissionsCommitTogetherWithOwnOutcomes() async throws {
        try await StorageHarness.onEveryDatabase { store, database in
            let outcomes = try await store.ingest([
                IngestSubmission(sourceID: Sample.source, messages: [Sample.message(#"{"type":"page","anonymousId":"a1","messageId":"x"}"#)]),
                IngestSubmission(sourceID: Sample.source, messages: [Sample.message(#"{"type":"page","anonymousId":"a1","messageId":"x"}"#),
                                                                     Sample.message(#"{"type":"identify","anonymousId":"a1","userId":"u1"}"#)]),
            ])
            XCTAssertEqual(outcomes, [IngestOutcome(stored: 1), IngestOutcome(stored: 1, duplicates: 1)], database)
            let id = try await store.resolveProfileID(reference: "user_id:u1")
            let profile = try await store.profile(XCTUnwrap(id))
            XCTAssertEqual(profile?.eventCount, 2, database)
        }
    }

    func testAnonymousVisitsJoinTheKnownPersonAndEveryIdentifierResolves() async throws {
        try await StorageHarness.onEveryDatabase { store, database in
            try await Sample.ingest(store, #"{"type":"page","anonymousId":"laptop","timestamp":"2026-01-01T10:00:00Z"}"#)
            try await Sample.ingest(store, #"{"type":"screen","anonymousId":"phone","timestamp":"2026-01-02T10:00:00Z"}"#)
            try await Sample.ingest(store, #"{"type":"identify","anonymousId":"laptop","userId":"ann","traits":{"email":"Ann@Example.com","name":"Ann"},"timestamp":"2026-01-03T10:00:00Z"}"#)
            try await Sample.ingest(store, #"{"type":"identify","anonymousId":"phone","userId":"ann","timestamp":"2026-01-04T10:00:00Z"}"#)
            let ids = try await ["user_id:ann", "anonymous_id:laptop", "anonymous_id:phone", "email:ann@example.com"].asyncMap {
                try await store.resolveProfileID(reference: $0)
            }
            XCTAssertEqual(Set(ids).count, 1, database)
            let profile = try await store.profile(XCTUnwrap(ids[0]))!
            XCTAssertEqual(profile.eventCount, 4, database)
            XCTAssertEqual(profile.channels, [.mobile, .server, .web], "\(database): identify without context is a server call")
            XCTAssertEqual(profile.traits["name"], .string("Ann"), database)
            XCTAssertEqual(profile.mergedProfileIDs.count, 1, database)
            // the merged-away id still resolves to the survivor
            let followed = try await store.resolveProfileID(reference: profile.mergedProfileIDs[0].rawValue)
            XCTAssertEqual(followed, profile.id, database)
            let merges = try await store.merges(of: profile.id)
            XCTAssertEqual(merges.count, 1, database)
            XCTAssertEqual(merges[0].identities.map(\.key), ["anonymous_id:phone"], database)
        }
    }

    func testTimelinePagesNewestFirstAcrossChannels() async throws {
        try await StorageHarness.onEveryDatabase { store, database in
            for (index, channel) in ["web", "email", "phone", "chat", "store"].enumerated() {
                try await Sample.ingest(store, #"{"type":"track","userId":"u1","event":"E\#(index)","context":{"channel":"\#(channel)"},"timestamp":"2026-01-0\#(index + 1)T00:00:00Z"}"#)
            }
            let id = try await unwrapAsync(await store.resolveProfileID(reference: "user_id:u1"))
            let first = try await store.timeline(id, limit: 2, before: nil)
            XCTAssertEqual(first.entries.map(\.name), ["E4", "E3"], database)
            let cursor = try XCTUnwrap(first.nextCursor.flatMap(TimelineCursor.decode))
            let second = try await store.timeline(id, limit: 2, before: cursor)
            XCTAssertEqual(second.entries.map(\.name), ["E2", "E1"], database)
            let last = try await store.timeline(id, limit: 2, before: TimelineCursor.decode(second.nextCursor!))
            XCTAssertEqual(last.entries.map(\.name), ["E0"], database)
            XCTAssertNil(last.nextCursor, database)
            XCTAssertEqual(Set((first.entries + second.entries + last.entries).map(\.channel)).count, 5, database)
        }
    }

    func testTraitsFollowEventTimeWhenMessagesArriveOutOfOrder() async throws {
        try await StorageHarness.onEveryDatabase { store, database in
            try await Sample.ingest(store, #"{"type":"identify","userId":"u1","traits":{"city":"Gdańsk"},"timestamp":"2026-03-01T00:00:00Z"}"#)
            try await Sample.ingest(store, #"{"type":"identify","userId":"u1","traits":{"city":"Łódź"},"timestamp":"2026-02-01T00:00:00Z"}"#)
            let id = try await unwrapAsync(await store.resolveProfileID(reference: "user_id:u1"))
            let city = try await store.profile(id)?.traits["city"]
            XCTAssertEqual(city, .string("Gdańsk"), database)
        }
    }

    func testConflictingUserIdsAreRecordedAndVisible() async throws {
        try await StorageHarness.onEveryDatabase { store, database in
            try await Sample.ingest(store, #"{"type":"identify","userId":"ann","traits":{"email":"home@example.com"}}"#)
            try await Sample.ingest(store, #"{"type":"identify","userId":"bob","traits":{"email":"home@example.com"}}"#)
            let ann = try await store.resolveProfileID(reference: "user_id:ann")
            let bob = try await store.resolveProfileID(reference: "user_id:bob")
            XCTAssertNotEqual(ann, bob, database)
            let conflicts = try await store.conflicts(of: XCTUnwrap(bob))
            XCTAssertEqual(conflicts.count, 1, database)
            XCTAssertEqual(Set(conflicts[0].profiles), Set([ann!, bob!]), database)
        }
    }

    func testSearchFindsByNameEmailPhoneAndIdentifier() async throws {
        try await StorageHarness.onEveryDatabase { store, database in
            try await Sample.ingest(store, #"{"type":"identify","userId":"crm-77","traits":{"name":"Zofia Nowak","email":"zofia@example.pl","phone":"601 234 567"}}"#)
            try await Sample.ingest(store, #"{"type":"identify","userId":"other","traits":{"name":"Jan Kowalski"}}"#)
            for query in ["zofia", "NOWAK", "zofia@example.pl", "+48601234567", "601234567", "crm-77"] {
                let found = try await store.searchProfiles(query: query, limit: 10)
                XCTAssertEqual(found.map { $0.traits["name"] }, [.string("Zofia Nowak")], "\(database): \(query)")
            }
            let all = try await store.searchProfiles(query: "", limit: 10)
            XCTAssertEqual(all.count, 2, database)
        }
    }

    /// One transaction after another the collection path reuses what the previous one read and wrote (on SQLite, the
    /// ingest cache): merges, userIds gained and counters must carry over exactly as if read from the database.
    func testConsecutiveGroupsSeeEachOthersMergesUserIdsAndCounters() async throws {
        try await StorageHarness.onEveryDatabase { store, database in
            try await Sample.ingest(store, #"{"type":"identify","anonymousId":"tablet","traits":{"email":"cat@example.com"}}"#)
            try await Sample.ingest(store, #"{"type":"track","event":"Seen","userId":"cat","anonymousId":"desk"}"#)
            // tablet's profile (holding the e-mail) joins cat's
            try await Sample.ingest(store, #"{"type":"identify","userId":"cat","anonymousId":"tablet"}"#)
            // the e-mail, carried by no message of the merge, now leads to cat
            try await Sample.ingest(store, #"{"type":"identify","anonymousId":"kiosk","traits":{"email":"cat@example.com"}}"#)
            // another userId on the same device is a conflict: the merged profile's userId is known
            try await Sample.ingest(store, #"{"type":"identify","userId":"dan","anonymousId":"tablet"}"#)
            let cat = try await store.resolveProfileID(reference: "user_id:cat")
            let viaMail = try await store.resolveProfileID(reference: "email:cat@example.com")
            let viaTablet = try await store.resolveProfileID(reference: "anonymous_id:tablet")
            let viaKiosk = try await store.resolveProfileID(reference: "anonymous_id:kiosk")
            XCTAssertEqual(viaMail, cat, database)
            XCTAssertEqual(viaTablet, cat, database)
            XCTAssertEqual(viaKiosk, cat, database)
            let dan = try await store.resolveProfileID(reference: "user_id:dan")
            XCTAssertNotEqual(dan, cat, database)
            let conflicts = try await store.conflicts(of: XCTUnwrap(cat))
            XCTAssertEqual(conflicts.count, 1, database)
            let profile = try await store.profile(XCTUnwrap(cat))!
            XCTAssertEqual(profile.eventCount, 4, "\(database): every event but dan's identify")
            let merges = try await store.merges(of: profile.id)
            XCTAssertEqual(merges.count, 1, database)
            XCTAssertEqual(merges[0].identities.map(\.key), ["anonymous_id:tablet", "email:cat@example.com"],
                           "\(database): the audit lists every identifier of the absorbed profile, carried or not")
        }
    }
}

extension IngestStorageTests {
    /// Two nodes on one database, each with its own cache of the identity graph (on PostgreSQL): a merge one node
    /// makes, and an undone merge (a write outside the collection path), are seen by the other node's next group.
    func testANodeSeesTheIdentityGraphChangesOfAnotherNodeAndOfOtherWrites() async throws {
        try await StorageHarness.onEveryDatabase { nodeA, database in
            let nodeB = try SQLStore(database: nodeA.database, sqliteWriter: nodeA.sqliteWriter, node: "node-b")
            try await Sample.ingest(nodeA, #"{"type":"track","event":"Seen","userId":"cat","anonymousId":"desk"}"#)
            try await Sample.ingest(nodeA, #"{"type":"identify","anonymousId":"tablet","traits":{"email":"cat@example.com"}}"#)
            let tabletBefore = try await unwrapAsync(await nodeA.resolveProfileID(reference: "anonymous_id:tablet"))
            // Node B joins the tablet's profile to cat's.
            try await Sample.ingest(nodeB, #"{"type":"identify","userId":"cat","anonymousId":"tablet"}"#)
            let cat = try await unwrapAsync(await nodeA.resolveProfileID(reference: "user_id:cat"))
            XCTAssertNotEqual(cat, tabletBefore, database)
            // Node A's next event from the tablet belongs to cat, not to the profile it knew the tablet by.
            try await Sample.ingest(nodeA, #"{"type":"track","event":"Tapped","anonymousId":"tablet"}"#)
            let catsEvents = try await nodeA.allEvents(of: cat).map(\.name)
            XCTAssertTrue(catsEvents.contains("Tapped"), "\(database): \(catsEvents)")
            let catProfile = try await unwrapAsync(await nodeA.profile(cat))
            XCTAssertEqual(catProfile.eventCount, 4, database)

            // The merge undone (not a collection write): node A's next event from the tablet goes to the restored profile.
            let merge = try await nodeA.merges(of: cat).first { $0.absorbed == tabletBefore }
            _ = try await nodeA.undoMerge(try XCTUnwrap(merge, database).id)
            try await Sample.ingest(nodeA, #"{"type":"track","event":"Swiped","anonymousId":"tablet"}"#)
            let restoredEvents = try await nodeA.allEvents(of: tabletBefore).map(\.name)
            XCTAssertTrue(restoredEvents.contains("Swiped"), "\(database): \(restoredEvents)")
            let catsLater = try await nodeA.allEvents(of: cat).map(\.name)
            XCTAssertFalse(catsLater.contains("Swiped"), database)
        }
    }

    /// The list shows the most recently seen first, within an hour too: its index orders by the hour of `last_seen`
    /// (`M044AddProfileSeenHour`) and the list sorts the hour's profiles itself.
    func testTheProfileListShowsTheMostRecentlySeenFirst() async throws {
        try await StorageHarness.onEveryDatabase { store, database in
            try await Sample.ingest(store, #"{"type":"track","event":"E","userId":"old","timestamp":"2026-03-01T08:00:00Z"}"#)
            try await Sample.ingest(store, #"{"type":"track","event":"E","userId":"early","timestamp":"2026-03-02T10:05:00Z"}"#)
            try await Sample.ingest(store, #"{"type":"track","event":"E","userId":"late","timestamp":"2026-03-02T10:55:00Z"}"#)
            try await Sample.ingest(store, #"{"type":"track","event":"E","userId":"old","timestamp":"2026-03-02T10:30:00Z"}"#)
            let listed = try await store.searchProfiles(query: "", limit: 10)
            var order = [String]()
            for profile in listed {
                for user in ["old", "early", "late"] where try await store.resolveProfileID(reference: "user_id:\(user)") == profile.id { order.append(user) }
            }
            XCTAssertEqual(order, ["late", "old", "early"], database)
        }
    }

    /// On PostgreSQL a group's statements are sent without waiting for each answer: a failure among them is reported as
    /// itself (not as the aborted transaction every statement after it meets), and nothing of the transaction stays.
    func testAFailureInAPipelinedGroupIsReportedAsItselfAndNothingStays() async throws {
        guard StorageHarness.postgresServerURL != nil else { throw XCTSkip("needs TOUCHPOINT_TEST_POSTGRES_URL") }
        try await StorageHarness.onEveryDatabase { store, database in
            guard store.dialect == .postgres else { return }
            try await store.sql.run("CREATE TABLE pipeline_probe (n BIGINT NOT NULL)")
            do {
                try await store.write { sql in
                    guard let pipeline = try await PostgresPipeline.over(sql) else { throw StorageError.unsupportedDatabase }
                    try await pipeline.run("INSERT INTO pipeline_probe (n) VALUES (1)")
                    try await pipeline.run("SELECT 1 / (SELECT COUNT(*) FROM pipeline_probe WHERE n > 1) AS never")
                    try await pipeline.run("INSERT INTO pipeline_probe (n) VALUES (3)")
                    try await pipeline.finish()
                }
                XCTFail("the division by zero must fail the transaction")
            } catch {
                XCTAssertTrue(String(reflecting: error).contains("22012"), "division_by_zero, not 25P02: \(String(reflecting: error))")
            }
            let rows = try await store.sql.rows("SELECT COUNT(*) AS n FROM pipeline_probe")
            XCTAssertEqual(try rows.first?.decode(column: "n", as: Int64.self), 0, database)
        }
    }
}

extension Sequence {
    func asyncMap<T>(_ transform: (Element) async throws -> T) async rethrows -> [T] {
        var result = [T]()
        for element in self { result.append(try await transform(element)) }
        return result
    }

}
