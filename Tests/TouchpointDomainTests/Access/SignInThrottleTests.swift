import Foundation
import XCTest
@testable import TouchpointDomain

final class SignInThrottleTests: XCTestCase {
    let now = Date(timeIntervalSince1970: 1_800_000_000)
    let throttle = SignInThrottle(window: 900, accountFailures: 5, addressFailures: 20)

    func minutesAgo(_ minutes: Double) -> Date { now.addingTimeInterval(-minutes * 60) }

    func testFewFailuresDoNotWait() {
        XCTAssertNil(throttle.wait(accountFailureTimes: (1...4).map { minutesAgo(Double($0)) }, addressFailureTimes: [], now: now))
    }

    func testTheFifthFailureLocksUntilTheOldestCountedLeavesTheWindow() {
        let failures = [1, 2, 3, 4, 10].map { minutesAgo(Double($0)) }
        // The failure 10 minutes ago fills the limit; it leaves the 15-minute window in 5 minutes.
        XCTAssertEqual(throttle.wait(accountFailureTimes: failures, addressFailureTimes: [], now: now), 300)
    }

    func testFailuresOutsideTheWindowAreForgotten() {
        let failures = [16, 17, 18, 19, 20].map { minutesAgo(Double($0)) }
        XCTAssertNil(throttle.wait(accountFailureTimes: failures, addressFailureTimes: [], now: now))
    }

    func testAnAddressTryingManyAccountsWaitsAndTheLongerWaitWins() {
        let address = (0..<20).map { minutesAgo(Double($0) * 0.5) }
        let wait = throttle.wait(accountFailureTimes: [minutesAgo(1)], addressFailureTimes: address, now: now)
        XCTAssertEqual(wait, 330, "the oldest of the twenty, 9.5 minutes ago, leaves the window in 5.5 minutes")
        let both = throttle.wait(accountFailureTimes: [1, 2, 3, 4, 14].map { minutesAgo(Double($0)) }, addressFailureTimes: address, now: now)
        XCTAssertEqual(both, 330, "the longer of the two waits (the account alone would wait 60 s)")
    }

    func testWaitIsAtLeastOneSecond() {
        let failures = [1, 2, 3, 4].map { minutesAgo(Double($0)) } + [now.addingTimeInterval(-899.9)]
        XCTAssertEqual(throttle.wait(accountFailureTimes: failures, addressFailureTimes: [], now: now), 1)
    }
}
