import Foundation
import Tagged
import TouchpointDomain

public typealias OutgoingMailID = Tagged<OutgoingMail, String>

/// A mail waiting in, or gone from, the outbox: survey invitations, service replies, reports. Written in the same
/// transaction as what it announces, sent by the `OutboxSender` with retries, so a crash or a mail server that is down
/// loses nothing and sends nothing twice.
public struct OutgoingMail: Sendable, Equatable {
    public enum Status: String, Codable, Sendable, CaseIterable {
        case pending, sent, failed
    }

    public var id: OutgoingMailID
    /// What it is for: `survey_invitation`, `service_reply`…
    public var purpose: String
    /// The record it belongs to (the invitation, the case).
    public var reference: String?
    public var to: String
    public var subject: String
    public var text: String
    public var html: String?
    public var messageID: String
    public var inReplyTo: String?
    public var status: Status
    public var attempts: Int
    public var nextAttemptAt: Date
    public var lastError: String?
    public var createdAt: Date
    public var sentAt: Date?

    public init(id: OutgoingMailID, purpose: String, reference: String?, to: String, subject: String, text: String, html: String?,
                messageID: String, inReplyTo: String? = nil, status: Status = .pending, attempts: Int = 0, nextAttemptAt: Date,
                lastError: String? = nil, createdAt: Date, sentAt: Date? = nil) {
        self.id = id
        self.purpose = purpose
        self.reference = reference
        self.to = to
        self.subject = subject
        self.text = text
        self.html = html
        self.messageID = messageID
        self.inReplyTo = inReplyTo
        self.status = status
        self.attempts = attempts
        self.nextAttemptAt = nextAttemptAt
        self.lastError = lastError
        self.createdAt = createdAt
        self.sentAt = sentAt
    }

    /// How long to wait before the next try after `attempts` failures; nil when it is time to give up.
    public static func retryDelay(afterAttempts attempts: Int) -> TimeInterval? {
        let delays: [TimeInterval] = [30, 120, 600, 1_800, 3_600, 3 * 3_600, 6 * 3_600, 12 * 3_600]
        return attempts <= delays.count ? delays[max(attempts - 1, 0)] : nil
    }
}

/// The outbox's storage.
public protocol MailOutboxRepository: Sendable {
    func enqueue(_ mail: OutgoingMail) async throws
    /// Enqueues the mail unless one with its id is there already; true when it was added. A mail with a stable id
    /// (the weekly report: week and recipient) is thereby enqueued once, however many nodes or rounds try.
    func enqueueOnce(_ mail: OutgoingMail) async throws -> Bool
    /// Pending mails whose next attempt is due, oldest first, claimed for `lease` so two nodes do not send one twice.
    func claimDue(now: Date, limit: Int, lease: TimeInterval) async throws -> [OutgoingMail]
    func markSent(_ id: OutgoingMailID, at: Date) async throws
    /// Records a failed attempt: tried again at `retryAt`, or failed for good when nil.
    func markAttemptFailed(_ id: OutgoingMailID, error: String, retryAt: Date?) async throws
    func recentMails(status: OutgoingMail.Status?, limit: Int) async throws -> [OutgoingMail]
    func mailCounts() async throws -> [OutgoingMail.Status: Int]
}

extension MailOutboxRepository {
    /// For outboxes without a unique id to lean on (in-memory ones in tests): looks among the latest mails first.
    /// Storage answers this itself, atomically (`INSERT … ON CONFLICT DO NOTHING`).
    public func enqueueOnce(_ mail: OutgoingMail) async throws -> Bool {
        if try await recentMails(status: nil, limit: 10_000).contains(where: { $0.id == mail.id }) { return false }
        try await enqueue(mail)
        return true
    }
}

/// Whatever delivers a mail (the SMTP client). Throws `MailTransportError` to say whether trying again may help.
public protocol MailTransport: Sendable {
    func deliver(_ mail: OutgoingMail) async throws
}

public struct MailTransportError: Error, Sendable, CustomStringConvertible {
    public var message: String
    /// True when the server refused for good (a 5xx reply): no retry.
    public var permanent: Bool

    public init(_ message: String, permanent: Bool) {
        self.message = message
        self.permanent = permanent
    }

    public var description: String { message }
}
