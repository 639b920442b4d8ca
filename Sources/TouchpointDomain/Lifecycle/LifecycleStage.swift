import Foundation

/// The six stages of the customer-experience cycle, in cycle order.
///
/// need → awareness → interaction → experience (the actual experience: a purchase and what follows)
/// → engagement → loyalty. The raw values are the wire form in the API and in rule files.
public enum LifecycleStage: String, Sendable, Codable, CaseIterable, Hashable, Comparable, CodingKeyRepresentable {
    case need, awareness, interaction, experience, engagement, loyalty

    /// Position in the cycle: 0 for need, 5 for loyalty.
    public var index: Int {
        switch self {
        case .need: return 0
        case .awareness: return 1
        case .interaction: return 2
        case .experience: return 3
        case .engagement: return 4
        case .loyalty: return 5
        }
    }

    /// The stage at a cycle position, or nil outside 0...5.
    public init?(index: Int) {
        guard LifecycleStage.allCases.indices.contains(index) else { return nil }
        self = LifecycleStage.allCases[index]
    }

    /// The following stage in the cycle; nil for loyalty, the last one.
    public var next: LifecycleStage? { LifecycleStage(index: index + 1) }

    /// Stages compare by cycle position, so "moves forward" is simply `new > old`.
    public static func < (lhs: LifecycleStage, rhs: LifecycleStage) -> Bool { lhs.index < rhs.index }
}
