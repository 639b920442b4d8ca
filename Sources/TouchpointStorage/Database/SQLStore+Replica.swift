import Foundation
import FluentKit
import SQLKit

/// How far a streaming replica is behind the primary.
public struct ReplicaLag: Sendable, Equatable {
    /// Bytes of write-ahead log the primary has written that the replica has not replayed.
    public var bytes: Int64
    /// Seconds since the replica last replayed a transaction, when it is behind; 0 when it has replayed everything.
    public var seconds: Double
    /// Whether the replica database is in recovery (a standby); false means the URL names a primary.
    public var isStandby: Bool
}

extension SQLStore {
    /// A store that reads from `replica` (a streaming replica of this store's PostgreSQL) and writes, as this one, to the
    /// primary. Given to the areas' report and list reads, never to a path that reads what it has just written.
    public func reading(from replica: any Database) throws -> SQLStore {
        guard let replicaSQL = replica as? any SQLDatabase else { throw StorageError.unsupportedDatabase }
        guard dialect == .postgres, SQLDialectKind(replicaSQL) == .postgres else {
            throw StorageError.invalid("a read replica needs PostgreSQL for both the database and its replica")
        }
        return SQLStore(copying: self, readingFrom: replicaSQL)
    }

    /// Whether this store's reads go to a replica.
    public var readsFromReplica: Bool { readReplica }

    /// The replica's lag behind the primary (`primary` is the store whose writes the replica follows).
    public func replicaLag(behind primary: SQLStore) async throws -> ReplicaLag {
        guard let position = try await primary.sql.rows("SELECT pg_current_wal_lsn()::text AS lsn").first?
            .decode(column: "lsn", as: String.self) else { throw StorageError.invalid("the primary gave no WAL position") }
        guard let row = try await sql.rows("""
            SELECT pg_is_in_recovery() AS standby,
                COALESCE(pg_wal_lsn_diff(\(bind: position)::pg_lsn, pg_last_wal_replay_lsn()), 0)::bigint AS behind,
                COALESCE(EXTRACT(EPOCH FROM (now() - pg_last_xact_replay_timestamp())), 0)::double precision AS since_replay
            """).first else { throw StorageError.invalid("the replica gave no answer") }
        let standby = try row.decode(column: "standby", as: Bool.self)
        let behind = max(0, try row.decode(column: "behind", as: Int64.self))
        let since = try row.decode(column: "since_replay", as: Double.self)
        return ReplicaLag(bytes: standby ? behind : 0, seconds: standby && behind > 0 ? max(0, since) : 0, isStandby: standby)
    }
}
