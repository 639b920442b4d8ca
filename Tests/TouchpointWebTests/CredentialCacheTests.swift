import XCTest
@testable import TouchpointWeb
import TouchpointDomain

/// A checked token is trusted for a few seconds; an unknown one is never kept.
final class CredentialCacheTests: XCTestCase {
    func testACheckedTokenIsKeptForItsLifetimeOnly() {
        let cache = CredentialCache()
        let principal = Principal(role: .agent, name: "token")
        XCTAssertNil(cache.principal(for: "secret", now: 1_000))
        cache.remember(principal, for: "secret", now: 1_000)
        XCTAssertEqual(cache.principal(for: "secret", now: 1_000 + CredentialCache.lifetime - 1)?.role, .agent)
        XCTAssertNil(cache.principal(for: "secret", now: 1_000 + CredentialCache.lifetime))
        XCTAssertNil(cache.principal(for: "other", now: 1_001))
    }

    func testAFullCacheStartsOver() {
        let cache = CredentialCache()
        for index in 0..<CredentialCache.capacity { cache.remember(Principal(role: .admin, name: "t"), for: "token-\(index)", now: 5) }
        XCTAssertNotNil(cache.principal(for: "token-0", now: 6))
        cache.remember(Principal(role: .admin, name: "t"), for: "one more", now: 6)
        XCTAssertNil(cache.principal(for: "token-0", now: 7))
        XCTAssertNotNil(cache.principal(for: "one more", now: 7))
    }
}
