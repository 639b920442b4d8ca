import Foundation
import Tagged

/// A calendar month (UTC) of the event log: on PostgreSQL one partition of `events`, holding the events received in it.
public struct LogMonth: Sendable, Hashable, Comparable {
    public let year: Int
    public let month: Int

    public init(year: Int, month: Int) {
        self.year = year
        self.month = month
    }

    /// The month a time in milliseconds since 1970 falls in.
    public init(containingMillis millis: Int64) {
        let days = Int((Double(millis) / 86_400_000).rounded(.down))
        let date = CivilCalendar.date(days: days)
        self.init(year: date.year, month: date.month)
    }

    public init(containing date: Date) {
        self.init(containingMillis: Timestamps.millis(date))
    }

    /// `YYYYMM`, as partition names end (`events_p202612`).
    public init?(suffix: String) {
        guard suffix.count == 6, suffix.allSatisfy(\.isASCII), let number = Int(suffix) else { return nil }
        let month = number % 100
        guard (1...12).contains(month) else { return nil }
        self.init(year: number / 100, month: month)
    }

    public var suffix: String {
        let text = String(year * 100 + month)
        return String(repeating: "0", count: max(0, 6 - text.count)) + text
    }

    /// The first millisecond of the month, and the first of the next: the partition's bounds.
    public var startMillis: Int64 { Int64(CivilCalendar.days(year: year, month: month, day: 1)) * 86_400_000 }
    public var endMillis: Int64 { next.startMillis }

    public var next: LogMonth { month == 12 ? LogMonth(year: year + 1, month: 1) : LogMonth(year: year, month: month + 1) }

    /// The month `count` months after this one (this one for a count of zero or less).
    public func advanced(by count: Int) -> LogMonth {
        let index = year * 12 + (month - 1) + max(0, count)
        return LogMonth(year: index / 12, month: index % 12 + 1)
    }

    /// The months from this one through `last`, in order.
    public func through(_ last: LogMonth) -> [LogMonth] {
        var months = [LogMonth]()
        var current = self
        while current <= last && months.count < 1_200 {
            months.append(current)
            current = current.next
        }
        return months
    }

    public static func < (lhs: LogMonth, rhs: LogMonth) -> Bool { (lhs.year, lhs.month) < (rhs.year, rhs.month) }
}

/// How long each source's events are kept. A source without a retention keeps its events for ever. Retention counts from
/// when Touchpoint received an event, not from the time the sender put on it, so an import of old history is kept as
/// long as anything else received that day.
public struct EventRetention: Sendable, Equatable {
    /// The fewest days a retention may be: a shorter one would remove events before the projections that fold them
    /// (lifecycle, segments, measurement) had a fair chance to, after an outage.
    public static let minimumDays = 7
    /// The most: ten years.
    public static let maximumDays = 3_650

    public var days: [SourceID: Int]

    public init(days: [SourceID: Int]) {
        self.days = days
    }

    /// Whether `days` is a retention a source may have (nil means for ever).
    public static func isValid(days: Int?) -> Bool {
        guard let days else { return true }
        return (minimumDays...maximumDays).contains(days)
    }

    /// Per source with a retention, the receive time (ms) before which its events go.
    public func cutoffs(now: Date) -> [SourceID: Int64] {
        let nowMillis = Timestamps.millis(now)
        return days.mapValues { nowMillis - Int64($0) * 86_400_000 }
    }

    /// What to do with one month of the log, given the sources that have events in it: drop the month whole when every
    /// one of them is past its retention for the entire month (a source with no retention keeps the month); otherwise
    /// remove, source by source, the events received before that source's cutoff.
    public static func plan(for month: LogMonth, sourcesWithEvents: Set<SourceID>, cutoffs: [SourceID: Int64]) -> MonthPlan {
        // An empty month goes once it lies wholly before some cutoff (never the month now being written).
        guard !sourcesWithEvents.isEmpty else { return (cutoffs.values.max() ?? .min) >= month.endMillis ? .drop : .keep }
        let expiredWhole = sourcesWithEvents.allSatisfy { source in
            guard let cutoff = cutoffs[source] else { return false }
            return cutoff >= month.endMillis
        }
        if expiredWhole { return .drop }
        var removals = [SourceRemoval]()
        for source in sourcesWithEvents.sorted(by: { $0.rawValue < $1.rawValue }) {
            guard let cutoff = cutoffs[source], cutoff > month.startMillis else { continue }
            removals.append(SourceRemoval(source: source, receivedBefore: min(cutoff, month.endMillis)))
        }
        return removals.isEmpty ? .keep : .remove(removals)
    }

    /// One month's fate under the retention.
    public enum MonthPlan: Sendable, Equatable {
        /// Nothing in it has expired.
        case keep
        /// Every event in it has expired: the whole month goes at once (on PostgreSQL its partition is dropped).
        case drop
        /// Some sources' older events go; the rest of the month stays.
        case remove([SourceRemoval])
    }

    /// A source's events received before a time (ms), within one month.
    public struct SourceRemoval: Sendable, Equatable {
        public var source: SourceID
        public var receivedBefore: Int64

        public init(source: SourceID, receivedBefore: Int64) {
            self.source = source
            self.receivedBefore = receivedBefore
        }
    }
}

/// What one round of retention removed.
public struct RetentionReport: Sendable, Equatable {
    /// Months whose partitions were dropped whole (PostgreSQL).
    public var droppedMonths: [LogMonth] = []
    /// Events removed, per source (dropped partitions included).
    public var removedEvents: [SourceID: Int] = [:]

    public init(droppedMonths: [LogMonth] = [], removedEvents: [SourceID: Int] = [:]) {
        self.droppedMonths = droppedMonths
        self.removedEvents = removedEvents
    }

    public var totalRemoved: Int { removedEvents.values.reduce(0, +) }
}

/// One month of the log as it stands: its events per source, and whether it is a partition of its own (PostgreSQL).
public struct EventLogMonth: Sendable, Equatable {
    public var month: LogMonth
    public var partition: Bool
    public var events: [SourceID: Int]

    public init(month: LogMonth, partition: Bool, events: [SourceID: Int]) {
        self.month = month
        self.partition = partition
        self.events = events
    }
}
