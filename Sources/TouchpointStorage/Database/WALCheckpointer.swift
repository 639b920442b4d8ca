import Foundation
import Logging
import NIOCore
import NIOPosix
import SQLiteNIO
import Synchronization

/// Copies SQLite's write-ahead log into the database file on a connection and thread of its own, so that
/// a commit never waits for it.
///
/// SQLite checkpoints automatically inside the COMMIT that pushes the log past its threshold: the request being
/// acknowledged then also pays for copying pages into the database file and for a second fsync. A large ingest
/// transaction crosses the threshold every time, so that was about a third of each commit. Here a PASSIVE
/// checkpoint, which never blocks the writer, runs a few times a second on the otherwise idle core.
///
/// The log can only start again from its beginning when it was fully copied before a writer began, which a steady
/// stream of commits may never allow; so once it holds `truncateAfterFrames` pages the checkpointer truncates it,
/// which waits for the writer of the moment and holds off the next one while the last few pages are copied.
/// The writers' own automatic checkpoint stays on, at `writerBackstopFrames`, should this one stop.
public final class WALCheckpointer: Sendable {
    /// Pages in the log after which it is truncated (4 KB each: 256 MB). Truncating holds the writer while the
    /// last pages are copied, so it is kept rare: a large ingest commit adds some 4,000 pages.
    public static let truncateAfterFrames = 65_536
    /// The writers' automatic checkpoint threshold while a checkpointer runs (512 MB), a safety net only.
    public static let writerBackstopFrames = 131_072

    private let connection: SQLiteConnection
    private let threadPool: NIOThreadPool
    private let task: Task<Void, Never>

    /// Opens a connection to the SQLite file at `path` and starts checkpointing every `interval`.
    public static func start(path: String, interval: Duration = .milliseconds(200), logger: Logger) async throws -> WALCheckpointer {
        // A thread of its own: a checkpoint waits on disk writes and must not hold up the pool that runs queries.
        let threadPool = NIOThreadPool(numberOfThreads: 1)
        threadPool.start()
        do {
            let connection = try await SQLiteConnection.open(storage: .file(path: path), threadPool: threadPool, logger: logger,
                                                             on: MultiThreadedEventLoopGroup.singleton.any())
            // Waits by sleeping, not spinning, when the writer holds the lock the truncation needs.
            try await connection.query("PRAGMA busy_timeout = 10000", []) { _ in }
            return WALCheckpointer(connection: connection, threadPool: threadPool, interval: interval, logger: logger)
        } catch {
            try? await threadPool.shutdownGracefully()
            throw error
        }
    }

    private init(connection: SQLiteConnection, threadPool: NIOThreadPool, interval: Duration, logger: Logger) {
        self.connection = connection
        self.threadPool = threadPool
        self.task = Task.detached(priority: .utility) {
            while !Task.isCancelled {
                try? await Task.sleep(for: interval)
                guard !Task.isCancelled else { break }
                do {
                    try await Self.checkpoint(on: connection)
                } catch {
                    logger.warning("WAL checkpoint failed; the writers' own checkpoint takes over", metadata: ["error": "\(error)"])
                }
            }
        }
    }

    /// One round: copy what the log holds, and truncate the log once it has grown long.
    static func checkpoint(on connection: SQLiteConnection) async throws {
        let frames = try await run("PRAGMA wal_checkpoint(PASSIVE)", on: connection)
        if frames.log >= truncateAfterFrames {
            _ = try await run("PRAGMA wal_checkpoint(TRUNCATE)", on: connection)
        }
    }

    /// Runs a checkpoint pragma; returns the pages in the log and how many of them are in the database file.
    private static func run(_ pragma: String, on connection: SQLiteConnection) async throws -> (log: Int, copied: Int) {
        let result = Mutex<(log: Int, copied: Int)>((0, 0))
        try await connection.query(pragma, []) { row in
            let values = row.columns.map { $0.data.integer ?? 0 }
            if values.count >= 3 { result.withLock { $0 = (values[1], values[2]) } }
        }
        return result.withLock { $0 }
    }

    /// Stops checkpointing and closes the connection (the writers' automatic checkpoint still runs).
    public func stop() async {
        task.cancel()
        _ = await task.value
        try? await connection.close()
        try? await threadPool.shutdownGracefully()
    }
}
