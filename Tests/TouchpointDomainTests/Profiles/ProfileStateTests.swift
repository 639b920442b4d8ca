import XCTest
@testable import TouchpointDomain

final class ProfileStateTests: XCTestCase {
    func testTraitsMergeByEventTimeNotArrivalOrder() {
        var state = ProfileState(id: "p")
        state.apply(time: 2_000, channel: .web, traits: ["plan": .string("gold")])
        state.apply(time: 1_000, channel: .email, traits: ["plan": .string("free"), "city": .string("Kraków")])
        XCTAssertEqual(state.traits["plan"], .string("gold"), "an older message arriving later does not win")
        XCTAssertEqual(state.traits["city"], .string("Kraków"))
        XCTAssertEqual(state.firstSeen, 1_000)
        XCTAssertEqual(state.lastSeen, 2_000)
        XCTAssertEqual(state.channels, [.web, .email])
    }

    func testAbsorbKeepsTheNewestTraitOfEither() {
        var survivor = ProfileState(id: "a")
        survivor.apply(time: 5, channel: .web, traits: ["name": .string("Ann")])
        var absorbed = ProfileState(id: "b")
        absorbed.apply(time: 9, channel: .store, traits: ["name": .string("Anna"), "tier": .string("vip")])
        survivor.absorb(absorbed)
        XCTAssertEqual(survivor.traits["name"], .string("Anna"))
        XCTAssertEqual(survivor.eventCount, 2)
        XCTAssertEqual(survivor.channels, [.web, .store])
    }

    func testRebuildEqualsIncrementalApplication() {
        let events: [(time: Int64, channel: Channel, traits: [String: JSONValue])] = [
            (3, .web, ["a": .number(1)]), (1, .phone, ["a": .number(0), "b": .bool(true)]), (2, .chat, [:]),
        ]
        var incremental = ProfileState(id: "p")
        for event in events { incremental.apply(time: event.time, channel: event.channel, traits: event.traits) }
        XCTAssertEqual(ProfileState.rebuild(id: "p", events: events), incremental)
    }

    func testTimelineCursorRoundTrips() {
        let cursor = TimelineCursor.encode(time: 1_790_000_000_123, sequence: 42)
        XCTAssertEqual(TimelineCursor.decode(cursor)?.time, 1_790_000_000_123)
        XCTAssertEqual(TimelineCursor.decode(cursor)?.sequence, 42)
        XCTAssertNil(TimelineCursor.decode("garbage!"))
    }
}
