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
/// checkpoint, which never blocks the writer, runs forty times a second while writes come in (ten when none do) on the
/// otherwise idle core.
///
/// Why so often: each round syncs the pages it copied (see `checkpoint`), scattered pages the disk writes one by one,
/// and a commit whose log sync meets that write-back waits for it. At ten rounds a second the commits caught behind a
/// round's sync waited 8–10 ms, every 100 ms; at forty, each sync carries a quarter of the pages and the wait shrinks
/// with it. (The pages written are hardly more: the index pages a decision or an event changes at random are different
/// pages round after round.)
///
/// The log starts again from its beginning only after a checkpoint that waits for readers; the writer does that
/// itself between two transactions once the log is long (`SQLiteWriter`), when little is left to copy.
public final class WALCheckpointer: Sendable {
    private let connection: SQLiteConnection
    private let threadPool: NIOThreadPool
    private let task: Task<Void, Never>
    private let restarts: LogRestartHandoff?
    /// The database file, opened to sync what the rounds copied into it (see `checkpoint(on:syncing:on:copied:)`).
    private let databaseFile: Int32

    /// Opens a connection to the SQLite file at `path` and starts checkpointing every `interval` (four times that
    /// after a round that found nothing new); with the file's
    /// `writer`, also catches up when the writer wants to restart the log (`LogRestartHandoff`).
    public static func start(path: String, writer: SQLiteWriter? = nil, interval: Duration = .milliseconds(25),
                             logger: Logger) async throws -> WALCheckpointer {
        // A thread of its own: a checkpoint waits on disk writes and must not hold up the pool that runs queries.
        let threadPool = NIOThreadPool(numberOfThreads: 1)
        threadPool.start()
        do {
            let connection = try await SQLiteConnection.open(storage: .file(path: path), threadPool: threadPool, logger: logger,
                                                             on: MultiThreadedEventLoopGroup.singleton.any())
            // Waits by sleeping, not spinning, should another checkpoint be running.
            try await connection.query("PRAGMA busy_timeout = 10000", []) { _ in }
            return WALCheckpointer(connection: connection, threadPool: threadPool, databaseFile: open(path, O_RDONLY | O_CLOEXEC),
                                   restarts: writer?.logRestarts, interval: interval, logger: logger)
        } catch {
            try? await threadPool.shutdownGracefully()
            throw error
        }
    }

    private init(connection: SQLiteConnection, threadPool: NIOThreadPool, databaseFile: Int32, restarts: LogRestartHandoff?,
                 interval: Duration, logger: Logger) {
        self.connection = connection
        self.threadPool = threadPool
        self.databaseFile = databaseFile
        self.restarts = restarts
        restarts?.checkpointer(running: true)
        self.task = Task.detached(priority: .utility) {
            let clock = ContinuousClock()
            var nextRound = clock.now.advanced(by: interval)
            var catchingUp = 0
            var copied: Int64 = 0
            while !Task.isCancelled {
                switch restarts?.phase ?? .idle {
                case .asked:
                    // Back to back until a round is short, having found little written since the one before: the
                    // writer's restart then finds as little.
                    catchingUp += 1
                    let started = clock.now
                    let ran = (try? await Self.checkpoint(on: connection, syncing: databaseFile, on: threadPool, copied: &copied)) ?? false
                    if ran && clock.now - started < LogRestartHandoff.shortRound || catchingUp >= LogRestartHandoff.catchUpRounds {
                        restarts?.caughtUp()
                    } else if !ran {
                        try? await Task.sleep(for: .milliseconds(1))
                    }
                    continue
                case .caughtUp:
                    // No round now: the writer's restart needs the checkpoint lock, which SQLite does not wait for.
                    await restarts?.nap(interval, while: .caughtUp)
                    continue
                case .idle:
                    catchingUp = 0
                }
                let now = clock.now
                guard now >= nextRound else {
                    // Woken early when the writer asks, so that the catching-up starts at once.
                    if let restarts { await restarts.nap(nextRound - now, while: .idle) } else { try? await Task.sleep(for: nextRound - now) }
                    continue
                }
                let before = copied
                do {
                    _ = try await Self.checkpoint(on: connection, syncing: databaseFile, on: threadPool, copied: &copied)
                    // An idle server is looked at less often.
                    nextRound = now.advanced(by: copied != before ? interval : interval * 4)
                } catch {
                    // Stopping cancels a round under way: no failure to report.
                    if Task.isCancelled { break }
                    nextRound = now.advanced(by: interval)
                    logger.warning("WAL checkpoint failed; the writers' own checkpoint takes over", metadata: ["error": "\(error)"])
                }
            }
        }
    }

    /// One round: copy into the database file what the log holds, then sync the file if the round copied anything
    /// (`copied`: how far into the log the copy had reached, the last round's and then this one's). False when it did
    /// not run (the writer is restarting the log).
    ///
    /// SQLite syncs the database file only after a checkpoint that finds no commit made while it copied, which under a
    /// steady stream of writes is hardly ever. The pages of every round since then were left for the restart's sync,
    /// which took 50–90 ms while every write waited. Synced after each round here, on this thread, the restart syncs
    /// only the pages of its last moments. (An extra sync is never wrong: SQLite relies only on its own.)
    static func checkpoint(on connection: SQLiteConnection, syncing databaseFile: Int32, on threadPool: NIOThreadPool,
                           copied: inout Int64) async throws -> Bool {
        let result = Mutex<(busy: Int64, copied: Int64)?>(nil)
        try await connection.query("PRAGMA wal_checkpoint(PASSIVE)", []) { row in
            let value = { (name: String) in row.column(name)?.integer.map(Int64.init) ?? -1 }
            result.withLock { $0 = (value("busy"), value("checkpointed")) }
        }
        guard let (busy, reached) = result.withLock({ $0 }), busy == 0 else { return false }
        // Reached no further than the last round (nothing written since), or the log started again with nothing copied.
        defer { copied = reached }
        if databaseFile >= 0, reached > 0, reached != copied {
            // A failure is reported (and the round counted as not run); SQLite's own sync still sees it, as Linux
            // reports a write-back error to every descriptor open on the file when it happened.
            let failure = try await threadPool.runIfActive { fdatasync(databaseFile) == 0 ? nil : String(cString: strerror(errno)) }
            if let failure { throw StorageError.invalid("cannot sync the SQLite file after a checkpoint: \(failure)") }
        }
        return true
    }

    /// Stops checkpointing and closes the connection (the writers' automatic checkpoint still runs).
    public func stop() async {
        task.cancel()
        _ = await task.value
        restarts?.checkpointer(running: false)
        if databaseFile >= 0 { close(databaseFile) }
        try? await connection.close()
        try? await threadPool.shutdownGracefully()
    }
}
