import Foundation

/// A service-desk rule said no: a calendar, SLA policy or routing rule that cannot be used, or a request a case's rules
/// refuse. The message says what to fix. It carries no HTTP status: the web layer gives `invalid` 422 and `conflict`
/// 409 in one place.
public enum ServiceRuleError: Error, Equatable, Sendable, CustomStringConvertible, LocalizedError {
    /// The request makes no sense for any case or document (an empty subject, a score of 9, a time of 25:00).
    case invalid(String)
    /// The request makes sense, but not for this case as it is now (merged, not yet resolved).
    case conflict(String)

    public var description: String {
        switch self {
        case .invalid(let message), .conflict(let message): return message
        }
    }

    public var errorDescription: String? { description }
}
