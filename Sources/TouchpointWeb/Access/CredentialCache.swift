import Foundation
import Synchronization

/// Valid API tokens this node checked in the last few seconds, with what they allow.
///
/// Every call of the management API names its token, and a channel asking for decisions calls many times a second:
/// looking the token up each time was a read of the database (a round trip on PostgreSQL) in front of every answer.
/// Only tokens the database accepted are kept, so a made-up token is looked up every time and fills nothing; the
/// store has no way to revoke a token or change its role, and a person's name or language changed in the console
/// reaches token calls within ``lifetime``.
final class CredentialCache: Sendable {
    /// How long a checked token is trusted without asking the database again.
    static let lifetime: UInt64 = 5_000_000_000
    /// Tokens kept at most; when full, the cache starts over (a node serves a handful of integrations, not thousands).
    static let capacity = 1_024

    private let entries = Mutex<[String: (principal: Principal, checkedAt: UInt64)]>([:])

    /// The principal for `token` if it was checked less than ``lifetime`` before `now` (monotonic nanoseconds).
    func principal(for token: String, now: UInt64) -> Principal? {
        entries.withLock { entries in
            guard let entry = entries[token], now >= entry.checkedAt, now - entry.checkedAt < Self.lifetime else { return nil }
            return entry.principal
        }
    }

    func remember(_ principal: Principal, for token: String, now: UInt64) {
        entries.withLock { entries in
            if entries.count >= Self.capacity { entries.removeAll(keepingCapacity: true) }
            entries[token] = (principal, now)
        }
    }
}
