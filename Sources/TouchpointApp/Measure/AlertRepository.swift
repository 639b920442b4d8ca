import Foundation
import TouchpointDomain

/// An alert as stored, with its webhook delivery: `pending` until sent, `sent`, `failed` for good, or `none` when no
/// webhook was configured as it was raised.
public struct StoredAlert: Sendable, Equatable {
    public enum Delivery: String, Sendable { case none, pending, sent, failed }

    public var alert: CXAlert
    public var delivery: Delivery
    public var attempts: Int
    public var deliveredAt: Date?
    public var lastError: String?

    public init(alert: CXAlert, delivery: Delivery, attempts: Int = 0, deliveredAt: Date? = nil, lastError: String? = nil) {
        self.alert = alert
        self.delivery = delivery
        self.attempts = attempts
        self.deliveredAt = deliveredAt
        self.lastError = lastError
    }
}

/// Where alerts and the watch's verdicts are kept.
public protocol AlertRepository: Sendable {
    func alertVerdicts() async throws -> AlertVerdicts
    /// Stores new alerts (ignoring ids already stored) and the verdicts they came from, in one transaction.
    func recordAlerts(_ alerts: [CXAlert], delivery: StoredAlert.Delivery, verdicts: AlertVerdicts) async throws
    /// The latest alerts, newest first.
    func recentAlerts(limit: Int) async throws -> [StoredAlert]
    /// Pending deliveries whose attempt is due, claimed for `lease` so two nodes do not post one twice.
    func claimDueAlerts(now: Date, limit: Int, lease: TimeInterval) async throws -> [StoredAlert]
    func markAlertDelivered(_ id: String, at: Date) async throws
    /// A failed attempt: tried again at `retryAt`, or failed for good when nil.
    func markAlertFailed(_ id: String, error: String, retryAt: Date?) async throws
}

/// Posts an alert's body to the company's webhook, signed with its secret. The web layer provides it.
public protocol AlertWebhookTransport: Sendable {
    func post(_ body: Data, to url: String, secret: String?) async throws
}
