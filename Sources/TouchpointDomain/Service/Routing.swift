import Foundation
import Tagged

/// How a team picks the agent for a case.
public enum RoutingStrategy: String, Sendable, Codable, CaseIterable, Hashable {
    /// Take turns in agent-id order: fair when cases are alike.
    case roundRobin = "round_robin"
    /// The agent with the lowest share of their capacity in use: fair when cases differ in effort.
    case leastLoaded = "least_loaded"
    /// Only agents with every required skill, least loaded among them: for cases that need expertise.
    case skills
}

/// Which cases a routing rule applies to. Each nil or empty list means "any"; all given conditions must hold.
public struct RoutingConditions: Sendable, Codable, Equatable, Hashable {
    public var channels: [Channel]?
    /// Compared case-insensitively ("PL" matches "pl"); a case without a language does not match a language list.
    public var languages: [String]?
    /// Compared case-insensitively; a case without a category does not match a category list.
    public var categories: [String]?
    /// Customer value tiers (e.g. "gold"), compared exactly; a case without a tier does not match a tier list.
    public var valueTiers: [String]?
    /// The customer's lifetime value must be at least this; a case without a CLV does not match.
    public var minimumCLV: Double?

    public init(
        channels: [Channel]? = nil, languages: [String]? = nil, categories: [String]? = nil,
        valueTiers: [String]? = nil, minimumCLV: Double? = nil
    ) {
        self.channels = channels
        self.languages = languages
        self.categories = categories
        self.valueTiers = valueTiers
        self.minimumCLV = minimumCLV
    }

    /// Whether a case meets every condition.
    public func matches(_ request: RoutingRequest) -> Bool {
        if let channels, !channels.isEmpty, !channels.contains(request.channel) { return false }
        if !Self.matchesIgnoringCase(languages, request.language) { return false }
        if !Self.matchesIgnoringCase(categories, request.category) { return false }
        if let valueTiers, !valueTiers.isEmpty {
            guard let tier = request.valueTier, valueTiers.contains(tier) else { return false }
        }
        if let minimumCLV {
            guard let clv = request.clv, clv >= minimumCLV else { return false }
        }
        return true
    }

    private static func matchesIgnoringCase(_ allowed: [String]?, _ value: String?) -> Bool {
        guard let allowed, !allowed.isEmpty else { return true }
        guard let value else { return false }
        let wanted = value.lowercased()
        return allowed.contains { $0.lowercased() == wanted }
    }
}

/// Sends the cases that meet its conditions to a team, with the team's way of picking an agent.
public struct RoutingRule: Sendable, Codable, Equatable, Hashable {
    public var id: String
    public var name: String
    /// Rules are tried in ascending position; the first that matches wins.
    public var position: Int
    public var conditions: RoutingConditions
    public var teamID: TeamID
    public var strategy: RoutingStrategy
    /// Skills an agent needs to take these cases (used by the `skills` strategy).
    public var requiredSkills: [String]
    /// Raises the case's priority to this when it is higher (a VIP rule makes cases at least high); never lowers it.
    public var priority: CasePriority?

    public init(
        id: String, name: String, position: Int, conditions: RoutingConditions = RoutingConditions(), teamID: TeamID,
        strategy: RoutingStrategy, requiredSkills: [String] = [], priority: CasePriority? = nil
    ) {
        self.id = id
        self.name = name
        self.position = position
        self.conditions = conditions
        self.teamID = teamID
        self.strategy = strategy
        self.requiredSkills = requiredSkills
        self.priority = priority
    }
}

/// What routing knows about a new case.
public struct RoutingRequest: Sendable, Equatable, Hashable {
    public var channel: Channel
    public var language: String?
    public var category: String?
    public var valueTier: String?
    public var clv: Double?
    public var priority: CasePriority

    public init(
        channel: Channel, language: String? = nil, category: String? = nil, valueTier: String? = nil,
        clv: Double? = nil, priority: CasePriority = .normal
    ) {
        self.channel = channel
        self.language = language
        self.category = category
        self.valueTier = valueTier
        self.clv = clv
        self.priority = priority
    }
}

/// An agent as routing sees them at one moment.
public struct AgentAvailability: Sendable, Equatable, Hashable {
    public var agentID: AgentID
    public var teams: Set<TeamID>
    public var presence: AgentPresence
    /// How many active cases the agent can hold at once.
    public var capacity: Int
    /// How many active cases the agent holds now.
    public var load: Int
    public var skills: Set<String>
    public var languages: Set<String>
    /// When the agent was last given a case: the tie-breaker that spreads work among equally loaded agents.
    public var lastAssignedAt: Date?

    public init(
        agentID: AgentID, teams: Set<TeamID> = [], presence: AgentPresence = .online, capacity: Int, load: Int = 0,
        skills: Set<String> = [], languages: Set<String> = [], lastAssignedAt: Date? = nil
    ) {
        self.agentID = agentID
        self.teams = teams
        self.presence = presence
        self.capacity = capacity
        self.load = load
        self.skills = skills
        self.languages = languages
        self.lastAssignedAt = lastAssignedAt
    }

    /// Online and holding fewer cases than their capacity: the only agents routing may give a case to.
    public var hasFreeCapacity: Bool { presence == .online && load < capacity }

    /// Whether the agent has every skill (case-insensitively).
    public func hasSkills(_ required: [String]) -> Bool {
        let own = Set(skills.map { $0.lowercased() })
        return required.allSatisfy { own.contains($0.lowercased()) }
    }

    /// Whether the agent speaks a language (case-insensitively).
    public func speaks(_ language: String) -> Bool {
        let wanted = language.lowercased()
        return languages.contains { $0.lowercased() == wanted }
    }
}

/// Where a case goes and why, for the case and the audit trail.
public struct RoutingDecision: Sendable, Equatable {
    /// The rule that matched; nil when none did.
    public var rule: RoutingRule?
    public var teamID: TeamID?
    /// The chosen agent; nil = the case waits in the team's queue (or the unassigned queue without a team).
    public var agentID: AgentID?
    /// The case's priority after the rule (possibly raised).
    public var priority: CasePriority
    /// Human-readable English, e.g. "rule 'VIP' → team vip, least loaded: anna (1/5)".
    public var reason: String

    public init(rule: RoutingRule?, teamID: TeamID?, agentID: AgentID?, priority: CasePriority, reason: String) {
        self.rule = rule
        self.teamID = teamID
        self.agentID = agentID
        self.priority = priority
        self.reason = reason
    }
}

/// A case waiting for an agent.
public struct QueuedCase: Sendable, Equatable, Hashable {
    public var caseID: CaseID
    /// The team whose agents may take it; nil = any agent.
    public var teamID: TeamID?
    public var priority: CasePriority
    public var queuedAt: Date
    public var language: String?
    public var requiredSkills: [String]
    public var strategy: RoutingStrategy

    public init(
        caseID: CaseID, teamID: TeamID?, priority: CasePriority, queuedAt: Date, language: String? = nil,
        requiredSkills: [String] = [], strategy: RoutingStrategy = .leastLoaded
    ) {
        self.caseID = caseID
        self.teamID = teamID
        self.priority = priority
        self.queuedAt = queuedAt
        self.language = language
        self.requiredSkills = requiredSkills
        self.strategy = strategy
    }
}

/// One case given to one agent by `Router.drain`.
public struct QueueAssignment: Sendable, Equatable, Hashable, Codable {
    public var caseID: CaseID
    public var agentID: AgentID

    public init(caseID: CaseID, agentID: AgentID) {
        self.caseID = caseID
        self.agentID = agentID
    }
}

/// Another name for `Router`, for files that also import Vapor: RoutingKit (re-exported by Vapor) declares a
/// `Router` protocol, so there the bare name is ambiguous and `CaseRouter` (or `TouchpointDomain.Router`) is not.
public typealias CaseRouter = Router

/// Decides which team and agent get a case. Deterministic: the same inputs always give the same answer, so
/// decisions can be replayed and tested.
public enum Router {
    public typealias QueuedCase = TouchpointDomain.QueuedCase
    public typealias QueueAssignment = TouchpointDomain.QueueAssignment

    /// The first rule, by ascending position (then id), whose conditions the case meets.
    public static func matchingRule(for request: RoutingRequest, rules: [RoutingRule]) -> RoutingRule? {
        rules.sorted { ($0.position, $0.id) < ($1.position, $1.id) }.first { $0.conditions.matches(request) }
    }

    /// The agent to give a case to, or nil when nobody can take it now.
    ///
    /// Candidates are online agents below capacity, in the team (when one is given) and, for the `skills` strategy,
    /// with every required skill. When a language is given and some candidate speaks it, only those remain;
    /// otherwise anyone may answer (better a reply in English than none). Then:
    /// - round robin: in agent-id order, the first after `lastAssignedAgentID`, wrapping around;
    /// - least loaded: the lowest load ÷ capacity; ties go to the lower load, then the longest since their last
    ///   case (never assigned first), then the agent id;
    /// - skills: least loaded among the skilled.
    public static func pickAgent(
        strategy: RoutingStrategy, teamID: TeamID?, requiredSkills: [String], language: String?,
        agents: [AgentAvailability], lastAssignedAgentID: AgentID?
    ) -> AgentAvailability? {
        var candidates = agents.filter { agent in
            agent.hasFreeCapacity
                && (teamID.map { agent.teams.contains($0) } ?? true)
                && (strategy != .skills || agent.hasSkills(requiredSkills))
        }
        if let language, candidates.contains(where: { $0.speaks(language) }) {
            candidates = candidates.filter { $0.speaks(language) }
        }
        guard !candidates.isEmpty else { return nil }
        switch strategy {
        case .roundRobin:
            let ordered = candidates.sorted { $0.agentID.rawValue < $1.agentID.rawValue }
            if let last = lastAssignedAgentID?.rawValue, let next = ordered.first(where: { $0.agentID.rawValue > last }) {
                return next
            }
            return ordered.first
        case .leastLoaded, .skills:
            return candidates.min(by: isLessLoaded)
        }
    }

    /// The least-loaded order: load share, then load, then oldest last assignment (never first), then id.
    static func isLessLoaded(_ a: AgentAvailability, _ b: AgentAvailability) -> Bool {
        let shareA = Double(a.load) / Double(max(a.capacity, 1))
        let shareB = Double(b.load) / Double(max(b.capacity, 1))
        if shareA != shareB { return shareA < shareB }
        if a.load != b.load { return a.load < b.load }
        switch (a.lastAssignedAt, b.lastAssignedAt) {
        case (nil, .some): return true
        case (.some, nil): return false
        case let (.some(x), .some(y)) where x != y: return x < y
        default: return a.agentID.rawValue < b.agentID.rawValue
        }
    }

    /// Routes a new case: the first matching rule names the team, strategy, skills and a minimum priority; without
    /// a match the case goes to no team and the default strategy picks among all agents. When nobody is free the
    /// decision has no agent and the case waits in the queue.
    public static func route(
        _ request: RoutingRequest, rules: [RoutingRule], agents: [AgentAvailability],
        lastAssignedByTeam: [TeamID: AgentID], defaultStrategy: RoutingStrategy = .leastLoaded
    ) -> RoutingDecision {
        let rule = matchingRule(for: request, rules: rules)
        let teamID = rule?.teamID
        let strategy = rule?.strategy ?? defaultStrategy
        let skills = rule?.requiredSkills ?? []
        let priority = max(request.priority, rule?.priority ?? request.priority)
        let lastAssigned = teamID.flatMap { lastAssignedByTeam[$0] }
        let agent = pickAgent(
            strategy: strategy, teamID: teamID, requiredSkills: skills, language: request.language, agents: agents,
            lastAssignedAgentID: lastAssigned
        )

        var reason = rule.map { "rule '\($0.name)' → team \($0.teamID.rawValue)" } ?? "no rule matched → any team"
        if let agent {
            reason += ", \(describe(strategy, skills: skills)): \(agent.agentID.rawValue) (\(agent.load)/\(agent.capacity))"
            if strategy == .roundRobin, let lastAssigned { reason += " after \(lastAssigned.rawValue)" }
        } else {
            reason += ", no agent free (\(describe(strategy, skills: skills))): waiting in the queue"
        }
        if priority > request.priority { reason += ", priority raised to \(priority.rawValue)" }
        return RoutingDecision(rule: rule, teamID: teamID, agentID: agent?.agentID, priority: priority, reason: reason)
    }

    private static func describe(_ strategy: RoutingStrategy, skills: [String]) -> String {
        switch strategy {
        case .roundRobin: return "round robin"
        case .leastLoaded: return "least loaded"
        case .skills: return skills.isEmpty ? "skills, least loaded" : "skills [\(skills.joined(separator: ", "))], least loaded"
        }
    }

    /// Gives waiting cases to agents who have room: urgent first, then the longest waiting (then case id, so the
    /// order is total). Each assignment raises that agent's load and makes them the team's last assigned, so later
    /// picks see it. A case nobody can take stays queued (it is skipped and the rest are still served).
    public static func drain(
        queue: [QueuedCase], agents: [AgentAvailability], lastAssignedByTeam: [TeamID: AgentID], now: Date
    ) -> [QueueAssignment] {
        var agents = agents
        var lastAssignedByTeam = lastAssignedByTeam
        var lastAssignedWithoutTeam: AgentID?
        let ordered = queue.sorted {
            if $0.priority != $1.priority { return $0.priority > $1.priority }
            if $0.queuedAt != $1.queuedAt { return $0.queuedAt < $1.queuedAt }
            return $0.caseID.rawValue < $1.caseID.rawValue
        }
        var assignments: [QueueAssignment] = []
        for queued in ordered {
            let last = queued.teamID.map { lastAssignedByTeam[$0] } ?? lastAssignedWithoutTeam
            guard let picked = pickAgent(
                strategy: queued.strategy, teamID: queued.teamID, requiredSkills: queued.requiredSkills,
                language: queued.language, agents: agents, lastAssignedAgentID: last
            ), let index = agents.firstIndex(where: { $0.agentID == picked.agentID }) else { continue }
            agents[index].load += 1
            agents[index].lastAssignedAt = now
            if let team = queued.teamID { lastAssignedByTeam[team] = picked.agentID } else { lastAssignedWithoutTeam = picked.agentID }
            assignments.append(QueueAssignment(caseID: queued.caseID, agentID: picked.agentID))
        }
        return assignments
    }
}

extension Router {
    /// Round-robin continues, in each team, after the member who was given a case last.
    public static func lastAssignedByTeam(_ agents: [AgentAvailability]) -> [TeamID: AgentID] {
        var latest = [TeamID: (agent: AgentID, at: Date)]()
        for agent in agents {
            guard let at = agent.lastAssignedAt else { continue }
            for team in agent.teams where (latest[team]?.at ?? .distantPast) < at { latest[team] = (agent.agentID, at) }
        }
        return latest.mapValues(\.agent)
    }
}

extension RoutingRequest {
    /// What routing knows of a case: its channel, language, category and priority, and its customer's value.
    public init(for serviceCase: ServiceCase, valueTier: String?, clv: Double?) {
        self.init(channel: serviceCase.channel, language: serviceCase.language, category: serviceCase.category,
                  valueTier: valueTier, clv: clv, priority: serviceCase.priority)
    }
}
