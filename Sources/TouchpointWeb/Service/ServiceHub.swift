import Foundation
import Tagged
import Synchronization
import TouchpointDomain

/// Live delivery for the service desk: chat visitors get their conversation's messages, and agents get every
/// change to cases they may see. Sockets register a send function; the hub decides who receives what.
///
/// One node delivers to the sockets it holds. Several nodes on one PostgreSQL relay every change to each other through
/// LISTEN/NOTIFY (`PostgresLiveRelay`), so a socket hears about a change whichever node handled it.
final class ServiceHub: Sendable {
    typealias Send = @Sendable (String) -> Void

    struct AgentSubscription: Sendable {
        /// nil: a credential that sees every case (admin token).
        var agent: ServiceAgent?
        var send: Send
    }

    private struct State {
        var visitors: [CaseID: [UUID: Send]] = [:]
        var visitorsByKey: [String: [UUID: Send]] = [:]
        var agents: [UUID: AgentSubscription] = [:]
    }

    private let state = Mutex(State())

    /// A chat visitor's socket, attached to its thread key (the conversation may not have a case yet).
    func addVisitor(threadKey: String, id: UUID, send: @escaping Send) {
        state.withLock { $0.visitorsByKey[threadKey, default: [:]][id] = send }
    }

    func removeVisitor(threadKey: String, id: UUID) {
        state.withLock { state in
            state.visitorsByKey[threadKey]?[id] = nil
            if state.visitorsByKey[threadKey]?.isEmpty == true { state.visitorsByKey[threadKey] = nil }
        }
    }

    func addAgent(id: UUID, subscription: AgentSubscription) {
        state.withLock { $0.agents[id] = subscription }
    }

    func removeAgent(id: UUID) {
        state.withLock { _ = $0.agents.removeValue(forKey: id) }
    }

    var connectedVisitors: Int { state.withLock { $0.visitorsByKey.values.reduce(0) { $0 + $1.count } } }
    var connectedAgents: Int { state.withLock { $0.agents.count } }

    /// A message of a case: to the customer's chat (never internal notes) and to agents who may see the case.
    func publish(message: ServiceMessage, of serviceCase: ServiceCase) {
        let text = JSONCodec.serialize(ServiceLiveEvent.message(message, of: serviceCase))
        let (visitors, agents) = recipients(for: serviceCase)
        if message.direction != .note {
            for send in visitors { send(text) }
        }
        for send in agents { send(text) }
    }

    /// A change to a case (status, assignment, priority, SLA state): to agents who may see it, and the status to the customer's chat.
    func publish(caseChanged serviceCase: ServiceCase) {
        let (visitors, agents) = recipients(for: serviceCase)
        let agentText = JSONCodec.serialize(ServiceLiveEvent.caseChanged(serviceCase))
        for send in agents { send(agentText) }
        let visitorText = JSONCodec.serialize(.object(["type": .string("status"), "status": .string(serviceCase.status.rawValue),
                                                       "caseNumber": .number(Double(serviceCase.number))]))
        for send in visitors { send(visitorText) }
    }

    /// An SLA alert: to agents who may see the case.
    func publish(alert: SLAAlert, of serviceCase: ServiceCase) {
        let (_, agents) = recipients(for: serviceCase)
        let text = JSONCodec.serialize(ServiceLiveEvent.alert(alert, of: serviceCase))
        for send in agents { send(text) }
    }

    private func recipients(for serviceCase: ServiceCase) -> (visitors: [Send], agents: [Send]) {
        state.withLock { state in
            var visitors = [Send]()
            if let key = serviceCase.threadKey, let sockets = state.visitorsByKey[key] { visitors = Array(sockets.values) }
            let agents = state.agents.values.filter { $0.agent?.canSee(serviceCase) ?? true }.map(\.send)
            return (visitors, agents)
        }
    }
}

/// The JSON the live sockets carry.
enum ServiceLiveEvent {
    static func message(_ message: ServiceMessage, of serviceCase: ServiceCase) -> JSONValue {
        .object([
            "type": .string("message"),
            "caseId": .string(serviceCase.id.rawValue),
            "caseNumber": .number(Double(serviceCase.number)),
            "assigneeId": .optional(serviceCase.assigneeID?.rawValue),
            "message": ServiceDTO.message(message),
        ])
    }

    static func caseChanged(_ serviceCase: ServiceCase) -> JSONValue {
        .object(["type": .string("case"), "case": ServiceDTO.summary(serviceCase)])
    }

    static func alert(_ alert: SLAAlert, of serviceCase: ServiceCase) -> JSONValue {
        .object(["type": .string("sla_alert"), "alert": ServiceDTO.alert(alert, caseNumber: serviceCase.number)])
    }
}
