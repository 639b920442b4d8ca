import XCTest
@testable import TouchpointDomain

/// Quiet hours are asked on every decision for a mail, call or push: the quick check by the zone's offset must agree
/// with the calendar's answer, across summer time and zones off the whole hour.
final class ContactPolicyQuietHoursTests: XCTestCase {
    func testTheQuickCheckAgreesWithTheCalendarEveryHalfHourOfAYear() {
        let policy = ContactPolicy.standard
        let start = Date(timeIntervalSince1970: 1_767_225_600)  // 2026-01-01T00:00:00Z
        for zone in ["Europe/Warsaw", "America/New_York", "Asia/Kolkata", "Australia/Adelaide", "Nowhere/Unknown", nil] as [String?] {
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = zone.flatMap(TimeZone.init(identifier:)) ?? TimeZone(identifier: policy.defaultTimeZone)!
            for step in stride(from: 0, to: 365 * 48, by: 7) {
                let now = start.addingTimeInterval(Double(step) * 1_800)
                let hour = calendar.component(.hour, from: now)
                let expected = hour >= policy.quietFromHour || hour < policy.quietUntilHour
                XCTAssertEqual(policy.isQuiet(at: now, timeZone: zone), expected, "\(zone ?? "default") at \(now)")
                XCTAssertEqual(policy.endOfQuietHours(at: now, timeZone: zone) != nil, expected, "\(zone ?? "default") at \(now)")
            }
        }
    }

    func testQuietHoursWithinOneDay() {
        let policy = ContactPolicy(cooldownDays: 0, quietFromHour: 12, quietUntilHour: 14, defaultTimeZone: "UTC")
        let noon = Date(timeIntervalSince1970: 1_767_268_800)  // 2026-01-01T12:00:00Z
        XCTAssertTrue(policy.isQuiet(at: noon, timeZone: nil))
        XCTAssertTrue(policy.isQuiet(at: noon.addingTimeInterval(7_199), timeZone: nil))
        XCTAssertFalse(policy.isQuiet(at: noon.addingTimeInterval(7_200), timeZone: nil))
        XCTAssertFalse(policy.isQuiet(at: noon.addingTimeInterval(-1), timeZone: nil))
    }
}
