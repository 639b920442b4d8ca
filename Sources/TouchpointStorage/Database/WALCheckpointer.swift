import Foundation
import Logging
import NIOCore
import NIOPosix
import SQLiteNIO

/// Copies SQLite's write-ahead log into the database file on a connection and thread of its own, so that
/// a commit never waits for it.
///
/// SQLite checkpoints automatically inside the COMMIT that pushes the log past its threshold: the request being
/// acknowledged then also pays for copying pages into the database file and for a second fsync. A large ingest
/// transaction crosses the threshold every time, so that was about a third of each commit. Here a PASSIVE
/// checkpoint, which never blocks the writer, runs several times a second on the otherwise idle core.
///
/// The log starts again from its beginning only after a checkpoint that waits for readers; the writer does that
/// itself between two transactions once the log is long (`SQLiteWriter`), when little is left to copy.
public final class WALCheckpointer: Sendable {
    private let connection: SQLiteConnection
    private let threadPool: NIOThreadPool
    private let task: Task<Void, Never>

    /// Opens a connection to the SQLite file at `path` and starts checkpointing every `interval`.
    public static func start(path: String, interval: Duration = .milliseconds(100), logger: Logger) async throws -> WALCheckpointer {
        // A thread of its own: a checkpoint waits on disk writes and must not hold up the pool that runs queries.
        let threadPool = NIOThreadPool(numberOfThreads: 1)
        threadPool.start()
        do {
            let connection = try await SQLiteConnection.open(storage: .file(path: path), threadPool: threadPool, logger: logger,
                                                             on: MultiThreadedEventLoopGroup.singleton.any())
            // Waits by sleeping, not spinning, should another checkpoint be running.
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

    /// One round: copy into the database what the log holds (returns at once if the writer is restarting the log).
    static func checkpoint(on connection: SQLiteConnection) async throws {
        try await connection.query("PRAGMA wal_checkpoint(PASSIVE)", []) { _ in }
    }

    /// Stops checkpointing and closes the connection (the writers' automatic checkpoint still runs).
    public func stop() async {
        task.cancel()
        _ = await task.value
        try? await connection.close()
        try? await threadPool.shutdownGracefully()
    }
}
