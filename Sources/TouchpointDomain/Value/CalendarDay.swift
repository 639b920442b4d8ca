/// A calendar date (year, month, day) with no time of day and no time zone.
///
/// Purchases in a transactions file carry a date, not an instant, so the value models count
/// whole days. Keeping dates as plain civil dates (proleptic Gregorian, read as UTC) avoids the
/// classic off-by-one of turning `1997-09-30` into midnight in some local time zone.
///
/// Encodes to and decodes from the ISO-8601 text `YYYY-MM-DD`.
public struct CalendarDay: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    /// Days since 1970-01-01 (negative before it). The only stored value: comparisons and
    /// differences are one integer operation, and a day is 8 bytes in the large transaction arrays.
    public let dayNumber: Int

    public var year: Int { CalendarDay.civilFromDays(dayNumber).0 }
    public var month: Int { CalendarDay.civilFromDays(dayNumber).1 }
    public var day: Int { CalendarDay.civilFromDays(dayNumber).2 }

    /// A valid calendar date, or `nil` (for example 1997-02-29 or month 13).
    public init?(year: Int, month: Int, day: Int) {
        guard (1...12).contains(month), day >= 1, day <= CalendarDay.daysInMonth(year: year, month: month) else {
            return nil
        }
        self.dayNumber = CalendarDay.daysFromCivil(year: year, month: month, day: day)
    }

    /// The date `dayNumber` days after 1970-01-01.
    public init(dayNumber: Int) {
        self.dayNumber = dayNumber
    }

    /// Parses exactly `YYYY-MM-DD` (four-digit year, two-digit month and day); anything else is `nil`.
    public init?(iso text: some StringProtocol) {
        var bytes = Array(text.utf8)
        // Accept surrounding spaces: spreadsheets like to pad cells.
        while let last = bytes.last, last == 0x20 { bytes.removeLast() }
        let start = bytes.firstIndex(where: { $0 != 0x20 }) ?? bytes.count
        guard let value = bytes.withUnsafeBufferPointer({ CalendarDay.parse(UnsafeBufferPointer(rebasing: $0[start...])) })
        else { return nil }
        self = value
    }

    /// Parses `YYYY-MM-DD` straight from UTF-8 bytes (used by the CSV reader, which never builds a String).
    static func parse(_ b: UnsafeBufferPointer<UInt8>) -> CalendarDay? {
        guard b.count == 10, b[4] == 0x2D, b[7] == 0x2D else { return nil }
        func digits(_ range: Range<Int>) -> Int? {
            var value = 0
            for i in range {
                let c = b[i]
                guard c >= 0x30, c <= 0x39 else { return nil }
                value = value * 10 + Int(c - 0x30)
            }
            return value
        }
        guard let y = digits(0..<4), let m = digits(5..<7), let d = digits(8..<10) else { return nil }
        return CalendarDay(year: y, month: m, day: d)
    }

    /// Whole days from `self` to `other` (positive when `other` is later).
    public func days(to other: CalendarDay) -> Int { other.dayNumber - dayNumber }

    /// The date `n` days later (earlier when `n` is negative).
    public func adding(days n: Int) -> CalendarDay { CalendarDay(dayNumber: dayNumber + n) }

    /// `YYYY-MM-DD`.
    public var description: String {
        func pad(_ v: Int, _ width: Int) -> String {
            let s = String(v)
            return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
        }
        let (y, m, d) = CalendarDay.civilFromDays(dayNumber)
        return "\(pad(y, 4))-\(pad(m, 2))-\(pad(d, 2))"
    }

    public static func < (lhs: CalendarDay, rhs: CalendarDay) -> Bool { lhs.dayNumber < rhs.dayNumber }

    public static func == (lhs: CalendarDay, rhs: CalendarDay) -> Bool { lhs.dayNumber == rhs.dayNumber }

    public func hash(into hasher: inout Hasher) { hasher.combine(dayNumber) }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let value = CalendarDay(iso: text) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "Expected a date as YYYY-MM-DD, got \"\(text)\"")
        }
        self = value
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    // MARK: - Calendar arithmetic

    static func isLeapYear(_ y: Int) -> Bool { (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 }

    static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: return isLeapYear(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    // Howard Hinnant's days_from_civil / civil_from_days: exact for the whole proleptic
    // Gregorian calendar without Foundation's Calendar (and its time-zone pitfalls).
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        CivilCalendar.days(year: year, month: month, day: day)
    }

    static func civilFromDays(_ days: Int) -> (Int, Int, Int) {
        let date = CivilCalendar.date(days: days)
        return (date.year, date.month, date.day)
    }
}
