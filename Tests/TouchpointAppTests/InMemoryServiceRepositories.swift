import Foundation
import Synchronization
import TouchpointApp
import Tagged
import TouchpointDomain

/// The service desk's repositories in memory, for application-layer tests. The same case rules decide
/// (`ServiceCase+Rules.swift`); only keeping the result differs from `SQLStore`. Timeline events are collected in
/// `timelineEvents` instead of going through collection.
final class InMemoryServiceRepositories: ServiceRepositories {
    struct State {
        var cases: [CaseID: ServiceCase] = [:]
        var messages: [CaseID: [ServiceMessage]] = [:]
        var statusChanges: [CaseID: [CaseStatusChange]] = [:]
        var calls: [CaseID: [CallRecord]] = [:]
        var alerts: [SLAAlert] = []
        var agents: [AgentID: ServiceAgent] = [:]
        var teams: [TeamID: ServiceTeam] = [:]
        var documents: [String: String] = [:]
        var timelineEvents: [JSONValue] = []
        var nextNumber: Int64 = 1001
    }

    let state = Mutex(State())

    var timelineEvents: [JSONValue] { state.withLock { $0.timelineEvents } }

    func addAgent(_ agent: ServiceAgent) { state.withLock { $0.agents[agent.id] = agent } }

    private func require(_ id: CaseID, in state: State) throws -> ServiceCase {
        guard let found = state.cases[id] else { throw ServiceRuleError.invalid("no case \(id.rawValue)") }
        return found
    }

    /// Loads, lets the rule change the case, keeps it: one "transaction" under the lock.
    private func change<T>(_ id: CaseID, _ body: (inout ServiceCase, inout State) throws -> T) throws -> T {
        try state.withLock { state in
            var serviceCase = try require(id, in: state)
            let result = try body(&serviceCase, &state)
            state.cases[id] = serviceCase
            return result
        }
    }

    private static func keep(_ moves: [CaseTransition], of serviceCase: ServiceCase, in state: inout State) {
        for move in moves {
            state.statusChanges[serviceCase.id, default: []].append(CaseStatusChange(at: move.at, status: move.to))
            state.timelineEvents.append(ServiceTimelineEvents.statusChanged(serviceCase, from: move.from, to: move.to, at: move.at,
                                                                            changeID: serviceCase.id.rawValue + "-\(move.at.timeIntervalSince1970)"))
        }
    }

    /// The agents with their load: the active cases each one holds.
    private static func agentsWithLoad(in state: State) -> [ServiceAgent] {
        state.agents.values.sorted { $0.name < $1.name }.map { agent in
            var counted = agent
            counted.load = state.cases.values.filter { $0.assigneeID == agent.id && $0.status.isActive }.count
            return counted
        }
    }

    // MARK: CaseRepository

    func serviceCase(_ id: CaseID) async throws -> ServiceCase? { state.withLock { $0.cases[id] } }
    func serviceCase(number: Int64) async throws -> ServiceCase? { state.withLock { $0.cases.values.first { $0.number == number } } }
    func serviceCase(threadKey: String) async throws -> ServiceCase? {
        state.withLock { $0.cases.values.filter { $0.threadKey == threadKey && $0.mergedInto == nil }.max { $0.createdAt < $1.createdAt } }
    }
    func serviceCase(messageExternalID: String) async throws -> ServiceCase? {
        state.withLock { state in
            state.messages.first { $0.value.contains { $0.externalID == messageExternalID } }.flatMap { state.cases[$0.key] }
        }
    }
    func serviceCases(ids: [CaseID]) async throws -> [ServiceCase] { state.withLock { state in ids.compactMap { state.cases[$0] } } }

    func cases(_ filter: CaseFilter) async throws -> [ServiceCase] {
        let all = state.withLock { Array($0.cases.values) }.filter { c in
            c.mergedInto == nil && (filter.statuses.map { $0.contains(c.status) } ?? true) && (filter.assigneeID.map { c.assigneeID == $0 } ?? true)
                && (!filter.unassignedOnly || c.assigneeID == nil) && (filter.teamID.map { c.teamID == $0 } ?? true)
                && (filter.channel.map { c.channel == $0 } ?? true) && (filter.profileID.map { c.profileID == $0 } ?? true)
                && (filter.visibleTo.map { $0.canSee(c) } ?? true)
        }
        return Array(all.sorted { $0.updatedAt > $1.updatedAt }.dropFirst(filter.offset).prefix(filter.limit))
    }

    func countCases(_ filter: CaseFilter) async throws -> Int {
        var unlimited = filter
        unlimited.limit = .max
        unlimited.offset = 0
        return try await cases(unlimited).count
    }

    func casesCreated(from: Date, to: Date) async throws -> [ServiceCase] {
        state.withLock { Array($0.cases.values) }.filter { $0.mergedInto == nil && $0.createdAt >= from && $0.createdAt < to }.sorted { $0.createdAt < $1.createdAt }
    }
    func activeCases() async throws -> [ServiceCase] { state.withLock { Array($0.cases.values) }.filter { $0.status.isActive && $0.mergedInto == nil } }
    func queuedCases() async throws -> [ServiceCase] {
        try await activeCases().filter { $0.assigneeID == nil && $0.queuedAt != nil }.sorted { ($0.queuedAt ?? $0.createdAt) < ($1.queuedAt ?? $1.createdAt) }
    }

    func messages(of caseID: CaseID, after sequence: Int64?, includeNotes: Bool) async throws -> [ServiceMessage] {
        state.withLock { $0.messages[caseID] ?? [] }.filter { $0.sequence > (sequence ?? 0) && (includeNotes || $0.direction != .note) }
    }
    func serviceMessage(_ id: String) async throws -> ServiceMessage? { state.withLock { $0.messages.values.joined().first { $0.id == id } } }
    func attachment(_ id: String) async throws -> (info: AttachmentInfo, caseID: CaseID, content: Data)? { nil }
    func statusChanges(of caseID: CaseID) async throws -> [CaseStatusChange] { state.withLock { $0.statusChanges[caseID] ?? [] } }
    func calls(of caseID: CaseID) async throws -> [CallRecord] { state.withLock { $0.calls[caseID] ?? [] } }

    func slaHistories(_ cases: [ServiceCase]) async throws -> [CaseID: SLACaseHistory] {
        state.withLock { state in
            Dictionary(uniqueKeysWithValues: cases.map { c in
                let messages = state.messages[c.id] ?? []
                return (c.id, SLACaseHistory(createdAt: c.createdAt, priority: c.priority, channel: c.channel, statusChanges: (state.statusChanges[c.id] ?? []).filter { $0.status != .new },
                                             customerMessages: messages.filter { $0.direction == .inbound }.map(\.createdAt),
                                             agentReplies: messages.filter { $0.direction == .outbound }.map(\.createdAt)))
            })
        }
    }

    func createCase(_ new: NewCase, firstMessage: NewServiceMessage?, timeline: ServiceTimelineSink, routing: RoutingConfiguration?,
                    now: Date) async throws -> (ServiceCase, ServiceMessage?) {
        try state.withLock { state in
            var (serviceCase, opening) = try ServiceCase.open(new, id: CaseID(rawValue: TimeOrderedID.make(at: now)), number: state.nextNumber,
                                                              firstMessageAt: firstMessage.map { ServiceCase.messageTime($0, now: now) }, now: now)
            state.nextNumber += 1
            Self.keep([opening], of: serviceCase, in: &state)
            var message: ServiceMessage?
            if let firstMessage { message = try Self.append(firstMessage, to: &serviceCase, now: now, in: &state) }
            if let routing {
                let availability = Self.agentsWithLoad(in: state).map(\.availability)
                let decision = Router.route(RoutingRequest(for: serviceCase, valueTier: nil, clv: nil), rules: routing.rules, agents: availability,
                                            lastAssignedByTeam: Router.lastAssignedByTeam(availability), defaultStrategy: routing.defaultStrategy)
                serviceCase.apply(decision, at: now)
            }
            state.cases[serviceCase.id] = serviceCase
            return (serviceCase, message)
        }
    }

    private static func append(_ new: NewServiceMessage, to serviceCase: inout ServiceCase, now: Date, in state: inout State) throws -> ServiceMessage {
        let at = ServiceCase.messageTime(new, now: now)
        let moves = try serviceCase.receive(new.direction, authorID: new.authorID, at: at, now: now)
        let sequence = Int64((state.messages[serviceCase.id] ?? []).count + 1)
        let message = ServiceMessage(id: TimeOrderedID.make(at: now), caseID: serviceCase.id, sequence: sequence, direction: new.direction,
                                     authorID: new.authorID, authorName: new.authorName, body: new.body.trimmedWhitespace,
                                     channel: new.channel ?? serviceCase.channel, clientID: new.clientID, externalID: serviceCase.externalID(for: new), createdAt: at)
        state.messages[serviceCase.id, default: []].append(message)
        if let event = ServiceTimelineEvents.message(message, of: serviceCase) { state.timelineEvents.append(event) }
        keep(moves, of: serviceCase, in: &state)
        return message
    }

    func addMessage(_ new: NewServiceMessage, to caseID: CaseID, timeline: ServiceTimelineSink, now: Date) async throws
        -> (message: ServiceMessage, serviceCase: ServiceCase, previous: ServiceCase, created: Bool) {
        try ServiceCase.check(new)
        return try change(caseID) { serviceCase, state in
            let previous = serviceCase
            try serviceCase.checkAcceptsMessages()
            if let clientID = new.clientID, let existing = state.messages[caseID]?.first(where: { $0.clientID == clientID }) {
                return (existing, serviceCase, previous, false)
            }
            return (try Self.append(new, to: &serviceCase, now: now, in: &state), serviceCase, previous, true)
        }
    }

    private let rootCauses = Mutex<[CaseID: String]>([:])
    func rootCause(of caseID: CaseID) async throws -> String? { rootCauses.withLock { $0[caseID] } }
    func setRootCause(_ cause: String, of caseID: CaseID) async throws { rootCauses.withLock { $0[caseID] = cause } }

    func changeStatus(of caseID: CaseID, to status: CaseStatus, actor: String, timeline: ServiceTimelineSink, now: Date) async throws -> ServiceCase {
        try change(caseID) { serviceCase, state in
            if let move = try serviceCase.move(to: status, actor: actor, at: now) { Self.keep([move], of: serviceCase, in: &state) }
            return serviceCase
        }
    }

    func updateCase(_ caseID: CaseID, _ update: CaseUpdate, now: Date) async throws -> ServiceCase {
        try change(caseID) { serviceCase, _ in
            try serviceCase.edit(update, now: now)
            return serviceCase
        }
    }

    func assignCase(_ caseID: CaseID, to agentID: AgentID, teamID: TeamID??, priority: CasePriority?, onlyIfWaiting: Bool, now: Date) async throws -> ServiceCase {
        try change(caseID) { serviceCase, _ in
            if onlyIfWaiting && !serviceCase.isWaitingForAgent { return serviceCase }
            try serviceCase.edit(CaseUpdate(priority: priority, teamID: teamID, assigneeID: .some(agentID)), now: now)
            return serviceCase
        }
    }

    func mergeCase(_ duplicateID: CaseID, into targetID: CaseID, actor: String, now: Date) async throws -> ServiceCase {
        try state.withLock { state in
            var duplicate = try require(duplicateID, in: state)
            var target = try require(targetID, in: state)
            if let closing = try target.absorb(&duplicate, actor: actor, at: now) { Self.keep([closing], of: duplicate, in: &state) }
            state.messages[targetID, default: []] += state.messages.removeValue(forKey: duplicateID) ?? []
            state.cases[duplicateID] = duplicate
            state.cases[targetID] = target
            return target
        }
    }

    func recordCall(_ call: CallRecord, timeline: ServiceTimelineSink, now: Date) async throws -> ServiceCase {
        try change(call.caseID) { serviceCase, state in
            serviceCase.record(call, now: now)
            state.calls[call.caseID, default: []].append(call)
            state.timelineEvents.append(ServiceTimelineEvents.call(call, of: serviceCase))
            return serviceCase
        }
    }

    func addHandleTime(_ caseID: CaseID, seconds: Double) async throws {
        guard let seconds = ServiceCase.countableHandleTime(seconds) else { return }
        try change(caseID) { serviceCase, _ in serviceCase.handleSeconds += seconds }
    }

    func rateCase(_ caseID: CaseID, score: Int, comment: String?, timeline: ServiceTimelineSink, now: Date) async throws -> ServiceCase {
        try change(caseID) { serviceCase, state in
            try serviceCase.rate(score: score, comment: comment, at: now)
            state.timelineEvents.append(ServiceTimelineEvents.satisfaction(score: score, comment: comment, of: serviceCase, at: now))
            return serviceCase
        }
    }

    func routeCase(_ caseID: CaseID, routing: RoutingConfiguration, now: Date) async throws -> ServiceCase {
        let agents = try await serviceAgents().map(\.availability)
        return try change(caseID) { serviceCase, _ in
            guard serviceCase.status.isActive, serviceCase.mergedInto == nil else { return serviceCase }
            let decision = Router.route(RoutingRequest(for: serviceCase, valueTier: nil, clv: nil), rules: routing.rules, agents: agents,
                                        lastAssignedByTeam: Router.lastAssignedByTeam(agents), defaultStrategy: routing.defaultStrategy)
            serviceCase.apply(decision, at: now)
            return serviceCase
        }
    }

    func setSLA(_ caseID: CaseID, state clockState: SLAClockState?, dueAt: Date?) async throws {
        try change(caseID) { serviceCase, _ in
            serviceCase.slaState = clockState
            serviceCase.slaDueAt = dueAt
        }
    }

    func raiseAlert(caseID: CaseID, metric: SLAMetric, state clockState: SLAClockState, dueAt: Date?, now: Date) async throws -> SLAAlert? {
        state.withLock { state in
            guard !state.alerts.contains(where: { $0.caseID == caseID && $0.metric == metric && $0.state == clockState }) else { return nil }
            let alert = SLAAlert(id: TimeOrderedID.make(at: now), caseID: caseID, metric: metric, state: clockState, dueAt: dueAt, at: now)
            state.alerts.append(alert)
            return alert
        }
    }

    func alerts(limit: Int) async throws -> [SLAAlert] { state.withLock { Array($0.alerts.reversed().prefix(limit)) } }

    // MARK: ServicePeopleRepository

    func serviceAgents() async throws -> [ServiceAgent] { state.withLock { Self.agentsWithLoad(in: $0) } }
    func serviceAgent(_ id: AgentID) async throws -> ServiceAgent? { try await serviceAgents().first { $0.id == id } }

    func updateAgent(_ id: AgentID, _ update: AgentUpdate, now: Date) async throws -> ServiceAgent {
        try state.withLock { state in
            guard var agent = state.agents[id] else { throw ServiceRuleError.invalid("no agent \(id.rawValue)") }
            if let presence = update.presence { agent.presence = presence }
            if let capacity = update.capacity { agent.capacity = capacity }
            if let teams = update.teamIDs { agent.teamIDs = teams }
            state.agents[id] = agent
            return agent
        }
    }

    func teams() async throws -> [ServiceTeam] { state.withLock { Array($0.teams.values) } }
    func team(_ id: TeamID) async throws -> ServiceTeam? { state.withLock { $0.teams[id] } }
    func createTeam(name: String, now: Date) async throws -> ServiceTeam {
        state.withLock { state in
            let team = ServiceTeam(id: TeamID(rawValue: name.lowercased()), name: name, memberIDs: [])
            state.teams[team.id] = team
            return team
        }
    }
    func setTeamMembers(_ teamID: TeamID, members: [AgentID]) async throws {
        state.withLock { state in
            state.teams[teamID]?.memberIDs = members
            for id in members { state.agents[id]?.teamIDs.append(teamID) }
        }
    }

    // MARK: ServiceSetupRepository

    func serviceDocument(_ name: String) async throws -> String? { state.withLock { $0.documents[name] } }
    func setServiceDocument(_ name: String, body: String, now: Date) async throws { state.withLock { $0.documents[name] = body } }
    func internalSource(named name: String) async throws -> SourceRecord {
        SourceRecord(id: SourceID(rawValue: "source-service-desk"), name: name, writeKeyHint: "—", createdAt: 0)
    }
    func valueScores(of profile: ProfileID) async throws -> CustomerScores? { nil }
}
