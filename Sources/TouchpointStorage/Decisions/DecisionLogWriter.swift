import Foundation
import SQLKit
import Synchronization
import TouchpointApp
import TouchpointDomain

/// Group commit for the decision log, a batch a statement: decisions that arrive while one batch is being committed
/// are written together by the next, each kind of row in one multi-row insert.
///
/// Every channel asks for decisions many times a second, and each is logged before it is answered. Through the
/// general group commit (`GroupedWriter`) each decision was six statements — a savepoint, its three inserts, the daily
/// count, the release — and on PostgreSQL each statement is a round trip. Here a batch is three statements whatever its
/// size (the decisions, their shows and hold-outs, the actions' counts of shows), and on PostgreSQL one statement
/// outside a transaction, so one round trip (`PostgresDecisionBatch`). Should a batch fail, its decisions are written
/// again one by one, so one bad decision fails alone.
///
/// A commit costs about the same for one decision as for ten (the log's pages, the file's sync), so a batch that
/// starts a round waits briefly — at most ``gatherLimit`` — while other decisions are reading their person or have
/// just read it (and are ranking the actions): they are about to be logged, and joining this commit spares each of them
/// one. With no decision on its way, a decision is committed at once; so are those that arrived while the batch before
/// was being committed.
actor DecisionLogWriter {
    private var pending: [(decision: SQLStore.LoggedDecision, continuation: CheckedContinuation<Void, any Error>)] = []
    private var draining = false
    private let maximumBatch: Int
    /// Decisions reading their person now (``reading(_:)``), and when the last one finished (monotonic nanoseconds).
    private nonisolated let readingNow = Atomic<Int>(0)
    private nonisolated let lastReadEnded = Atomic<UInt64>(0)
    /// The longest a batch waits for decisions on their way.
    static let gatherLimit: Duration = .microseconds(1_000)
    /// How long after its reading a decision is still expected: ranking a catalogue of hundreds takes a fraction of it.
    static let rankingTime: UInt64 = 300_000

    init(maximumBatch: Int = 256) {
        self.maximumBatch = maximumBatch
    }

    /// Runs a decision's reading, counted as one about to be logged.
    nonisolated func reading<Result>(_ body: () async throws -> Result) async rethrows -> Result {
        readingNow.add(1, ordering: .relaxed)
        defer {
            readingNow.subtract(1, ordering: .relaxed)
            lastReadEnded.store(DispatchTime.now().uptimeNanoseconds, ordering: .relaxed)
        }
        return try await body()
    }

    /// When the last decision was handed in to be logged (monotonic nanoseconds).
    private var lastSaved: UInt64 = 0

    /// Whether a decision is reading its person, or finished reading after the last one was handed in and so is ranking
    /// its actions: either will be logged in a moment.
    private var decisionOnItsWay: Bool {
        if readingNow.load(ordering: .relaxed) > 0 { return true }
        let ended = lastReadEnded.load(ordering: .relaxed)
        return ended > lastSaved && DispatchTime.now().uptimeNanoseconds &- ended < Self.rankingTime
    }

    /// Logs the decision; returns once its batch is committed.
    func save(_ decision: SQLStore.LoggedDecision, on store: SQLStore) async throws {
        try await withCheckedThrowingContinuation { continuation in
            pending.append((decision, continuation))
            lastSaved = DispatchTime.now().uptimeNanoseconds
            if !draining {
                draining = true
                Task { await self.drain(store) }
            }
        }
    }

    private func drain(_ store: SQLStore) async {
        // Only a batch that starts a round gathers: the decisions that arrived while a batch was being committed are
        // written at once, for those on their way would otherwise wait twice (for the commit, then the gathering).
        var gathering = true
        while !pending.isEmpty {
            defer { gathering = false }
            let clock = ContinuousClock()
            let deadline = clock.now.advanced(by: Self.gatherLimit)
            while gathering, pending.count < maximumBatch, decisionOnItsWay, clock.now < deadline {
                try? await Task.sleep(for: .microseconds(100))
            }
            let batch = Array(pending.prefix(maximumBatch))
            pending.removeFirst(batch.count)
            do {
                try await store.logDecisions(batch.map(\.decision))
                for entry in batch { entry.continuation.resume() }
            } catch {
                guard batch.count > 1 else {
                    batch.first?.continuation.resume(throwing: error)
                    continue
                }
                for entry in batch {
                    do {
                        try await store.logDecisions([entry.decision])
                        entry.continuation.resume()
                    } catch {
                        entry.continuation.resume(throwing: error)
                    }
                }
            }
        }
        draining = false
    }
}
