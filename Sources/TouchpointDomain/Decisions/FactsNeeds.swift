import Foundation

/// Which events of a person's history the segments and actions in force can read, so storage loads only those.
public struct FactsNeeds: Sendable, Equatable {
    /// Event names as history conditions write them.
    public var historyEvents: Set<String>

    public init(segments: [SegmentDefinition], actions: [ActionDefinition]) {
        var names = Set<String>()
        func add(_ conditions: [SegmentCondition]) {
            for case .history(let history) in conditions { names.insert(history.event) }
        }
        for segment in segments { for group in segment.groups { add(group.conditions) } }
        for action in actions { add(action.eligibility.conditions) }
        historyEvents = names
    }

    /// The spellings the log may hold of the names, lowercased, for a query (`LOWER(name) IN …`): history conditions
    /// compare names ignoring case and `_`, `-`, spaces, and SDKs write `Order Completed`, `order_completed` or
    /// `order-completed`. Storage filters with these; the condition's own comparison decides.
    public static func storedSpellings(of names: Set<String>) -> [String] {
        var spellings = Set<String>()
        for name in names {
            let normalized = LifecycleEventNames.normalize(name)
            guard !normalized.isEmpty else { continue }
            spellings.insert(normalized)
            spellings.insert(normalized.replacingOccurrences(of: " ", with: "_"))
            spellings.insert(normalized.replacingOccurrences(of: " ", with: "-"))
            spellings.insert(normalized.replacingOccurrences(of: " ", with: ""))
        }
        return spellings.sorted()
    }
}

extension FeedbackFacts {
    /// Events that mean a bad experience without a survey: what `lastBadExperienceAt` is read from.
    public static let badExperienceEvents: Set<String> = ["Complaint Filed", "Order Refunded", "Delivery Failed", "Delivery Delayed", "Case Escalated"]

    /// Whether a survey answer is a detractor's: the survey's bad band (NPS 0–6, CSAT 1–2, CES 5–7).
    public static func isDetractor(surveyType: String, score: Int) -> Bool {
        SurveyType(rawValue: surveyType.lowercased())?.band(score) == .bad
    }
}

/// The event-name comparison history conditions use, for storage's filters.
public enum LifecycleEventNamesBridge {
    public static func normalize(_ name: String) -> String { LifecycleEventNames.normalize(name) }
}

extension ValueFacts {
    /// The margin of a person without a `margin` trait: this share of their CLV (a retailer's typical gross margin).
    public static let defaultMarginRate = 0.25
}
