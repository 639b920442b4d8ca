import Foundation

/// Transactions on the SQLite writer: how many, how long they held it (the write path's busy time; the wait for a
/// commit's fsync after the writer is free is not in it, see `SQLiteLogSync`) and how long they waited for it.
public struct WriterUsage: Sendable {
    public var transactions = 0
    public var heldSeconds = 0.0
    public var waitedSeconds = 0.0
    /// Of those, the transactions that stored derived data (a projection's round, see `SQLStore.write(derived:)`) and
    /// their time holding the writer: what the projections cost the write path.
    public var derivedTransactions = 0
    public var derivedHeldSeconds = 0.0
    /// Pages the commits wrote to the log (4 KB each), all and the derived transactions': the write path's volume,
    /// which grows with the index pages at random places a transaction changes more than with its rows.
    public var pagesWritten = 0
    public var derivedPagesWritten = 0
    /// Transactions that held the writer over 20 ms: each holds up every write behind it.
    public var slowTransactions = 0
    /// Restarts of the log (`restartLogIfLong`) and their time, which the writer waits through.
    public var logRestarts = 0
    public var logRestartSeconds = 0.0
    /// The fsyncs of the log that made commits durable (`SQLiteLogSync`), their time, and those over 20 ms.
    public var logSyncs = 0
    public var logSyncSeconds = 0.0
    public var slowLogSyncs = 0

    mutating func count(waited: UInt64, held: UInt64, pages: Int, derived: Bool) {
        transactions += 1
        waitedSeconds += Double(waited) / 1e9
        heldSeconds += Double(held) / 1e9
        pagesWritten += pages
        if held > 20_000_000 { slowTransactions += 1 }
        if derived {
            derivedTransactions += 1
            derivedHeldSeconds += Double(held) / 1e9
            derivedPagesWritten += pages
        }
    }

    mutating func countRestart(seconds: Double) {
        logRestarts += 1
        logRestartSeconds += seconds
    }

    mutating func countSync(seconds: Double) {
        logSyncs += 1
        logSyncSeconds += seconds
        if seconds > 0.02 { slowLogSyncs += 1 }
    }

    /// The usage between `earlier` and this one.
    public func since(_ earlier: WriterUsage) -> WriterUsage {
        WriterUsage(transactions: transactions - earlier.transactions, heldSeconds: heldSeconds - earlier.heldSeconds,
                    waitedSeconds: waitedSeconds - earlier.waitedSeconds, derivedTransactions: derivedTransactions - earlier.derivedTransactions,
                    derivedHeldSeconds: derivedHeldSeconds - earlier.derivedHeldSeconds, pagesWritten: pagesWritten - earlier.pagesWritten,
                    derivedPagesWritten: derivedPagesWritten - earlier.derivedPagesWritten, slowTransactions: slowTransactions - earlier.slowTransactions,
                    logRestarts: logRestarts - earlier.logRestarts, logRestartSeconds: logRestartSeconds - earlier.logRestartSeconds,
                    logSyncs: logSyncs - earlier.logSyncs, logSyncSeconds: logSyncSeconds - earlier.logSyncSeconds,
                    slowLogSyncs: slowLogSyncs - earlier.slowLogSyncs)
    }

    /// One line for a benchmark's report.
    public var summary: String {
        String(format: "%d transactions holding it %.1f s (%d over 20 ms; the projections' %d, %.1f s), waiting for it %.1f s; %d pages written (the projections' %d); log restarts %d (%.2f s); log fsyncs %d (%.2f s, %d over 20 ms)",
               transactions, heldSeconds, slowTransactions, derivedTransactions, derivedHeldSeconds, waitedSeconds, pagesWritten, derivedPagesWritten,
               logRestarts, logRestartSeconds, logSyncs, logSyncSeconds, slowLogSyncs)
    }
}
