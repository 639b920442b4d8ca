import Foundation
import Synchronization

/// A day of the week, named so that stored calendars read the same in every locale.
public enum Weekday: String, Sendable, Codable, CaseIterable, Hashable {
    case monday, tuesday, wednesday, thursday, friday, saturday, sunday

    /// The weekday of a count of days since 1970-01-01 (a Thursday), computed without a `Calendar`.
    static func of(daysSince1970 days: Int) -> Weekday {
        let index = ((days + 3) % 7 + 7) % 7 // 0 = Monday
        return allCases[index]
    }
}

/// One stretch of opening hours within a day, as local wall-clock times "HH:mm" (24-hour). `end` may be "24:00"
/// for "until midnight". Strings rather than numbers because that is how people write and read opening hours.
public struct DayPeriod: Sendable, Codable, Equatable, Hashable {
    public var start: String
    public var end: String

    public init(start: String, end: String) {
        self.start = start
        self.end = end
    }

    /// Minutes after local midnight at which the period starts; nil when `start` is not a valid "HH:mm" time
    /// ("24:00" is not a valid start).
    public var startMinute: Int? { Self.minute(of: start, allowsEndOfDay: false) }

    /// Minutes after local midnight at which the period ends (1440 for "24:00"); nil when `end` is not valid.
    public var endMinute: Int? { Self.minute(of: end, allowsEndOfDay: true) }

    /// Parses exactly two digits, a colon and two digits; 00:00–23:59, plus 24:00 where allowed.
    static func minute(of text: String, allowsEndOfDay: Bool) -> Int? {
        let bytes = Array(text.utf8)
        guard bytes.count == 5, bytes[2] == UInt8(ascii: ":") else { return nil }
        let digits = [bytes[0], bytes[1], bytes[3], bytes[4]]
        guard digits.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else { return nil }
        let values = digits.map { Int($0 - UInt8(ascii: "0")) }
        let hour = values[0] * 10 + values[1]
        let minute = values[2] * 10 + values[3]
        if hour == 24 && minute == 0 && allowsEndOfDay { return 1440 }
        guard hour < 24, minute < 60 else { return nil }
        return hour * 60 + minute
    }
}

/// When the service desk works: weekly opening hours in one time zone, minus holidays. SLA clocks only count time
/// while the calendar is open, so that a ticket sent on Friday evening is not "late" on Monday morning.
///
/// All calculations use the Gregorian calendar in `timeZone`, so days that are 23 or 25 hours long (daylight
/// saving changes) are handled by Foundation. A calendar that does not `validate()` is still usable: malformed
/// periods are ignored and an unknown time zone falls back to UTC, so a bad setting degrades instead of crashing.
public struct BusinessCalendar: Sendable, Hashable {
    /// What people call it ("Warsaw office hours").
    public var name: String
    /// IANA time-zone identifier, e.g. "Europe/Warsaw".
    public var timeZone: String
    /// Opening periods per weekday; a missing or empty day is closed.
    public var weeklyHours: [Weekday: [DayPeriod]]
    /// Local dates "YYYY-MM-DD" on which the desk is closed all day.
    public var holidays: [String]

    public init(name: String, timeZone: String, weeklyHours: [Weekday: [DayPeriod]], holidays: [String] = []) {
        self.name = name
        self.timeZone = timeZone
        self.weeklyHours = weeklyHours
        self.holidays = holidays
    }

    /// Open around the clock, every day, in UTC: business time equals calendar time. The neutral choice where no
    /// calendar was configured.
    public static let alwaysOpen = BusinessCalendar(
        name: "Always open",
        timeZone: "UTC",
        weeklyHours: Dictionary(uniqueKeysWithValues: Weekday.allCases.map { ($0, [DayPeriod(start: "00:00", end: "24:00")]) }),
        holidays: []
    )

    /// The usual office calendar: the same periods Monday to Friday, closed at weekends.
    public static func weekdays(_ periods: [DayPeriod], timeZone: String, holidays: [String] = []) -> BusinessCalendar {
        let workdays: [Weekday] = [.monday, .tuesday, .wednesday, .thursday, .friday]
        return BusinessCalendar(
            name: "Weekdays",
            timeZone: timeZone,
            weeklyHours: Dictionary(uniqueKeysWithValues: workdays.map { ($0, periods) }),
            holidays: holidays
        )
    }

    // MARK: Validation

    /// Checks everything a person could have typed wrong, and says what to fix in the first problem found.
    public func validate() throws {
        if TimeZone(identifier: timeZone) == nil {
            throw ServiceRuleError.invalid("Unknown time zone '\(timeZone)': use an IANA name such as Europe/Warsaw or UTC.")
        }
        for day in Weekday.allCases {
            guard let periods = weeklyHours[day], !periods.isEmpty else { continue }
            var spans: [(start: Int, end: Int, period: DayPeriod)] = []
            for period in periods {
                guard let start = period.startMinute else {
                    throw ServiceRuleError.invalid("\(day.rawValue.capitalized): start '\(period.start)' is not a time; write 24-hour HH:mm, e.g. 09:00.")
                }
                guard let end = period.endMinute else {
                    throw ServiceRuleError.invalid("\(day.rawValue.capitalized): end '\(period.end)' is not a time; write 24-hour HH:mm, e.g. 17:00 (24:00 for midnight).")
                }
                guard end > start else {
                    throw ServiceRuleError.invalid("\(day.rawValue.capitalized): period \(period.start)–\(period.end) ends before it starts; the end must be later than the start (use 24:00 for midnight).")
                }
                spans.append((start, end, period))
            }
            spans.sort { $0.start < $1.start }
            for (earlier, later) in zip(spans, spans.dropFirst()) where later.start < earlier.end {
                throw ServiceRuleError.invalid("\(day.rawValue.capitalized): periods \(earlier.period.start)–\(earlier.period.end) and \(later.period.start)–\(later.period.end) overlap; make one end before the other starts.")
            }
        }
        for holiday in holidays where Self.days(ofLocalDate: holiday) == nil {
            throw ServiceRuleError.invalid("Holiday '\(holiday)' is not a date; write YYYY-MM-DD, e.g. 2025-12-25.")
        }
    }

    /// Days since 1970-01-01 of a strict "YYYY-MM-DD" text that names a real date.
    static func days(ofLocalDate text: String) -> Int? {
        let bytes = Array(text.utf8)
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-") else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for index in range {
                let byte = bytes[index]
                guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
            }
            return value
        }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10),
              (1...12).contains(month), day >= 1 else { return nil }
        let days = CivilCalendar.days(year: year, month: month, day: day)
        let back = CivilCalendar.date(days: days)
        guard back.year == year, back.month == month, back.day == day else { return nil }
        return days
    }

    // MARK: Queries

    /// Whether the desk is open at this moment. Periods include their start and exclude their end.
    public func isOpen(at date: Date) -> Bool {
        let engine = Engine.prepared(self)
        return engine.openIntervals(onDay: engine.localDay(of: date)).contains { $0.start <= date && date < $0.end }
    }

    /// Business seconds between two moments: the time within opening periods. 0 when `to` is not after `from`.
    /// Spans longer than `maximumSpanDays` (three years) are counted for their first three years only.
    public func businessSeconds(from: Date, to: Date) -> Double {
        guard to > from else { return 0 }
        let engine = Engine.prepared(self)
        let firstDay = engine.localDay(of: from)
        let lastDay = min(engine.localDay(of: to), firstDay + Self.maximumSpanDays)
        // Calendars far in the past can number days out of order; an empty span is zero, never a trap.
        guard lastDay >= firstDay else { return 0 }
        var total = 0.0
        for day in firstDay...lastDay {
            for interval in engine.openIntervals(onDay: day) {
                let start = max(interval.start, from)
                let end = min(interval.end, to)
                if end > start { total += end.timeIntervalSince(start) }
            }
        }
        return total
    }

    /// The moment at which `businessSeconds` of business time have elapsed, counting from `date`.
    ///
    /// Zero (or less) returns `date` unchanged even when the desk is closed then: nothing has to elapse, so nothing
    /// moves; callers who want "the next moment we are open" ask `nextOpening(after:)`. When the amount ends exactly
    /// at the end of a period the result is that end (Friday 17:00), not the next opening (Monday 09:00).
    /// When the calendar is never open within three years the result is `Date.distantFuture`.
    public func adding(businessSeconds: Double, to date: Date) -> Date {
        guard businessSeconds > 0 else { return date }
        let engine = Engine.prepared(self)
        let firstDay = engine.localDay(of: date)
        var remaining = businessSeconds
        for day in firstDay...(firstDay + Self.maximumSpanDays) {
            for interval in engine.openIntervals(onDay: day) where interval.end > date {
                let start = max(interval.start, date)
                let length = interval.end.timeIntervalSince(start)
                if remaining <= length { return start.addingTimeInterval(remaining) }
                remaining -= length
            }
        }
        return .distantFuture
    }

    /// The earliest moment at or after `date` at which the desk is open: `date` itself when it is open then,
    /// otherwise the start of the next opening period. Nil when the calendar is not open within three years.
    public func nextOpening(after date: Date) -> Date? {
        let engine = Engine.prepared(self)
        let firstDay = engine.localDay(of: date)
        for day in firstDay...(firstDay + Self.maximumSpanDays) {
            for interval in engine.openIntervals(onDay: day) where interval.end > date {
                return max(interval.start, date)
            }
        }
        return nil
    }

    /// The longest span any query walks, day by day: three years (leap days included).
    public static let maximumSpanDays = 3 * 366

    /// The resolved form of a calendar for one query: the Foundation calendar, periods as minutes and the holiday
    /// set, built once instead of re-parsing strings for every day walked.
    struct Engine: Sendable {
        let calendar: Calendar
        let minutesByWeekday: [Weekday: [(start: Int, end: Int)]]
        let holidayDays: Set<Int>
        /// What makes two calendars open at the same moments: the key under which their days are remembered.
        let signature: String
        /// A small number for the signature, so remembering a day hashes two integers rather than a string.
        var memoID = 0

        /// The engine of a calendar, built once: parsing the periods and loading the time zone cost more than the
        /// arithmetic an SLA report then does with them, case after case.
        static func prepared(_ business: BusinessCalendar) -> Engine { OpenDayMemo.shared.engine(for: business) }

        init(_ business: BusinessCalendar) {
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = TimeZone(identifier: business.timeZone) ?? TimeZone(identifier: "UTC")!
            self.calendar = calendar
            var minutes: [Weekday: [(start: Int, end: Int)]] = [:]
            for (day, periods) in business.weeklyHours {
                let spans = periods.compactMap { period -> (start: Int, end: Int)? in
                    guard let start = period.startMinute, let end = period.endMinute, end > start else { return nil }
                    return (start, end)
                }.sorted { $0.start < $1.start }
                // Merge overlaps so that an unvalidated calendar never counts the same minute twice.
                var merged: [(start: Int, end: Int)] = []
                for span in spans {
                    if let last = merged.last, span.start <= last.end {
                        merged[merged.count - 1].end = max(last.end, span.end)
                    } else {
                        merged.append(span)
                    }
                }
                if !merged.isEmpty { minutes[day] = merged }
            }
            minutesByWeekday = minutes
            holidayDays = Set(business.holidays.compactMap(BusinessCalendar.days(ofLocalDate:)))
            signature = calendar.timeZone.identifier + "|"
                + Weekday.allCases.map { day in (minutes[day] ?? []).map { "\($0.start)-\($0.end)" }.joined(separator: ",") }.joined(separator: ";")
                + "|" + holidayDays.sorted().map(String.init).joined(separator: ",")
        }

        /// Days since 1970-01-01 of the local date of a moment.
        func localDay(of date: Date) -> Int {
            let parts = calendar.dateComponents([.era, .year, .month, .day], from: date)
            // Foundation counts years before 1 AD upwards in era 0; the civil day count wants them negative.
            let year = parts.era == 0 ? 1 - (parts.year ?? 1) : (parts.year ?? 1970)
            return CivilCalendar.days(year: year, month: parts.month ?? 1, day: parts.day ?? 1)
        }

        /// The moment of a local wall-clock time; Foundation resolves the hour skipped or repeated by a daylight
        /// saving change. Minute 1440 is the next day's midnight.
        func moment(day: Int, minute: Int) -> Date {
            let civil = CivilCalendar.date(days: day + minute / 1440)
            let rest = minute % 1440
            let parts = DateComponents(year: civil.year, month: civil.month, day: civil.day, hour: rest / 60, minute: rest % 60)
            return calendar.date(from: parts) ?? Date(timeIntervalSince1970: Double(day * 86_400 + minute * 60))
        }

        /// The opening periods of one local day as moments, in time order; empty on holidays and closed days.
        func openIntervals(onDay day: Int) -> [(start: Date, end: Date)] {
            guard !holidayDays.contains(day), let spans = minutesByWeekday[Weekday.of(daysSince1970: day)] else { return [] }
            let key = OpenDayMemo.Key(engine: memoID, day: day)
            if let known = OpenDayMemo.shared.intervals(key) { return known.map { ($0.start, $0.end) } }
            let intervals = spans.compactMap { span -> OpenDayMemo.Interval? in
                let start = moment(day: day, minute: span.start)
                let end = moment(day: day, minute: span.end)
                return end > start ? OpenDayMemo.Interval(start: start, end: end) : nil
            }
            OpenDayMemo.shared.remember(key, intervals)
            return intervals.map { ($0.start, $0.end) }
        }
    }
}

/// A day's opening periods as moments, remembered per calendar: every case on a desk shares its calendar, and
/// Foundation's local-time conversion is what an SLA report over months of open cases would otherwise spend its time on.
final class OpenDayMemo: Sendable {
    struct Key: Hashable, Sendable {
        var engine: Int
        var day: Int
    }

    struct Interval: Sendable {
        var start: Date
        var end: Date
    }

    static let shared = OpenDayMemo()
    /// Enough for decades of days on a handful of calendars; past it the memo starts over rather than grow.
    private static let capacity = 100_000
    private let days = Mutex<[Key: [Interval]]>([:])
    /// Engines by calendar, and the number each signature was given (calendars that differ only in name share one).
    private let engines = Mutex<(byCalendar: [BusinessCalendar: BusinessCalendar.Engine], ids: [String: Int])>(([:], [:]))

    func engine(for business: BusinessCalendar) -> BusinessCalendar.Engine {
        if let known = engines.withLock({ $0.byCalendar[business] }) { return known }
        var engine = BusinessCalendar.Engine(business)
        return engines.withLock { memo in
            if memo.byCalendar.count >= 1_000 { memo.byCalendar.removeAll() }
            let id = memo.ids[engine.signature] ?? (memo.ids.count + 1)
            memo.ids[engine.signature] = id
            engine.memoID = id
            memo.byCalendar[business] = engine
            return engine
        }
    }

    func intervals(_ key: Key) -> [Interval]? { days.withLock { $0[key] } }

    func remember(_ key: Key, _ intervals: [Interval]) {
        days.withLock { days in
            if days.count >= Self.capacity { days.removeAll(keepingCapacity: true) }
            days[key] = intervals
        }
    }
}

extension BusinessCalendar: Codable {
    private enum CodingKeys: String, CodingKey {
        case name, timeZone, weeklyHours, holidays
    }

    /// `weeklyHours` is written as an object keyed by weekday name ({"monday":[{"start":"09:00","end":"17:00"}]}),
    /// which is what people expect to read and what a dictionary with enum keys would not produce by itself.
    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        try container.encode(timeZone, forKey: .timeZone)
        let byName = Dictionary(uniqueKeysWithValues: weeklyHours.map { ($0.key.rawValue, $0.value) })
        try container.encode(byName, forKey: .weeklyHours)
        try container.encode(holidays, forKey: .holidays)
    }

    /// Reads the same shape; weekday names are case-insensitive, and a missing `holidays` means none.
    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decode(String.self, forKey: .name)
        timeZone = try container.decode(String.self, forKey: .timeZone)
        let byName = try container.decodeIfPresent([String: [DayPeriod]].self, forKey: .weeklyHours) ?? [:]
        var hours: [Weekday: [DayPeriod]] = [:]
        for (key, periods) in byName {
            guard let day = Weekday(rawValue: key.lowercased()) else {
                throw DecodingError.dataCorruptedError(
                    forKey: .weeklyHours, in: container,
                    debugDescription: "Unknown weekday '\(key)'; use monday … sunday."
                )
            }
            hours[day, default: []] += periods
        }
        weeklyHours = hours
        holidays = try container.decodeIfPresent([String].self, forKey: .holidays) ?? []
    }
}
