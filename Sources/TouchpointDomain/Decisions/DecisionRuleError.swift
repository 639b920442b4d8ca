import Foundation
import Tagged

/// Why a segment or an action definition cannot be used. Every problem found is listed, each starting with the
/// field it is about (`conditions[1].any[0]: …`), so whoever fixes a definition in the console or over the API sees
/// all of them at once instead of one per round trip.
public struct DecisionRuleError: Error, Sendable, Equatable, CustomStringConvertible {
    public var problems: [String]

    public init(problems: [String]) { self.problems = problems }
    public init(_ problem: String) { self.problems = [problem] }

    public var description: String { problems.joined(separator: "; ") }
}
