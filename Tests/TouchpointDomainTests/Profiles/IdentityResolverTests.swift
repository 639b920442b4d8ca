import XCTest
@testable import TouchpointDomain

/// The merge cases, spelled out as the issue asks.
final class IdentityResolverTests: XCTestCase {
    func testAnonymousHistoryJoinsTheKnownPersonOnIdentify() {
        var graph = IdentityGraphHarness()
        let visit = graph.receive(#"{"type":"page","anonymousId":"a1"}"#)[0]
        let known = graph.receive(#"{"type":"identify","anonymousId":"a1","userId":"u1"}"#)[0]
        XCTAssertEqual(visit, known)
        XCTAssertEqual(graph.profile("user_id:u1"), visit)
        XCTAssertTrue(graph.merges.isEmpty, "attaching a new userId to an anonymous profile is not a merge of two profiles")
    }

    func testTwoDevicesMergeWhenTheSamePersonSignsInOnBoth() {
        var graph = IdentityGraphHarness()
        let phone = graph.receive(#"{"type":"screen","anonymousId":"phone"}"#)[0]!
        let laptop = graph.receive(#"{"type":"page","anonymousId":"laptop"}"#)[0]!
        XCTAssertNotEqual(phone, laptop)
        graph.receive(#"{"type":"identify","anonymousId":"phone","userId":"u1"}"#)
        let merged = graph.receive(#"{"type":"identify","anonymousId":"laptop","userId":"u1"}"#)[0]!
        XCTAssertEqual(merged, phone, "the profile holding the userId survives")
        XCTAssertEqual(graph.profile("anonymous_id:laptop"), phone)
        XCTAssertEqual(graph.merges.count, 1)
        XCTAssertEqual(graph.merges[0].absorbed, laptop)
        XCTAssertEqual(graph.merges[0].identifiers.map(\.key), ["anonymous_id:laptop"])
    }

    func testEmailCaseAndDotsResolveToOnePerson() {
        var graph = IdentityGraphHarness()
        let first = graph.receive(#"{"type":"identify","anonymousId":"a1","traits":{"email":"Ann.Smith@Gmail.com"}}"#)[0]
        let second = graph.receive(#"{"type":"track","anonymousId":"a2","event":"Opened","context":{"traits":{"email":"annsmith@GMAIL.com"}}}"#)[0]
        XCTAssertEqual(first, second)
    }

    func testPhoneFormatsResolveToOnePerson() {
        var graph = IdentityGraphHarness()
        let first = graph.receive(#"{"type":"identify","userId":"u1","traits":{"phone":"+48 601 234 567"}}"#)[0]
        let second = graph.receive(#"{"type":"track","anonymousId":"kiosk-7","event":"Call","context":{"traits":{"phone":"0048601234567"}}}"#)[0]
        XCTAssertEqual(first, second)
    }

    func testAliasChainsJoinEveryName() {
        var graph = IdentityGraphHarness()
        let start = graph.receive(#"{"type":"track","userId":"old-a","event":"E"}"#)[0]
        graph.receive(#"{"type":"alias","previousId":"old-a","userId":"mid-b"}"#)
        graph.receive(#"{"type":"alias","previousId":"mid-b","userId":"new-c"}"#)
        XCTAssertEqual(graph.profile("user_id:mid-b"), start)
        XCTAssertEqual(graph.profile("user_id:new-c"), start)
        XCTAssertTrue(graph.conflicts.isEmpty)
    }

    func testAliasMergesTwoExistingProfiles() {
        var graph = IdentityGraphHarness()
        let a = graph.receive(#"{"type":"track","userId":"legacy-1","event":"E"}"#)[0]!
        let b = graph.receive(#"{"type":"track","userId":"new-1","event":"E"}"#)[0]!
        graph.receive(#"{"type":"alias","previousId":"legacy-1","userId":"new-1"}"#)
        XCTAssertEqual(graph.profile("user_id:legacy-1"), b)
        XCTAssertEqual(graph.merges.map(\.absorbed), [a])
    }

    func testConflictingUserIdsAreNeverMergedSilently() {
        var graph = IdentityGraphHarness()
        let ann = graph.receive(#"{"type":"identify","userId":"ann","traits":{"email":"family@example.com"}}"#)[0]!
        let bob = graph.receive(#"{"type":"identify","userId":"bob","traits":{"email":"family@example.com"}}"#)[0]!
        XCTAssertNotEqual(ann, bob)
        XCTAssertEqual(graph.profile("email:family@example.com"), ann)
        XCTAssertEqual(graph.profile("user_id:bob"), bob)
        XCTAssertEqual(graph.conflicts.count, 1)
        XCTAssertTrue(graph.conflicts[0].reason.contains("bob"))
        XCTAssertTrue(graph.merges.isEmpty)
    }

    func testSharedDeviceDoesNotMergeTwoKnownPeople() {
        var graph = IdentityGraphHarness()
        let ann = graph.receive(#"{"type":"identify","userId":"ann","anonymousId":"tablet"}"#)[0]!
        let bob = graph.receive(#"{"type":"identify","userId":"bob"}"#)[0]!
        let later = graph.receive(#"{"type":"track","userId":"bob","anonymousId":"tablet","event":"E"}"#)[0]!
        XCTAssertEqual(later, bob)
        XCTAssertEqual(graph.profile("anonymous_id:tablet"), ann)
        XCTAssertFalse(graph.conflicts.isEmpty)
        XCTAssertTrue(graph.merges.isEmpty)
    }

    func testExternalIdsLinkStoreAndWeb() {
        var graph = IdentityGraphHarness()
        let web = graph.receive(#"{"type":"identify","userId":"u1","context":{"externalIds":[{"id":"LC-1","type":"loyalty_card","collection":"users","encoding":"none"}]}}"#)[0]
        let store = graph.receive(#"{"type":"track","anonymousId":"pos-1","event":"Order Completed","context":{"channel":"store","externalIds":[{"id":"LC-1","type":"loyalty_card","collection":"users","encoding":"none"}]}}"#)[0]
        XCTAssertEqual(web, store)
    }

    func testMergesInsideOneGroupRedirectEarlierMessages() {
        var graph = IdentityGraphHarness()
        let result = graph.receive(
            #"{"type":"page","anonymousId":"a1"}"#,
            #"{"type":"page","anonymousId":"a2"}"#,
            #"{"type":"identify","anonymousId":"a1","userId":"u1"}"#,
            #"{"type":"identify","anonymousId":"a2","userId":"u1"}"#)
        XCTAssertEqual(Set(result.compactMap { $0 }).count, 1, "every message ends on the surviving profile")
    }

    func testProfilesKeptApartAfterAnUndoneMergeDoNotMergeAgain() throws {
        var graph = IdentityGraphHarness()
        graph.receive(#"{"type":"page","anonymousId":"shared-laptop"}"#, #"{"type":"identify","userId":"ann","traits":{"email":"ann@example.com"}}"#)
        let device = try XCTUnwrap(graph.profile("anonymous_id:shared-laptop"))
        let ann = try XCTUnwrap(graph.profile("user_id:ann"))
        XCTAssertNotEqual(device, ann)
        graph.separated = [ProfilePair(device, ann)]
        graph.receive(#"{"type":"identify","anonymousId":"shared-laptop","userId":"ann"}"#)
        XCTAssertNotEqual(graph.profile("anonymous_id:shared-laptop"), graph.profile("user_id:ann"), "the undone merge stays undone")
        XCTAssertEqual(graph.conflicts.last?.reason, "these profiles were kept apart when a merge of them was undone")
        XCTAssertTrue(graph.merges.isEmpty)

        // The laptop's profile merges with a third one: the rule follows it, so it still does not meet Ann's.
        graph.receive(#"{"type":"identify","anonymousId":"shared-laptop","traits":{"email":"laptop-owner@example.com"}}"#,
                      #"{"type":"page","anonymousId":"tablet"}"#)
        graph.receive(#"{"type":"identify","anonymousId":"tablet","traits":{"email":"laptop-owner@example.com"}}"#)
        let merged = try XCTUnwrap(graph.profile("anonymous_id:tablet"))
        XCTAssertEqual(graph.profile("anonymous_id:shared-laptop"), merged)
        graph.receive(#"{"type":"track","anonymousId":"tablet","userId":"ann","event":"Order Completed"}"#)
        XCTAssertNotEqual(graph.profile("anonymous_id:tablet"), graph.profile("user_id:ann"))

        // Once the rule is removed, the next message that ties them merges them.
        graph.separated = []
        graph.receive(#"{"type":"track","anonymousId":"tablet","userId":"ann","event":"Order Completed"}"#)
        XCTAssertEqual(graph.profile("anonymous_id:tablet"), graph.profile("user_id:ann"))
    }

    func testErasedIdentifiersAreSuppressed() {
        var graph = IdentityGraphHarness()
        graph.suppressed = ["email:gone@example.com"]
        let result = graph.receive(#"{"type":"identify","userId":"new","traits":{"email":"gone@example.com"}}"#)
        XCTAssertEqual(result, [nil])
    }

    func testAMergeAuditGainsTheStoredIdentifiersTheSnapshotLeftOutAlongAChain() {
        let a = ProfileID(rawValue: "a"), b = ProfileID(rawValue: "b"), c = ProfileID(rawValue: "c")
        func merge(_ survivor: ProfileID, absorbs absorbed: ProfileID, _ keys: [String]) -> MergeRecord {
            MergeRecord(id: MergeID(rawValue: "m-" + absorbed.rawValue), at: 0, messageID: "m", survivor: survivor, absorbed: absorbed,
                        identifiers: keys.compactMap(IdentityResolver.identifier(fromKey:)))
        }
        var plan = ResolutionPlan(profileOfMessage: [], newProfiles: [], newIdentities: [],
                                  merges: [merge(b, absorbs: a, ["anonymous_id:a1"]), merge(c, absorbs: b, ["anonymous_id:a1", "user_id:ub"])],
                                  conflicts: [])
        plan.completeMerges(withStoredIdentifiers: [
            a: [Identifier(kind: .email, value: "a@example.com")],
            b: [Identifier(kind: .anonymousID, value: "b-device")],
        ])
        XCTAssertEqual(plan.merges[0].identifiers.map(\.key), ["anonymous_id:a1", "email:a@example.com"])
        XCTAssertEqual(plan.merges[1].identifiers.map(\.key), ["anonymous_id:a1", "anonymous_id:b-device", "email:a@example.com", "user_id:ub"],
                       "b carries what it absorbed from a when c absorbs it")
    }
}
