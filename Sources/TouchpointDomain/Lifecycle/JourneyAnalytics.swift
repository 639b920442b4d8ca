import Foundation

/// One profile's journey as analytics need it: its transitions, touchpoints, when it first appeared and its value tier.
public struct ProfileJourney: Sendable, Equatable, Codable {
    public var profileID: ProfileID
    /// When the profile entered the cycle; it sets the profile's cohort (first-seen month, and the date-range filter).
    public var firstSeen: Date
    /// An opaque tag from the value models ("gold", "at_risk" …), for filtering.
    public var valueTier: String?
    /// Oldest first, as `LifecycleState.transitions`.
    public var transitions: [StageTransition]
    public var touchpoints: StageChannelCounts

    public init(profileID: ProfileID, firstSeen: Date, valueTier: String? = nil, transitions: [StageTransition],
                touchpoints: StageChannelCounts = StageChannelCounts()) {
        self.profileID = profileID
        self.firstSeen = firstSeen
        self.valueTier = valueTier
        self.transitions = transitions
        self.touchpoints = touchpoints
    }

    /// The journey a classified profile has made; nil before it has any event. `firstSeen` defaults to its first event.
    public init?(profileID: ProfileID, state: LifecycleState, valueTier: String? = nil, firstSeen: Date? = nil) {
        guard let seen = firstSeen ?? state.firstEventAt ?? state.transitions.first?.at else { return nil }
        self.init(profileID: profileID, firstSeen: seen, valueTier: valueTier, transitions: state.transitions, touchpoints: state.touchpoints)
    }

    public var currentStage: LifecycleStage? { transitions.last?.to }

    // MARK: Definitions shared by the exact functions and the aggregate

    /// The furthest stage reached, counting only transitions made on `channel` when one is given.
    /// Reaching a stage counts as having passed every earlier one, so funnels never rise from one stage to the next.
    func reachedStage(channel: Channel?) -> LifecycleStage? {
        var best: LifecycleStage?
        for transition in transitions where channel == nil || transition.channel == channel {
            best = max(best ?? transition.to, transition.to)
        }
        return best
    }

    /// The current stage; with a channel, only when the transition into it was made on that channel.
    func currentStage(channel: Channel?) -> LifecycleStage? {
        guard let last = transitions.last, channel == nil || last.channel == channel else { return nil }
        return last.to
    }

    /// Completed stays (a stage entered and later left), with the channel of the entering transition.
    /// The stay in the current stage is still running, so it has no length yet and is left out.
    var completedStays: [(stage: LifecycleStage, channel: Channel, hours: Double)] {
        guard transitions.count > 1 else { return [] }
        return (0..<(transitions.count - 1)).map { i in
            (transitions[i].to, transitions[i].channel, transitions[i + 1].at.timeIntervalSince(transitions[i].at) / 3600)
        }
    }
}

/// Which profiles and transitions journey analytics look at.
///
/// - `from`/`to`: the cohort, profiles whose `firstSeen` is in [from, to). Their whole journey counts, also what
///   happened after `to`: this is how funnel tools read a date range (who entered in the period, and how far they got).
/// - `channel`: only transitions made on that channel (a stage counts as reached through the channel when a transition
///   on it reached that stage or a later one), stays entered on it, and touchpoints on it.
/// - `valueTier`: only profiles with that tier.
public struct JourneyFilter: Sendable, Equatable, Codable {
    public var from: Date?
    public var to: Date?
    public var channel: Channel?
    public var valueTier: String?

    public init(from: Date? = nil, to: Date? = nil, channel: Channel? = nil, valueTier: String? = nil) {
        self.from = from
        self.to = to
        self.channel = channel
        self.valueTier = valueTier
    }

    public func includes(_ journey: ProfileJourney) -> Bool {
        if let valueTier, journey.valueTier != valueTier { return false }
        if let from, journey.firstSeen < from { return false }
        if let to, journey.firstSeen >= to { return false }
        return true
    }
}

/// One stage of the funnel.
public struct FunnelStage: Sendable, Equatable, Codable {
    public var stage: LifecycleStage
    /// Profiles that reached this stage or a later one.
    public var profiles: Int
    /// profiles(next stage) / profiles(this stage); nil for loyalty and for a stage nobody reached.
    public var conversionToNext: Double?
    /// Profiles that reached this stage but not the next; nil for loyalty.
    public var dropOff: Int?
    /// Profiles in this stage now.
    public var current: Int
    /// Completed stays in this stage, the sample of the two figures below.
    public var stays: Int
    public var medianHoursInStage: Double?
    public var p90HoursInStage: Double?

    public init(stage: LifecycleStage, profiles: Int, conversionToNext: Double?, dropOff: Int?, current: Int, stays: Int,
                medianHoursInStage: Double?, p90HoursInStage: Double?) {
        self.stage = stage
        self.profiles = profiles
        self.conversionToNext = conversionToNext
        self.dropOff = dropOff
        self.current = current
        self.stays = stays
        self.medianHoursInStage = medianHoursInStage
        self.p90HoursInStage = p90HoursInStage
    }
}

/// One cell of the transition matrix (one band of a Sankey diagram). `from` nil is the entry into the cycle.
public struct TransitionCount: Sendable, Equatable, Hashable, Codable {
    public var from: LifecycleStage?
    public var to: LifecycleStage
    public var count: Int

    public init(from: LifecycleStage?, to: LifecycleStage, count: Int) {
        self.from = from
        self.to = to
        self.count = count
    }
}

/// Profiles first seen in one month, and how far they got.
public struct CohortRow: Sendable, Equatable, Codable {
    /// `YYYY-MM`, UTC.
    public var month: String
    public var profiles: Int
    /// Profiles that reached each stage (or a later one), in cycle order.
    public var reached: [Int]

    public init(month: String, profiles: Int, reached: [Int]) {
        self.month = month
        self.profiles = profiles
        self.reached = reached
    }

    public func reached(_ stage: LifecycleStage) -> Int { reached[stage.index] }
}

/// Everything the journey page shows, for one filter.
public struct JourneyReport: Sendable, Equatable, Codable {
    /// Profiles in scope (the cohort and tier; the channel filter does not remove profiles).
    public var profiles: Int
    public var funnel: [FunnelStage]
    public var transitions: [TransitionCount]
    public var touchpoints: StageChannelCounts
    public var cohorts: [CohortRow]

    public init(profiles: Int, funnel: [FunnelStage], transitions: [TransitionCount], touchpoints: StageChannelCounts, cohorts: [CohortRow]) {
        self.profiles = profiles
        self.funnel = funnel
        self.transitions = transitions
        self.touchpoints = touchpoints
        self.cohorts = cohorts
    }
}

/// Journey analytics computed exactly from profiles' journeys. `JourneyAggregate` gives the same counts from
/// incremental counters (and percentiles within its histogram accuracy); these functions are the reference.
public enum JourneyAnalytics {
    public static func report(_ journeys: [ProfileJourney], filter: JourneyFilter = JourneyFilter()) -> JourneyReport {
        let scoped = journeys.filter(filter.includes)
        return JourneyReport(profiles: scoped.count,
                             funnel: funnel(scoped, filter: filter),
                             transitions: transitionMatrix(scoped, filter: filter),
                             touchpoints: touchpoints(scoped, filter: filter),
                             cohorts: cohorts(scoped, filter: filter))
    }

    /// The funnel in cycle order: reached, conversion to the next stage, drop-off, current, and time in stage.
    public static func funnel(_ journeys: [ProfileJourney], filter: JourneyFilter = JourneyFilter()) -> [FunnelStage] {
        var reached = [Int](repeating: 0, count: LifecycleStage.allCases.count)
        var current = reached
        for journey in journeys where filter.includes(journey) {
            if let stage = journey.reachedStage(channel: filter.channel) {
                for index in 0...stage.index { reached[index] += 1 }
            }
            if let stage = journey.currentStage(channel: filter.channel) { current[stage.index] += 1 }
        }
        let hours = hoursInStage(journeys, filter: filter)
        return buildFunnel(reached: reached, current: current) { stage in
            let sample = hours[stage] ?? []
            return (sample.count, percentile(sample, 0.5), percentile(sample, 0.9))
        }
    }

    /// Lengths of completed stays per stage, in hours, sorted ascending.
    public static func hoursInStage(_ journeys: [ProfileJourney], filter: JourneyFilter = JourneyFilter()) -> [LifecycleStage: [Double]] {
        var hours = [LifecycleStage: [Double]]()
        for journey in journeys where filter.includes(journey) {
            for stay in journey.completedStays where filter.channel == nil || stay.channel == filter.channel {
                hours[stay.stage, default: []].append(stay.hours)
            }
        }
        return hours.mapValues { $0.sorted() }
    }

    /// From→to counts, entry (`from` nil) first, then in cycle order.
    public static func transitionMatrix(_ journeys: [ProfileJourney], filter: JourneyFilter = JourneyFilter()) -> [TransitionCount] {
        var counts = [TransitionKey: Int]()
        for journey in journeys where filter.includes(journey) {
            for transition in journey.transitions where filter.channel == nil || transition.channel == filter.channel {
                counts[TransitionKey(from: transition.from, to: transition.to), default: 0] += 1
            }
        }
        return sortedMatrix(counts)
    }

    /// Touchpoints by stage and channel.
    public static func touchpoints(_ journeys: [ProfileJourney], filter: JourneyFilter = JourneyFilter()) -> StageChannelCounts {
        var total = StageChannelCounts()
        for journey in journeys where filter.includes(journey) {
            total.merge(filter.channel.map { journey.touchpoints.only($0) } ?? journey.touchpoints)
        }
        return total
    }

    /// Cohorts by first-seen month (UTC), oldest first.
    public static func cohorts(_ journeys: [ProfileJourney], filter: JourneyFilter = JourneyFilter()) -> [CohortRow] {
        var rows = [String: CohortRow]()
        for journey in journeys where filter.includes(journey) {
            let month = LifecycleCalendar.monthKey(LifecycleCalendar.day(of: journey.firstSeen))
            var row = rows[month] ?? CohortRow(month: month, profiles: 0, reached: Array(repeating: 0, count: LifecycleStage.allCases.count))
            row.profiles += 1
            if let stage = journey.reachedStage(channel: filter.channel) {
                for index in 0...stage.index { row.reached[index] += 1 }
            }
            rows[month] = row
        }
        return rows.values.sorted { $0.month < $1.month }
    }

    /// The p-th percentile (0...1) of ascending `sorted` values, interpolating linearly between the two nearest ranks
    /// (the method of numpy's default, R type 7 and spreadsheets' PERCENTILE.INC): the median of 1, 2, 3, 4 is 2.5.
    public static func percentile(_ sorted: [Double], _ p: Double) -> Double? {
        guard !sorted.isEmpty else { return nil }
        let position = Double(sorted.count - 1) * min(1, max(0, p))
        let lower = Int(position.rounded(.down))
        let upper = min(lower + 1, sorted.count - 1)
        return sorted[lower] + (position - Double(lower)) * (sorted[upper] - sorted[lower])
    }

    // MARK: Shared assembly

    struct TransitionKey: Hashable {
        var from: LifecycleStage?
        var to: LifecycleStage
    }

    static func sortedMatrix(_ counts: [TransitionKey: Int]) -> [TransitionCount] {
        counts.filter { $0.value != 0 }
            .map { TransitionCount(from: $0.key.from, to: $0.key.to, count: $0.value) }
            .sorted { ($0.from?.index ?? -1, $0.to.index) < ($1.from?.index ?? -1, $1.to.index) }
    }

    static func buildFunnel(reached: [Int], current: [Int],
                            stays: (LifecycleStage) -> (count: Int, median: Double?, p90: Double?)) -> [FunnelStage] {
        LifecycleStage.allCases.map { stage in
            let here = reached[stage.index]
            let next = stage.next.map { reached[$0.index] }
            let sample = stays(stage)
            return FunnelStage(stage: stage, profiles: here,
                               conversionToNext: next.flatMap { here > 0 ? Double($0) / Double(here) : nil },
                               dropOff: next.map { here - $0 }, current: current[stage.index], stays: sample.count,
                               medianHoursInStage: sample.median, p90HoursInStage: sample.p90)
        }
    }
}

/// UTC civil dates from day numbers, without a Calendar per profile (Howard Hinnant's algorithms).
enum LifecycleCalendar {
    /// Days since 1970-01-01 (UTC) of the day containing `date`.
    static func day(of date: Date) -> Int { Int((date.timeIntervalSince1970 / 86_400).rounded(.down)) }

    static func start(ofDay day: Int) -> Date { Date(timeIntervalSince1970: Double(day) * 86_400) }

    static func civil(_ day: Int) -> (year: Int, month: Int, day: Int) { CivilCalendar.date(days: day) }

    /// `YYYY-MM` of a day number.
    static func monthKey(_ day: Int) -> String {
        let (year, month, _) = civil(day)
        let yearText = String(year)
        return String(repeating: "0", count: max(0, 4 - yearText.count)) + yearText + (month < 10 ? "-0" : "-") + String(month)
    }
}
