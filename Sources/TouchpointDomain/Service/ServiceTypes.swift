import Foundation
import Tagged

/// Typed identifiers of the service desk, so that a case id can never be passed where a team or agent id is expected.
public enum CaseTag {}
/// A support case (ticket, conversation) handled by the service desk.
public typealias CaseID = Tagged<CaseTag, String>

public enum TeamTag {}
/// A team of agents that owns a queue of cases.
public typealias TeamID = Tagged<TeamTag, String>

public enum AgentTag {}
/// An agent: a console user who handles cases. The id is the console user's id, a String.
public typealias AgentID = Tagged<AgentTag, String>

/// Where a case is in its life. Only some moves make sense; `canMove(to:)` says which, so that the storage and web
/// layers reject impossible transitions with one rule instead of re-deriving it.
public enum CaseStatus: String, Sendable, Codable, CaseIterable, Hashable {
    /// Just arrived; nobody has looked at it yet.
    case new
    /// Someone on our side is working on it.
    case open
    /// Waiting for the customer (or a third party): SLA clocks pause.
    case pending
    /// We believe the problem is solved; the customer can still reopen it.
    case resolved
    /// Finished for good (usually some days after resolution); a new message reopens it.
    case closed

    /// Whether a case in this status may be moved to `target`. Staying in the same status is not a move.
    /// Nothing moves back to `new`: once someone has looked at a case it is never "new" again.
    public func canMove(to target: CaseStatus) -> Bool {
        switch (self, target) {
        case (.new, .open), (.new, .pending), (.new, .resolved), (.new, .closed): return true
        case (.open, .pending), (.open, .resolved), (.open, .closed): return true
        case (.pending, .open), (.pending, .resolved), (.pending, .closed): return true
        case (.resolved, .open), (.resolved, .closed): return true
        case (.closed, .open): return true
        default: return false
        }
    }

    /// Whether the case still needs work from someone (new, open or pending).
    public var isActive: Bool {
        switch self {
        case .new, .open, .pending: return true
        case .resolved, .closed: return false
        }
    }

    /// Whether moving to `target` reopens a finished case (resolved or closed back to an active status); reports
    /// count reopens because they mean the first resolution did not hold.
    public func isReopen(to target: CaseStatus) -> Bool {
        !isActive && target.isActive
    }
}

/// How urgent a case is. Ordered, so that rules can "raise the priority to at least high" with `max`.
public enum CasePriority: String, Sendable, Codable, CaseIterable, Comparable, Hashable {
    case low, normal, high, urgent

    /// 0 for low … 3 for urgent: the order that `Comparable` uses.
    public var rank: Int {
        switch self {
        case .low: return 0
        case .normal: return 1
        case .high: return 2
        case .urgent: return 3
        }
    }

    public static func < (lhs: CasePriority, rhs: CasePriority) -> Bool { lhs.rank < rhs.rank }
}

/// Who wrote a message of a case and who may see it.
public enum ServiceMessageDirection: String, Sendable, Codable, CaseIterable, Hashable {
    /// From the customer to us.
    case inbound
    /// From an agent to the customer: the only direction that answers a customer for SLA purposes.
    case outbound
    /// An internal note between agents: never shown to the customer and never counts as a reply.
    case note
}

/// Whether an agent can take new cases right now. Only `online` agents are routed to.
public enum AgentPresence: String, Sendable, Codable, CaseIterable, Hashable {
    case online, away, offline
}
