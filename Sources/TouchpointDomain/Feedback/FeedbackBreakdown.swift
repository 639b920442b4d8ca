import Foundation

/// How answers split by a dimension (month, channel, lifecycle stage, value tier, agent): one small report a group.
public enum FeedbackGrouping: String, Sendable, CaseIterable {
    case month, channel, stage, tier, agent
}

/// One group's figures.
public struct FeedbackGroupFigures: Sendable, Equatable {
    public var group: String
    public var report: FeedbackReport

    public init(group: String, report: FeedbackReport) {
        self.group = group
        self.report = report
    }

    /// Groups from histograms per group, largest first (months in time order).
    public static func make(_ histograms: [String: [SurveyType: [Int: Int]]], type: SurveyType?, grouping: FeedbackGrouping) -> [FeedbackGroupFigures] {
        let rows = histograms.map { group, histogram in
            FeedbackGroupFigures(group: group, report: FeedbackReport.make(histogram: histogram, sentiment: [:], topics: [], type: type))
        }
        if grouping == .month { return rows.sorted { $0.group < $1.group } }
        return rows.sorted { ($0.report.responses, $1.group) > ($1.report.responses, $0.group) }
    }
}

/// Which touchpoints come before detractors: for each channel or event seen in the 30 days before an NPS answer, the
/// NPS of the answers that had it against those that did not. A driver with a large negative gap is where to look.
public struct DriverAnalysis: Sendable, Equatable {
    public struct Driver: Sendable, Equatable {
        /// `channel:phone`, `event:Return Requested`…
        public var name: String
        public var answers: Int
        public var npsWith: Double
        public var npsWithout: Double
        /// NPS with minus NPS without: negative when the touchpoint goes with lower scores.
        public var gap: Double { npsWith - npsWithout }
        public var detractorShareWith: Double
    }

    public var answers: Int
    public var drivers: [Driver]

    /// - Parameters:
    ///   - answers: NPS scores, each with the touchpoints of the 30 days before it.
    ///   - minimumSupport: a touchpoint needs this many answers on each side to be shown.
    public static func make(_ answers: [(score: Int, touchpoints: Set<String>)], minimumSupport: Int = 20, limit: Int = 12) -> DriverAnalysis {
        func detractors(_ scores: [Int]) -> Int { scores.filter { SurveyType.nps.band($0) == .bad }.count }
        func nps(_ scores: [Int]) -> Double {
            guard !scores.isEmpty else { return 0 }
            return FeedbackReport.nps(promoters: scores.filter { SurveyType.nps.band($0) == .good }.count, detractors: detractors(scores),
                                      responses: scores.count)
        }
        let names = Set(answers.flatMap(\.touchpoints))
        var drivers = [Driver]()
        for name in names {
            let with = answers.filter { $0.touchpoints.contains(name) }.map(\.score)
            let without = answers.filter { !$0.touchpoints.contains(name) }.map(\.score)
            guard with.count >= minimumSupport, without.count >= minimumSupport else { continue }
            drivers.append(Driver(name: name, answers: with.count, npsWith: nps(with), npsWithout: nps(without),
                                  detractorShareWith: FeedbackReport.round(Double(detractors(with)) / Double(with.count) * 100)))
        }
        drivers.sort { abs($0.gap) != abs($1.gap) ? abs($0.gap) > abs($1.gap) : $0.name < $1.name }
        return DriverAnalysis(answers: answers.count, drivers: Array(drivers.prefix(limit)))
    }
}
