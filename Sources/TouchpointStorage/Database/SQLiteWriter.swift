import Foundation
import FluentKit
import Logging
import NIOCore
import NIOPosix
import SQLKit
import SQLiteKit
import SQLiteNIO
import CSQLiteSettings
import VaporCSQLite
import Synchronization

/// Every write transaction on a SQLite file, on one connection driven synchronously from the writer's own thread.
///
/// SQLite allows one writer at a time, so the write path is a queue and its speed is the speed of one transaction
/// after another. Through the pooled driver each statement travelled to a worker thread and back, and each
/// transaction first re-applied the connection's settings: on this two-core machine that waiting was a third of
/// the ingest path. Here a transaction runs on `WriterExecutor.ingest`, statements go straight to SQLite on that
/// thread, and the statements that repeat (full multi-row inserts) stay prepared.
///
/// It is the same SQLite library the driver uses (SQLiteNIO's copy), so the file locks of the two agree.
public final class SQLiteWriter: Sendable {
    let connection: SQLiteWriterConnection
    /// The collection path's knowledge between its transactions (see `IngestCache`).
    let ingestCache = IngestCache()
    /// Read connections to the same file for readings of several statements (see `SQLiteReader`).
    let readers: SQLiteReader
    private let gate = WriteGate()
    private let transactions = Mutex<Int>(0)
    private let usage = Mutex(WriterUsage())
    private let logger: Logger
    /// The log's restart, prepared by the file's checkpointer (`WALCheckpointer`).
    let logRestarts = LogRestartHandoff()

    /// Opens the writer's connection to the SQLite file at `path`; the log starts again from its beginning once it
    /// holds `restartLogAfterPages` pages (4 KB each: 256 MB).
    public convenience init(path: String, logger: Logger = Logger(label: "touchpoint.sqlite-writer")) throws {
        try self.init(path: path, restartLogAfterPages: 65_536, logger: logger)
    }

    init(path: String, restartLogAfterPages: Int32, logger: Logger = Logger(label: "touchpoint.sqlite-writer")) throws {
        self.connection = try SQLiteWriterConnection(path: path, restartAfterPages: restartLogAfterPages)
        self.readers = SQLiteReader(path: path)
        self.logger = logger
    }

    /// Runs `body` in an immediate transaction: committed when it returns, rolled back when it throws. A commit that
    /// is not `durable` is not fsynced (see `SQLStore.write(derived:)`).
    func transaction<T: Sendable>(durable: Bool = true, _ body: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        let asked = DispatchTime.now().uptimeNanoseconds
        await gate.acquire()
        let granted = DispatchTime.now().uptimeNanoseconds
        let pages = Mutex(0)
        /// Counted when the writer is released, before any wait for the disk.
        func countUsage() {
            let released = DispatchTime.now().uptimeNanoseconds
            let written = pages.withLock { $0 }
            usage.withLock { $0.count(waited: granted - asked, held: released - granted, pages: written, derived: !durable) }
        }
        let number = transactions.withLock { count in
            count += 1
            return count
        }
        let value: T
        let durableWait: (SQLiteLogSync, UInt64)?
        do {
            let result = try await withTaskExecutorPreference(WriterExecutor.ingest) {
                let database = SQLiteWriterDatabase(connection: connection, writer: self, transaction: number, logger: logger)
                let restart = try connection.restartLogIfLong(handoff: logRestarts)
                if let restart { usage.withLock { $0.countRestart(seconds: restart) } }
                // The log starts again at this transaction's first write; until then no checkpoint may run beside it.
                defer { if restart != nil { logRestarts.restartTried() } }
                // In WAL mode a commit is synced after the writer is free (`SQLiteLogSync`); before it, as it was.
                let logSync = try connection.logSyncIfWAL { [weak self] seconds in self?.usage.withLock { $0.countSync(seconds: seconds) } }
                let switchesSync = !durable && logSync == nil
                if switchesSync { try connection.execute("PRAGMA synchronous = NORMAL") }
                defer { if switchesSync { try? connection.execute("PRAGMA synchronous = FULL") } }
                try connection.execute("BEGIN IMMEDIATE")
                do {
                    let value = try await body(database)
                    try connection.execute("COMMIT")
                    pages.withLock { $0 = connection.takePagesWritten() }
                    ingestCache.end(transaction: number, committed: true)
                    return (value, durable ? logSync.map { ($0, connection.countCommit()) } : nil)
                } catch {
                    try? connection.execute("ROLLBACK")
                    _ = connection.takePagesWritten()
                    throw error
                }
            }
            countUsage()
            await gate.release()
            durableWait = result.1
            value = result.0
        } catch {
            ingestCache.end(transaction: number, committed: false)
            countUsage()
            await gate.release()
            throw error
        }
        // Committed and the writer free: only the disk is waited for now (outside the catch above, which is for a
        // transaction that did not commit).
        if let (logSync, commit) = durableWait { try await logSync.durable(through: commit) }
        return value
    }

    /// Whether SQLite's page cache is the wrapped one that spares a commit a scan of the whole cache (`PageCache.c`).
    public static var pageCacheWrapped: Bool { touchpoint_sqlite_page_cache_installed() == 1 }

    /// How the writer was used since it opened: the queue for it is the write path's speed.
    public var usageSoFar: WriterUsage { usage.withLock { $0 } }

    /// Closes the connection (after the last transaction).
    public func close() async {
        await gate.acquire()
        await readers.close()
        connection.close()
        await gate.release()
    }
}

/// One transaction at a time on the writer's connection: a body may suspend, so the actor alone would not do.
actor WriteGate {
    private var busy = false
    private var waiting: [CheckedContinuation<Void, Never>] = []

    func acquire() async {
        guard busy else {
            busy = true
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }

    func release() {
        if waiting.isEmpty {
            busy = false
        } else {
            waiting.removeFirst().resume()
        }
    }
}

/// A SQLite connection used synchronously. Not safe to share: `SQLiteWriter` serialises its use.
final class SQLiteWriterConnection: @unchecked Sendable {
    private var handle: OpaquePointer?
    /// Prepared statements by their text; full multi-row inserts repeat exactly, and preparing one is costly.
    private var prepared: [String: OpaquePointer] = [:]
    private static let preparedLimit = 64
    private static let preparedTextLimit = 2_000

    /// Pages in the write-ahead log after the last commit (SQLite's WAL hook reports it).
    private let logPages = UnsafeMutablePointer<Int32>.allocate(capacity: 1)
    private let path: String
    /// Syncs the log once the file is in WAL mode (see `logSyncIfWAL`).
    private var logSync: SQLiteLogSync?
    /// Commits so far: the numbers `SQLiteLogSync` waits for.
    private var commits: UInt64 = 0
    /// Log pages after which the writer starts the log again from its beginning.
    private let restartAfterPages: Int32

    /// Opens the file for the writer, or with `reading` for a reader lane (`SQLiteReader`): statements that change
    /// the file refused, a small page cache and no memory map, no log hook.
    init(path: String, reading: Bool = false, restartAfterPages: Int32 = 65_536) throws {
        self.path = path
        self.restartAfterPages = restartAfterPages
        self.nextRestartAt = restartAfterPages
        var handle: OpaquePointer?
        let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX
        guard sqlite_nio_sqlite3_open_v2(path, &handle, flags, nil) == SQLITE_OK, let handle else {
            let message = handle.map { String(cString: sqlite_nio_sqlite3_errmsg($0)) } ?? "out of memory"
            sqlite_nio_sqlite3_close(handle)
            logPages.deallocate()
            throw StorageError.invalid("cannot open the SQLite file \(path) for writing: \(message)")
        }
        self.handle = handle
        logPages.initialize(to: 0)
        // Waits by sleeping when another connection holds the lock (another process, a reader during a log restart).
        sqlite_nio_sqlite3_busy_timeout(handle, 30_000)
        // The writer, as the driver's connections: foreign keys enforced. Every commit fsynced (a 2xx means on disk; in
        // WAL mode after the writer is free, see `SQLiteLogSync`). A page cache large enough for the indexes the ingest
        // path touches, memory-mapped reads, statement journals in memory. After a restart the log file keeps its size
        // (up to 320 MB, past the 256 MB at which it restarts): writing the log anew into blocks the file already has
        // costs a copy, where growing it again had the file system allocate and zero each block, a fifth of the
        // writer's time at 5,000 events a second.
        // A reader: no memory map and a small cache. A read that finds the log changed since its last one (nearly every
        // decision, as each is logged) throws away its cache and its whole map; mapped, the next reads took page faults
        // and the unmapping a fifth of a reader's time, where reading the few pages a decision needs costs less.
        let settings = reading
            ? ["PRAGMA query_only = 1", "PRAGMA cache_size = -2048", "PRAGMA mmap_size = 0", "PRAGMA temp_store = MEMORY"]
            : ["PRAGMA foreign_keys = ON", "PRAGMA synchronous = FULL", "PRAGMA cache_size = -131072", "PRAGMA mmap_size = 1073741824",
               "PRAGMA temp_store = MEMORY", "PRAGMA journal_size_limit = 335544320"]
        for pragma in settings {
            try execute(pragma)
        }
        if reading {
            // A reader's statements are prepared once and run with new values each time (a decision's reads, the
            // projection's): with SQLite's planner free to use the bound values, each new value made it prepare the
            // statement again, a tenth of a reader's time.
            _ = touchpoint_sqlite_enable_qpsg(UnsafeMutableRawPointer(handle))
            return
        }
        // The hook replaces SQLite's automatic checkpoint inside COMMIT: the WALCheckpointer copies the log instead,
        // and `restartLogIfLong` keeps it from growing without end.
        sqlite_nio_sqlite3_wal_hook(handle, { context, _, _, pages in
            context?.assumingMemoryBound(to: Int32.self).pointee = pages
            return SQLITE_OK
        }, UnsafeMutableRawPointer(logPages))
    }

    /// Log pages at which the next restart is tried (further on while a reader holds an old snapshot).
    private var nextRestartAt: Int32

    /// Between transactions: once the log is long and the checkpointer has caught up (`LogRestartHandoff`), copies what
    /// it has not yet copied and has the next commit write the log from its beginning again. That waits for readers of
    /// older snapshots, but for a second at most: a long read (an export, a report over a large database) must not hold
    /// up every write, so the restart is then tried again after another 64 MB of log.
    /// Returns the restart's seconds when it tried one; the caller then tells `handoff` once its transaction has ended.
    func restartLogIfLong(handoff: LogRestartHandoff) throws -> Double? {
        guard logPages.pointee >= nextRestartAt else { return nil }
        // Past half as long again the writer stops waiting for the checkpointer (one stuck, or gone).
        guard let handle, handoff.readyToRestart() || logPages.pointee >= nextRestartAt + restartAfterPages / 2 else { return nil }
        let started = DispatchTime.now().uptimeNanoseconds
        sqlite_nio_sqlite3_busy_timeout(handle, 1_000)
        defer { sqlite_nio_sqlite3_busy_timeout(handle, 30_000) }
        let busy: Int64
        do {
            busy = try query("PRAGMA wal_checkpoint(RESTART)", []).first.map { try $0.decode(column: "busy", as: Int64.self) } ?? 1
        } catch {
            handoff.restartTried()
            throw error
        }
        if busy == 0 {
            logPages.pointee = 0
            nextRestartAt = restartAfterPages
        } else {
            nextRestartAt = logPages.pointee + 16_384
        }
        return Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
    }

    deinit {
        close()
        logPages.deallocate()
    }

    func close() {
        logSync?.close()
        logSync = nil
        for statement in prepared.values { sqlite_nio_sqlite3_finalize(statement) }
        prepared = [:]
        if let handle {
            sqlite_nio_sqlite3_wal_hook(handle, nil, nil)
            sqlite_nio_sqlite3_close_v2(handle)
        }
        handle = nil
    }

    func execute(_ text: String) throws {
        _ = try query(text, [])
    }

    /// Once the file is in WAL mode: commits no longer fsync (`synchronous = NORMAL`), and the returned syncer makes
    /// them durable after the writer is free. Nil before (the file's mode is set after the writer opens it), and for a
    /// file in another mode, whose commits stay synced in place.
    func logSyncIfWAL(report: @escaping @Sendable (Double) -> Void) throws -> SQLiteLogSync? {
        if let logSync { return logSync }
        guard try query("PRAGMA journal_mode", []).first?.decode(column: "journal_mode", as: String.self).lowercased() == "wal",
              let made = SQLiteLogSync(logPath: path + "-wal", report: report) else { return nil }
        try execute("PRAGMA synchronous = NORMAL")
        logSync = made
        return made
    }

    /// Counts a commit and returns its number.
    func countCommit() -> UInt64 {
        commits += 1
        return commits
    }

    /// Pages written from the cache since the last call (the last commit's, called after each).
    func takePagesWritten() -> Int {
        guard let handle else { return 0 }
        var current: Int32 = 0, highest: Int32 = 0
        sqlite_nio_sqlite3_db_status(handle, SQLITE_DBSTATUS_CACHE_WRITE, &current, &highest, 1)
        return Int(current)
    }

    /// Runs one statement and returns its rows.
    func query(_ text: String, _ binds: [SQLiteData]) throws -> [SQLiteWriterRow] {
        guard let handle else { throw StorageError.invalid("internal: the SQLite writer is closed") }
        let statement: OpaquePointer
        // Short statements repeat (one-row inserts and updates) and stay prepared; long ones carry lists whose length
        // changes with every group, so keeping them would only push the short ones out.
        let keep = text.utf8.count <= Self.preparedTextLimit
        if keep, let cached = prepared[text] {
            statement = cached
        } else {
            var fresh: OpaquePointer?
            let code = sqlite_nio_sqlite3_prepare_v3(handle, text, -1, keep ? UInt32(SQLITE_PREPARE_PERSISTENT) : 0, &fresh, nil)
            guard code == SQLITE_OK, let fresh else { throw error(code) }
            if keep {
                if prepared.count >= Self.preparedLimit {
                    for old in prepared.values { sqlite_nio_sqlite3_finalize(old) }
                    prepared = [:]
                }
                prepared[text] = fresh
            }
            statement = fresh
        }
        defer {
            if keep {
                sqlite_nio_sqlite3_reset(statement)
                sqlite_nio_sqlite3_clear_bindings(statement)
            } else {
                sqlite_nio_sqlite3_finalize(statement)
            }
        }
        for (offset, value) in binds.enumerated() {
            let index = Int32(offset + 1)
            let code: Int32
            switch value {
            case .text(let text):
                code = sqlite_nio_sqlite3_bind_text64(statement, index, text, UInt64(text.utf8.count), SQLITE_TRANSIENT, UInt8(SQLITE_UTF8))
            case .integer(let number):
                code = sqlite_nio_sqlite3_bind_int64(statement, index, Int64(number))
            case .float(let number):
                code = sqlite_nio_sqlite3_bind_double(statement, index, number)
            case .null:
                code = sqlite_nio_sqlite3_bind_null(statement, index)
            case .blob(let buffer):
                code = buffer.withUnsafeReadableBytes {
                    sqlite_nio_sqlite3_bind_blob64(statement, index, $0.baseAddress, UInt64($0.count), SQLITE_TRANSIENT)
                }
            }
            guard code == SQLITE_OK else { throw error(code) }
        }
        var rows = [SQLiteWriterRow]()
        var columns: SQLiteWriterColumns?
        while true {
            let code = sqlite_nio_sqlite3_step(statement)
            if code == SQLITE_DONE { break }
            guard code == SQLITE_ROW else { throw error(code) }
            let names = columns ?? SQLiteWriterColumns(statement: statement)
            columns = names
            var values = [SQLiteData]()
            values.reserveCapacity(names.names.count)
            for column in 0..<Int32(names.names.count) {
                switch sqlite_nio_sqlite3_column_type(statement, column) {
                case SQLITE_INTEGER: values.append(.integer(Int(sqlite_nio_sqlite3_column_int64(statement, column))))
                case SQLITE_FLOAT: values.append(.float(sqlite_nio_sqlite3_column_double(statement, column)))
                case SQLITE_TEXT:
                    let length = Int(sqlite_nio_sqlite3_column_bytes(statement, column))
                    if let bytes = sqlite_nio_sqlite3_column_text(statement, column) {
                        values.append(.text(String(decoding: UnsafeBufferPointer(start: bytes, count: length), as: UTF8.self)))
                    } else {
                        values.append(.text(""))
                    }
                case SQLITE_BLOB:
                    let length = Int(sqlite_nio_sqlite3_column_bytes(statement, column))
                    var buffer = ByteBufferAllocator().buffer(capacity: length)
                    if let bytes = sqlite_nio_sqlite3_column_blob(statement, column) {
                        buffer.writeBytes(UnsafeRawBufferPointer(start: bytes, count: length))
                    }
                    values.append(.blob(buffer))
                default: values.append(.null)
                }
            }
            rows.append(SQLiteWriterRow(columns: names, values: values))
        }
        return rows
    }

    private func error(_ code: Int32) -> SQLiteWriteError {
        SQLiteWriteError(code: code, message: handle.map { String(cString: sqlite_nio_sqlite3_errmsg($0)) } ?? "closed")
    }
}

/// A statement the writer's connection refused, with SQLite's result code and message.
struct SQLiteWriteError: Error, CustomStringConvertible, DatabaseError {
    let code: Int32
    let message: String

    var description: String { "SQLite error \(code): \(message)" }
    var isSyntaxError: Bool { code & 0xFF == SQLITE_ERROR }
    var isConstraintFailure: Bool { code & 0xFF == SQLITE_CONSTRAINT }
    var isConnectionClosed: Bool { code & 0xFF == SQLITE_MISUSE }
}

/// SQLite's "copy the value now" destructor marker, which the C macro spells as -1.
private let SQLITE_TRANSIENT = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

/// The column names of a result, shared by its rows.
final class SQLiteWriterColumns: Sendable {
    let names: [String]
    let index: [String: Int]

    init(statement: OpaquePointer) {
        let count = Int(sqlite_nio_sqlite3_column_count(statement))
        let names = (0..<count).map { String(cString: sqlite_nio_sqlite3_column_name(statement, Int32($0))) }
        self.names = names
        self.index = Dictionary(names.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
    }
}

/// A row read by the writer's connection.
struct SQLiteWriterRow: SQLRow {
    let columns: SQLiteWriterColumns
    let values: [SQLiteData]

    var allColumns: [String] { columns.names }

    func contains(column: String) -> Bool { columns.index[column] != nil }

    func decodeNil(column: String) throws -> Bool {
        guard let offset = columns.index[column] else { return true }
        return values[offset] == .null
    }

    func decode<D: Decodable>(column: String, as type: D.Type) throws -> D {
        guard let offset = columns.index[column] else { throw StorageError.invalid("internal: no column \(column) in the result") }
        return try decodeSQLiteValue(values[offset], as: D.self)
    }
}

/// The writer's connection seen as a SQLKit database.
struct SQLiteWriterDatabase: OwnSQLiteConnectionDatabase {
    let connection: SQLiteWriterConnection
    let writer: SQLiteWriter
    /// The writer's number for the transaction this database runs in.
    let transaction: Int
    let logger: Logger

    /// The ingest cache, checked against writes made since the collection path's last transaction.
    func beginIngestCache() throws -> IngestCache {
        let version = try connection.query("PRAGMA data_version", []).first.map { try $0.decode(column: "data_version", as: Int64.self) } ?? -1
        writer.ingestCache.begin(transaction: transaction, dataVersion: version)
        return writer.ingestCache
    }

}

/// A connection this process drives itself (the writer's, a reader lane's) seen as a SQLKit database, so the storage
/// code runs on it unchanged: statements run synchronously on the caller's thread.
protocol OwnSQLiteConnectionDatabase: SQLDatabase {
    var connection: SQLiteWriterConnection { get }
}

extension OwnSQLiteConnectionDatabase {
    var eventLoop: any EventLoop { MultiThreadedEventLoopGroup.singleton.any() }
    var dialect: any SQLDialect { SQLiteDialect() }
    var queryLogLevel: Logger.Level? { .debug }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> ()) -> EventLoopFuture<Void> {
        do {
            try runNow(query, onRow)
            return eventLoop.makeSucceededVoidFuture()
        } catch {
            return eventLoop.makeFailedFuture(error)
        }
    }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> ()) async throws {
        try runNow(query, onRow)
    }

    private func runNow(_ query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> ()) throws {
        let (text, binds) = serialize(query)
        let encoder = SQLiteDataEncoder()
        for row in try connection.query(text, try binds.map { try encoder.encode($0) }) { onRow(row) }
    }
}

