import Foundation
import Logging
import Synchronization
import Tagged
import TouchpointDomain

/// The service desk's one door. The API, the console, the live sockets and the demo all call it, so a case behaves the
/// same whichever way it came in: every change commits through the repositories (where a rule of
/// `ServiceCase+Rules.swift` decides), then the case is routed, its clocks re-evaluated and the change published live.
///
/// It knows nothing of HTTP: refusals are `ServiceRuleError` and `ServiceDeskError`, which the web layer turns into
/// answers in one place.
public final class ServiceDesk: Sendable {
    public static let policyDocument = "sla_policy"
    public static let routingDocument = "routing_rules"
    public static let settingsDocument = "service_settings"
    public static let sourceName = "service desk"

    let repositories: any ServiceRepositories
    let live: any ServiceLiveFeed
    private let validator: MessageValidator
    private let sourceID = Mutex<SourceID?>(nil)
    let logger = Logger(label: "touchpoint.service")
    private let monitor = RepeatingWork(name: "the SLA check and queue", logger: Logger(label: "touchpoint.service.monitor"))
    /// Rule documents are read on every case opened: kept for 5 s (and dropped on save) so the hot path does not re-read them.
    let documents = ExpiringCache<String, String?>(lifetime: 5_000_000_000)
    /// Where an agent's reply on an e-mail case goes out; without it replies are only stored.
    let outbox: (any MailOutboxRepository)?

    public init(repositories: any ServiceRepositories, validator: MessageValidator, live: any ServiceLiveFeed = SilentLiveFeed(),
                outbox: (any MailOutboxRepository)? = nil) {
        self.repositories = repositories
        self.validator = validator
        self.live = live
        self.outbox = outbox
    }

    /// Makes sure the service desk's own source exists: the events cases add to timelines are recorded under it.
    public func prepare() async throws {
        let source = try await repositories.internalSource(named: Self.sourceName)
        sourceID.withLock { $0 = source.id }
    }

    /// Where cases' timeline events go.
    public var timeline: ServiceTimelineSink {
        get throws {
            guard let id = sourceID.withLock({ $0 }) else { throw ServiceDeskError.notReady }
            return ServiceTimelineSink(sourceID: id, validator: validator)
        }
    }

    // MARK: Cases

    /// Opens a case from any channel, routes it, and tells the agents who may see it.
    public func open(_ new: NewCase, firstMessage: NewServiceMessage?, now: Date = Date()) async throws -> (ServiceCase, ServiceMessage?) {
        var (routed, message) = try await repositories.createCase(new, firstMessage: firstMessage, timeline: try timeline,
                                                                  routing: try await routing(), now: now)
        // A customer seen for the first time is linked to the profile their events created, at the end of the commit.
        if routed.profileID == nil, let linked = try await repositories.serviceCase(routed.id) { routed = linked }
        if let message { live.publish(message: message, of: routed) }
        live.publish(caseChanged: routed)
        return (routed, message)
    }

    /// Adds a message (`ServiceCase.receive`: a customer writing into a solved case re-opens it, an agent's reply answers
    /// it); a re-opened case with nobody on it is routed again. An agent's reply may bring its measured handle time.
    public func add(_ message: NewServiceMessage, to caseID: CaseID, handleSeconds: Double? = nil, now: Date = Date()) async throws
        -> (ServiceMessage, ServiceCase, Bool) {
        let (stored, serviceCase, before, created) = try await repositories.addMessage(message, to: caseID, timeline: try timeline, now: now)
        guard created else { return (stored, serviceCase, created) }
        _ = try await addHandleTime(caseID, seconds: handleSeconds)
        try await mailReply(stored, of: serviceCase, now: now)
        live.publish(message: stored, of: serviceCase)
        if before.status != serviceCase.status || before.assigneeID != serviceCase.assigneeID { live.publish(caseChanged: serviceCase) }
        if !before.status.isActive, serviceCase.status.isActive, serviceCase.assigneeID == nil {
            _ = try await route(caseID, now: now)
        }
        return (stored, serviceCase, created)
    }

    /// Adds measured working time to a case; false when `ServiceCase.countableHandleTime` does not count it.
    public func addHandleTime(_ caseID: CaseID, seconds: Double?) async throws -> Bool {
        guard let seconds = ServiceCase.countableHandleTime(seconds) else { return false }
        try await repositories.addHandleTime(caseID, seconds: seconds)
        return true
    }

    /// Moves a case to another status (`ServiceCase.move`); a case leaving an agent's hands frees room for the queue.
    /// A follow-up of feedback (origin `feedback`) is resolved or closed only with its root cause (`RootCause`), so the
    /// loop's report can say what went wrong.
    public func changeStatus(_ caseID: CaseID, to status: CaseStatus, by caller: ServiceCaller, rootCause: String? = nil,
                             now: Date = Date()) async throws -> ServiceCase {
        if status == .resolved || status == .closed, let serviceCase = try await repositories.serviceCase(caseID), serviceCase.origin == .feedback {
            if let rootCause, !rootCause.isEmpty {
                guard RootCause(rawValue: rootCause) != nil else {
                    throw ServiceRuleError.invalid("rootCause must be one of \(RootCause.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                try await repositories.setRootCause(rootCause, of: caseID)
            } else if try await repositories.rootCause(of: caseID) == nil {
                throw ServiceRuleError.invalid("a follow-up of customer feedback is resolved with its root cause: send rootCause, one of "
                                               + RootCause.allCases.map(\.rawValue).joined(separator: ", "))
            }
        }
        let changed = try await repositories.changeStatus(of: caseID, to: status, actor: caller.actorID, timeline: try timeline, now: now)
        live.publish(caseChanged: changed)
        if !status.isActive { await drainQueue(now: now) }
        return changed
    }

    /// Changes a case's fields (`ServiceCase.edit`).
    public func update(_ caseID: CaseID, _ update: CaseUpdate, now: Date = Date()) async throws -> ServiceCase {
        let changed = try await repositories.updateCase(caseID, update, now: now)
        live.publish(caseChanged: changed)
        return changed
    }

    /// Merges a duplicate into the case it repeats (`ServiceCase.absorb`).
    public func merge(_ duplicate: CaseID, into target: CaseID, by caller: ServiceCaller, now: Date = Date()) async throws -> ServiceCase {
        let merged = try await repositories.mergeCase(duplicate, into: target, actor: caller.actorID, now: now)
        if let closed = try await repositories.serviceCase(duplicate) { live.publish(caseChanged: closed) }
        live.publish(caseChanged: merged)
        return merged
    }

    /// Records a phone call on its case (`ServiceCase.record`).
    public func recordCall(_ call: CallRecord, now: Date = Date()) async throws -> ServiceCase {
        let serviceCase = try await repositories.recordCall(call, timeline: try timeline, now: now)
        live.publish(caseChanged: serviceCase)
        return serviceCase
    }

    /// The customer's satisfaction answer (`ServiceCase.rate`).
    public func rate(_ caseID: CaseID, score: Int, comment: String?, now: Date = Date()) async throws -> ServiceCase {
        let serviceCase = try await repositories.rateCase(caseID, score: score, comment: comment, timeline: try timeline, now: now)
        live.publish(caseChanged: serviceCase)
        return serviceCase
    }

    // MARK: Routing

    /// Routes a case by the rules: to a free agent now, or into the team's queue.
    @discardableResult
    public func route(_ caseID: CaseID, now: Date = Date()) async throws -> ServiceCase {
        let before = try await repositories.serviceCase(caseID)
        let routed = try await repositories.routeCase(caseID, routing: try await routing(), now: now)
        if routed.assigneeID != before?.assigneeID || routed.teamID != before?.teamID { live.publish(caseChanged: routed) }
        return routed
    }

    public func routing() async throws -> RoutingConfiguration {
        RoutingConfiguration(rules: try await routingRules(), defaultStrategy: try await settings().defaultStrategy)
    }

    /// Gives waiting cases to agents who have room, most urgent and oldest first.
    public func drainQueue(now: Date = Date()) async {
        do {
            let queued = try await repositories.queuedCases()
            guard !queued.isEmpty else { return }
            let agents = try await repositories.serviceAgents()
            let rules = try await routingRules()
            let defaultStrategy = try await settings().defaultStrategy
            var queue = [QueuedCase]()
            for serviceCase in queued {
                let rule = Router.matchingRule(for: try await routingRequest(for: serviceCase), rules: rules)
                queue.append(QueuedCase(caseID: serviceCase.id, teamID: serviceCase.teamID, priority: serviceCase.priority,
                                        queuedAt: serviceCase.queuedAt ?? serviceCase.createdAt, language: serviceCase.language,
                                        requiredSkills: serviceCase.requiredSkills, strategy: rule?.strategy ?? defaultStrategy))
            }
            let availability = agents.map(\.availability)
            for assignment in Router.drain(queue: queue, agents: availability, lastAssignedByTeam: Router.lastAssignedByTeam(availability), now: now) {
                let assigned = try await repositories.assignCase(assignment.caseID, to: assignment.agentID, teamID: nil, priority: nil,
                                                                 onlyIfWaiting: true, now: now)
                if assigned.assigneeID == assignment.agentID { live.publish(caseChanged: assigned) }
            }
        } catch {
            logger.warning("queue drain failed", metadata: ["error": "\(error)"])
        }
    }

    private func routingRequest(for serviceCase: ServiceCase) async throws -> RoutingRequest {
        var scores: CustomerScores?
        if let profile = serviceCase.profileID { scores = try await repositories.valueScores(of: profile) }
        return RoutingRequest(for: serviceCase, valueTier: scores?.valueTier.rawValue, clv: scores?.clv)
    }

    // MARK: Monitor

    /// Checks SLA clocks and the queue every `interval` seconds until stopped; of several nodes on one database, the
    /// one holding the work's lease does it.
    public func startMonitor(interval: Double = 30) {
        monitor.start(every: .milliseconds(Int64(interval * 1_000)), lease: repositories as? any WorkLease) { [weak self] in
            guard let self else { return }
            do { try await self.evaluateSLA() } catch { self.logger.warning("SLA evaluation failed", metadata: ["error": "\(error)"]) }
            await self.drainQueue()
        }
    }

    public func stopMonitor() {
        monitor.stop()
    }
}
