import Foundation

/// A relevance set's verdict: how often the article that should answer is among the first three, and how high it
/// ranks on average (mean reciprocal rank).
public struct SearchEvaluation: Sendable, Equatable {
    public struct Miss: Sendable, Equatable {
        public var query: String
        public var expected: String
        public var found: [String]
    }

    public var queries: Int
    public var recallAt3: Double
    public var meanReciprocalRank: Double
    public var misses: [Miss]

    /// Scores ranked answers: `rank` returns the translation keys of the results, best first.
    public static func evaluate(_ cases: [(query: String, expected: String)], rank: (String) -> [String]) -> SearchEvaluation {
        var inTop3 = 0
        var reciprocal = 0.0
        var misses = [Miss]()
        for item in cases {
            let found = rank(item.query)
            if let position = found.firstIndex(of: item.expected) {
                reciprocal += 1 / Double(position + 1)
                if position < 3 { inTop3 += 1 } else { misses.append(Miss(query: item.query, expected: item.expected, found: Array(found.prefix(3)))) }
            } else {
                misses.append(Miss(query: item.query, expected: item.expected, found: Array(found.prefix(3))))
            }
        }
        let count = max(cases.count, 1)
        return SearchEvaluation(queries: cases.count, recallAt3: Double(inTop3) / Double(count), meanReciprocalRank: reciprocal / Double(count), misses: misses)
    }
}
