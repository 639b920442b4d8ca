import Foundation
import Tagged
import TouchpointDomain

/// What the API, the console and the sockets read, through the same door they write through.
extension ServiceDesk {
    public func serviceCase(_ id: CaseID) async throws -> ServiceCase? { try await repositories.serviceCase(id) }
    public func serviceCase(number: Int64) async throws -> ServiceCase? { try await repositories.serviceCase(number: number) }
    public func serviceCase(threadKey: String) async throws -> ServiceCase? { try await repositories.serviceCase(threadKey: threadKey) }
    public func serviceCase(messageExternalID: String) async throws -> ServiceCase? { try await repositories.serviceCase(messageExternalID: messageExternalID) }

    /// A case by its number (`1042`, `#1042`) or its id.
    public func serviceCase(reference: String) async throws -> ServiceCase? {
        if let number = Int64(reference.trimmingCharacters(in: CharacterSet(charactersIn: "#"))) { return try await serviceCase(number: number) }
        return try await serviceCase(CaseID(rawValue: reference))
    }

    public func cases(_ filter: CaseFilter) async throws -> [ServiceCase] { try await repositories.cases(filter) }
    public func countCases(_ filter: CaseFilter) async throws -> Int { try await repositories.countCases(filter) }
    /// Cases waiting for a free agent that the caller may see, longest waiting first.
    public func queuedCases(visibleTo caller: ServiceCaller) async throws -> [ServiceCase] {
        try await repositories.queuedCases().filter(caller.canSee)
    }

    public func messages(of caseID: CaseID, after sequence: Int64? = nil, includeNotes: Bool = true) async throws -> [ServiceMessage] {
        try await repositories.messages(of: caseID, after: sequence, includeNotes: includeNotes)
    }

    public func serviceMessage(_ id: String) async throws -> ServiceMessage? { try await repositories.serviceMessage(id) }
    public func statusChanges(of caseID: CaseID) async throws -> [CaseStatusChange] { try await repositories.statusChanges(of: caseID) }
    public func calls(of caseID: CaseID) async throws -> [CallRecord] { try await repositories.calls(of: caseID) }

    /// An attachment, only for a caller who may see its case.
    public func attachment(_ id: String, for caller: ServiceCaller) async throws -> (info: AttachmentInfo, serviceCase: ServiceCase, content: Data)? {
        guard let found = try await repositories.attachment(id), let serviceCase = try await repositories.serviceCase(found.caseID),
              caller.canSee(serviceCase) else { return nil }
        return (found.info, serviceCase, found.content)
    }

    /// Recent SLA alerts of cases the caller may see, with their case.
    public func alerts(limit: Int, visibleTo caller: ServiceCaller) async throws -> [(alert: SLAAlert, serviceCase: ServiceCase)] {
        var visible = [(alert: SLAAlert, serviceCase: ServiceCase)]()
        for alert in try await repositories.alerts(limit: limit) {
            guard let serviceCase = try await repositories.serviceCase(alert.caseID), caller.canSee(serviceCase) else { continue }
            visible.append((alert, serviceCase))
        }
        return visible
    }

    /// The timeline entries a caller may see: the service desk's events of cases they cannot see are left out.
    public func visible(_ entries: [TimelineEntry], to caller: ServiceCaller) async throws -> [TimelineEntry] {
        guard let agent = caller.agent, !agent.seesEveryCase else { return entries }
        let ids = entries.compactMap { CaseSight.caseID(ofEventPayload: $0.payload) }
        guard !ids.isEmpty else { return entries }
        let cases = Dictionary(try await repositories.serviceCases(ids: ids).map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        return CaseSight.visible(entries, payload: \.payload, to: agent, cases: cases)
    }

    // MARK: Agents and teams

    /// The desk's view of a signed-in person: their role, and the agent record that limits their sight.
    public func caller(_ user: ConsoleUser, role: Role) async throws -> ServiceCaller {
        ServiceCaller(role: role, name: user.name, agent: try await repositories.serviceAgent(AgentID(rawValue: user.id)))
    }

    public func agents() async throws -> [ServiceAgent] { try await repositories.serviceAgents() }
    public func agent(_ id: AgentID) async throws -> ServiceAgent? { try await repositories.serviceAgent(id) }

    /// Changes an agent's service settings. A change that may let the agent take more (coming online, capacity, skills,
    /// languages, teams) drains the queue at once.
    public func updateAgent(_ id: AgentID, _ update: AgentUpdate, now: Date = Date()) async throws -> ServiceAgent {
        let agent = try await repositories.updateAgent(id, update, now: now)
        let mayTakeMore = update.presence == .online || update.capacity != nil || update.skills != nil || update.languages != nil
            || update.teamIDs != nil || update.seesAllTeams != nil
        if mayTakeMore { await drainQueue(now: now) }
        return agent
    }

    public func teams() async throws -> [ServiceTeam] { try await repositories.teams() }
    public func team(_ id: TeamID) async throws -> ServiceTeam? { try await repositories.team(id) }
    public func createTeam(name: String, now: Date = Date()) async throws -> ServiceTeam { try await repositories.createTeam(name: name, now: now) }
    public func setTeamMembers(_ teamID: TeamID, members: [AgentID]) async throws { try await repositories.setTeamMembers(teamID, members: members) }
}
