import Foundation

/// Who the customer is, as far as the channel that brought the case could tell. Identity resolution turns
/// these identifiers into a profile; they are kept on the case so later messages resolve the same way.
public struct CustomerContact: Sendable, Equatable, Codable {
    public var userId: String?
    public var anonymousId: String?
    public var email: String?
    public var phone: String?
    public var name: String?
    /// An address the customer typed but nobody proved (an unverified chat): shown to agents, never used to join profiles.
    public var unverifiedEmail: String?

    public init(userId: String? = nil, anonymousId: String? = nil, email: String? = nil, phone: String? = nil, name: String? = nil,
                unverifiedEmail: String? = nil) {
        self.userId = userId
        self.anonymousId = anonymousId
        self.email = email
        self.phone = phone
        self.name = name
        self.unverifiedEmail = unverifiedEmail
    }

    /// Whether identity resolution has anything to link the case to.
    public var hasIdentifier: Bool { [userId, anonymousId, email, phone].contains { ($0?.isEmpty == false) } }

    /// A name to show: the given name, else the e-mail, phone or id.
    public var displayName: String {
        for candidate in [name, email, phone, userId, unverifiedEmail, anonymousId] {
            if let candidate, !candidate.isEmpty { return candidate }
        }
        return "—"
    }

    /// The identifiers the contact carries, normalised as collection normalises them (so they match stored keys).
    public func identifiers(defaultCallingCode: String) -> [Identifier] {
        let given: [(IdentifierKind, String?)] = [(.userID, userId), (.anonymousID, anonymousId), (.email, email), (.phone, phone)]
        return given.compactMap { kind, raw in
            guard let raw, !raw.isEmpty else { return nil }
            return Identifier.normalized(kind: kind, raw: raw, defaultCallingCode: defaultCallingCode)
        }
    }

    /// The profile reference (`email:…`, `user_id:…`) most likely to resolve, strongest identifier first.
    public var profileReference: String? {
        if let userId, !userId.isEmpty { return "user_id:" + userId }
        if let email, !email.isEmpty { return "email:" + email }
        if let phone, !phone.isEmpty { return "phone:" + phone }
        if let anonymousId, !anonymousId.isEmpty { return "anonymous_id:" + anonymousId }
        return nil
    }
}

/// Why a case exists: a customer asked (the usual), feedback asked for it (the closed loop after a detractor answer
/// or an angry comment), or the company reached out first.
public enum CaseOrigin: String, Codable, Sendable, CaseIterable {
    case customer, feedback, proactive
}

/// A service case: one customer's request, with its conversation, status, owner and clocks.
public struct ServiceCase: Sendable, Equatable {
    public var id: CaseID
    /// Short number people quote on the phone ("case 1042").
    public var number: Int64
    public var profileID: ProfileID?
    public var customer: CustomerContact
    /// Channel-specific thread key (an e-mail thread, a chat visitor) that later messages attach to.
    public var threadKey: String?
    public var channel: Channel
    public var subject: String
    public var status: CaseStatus
    public var priority: CasePriority
    public var category: String?
    public var tags: [String]
    public var language: String?
    public var teamID: TeamID?
    public var assigneeID: AgentID?
    public var requiredSkills: [String]
    /// When the case started waiting for a free agent; nil when assigned or not queued.
    public var queuedAt: Date?
    public var createdAt: Date
    public var updatedAt: Date
    public var firstResponseAt: Date?
    public var lastCustomerMessageAt: Date?
    public var lastAgentReplyAt: Date?
    /// The first resolution (what first-contact resolution and resolution time measure).
    public var resolvedAt: Date?
    public var lastResolvedAt: Date?
    public var closedAt: Date?
    public var reopenCount: Int
    public var agentReplies: Int
    public var handleSeconds: Double
    public var csatScore: Int?
    public var csatComment: String?
    public var csatAt: Date?
    public var mergedInto: CaseID?
    /// The worst SLA clock state when last evaluated, and the next due moment.
    public var slaState: SLAClockState?
    public var slaDueAt: Date?
    public var origin: CaseOrigin

    public init(id: CaseID, number: Int64, profileID: ProfileID?, customer: CustomerContact, threadKey: String?, channel: Channel,
                subject: String, status: CaseStatus, priority: CasePriority, category: String?, tags: [String], language: String?,
                teamID: TeamID?, assigneeID: AgentID?, requiredSkills: [String], queuedAt: Date?, createdAt: Date, updatedAt: Date,
                firstResponseAt: Date? = nil, lastCustomerMessageAt: Date? = nil, lastAgentReplyAt: Date? = nil, resolvedAt: Date? = nil,
                lastResolvedAt: Date? = nil, closedAt: Date? = nil, reopenCount: Int = 0, agentReplies: Int = 0, handleSeconds: Double = 0,
                csatScore: Int? = nil, csatComment: String? = nil, csatAt: Date? = nil, mergedInto: CaseID? = nil,
                slaState: SLAClockState? = nil, slaDueAt: Date? = nil, origin: CaseOrigin = .customer) {
        self.id = id
        self.number = number
        self.profileID = profileID
        self.customer = customer
        self.threadKey = threadKey
        self.channel = channel
        self.subject = subject
        self.status = status
        self.priority = priority
        self.category = category
        self.tags = tags
        self.language = language
        self.teamID = teamID
        self.assigneeID = assigneeID
        self.requiredSkills = requiredSkills
        self.queuedAt = queuedAt
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.firstResponseAt = firstResponseAt
        self.lastCustomerMessageAt = lastCustomerMessageAt
        self.lastAgentReplyAt = lastAgentReplyAt
        self.resolvedAt = resolvedAt
        self.lastResolvedAt = lastResolvedAt
        self.closedAt = closedAt
        self.reopenCount = reopenCount
        self.agentReplies = agentReplies
        self.handleSeconds = handleSeconds
        self.csatScore = csatScore
        self.csatComment = csatComment
        self.csatAt = csatAt
        self.mergedInto = mergedInto
        self.slaState = slaState
        self.slaDueAt = slaDueAt
        self.origin = origin
    }
}

extension ServiceCase {
    /// The anonymousId the case's timeline events carry: the customer's own, else the case's, because Segment needs
    /// userId or anonymousId and a customer known only by e-mail or phone has neither. Identity resolution joins it to
    /// the e-mail or phone sent with it, and it finds the case's profile later.
    public var timelineAnonymousID: String {
        customer.anonymousId.flatMap { $0.isEmpty ? nil : $0 } ?? "case-" + id.rawValue
    }
}

/// A file sent with a message. Only the description travels with messages; the content is fetched on its own.
public struct AttachmentInfo: Sendable, Equatable {
    public var id: String
    public var fileName: String
    public var contentType: String
    public var sizeBytes: Int

    public init(id: String, fileName: String, contentType: String, sizeBytes: Int) {
        self.id = id
        self.fileName = fileName
        self.contentType = contentType
        self.sizeBytes = sizeBytes
    }
}

/// One message of a case's conversation, in any channel.
public struct ServiceMessage: Sendable, Equatable {
    public var id: String
    public var caseID: CaseID
    /// Position in the conversation (1, 2, …): a reconnecting chat asks for everything after the last one it saw.
    public var sequence: Int64
    public var direction: ServiceMessageDirection
    public var authorID: String?
    public var authorName: String
    public var body: String
    public var channel: Channel
    /// The sender's own id for the message, so a re-sent message is stored once.
    public var clientID: String?
    /// The channel's id (an e-mail Message-ID), for threading.
    public var externalID: String?
    public var createdAt: Date
    public var attachments: [AttachmentInfo]

    public init(id: String, caseID: CaseID, sequence: Int64, direction: ServiceMessageDirection, authorID: String?, authorName: String,
                body: String, channel: Channel, clientID: String?, externalID: String?, createdAt: Date, attachments: [AttachmentInfo] = []) {
        self.id = id
        self.caseID = caseID
        self.sequence = sequence
        self.direction = direction
        self.authorID = authorID
        self.authorName = authorName
        self.body = body
        self.channel = channel
        self.clientID = clientID
        self.externalID = externalID
        self.createdAt = createdAt
        self.attachments = attachments
    }
}

/// A phone call's record, as a telephony system reports it.
public struct CallRecord: Sendable, Equatable {
    public enum Direction: String, Sendable, Codable, CaseIterable { case inbound, outbound }

    public var id: String
    public var caseID: CaseID
    public var direction: Direction
    public var phone: String?
    public var agentID: AgentID?
    public var startedAt: Date
    public var waitSeconds: Double
    public var talkSeconds: Double
    public var wrapSeconds: Double
    /// `resolved`, `follow_up`, `abandoned`, `voicemail`, `transferred` or the system's own word.
    public var outcome: String

    public init(id: String, caseID: CaseID, direction: Direction, phone: String?, agentID: AgentID?, startedAt: Date,
                waitSeconds: Double, talkSeconds: Double, wrapSeconds: Double, outcome: String) {
        self.id = id
        self.caseID = caseID
        self.direction = direction
        self.phone = phone
        self.agentID = agentID
        self.startedAt = startedAt
        self.waitSeconds = waitSeconds
        self.talkSeconds = talkSeconds
        self.wrapSeconds = wrapSeconds
        self.outcome = outcome
    }

    /// The agent's working time on the call: talking and the wrap-up after it.
    public var handleSeconds: Double { talkSeconds + wrapSeconds }
}

/// A group of agents that cases are routed to.
public struct ServiceTeam: Sendable, Equatable {
    public var id: TeamID
    public var name: String
    public var memberIDs: [AgentID]

    public init(id: TeamID, name: String, memberIDs: [AgentID]) {
        self.id = id
        self.name = name
        self.memberIDs = memberIDs
    }
}

/// A console user as the service desk sees them: role, presence, capacity and current load.
public struct ServiceAgent: Sendable, Equatable {
    public var id: AgentID
    public var email: String
    public var name: String
    public var role: Role
    public var presence: AgentPresence
    public var capacity: Int
    /// Active cases assigned now.
    public var load: Int
    public var skills: [String]
    public var languages: [String]
    public var teamIDs: [TeamID]
    /// Granted sight of every team's cases (managers and admins always have it).
    public var seesAllTeams: Bool
    public var lastAssignedAt: Date?

    public init(id: AgentID, email: String, name: String, role: Role, presence: AgentPresence, capacity: Int, load: Int, skills: [String],
                languages: [String], teamIDs: [TeamID], seesAllTeams: Bool, lastAssignedAt: Date?) {
        self.id = id
        self.email = email
        self.name = name
        self.role = role
        self.presence = presence
        self.capacity = capacity
        self.load = load
        self.skills = skills
        self.languages = languages
        self.teamIDs = teamIDs
        self.seesAllTeams = seesAllTeams
        self.lastAssignedAt = lastAssignedAt
    }

    /// Whether this person may see every case, whatever its team.
    public var seesEveryCase: Bool { seesAllTeams || role.allows(.manager) }

    public var availability: AgentAvailability {
        AgentAvailability(agentID: id, teams: Set(teamIDs), presence: presence, capacity: capacity, load: load,
                          skills: Set(skills), languages: Set(languages), lastAssignedAt: lastAssignedAt)
    }

    /// Whether the agent may see a case: everything when granted, else cases of their teams, their own, and unrouted ones.
    public func canSee(_ serviceCase: ServiceCase) -> Bool {
        if seesEveryCase { return true }
        if serviceCase.assigneeID == id { return true }
        guard let team = serviceCase.teamID else { return true }
        return teamIDs.contains(team)
    }
}

/// An SLA alert: a clock went at risk or breached.
public struct SLAAlert: Sendable, Equatable {
    public var id: String
    public var caseID: CaseID
    public var metric: SLAMetric
    public var state: SLAClockState
    public var dueAt: Date?
    public var at: Date

    public init(id: String, caseID: CaseID, metric: SLAMetric, state: SLAClockState, dueAt: Date?, at: Date) {
        self.id = id
        self.caseID = caseID
        self.metric = metric
        self.state = state
        self.dueAt = dueAt
        self.at = at
    }
}

/// Service desk settings that are not rules: how long after a resolution a new contact counts as a re-contact.
public struct ServiceSettings: Sendable, Equatable, Codable {
    public var recontactWindowHours: Double
    public var defaultStrategy: RoutingStrategy
    /// Cases an agent takes at once unless their own capacity says otherwise.
    public var defaultCapacity: Int

    public init(recontactWindowHours: Double = 72, defaultStrategy: RoutingStrategy = .leastLoaded, defaultCapacity: Int = 5) {
        self.recontactWindowHours = recontactWindowHours
        self.defaultStrategy = defaultStrategy
        self.defaultCapacity = defaultCapacity
    }
}
