import XCTest
@testable import TouchpointApp

/// A value is trusted for its lifetime only; a full cache starts over (the API tokens, the write keys).
final class ExpiringCacheTests: XCTestCase {
    func testAStoredValueIsKeptForItsLifetimeOnly() {
        let cache = ExpiringCache<String, String>(lifetime: 5_000_000_000, capacity: 1_024)
        XCTAssertNil(cache.value(for: "secret", now: 1_000))
        cache.store("agent", for: "secret", now: 1_000)
        XCTAssertEqual(cache.value(for: "secret", now: 1_000 + cache.lifetime - 1), "agent")
        XCTAssertNil(cache.value(for: "secret", now: 1_000 + cache.lifetime))
        XCTAssertNil(cache.value(for: "other", now: 1_001))
    }

    func testAFullCacheStartsOver() {
        let cache = ExpiringCache<String, String>(lifetime: 5_000_000_000, capacity: 1_024)
        for index in 0..<1_024 { cache.store("admin", for: "token-\(index)", now: 5) }
        XCTAssertNotNil(cache.value(for: "token-0", now: 6))
        cache.store("admin", for: "one more", now: 6)
        XCTAssertNil(cache.value(for: "token-0", now: 7))
        XCTAssertNotNil(cache.value(for: "one more", now: 7))
    }

    func testForgettingByKeyOrByValue() {
        let cache = ExpiringCache<String, Int>(lifetime: 5_000_000_000)
        cache.store(1, for: "a", now: 0)
        cache.store(2, for: "b", now: 0)
        cache.store(2, for: "c", now: 0)
        cache.forget("a")
        cache.forget { $0 == 2 }
        XCTAssertNil(cache.value(for: "a", now: 1))
        XCTAssertNil(cache.value(for: "b", now: 1))
        XCTAssertNil(cache.value(for: "c", now: 1))
    }
}
