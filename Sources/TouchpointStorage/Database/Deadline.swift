import Foundation
import Synchronization

/// Runs work with a time limit that holds even when the work never answers: the caller is answered by whichever comes
/// first, the work or the deadline; work that is late is cancelled and its result dropped.
enum Deadline {
    /// `executor`: where the work runs. The work is a task of its own, and a new task does not inherit its caller's
    /// executor preference: without this the ingest's commit would leave its writer thread for Swift's shared pool,
    /// to wait there behind the decoding of requests.
    static func run<T: Sendable>(within limit: Duration, orThrow timeout: any Error, on executor: (any TaskExecutor)? = nil,
                                 _ work: @escaping @Sendable () async throws -> T) async throws -> T {
        let answer = Mutex<CheckedContinuation<T, any Error>?>(nil)
        let settle = { @Sendable (result: Result<T, any Error>) -> Bool in
            guard let continuation = answer.withLock({ current -> CheckedContinuation<T, any Error>? in
                defer { current = nil }
                return current
            }) else { return false }
            continuation.resume(with: result)
            return true
        }
        return try await withCheckedThrowingContinuation { continuation in
            answer.withLock { $0 = continuation }
            let running = Task(executorPreference: executor) {
                do { _ = settle(.success(try await work())) } catch { _ = settle(.failure(error)) }
            }
            Task {
                try? await Task.sleep(for: limit)
                if settle(.failure(timeout)) { running.cancel() }
            }
        }
    }
}
