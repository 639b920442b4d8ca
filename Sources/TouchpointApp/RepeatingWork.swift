import Foundation
import Logging
import Synchronization

/// Who runs a piece of background work when several nodes share one database: a lease per work name, taken or
/// renewed by one node at a time, that another node takes over once it expires.
public protocol WorkLease: Sendable {
    /// Whether this node holds `name`'s lease for `duration` from `now` (taken if free or expired, renewed if its own).
    func holdLease(_ name: String, for duration: Duration, now: Date) async throws -> Bool
    /// Gives the lease back if this node holds it.
    func releaseLease(_ name: String) async throws
}

/// A node's view of one lease across rounds: it asks the database only when a third of the lease has run, so frequent
/// rounds (every 250 ms) do not write the lease each time, and it never counts on a lease past two thirds of it.
public struct LeaseKeeper: Sendable {
    public let name: String
    public let duration: Duration
    private var heldUntil: ContinuousClock.Instant?

    public init(name: String, duration: Duration) {
        self.name = name
        self.duration = duration
    }

    /// Whether this node holds the lease now (taking or renewing it when due).
    public mutating func holds(_ lease: any WorkLease) async throws -> Bool {
        let now = ContinuousClock.now
        if let heldUntil, heldUntil - now > duration * 2 / 3 { return true }
        heldUntil = nil
        guard try await lease.holdLease(name, for: duration, now: Date()) else { return false }
        heldUntil = now + duration
        return true
    }
}

/// Work an area repeats in the background (reading the log, sending invitations, sending mail): started once, run
/// every interval until stopped, a failure logged and tried again on the next round.
public final class RepeatingWork: Sendable {
    let name: String
    let logger: Logger
    private let task = Mutex<Task<Void, Never>?>(nil)
    private let lease = Mutex<(any WorkLease)?>(nil)

    public init(name: String, logger: Logger) {
        self.name = name
        self.logger = logger
    }

    /// Starts the rounds, unless they are running already. With a `lease`, a round runs only on the node holding the
    /// work's lease (renewed each round, lasting three rounds and at least 30 s), so that of several nodes sharing a
    /// database one does the work and another takes it over within the lease when that node stops or dies.
    public func start(every interval: Duration, lease: (any WorkLease)? = nil, _ round: @escaping @Sendable () async throws -> Void) {
        let leaseDuration = max(interval * 3, .seconds(30))
        task.withLock { task in
            guard task == nil else { return }
            self.lease.withLock { $0 = lease }
            task = Task { [name, logger] in
                var keeper = LeaseKeeper(name: name, duration: leaseDuration)
                while !Task.isCancelled {
                    do {
                        var mine = true
                        if let lease { mine = try await keeper.holds(lease) }
                        if mine { try await round() }
                    } catch {
                        logger.warning("\(name) failed", metadata: ["error": "\(error)"])
                    }
                    try? await Task.sleep(for: interval)
                }
            }
        }
    }

    /// Stops the rounds and gives the lease back, so another node takes the work over at its next round.
    public func stop() {
        let stopped = task.withLock { task -> Bool in
            defer { task?.cancel(); task = nil }
            return task != nil
        }
        guard stopped, let lease = lease.withLock({ $0 }) else { return }
        let name = name
        Task { try? await lease.releaseLease(name) }
    }
}
