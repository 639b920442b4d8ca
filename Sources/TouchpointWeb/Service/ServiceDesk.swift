import Foundation
import Tagged
import Vapor
import Logging
import Synchronization
import TouchpointDomain
import TouchpointStorage

/// Who is acting on the service desk: their role, and the agent record that limits which cases they see.
struct ServiceCaller: Sendable {
    var role: Role
    var name: String
    /// nil for credentials that belong to no person (the admin token): they see every case.
    var agent: ServiceAgent?

    func canSee(_ serviceCase: ServiceCase) -> Bool { agent?.canSee(serviceCase) ?? true }

    var actorID: String { agent?.id.rawValue ?? "api" }

    /// A signed-in person (console session or personal token), with the agent record that limits their sight.
    static func person(_ user: ConsoleUser, role: Role, store: SQLStore) async throws -> ServiceCaller {
        ServiceCaller(role: role, name: user.name, agent: try await store.serviceAgent(AgentID(rawValue: user.id)))
    }
}

/// The service desk's operations: every change commits, then is routed, timed and published live.
/// Controllers (API, chat, console) call these so that a case behaves the same whichever door it came through.
final class ServiceDesk: Sendable {
    static let policyDocument = "sla_policy"
    static let routingDocument = "routing_rules"
    static let settingsDocument = "service_settings"
    static let sourceName = "service desk"

    let store: SQLStore
    let hub = ServiceHub()
    private let validator: MessageValidator
    private let sourceID = Mutex<SourceID?>(nil)
    private let logger = Logger(label: "touchpoint.service")
    private let monitor = Mutex<Task<Void, Never>?>(nil)

    init(store: SQLStore, validator: MessageValidator) {
        self.store = store
        self.validator = validator
    }

    /// Makes sure the service desk's own source exists: the events cases add to timelines are recorded under it.
    func prepare() async throws {
        let source = try await store.internalSource(named: Self.sourceName)
        sourceID.withLock { $0 = source.id }
    }

    var timeline: ServiceTimelineSink {
        get throws {
            guard let id = sourceID.withLock({ $0 }) else { throw APIError(status: .serviceUnavailable, code: "not_ready", message: "the service desk is starting: try again in a moment") }
            return ServiceTimelineSink(sourceID: id, validator: validator)
        }
    }

    // MARK: Rules and settings

    /// Rule documents are read on every case opened: kept for a few seconds (and dropped on save) so the hot path does not re-read them.
    private let documents = Mutex<[String: (text: String?, until: UInt64)]>([:])

    private func document(_ name: String) async throws -> String? {
        let now = DispatchTime.now().uptimeNanoseconds
        if let hit = documents.withLock({ $0[name] }), hit.until > now { return hit.text }
        let text = try await store.serviceDocument(name)
        documents.withLock { $0[name] = (text, now + 5_000_000_000) }
        return text
    }

    func policy() async throws -> SLAPolicy {
        guard let text = try await document(Self.policyDocument),
              let policy = try? JSONDecoder().decode(SLAPolicy.self, from: Data(text.utf8)) else { return .standard }
        return policy
    }

    func routingRules() async throws -> [RoutingRule] {
        guard let text = try await document(Self.routingDocument),
              let rules = try? JSONDecoder().decode([RoutingRule].self, from: Data(text.utf8)) else { return [] }
        return rules.sorted { $0.position < $1.position }
    }

    func settings() async throws -> ServiceSettings {
        guard let text = try await document(Self.settingsDocument),
              let settings = try? JSONDecoder().decode(ServiceSettings.self, from: Data(text.utf8)) else { return ServiceSettings() }
        return settings
    }

    /// Saves a rule document; the change goes to the audit log with the document before and after.
    func save<T: Encodable>(_ value: T, as name: String, by request: Request?) async throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let before = try await store.serviceDocument(name)
        let text = String(decoding: try encoder.encode(value), as: UTF8.self)
        try await store.setServiceDocument(name, body: text)
        documents.withLock { $0[name] = nil }
        await request?.audit("service.\(name).replace", target: name, before: before.flatMap(JSONValue.parse), after: JSONValue.parse(text))
    }

    /// Replaces the SLA policy once its calendar and targets check out; running clocks are re-evaluated at once.
    /// The API and the console both save through here, so both refuse the same documents.
    func replacePolicy(_ policy: SLAPolicy, by request: Request?) async throws {
        do {
            try policy.calendar.validate()
            try policy.validate()
        } catch let error as ServiceRuleError {
            throw APIError(status: .unprocessableEntity, code: "invalid_calendar", message: "\(error)")
        }
        guard policy.atRiskFraction > 0, policy.atRiskFraction < 1 else {
            throw APIError(status: .unprocessableEntity, code: "invalid_policy", message: "\"atRiskFraction\" is between 0 and 1 (0.8 warns at 80 % of the target)")
        }
        try await save(policy, as: Self.policyDocument, by: request)
        try await evaluateSLA()
    }

    /// Replaces the routing rules: every rule must route to an existing team, and rule ids must be unique.
    func replaceRoutingRules(_ rules: [RoutingRule], by request: Request?) async throws {
        let teams = Set(try await store.teams().map(\.id))
        for rule in rules where !teams.contains(rule.teamID) {
            throw APIError(status: .unprocessableEntity, code: "unknown_team", message: "rule '\(rule.name)' routes to team '\(rule.teamID.rawValue)', which does not exist")
        }
        guard Set(rules.map(\.id)).count == rules.count else { throw APIError(status: .unprocessableEntity, code: "duplicate_rule", message: "two rules share an id") }
        try await save(rules, as: Self.routingDocument, by: request)
    }

    /// Replaces the settings: a re-contact window of up to 90 days and a default capacity of 1 to 100 cases.
    func replaceSettings(_ settings: ServiceSettings, by request: Request?) async throws {
        guard settings.recontactWindowHours > 0, settings.recontactWindowHours <= 24 * 90 else {
            throw APIError(status: .unprocessableEntity, code: "invalid_settings", message: "\"recontactWindowHours\" is between 0 and 2,160 (90 days)")
        }
        guard (1...100).contains(settings.defaultCapacity) else {
            throw APIError(status: .unprocessableEntity, code: "invalid_settings", message: "\"defaultCapacity\" is 1 to 100 cases")
        }
        try await save(settings, as: Self.settingsDocument, by: request)
    }

    // MARK: Cases

    /// Opens a case from any channel, routes it, and tells the agents who may see it.
    func open(_ new: NewCase, firstMessage: NewServiceMessage?, now: Date = Date()) async throws -> (ServiceCase, ServiceMessage?) {
        var (routed, message) = try await store.createCase(new, firstMessage: firstMessage, timeline: try timeline, routing: try await routing(), now: now)
        // A customer seen for the first time is linked to the profile their events created, at the end of the commit.
        if routed.profileID == nil, let linked = try await store.serviceCase(routed.id) { routed = linked }
        if let message { publish(message: message, of: routed) }
        publish(caseChanged: routed)
        return (routed, message)
    }

    /// Adds a message; a customer writing into a closed case re-opens it, an agent's reply answers it.
    func add(_ message: NewServiceMessage, to caseID: CaseID, now: Date = Date()) async throws -> (ServiceMessage, ServiceCase, Bool) {
        let before = try await store.serviceCase(caseID)
        var message = message
        if message.direction == .outbound, message.externalID == nil, let before, before.channel == .email {
            message.externalID = ServiceController.replyMessageID(before)
        }
        let (stored, serviceCase, created) = try await store.addMessage(message, to: caseID, timeline: try timeline, now: now)
        if created {
            publish(message: stored, of: serviceCase)
            if before?.status != serviceCase.status || before?.assigneeID != serviceCase.assigneeID { publish(caseChanged: serviceCase) }
            if before?.status.isActive == false, serviceCase.status.isActive, serviceCase.assigneeID == nil {
                _ = try await route(caseID, now: now)
            }
        }
        return (stored, serviceCase, created)
    }

    func changeStatus(_ caseID: CaseID, to status: CaseStatus, caller: ServiceCaller, now: Date = Date()) async throws -> ServiceCase {
        let changed = try await store.changeStatus(of: caseID, to: status, actor: caller.actorID, timeline: try timeline, now: now)
        publish(caseChanged: changed)
        if !status.isActive { await drainQueue(now: now) }
        return changed
    }

    func update(_ caseID: CaseID, _ update: CaseUpdate, now: Date = Date()) async throws -> ServiceCase {
        let changed = try await store.updateCase(caseID, update, now: now)
        publish(caseChanged: changed)
        return changed
    }

    func merge(_ duplicate: CaseID, into target: CaseID, caller: ServiceCaller, now: Date = Date()) async throws -> ServiceCase {
        let merged = try await store.mergeCase(duplicate, into: target, actor: caller.actorID, now: now)
        if let closed = try await store.serviceCase(duplicate) { publish(caseChanged: closed) }
        publish(caseChanged: merged)
        return merged
    }

    func recordCall(_ call: CallRecord, now: Date = Date()) async throws -> ServiceCase {
        let serviceCase = try await store.recordCall(call, timeline: try timeline, now: now)
        publish(caseChanged: serviceCase)
        return serviceCase
    }

    func rate(_ caseID: CaseID, score: Int, comment: String?, now: Date = Date()) async throws -> ServiceCase {
        let serviceCase = try await store.rateCase(caseID, score: score, comment: comment, timeline: try timeline, now: now)
        publish(caseChanged: serviceCase)
        return serviceCase
    }

    // MARK: Routing

    /// Routes a case by the rules: to a free agent now, or into the team's queue.
    @discardableResult
    func route(_ caseID: CaseID, now: Date = Date()) async throws -> ServiceCase {
        let before = try await store.serviceCase(caseID)
        let routed = try await store.routeCase(caseID, routing: try await routing(), now: now)
        if routed.assigneeID != before?.assigneeID || routed.teamID != before?.teamID { publish(caseChanged: routed) }
        return routed
    }

    func routing() async throws -> RoutingConfiguration {
        RoutingConfiguration(rules: try await routingRules(), defaultStrategy: try await settings().defaultStrategy)
    }

    /// Gives waiting cases to agents who have room, most urgent and oldest first.
    func drainQueue(now: Date = Date()) async {
        do {
            let queued = try await store.queuedCases()
            guard !queued.isEmpty else { return }
            let agents = try await store.serviceAgents()
            let rules = try await routingRules()
            let defaultStrategy = try await settings().defaultStrategy
            var queue = [QueuedCase]()
            for serviceCase in queued {
                let rule = TouchpointDomain.Router.matchingRule(for: try await routingRequest(for: serviceCase), rules: rules)
                queue.append(QueuedCase(caseID: serviceCase.id, teamID: serviceCase.teamID, priority: serviceCase.priority,
                                        queuedAt: serviceCase.queuedAt ?? serviceCase.createdAt, language: serviceCase.language,
                                        requiredSkills: serviceCase.requiredSkills, strategy: rule?.strategy ?? defaultStrategy))
            }
            let availability = agents.map(\.availability)
            for assignment in TouchpointDomain.Router.drain(queue: queue, agents: availability,
                                                            lastAssignedByTeam: TouchpointDomain.Router.lastAssignedByTeam(availability), now: now) {
                let assigned = try await store.assignCase(assignment.caseID, to: assignment.agentID, onlyIfWaiting: true, now: now)
                if assigned.assigneeID == assignment.agentID { publish(caseChanged: assigned) }
            }
        } catch {
            logger.warning("queue drain failed", metadata: ["error": "\(error)"])
        }
    }

    private func routingRequest(for serviceCase: ServiceCase) async throws -> RoutingRequest {
        var scores: CustomerScores?
        if let profile = serviceCase.profileID { scores = try await store.valueScores(of: profile) }
        return RoutingRequest(for: serviceCase, valueTier: scores?.valueTier.rawValue, clv: scores?.clv)
    }

    // MARK: SLA

    func clocks(for serviceCase: ServiceCase, now: Date = Date()) async throws -> [SLAClock] {
        guard let history = try await store.slaHistories([serviceCase])[serviceCase.id] else { return [] }
        return SLAEvaluator.clocks(for: history, policy: try await policy(), now: now)
    }

    /// Re-evaluates every running case's clocks: stores the worst state, raises at-risk and breach alerts once each.
    func evaluateSLA(now: Date = Date()) async throws {
        let active = try await store.activeCases()
        guard !active.isEmpty else { return }
        let policy = try await policy()
        let histories = try await store.slaHistories(active)
        for serviceCase in active {
            guard let history = histories[serviceCase.id] else { continue }
            let clocks = SLAEvaluator.clocks(for: history, policy: policy, now: now)
            let open = clocks.filter { $0.completedAt == nil }
            let worst = open.max { Self.severity($0.state) < Self.severity($1.state) }
            let due = open.compactMap(\.dueAt).min()
            if worst?.state != serviceCase.slaState || due != serviceCase.slaDueAt {
                try await store.setSLA(serviceCase.id, state: worst?.state, dueAt: due)
                var changed = serviceCase
                changed.slaState = worst?.state
                changed.slaDueAt = due
                if worst?.state != serviceCase.slaState { publish(caseChanged: changed) }
            }
            for clock in open where clock.state == .atRisk || clock.state == .breached {
                if let alert = try await store.raiseAlert(caseID: serviceCase.id, metric: clock.metric, state: clock.state, dueAt: clock.dueAt, now: now) {
                    publish(alert: alert, of: serviceCase)
                }
            }
        }
    }

    static func severity(_ state: SLAClockState) -> Int {
        switch state {
        case .achieved: return 0
        case .paused: return 1
        case .running: return 2
        case .missed: return 3
        case .atRisk: return 4
        case .breached: return 5
        }
    }

    /// Checks SLA clocks and the queue every `interval` seconds until stopped.
    func startMonitor(interval: Double = 30) {
        let task = Task { [weak self] in
            while !Task.isCancelled {
                guard let self else { return }
                do { try await self.evaluateSLA() } catch { self.logger.warning("SLA evaluation failed", metadata: ["error": "\(error)"]) }
                await self.drainQueue()
                try? await Task.sleep(for: .seconds(interval))
            }
        }
        monitor.withLock { $0 = task }
    }

    func stopMonitor() {
        monitor.withLock { $0?.cancel(); $0 = nil }
    }

    // MARK: Live updates, on this node and through PostgreSQL to the others

    private let nodeID = UUID().uuidString
    private let relay = Mutex<PostgresLiveRelay?>(nil)
    /// Notices leave in the order the changes happened.
    private let outbox = Mutex<AsyncStream<String>.Continuation?>(nil)

    func publish(message: ServiceMessage, of serviceCase: ServiceCase) {
        hub.publish(message: message, of: serviceCase)
        relayNotice(["kind": "message", "caseId": serviceCase.id.rawValue, "messageId": message.id])
    }

    func publish(caseChanged serviceCase: ServiceCase) {
        hub.publish(caseChanged: serviceCase)
        relayNotice(["kind": "case", "caseId": serviceCase.id.rawValue])
    }

    func publish(alert: SLAAlert, of serviceCase: ServiceCase) {
        hub.publish(alert: alert, of: serviceCase)
        relayNotice(["kind": "alert", "caseId": serviceCase.id.rawValue, "alertId": alert.id, "metric": alert.metric.rawValue,
                     "state": alert.state.rawValue, "at": Timestamps.format(alert.at), "dueAt": alert.dueAt.map(Timestamps.format) ?? ""])
    }

    private func relayNotice(_ fields: [String: String]) {
        var payload = fields
        payload["node"] = nodeID
        let text = JSONCodec.serialize(.object(payload.mapValues(JSONValue.string)))
        _ = outbox.withLock { $0?.yield(text) }
    }

    /// Joins the other nodes on the same PostgreSQL: changes made here are announced, and theirs delivered here.
    func startRelay(url: String, on eventLoop: any EventLoop) throws {
        let relay = try PostgresLiveRelay(url: url)
        let (stream, continuation) = AsyncStream<String>.makeStream(bufferingPolicy: .bufferingNewest(10_000))
        outbox.withLock { $0 = continuation }
        let store = self.store
        let logger = self.logger
        Task {
            for await notice in stream {
                do { try await store.notifyLive(notice) } catch { logger.warning("live notice not sent", metadata: ["error": "\(error)"]) }
            }
        }
        relay.start(on: eventLoop) { [weak self] payload in await self?.receive(payload) }
        self.relay.withLock { $0 = relay }
    }

    func stopRelay() {
        relay.withLock { $0?.stop(); $0 = nil }
        outbox.withLock { $0?.finish(); $0 = nil }
    }

    /// Another node's change: read it from the database and deliver it to the sockets held here.
    private func receive(_ payload: String) async {
        guard let notice = JSONValue.parse(payload), notice["node"]?.stringValue != nodeID,
              let caseID = notice["caseId"]?.stringValue,
              let serviceCase = try? await store.serviceCase(CaseID(rawValue: caseID)) else { return }
        switch notice["kind"]?.stringValue {
        case "message":
            if let id = notice["messageId"]?.stringValue, let message = try? await store.serviceMessage(id) {
                hub.publish(message: message, of: serviceCase)
            }
        case "case":
            hub.publish(caseChanged: serviceCase)
        case "alert":
            guard let id = notice["alertId"]?.stringValue, let metric = notice["metric"]?.stringValue.flatMap(SLAMetric.init(rawValue:)),
                  let state = notice["state"]?.stringValue.flatMap(SLAClockState.init(rawValue:)),
                  let at = notice["at"]?.stringValue.flatMap(Timestamps.parse) else { return }
            hub.publish(alert: SLAAlert(id: id, caseID: serviceCase.id, metric: metric, state: state,
                                        dueAt: notice["dueAt"]?.stringValue.flatMap(Timestamps.parse), at: at), of: serviceCase)
        default:
            break
        }
    }

    // MARK: Metrics

    /// Facts per case for the service metrics, with business-hour durations from the SLA policy's calendar.
    func facts(from: Date, to: Date) async throws -> [ServiceCaseFacts] {
        let calendar = try await policy().calendar
        return try await store.casesCreated(from: from, to: to).map { c in
            ServiceCaseFacts(caseID: c.id, profileID: c.profileID?.rawValue, agentID: c.assigneeID, teamID: c.teamID, channel: c.channel,
                             createdAt: c.createdAt, firstResponseAt: c.firstResponseAt, resolvedAt: c.resolvedAt, reopenCount: c.reopenCount,
                             csatScore: c.csatScore, handleSeconds: c.handleSeconds, agentReplies: c.agentReplies,
                             firstResponseBusinessSeconds: c.firstResponseAt.map { calendar.businessSeconds(from: c.createdAt, to: $0) },
                             resolutionBusinessSeconds: c.resolvedAt.map { calendar.businessSeconds(from: c.createdAt, to: $0) })
        }
    }

    /// SLA achievement over the cases created in a period.
    func achievement(from: Date, to: Date, now: Date = Date()) async throws -> [SLAAchievement] {
        let cases = try await store.casesCreated(from: from, to: to)
        let policy = try await policy()
        let histories = try await store.slaHistories(cases)
        var clocks = [SLAClock]()
        for serviceCase in cases {
            guard let history = histories[serviceCase.id] else { continue }
            clocks += SLAEvaluator.clocks(for: history, policy: policy, now: now).filter { $0.metric != .nextResponse }
            clocks += SLAEvaluator.nextResponseCycles(for: history, policy: policy, now: now)
        }
        return SLAReport.achievement(clocks)
    }
}

extension ServiceCaller {
    /// The timeline entries this actor may see (the service desk's events of cases they cannot see are left out).
    func visible(_ entries: [TimelineEntry], store: SQLStore) async throws -> [TimelineEntry] {
        guard let agent, !agent.seesEveryCase else { return entries }
        let ids = entries.compactMap { CaseSight.caseID(ofEventPayload: $0.payload) }
        guard !ids.isEmpty else { return entries }
        let cases = Dictionary(try await store.serviceCases(ids: ids).map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        return CaseSight.visible(entries, payload: \.payload, to: agent, cases: cases)
    }
}
