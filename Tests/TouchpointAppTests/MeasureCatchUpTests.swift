import XCTest
@testable import TouchpointApp

/// Every measurement page brings the day counts up to date first, so a caught-up log must cost one look, not a round of
/// empty batches (a `for … where` loop once made every page run 1,000 write transactions).
final class MeasureCatchUpTests: XCTestCase {
    func testTheCatchUpStopsAtTheFirstEmptyBatch() async throws {
        var remaining = [5_000, 5_000, 1_200]
        var calls = 0
        let batches = try await MeasureDesk.advanceUntilEmpty {
            calls += 1
            return remaining.isEmpty ? 0 : remaining.removeFirst()
        }
        XCTAssertEqual(batches, 3)
        XCTAssertEqual(calls, 4, "three batches that read events, then the empty one that says the log is caught up")
    }

    func testACaughtUpLogCostsOneLook() async throws {
        var calls = 0
        let batches = try await MeasureDesk.advanceUntilEmpty { calls += 1; return 0 }
        XCTAssertEqual(batches, 0)
        XCTAssertEqual(calls, 1)
    }

    func testARoundIsBoundedWhileEventsKeepArriving() async throws {
        var calls = 0
        let batches = try await MeasureDesk.advanceUntilEmpty(maxBatches: 7) { calls += 1; return 5_000 }
        XCTAssertEqual(batches, 7)
        XCTAssertEqual(calls, 7)
    }
}
