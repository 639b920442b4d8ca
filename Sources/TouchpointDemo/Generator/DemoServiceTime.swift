import Foundation
import TouchpointDomain

/// Office-hours arithmetic in whole milliseconds (Monday–Friday 09:00–17:00, Warsaw time), without Foundation calendars.
enum DemoServiceTime {
    static let openHour = 9.0, closeHour = 17.0

    /// The Warsaw local day (days since 1970) and hour of an instant.
    static func local(_ ms: Int64) -> (day: Int64, hour: Double) {
        let offset = DemoTime.warsawOffsetHours(days: DemoTime.dayIndex(ms))
        let localMs = ms + offset * DemoTime.hour
        let day = DemoTime.dayIndex(localMs)
        return (day, Double(localMs - day * DemoTime.day) / Double(DemoTime.hour))
    }

    static func isWorkday(_ day: Int64) -> Bool { (1...5).contains(DemoTime.weekday(days: day)) }

    static func isOpen(_ ms: Int64) -> Bool {
        let (day, hour) = local(ms)
        return isWorkday(day) && hour >= openHour && hour < closeHour
    }

    /// `ms` itself when the office is open, else the next opening.
    static func nextOpen(_ ms: Int64) -> Int64 {
        let (day, hour) = local(ms)
        if isWorkday(day) {
            if hour >= openHour && hour < closeHour { return ms }
            if hour < openHour { return DemoTime.instant(days: day, localHour: openHour) }
        }
        var next = day + 1
        while !isWorkday(next) { next += 1 }
        return DemoTime.instant(days: next, localHour: openHour)
    }

    /// `seconds` of office time after `ms` (starting at the next opening when closed).
    static func addBusiness(_ ms: Int64, seconds: Double) -> Int64 {
        var t = nextOpen(ms)
        var remaining = Int64(max(0, seconds) * 1000)
        for _ in 0..<400 {
            let close = DemoTime.instant(days: local(t).day, localHour: closeHour)
            if t + remaining <= close { return t + remaining }
            remaining -= close - t
            t = nextOpen(close)
        }
        return t + remaining
    }

    /// Moved to a waking hour (07:00–23:00 local) when it falls in the night: when customers write.
    static func awake(_ ms: Int64, random: inout SeededRandom) -> Int64 {
        let (day, hour) = local(ms)
        if hour >= 7 && hour < 23 { return ms }
        let morning = hour >= 23 ? day + 1 : day
        return DemoTime.instant(days: morning, localHour: 7 + random.double(0...3))
    }
}
