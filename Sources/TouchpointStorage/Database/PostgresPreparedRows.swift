import Foundation
import Logging
import NIOCore
import PostgresNIO

extension PostgresConnection {
    /// Runs a prepared statement (prepared on this connection at its first use) and collects its rows.
    func collect<Statement: PostgresPreparedStatement>(_ statement: Statement, logger: Logger) async throws -> [Statement.Row] {
        var rows = [Statement.Row]()
        for try await row in try await execute(statement, logger: logger) { rows.append(row) }
        return rows
    }
}

extension PostgresDatabase {
    /// `PostgresConnection.collect` on a connection leased from the pool for the statement.
    func collect<Statement: PostgresPreparedStatement>(_ statement: Statement, logger: Logger) async throws -> [Statement.Row] where Statement.Row: Sendable {
        try await withConnection { connection in
            let promise = connection.eventLoop.makePromise(of: [Statement.Row].self)
            promise.completeWithTask { try await connection.collect(statement, logger: logger) }
            return promise.futureResult
        }.get()
    }
}
