import Foundation

/// Journey analytics kept as counters, so reports come from a few thousand cells instead of every profile.
///
/// The aggregate is a sum of per-profile contributions, one cell per (first-seen UTC day, value tier). Each cell
/// holds reached and current counts (overall and per channel), transition counts, touchpoints and time-in-stage
/// histograms. Keeping it current is exact and cheap: when a profile's journey changes (a new transition, a new
/// touchpoint, a new value tier) remove its old journey and add the new one. Cells merge by addition, so aggregates of
/// shards or of days can be combined, and the whole value is Codable for storage.
///
/// Reports give the same counts as `JourneyAnalytics` over the same profiles; medians and p90s come from
/// `StageDurationHistogram` (within about 9 % of the exact values). Date filters work in whole UTC days: a day counts when
/// it overlaps [from, to), so bounds at midnight UTC give exactly the `JourneyAnalytics` result.
public struct JourneyAggregate: Sendable, Equatable, Codable {
    struct CellKey: Hashable, Comparable {
        var day: Int
        var tier: String?

        static func < (lhs: CellKey, rhs: CellKey) -> Bool {
            lhs.day != rhs.day ? lhs.day < rhs.day : (lhs.tier ?? "") < (rhs.tier ?? "")
        }
    }

    struct StayKey: Hashable {
        var stage: LifecycleStage
        var channel: Channel
    }

    struct TransitionKey: Hashable {
        var from: LifecycleStage?
        var to: LifecycleStage
        var channel: Channel
    }

    /// One (day, tier) cell: everything below is a count of profiles, transitions, touchpoints or stays.
    struct Cell: Equatable {
        var profiles = 0
        var reached = [Int](repeating: 0, count: LifecycleStage.allCases.count)
        var current = [Int](repeating: 0, count: LifecycleStage.allCases.count)
        var reachedByChannel = [Channel: [Int]]()
        var currentByChannel = [Channel: [Int]]()
        var transitions = [TransitionKey: Int]()
        var touchpoints = StageChannelCounts()
        var stays = [StayKey: StageDurationHistogram]()

        init() {}

        /// The contribution of one profile.
        init(_ journey: ProfileJourney) {
            profiles = 1
            if let stage = journey.reachedStage(channel: nil) { for index in 0...stage.index { reached[index] = 1 } }
            if let stage = journey.currentStage { current[stage.index] = 1 }
            for channel in Set(journey.transitions.map(\.channel)) {
                var counts = [Int](repeating: 0, count: LifecycleStage.allCases.count)
                if let stage = journey.reachedStage(channel: channel) { for index in 0...stage.index { counts[index] = 1 } }
                reachedByChannel[channel] = counts
            }
            if let last = journey.transitions.last {
                var counts = [Int](repeating: 0, count: LifecycleStage.allCases.count)
                counts[last.to.index] = 1
                currentByChannel[last.channel] = counts
            }
            for transition in journey.transitions {
                transitions[TransitionKey(from: transition.from, to: transition.to, channel: transition.channel), default: 0] += 1
            }
            touchpoints = journey.touchpoints
            for stay in journey.completedStays {
                stays[StayKey(stage: stay.stage, channel: stay.channel), default: StageDurationHistogram()].add(hours: stay.hours)
            }
        }

        var isEmpty: Bool {
            profiles == 0 && reached.allSatisfy { $0 == 0 } && current.allSatisfy { $0 == 0 } && reachedByChannel.isEmpty
                && currentByChannel.isEmpty && transitions.isEmpty && touchpoints.isEmpty && stays.isEmpty
        }

        /// Adds `other` times `sign`, dropping entries that reach zero so that add-then-remove restores an equal value.
        mutating func merge(_ other: Cell, sign: Int) {
            profiles += sign * other.profiles
            Self.add(other.reached, into: &reached, sign: sign)
            Self.add(other.current, into: &current, sign: sign)
            Self.merge(other.reachedByChannel, into: &reachedByChannel, sign: sign)
            Self.merge(other.currentByChannel, into: &currentByChannel, sign: sign)
            for (key, count) in other.transitions {
                let updated = (transitions[key] ?? 0) + sign * count
                transitions[key] = updated == 0 ? nil : updated
            }
            touchpoints.merge(other.touchpoints, sign: sign)
            for (key, histogram) in other.stays {
                var updated = stays[key] ?? StageDurationHistogram()
                updated.merge(histogram, sign: sign)
                stays[key] = updated.isEmpty ? nil : updated
            }
        }

        private static func add(_ values: [Int], into target: inout [Int], sign: Int) {
            for index in values.indices { target[index] += sign * values[index] }
        }

        private static func merge(_ other: [Channel: [Int]], into target: inout [Channel: [Int]], sign: Int) {
            for (channel, values) in other {
                var updated = target[channel] ?? [Int](repeating: 0, count: LifecycleStage.allCases.count)
                add(values, into: &updated, sign: sign)
                target[channel] = updated.allSatisfy { $0 == 0 } ? nil : updated
            }
        }
    }

    private(set) var cells: [CellKey: Cell]

    public init() { cells = [:] }

    /// An aggregate of these journeys.
    public init(_ journeys: [ProfileJourney]) {
        self.init()
        for journey in journeys { add(journey) }
    }

    public var isEmpty: Bool { cells.isEmpty }

    /// Number of (day, tier) cells held: what a report has to read.
    public var cellCount: Int { cells.count }

    /// Counts a profile's journey.
    public mutating func add(_ journey: ProfileJourney) { apply(journey, sign: 1) }

    /// Removes a journey added before (the profile's previous journey, before its update).
    public mutating func remove(_ journey: ProfileJourney) { apply(journey, sign: -1) }

    /// Replaces a profile's contribution: `remove(old)` then `add(new)`.
    public mutating func update(from old: ProfileJourney?, to new: ProfileJourney) {
        if let old { remove(old) }
        add(new)
    }

    /// Adds (or with `sign` -1 subtracts) another aggregate, e.g. one per shard or per import batch.
    public mutating func merge(_ other: JourneyAggregate, sign: Int = 1) {
        for (key, cell) in other.cells { merge(cell, at: key, sign: sign) }
    }

    private mutating func apply(_ journey: ProfileJourney, sign: Int) {
        merge(Cell(journey), at: CellKey(day: LifecycleCalendar.day(of: journey.firstSeen), tier: journey.valueTier), sign: sign)
    }

    private mutating func merge(_ cell: Cell, at key: CellKey, sign: Int) {
        var updated = cells[key] ?? Cell()
        updated.merge(cell, sign: sign)
        cells[key] = updated.isEmpty ? nil : updated
    }

    /// The journey report for a filter, from the counters.
    public func report(filter: JourneyFilter = JourneyFilter()) -> JourneyReport {
        let fromDay = filter.from.map(LifecycleCalendar.day(of:))
        // The last day overlapping [from, to): the day before `to` when `to` is midnight, else the day of `to`.
        let lastDay = filter.to.map { LifecycleCalendar.day(of: $0.addingTimeInterval(-0.001)) }
        let channel = filter.channel
        let stageCount = LifecycleStage.allCases.count
        let zeros = [Int](repeating: 0, count: stageCount)

        // Only what the filter asks for is summed: per-channel parts of other channels are never touched.
        var profiles = 0
        var reached = zeros
        var current = zeros
        var matrix = [JourneyAnalytics.TransitionKey: Int]()
        var touchpoints = StageChannelCounts()
        var histograms = [LifecycleStage: StageDurationHistogram]()
        var byMonth = [String: (profiles: Int, reached: [Int])]()
        var monthOfDay = [Int: String]()
        for (key, cell) in cells {
            if let tier = filter.valueTier, key.tier != tier { continue }
            if let fromDay, key.day < fromDay { continue }
            if let lastDay, key.day > lastDay { continue }
            let cellReached = channel.map { cell.reachedByChannel[$0] ?? zeros } ?? cell.reached
            let cellCurrent = channel.map { cell.currentByChannel[$0] ?? zeros } ?? cell.current
            profiles += cell.profiles
            for index in 0..<stageCount {
                reached[index] += cellReached[index]
                current[index] += cellCurrent[index]
            }
            for (transition, count) in cell.transitions where channel == nil || transition.channel == channel {
                matrix[JourneyAnalytics.TransitionKey(from: transition.from, to: transition.to), default: 0] += count
            }
            touchpoints.merge(channel.map { cell.touchpoints.only($0) } ?? cell.touchpoints)
            for (stay, histogram) in cell.stays where channel == nil || stay.channel == channel {
                histograms[stay.stage, default: StageDurationHistogram()].merge(histogram)
            }
            let month: String
            if let known = monthOfDay[key.day] {
                month = known
            } else {
                month = LifecycleCalendar.monthKey(key.day)
                monthOfDay[key.day] = month
            }
            var row = byMonth[month] ?? (0, zeros)
            row.profiles += cell.profiles
            for index in 0..<stageCount { row.reached[index] += cellReached[index] }
            byMonth[month] = row
        }

        let funnel = JourneyAnalytics.buildFunnel(reached: reached, current: current) { stage in
            let histogram = histograms[stage] ?? StageDurationHistogram()
            return (histogram.total, histogram.percentile(0.5), histogram.percentile(0.9))
        }
        let cohorts = byMonth.map { CohortRow(month: $0.key, profiles: $0.value.profiles, reached: $0.value.reached) }
            .sorted { $0.month < $1.month }
        return JourneyReport(profiles: profiles, funnel: funnel, transitions: JourneyAnalytics.sortedMatrix(matrix),
                             touchpoints: touchpoints, cohorts: cohorts)
    }

    // MARK: Codable
    //
    // Stored as a list of cells sorted by day and tier, with stages and channels by name, so that equal aggregates
    // give equal JSON (with an encoder that sorts keys) and a cell can be read without this code.

    private struct StoredTransition: Codable {
        var from: LifecycleStage?
        var to: LifecycleStage
        var channel: Channel
        var count: Int
    }

    private struct StoredStay: Codable {
        var stage: LifecycleStage
        var channel: Channel
        var histogram: StageDurationHistogram
    }

    private struct StoredCell: Codable {
        /// Days since 1970-01-01 UTC of the profiles' first-seen date.
        var day: Int
        var tier: String?
        var profiles: Int
        var reached: [Int]
        var current: [Int]
        var reachedByChannel: [String: [Int]]
        var currentByChannel: [String: [Int]]
        var transitions: [StoredTransition]
        var touchpoints: StageChannelCounts
        var stays: [StoredStay]
    }

    enum CodingKeys: String, CodingKey { case cells }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let stored = try container.decode([StoredCell].self, forKey: .cells)
        let stageCount = LifecycleStage.allCases.count
        func channels(_ raw: [String: [Int]]) throws -> [Channel: [Int]] {
            var result = [Channel: [Int]]()
            for (name, values) in raw {
                guard let channel = Channel(rawValue: name), values.count == stageCount else {
                    throw DecodingError.dataCorruptedError(forKey: .cells, in: container, debugDescription: "bad channel counts \"\(name)\"")
                }
                result[channel] = values
            }
            return result
        }
        var cells = [CellKey: Cell]()
        for item in stored {
            guard item.reached.count == stageCount, item.current.count == stageCount else {
                throw DecodingError.dataCorruptedError(forKey: .cells, in: container, debugDescription: "a cell needs \(stageCount) stage counts")
            }
            var cell = Cell()
            cell.profiles = item.profiles
            cell.reached = item.reached
            cell.current = item.current
            cell.reachedByChannel = try channels(item.reachedByChannel)
            cell.currentByChannel = try channels(item.currentByChannel)
            for transition in item.transitions {
                cell.transitions[TransitionKey(from: transition.from, to: transition.to, channel: transition.channel), default: 0] += transition.count
            }
            cell.touchpoints = item.touchpoints
            for stay in item.stays { cell.stays[StayKey(stage: stay.stage, channel: stay.channel), default: StageDurationHistogram()].merge(stay.histogram) }
            cells[CellKey(day: item.day, tier: item.tier), default: Cell()].merge(cell, sign: 1)
        }
        self.cells = cells
    }

    public func encode(to encoder: Encoder) throws {
        let stored = cells.keys.sorted().map { key -> StoredCell in
            let cell = cells[key]!
            let transitions = cell.transitions.map { StoredTransition(from: $0.key.from, to: $0.key.to, channel: $0.key.channel, count: $0.value) }
                .sorted { ($0.from?.index ?? -1, $0.to.index, $0.channel.rawValue) < ($1.from?.index ?? -1, $1.to.index, $1.channel.rawValue) }
            let stays = cell.stays.map { StoredStay(stage: $0.key.stage, channel: $0.key.channel, histogram: $0.value) }
                .sorted { ($0.stage.index, $0.channel.rawValue) < ($1.stage.index, $1.channel.rawValue) }
            return StoredCell(day: key.day, tier: key.tier, profiles: cell.profiles, reached: cell.reached, current: cell.current,
                              reachedByChannel: Dictionary(uniqueKeysWithValues: cell.reachedByChannel.map { ($0.key.rawValue, $0.value) }),
                              currentByChannel: Dictionary(uniqueKeysWithValues: cell.currentByChannel.map { ($0.key.rawValue, $0.value) }),
                              transitions: transitions, touchpoints: cell.touchpoints, stays: stays)
        }
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(stored, forKey: .cells)
    }
}
