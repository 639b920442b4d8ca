import Foundation

/// A week the overview reads: the half-open interval [from, to). The overview's weeks are whole UTC days ending at
/// the start of today, as the measurement pages read periods: Monday's report covers Monday to Sunday just gone, both
/// weeks compared are complete, and the day aggregates answer without reading the log.
public struct CXWeek: Sendable, Equatable, Codable {
    public var from: Date
    public var to: Date

    public init(from: Date, to: Date) {
        self.from = from
        self.to = to
    }

    public static let length: TimeInterval = 7 * 86_400

    /// `count` weeks back to back, the last one ending at `end`; oldest first, as a chart reads left to right.
    public static func ending(at end: Date, count: Int) -> [CXWeek] {
        (0..<max(0, count)).reversed().map { back in
            let to = end.addingTimeInterval(-Double(back) * length)
            return CXWeek(from: to.addingTimeInterval(-length), to: to)
        }
    }
}

/// One indicator this week against last week.
public struct IndicatorChange: Sendable, Equatable {
    public var indicator: CXIndicator
    public var thisWeek: IndicatorReading
    public var lastWeek: IndicatorReading
    /// This week's value minus last week's, in the indicator's unit (a share's change is a fraction: 0.05 is five
    /// percentage points; NPS in points); nil when either week has no data, so "no data" never reads as a change.
    public var change: Double?
    /// Whether the change goes the indicator's good way (FCR up, abandonment down); nil without a change or when it is 0.
    public var improved: Bool?

    public init(thisWeek: IndicatorReading, lastWeek: IndicatorReading) {
        indicator = thisWeek.indicator
        self.thisWeek = thisWeek
        self.lastWeek = lastWeek
        if let now = thisWeek.value, let before = lastWeek.value, now.isFinite, before.isFinite {
            let delta = now - before
            change = delta
            improved = abs(delta) < 1e-12 ? nil : (indicator.direction == .higherIsBetter) == (delta > 0)
        } else {
            change = nil
            improved = nil
        }
    }

    /// Every indicator of `thisWeek` beside its reading in `lastWeek`, level by level as the pyramid lists them.
    public static func compare(_ thisWeek: CXPyramid, _ lastWeek: CXPyramid) -> [IndicatorChange] {
        let before = Dictionary(lastWeek.levels.flatMap(\.indicators).map { ($0.indicator.key, $0) }, uniquingKeysWith: { first, _ in first })
        return thisWeek.levels.flatMap(\.indicators).compactMap { reading in
            before[reading.indicator.key].map { IndicatorChange(thisWeek: reading, lastWeek: $0) }
        }
    }
}

/// One week's survey answers: NPS and CSAT as the pyramid counts them (NPS 9–10 promoters, 0–6 detractors; CSAT
/// 4–5 satisfied), with how many answers each rests on so a swing on five answers is not read as a trend.
public struct SurveyWeek: Sendable, Equatable {
    public var week: CXWeek
    public var npsAnswers: Int
    public var promoters: Int
    public var detractors: Int
    public var csatAnswers: Int
    public var csatSatisfied: Int

    public init(week: CXWeek, npsAnswers: Int = 0, promoters: Int = 0, detractors: Int = 0, csatAnswers: Int = 0, csatSatisfied: Int = 0) {
        self.week = week
        self.npsAnswers = npsAnswers
        self.promoters = promoters
        self.detractors = detractors
        self.csatAnswers = csatAnswers
        self.csatSatisfied = csatSatisfied
    }

    /// From a survey histogram (type → score → answers), banded exactly as `MeasureDesk.facts` bands it.
    public init(week: CXWeek, histogram: [SurveyType: [Int: Int]]) {
        self.init(week: week)
        for (score, count) in histogram[.nps] ?? [:] where SurveyType.nps.scale.contains(score) {
            npsAnswers += count
            switch SurveyType.nps.band(score) {
            case .good: promoters += count
            case .bad: detractors += count
            case .middle: break
            }
        }
        for (score, count) in histogram[.csat] ?? [:] where SurveyType.csat.scale.contains(score) {
            csatAnswers += count
            if SurveyType.csat.band(score) == .good { csatSatisfied += count }
        }
    }

    /// % promoters − % detractors, from −100 to 100; nil without answers.
    public var nps: Double? { npsAnswers > 0 ? Double(promoters - detractors) / Double(npsAnswers) * 100 : nil }
    /// The share of answers that were 4 or 5; nil without answers.
    public var csat: Double? { csatAnswers > 0 ? Double(csatSatisfied) / Double(csatAnswers) : nil }
}

/// One step of the CX cycle's funnel (need → awareness …): how many reached the stage and how many went on.
/// "Where does it break" is the step with the lowest share going on.
public struct JourneyStep: Sendable, Equatable {
    public var from: LifecycleStage
    public var to: LifecycleStage
    /// Profiles that reached `from` (or a later stage), and those that reached `to` (or later).
    public var reached: Int
    public var continued: Int
    public var droppedOff: Int
    /// continued ÷ reached; nil when nobody reached the stage.
    public var conversion: Double?
    /// The same share from the counts a week earlier (the daily snapshot), and the change since; nil without one.
    public var conversionWeekAgo: Double?
    public var change: Double?

    public init(from: LifecycleStage, to: LifecycleStage, reached: Int, continued: Int, reachedWeekAgo: Int? = nil, continuedWeekAgo: Int? = nil) {
        self.from = from
        self.to = to
        self.reached = reached
        self.continued = continued
        droppedOff = max(0, reached - continued)
        conversion = reached > 0 ? Double(continued) / Double(reached) : nil
        if let before = reachedWeekAgo, let went = continuedWeekAgo, before > 0 {
            conversionWeekAgo = Double(went) / Double(before)
        } else {
            conversionWeekAgo = nil
        }
        change = conversion.flatMap { now in conversionWeekAgo.map { now - $0 } }
    }

    /// The funnel's steps, worst first: the lowest share going on, then the most people lost. Steps nobody reached
    /// are left out (nothing broke there). `weekAgo` is the reached count per stage (cycle order) a week earlier.
    public static func worst(_ funnel: [FunnelStage], weekAgo: [Int]? = nil) -> [JourneyStep] {
        let ordered = funnel.sorted { $0.stage.index < $1.stage.index }
        let before = weekAgo.flatMap { $0.count == LifecycleStage.allCases.count ? $0 : nil }
        var steps = [JourneyStep]()
        for (here, next) in zip(ordered, ordered.dropFirst()) where here.profiles > 0 {
            steps.append(JourneyStep(from: here.stage, to: next.stage, reached: here.profiles, continued: next.profiles,
                                     reachedWeekAgo: before?[here.stage.index], continuedWeekAgo: before?[next.stage.index]))
        }
        return steps.sorted { a, b in
            let (left, right) = (a.conversion ?? 2, b.conversion ?? 2)
            if abs(left - right) > 1e-12 { return left < right }
            if a.droppedOff != b.droppedOff { return a.droppedOff > b.droppedOff }
            return a.from.index < b.from.index
        }
    }
}

/// What a CX director reads on Monday: this week's pyramid against last week's, twelve weeks of NPS and CSAT, what
/// bad experiences cost this week against last, and the journey steps where customers drop out.
public struct CXOverview: Sendable, Equatable {
    /// The moment the overview was made; `thisWeek` ends at the start of its UTC day.
    public var generatedAt: Date
    public var thisWeek: CXWeek
    public var lastWeek: CXWeek
    public var pyramid: CXPyramid
    public var previousPyramid: CXPyramid
    /// Every indicator of the two pyramids side by side, level 1 first.
    public var indicators: [IndicatorChange]
    /// Twelve weeks of answers, oldest first; the last is `thisWeek`.
    public var trend: [SurveyWeek]
    /// nil when the journey figures could not be read (no lifecycle projection wired in).
    public var costs: ExperienceCostComparison?
    /// Worst first (`JourneyStep.worst`); empty without journey figures.
    public var journeys: [JourneyStep]

    public init(generatedAt: Date, thisWeek: CXWeek, lastWeek: CXWeek, pyramid: CXPyramid, previousPyramid: CXPyramid,
                trend: [SurveyWeek], costs: ExperienceCostComparison?, journeys: [JourneyStep]) {
        self.generatedAt = generatedAt
        self.thisWeek = thisWeek
        self.lastWeek = lastWeek
        self.pyramid = pyramid
        self.previousPyramid = previousPyramid
        self.indicators = IndicatorChange.compare(pyramid, previousPyramid)
        self.trend = trend
        self.costs = costs
        self.journeys = journeys
    }

    /// Levels reached this week minus last week's (+1: one level more holds).
    public var reachedChange: Int { pyramid.reached - previousPyramid.reached }

    /// This week's and last week's answers (the trend's last two points); nil when the trend is shorter.
    public var surveysThisWeek: SurveyWeek? { trend.last }
    public var surveysLastWeek: SurveyWeek? { trend.count >= 2 ? trend[trend.count - 2] : nil }

    /// NPS this week minus last week, in points; nil when either week has no answers.
    public var npsChange: Double? {
        guard let now = surveysThisWeek?.nps, let before = surveysLastWeek?.nps else { return nil }
        return now - before
    }

    /// CSAT this week minus last week, as a fraction (0.03 is three points); nil when either week has no answers.
    public var csatChange: Double? {
        guard let now = surveysThisWeek?.csat, let before = surveysLastWeek?.csat else { return nil }
        return now - before
    }
}
