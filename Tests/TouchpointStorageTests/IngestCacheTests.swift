import XCTest
@testable import TouchpointDomain
@testable import TouchpointStorage

/// When the collection path's cache may be trusted, and how a committed group changes it.
final class IngestCacheTests: XCTestCase {
    let ann = ProfileID(rawValue: "ann"), visitor = ProfileID(rawValue: "visitor")

    private func committedGroup(_ cache: IngestCache, transaction: Int, dataVersion: Int64 = 1) {
        cache.begin(transaction: transaction, dataVersion: dataVersion)
        cache.read(key: "user_id:ann", profile: ann)
        cache.read(userKeys: ["user_id:ann"], of: ann)
        cache.end(transaction: transaction, committed: true)
    }

    func testWhatACommittedGroupReadServesTheNextGroup() {
        let cache = IngestCache()
        committedGroup(cache, transaction: 1)
        cache.begin(transaction: 2, dataVersion: 1)
        XCTAssertEqual(cache.profile(forKey: "user_id:ann"), ann)
        XCTAssertEqual(cache.userKeys(of: ann), ["user_id:ann"])
    }

    func testAnyOtherWriteInBetweenDropsTheCache() {
        let cache = IngestCache()
        committedGroup(cache, transaction: 1)
        cache.begin(transaction: 3, dataVersion: 1)
        XCTAssertNil(cache.profile(forKey: "user_id:ann"), "transaction 2 was not the ingest's")
    }

    func testAnotherConnectionsCommitDropsTheCache() {
        let cache = IngestCache()
        committedGroup(cache, transaction: 1)
        cache.begin(transaction: 2, dataVersion: 2)
        XCTAssertNil(cache.profile(forKey: "user_id:ann"))
    }

    func testAGroupThatDidNotCommitDropsTheCache() {
        let cache = IngestCache()
        committedGroup(cache, transaction: 1)
        cache.begin(transaction: 2, dataVersion: 1)
        cache.read(key: "anonymous_id:a1", profile: visitor)
        cache.end(transaction: 2, committed: false)
        cache.begin(transaction: 3, dataVersion: 1)
        XCTAssertNil(cache.profile(forKey: "user_id:ann"))
        XCTAssertNil(cache.profile(forKey: "anonymous_id:a1"))
    }

    func testAMergeMovesTheAbsorbedIdentifiersAndJoinsTheUserIds() {
        let cache = IngestCache()
        committedGroup(cache, transaction: 1)
        cache.begin(transaction: 2, dataVersion: 1)
        cache.read(key: "anonymous_id:a1", profile: visitor)
        cache.read(userKeys: [], of: visitor)
        let email = Identifier(kind: .email, value: "ann@example.com")
        let merge = MergeRecord(id: MergeID(rawValue: "m1"), at: 0, messageID: "m", survivor: ann, absorbed: visitor,
                                identifiers: [Identifier(kind: .anonymousID, value: "a1"), email])
        cache.resolved(ResolutionPlan(profileOfMessage: [ann], newProfiles: [],
                                      newIdentities: [(Identifier(kind: .userID, value: "ann-2"), ann)], merges: [merge], conflicts: []))
        cache.end(transaction: 2, committed: true)
        cache.begin(transaction: 3, dataVersion: 1)
        XCTAssertEqual(cache.profile(forKey: "anonymous_id:a1"), ann)
        XCTAssertEqual(cache.profile(forKey: email.key), ann, "stored identifiers of the absorbed profile follow it")
        XCTAssertEqual(cache.userKeys(of: ann), ["user_id:ann", "user_id:ann-2"])
        XCTAssertNil(cache.userKeys(of: visitor))
    }

    // PostgreSQL: the identity graph's version, raised once by each collection transaction and by every other write.

    private func committedGroup(_ cache: IngestCache, graphVersion before: Int64) {
        cache.begin(graphVersion: before)
        cache.read(key: "user_id:ann", profile: ann)
        cache.end(graphVersionBefore: before, after: before + 1, committed: true)
    }

    func testAGroupThatAloneRaisedTheVersionServesTheNext() {
        let cache = IngestCache()
        committedGroup(cache, graphVersion: 5)
        cache.begin(graphVersion: 6)
        XCTAssertEqual(cache.profile(forKey: "user_id:ann"), ann)
    }

    func testAWriteElsewhereAfterTheGroupDropsTheCache() {
        let cache = IngestCache()
        committedGroup(cache, graphVersion: 5)
        cache.begin(graphVersion: 7)
        XCTAssertNil(cache.profile(forKey: "user_id:ann"), "version 7: another transaction raised it after the group")
    }

    func testAWriteElsewhereDuringTheGroupDropsTheCache() {
        let cache = IngestCache()
        cache.begin(graphVersion: 5)
        cache.read(key: "user_id:ann", profile: ann)
        cache.end(graphVersionBefore: 5, after: 7, committed: true)
        cache.begin(graphVersion: 7)
        XCTAssertNil(cache.profile(forKey: "user_id:ann"), "what the group read may predate the other write")
    }

    func testTheSharedCacheIsLentToOneTransactionAtATime() {
        let shared = SharedIngestCache()
        let lent = shared.lend(graphVersion: 1)
        XCTAssertNotNil(lent)
        XCTAssertNil(shared.lend(graphVersion: 1), "a second transaction meanwhile goes without")
        lent?.read(key: "user_id:ann", profile: ann)
        shared.giveBack(lent!, graphVersionBefore: 1, after: 2, committed: true)
        XCTAssertEqual(shared.lend(graphVersion: 2)?.profile(forKey: "user_id:ann"), ann)
    }
}
