import Foundation
import TouchpointDomain

/// A case as measurement reads it: the columns its figures use, without the customer's details, the subject or the
/// messages, plus a stamp of everything its SLA clocks read. Reading these is a fraction of reading whole cases, and
/// the stamp lets the clocks computed once be reused until the case changes (`CaseFiguresMemo`).
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
    public var history: HistoryStamp

    /// Marks of the rows the SLA clocks are computed from; a new message, answered call or status change moves one.
    public struct HistoryStamp: Sendable, Hashable {
        /// Message sequence numbers only grow within a case (a merge appends the duplicate's messages after the last).
        public var lastMessageSequence: Int64
        public var answeredCalls: Int64
        public var answeredCallWaitSeconds: Double
        public var lastStatusChange: Int64

        public init(lastMessageSequence: Int64 = 0, answeredCalls: Int64 = 0, answeredCallWaitSeconds: Double = 0, lastStatusChange: Int64 = 0) {
            self.lastMessageSequence = lastMessageSequence
            self.answeredCalls = answeredCalls
            self.answeredCallWaitSeconds = answeredCallWaitSeconds
            self.lastStatusChange = lastStatusChange
        }
    }

    public init(
        id: CaseID, profileID: String? = nil, channel: Channel, origin: CaseOrigin = .customer, status: CaseStatus, priority: CasePriority = .normal,
        assigneeID: AgentID? = nil, teamID: TeamID? = nil, createdAt: Date, firstResponseAt: Date? = nil, resolvedAt: Date? = nil,
        reopenCount: Int = 0, csatScore: Int? = nil, handleSeconds: Double = 0, agentReplies: Int = 0, history: HistoryStamp = HistoryStamp()
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
        self.history = history
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
