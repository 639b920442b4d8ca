import Foundation

/// The standard questions: Net Promoter Score (0–10), customer satisfaction (1–5) and customer effort (1–7).
public enum SurveyType: String, Codable, Sendable, CaseIterable {
    case nps, csat, ces

    /// The scores an answer may carry.
    public var scale: ClosedRange<Int> {
        switch self {
        case .nps: 0...10
        case .csat: 1...5
        case .ces: 1...7
        }
    }

    /// Where a score puts the person: the three bands each method reports.
    public func band(_ score: Int) -> SurveyBand {
        switch self {
        case .nps: score >= 9 ? .good : score >= 7 ? .middle : .bad
        case .csat: score >= 4 ? .good : score == 3 ? .middle : .bad
        // Effort: low is good (1 "very easy" … 7 "very hard").
        case .ces: score <= 3 ? .good : score == 4 ? .middle : .bad
        }
    }
}

/// Promoter / passive / detractor for NPS; satisfied / neutral / dissatisfied for CSAT; easy / neutral / hard for CES.
public enum SurveyBand: String, Codable, Sendable {
    case good, middle, bad
}
