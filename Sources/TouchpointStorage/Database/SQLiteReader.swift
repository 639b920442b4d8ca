import Foundation
import Logging
import NIOCore
import NIOPosix
import SQLKit
import SQLiteKit
import SQLiteNIO
import Synchronization

/// Read connections to a SQLite file, each used synchronously on a thread of its own, for reads that come many a
/// second and several statements at a time (a decision reads the person, their facts and their offer history).
///
/// Through the pooled driver every statement is prepared again and travels to a worker thread and back as a future;
/// a decision's five statements were five such trips. A lane takes the whole reading in one trip: the statements
/// run one after another on its thread, stay prepared, and see one snapshot of the file (one read transaction).
final class SQLiteReader: Sendable {
    private let path: String
    private let lanes: Mutex<[Lane]?> = Mutex(nil)
    private let next = Atomic<Int>(0)

    /// The lanes' threads, shared by every file this process opens (a test run opens hundreds; threads are not freed).
    private static let threads = (0..<max(2, min(4, ProcessInfo.processInfo.activeProcessorCount))).map { WriterExecutor(name: "tp-read-\($0)") }

    init(path: String) {
        self.path = path
    }

    /// Runs `body` on a free lane in one read transaction; the lanes are opened on first use.
    func read<T: Sendable>(_ body: @escaping @Sendable (SQLiteReaderDatabase) async throws -> T) async throws -> T {
        let lane = try pick()
        await lane.gate.acquire()
        defer { lane.gate.release() }
        return try await withTaskExecutorPreference(lane.executor) {
            try lane.connection.execute("BEGIN")
            do {
                let value = try await body(SQLiteReaderDatabase(connection: lane.connection))
                try lane.connection.execute("COMMIT")
                return value
            } catch {
                try? lane.connection.execute("ROLLBACK")
                throw error
            }
        }
    }

    /// Closes the lanes' connections, each once the reading on it has finished.
    func close() async {
        let open = lanes.withLock { open in
            defer { open = nil }
            return open ?? []
        }
        for lane in open {
            await lane.gate.acquire()
            lane.connection.close()
            lane.gate.release()
        }
    }

    /// A free lane if there is one, else the next in turn.
    private func pick() throws -> Lane {
        let all = try lanes.withLock { open -> [Lane] in
            if let open { return open }
            let made = try Self.threads.map { thread in
                Lane(connection: try SQLiteWriterConnection(path: path, reading: true), executor: thread)
            }
            open = made
            return made
        }
        if let free = all.first(where: { !$0.gate.isBusy }) { return free }
        return all[next.wrappingAdd(1, ordering: .relaxed).oldValue % all.count]
    }

    final class Lane: Sendable {
        let connection: SQLiteWriterConnection
        let executor: WriterExecutor
        let gate = LaneGate()
        init(connection: SQLiteWriterConnection, executor: WriterExecutor) {
            self.connection = connection
            self.executor = executor
        }
    }
}

/// One reading at a time on a lane's connection, the others waiting in turn.
final class LaneGate: Sendable {
    private let state = Mutex<(busy: Bool, waiting: [CheckedContinuation<Void, Never>])>((false, []))

    var isBusy: Bool { state.withLock { $0.busy } }

    func acquire() async {
        let free = state.withLock { state -> Bool in
            if state.busy { return false }
            state.busy = true
            return true
        }
        guard !free else { return }
        await withCheckedContinuation { continuation in
            let granted = state.withLock { state -> Bool in
                if state.busy {
                    state.waiting.append(continuation)
                    return false
                }
                state.busy = true
                return true
            }
            if granted { continuation.resume() }
        }
    }

    func release() {
        let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
            if state.waiting.isEmpty {
                state.busy = false
                return nil
            }
            return state.waiting.removeFirst()
        }
        waiter?.resume()
    }
}

/// A reader lane's connection seen as a SQLKit database.
struct SQLiteReaderDatabase: OwnSQLiteConnectionDatabase {
    let connection: SQLiteWriterConnection
    var logger: Logger { Logger(label: "touchpoint.sqlite-reader") }
}
