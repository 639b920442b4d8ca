import Foundation

// The inputs the service desk hands its repositories: what to list, how to route, where timeline events go,
// what to change on an agent.

/// Where the events a case adds to the customer's timeline are recorded: the service desk's own source,
/// and the validator that turns them into stored events (identity resolution included).
public struct ServiceTimelineSink: Sendable {
    public var sourceID: SourceID
    public var validator: MessageValidator

    public init(sourceID: SourceID, validator: MessageValidator) {
        self.sourceID = sourceID
        self.validator = validator
    }
}

/// How new cases are routed: the rules in force and the strategy when none matches.
public struct RoutingConfiguration: Sendable {
    public var rules: [RoutingRule]
    public var defaultStrategy: RoutingStrategy

    public init(rules: [RoutingRule], defaultStrategy: RoutingStrategy) {
        self.rules = rules
        self.defaultStrategy = defaultStrategy
    }
}

/// Which cases a list shows.
public struct CaseFilter: Sendable {
    public var statuses: [CaseStatus]?
    public var assigneeID: AgentID?
    public var unassignedOnly: Bool
    public var teamID: TeamID?
    public var channel: Channel?
    public var profileID: ProfileID?
    public var query: String?
    /// An agent without wider sight sees their teams' cases, their own, and cases not yet routed to a team.
    public var visibleTo: ServiceAgent?
    public var limit: Int
    public var offset: Int

    public init(statuses: [CaseStatus]? = nil, assigneeID: AgentID? = nil, unassignedOnly: Bool = false, teamID: TeamID? = nil,
                channel: Channel? = nil, profileID: ProfileID? = nil, query: String? = nil, visibleTo: ServiceAgent? = nil,
                limit: Int = 50, offset: Int = 0) {
        self.statuses = statuses
        self.assigneeID = assigneeID
        self.unassignedOnly = unassignedOnly
        self.teamID = teamID
        self.channel = channel
        self.profileID = profileID
        self.query = query
        self.visibleTo = visibleTo
        self.limit = limit
        self.offset = offset
    }
}

/// Changes to an agent's service settings; nil leaves a setting as it is.
public struct AgentUpdate: Sendable {
    public var presence: AgentPresence?
    public var capacity: Int?
    public var skills: [String]?
    public var languages: [String]?
    public var seesAllTeams: Bool?
    public var teamIDs: [TeamID]?

    public init(presence: AgentPresence? = nil, capacity: Int? = nil, skills: [String]? = nil, languages: [String]? = nil,
                seesAllTeams: Bool? = nil, teamIDs: [TeamID]? = nil) {
        self.presence = presence
        self.capacity = capacity
        self.skills = skills
        self.languages = languages
        self.seesAllTeams = seesAllTeams
        self.teamIDs = teamIDs
    }
}
