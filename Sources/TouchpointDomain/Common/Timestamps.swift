import Foundation

/// ISO-8601 parsing and formatting in UTC, tolerant of the forms clients really send.
public enum Timestamps {
    /// Parses `2026-11-27T10:00:00Z`, with or without fractional seconds, with an offset, or a bare date.
    public static func parse(_ text: String) -> Date? {
        let trimmed = text.trimmedWhitespace
        guard hasValidCalendarDate(trimmed) else { return nil }
        // The forms clients send (`…T…Z`, with fractions or an offset) are read directly: Foundation's
        // parser costs microseconds a call, and every message carries one or two timestamps.
        if let date = parseLenient(trimmed) { return date }
        if let date = try? Date(trimmed, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true)) { return date }
        if let date = try? Date(trimmed, strategy: Date.ISO8601FormatStyle()) { return date }
        if let date = try? Date(trimmed, strategy: Date.ISO8601FormatStyle().year().month().day()) { return date }
        return parseLenient(trimmed)
    }

    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        CivilCalendar.days(year: year, month: month, day: day)
    }

    /// Foundation's parser rolls 30 February over into March; a client that sends it has a bug we should report.
    private static func hasValidCalendarDate(_ text: String) -> Bool {
        let utf8 = Array(text.utf8.prefix(10))
        guard utf8.count == 10, utf8[4] == 45, utf8[7] == 45 else { return false }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for index in range {
                guard utf8[index] >= 48, utf8[index] <= 57 else { return nil }
                value = value * 10 + Int(utf8[index] - 48)
            }
            return value
        }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10), (1...12).contains(month), day >= 1 else { return false }
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
        let lengths = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        return day <= lengths[month - 1]
    }

    /// Formats with millisecond precision in UTC: `2026-11-27T10:00:00.123Z`.
    /// Rounds to the nearest millisecond, so parse-then-format gives back what a client sent.
    public static func format(_ date: Date) -> String {
        let total = millis(date)
        let days = Int((Double(total) / 86_400_000).rounded(.down))
        let rest = Int(total - Int64(days) * 86_400_000)
        let (year, month, day) = civil(fromDays: days)
        var bytes = [UInt8](repeating: 0, count: 24)
        func put(_ value: Int, at offset: Int, width: Int) {
            var value = value
            for position in stride(from: offset + width - 1, through: offset, by: -1) {
                bytes[position] = UInt8(48 + value % 10)
                value /= 10
            }
        }
        put(year, at: 0, width: 4); bytes[4] = 45
        put(month, at: 5, width: 2); bytes[7] = 45
        put(day, at: 8, width: 2); bytes[10] = 84
        put(rest / 3_600_000, at: 11, width: 2); bytes[13] = 58
        put(rest / 60_000 % 60, at: 14, width: 2); bytes[16] = 58
        put(rest / 1000 % 60, at: 17, width: 2); bytes[19] = 46
        put(rest % 1000, at: 20, width: 3); bytes[23] = 90
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Year, month and day of a count of days since 1970-01-01.
    static func civil(fromDays days: Int) -> (Int, Int, Int) {
        let date = CivilCalendar.date(days: days)
        return (date.year, date.month, date.day)
    }

    /// Milliseconds since 1970, the storage form of every instant.
    public static func millis(_ date: Date) -> Int64 {
        Int64((date.timeIntervalSince1970 * 1000).rounded())
    }

    public static func date(millis: Int64) -> Date {
        Date(timeIntervalSince1970: Double(millis) / 1000)
    }

    /// Handles what the strict parser refuses: more than three fractional digits
    /// (Python clients send microseconds) and offsets such as `+00:00`.
    private static func parseLenient(_ text: String) -> Date? {
        let utf8 = Array(text.utf8)
        guard utf8.count >= 19 else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for index in range {
                guard index < utf8.count, utf8[index] >= 48, utf8[index] <= 57 else { return nil }
                value = value * 10 + Int(utf8[index] - 48)
            }
            return value
        }
        guard let year = number(0..<4), utf8[4] == 45, let month = number(5..<7), utf8[7] == 45,
              let day = number(8..<10), utf8[10] == 84 || utf8[10] == 116 || utf8[10] == 32,
              let hour = number(11..<13), utf8[13] == 58, let minute = number(14..<16), utf8[16] == 58,
              let second = number(17..<19),
              (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 61
        else { return nil }
        var index = 19
        var fraction = 0.0
        if index < utf8.count, utf8[index] == 46 {
            index += 1
            var scale = 0.1
            let start = index
            while index < utf8.count, utf8[index] >= 48, utf8[index] <= 57 {
                fraction += Double(utf8[index] - 48) * scale
                scale /= 10
                index += 1
            }
            guard index > start else { return nil }
        }
        var offsetSeconds = 0
        if index < utf8.count {
            let sign = utf8[index]
            if sign == 90 || sign == 122 {
                index += 1
            } else if sign == 43 || sign == 45 {
                guard let hours = number((index + 1)..<(index + 3)) else { return nil }
                var minutes = 0
                var next = index + 3
                if next < utf8.count, utf8[next] == 58 { next += 1 }
                if next < utf8.count {
                    guard let parsed = number(next..<(next + 2)) else { return nil }
                    minutes = parsed
                    next += 2
                }
                offsetSeconds = (hours * 3600 + minutes * 60) * (sign == 45 ? -1 : 1)
                index = next
            } else {
                return nil
            }
        }
        guard index == utf8.count else { return nil }
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
        let lengths = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        guard day <= lengths[month - 1] else { return nil }
        let seconds = Double(daysFromCivil(year: year, month: month, day: day)) * 86400 + Double(hour * 3600 + minute * 60 + second)
        let base = Date(timeIntervalSince1970: seconds)
        return base.addingTimeInterval(fraction - Double(offsetSeconds))
    }
}
