import Foundation
import Tagged
import TouchpointDomain

// The service desk's storage, as narrow protocols. `ServiceDesk` is their only caller; `SQLStore` (TouchpointStorage)
// implements them on SQLite and PostgreSQL, and the tests' in-memory repositories implement them without a database.
//
// A write takes the case's id and the time, and runs one rule of `ServiceCase+Rules.swift` inside one transaction:
// the repository loads, the rule decides, the repository saves the case, its history and its timeline events.

/// Cases, their conversations, calls, status history and SLA alerts.
public protocol CaseRepository: Sendable {
    /// The root cause recorded when a follow-up of feedback was closed.
    func rootCause(of caseID: CaseID) async throws -> String?
    func setRootCause(_ cause: String, of caseID: CaseID) async throws
    func serviceCase(_ id: CaseID) async throws -> ServiceCase?
    func serviceCase(number: Int64) async throws -> ServiceCase?
    /// The open conversation on a channel thread (an e-mail thread, a chat visitor).
    func serviceCase(threadKey: String) async throws -> ServiceCase?
    /// The case holding a message with this channel id (an e-mail's Message-ID).
    func serviceCase(messageExternalID: String) async throws -> ServiceCase?
    func serviceCases(ids: [CaseID]) async throws -> [ServiceCase]
    func cases(_ filter: CaseFilter) async throws -> [ServiceCase]
    func countCases(_ filter: CaseFilter) async throws -> Int
    func casesCreated(from: Date, to: Date) async throws -> [ServiceCase]
    func activeCases() async throws -> [ServiceCase]
    func queuedCases() async throws -> [ServiceCase]

    func messages(of caseID: CaseID, after sequence: Int64?, includeNotes: Bool) async throws -> [ServiceMessage]
    func serviceMessage(_ id: String) async throws -> ServiceMessage?
    func attachment(_ id: String) async throws -> (info: AttachmentInfo, caseID: CaseID, content: Data)?
    func statusChanges(of caseID: CaseID) async throws -> [CaseStatusChange]
    func calls(of caseID: CaseID) async throws -> [CallRecord]
    func slaHistories(_ cases: [ServiceCase]) async throws -> [CaseID: SLACaseHistory]

    /// `ServiceCase.open`, then the first message's `receive`, then routing when `routing` is given.
    func createCase(_ new: NewCase, firstMessage: NewServiceMessage?, timeline: ServiceTimelineSink, routing: RoutingConfiguration?,
                    now: Date) async throws -> (ServiceCase, ServiceMessage?)
    /// `ServiceCase.receive`, returning the case after and before; a message whose `clientID` the case already holds comes
    /// back with `created` false.
    func addMessage(_ new: NewServiceMessage, to caseID: CaseID, timeline: ServiceTimelineSink, now: Date) async throws
        -> (message: ServiceMessage, serviceCase: ServiceCase, previous: ServiceCase, created: Bool)
    /// `ServiceCase.move`.
    func changeStatus(of caseID: CaseID, to status: CaseStatus, actor: String, timeline: ServiceTimelineSink, now: Date) async throws -> ServiceCase
    /// `ServiceCase.edit`.
    func updateCase(_ caseID: CaseID, _ update: CaseUpdate, now: Date) async throws -> ServiceCase
    /// `ServiceCase.edit` with an assignee; with `onlyIfWaiting`, a case someone took meanwhile is left as it is.
    func assignCase(_ caseID: CaseID, to agentID: AgentID, teamID: TeamID??, priority: CasePriority?, onlyIfWaiting: Bool, now: Date) async throws -> ServiceCase
    /// `ServiceCase.absorb`, moving the duplicate's messages, attachments and calls.
    func mergeCase(_ duplicateID: CaseID, into targetID: CaseID, actor: String, now: Date) async throws -> ServiceCase
    /// `ServiceCase.record`.
    func recordCall(_ call: CallRecord, timeline: ServiceTimelineSink, now: Date) async throws -> ServiceCase
    /// Adds what `ServiceCase.countableHandleTime` counts, atomically (concurrent replies each add theirs).
    func addHandleTime(_ caseID: CaseID, seconds: Double) async throws
    /// `ServiceCase.rate`.
    func rateCase(_ caseID: CaseID, score: Int, comment: String?, timeline: ServiceTimelineSink, now: Date) async throws -> ServiceCase
    /// Routes an active case again by `Router.route` and `ServiceCase.apply(_:at:)`.
    func routeCase(_ caseID: CaseID, routing: RoutingConfiguration, now: Date) async throws -> ServiceCase
    /// The worst SLA state and next due moment, as last evaluated (for lists and sorting).
    func setSLA(_ caseID: CaseID, state: SLAClockState?, dueAt: Date?) async throws
    /// Raises an at-risk or breach alert once per case, metric and state; nil when it was raised before.
    func raiseAlert(caseID: CaseID, metric: SLAMetric, state: SLAClockState, dueAt: Date?, now: Date) async throws -> SLAAlert?
    func alerts(limit: Int) async throws -> [SLAAlert]
}

/// Agents and teams.
public protocol ServicePeopleRepository: Sendable {
    func serviceAgents() async throws -> [ServiceAgent]
    func serviceAgent(_ id: AgentID) async throws -> ServiceAgent?
    func updateAgent(_ id: AgentID, _ update: AgentUpdate, now: Date) async throws -> ServiceAgent
    func teams() async throws -> [ServiceTeam]
    func team(_ id: TeamID) async throws -> ServiceTeam?
    func createTeam(name: String, now: Date) async throws -> ServiceTeam
    func setTeamMembers(_ teamID: TeamID, members: [AgentID]) async throws
}

/// The desk's rule documents (SLA policy, routing rules, settings) as JSON text, and what else it reads: its own
/// timeline source and the value scores routing looks at.
public protocol ServiceSetupRepository: Sendable {
    func serviceDocument(_ name: String) async throws -> String?
    func setServiceDocument(_ name: String, body: String, now: Date) async throws
    /// A source the server itself writes under, made on first use.
    func internalSource(named name: String) async throws -> SourceRecord
    func valueScores(of profile: ProfileID) async throws -> CustomerScores?
}

/// Everything the service desk stores.
public typealias ServiceRepositories = CaseRepository & ServicePeopleRepository & ServiceSetupRepository
