import Foundation

/// `YYYY-MM-DD` in UTC: the key of daily aggregates.
public enum DayKey {
    public static func of(_ date: Date) -> String {
        let days = Int((date.timeIntervalSince1970 / 86400).rounded(.down))
        return civil(fromDays: days)
    }

    public static func civil(fromDays days: Int) -> String {
        let (year, month, day) = CivilCalendar.date(days: days)
        func pad(_ value: Int, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return pad(year, 4) + "-" + pad(month, 2) + "-" + pad(day, 2)
    }
}
