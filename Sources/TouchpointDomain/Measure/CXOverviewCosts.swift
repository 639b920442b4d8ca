import Foundation

/// The bad-experience tally and the funnel's reached counts as they stood on one UTC day.
///
/// The lifecycle projection keeps its cost tally and journey aggregate as running totals with no history, so a week's
/// cost is the growth of those totals between two of these daily snapshots (the measurement area keeps about five
/// weeks of them). A snapshot is taken the first time a day's overview or background round runs, so it stands for the
/// start of its day to within that delay.
public struct ExperienceCostSnapshot: Sendable, Equatable, Codable {
    /// Days since 1970-01-01, UTC.
    public var day: Int64
    public var negativeExperiences: Int
    public var unhappyCustomers: Int
    public var checkoutsAfterPoorContact: Int
    public var abandonedAfterPoorContact: Int
    public var baselineCheckouts: Int
    public var baselineAbandoned: Int
    /// Profiles that reached each stage (or a later one), in cycle order: the journey steps' week-ago figures.
    public var reached: [Int]

    public init(day: Int64, negativeExperiences: Int, unhappyCustomers: Int, checkoutsAfterPoorContact: Int, abandonedAfterPoorContact: Int,
                baselineCheckouts: Int, baselineAbandoned: Int, reached: [Int]) {
        self.day = day
        self.negativeExperiences = negativeExperiences
        self.unhappyCustomers = unhappyCustomers
        self.checkoutsAfterPoorContact = checkoutsAfterPoorContact
        self.abandonedAfterPoorContact = abandonedAfterPoorContact
        self.baselineCheckouts = baselineCheckouts
        self.baselineAbandoned = baselineAbandoned
        self.reached = reached
    }

    /// The figures of a cost report (checkouts settled as of the report's moment) and of a funnel.
    public init(day: Int64, report: ExperienceCostReport, funnel: [FunnelStage]) {
        var reached = [Int](repeating: 0, count: LifecycleStage.allCases.count)
        for stage in funnel { reached[stage.stage.index] = stage.profiles }
        self.init(day: day, negativeExperiences: report.negativeExperiences, unhappyCustomers: report.unhappyCustomers,
                  checkoutsAfterPoorContact: report.afterPoorContact.checkouts, abandonedAfterPoorContact: report.afterPoorContact.abandoned,
                  baselineCheckouts: report.baseline.checkouts, baselineAbandoned: report.baseline.abandoned, reached: reached)
    }

    /// The UTC day number of a moment, as snapshots are keyed (the same numbering as `MeasureDesk.day`).
    public static func day(of date: Date) -> Int64 { Int64((date.timeIntervalSince1970 / 86_400).rounded(.down)) }

    /// The snapshot standing for the moment `date`: the one of its UTC day, else of the day before; nil when neither
    /// was taken (a new installation, or a server that was down), so no week is made up from older counts.
    public static func at(_ date: Date, in snapshots: [ExperienceCostSnapshot]) -> ExperienceCostSnapshot? {
        let day = day(of: date)
        return snapshots.first { $0.day == day } ?? snapshots.first { $0.day == day - 1 }
    }

    /// `snapshots` with `snapshot` added unless its day has one already (the first of a day stands for the day), and
    /// without those older than `keepDays`; `changed` says whether there is anything to save.
    public static func recording(_ snapshot: ExperienceCostSnapshot, into snapshots: [ExperienceCostSnapshot],
                                 keepDays: Int64 = 35) -> (snapshots: [ExperienceCostSnapshot], changed: Bool) {
        var kept = snapshots.filter { $0.day > snapshot.day - keepDays }
        var changed = kept.count != snapshots.count
        if !kept.contains(where: { $0.day == snapshot.day }) {
            kept.append(snapshot)
            changed = true
        }
        return (kept.sorted { $0.day < $1.day }, changed)
    }
}

/// What bad experiences cost between two moments: how much each running total grew.
public struct ExperienceCostPeriod: Sendable, Equatable {
    public var negativeExperiences: Int
    /// Customers whose first bad experience fell in the period (the tally counts a customer once, when they first turn unhappy).
    public var newlyUnhappyCustomers: Int
    /// newlyUnhappyCustomers × the people each unhappy customer tells.
    public var wordOfMouthReach: Double
    /// Checkout attempts settled in the period (an order came, or the order window ran out), after a poor contact and otherwise.
    public var afterPoorContact: CheckoutOutcomes
    public var baseline: CheckoutOutcomes
    /// Abandonment after a poor contact minus the baseline's, as a fraction; nil without checkouts on either side.
    public var excessAbandonment: Double?
    /// The excess times the attempts after a poor contact, as `ExperienceCostReport.lostOrders` counts it.
    public var lostOrders: Double?

    public init(negativeExperiences: Int, newlyUnhappyCustomers: Int, peoplePerUnhappyCustomer: Double,
                afterPoorContact: CheckoutOutcomes, baseline: CheckoutOutcomes) {
        self.negativeExperiences = negativeExperiences
        self.newlyUnhappyCustomers = newlyUnhappyCustomers
        wordOfMouthReach = Double(newlyUnhappyCustomers) * peoplePerUnhappyCustomer
        self.afterPoorContact = afterPoorContact
        self.baseline = baseline
        if let after = afterPoorContact.abandonmentRate, let base = baseline.abandonmentRate {
            excessAbandonment = after - base
            lostOrders = max(0, after - base) * Double(afterPoorContact.checkouts)
        } else {
            excessAbandonment = nil
            lostOrders = nil
        }
    }

    /// The growth from `start` to `end`. A total can shrink when profiles are erased or merged; the period then
    /// counts 0 rather than a negative cost.
    public static func between(_ start: ExperienceCostSnapshot, _ end: ExperienceCostSnapshot, peoplePerUnhappyCustomer: Double) -> ExperienceCostPeriod {
        func grown(_ key: KeyPath<ExperienceCostSnapshot, Int>) -> Int { max(0, end[keyPath: key] - start[keyPath: key]) }
        let afterCheckouts = grown(\.checkoutsAfterPoorContact)
        let baseCheckouts = grown(\.baselineCheckouts)
        return ExperienceCostPeriod(
            negativeExperiences: grown(\.negativeExperiences), newlyUnhappyCustomers: grown(\.unhappyCustomers),
            peoplePerUnhappyCustomer: peoplePerUnhappyCustomer,
            afterPoorContact: CheckoutOutcomes(checkouts: afterCheckouts, abandoned: min(afterCheckouts, grown(\.abandonedAfterPoorContact))),
            baseline: CheckoutOutcomes(checkouts: baseCheckouts, abandoned: min(baseCheckouts, grown(\.baselineAbandoned))))
    }
}

/// The cost of bad experiences for the overview: everything to date (the journeys page's figures), this week and last week.
public struct ExperienceCostComparison: Sendable, Equatable {
    public var toDate: ExperienceCostReport
    /// nil until there are snapshots from 7 (and, for last week, 14) days before.
    public var thisWeek: ExperienceCostPeriod?
    public var lastWeek: ExperienceCostPeriod?

    public init(toDate: ExperienceCostReport, thisWeek: ExperienceCostPeriod?, lastWeek: ExperienceCostPeriod?) {
        self.toDate = toDate
        self.thisWeek = thisWeek
        self.lastWeek = lastWeek
    }

    /// This week runs from the snapshot of 7 days before `end` (the end of the overview's week, a UTC midnight) to the
    /// snapshot of `end`'s day — or to the live figures (`current`) while that day has none; last week from the snapshot
    /// of 14 days before to that of 7 days before.
    public static func make(end: Date, report: ExperienceCostReport, current: ExperienceCostSnapshot,
                            snapshots: [ExperienceCostSnapshot]) -> ExperienceCostComparison {
        let closing = snapshots.first { $0.day == ExperienceCostSnapshot.day(of: end) } ?? current
        let weekAgo = ExperienceCostSnapshot.at(end.addingTimeInterval(-CXWeek.length), in: snapshots)
        let twoWeeksAgo = ExperienceCostSnapshot.at(end.addingTimeInterval(-2 * CXWeek.length), in: snapshots)
        let people = report.peoplePerUnhappyCustomer
        return ExperienceCostComparison(
            toDate: report,
            thisWeek: weekAgo.map { ExperienceCostPeriod.between($0, closing, peoplePerUnhappyCustomer: people) },
            lastWeek: weekAgo.flatMap { start in twoWeeksAgo.map { ExperienceCostPeriod.between($0, start, peoplePerUnhappyCustomer: people) } })
    }
}
