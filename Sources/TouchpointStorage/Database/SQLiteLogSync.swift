import Foundation

/// Makes the SQLite writer's commits durable after the writer has moved on to the next transaction.
///
/// With `synchronous = FULL` every commit fsynced the write-ahead log while it held the writer, so the whole write path
/// waited for the disk once per transaction. The writer now commits with `synchronous = NORMAL` (the log is written, not
/// synced) and a durable transaction's caller waits here, after the writer is free, until an fsync of the log that
/// began after its commit has finished: one fsync then serves every commit made while the last one ran. A 2xx still
/// means on disk.
///
/// Why a later fsync is enough: the log is one file, written in commit order, and each frame's checksum chains to the
/// ones before it. After a crash SQLite replays the log up to the first frame that does not check out, so what survives
/// is always a prefix of the commits, and every commit acknowledged lies inside the prefix the last fsync made durable.
/// A checkpoint that restarts the log (`SQLiteWriterConnection.restartLogIfLong`) syncs the log before it copies it
/// and the database file after, under `NORMAL` too.
///
/// A failed fsync fails every later durable commit as well: after one, Linux may report the lost pages as clean, so a
/// later success would prove nothing.
final class SQLiteLogSync: @unchecked Sendable {
    private let descriptor: Int32
    private let condition = NSCondition()
    // Guarded by `condition`.
    private var requested: UInt64 = 0
    private var synced: UInt64 = 0
    private var failure: String?
    private var waiting: [(ticket: UInt64, continuation: CheckedContinuation<Void, any Error>)] = []
    private var closed = false
    private let report: @Sendable (Double) -> Void

    /// Opens the log file at `logPath` for syncing, and the thread that syncs it; nil when the file cannot be opened.
    /// `report` hears each fsync's seconds.
    init?(logPath: String, report: @escaping @Sendable (Double) -> Void) {
        let descriptor = open(logPath, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        self.descriptor = descriptor
        self.report = report
        let thread = Thread { [self] in self.run() }
        thread.name = "tp-log-sync"
        thread.start()
    }

    /// Returns once the commit numbered `ticket` (numbers rise with each commit) is on disk.
    func durable(through ticket: UInt64) async throws {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            condition.lock()
            if let failure {
                condition.unlock()
                continuation.resume(throwing: StorageError.logNotSynced(failure))
                return
            }
            if synced >= ticket {
                condition.unlock()
                continuation.resume()
                return
            }
            waiting.append((ticket, continuation))
            requested = max(requested, ticket)
            condition.signal()
            condition.unlock()
        }
    }

    /// Stops the thread after the syncs asked for so far.
    func close() {
        condition.lock()
        closed = true
        condition.signal()
        condition.unlock()
    }

    private func run() {
        try? "tp-log-sync".write(toFile: "/proc/thread-self/comm", atomically: false, encoding: .utf8)
        while true {
            condition.lock()
            while requested <= synced && !closed { condition.wait() }
            if requested <= synced && closed {
                condition.unlock()
                Foundation.close(descriptor)
                return
            }
            // Every commit numbered up to `target` was written to the log before this fsync starts.
            let target = requested
            condition.unlock()
            let started = DispatchTime.now().uptimeNanoseconds
            let result = fsync(descriptor)
            let error = result == 0 ? nil : String(cString: strerror(errno))
            report(Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9)
            condition.lock()
            if let error, failure == nil { failure = error }
            if failure == nil { synced = target }
            let ready: [CheckedContinuation<Void, any Error>]
            if failure != nil {
                ready = waiting.map(\.continuation)
                waiting.removeAll()
            } else {
                ready = waiting.filter { $0.ticket <= target }.map(\.continuation)
                waiting.removeAll { $0.ticket <= target }
            }
            let failed = failure
            condition.unlock()
            for continuation in ready {
                if let failed {
                    continuation.resume(throwing: StorageError.logNotSynced(failed))
                } else {
                    continuation.resume()
                }
            }
        }
    }
}
