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
    let groupedWriter = GroupedWriter()
    /// On SQLite, the one connection every write transaction runs on (see `SQLiteWriter`).
    let sqliteWriter: SQLiteWriter?

    /// A store on `database`; on SQLite, `sqliteWriter` (opened on the same file) takes the write transactions.
    public init(database: any Database, sqliteWriter: SQLiteWriter? = nil) throws {
        guard let sql = database as? any SQLDatabase else { throw StorageError.unsupportedDatabase }
        self.database = database
        self.sql = sql
        self.dialect = SQLDialectKind(sql)
        self.sqliteWriter = dialect == .sqlite ? sqliteWriter : nil
    }

    /// Settings a fresh SQLite file needs: WAL so readers never block the writer, and full fsync on commit
    /// so that an acknowledged write survives a crash of the machine, not only of the process.
    public func prepareDatabase() async throws {
        if dialect == .sqlite {
            try await sql.run("PRAGMA journal_mode = WAL")
        }
    }

    /// A write transaction. SQLite takes the write lock up front (`BEGIN IMMEDIATE`) so a transaction
    /// that reads first never fails on upgrade; PostgreSQL uses an ordinary transaction.
    func write<T: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        switch dialect {
        case .postgres:
            return try await database.transaction { transaction in
                guard let sql = transaction as? any SQLDatabase else { throw StorageError.unsupportedDatabase }
                return try await body(sql)
            }
        case .sqlite:
            if let sqliteWriter {
                return try await sqliteWriter.transaction(body)
            }
            return try await database.withConnection { connection in
                guard let sql = connection as? any SQLDatabase else { throw StorageError.unsupportedDatabase }
                // Per-connection settings, cheap to repeat: SQLite's default page cache is 2 MB, far smaller than
                // the indexes the ingest path touches, and memory-mapped reads avoid a copy per page.
                try await sql.run("PRAGMA cache_size = -131072")
                try await sql.run("PRAGMA mmap_size = 1073741824")
                // Multi-row upserts keep a statement journal so one statement can be undone alone; in memory it costs
                // no file writes (the WAL, fsynced on commit, is what makes the transaction durable).
                try await sql.run("PRAGMA temp_store = MEMORY")
                try await sql.run("BEGIN IMMEDIATE")
                do {
                    let result = try await body(sql)
                    try await sql.run("COMMIT")
                    return result
                } catch {
                    try? await sql.run("ROLLBACK")
                    throw error
                }
            }
        }
    }

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
