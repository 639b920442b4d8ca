import Foundation
import TouchpointDomain

/// Calendar arithmetic for the demo in whole milliseconds, without Foundation calendars, so that it is
/// fast and the same everywhere. Opening hours are in Polish local time (CET / CEST).
enum DemoTime {
    static let minute: Int64 = 60_000
    static let hour: Int64 = 3_600_000
    static let day: Int64 = 86_400_000

    /// Days since 1970-01-01 → (year, month, day).
    static func civil(days: Int64) -> (year: Int, month: Int, day: Int) { CivilCalendar.date(days: Int(days)) }

    /// (year, month, day) → days since 1970-01-01.
    static func days(year: Int, month: Int, day: Int) -> Int64 { Int64(CivilCalendar.days(year: year, month: month, day: day)) }

    /// Rounded down to a whole second.
    static func wholeSecond(_ ms: Int64) -> Int64 { ms - ((ms % 1000) + 1000) % 1000 }

    static func dayIndex(_ ms: Int64) -> Int64 { ms >= 0 ? ms / day : (ms - day + 1) / day }

    /// 0 = Sunday … 6 = Saturday.
    static func weekday(days: Int64) -> Int { Int(((days % 7) + 11) % 7) }

    /// The last Sunday of a month, as days since 1970.
    private static func lastSunday(year: Int, month: Int) -> Int64 {
        let nextMonth = month == 12 ? days(year: year + 1, month: 1, day: 1) : days(year: year, month: month + 1, day: 1)
        var candidate = nextMonth - 1
        while weekday(days: candidate) != 0 { candidate -= 1 }
        return candidate
    }

    /// Hours Warsaw is ahead of UTC on a day: 2 from the last Sunday of March to the last Sunday of October.
    static func warsawOffsetHours(days: Int64) -> Int64 {
        let year = civil(days: days).year
        return days >= lastSunday(year: year, month: 3) && days < lastSunday(year: year, month: 10) ? 2 : 1
    }

    /// The instant of a local (Warsaw) hour, given as a fraction (13.5 = 13:30), on a day, in whole seconds.
    ///
    /// Demo instants are whole seconds: `Date` keeps seconds as a binary fraction, so a millisecond
    /// part does not always survive a parse and format round trip unchanged.
    static func instant(days: Int64, localHour: Double) -> Int64 {
        days * day + Int64(localHour * 3600) * 1000 - warsawOffsetHours(days: days) * hour
    }

    static func month(_ ms: Int64) -> (year: Int, month: Int) {
        let date = civil(days: dayIndex(ms))
        return (date.year, date.month)
    }

    /// `YYYY-MM-DD` of the instant in UTC.
    static func dateText(_ ms: Int64) -> String {
        let date = civil(days: dayIndex(ms))
        return "\(date.year)-\(twoDigits(date.month))-\(twoDigits(date.day))"
    }

    static func twoDigits(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }

    /// ISO-8601 in UTC with milliseconds (`2025-11-27T10:00:00.123Z`), the form `Timestamps.format` writes.
    static func iso(_ ms: Int64) -> String {
        let days = dayIndex(ms)
        let date = civil(days: days)
        let inDay = ms - days * day
        let millis = Int(inDay % 1000), seconds = Int(inDay / 1000)
        let h = seconds / 3600, m = (seconds / 60) % 60, s = seconds % 60
        let fraction = millis < 10 ? "00\(millis)" : millis < 100 ? "0\(millis)" : "\(millis)"
        return "\(date.year)-\(twoDigits(date.month))-\(twoDigits(date.day))T\(twoDigits(h)):\(twoDigits(m)):\(twoDigits(s)).\(fraction)Z"
    }

    /// Retail demand by month: Black Week and Christmas lead, summer is quiet.
    static func seasonality(month: Int) -> Double {
        [1.0, 0.75, 0.7, 0.8, 0.8, 0.85, 0.8, 0.85, 0.95, 0.95, 1.0, 1.65, 1.45][month]
    }
    static let peakSeasonality = 1.65

    /// Local opening or activity hours of a kind of touchpoint, drawn with realistic daily curves.
    enum Activity { case browsing, store, callCentre, chat, emailSend }

    static func localHour(_ activity: Activity, weekday: Int, random: inout SeededRandom) -> Double? {
        switch activity {
        case .browsing:
            let weights: [Double] = [1, 2, 3, 3, 3, 3, 4, 4, 3, 3, 4, 5, 6, 7, 8, 7, 4] // 7:00 … 23:00
            return 7 + Double(random.weighted(weights)) + random.unit()
        case .store:
            // Most Sundays shops are closed by law in Poland.
            if weekday == 0 { return nil }
            let weights: [Double] = [2, 3, 4, 4, 4, 5, 6, 7, 7, 5, 3] // 10:00 … 20:59
            return 10 + Double(random.weighted(weights)) + random.unit()
        case .callCentre:
            if weekday == 0 { return nil }
            if weekday == 6 { return 9 + random.unit() * 7 }
            let weights: [Double] = [5, 7, 7, 6, 5, 5, 5, 5, 6, 5, 3, 2] // 8:00 … 19:59
            return 8 + Double(random.weighted(weights)) + random.unit()
        case .chat:
            let weights: [Double] = [2, 4, 5, 5, 5, 4, 4, 4, 5, 5, 5, 6, 6, 4] // 8:00 … 21:59
            return 8 + Double(random.weighted(weights)) + random.unit()
        case .emailSend:
            return 10 + random.unit() * 0.05
        }
    }

    /// An instant about `afterDays` days after `from`, at a plausible hour for the activity and never
    /// earlier than a few minutes after `from`.
    static func next(after from: Int64, days afterDays: Double, _ activity: Activity, random: inout SeededRandom) -> Int64 {
        var target = dayIndex(from + Int64(afterDays * Double(day)))
        for _ in 0..<4 {
            if let hour = localHour(activity, weekday: weekday(days: target), random: &random) {
                let candidate = instant(days: target, localHour: hour)
                if candidate > from + 5 * minute { return candidate }
                target += 1
            } else {
                target += 1
            }
        }
        return from + Int64(random.int(10...90)) * minute
    }
}
