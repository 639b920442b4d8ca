import Foundation
import Logging
import Synchronization

/// Work an area repeats in the background (reading the log, sending invitations, sending mail): started once, run
/// every interval until stopped, a failure logged and tried again on the next round.
public final class RepeatingWork: Sendable {
    let name: String
    let logger: Logger
    private let task = Mutex<Task<Void, Never>?>(nil)

    public init(name: String, logger: Logger) {
        self.name = name
        self.logger = logger
    }

    /// Starts the rounds, unless they are running already.
    public func start(every interval: Duration, _ round: @escaping @Sendable () async throws -> Void) {
        task.withLock { task in
            guard task == nil else { return }
            task = Task { [name, logger] in
                while !Task.isCancelled {
                    do { try await round() } catch { logger.warning("\(name) failed", metadata: ["error": "\(error)"]) }
                    try? await Task.sleep(for: interval)
                }
            }
        }
    }

    public func stop() {
        task.withLock { task in task?.cancel(); task = nil }
    }
}
