import XCTest
@testable import TouchpointApp

/// Each step of a decision is counted in buckets a tenth apart: percentiles are within a tenth above the truth, and the
/// difference of two snapshots is what happened between them.
final class DecisionStepTimingsTests: XCTestCase {
    func testPercentilesAreWithinATenthAboveTheTimesRecorded() throws {
        let timings = DecisionStepTimings()
        // 1 ms to 100 ms, one decision each.
        for ms in 1...100 { timings.record(.logging, nanoseconds: UInt64(ms) * 1_000_000) }
        let snapshot = timings.soFar
        XCTAssertEqual(snapshot.count(.logging), 100)
        let p50 = try XCTUnwrap(snapshot.percentile(.logging, 0.5))
        XCTAssertGreaterThanOrEqual(p50, 50)
        XCTAssertLessThanOrEqual(p50, 55)
        let p99 = try XCTUnwrap(snapshot.percentile(.logging, 0.99))
        XCTAssertGreaterThanOrEqual(p99, 99)
        XCTAssertLessThanOrEqual(p99, 99 * 1.1)
        XCTAssertNil(snapshot.percentile(.reading, 0.5), "no decision went through the reading")
    }

    func testASnapshotsDifferenceIsWhatHappenedBetween() {
        let timings = DecisionStepTimings()
        timings.record(.reading, nanoseconds: 500_000_000)
        let before = timings.soFar
        timings.record(.reading, nanoseconds: 2_000_000)
        timings.record(.ranking, nanoseconds: 5_000)
        let between = timings.soFar.since(before)
        XCTAssertEqual(between.count(.reading), 1)
        XCTAssertEqual(between.count(.ranking), 1)
        XCTAssertEqual(between.percentile(.reading, 1), DecisionStepTimings.upperBound(bucket: DecisionStepTimings.bucket(nanoseconds: 2_000_000)) / 1e6)
        XCTAssertLessThanOrEqual(between.percentile(.ranking, 0.5) ?? 1, 0.01, "up to 10 µs falls in the first bucket")
        // Longer than the last bucket's lower bound stays countable.
        timings.record(.logging, nanoseconds: 60_000_000_000)
        XCTAssertEqual(timings.soFar.count(.logging), 1)
    }
}
