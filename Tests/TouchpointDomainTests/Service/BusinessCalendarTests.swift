import XCTest
@testable import TouchpointDomain

final class BusinessCalendarTests: XCTestCase {
    typealias F = ServiceFixtures

    func testSeveralPeriodsADaySkipTheLunchBreak() {
        let calendar = BusinessCalendar.weekdays(F.withLunchBreak, timeZone: "UTC")
        let mondayTen = F.at("2025-03-03 10:00")
        XCTAssertEqual(calendar.businessSeconds(from: mondayTen, to: F.at("2025-03-03 14:00")), 3 * F.hour)
        XCTAssertFalse(calendar.isOpen(at: F.at("2025-03-03 12:30")))
        XCTAssertTrue(calendar.isOpen(at: F.at("2025-03-03 13:00")))
        XCTAssertFalse(calendar.isOpen(at: F.at("2025-03-03 17:00")), "periods exclude their end")
        XCTAssertEqual(calendar.nextOpening(after: F.at("2025-03-03 12:30")), F.at("2025-03-03 13:00"))
        XCTAssertEqual(calendar.adding(businessSeconds: 3 * F.hour, to: mondayTen), F.at("2025-03-03 14:00"))
    }

    func testHolidaysAreSkipped() {
        let calendar = BusinessCalendar.weekdays(F.nineToFive, timeZone: "UTC", holidays: ["2025-03-04"])
        let mondayFour = F.at("2025-03-03 16:00")
        XCTAssertFalse(calendar.isOpen(at: F.at("2025-03-04 10:00")))
        XCTAssertEqual(calendar.businessSeconds(from: mondayFour, to: F.at("2025-03-05 10:00")), 2 * F.hour)
        XCTAssertEqual(calendar.adding(businessSeconds: 2 * F.hour, to: mondayFour), F.at("2025-03-05 10:00"))
        XCTAssertEqual(calendar.nextOpening(after: F.at("2025-03-03 18:00")), F.at("2025-03-05 09:00"))
    }

    func testFridayEveningRunsOnToMonday() {
        let calendar = F.warsawOffice
        let fridayFour = F.at("2025-03-14 16:00", "Europe/Warsaw")
        let mondayTen = F.at("2025-03-17 10:00", "Europe/Warsaw")
        XCTAssertEqual(calendar.adding(businessSeconds: 2 * F.hour, to: fridayFour), mondayTen)
        XCTAssertEqual(calendar.businessSeconds(from: fridayFour, to: mondayTen), 2 * F.hour)
        XCTAssertFalse(calendar.isOpen(at: F.at("2025-03-15 12:00", "Europe/Warsaw")))
        XCTAssertEqual(calendar.nextOpening(after: F.at("2025-03-14 17:00", "Europe/Warsaw")), F.at("2025-03-17 09:00", "Europe/Warsaw"))
    }

    func testAmountEndingAtClosingTimeGivesClosingTimeNotNextOpening() {
        let fridayFour = F.at("2025-03-14 16:00", "Europe/Warsaw")
        XCTAssertEqual(F.warsawOffice.adding(businessSeconds: F.hour, to: fridayFour), F.at("2025-03-14 17:00", "Europe/Warsaw"))
    }

    func testAddingZeroLeavesTheDateAloneEvenWhenClosed() {
        let saturday = F.at("2025-03-15 12:00", "Europe/Warsaw")
        XCTAssertEqual(F.warsawOffice.adding(businessSeconds: 0, to: saturday), saturday)
        XCTAssertEqual(F.warsawOffice.nextOpening(after: saturday), F.at("2025-03-17 09:00", "Europe/Warsaw"))
    }

    func testSpringForwardDayInWarsawHas23Hours() {
        // 2025-03-30: clocks jump from 02:00 to 03:00.
        let calendar = F.warsawAllDay
        let start = F.at("2025-03-30 00:00", "Europe/Warsaw")
        let end = F.at("2025-03-31 00:00", "Europe/Warsaw")
        XCTAssertEqual(calendar.businessSeconds(from: start, to: end), 23 * F.hour)
        XCTAssertEqual(calendar.adding(businessSeconds: 23 * F.hour, to: start), end)

        var night = BusinessCalendar(name: "Night", timeZone: "Europe/Warsaw", weeklyHours: [.sunday: [DayPeriod(start: "01:00", end: "05:00")]])
        XCTAssertEqual(night.businessSeconds(from: start, to: end), 3 * F.hour, "01:00–05:00 lasts 3 real hours that night")
        night.weeklyHours = [.friday: F.nineToFive, .monday: F.nineToFive]
        // Friday 16:00 CET → Monday 10:00 CEST is 2 business hours although the offset changed in between.
        XCTAssertEqual(night.businessSeconds(from: F.at("2025-03-28 16:00", "Europe/Warsaw"), to: F.at("2025-03-31 10:00", "Europe/Warsaw")), 2 * F.hour)
    }

    func testFallBackDayInWarsawHas25Hours() {
        // 2025-10-26: clocks go back from 03:00 to 02:00.
        let calendar = F.warsawAllDay
        let start = F.at("2025-10-26 00:00", "Europe/Warsaw")
        let end = F.at("2025-10-27 00:00", "Europe/Warsaw")
        XCTAssertEqual(calendar.businessSeconds(from: start, to: end), 25 * F.hour)
        let night = BusinessCalendar(name: "Night", timeZone: "Europe/Warsaw", weeklyHours: [.sunday: [DayPeriod(start: "01:00", end: "05:00")]])
        XCTAssertEqual(night.businessSeconds(from: start, to: end), 5 * F.hour)
        XCTAssertEqual(F.warsawOffice.adding(businessSeconds: 8 * F.hour, to: F.at("2025-10-24 09:00", "Europe/Warsaw")), F.at("2025-10-24 17:00", "Europe/Warsaw"))
        XCTAssertEqual(F.warsawOffice.adding(businessSeconds: 9 * F.hour, to: F.at("2025-10-24 09:00", "Europe/Warsaw")), F.at("2025-10-27 10:00", "Europe/Warsaw"))
    }

    func testAddingAndBusinessSecondsRoundTrip() {
        let calendars = [F.warsawOffice, BusinessCalendar.weekdays(F.withLunchBreak, timeZone: "America/New_York", holidays: ["2025-07-04"]), F.warsawAllDay]
        let starts = [F.at("2025-03-28 11:17"), F.at("2025-07-03 22:05"), F.at("2025-10-25 23:59"), F.at("2025-12-31 08:00")]
        let amounts: [TimeInterval] = [1, 59 * F.minute, 4 * F.hour, 8 * F.hour, 37 * F.hour + 13, 300 * F.hour]
        for calendar in calendars {
            for start in starts {
                for amount in amounts {
                    let due = calendar.adding(businessSeconds: amount, to: start)
                    XCTAssertGreaterThan(due, start)
                    XCTAssertEqual(calendar.businessSeconds(from: start, to: due), amount, accuracy: 0.001, "\(calendar.timeZone) \(start) +\(amount)")
                }
            }
        }
    }

    func testBusinessSecondsIsZeroForEmptyOrBackwardSpans() {
        let moment = F.at("2025-03-03 10:00")
        XCTAssertEqual(BusinessCalendar.alwaysOpen.businessSeconds(from: moment, to: moment), 0)
        XCTAssertEqual(BusinessCalendar.alwaysOpen.businessSeconds(from: moment, to: moment.addingTimeInterval(-F.hour)), 0)
        XCTAssertEqual(BusinessCalendar.alwaysOpen.businessSeconds(from: moment, to: moment.addingTimeInterval(90)), 90)
    }

    func testOneYearSpanIsFast() {
        let calendar = BusinessCalendar.weekdays(F.withLunchBreak, timeZone: "Europe/Warsaw", holidays: ["2025-01-01", "2025-12-25", "2025-12-26"])
        let start = F.at("2025-01-01 00:00", "Europe/Warsaw")
        let end = F.at("2026-01-01 00:00", "Europe/Warsaw")
        let clock = ContinuousClock()
        var seconds = 0.0
        let elapsed = clock.measure { seconds = calendar.businessSeconds(from: start, to: end) }
        // 261 weekdays in 2025, less 3 holidays (all weekdays), 8 hours each.
        XCTAssertEqual(seconds, 258 * 8 * F.hour)
        XCTAssertLessThan(elapsed, .milliseconds(100), "a year of business time should take a few milliseconds, took \(elapsed)")
        XCTAssertEqual(calendar.adding(businessSeconds: seconds, to: start), F.at("2025-12-31 17:00", "Europe/Warsaw"))
    }

    func testNeverOpenCalendarHasNoNextOpening() {
        let closed = BusinessCalendar(name: "Closed", timeZone: "UTC", weeklyHours: [:])
        XCTAssertNil(closed.nextOpening(after: F.at("2025-03-03 10:00")))
        XCTAssertEqual(closed.adding(businessSeconds: 60, to: F.at("2025-03-03 10:00")), .distantFuture)
    }

    func testValidationSaysWhatToFix() {
        func message(_ calendar: BusinessCalendar) -> String? {
            do { try calendar.validate(); return nil } catch { return (error as? ServiceRuleError)?.description }
        }
        XCTAssertNil(message(F.warsawOffice))
        XCTAssertNil(message(.alwaysOpen))
        XCTAssertEqual(message(.weekdays(F.nineToFive, timeZone: "Europe/Warszawa")).map { $0.contains("Unknown time zone 'Europe/Warszawa'") }, true)
        XCTAssertEqual(message(.weekdays([DayPeriod(start: "9:00", end: "17:00")], timeZone: "UTC")).map { $0.contains("'9:00' is not a time") }, true)
        XCTAssertEqual(message(.weekdays([DayPeriod(start: "24:00", end: "24:00")], timeZone: "UTC")).map { $0.contains("'24:00' is not a time") }, true)
        XCTAssertEqual(message(.weekdays([DayPeriod(start: "17:00", end: "09:00")], timeZone: "UTC")).map { $0.contains("ends before it starts") }, true)
        XCTAssertEqual(message(.weekdays([DayPeriod(start: "09:00", end: "13:00"), DayPeriod(start: "12:00", end: "17:00")], timeZone: "UTC")).map { $0.contains("overlap") }, true)
        XCTAssertEqual(message(.weekdays(F.nineToFive, timeZone: "UTC", holidays: ["2025-02-30"])).map { $0.contains("Holiday '2025-02-30' is not a date") }, true)
        XCTAssertNil(message(.weekdays([DayPeriod(start: "08:00", end: "12:00"), DayPeriod(start: "12:00", end: "24:00")], timeZone: "UTC")), "touching periods are fine")
    }

    func testDayPeriodMinutes() {
        XCTAssertEqual(DayPeriod(start: "08:30", end: "24:00").startMinute, 510)
        XCTAssertEqual(DayPeriod(start: "08:30", end: "24:00").endMinute, 1440)
        XCTAssertNil(DayPeriod(start: "24:00", end: "25:00").startMinute)
        XCTAssertNil(DayPeriod(start: "08:60", end: "25:00").endMinute)
    }

    func testCodableWritesWeeklyHoursKeyedByWeekday() throws {
        let calendar = BusinessCalendar(name: "Shop", timeZone: "Europe/Warsaw", weeklyHours: [.monday: F.nineToFive], holidays: ["2025-12-25"])
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let json = String(decoding: try encoder.encode(calendar), as: UTF8.self)
        XCTAssertTrue(json.contains(#""weeklyHours":{"monday":[{"end":"17:00","start":"09:00"}]}"#), json)
        XCTAssertEqual(try JSONDecoder().decode(BusinessCalendar.self, from: Data(json.utf8)), calendar)
        let typed = #"{"name":"x","timeZone":"UTC","weeklyHours":{"Funday":[]}}"#
        XCTAssertThrowsError(try JSONDecoder().decode(BusinessCalendar.self, from: Data(typed.utf8)))
    }

    /// Foundation numbers years before 1 AD in era 0 and uses the Julian calendar before 1582: a span across year 0
    /// once gave a last day before the first, and the closed range trapped. It counts, and never traps.
    func testSpansAcrossYearZeroDoNotTrap() throws {
        let calendar = BusinessCalendar.weekdays(F.withLunchBreak, timeZone: "Europe/Warsaw")
        let yearZero = try XCTUnwrap(Timestamps.parse("0000-06-01T12:00:00Z"))
        let yearOne = try XCTUnwrap(Timestamps.parse("0001-02-01T12:00:00Z"))
        XCTAssertGreaterThanOrEqual(calendar.businessSeconds(from: yearZero, to: yearOne), 0)
        XCTAssertGreaterThanOrEqual(calendar.businessSeconds(from: yearZero, to: F.at("2025-03-03 14:00")), 0)
    }
}
