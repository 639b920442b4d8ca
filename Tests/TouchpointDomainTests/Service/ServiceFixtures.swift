import Foundation
@testable import TouchpointDomain

/// Small named fixtures shared by the service-desk tests.
enum ServiceFixtures {
    /// A moment from local wall-clock text "yyyy-MM-dd HH:mm" in a time zone.
    static func at(_ text: String, _ timeZone: String = "UTC") -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: timeZone)!
        let parts = text.split(whereSeparator: { $0 == "-" || $0 == " " || $0 == ":" }).map { Int($0)! }
        return calendar.date(from: DateComponents(year: parts[0], month: parts[1], day: parts[2], hour: parts[3], minute: parts[4]))!
    }

    static let nineToFive = [DayPeriod(start: "09:00", end: "17:00")]
    static let withLunchBreak = [DayPeriod(start: "08:00", end: "12:00"), DayPeriod(start: "13:00", end: "17:00")]
    static let warsawOffice = BusinessCalendar.weekdays(nineToFive, timeZone: "Europe/Warsaw")

    /// Every day 00:00–24:00 in Warsaw: business time equals wall time, so DST shows in the totals.
    static let warsawAllDay = BusinessCalendar(
        name: "Warsaw all day", timeZone: "Europe/Warsaw",
        weeklyHours: Dictionary(uniqueKeysWithValues: Weekday.allCases.map { ($0, [DayPeriod(start: "00:00", end: "24:00")]) })
    )

    /// Round-the-clock policy with simple targets: first response 60 min, next response 30 min, resolution 240 min.
    static let simplePolicy = SLAPolicy(
        name: "Simple",
        calendar: .alwaysOpen,
        rules: [SLATargetRule(targets: SLATargets(firstResponseMinutes: 60, nextResponseMinutes: 30, resolutionMinutes: 240))]
    )

    static let minute: TimeInterval = 60
    static let hour: TimeInterval = 3600
}
