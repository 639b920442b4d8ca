import Foundation

/// Why the decisions area refused a request; the HTTP layer maps each to its status.
public enum DecisionDeskError: Error, Equatable, Sendable {
    /// A segment or action with every problem found (422).
    case invalid([String])
    /// The person is unknown or was erased (404); nothing was stored.
    case unknownProfile
    case unknownSegment
    case unknownAction
}
