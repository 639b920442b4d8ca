import Foundation
import Synchronization

/// How long each step of a decision takes inside the server: reading the person, ranking the actions, logging the
/// decision. Every decision is counted, in buckets that grow by a tenth from 10 µs, so the count costs one lock and
/// the figures stay exact to a tenth however long the server runs.
///
/// A caller's time is these steps plus HTTP and the queues around them; the decisions benchmark prints the steps of
/// its paced load beside the callers' figures, which tells a slow step from a long queue.
public final class DecisionStepTimings: Sendable {
    public enum Step: Int, CaseIterable, Sendable {
        case reading, ranking, logging
    }

    /// The counts at one moment; the difference of two is what happened between them.
    public struct Snapshot: Sendable, Equatable {
        var counts: [[Int]]

        public func since(_ earlier: Snapshot) -> Snapshot {
            Snapshot(counts: zip(counts, earlier.counts).map { now, then in zip(now, then).map { $0 - $1 } })
        }

        /// Decisions that went through `step`.
        public func count(_ step: Step) -> Int { counts[step.rawValue].reduce(0, +) }

        /// The time in ms that `share` of the step's decisions took at most: the upper bound of the bucket holding
        /// that decision, so at most a tenth above the true figure. Nil when none went through it.
        public func percentile(_ step: Step, _ share: Double) -> Double? {
            let buckets = counts[step.rawValue]
            let total = buckets.reduce(0, +)
            guard total > 0 else { return nil }
            let wanted = max(1, Int((Double(total) * share).rounded(.up)))
            var seen = 0
            for (index, count) in buckets.enumerated() {
                seen += count
                if seen >= wanted { return DecisionStepTimings.upperBound(bucket: index) / 1e6 }
            }
            return DecisionStepTimings.upperBound(bucket: buckets.count - 1) / 1e6
        }
    }

    static let bucketCount = 150
    static let smallest: Double = 10_000
    static let growth: Double = 1.1

    private let counts = Mutex([[Int]](repeating: [Int](repeating: 0, count: bucketCount), count: Step.allCases.count))

    public init() {}

    /// Counts one decision's `step`, which took `nanoseconds`.
    public func record(_ step: Step, nanoseconds: UInt64) {
        let bucket = Self.bucket(nanoseconds: Double(nanoseconds))
        counts.withLock { $0[step.rawValue][bucket] += 1 }
    }

    public var soFar: Snapshot { Snapshot(counts: counts.withLock { $0 }) }

    /// Upper bound of every bucket in nanoseconds, computed once so that a time's bucket and the bound a percentile
    /// reports always agree (as `StageDurationHistogram` keeps its bounds), and a decision pays no `pow`.
    private static let upperBounds: [Double] = (0..<bucketCount).map { smallest * pow(growth, Double($0)) }
    private static let logGrowth = log(growth)

    /// The first bucket holds everything up to 10 µs, the last everything over its lower bound (about 15 s).
    static func bucket(nanoseconds: Double) -> Int {
        guard nanoseconds > smallest else { return 0 }
        var k = min(bucketCount - 1, Int((log(nanoseconds / smallest) / logGrowth).rounded(.up)))
        // The logarithm can land one bucket off at a bound; the stored bounds decide.
        while k > 0, nanoseconds <= upperBounds[k - 1] { k -= 1 }
        while k < bucketCount - 1, nanoseconds > upperBounds[k] { k += 1 }
        return k
    }

    static func upperBound(bucket: Int) -> Double { upperBounds[bucket] }
}
