import Foundation
import TouchpointDomain

/// A case as measurement reads it: the columns its figures use, without the customer's details, the subject or the
/// messages, plus its version, which every change to the case or its history raises. Reading these is a fraction of
/// reading whole cases, and the version lets a row read once (`MeasuredCaseMemo`) and the clocks computed once
/// (`CaseFiguresMemo`) be reused until the case changes.
public struct MeasuredCase: Sendable, Hashable {
    public var id: CaseID
    public var profileID: String?
    public var channel: Channel
    public var origin: CaseOrigin
    public var status: CaseStatus
    public var priority: CasePriority
    public var assigneeID: AgentID?
    public var teamID: TeamID?
    public var createdAt: Date
    public var firstResponseAt: Date?
    public var resolvedAt: Date?
    public var reopenCount: Int
    public var csatScore: Int?
    public var handleSeconds: Double
    public var agentReplies: Int
    /// Raised by every write to the case, its messages, calls and status changes (not by the SLA monitor's stored state).
    public var version: Int64

    public init(
        id: CaseID, profileID: String? = nil, channel: Channel, origin: CaseOrigin = .customer, status: CaseStatus, priority: CasePriority = .normal,
        assigneeID: AgentID? = nil, teamID: TeamID? = nil, createdAt: Date, firstResponseAt: Date? = nil, resolvedAt: Date? = nil,
        reopenCount: Int = 0, csatScore: Int? = nil, handleSeconds: Double = 0, agentReplies: Int = 0, version: Int64 = 0
    ) {
        self.id = id
        self.profileID = profileID
        self.channel = channel
        self.origin = origin
        self.status = status
        self.priority = priority
        self.assigneeID = assigneeID
        self.teamID = teamID
        self.createdAt = createdAt
        self.firstResponseAt = firstResponseAt
        self.resolvedAt = resolvedAt
        self.reopenCount = reopenCount
        self.csatScore = csatScore
        self.handleSeconds = handleSeconds
        self.agentReplies = agentReplies
        self.version = version
    }

    /// The service metrics' facts, field for field as `ServiceDesk.facts(of:calendar:)` builds them from the whole case.
    func facts(_ figures: CaseFigures) -> ServiceCaseFacts {
        ServiceCaseFacts(caseID: id, profileID: profileID, agentID: assigneeID, teamID: teamID, channel: channel,
                         createdAt: createdAt, firstResponseAt: firstResponseAt, resolvedAt: resolvedAt, reopenCount: reopenCount,
                         csatScore: csatScore, handleSeconds: handleSeconds, agentReplies: agentReplies,
                         firstResponseBusinessSeconds: figures.firstResponseBusinessSeconds,
                         resolutionBusinessSeconds: figures.resolutionBusinessSeconds)
    }
}

/// A case's id and version, what a page reads of every case in its period before reading any row.
public struct MeasuredCaseVersion: Sendable, Hashable {
    public var id: CaseID
    public var version: Int64

    public init(id: CaseID, version: Int64) {
        self.id = id
        self.version = version
    }
}

/// What is costly to work out for one case: its business-hour durations and its first-response and resolution clocks.
/// Measurement reads the clocks' states, never their running seconds.
struct CaseFigures: Sendable {
    var firstResponseBusinessSeconds: Double?
    var resolutionBusinessSeconds: Double?
    var clocks: [SLAClock]

    /// Whether the clocks' states hold at every moment from `now` on while the case stays as it is: stopped clocks are
    /// settled, and a clock past its target stays breached until the case changes. A running one may still breach.
    var settled: Bool { clocks.allSatisfy { $0.state == .achieved || $0.state == .missed || $0.state == .breached } }

    /// Whether remembered figures hold at `now` (a breached clock was not breached before its due moment).
    func hold(at now: Date) -> Bool {
        clocks.allSatisfy { $0.state != .breached || ($0.dueAt.map { $0 <= now } ?? false) }
    }
}
