import Foundation
import Logging
import Synchronization
import TouchpointDomain

/// Sends what is due in the outbox, with back-off between attempts (30 s, 2 min, 10 min … 12 h) and a final failure
/// after nine. Without a transport (no `TOUCHPOINT_SMTP_URL`) mails wait in the outbox, visible in the API.
public final class OutboxSender: Sendable {
    let repository: any MailOutboxRepository
    let transport: (any MailTransport)?
    let logger: Logger
    private let background = RepeatingWork(name: "the outbox", logger: Logger(label: "touchpoint.outbox"))

    public init(repository: any MailOutboxRepository, transport: (any MailTransport)?, logger: Logger = Logger(label: "touchpoint.outbox")) {
        self.repository = repository
        self.transport = transport
        self.logger = logger
    }

    public var isConfigured: Bool { transport != nil }

    /// Sends every mail due now. Returns how many were sent.
    @discardableResult
    public func sendDue(now: Date = Date(), limit: Int = 50) async throws -> Int {
        guard let transport else { return 0 }
        var sent = 0
        for mail in try await repository.claimDue(now: now, limit: limit, lease: 120) {
            do {
                try await transport.deliver(mail)
                try await repository.markSent(mail.id, at: Date())
                sent += 1
            } catch {
                let permanent = (error as? MailTransportError)?.permanent ?? false
                let attempts = mail.attempts + 1
                let retryAt = permanent ? nil : OutgoingMail.retryDelay(afterAttempts: attempts).map { Date().addingTimeInterval($0) }
                try await repository.markAttemptFailed(mail.id, error: "\(error)", retryAt: retryAt)
                logger.warning("mail not sent", metadata: ["mail": "\(mail.id.rawValue)", "attempt": "\(attempts)", "error": "\(error)",
                                                          "retry": "\(retryAt.map(Timestamps.format) ?? "no")"])
            }
        }
        return sent
    }

    /// The latest mails (of a status), newest first, and how many there are of each status.
    public func mails(status: OutgoingMail.Status?, limit: Int = 100) async throws -> (mails: [OutgoingMail], counts: [OutgoingMail.Status: Int]) {
        (try await repository.recentMails(status: status, limit: limit), try await repository.mailCounts())
    }

    public func start(every interval: Duration = .seconds(1)) {
        guard transport != nil else { return }
        background.start(every: interval, lease: repository as? any WorkLease) { [weak self] in try await self?.sendDue() }
    }

    public func stop() {
        background.stop()
    }
}
