import Foundation
import Logging
import NIOConcurrencyHelpers
import NIOCore
import PostgresNIO

/// Connections of the store's own for the calls every channel makes many times a second — a decision's reading and
/// the decision log's batches — beside the pool that serves everything else.
///
/// Through the pool, each of these calls leased a connection on the pool's one event loop, started a task to run the
/// statement, and handed the answer back through a future: three hops between the event loop and Swift's threads
/// around one round trip, each a thread woken. Here a call writes its statement straight to a connection it already
/// has. Readings share a few connections, spread over the event loops; a connection takes the next reading as soon as
/// it has answered one, so one server process serves several callers per wake-up. Batches have a connection of their
/// own, so a reading never queues behind a batch's commit, which waits for the disk.
///
/// Connections open on first use and again after one is lost (a restarted server); ``close()`` closes them.
public final class PostgresConnectionLanes: Sendable {
    private enum Slot {
        case empty
        case opening(EventLoopFuture<PostgresConnection>)
        case open(PostgresConnection)
    }

    private struct State {
        var readingSlots: [Slot]
        var writingSlot: Slot = .empty
        var nextReading = 0
        var closed = false
    }

    /// How the lanes' sessions are named in `pg_stat_activity`.
    public static let applicationName = "touchpoint decisions"
    private let configuration: PostgresConnection.Configuration
    private let eventLoops: [any EventLoop]
    private let logger: Logger
    private let state: NIOLockedValueBox<State>
    private let nextID = NIOLockedValueBox(0)

    /// Lanes to the server `configuration` names, `readingConnectionsPerEventLoop` reading connections on each of
    /// `group`'s event loops and one for writing.
    public init(configuration: PostgresConnection.Configuration, group: any EventLoopGroup, readingConnectionsPerEventLoop: Int = 1, logger: Logger) {
        var configuration = configuration
        configuration.options.additionalStartupParameters.append(("application_name", Self.applicationName))
        self.configuration = configuration
        self.eventLoops = Array(group.makeIterator())
        self.logger = logger
        let readers = max(1, eventLoops.count * readingConnectionsPerEventLoop)
        self.state = NIOLockedValueBox(State(readingSlots: Array(repeating: .empty, count: readers)))
    }

    /// Runs a reading on the next reading connection in turn. A reading that failed because its connection was lost
    /// (a restarted server, a terminated session) is run once more on a new one: a reading changes nothing.
    func reading<T>(_ body: (PostgresConnection) async throws -> T) async throws -> T {
        let index = state.withLockedValue { state in
            defer { state.nextReading = (state.nextReading + 1) % state.readingSlots.count }
            return state.nextReading
        }
        let eventLoop = eventLoops[index % eventLoops.count]
        let connection = try await connection(index: index, on: eventLoop)
        do {
            return try await body(connection)
        } catch where connection.isClosed {
            return try await body(try await self.connection(index: index, on: eventLoop))
        }
    }

    /// The connection for the decision log's batches. A batch is not run again when its connection is lost: it may have
    /// been committed (the decision log writes each of its decisions again, one by one, and reports what fails).
    func writingConnection() async throws -> PostgresConnection {
        try await connection(index: nil, on: eventLoops[0])
    }

    /// Closes every connection; a call after this fails.
    public func close() async {
        let slots = state.withLockedValue { state in
            state.closed = true
            defer {
                state.readingSlots = state.readingSlots.map { _ in .empty }
                state.writingSlot = .empty
            }
            return state.readingSlots + [state.writingSlot]
        }
        for slot in slots {
            switch slot {
            case .open(let connection): try? await connection.close()
            case .opening(let opening): try? await opening.get().close()
            case .empty: break
            }
        }
    }

    /// The connection in slot `index` (nil: the writing slot), opened on `eventLoop` when the slot has none or lost it.
    private func connection(index: Int?, on eventLoop: any EventLoop) async throws -> PostgresConnection {
        let id = nextID.withLockedValue { id in
            id += 1
            return id
        }
        let configuration = configuration, logger = logger
        let slot: Slot = try state.withLockedValue { state in
            guard !state.closed else { throw StorageError.invalid("internal: the store's PostgreSQL connections are closed") }
            let current = index.map { state.readingSlots[$0] } ?? state.writingSlot
            if case .open(let connection) = current, !connection.isClosed { return current }
            if case .opening = current { return current }
            let opening = PostgresConnection.connect(on: eventLoop, configuration: configuration, id: id, logger: logger)
            let slot = Slot.opening(opening)
            if let index { state.readingSlots[index] = slot } else { state.writingSlot = slot }
            return slot
        }
        switch slot {
        case .open(let connection):
            return connection
        case .opening(let opening):
            do {
                let connection = try await opening.get()
                state.withLockedValue { state in
                    guard !state.closed else { return }
                    if let index { state.readingSlots[index] = .open(connection) } else { state.writingSlot = .open(connection) }
                }
                return connection
            } catch {
                state.withLockedValue { state in
                    if let index { state.readingSlots[index] = .empty } else { state.writingSlot = .empty }
                }
                throw error
            }
        case .empty:
            throw StorageError.invalid("internal: no PostgreSQL connection")
        }
    }
}
