import Foundation

/// When an answer opens a follow-up case (the closed loop): a detractor (NPS 0–6, CSAT 1–2, CES 5–7) or a strongly
/// negative comment, unless the person already has a follow-up opened within the window — one person, one
/// conversation about it.
public struct FollowUpRule: Codable, Sendable, Equatable {
    /// No second follow-up for the same person within this many days.
    public var windowDays: Int
    /// A comment scoring at or below this opens a follow-up whatever the score.
    public var strongNegative: Double

    public static let standard = FollowUpRule(windowDays: 7, strongNegative: -0.6)

    public init(windowDays: Int, strongNegative: Double) {
        self.windowDays = windowDays
        self.strongNegative = strongNegative
    }

    public enum Decision: Equatable, Sendable {
        case open(reason: String)
        case skip(reason: String)
    }

    /// - Parameter lastFollowUp: when the person's latest follow-up case was opened, if any.
    public func decide(_ answer: SurveyAnswer, lastFollowUp: Date?, now: Date) -> Decision {
        let reason: String
        if answer.band == .bad {
            reason = "\(answer.type.rawValue.uppercased()) \(answer.score): detractor"
        } else if let score = answer.sentimentScore, score <= strongNegative {
            reason = "strongly negative comment (\(score))"
        } else {
            return .skip(reason: "not a detractor")
        }
        if let lastFollowUp, now.timeIntervalSince(lastFollowUp) < Double(windowDays) * 86_400 {
            return .skip(reason: "a follow-up was opened for this person within \(windowDays) days")
        }
        return .open(reason: reason)
    }
}
