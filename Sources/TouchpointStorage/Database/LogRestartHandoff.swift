import Foundation
import Synchronization

/// The log's restart, prepared by the checkpointer and done by the writer.
///
/// Before the log can start again from its beginning, everything in it must be copied into the database file and the
/// file synced, and every write waits while that happens. With the checkpointer's rounds 100 ms apart, the writer found
/// up to a round's worth of pages still to copy and sync, and held every write for 30–120 ms: nearly all of the
/// decisions' slow calls. So once the log is long the writer asks, the checkpointer runs its rounds back to back until
/// one is short (little was written since the one before), and then stands aside; the writer restarts at its next
/// transaction, with only the last moment's pages to copy and sync. (The checkpointer also syncs the database file after
/// each of its rounds, which SQLite itself does not: see `WALCheckpointer.checkpoint`.)
///
/// Without a checkpointer (a writer opened alone, in tests) the writer restarts as soon as the log is long.
final class LogRestartHandoff: Sendable {
    enum Phase: Sendable, Equatable {
        /// The log is short, or no restart is wanted yet.
        case idle
        /// The writer wants a restart; the checkpointer is catching up.
        case asked
        /// The checkpointer's last round was short, and it runs none until the writer has restarted.
        case caughtUp
    }

    private struct State {
        var phase = Phase.idle
        var checkpointers = 0
        /// The checkpointer's naps (`nap(_:while:)`), woken when the phase changes.
        var napping: [UUID: CheckedContinuation<Void, Never>] = [:]

        /// Sets the phase; returns the naps to wake if it changed (to be resumed outside the lock).
        mutating func enter(_ next: Phase) -> [CheckedContinuation<Void, Never>] {
            guard next != phase else { return [] }
            phase = next
            defer { napping = [:] }
            return Array(napping.values)
        }
    }

    private let state = Mutex(State())

    /// A catching-up round this short found little written since the round before: the checkpointer has caught up.
    static let shortRound: Duration = .milliseconds(5)
    /// Rounds after which the checkpointer stands aside however far behind it is: the writer then copies the rest.
    static let catchUpRounds = 8

    /// The writer, with a long log: whether to restart now. True when the checkpointer has caught up, or when none is
    /// running; otherwise asks it to catch up.
    func readyToRestart() -> Bool {
        let (ready, wake) = state.withLock { state -> (Bool, [CheckedContinuation<Void, Never>]) in
            guard state.checkpointers > 0 else { return (true, []) }
            let wake = state.phase == .idle ? state.enter(.asked) : []
            return (state.phase == .caughtUp, wake)
        }
        for nap in wake { nap.resume() }
        return ready
    }

    /// The writer, after the transaction that followed a restart it tried (whether it succeeded or a reader held it up):
    /// the checkpointer goes on as usual. Not before: the log starts again at that transaction's first write, which
    /// needs every reader's lock on the log for a moment, and a checkpoint beside it holds some.
    func restartTried() {
        for nap in state.withLock({ $0.enter(.idle) }) { nap.resume() }
    }

    /// The checkpointer: what the writer wants now.
    var phase: Phase { state.withLock { $0.phase } }

    /// The checkpointer: caught up, and standing aside so the writer finds the checkpoint lock free.
    func caughtUp() {
        let wake = state.withLock { state in state.phase == .asked ? state.enter(.caughtUp) : [] }
        for nap in wake { nap.resume() }
    }

    /// The checkpointer: sleeps for `duration`, or less should the phase change from `phase` meanwhile. An idle server
    /// is then not woken every few milliseconds to look, and an ask is answered at once.
    func nap(_ duration: Duration, while phase: Phase) async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask { try? await Task.sleep(for: duration) }
            group.addTask { await self.untilChanged(from: phase) }
            await group.next()
            group.cancelAll()
        }
    }

    private func untilChanged(from phase: Phase) async {
        let id = UUID()
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let now = state.withLock { state -> Bool in
                    guard state.phase == phase, !Task.isCancelled else { return true }
                    state.napping[id] = continuation
                    return false
                }
                if now { continuation.resume() }
            }
        } onCancel: {
            state.withLock { $0.napping.removeValue(forKey: id) }?.resume()
        }
    }

    /// A checkpointer started (`WALCheckpointer.start`) or stopped for this file.
    func checkpointer(running: Bool) {
        let wake = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            state.checkpointers += running ? 1 : -1
            // A stopped checkpointer no longer catches up: the writer must not wait for it.
            return state.checkpointers == 0 ? state.enter(.idle) : []
        }
        for nap in wake { nap.resume() }
    }
}
