import Foundation
import FluentPostgresDriver
import Logging

extension DatabaseLocation {
    /// The advisory lock the nodes of a cluster take around their migrations; the number must never change.
    static let migrationLockKey: Int64 = 727_002

    /// Runs `migrate` (a node's migrations at start) while holding a PostgreSQL session advisory lock on a connection
    /// of its own: of several nodes starting at once, one migrates, the others wait and then find nothing left to do.
    /// The lock goes with the connection, so a node killed mid-migration does not leave it held. SQLite needs none
    /// (one server per file; its migrations run in the writer's transactions).
    public func whileHoldingMigrationLock<T: Sendable>(
        on eventLoop: any EventLoop, logger: Logger, _ migrate: () async throws -> T
    ) async throws -> T {
        guard case .postgres(let url) = self else { return try await migrate() }
        let configuration: SQLPostgresConfiguration
        do { configuration = try SQLPostgresConfiguration(url: url) } catch { throw StorageError.invalidDatabaseURL(url) }
        let connection = try await PostgresConnection.connect(on: eventLoop, configuration: configuration.coreConfiguration, id: 2, logger: logger).get()
        do {
            logger.debug("waiting for the migration lock")
            _ = try await connection.query("SELECT pg_advisory_lock(\(Self.migrationLockKey))", logger: logger)
            let result = try await migrate()
            _ = try? await connection.query("SELECT pg_advisory_unlock(\(Self.migrationLockKey))", logger: logger)
            try? await connection.close()
            return result
        } catch {
            try? await connection.close()
            throw error
        }
    }
}
