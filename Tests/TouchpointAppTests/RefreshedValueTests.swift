import XCTest
import Synchronization
@testable import TouchpointApp

/// The learnt beliefs and the budgets are read again in the background once old, while decisions go on with the
/// value kept: a moment's decisions must not all wait for the same query.
final class RefreshedValueTests: XCTestCase {
    func testTheFirstCallerWaitsThenTheKeptValueIsAnsweredWhileOneReadRuns() async throws {
        let reads = Mutex(0)
        let value = RefreshedValue<Int>(maximumAge: 0)
        let load: @Sendable () async throws -> Int = {
            let count = reads.withLock { $0 += 1; return $0 }
            try await Task.sleep(for: .milliseconds(200))
            return count * 10
        }
        let first = try await value.value(load: load)
        XCTAssertEqual(first, 10)
        // Past its age (0): the callers of this moment get the kept value at once, and one read starts.
        let started = ContinuousClock.now
        for _ in 0..<20 { _ = try await value.value(load: load) }
        XCTAssertLessThan(ContinuousClock.now - started, .milliseconds(150), "the callers waited for the read")
        try await Task.sleep(for: .milliseconds(50))
        XCTAssertEqual(reads.withLock { $0 }, 2, "one read in the background for all twenty callers")
        try await Task.sleep(for: .milliseconds(400))
        let next = try await value.value(load: load)
        XCTAssertEqual(next, 20, "the background read's value is answered next")
    }

    func testAFailedBackgroundReadKeepsTheValueAndIsTriedAgain() async throws {
        let fail = Mutex(false)
        let value = RefreshedValue<String>(maximumAge: 0)
        let load: @Sendable () async throws -> String = {
            if fail.withLock({ $0 }) { throw CancellationError() }
            return "fresh"
        }
        var answered = try await value.value(load: load)
        XCTAssertEqual(answered, "fresh")
        fail.withLock { $0 = true }
        value.update { $0 = "kept" }
        answered = try await value.value(load: load)
        XCTAssertEqual(answered, "kept")
        try await Task.sleep(for: .milliseconds(50))
        fail.withLock { $0 = false }
        answered = try await value.value(load: load)
        XCTAssertEqual(answered, "kept", "the failed read left the kept value")
        try await Task.sleep(for: .milliseconds(50))
        answered = try await value.value(load: load)
        XCTAssertEqual(answered, "fresh", "the read was tried again")
    }
}
