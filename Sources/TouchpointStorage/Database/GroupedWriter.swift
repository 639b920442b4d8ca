import Foundation
import SQLKit
import Synchronization

/// What one write of a group leaves for the end of the group: timeline events to record, and steps that need them.
///
/// Recording a case's events on the customer's timeline runs identity resolution, about ten statements. Done once
/// for the whole group instead of once a write, a burst of chat messages costs a few statements each.
/// Each write of a group is handed its context explicitly (`groupedWrite { sql, group in … }`).
final class GroupedWriteContext: Sendable {
    let timeline = Mutex<[IngestSubmission]>([])
    let afterTimeline = Mutex<[@Sendable (any SQLDatabase) async throws -> Void]>([])
}

/// Group commit for small interactive writes (chat messages, replies, status changes).
///
/// Each caller still waits for its own commit, but writes that arrive while a transaction is being committed
/// share the next one, so a burst of chat messages costs one fsync rather than one each. Every write runs
/// inside its own savepoint: one that fails is rolled back alone and reports its error, the others commit.
actor GroupedWriter {
    typealias Job = @Sendable (any SQLDatabase, GroupedWriteContext) async throws -> any Sendable

    private var pending: [(job: Job, continuation: CheckedContinuation<any Sendable, any Error>)] = []
    private var draining = false
    private let maximumGroup: Int

    init(maximumGroup: Int = 256) {
        self.maximumGroup = maximumGroup
    }

    func run(on store: SQLStore, _ job: @escaping Job) async throws -> any Sendable {
        try await withCheckedThrowingContinuation { continuation in
            pending.append((job, continuation))
            if !draining {
                draining = true
                Task { await self.drain(store) }
            }
        }
    }

    private func drain(_ store: SQLStore) async {
        while !pending.isEmpty {
            let group = Array(pending.prefix(maximumGroup))
            pending.removeFirst(group.count)
            let jobs = group.map(\.job)
            do {
                let results = try await store.write { sql -> [Result<any Sendable, any Error>] in
                    var results = [Result<any Sendable, any Error>]()
                    results.reserveCapacity(jobs.count)
                    var contexts = [GroupedWriteContext]()
                    for job in jobs {
                        let context = GroupedWriteContext()
                        try await sql.run("SAVEPOINT grouped_write")
                        do {
                            let value = try await job(sql, context)
                            try await sql.run("RELEASE SAVEPOINT grouped_write")
                            results.append(.success(value))
                            contexts.append(context)
                        } catch {
                            // The failed write's timeline events are dropped with it.
                            try await sql.run("ROLLBACK TO SAVEPOINT grouped_write")
                            try await sql.run("RELEASE SAVEPOINT grouped_write")
                            results.append(.failure(error))
                        }
                    }
                    let submissions = contexts.flatMap { $0.timeline.withLock { $0 } }
                    if !submissions.isEmpty {
                        try await AdvisoryLock.identityGraph.hold(on: sql)
                        _ = try await SQLStore.ingest(submissions, now: Date(), on: sql)
                    }
                    for step in contexts.flatMap({ $0.afterTimeline.withLock { $0 } }) { try await step(sql) }
                    return results
                }
                for (entry, result) in zip(group, results) { entry.continuation.resume(with: result) }
            } catch {
                // The commit itself failed: nothing of this group is stored, and every caller hears so.
                for entry in group { entry.continuation.resume(throwing: error) }
            }
        }
        draining = false
    }
}

extension SQLStore {
    /// A write transaction shared with other small writes arriving at the same time (see `GroupedWriter`).
    func groupedWrite<T: Sendable>(_ body: @escaping @Sendable (any SQLDatabase, GroupedWriteContext) async throws -> T) async throws -> T {
        let value = try await groupedWriter.run(on: self) { sql, group in try await body(sql, group) }
        guard let typed = value as? T else { throw StorageError.invalid("internal: unexpected result type from a grouped write") }
        return typed
    }
}
