import Foundation
import Synchronization
import TouchpointDomain

/// Group commit for the collection path.
///
/// Every request waits for its own commit (a 2xx means committed to disk), but requests that arrive while a
/// commit is in flight are gathered and committed together in the next transaction, so throughput grows with
/// concurrency instead of collapsing to one fsync a request.
public actor IngestPipeline {
    public typealias CommitObserver = @Sendable (_ submissions: Int, _ messages: Int, _ seconds: Double) -> Void

    private let store: SQLStore
    private let maximumGroupMessages: Int
    private let observer: CommitObserver?
    private var pending: [(submission: IngestSubmission, continuation: CheckedContinuation<IngestOutcome, any Error>)] = []
    private var draining = false
    /// Messages accepted and not yet committed: past `maximumBacklog`, requests are turned away before they wait in memory.
    private nonisolated let backlog = Backlog()
    public nonisolated let maximumBacklog: Int

    final class Backlog: Sendable {
        private let count = Mutex<Int>(0)
        func add(_ n: Int) { count.withLock { $0 += n } }
        var value: Int { count.withLock { $0 } }
    }

    /// The group commit runs on the writer's own thread (see `WriterExecutor`), where SQLite's writer runs too.
    public nonisolated var unownedExecutor: UnownedSerialExecutor { WriterExecutor.ingest.asUnownedSerialExecutor() }

    public init(store: SQLStore, maximumGroupMessages: Int = 5000, maximumBacklog: Int = 100_000, observer: CommitObserver? = nil) {
        self.store = store
        self.maximumGroupMessages = maximumGroupMessages
        self.maximumBacklog = maximumBacklog
        self.observer = observer
    }

    /// Whether `count` more messages fit in the backlog now: when they do not, the database is behind and the
    /// caller answers 503 so the sender backs off, instead of the server's memory growing with waiting requests.
    public nonisolated func admits(_ count: Int) -> Bool {
        backlog.value + count <= maximumBacklog
    }

    /// Messages waiting for their commit.
    public nonisolated var backlogMessages: Int { backlog.value }

    /// Appends one request's messages; returns once they are committed.
    public func submit(_ submission: IngestSubmission) async throws -> IngestOutcome {
        guard !submission.messages.isEmpty else { return IngestOutcome() }
        let count = submission.messages.count
        backlog.add(count)
        defer { backlog.add(-count) }
        return try await withCheckedThrowingContinuation { continuation in
            pending.append((submission, continuation))
            if !draining {
                draining = true
                Task(executorPreference: WriterExecutor.ingest) { await self.drain() }
            }
        }
    }

    private func drain() async {
        while !pending.isEmpty {
            var group = [(submission: IngestSubmission, continuation: CheckedContinuation<IngestOutcome, any Error>)]()
            var count = 0
            while let next = pending.first, group.isEmpty || count + next.submission.messages.count <= maximumGroupMessages {
                group.append(pending.removeFirst())
                count += next.submission.messages.count
            }
            let started = DispatchTime.now().uptimeNanoseconds
            do {
                let outcomes = try await commit(group.map(\.submission))
                observer?(group.count, count, Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9)
                for (entry, outcome) in zip(group, outcomes) { entry.continuation.resume(returning: outcome) }
            } catch {
                // One failing request must not fail the others it was grouped with: retry each alone. A commit that
                // never answered fails them all (the senders retry; message ids keep a late commit from doubling).
                if group.count == 1 || error as? StorageError == .commitTimedOut {
                    for entry in group { entry.continuation.resume(throwing: error) }
                } else {
                    for entry in group {
                        do {
                            entry.continuation.resume(returning: try await store.ingest([entry.submission]).first ?? IngestOutcome())
                        } catch {
                            entry.continuation.resume(throwing: error)
                        }
                    }
                }
            }
        }
        draining = false
    }

    /// How long a group commit may take before its requests are answered with an error: PostgreSQL commits take
    /// milliseconds; this only ends a wait that would otherwise never end.
    public static let commitDeadline: Duration = .seconds(10)

    /// The group's commit. On PostgreSQL it is given `commitDeadline`: after a database restart a connection could
    /// leave the commit's `await` without an answer, which held every later request of the node behind it (found by
    /// `scripts/failure-drill`). The stuck commit is left behind; the queue goes on.
    private func commit(_ submissions: [IngestSubmission]) async throws -> [IngestOutcome] {
        guard store.dialect == .postgres else { return try await store.ingest(submissions) }
        let store = store
        return try await Deadline.run(within: Self.commitDeadline, orThrow: StorageError.commitTimedOut, on: WriterExecutor.ingest) {
            try await store.ingest(submissions)
        }
    }
}
