import Foundation
import Logging
import NIOCore
import Synchronization
import TouchpointApp
import TouchpointDomain
import TouchpointStorage

/// The service desk's live feed: every change goes to the sockets on this node (`ServiceHub`) and, on PostgreSQL,
/// through LISTEN/NOTIFY to the other nodes, which read the change from the database and deliver it to theirs.
final class ServiceBroadcast: ServiceLiveFeed {
    let hub = ServiceHub()
    private let store: SQLStore
    private let logger = Logger(label: "touchpoint.service.live")
    private let nodeID = UUID().uuidString
    private let relay = Mutex<PostgresLiveRelay?>(nil)
    /// Notices leave in the order the changes happened.
    private let outbox = Mutex<AsyncStream<String>.Continuation?>(nil)

    init(store: SQLStore) {
        self.store = store
    }

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
}
