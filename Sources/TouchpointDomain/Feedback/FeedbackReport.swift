import Foundation

/// The figures of `GET /api/v1/feedback/report`: responses, NPS with its bands, CSAT (share satisfied, 4–5), CES
/// (mean effort), sentiment of the comments and the topics they raise.
public struct FeedbackReport: Codable, Sendable, Equatable {
    public struct TopicFigure: Codable, Sendable, Equatable {
        public var topic: String
        public var count: Int
        /// Mean sentiment score of the comments raising it, -1…1.
        public var sentiment: Double

        public init(topic: String, count: Int, sentiment: Double) {
            self.topic = topic
            self.count = count
            self.sentiment = sentiment
        }
    }

    public var responses: Int
    public var nps: Double?
    public var promoters: Int?
    public var passives: Int?
    public var detractors: Int?
    /// NPS's 95 % confidence half-width, from the variance of the promoter/detractor indicator.
    public var npsMargin: Double?
    public var csat: Double?
    public var ces: Double?
    public var sentiment: [Sentiment: Int]
    public var topics: [TopicFigure]

    /// Builds the report from a histogram of scores per type (the storage's one cheap aggregate).
    /// - Parameter type: the type asked for, or nil for all; fields of other types are nil.
    public static func make(histogram: [SurveyType: [Int: Int]], sentiment: [Sentiment: Int],
                            topics: [TopicFigure], type: SurveyType?) -> FeedbackReport {
        func count(_ kind: SurveyType, where band: SurveyBand) -> Int {
            (histogram[kind] ?? [:]).filter { kind.band($0.key) == band }.values.reduce(0, +)
        }
        func total(_ kind: SurveyType) -> Int { (histogram[kind] ?? [:]).values.reduce(0, +) }
        let wants = { (kind: SurveyType) in type == nil || type == kind }
        var report = FeedbackReport(responses: 0, nps: nil, promoters: nil, passives: nil, detractors: nil, npsMargin: nil,
                                    csat: nil, ces: nil, sentiment: sentiment, topics: topics)
        report.responses = SurveyType.allCases.filter(wants).map(total).reduce(0, +)
        if wants(.nps) {
            let n = total(.nps)
            let promoters = count(.nps, where: .good), detractors = count(.nps, where: .bad)
            report.promoters = promoters
            report.passives = count(.nps, where: .middle)
            report.detractors = detractors
            if n > 0 {
                let p = Double(promoters) / Double(n), d = Double(detractors) / Double(n)
                report.nps = Self.nps(promoters: promoters, detractors: detractors, responses: n)
                let variance = p + d - (p - d) * (p - d)
                report.npsMargin = Self.round(1.96 * (variance / Double(n)).squareRoot() * 100)
            }
        }
        if wants(.csat), total(.csat) > 0 {
            report.csat = Self.round(Double(count(.csat, where: .good)) / Double(total(.csat)) * 100)
        }
        if wants(.ces), total(.ces) > 0 {
            let sum = (histogram[.ces] ?? [:]).reduce(0) { $0 + $1.key * $1.value }
            report.ces = Self.round(Double(sum) / Double(total(.ces)))
        }
        return report
    }

    static func round(_ value: Double) -> Double { (value * 10).rounded() / 10 }

    /// % promoters − % detractors, to a tenth.
    static func nps(promoters: Int, detractors: Int, responses: Int) -> Double {
        round(Double(promoters - detractors) / Double(responses) * 100)
    }
}
