import Foundation
import FluentPostgresDriver
import NIOConcurrencyHelpers
import SQLKit

/// A PostgreSQL transaction's connection that sends statements without waiting for each answer.
///
/// PostgresNIO queues the queries of one connection and sends the next as soon as the server has answered the one
/// before, so the server runs the statements back to back while this side builds the ones after: a collection group's
/// twenty-odd statements no longer take a round trip and an idle server each. `run` only queues its statement;
/// `rows` waits for its own answer (the ones queued before it are answered first); `finish` waits for everything queued
/// and throws the first failure. A transaction that used one must call `finish` before it commits: PostgreSQL answers
/// the `COMMIT` of a failed transaction with a rollback, not an error.
final class PostgresPipeline: SQLDatabase, @unchecked Sendable {
    private let base: any SQLDatabase
    private let connection: PostgresConnection
    /// The answers not yet waited for (one task drives a transaction; the lock makes the type `Sendable`).
    private let queued = NIOLockedValueBox<[EventLoopFuture<PostgresQueryResult>]>([])

    /// The pipeline over `sql`'s connection, or nil when `sql` is not PostgreSQL.
    static func over(_ sql: any SQLDatabase) async throws -> PostgresPipeline? {
        guard let postgres = sql as? any PostgresDatabase, SQLDialectKind(sql) == .postgres else { return nil }
        let connection = try await postgres.withConnection { connection in
            connection.eventLoop.makeSucceededFuture(connection)
        }.get()
        return PostgresPipeline(base: sql, connection: connection)
    }

    /// Runs `body` on a pipeline over `sql` (a transaction) and waits for everything it queued; anywhere but
    /// PostgreSQL, on `sql` as it is.
    static func running<T>(on sql: any SQLDatabase, _ body: (any SQLDatabase) async throws -> T) async throws -> T {
        guard let pipeline = try await over(sql) else { return try await body(sql) }
        let result = try await body(pipeline)
        try await pipeline.finish()
        return result
    }

    private init(base: any SQLDatabase, connection: PostgresConnection) {
        self.base = base
        self.connection = connection
    }

    var logger: Logger { base.logger }
    var eventLoop: any EventLoop { base.eventLoop }
    var version: (any SQLDatabaseReportedVersion)? { base.version }
    var dialect: any SQLDialect { base.dialect }
    var queryLogLevel: Logger.Level? { base.queryLogLevel }

    /// SQLKit's own queries (builders) go to the same connection, so they too run after everything queued.
    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> ()) -> EventLoopFuture<Void> {
        base.execute(sql: query, onRow)
    }

    /// Queues the statement and returns its answer to come.
    func send(_ statement: SQLStatement) -> EventLoopFuture<PostgresQueryResult> {
        let answer = connection.query(statement.postgresForm, logger: logger)
        queued.withLockedValue { $0.append(answer) }
        return answer
    }

    /// The statement's rows, once the server has answered it and everything queued before it.
    func rows(of statement: SQLStatement) async throws -> [PostgresRow] {
        try await answer(send(statement))
    }

    /// The rows of a statement sent earlier; a failure there is reported as the first failure queued, not as the
    /// "transaction is aborted" that every statement after it gets.
    func answer(_ answer: EventLoopFuture<PostgresQueryResult>) async throws -> [PostgresRow] {
        do {
            return try await answer.get().rows
        } catch {
            try await finish()
            throw error
        }
    }

    /// Waits for every statement queued so far; throws the first failure.
    func finish() async throws {
        let answers = queued.withLockedValue { queued in
            defer { queued.removeAll() }
            return queued
        }
        var firstError: (any Error)?
        for answer in answers {
            do { _ = try await answer.get() } catch { firstError = firstError ?? error }
        }
        if let firstError { throw firstError }
    }
}

/// The rows of a statement that may still be on its way: on PostgreSQL inside a pipeline it was only queued; anywhere
/// else it already ran.
struct PendingRows: Sendable {
    private let read: @Sendable () async throws -> [any SQLRow]

    init(_ read: @escaping @Sendable () async throws -> [any SQLRow]) { self.read = read }

    func rows() async throws -> [any SQLRow] { try await read() }
}

extension SQLDatabase {
    /// Sends the statement and returns its rows to come: a pipeline only queues it, so the statements started one after
    /// another share one wait; anywhere else it runs now.
    func start(_ statement: SQLStatement) async throws -> PendingRows {
        if let pipeline = self as? PostgresPipeline {
            let answer = pipeline.send(statement)
            return PendingRows { DirectPostgresRow.rows(try await pipeline.answer(answer)) }
        }
        let rows = try await self.rows(statement)
        return PendingRows { rows }
    }
}
