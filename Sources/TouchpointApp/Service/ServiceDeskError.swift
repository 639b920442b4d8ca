/// What the service desk itself refuses, beside the case rules' `ServiceRuleError`. No HTTP here: the web layer gives
/// `notReady` 503 and `refused` 422 with its code.
public enum ServiceDeskError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The desk is still starting (its timeline source is not made yet): try again in a moment.
    case notReady
    /// A document or request the desk will not take, with a code clients can branch on (`invalid_calendar`,
    /// `unknown_team`, `invalid_settings`…) and a message that says what to fix.
    case refused(code: String, message: String)

    public var description: String {
        switch self {
        case .notReady: return "the service desk is starting: try again in a moment"
        case .refused(_, let message): return message
        }
    }
}
