import Foundation
import FluentKit
import SQLKit
import Logging
import TouchpointDomain

/// The SQL implementation of every repository, on SQLite or PostgreSQL.
///
/// Hot paths use hand-written SQL through SQLKit; both dialects share it except where noted.
public struct SQLStore: Sendable {
    let database: any Database
    let sql: any SQLDatabase
    public let dialect: SQLDialectKind
    /// Shared by every copy of this store: small interactive writes commit together.
    let groupedWriter: GroupedWriter
    /// Shared by every copy of this store: decisions logged a batch at a time (see `DecisionLogWriter`).
    let decisionLog: DecisionLogWriter
    /// On SQLite, the one connection every write transaction runs on (see `SQLiteWriter`).
    let sqliteWriter: SQLiteWriter?
    /// On PostgreSQL, what this node's collection path keeps of the identity graph between groups (on SQLite the
    /// writer keeps it).
    let postgresIngestCache: SharedIngestCache?
    /// This server process among the nodes sharing the database: who holds a background work lease.
    public let node: String
    /// On PostgreSQL, the store's own connections for decisions (nil: they use the pool).
    let lanes: PostgresConnectionLanes?
    /// Whether `sql` is a streaming replica (reads) while `database` stays the primary (writes); see `reading(from:)`.
    let readReplica: Bool

    /// A store on `database`; on SQLite, `sqliteWriter` (opened on the same file) takes every write transaction; on
    /// PostgreSQL, decisions read and are logged through `lanes` when given (see `PostgresConnectionLanes`).
    public init(database: any Database, sqliteWriter: SQLiteWriter? = nil, lanes: PostgresConnectionLanes? = nil,
                node: String = SQLStore.newNodeName()) throws {
        guard let sql = database as? any SQLDatabase else { throw StorageError.unsupportedDatabase }
        self.node = node
        self.readReplica = false
        self.database = database
        self.sql = sql
        self.dialect = SQLDialectKind(sql)
        if dialect == .sqlite && sqliteWriter == nil {
            throw StorageError.invalid("internal: a store on a SQLite file writes through its SQLiteWriter; open one on the same file")
        }
        self.sqliteWriter = dialect == .sqlite ? sqliteWriter : nil
        self.postgresIngestCache = dialect == .postgres ? SharedIngestCache() : nil
        self.lanes = dialect == .postgres ? lanes : nil
        self.groupedWriter = GroupedWriter()
        self.decisionLog = DecisionLogWriter()
    }

    /// This store's writer and node, reading from `replica`.
    init(copying primary: SQLStore, readingFrom replica: any SQLDatabase) {
        self.init(copying: primary, sql: replica, readReplica: true)
    }

    /// This store's writer and node, reading through `reader` (one lane of `SQLiteReader`).
    init(copying primary: SQLStore, lane reader: SQLiteReaderDatabase) {
        self.init(copying: primary, sql: reader, readReplica: primary.readReplica)
    }

    private init(copying primary: SQLStore, sql: any SQLDatabase, readReplica: Bool) {
        self.database = primary.database
        self.sql = sql
        self.dialect = primary.dialect
        self.groupedWriter = primary.groupedWriter
        self.decisionLog = primary.decisionLog
        self.sqliteWriter = primary.sqliteWriter
        self.postgresIngestCache = primary.postgresIngestCache
        self.lanes = primary.lanes
        self.node = primary.node
        self.readReplica = readReplica
    }

    /// Runs several reads as one: on SQLite on a reader lane, in one trip to its thread and one snapshot of the file;
    /// elsewhere on this store as it is. `body` must only read.
    func readingTogether<T: Sendable>(_ body: @escaping @Sendable (SQLStore) async throws -> T) async throws -> T {
        guard let readers = sqliteWriter?.readers, !readReplica else { return try await body(self) }
        return try await readers.read { lane in try await body(SQLStore(copying: self, lane: lane)) }
    }

    /// The host's name and a random part: readable in the leases table, unique per process.
    public static func newNodeName() -> String {
        "\(ProcessInfo.processInfo.hostName)-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString.prefix(8).lowercased())"
    }

    /// Settings a fresh SQLite file needs before its tables: WAL so readers never block the writer (the writer's
    /// connection fsyncs every commit, so an acknowledged write survives a crash of the machine, not only of the process).
    public static func prepareDatabase(_ database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { throw StorageError.unsupportedDatabase }
        if SQLDialectKind(sql) == .sqlite {
            try await sql.run("PRAGMA journal_mode = WAL")
        }
    }

    /// A write transaction: on SQLite, an immediate transaction on the writer's connection (see `SQLiteWriter`);
    /// on PostgreSQL, an ordinary transaction.
    ///
    /// `derived`: the transaction stores only what is worked out again from the log when lost (a projection's round
    /// with its checkpoint), so its commit does not wait for the disk: `synchronous = NORMAL` on SQLite (the next
    /// durable commit's fsync covers it, the log being one file written in order), `synchronous_commit = off` on
    /// PostgreSQL. A crash can lose the last such rounds, never part of one, and the projection does them again.
    func write<T: Sendable>(derived: Bool = false, _ body: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        if let sqliteWriter {
            return try await sqliteWriter.transaction(durable: !derived, body)
        }
        return try await database.transaction { transaction in
            guard let sql = transaction as? any SQLDatabase else { throw StorageError.unsupportedDatabase }
            if derived { try await sql.run("SET LOCAL synchronous_commit = off") }
            return try await body(sql)
        }
    }

    /// `write`, with the body's statements pipelined on PostgreSQL (`PostgresPipeline`): a `run` only queues its
    /// statement, and everything queued is waited for, failures reported, before the commit.
    func writePipelined<T: Sendable>(derived: Bool = false, _ body: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        try await write(derived: derived) { sql in try await PostgresPipeline.running(on: sql, body) }
    }

    /// On SQLite, how the one writer was used so far (nil on PostgreSQL, where writers do not queue for one connection).
    public var sqliteWriterUsage: WriterUsage? { sqliteWriter?.usageSoFar }

    /// Answers whether the database is reachable (for `/health`).
    public func ping() async throws {
        _ = try await sql.rows("SELECT 1 AS one")
    }
}

extension Array where Element == Identifier {
    /// Identifier keys as stored in `events.identity_keys`: a JSON array of strings.
    var keysJSON: String { JSONCodec.serialize(.array(map { .string($0.key) })) }
}

func identifiers(fromKeysJSON text: String) -> [Identifier] {
    (JSONValue.parse(text)?.arrayValue ?? []).compactMap { $0.stringValue.flatMap(IdentityResolver.identifier(fromKey:)) }
}
