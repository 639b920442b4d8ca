import Foundation
import Synchronization
import XCTest
@testable import TouchpointStorage

/// A group commit whose `await` never resumes (seen after a PostgreSQL restart) must not hold the node's collection
/// queue for good: the deadline answers the caller, and work that does answer is passed through unchanged.
final class CommitDeadlineTests: XCTestCase {
    func testWorkThatNeverAnswersEndsAtTheDeadline() async throws {
        let parked = Mutex<CheckedContinuation<Int, any Error>?>(nil)
        let started = Date()
        do {
            _ = try await Deadline.run(within: .milliseconds(200), orThrow: StorageError.commitTimedOut) {
                try await withCheckedThrowingContinuation { continuation in parked.withLock { $0 = continuation } }
            }
            XCTFail("the deadline should have answered")
        } catch let error as StorageError {
            XCTAssertEqual(error, .commitTimedOut)
        }
        XCTAssertLessThan(Date().timeIntervalSince(started), 5, "answered at the deadline, not when the work ends")
        // The late work is dropped: resuming it now changes nothing for the caller.
        parked.withLock { $0?.resume(returning: 1); $0 = nil }
    }

    func testWorkThatAnswersInTimeIsPassedThrough() async throws {
        let value = try await Deadline.run(within: .seconds(5), orThrow: StorageError.commitTimedOut) { 42 }
        XCTAssertEqual(value, 42)
        do {
            _ = try await Deadline.run(within: .seconds(5), orThrow: StorageError.commitTimedOut) { () async throws -> Int in
                throw StorageError.conflict("taken")
            }
            XCTFail("the work's own error should come through")
        } catch let error as StorageError {
            XCTAssertEqual(error, .conflict("taken"))
        }
    }
}
