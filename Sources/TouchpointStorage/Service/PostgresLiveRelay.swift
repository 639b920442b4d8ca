import Foundation
import FluentPostgresDriver
import Logging
import Synchronization
import SQLKit
import Tagged
import TouchpointDomain

/// Carries live-update notices between `touchpoint serve` nodes that share one PostgreSQL, with LISTEN/NOTIFY:
/// a chat message committed on one node reaches the agents and visitors whose sockets are held by another.
///
/// Notices are small (what changed and its id); the receiving node reads the rest from the database, so a notice
/// never exceeds PostgreSQL's 8,000-byte payload limit and never carries customer text.
public final class PostgresLiveRelay: Sendable {
    public static let channel = "touchpoint_live"

    private let configuration: SQLPostgresConfiguration
    private let task = Mutex<Task<Void, Never>?>(nil)
    private let logger = Logger(label: "touchpoint.live-relay")

    public init(url: String) throws {
        do {
            configuration = try SQLPostgresConfiguration(url: url)
        } catch {
            throw StorageError.invalidDatabaseURL(url)
        }
    }

    /// Listens on its own connection until stopped, reconnecting after a failure; each notice's payload goes to `onNotice`.
    public func start(on eventLoop: any EventLoop, onNotice: @escaping @Sendable (String) async -> Void) {
        let configuration = self.configuration
        let logger = self.logger
        let listener = Task {
            var attempt = 0
            while !Task.isCancelled {
                do {
                    let connection = try await PostgresConnection.connect(on: eventLoop, configuration: configuration.coreConfiguration, id: 1, logger: logger).get()
                    attempt = 0
                    do {
                        try await connection.listen(on: Self.channel) { notices in
                            for try await notice in notices { await onNotice(notice.payload) }
                        }
                    } catch {
                        if !Task.isCancelled { logger.warning("live relay lost its connection", metadata: ["error": "\(error)"]) }
                    }
                    try? await connection.close()
                } catch {
                    logger.warning("live relay cannot connect", metadata: ["error": "\(error)"])
                }
                attempt += 1
                try? await Task.sleep(for: .milliseconds(min(250 * attempt, 5000)))
            }
        }
        task.withLock { $0 = listener }
    }

    public func stop() {
        task.withLock { $0?.cancel(); $0 = nil }
    }
}

extension SQLStore {
    /// Tells the other nodes (PostgreSQL only) that something they may be showing live has changed.
    public func notifyLive(_ payload: String) async throws {
        guard dialect == .postgres else { return }
        var statement = SQLStatement("SELECT pg_notify('\(sql: PostgresLiveRelay.channel)', ")
        statement.bind(payload)
        statement.append(")")
        try await sql.run(statement)
    }

    /// One message of a case, by id (a node relaying another node's message reads it here).
    public func serviceMessage(_ id: String) async throws -> ServiceMessage? {
        var statement = SQLStatement("SELECT case_id FROM case_messages WHERE id = ")
        statement.bind(id)
        guard let row = try await sql.rows(statement).first else { return nil }
        let caseID = CaseID(rawValue: try row.decode(column: "case_id", as: String.self))
        return try await messages(of: caseID).first { $0.id == id }
    }
}
