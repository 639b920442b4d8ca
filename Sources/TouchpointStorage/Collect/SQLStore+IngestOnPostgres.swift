import Foundation
import Synchronization
import SQLKit
import TouchpointDomain

extension SQLStore {
    /// The collection path's transaction on PostgreSQL: its statements pipelined, and this node's cache of the
    /// identity graph used when the graph's version says no other transaction changed it since this node's last group.
    func ingestOnPostgres(_ submissions: [IngestSubmission], now: Date, cache shared: SharedIngestCache) async throws -> [IngestOutcome] {
        let lent = Mutex<(cache: IngestCache, before: Int64, after: Int64?)?>(nil)
        do {
            let outcomes = try await write { sql in
                try await withTaskExecutorPreference(WriterExecutor.ingest) {
                    try await PostgresPipeline.running(on: sql) { sql in
                        try await AdvisoryLock.identityGraph.holdForIndexProbes(on: sql)
                        // Under the lock no other collection transaction runs; the setting keeps this one's statements
                        // from raising the version one by one (it raises it once, below).
                        let before = try await sql.rows("""
                            SELECT version, set_config('touchpoint.collecting', 'on', true) AS collecting FROM identity_graph_version WHERE id = 1
                            """).first?.decode(column: "version", as: Int64.self) ?? -1
                        let cache = shared.lend(graphVersion: before)
                        if let cache { lent.withLock { $0 = (cache, before, nil) } }
                        let outcomes = try await Self.ingestGroup(submissions, now: now, on: sql, cache: cache)
                        let after = try await sql.rows("UPDATE identity_graph_version SET version = version + 1 WHERE id = 1 RETURNING version")
                            .first?.decode(column: "version", as: Int64.self)
                        lent.withLock { $0?.after = after }
                        return outcomes
                    }
                }
            }
            if let (cache, before, after) = lent.withLock({ $0 }) { shared.giveBack(cache, graphVersionBefore: before, after: after, committed: true) }
            return outcomes
        } catch {
            if let (cache, before, _) = lent.withLock({ $0 }) { shared.giveBack(cache, graphVersionBefore: before, after: nil, committed: false) }
            throw error
        }
    }
}
