import Foundation
import Vapor
import Prometheus
import Synchronization
import TouchpointDomain
import TouchpointStorage
import TouchpointWeb

/// The live chat load benchmark: a real server on a fresh database, concurrent visitors on the chat socket,
/// agents on the live socket answering each message as it arrives. Every message is committed (with its
/// timeline event) before it is delivered, so the delivery times include the commit.
public struct ChatBenchmark: Sendable {
    public var sessions: Int
    public var agents: Int
    public var messagesPerSession: Int
    /// Mean seconds between a visitor's messages (each wait is drawn from ±50 % around it).
    public var interval: Double
    public var seed: UInt64

    public init(sessions: Int = 200, agents: Int = 20, messagesPerSession: Int = 10, interval: Double = 3, seed: UInt64 = 11) {
        self.sessions = sessions
        self.agents = agents
        self.messagesPerSession = messagesPerSession
        self.interval = interval
        self.seed = seed
    }

    public struct Report: Sendable {
        public var database: String
        public var sessions: Int
        public var agents: Int
        public var customerMessages: Int
        public var replies: Int
        public var seconds: Double
        /// Visitor sends → the assigned agent's socket receives it (milliseconds).
        public var toAgent: [Double]
        /// Agent replies → the visitor's socket receives it.
        public var toCustomer: [Double]
        /// Visitor sends → the server acknowledges it as committed.
        public var acknowledged: [Double]
        public var lost: Int

        public static func percentile(_ values: [Double], _ p: Double) -> Double {
            guard !values.isEmpty else { return .nan }
            let sorted = values.sorted()
            return sorted[min(sorted.count - 1, Int(Double(sorted.count - 1) * p + 0.5))]
        }
    }

    private final class Clock: Sendable {
        let sent = Mutex<[String: UInt64]>([:])
        let toAgent = Mutex<[Double]>([])
        let toCustomer = Mutex<[Double]>([])
        let acknowledged = Mutex<[Double]>([])
        let replies = Mutex(0)

        static func now() -> UInt64 { DispatchTime.now().uptimeNanoseconds }

        func start(_ key: String) { let now = Self.now(); sent.withLock { $0[key] = now } }

        func elapsed(_ key: String) -> Double? {
            let now = Self.now()
            return sent.withLock { $0[key] }.map { Double(now - $0) / 1e6 }
        }
    }

    /// The upgrade callback can run just after `connect` returns: wait for it.
    private static func waitFor(_ slot: borrowing Mutex<WebSocket?>) async throws -> WebSocket {
        for _ in 0..<200 {
            if let socket = slot.withLock({ $0 }) { return socket }
            try await Task.sleep(for: .milliseconds(5))
        }
        throw Abort(.internalServerError, reason: "a socket did not finish its upgrade within a second")
    }

    public func run(on location: DatabaseLocation, log: @escaping @Sendable (String) -> Void) async throws -> Report {
        let writeKey = "bench-chat-write-key"
        return try await BenchmarkServer.run(on: location, writeKey: writeKey) { app in
            let port = try await BenchmarkServer.listen(app)
            log("server on 127.0.0.1:\(port), database \(location.kindName)")

            // Agents: online, room for every session between them.
            let store = app.touchpoint.store
            let capacity = max(1, (sessions + agents - 1) / agents + 1)
            var tokens = [(AgentID, String)]()
            for index in 0..<agents {
                let user = try await store.createUser(email: "agent\(index)@bench.local", name: "Agent \(index)", passwordHash: "-", role: .agent)
                let id = AgentID(rawValue: user.id)
                _ = try await store.updateAgent(id, AgentUpdate(presence: .online, capacity: capacity))
                tokens.append((id, try await store.createToken(forUser: user.id, name: "bench")))
            }
            let group = app.eventLoopGroup
            let clock = Clock()

            // Agent sockets: the assigned agent answers every customer message at once.
            var agentSockets = [WebSocket]()
            for (id, token) in tokens {
                let ready = Mutex<WebSocket?>(nil)
                var headers = HTTPHeaders()
                headers.bearerAuthorization = BearerAuthorization(token: token)
                try await WebSocket.connect(to: "ws://127.0.0.1:\(port)/api/v1/service/live", headers: headers, on: group) { socket in
                    ready.withLock { $0 = socket }
                    socket.onText { socket, text in
                        guard let frame = try? JSONCodec.parse(Array(text.utf8)), frame["type"]?.stringValue == "message",
                              frame["assigneeId"]?.stringValue == id.rawValue,
                              let message = frame["message"], message["direction"]?.stringValue == "inbound",
                              let clientID = message["clientId"]?.stringValue, let caseID = frame["caseId"]?.stringValue else { return }
                        guard let latency = clock.elapsed(clientID) else { return }
                        clock.toAgent.withLock { $0.append(latency) }
                        clock.start("r-" + clientID)
                        socket.send(JSONCodec.serialize(.object(["type": .string("reply"), "caseId": .string(caseID),
                                                                 "body": .string("Dziękujemy, sprawdzamy to."), "clientId": .string("r-" + clientID)])))
                    }
                }.get()
                agentSockets.append(try await Self.waitFor(ready))
            }
            log("\(agentSockets.count) agents connected")

            // Visitor sockets.
            var visitorSockets = [WebSocket]()
            guard let source = try await store.source(forWriteKey: writeKey) else { throw Abort(.internalServerError, reason: "the bench source is missing") }
            for _ in 0..<sessions {
                let token = app.touchpoint.chatTokens.issue(sourceID: source.id).token
                let ready = Mutex<WebSocket?>(nil)
                try await WebSocket.connect(to: "ws://127.0.0.1:\(port)/chat/socket?key=\(writeKey)&token=\(token)", on: group) { socket in
                    ready.withLock { $0 = socket }
                    socket.onText { _, text in
                        guard let frame = try? JSONCodec.parse(Array(text.utf8)), let type = frame["type"]?.stringValue else { return }
                        if type == "ack", let clientID = frame["clientId"]?.stringValue, let latency = clock.elapsed(clientID) {
                            clock.acknowledged.withLock { $0.append(latency) }
                        } else if type == "message", let message = frame["message"], message["direction"]?.stringValue == "outbound",
                                  let clientID = message["clientId"]?.stringValue, let latency = clock.elapsed(clientID) {
                            clock.toCustomer.withLock { $0.append(latency) }
                            clock.replies.withLock { $0 += 1 }
                        }
                    }
                }.get()
                visitorSockets.append(try await Self.waitFor(ready))
            }
            log("\(visitorSockets.count) chat sessions connected; each sends \(messagesPerSession) messages, about one every \(interval) s")

            let started = Clock.now()
            let expected = visitorSockets.count * messagesPerSession
            try await withThrowingTaskGroup(of: Void.self) { tasks in
                for (index, socket) in visitorSockets.enumerated() {
                    let seed = self.seed &+ UInt64(index)
                    let interval = self.interval
                    let count = messagesPerSession
                    tasks.addTask {
                        var random = SeededRandom(seed: seed)
                        // Sessions start spread over one interval, as real visitors arrive.
                        try await Task.sleep(for: .milliseconds(Int(random.unit() * interval * 1000)))
                        for message in 0..<count {
                            let clientID = "c-\(index)-\(message)"
                            clock.start(clientID)
                            try await socket.send(JSONCodec.serialize(.object(["type": .string("message"), "clientId": .string(clientID),
                                                                               "body": .string("Dzień dobry, pytanie o zamówienie nr \(index * 100 + message)")])))
                            try await Task.sleep(for: .milliseconds(Int(interval * (0.5 + random.unit()) * 1000)))
                        }
                    }
                }
                try await tasks.waitForAll()
            }
            // Let the last replies arrive.
            let deadline = Clock.now() + 10_000_000_000
            while clock.replies.withLock({ $0 }) < expected, Clock.now() < deadline { try await Task.sleep(for: .milliseconds(50)) }
            let seconds = Double(Clock.now() - started) / 1e9
            for socket in visitorSockets + agentSockets { try? await socket.close() }

            let report = Report(database: location.kindName, sessions: visitorSockets.count, agents: agentSockets.count, customerMessages: expected,
                                replies: clock.replies.withLock { $0 }, seconds: seconds, toAgent: clock.toAgent.withLock { $0 },
                                toCustomer: clock.toCustomer.withLock { $0 }, acknowledged: clock.acknowledged.withLock { $0 },
                                lost: expected - clock.replies.withLock { $0 })
            return report
        }
    }
}
