import Foundation

/// The survey desk's refusals, each meaning one HTTP answer: unknown is 404, answered already is 409, a value the
/// survey does not allow is 422.
public enum SurveyDeskError: Error, Equatable, Sendable, CustomStringConvertible {
    case notFound(String)
    case alreadyAnswered(String)
    case invalid(String)

    public var description: String {
        switch self {
        case .notFound(let message), .alreadyAnswered(let message), .invalid(let message): message
        }
    }
}
