import Foundation
import SQLKit
import TouchpointApp
import TouchpointDomain

/// Group commit for the decision log, a batch a statement: decisions that arrive while one batch is being committed
/// are written together by the next, each kind of row in one multi-row insert.
///
/// Every channel asks for decisions many times a second, and each is logged before it is answered. Through the
/// general group commit (`GroupedWriter`) each decision was six statements — a savepoint, its three inserts, the daily
/// count, the release — and on PostgreSQL each statement is a round trip. Here a batch is four statements whatever its
/// size. Should a batch fail, its decisions are written again one by one, so one bad decision fails alone.
actor DecisionLogWriter {
    private var pending: [(decision: SQLStore.LoggedDecision, timeline: SourceID, continuation: CheckedContinuation<Void, any Error>)] = []
    private var draining = false
    private let maximumBatch: Int

    init(maximumBatch: Int = 256) {
        self.maximumBatch = maximumBatch
    }

    /// Logs the decision; returns once its batch is committed.
    func save(_ decision: SQLStore.LoggedDecision, timeline: SourceID, on store: SQLStore) async throws {
        try await withCheckedThrowingContinuation { continuation in
            pending.append((decision, timeline, continuation))
            if !draining {
                draining = true
                Task { await self.drain(store) }
            }
        }
    }

    private func drain(_ store: SQLStore) async {
        while !pending.isEmpty {
            let batch = Array(pending.prefix(maximumBatch))
            pending.removeFirst(batch.count)
            do {
                try await store.writePipelined { sql in
                    for (timeline, entries) in Dictionary(grouping: batch, by: \.timeline) {
                        try await SQLStore.insertDecisions(entries.map(\.decision), timeline: timeline, on: sql)
                    }
                }
                for entry in batch { entry.continuation.resume() }
            } catch {
                guard batch.count > 1 else {
                    batch.first?.continuation.resume(throwing: error)
                    continue
                }
                for entry in batch {
                    do {
                        try await store.writePipelined { sql in try await SQLStore.insertDecisions([entry.decision], timeline: entry.timeline, on: sql) }
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
