import Foundation

/// What a person's profile says about their feedback: the latest NPS, CSAT and CES answer, and how the sentiment of
/// their comments moves (month by month, and whether the latest months are better or worse than before).
public struct FeedbackSummary: Sendable, Equatable {
    public struct Latest: Sendable, Equatable {
        public var score: Int
        public var band: SurveyBand
        public var at: Date
    }

    public struct MonthSentiment: Sendable, Equatable {
        /// `YYYY-MM`
        public var month: String
        public var score: Double
        public var comments: Int
    }

    public enum Trend: String, Sendable {
        case improving, worsening, steady
    }

    public var latest: [SurveyType: Latest]
    public var sentiment: [MonthSentiment]
    /// nil with fewer than two months of comments.
    public var trend: Trend?

    /// - Parameter answers: the person's answers, in any order.
    public static func make(_ answers: [SurveyAnswer]) -> FeedbackSummary {
        var latest = [SurveyType: Latest]()
        for answer in answers.sorted(by: { $0.answeredAt < $1.answeredAt }) {
            latest[answer.type] = Latest(score: answer.score, band: answer.band, at: answer.answeredAt)
        }
        var months = [String: (sum: Double, count: Int)]()
        for answer in answers {
            guard let score = answer.sentimentScore else { continue }
            let month = String(DayKey.of(answer.answeredAt).prefix(7))
            let previous = months[month] ?? (0, 0)
            months[month] = (previous.sum + score, previous.count + 1)
        }
        let sentiment = months.sorted { $0.key < $1.key }.map {
            MonthSentiment(month: $0.key, score: ($0.value.sum / Double($0.value.count) * 100).rounded() / 100, comments: $0.value.count)
        }
        var trend: Trend?
        if sentiment.count >= 2 {
            // The latest month against the mean of the ones before: a change of 0.2 on the -1…1 scale is a trend.
            let before = sentiment.dropLast().map(\.score).reduce(0, +) / Double(sentiment.count - 1)
            let change = sentiment.last!.score - before
            trend = change >= 0.2 ? .improving : change <= -0.2 ? .worsening : .steady
        }
        return FeedbackSummary(latest: latest, sentiment: sentiment, trend: trend)
    }
}
