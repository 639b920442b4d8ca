import Foundation
import Vapor
import AsyncHTTPClient
import Prometheus
import Synchronization
import TouchpointDomain
import TouchpointStorage
import TouchpointWeb

/// The ingestion benchmark: a real server on a fresh database, real HTTP from concurrent clients, identity
/// resolution live; then, in the same run and the same database, the raw insert rate of the same rows (the limit).
public struct IngestBenchmark: Sendable {
    public var events: Int
    public var batchSize: Int
    public var clients: Int
    public var knownUsers: Int
    public var seed: UInt64

    public init(events: Int = 200_000, batchSize: Int = 100, clients: Int = 32, knownUsers: Int = 20_000, seed: UInt64 = 7) {
        self.events = events
        self.batchSize = batchSize
        self.clients = clients
        self.knownUsers = knownUsers
        self.seed = seed
    }

    public struct Report: Sendable {
        public var database: String
        public var events: Int
        public var stored: Int
        public var seconds: Double
        public var p50: Double
        public var p99: Double
        /// The limit: the stored rows inserted again, `batchSize` a transaction.
        public var rawSeconds: Double
        /// The earlier, easier form of the limit (every row under one profile), printed for comparison.
        public var appendSeconds: Double
        public var profiles: Int
        public var merges: Int
        /// Seconds spent inside commit transactions, and how many there were (from the server's own metrics).
        public var commitSeconds: Double
        public var commits: Int

        public var eventsPerSecond: Double { Double(events) / seconds }
        public var rawRowsPerSecond: Double { Double(stored) / rawSeconds }
        public var appendRowsPerSecond: Double { Double(events) / appendSeconds }
        public var ratio: Double { eventsPerSecond / rawRowsPerSecond }
    }

    /// Runs against `location`, which must be an empty database (it is filled).
    public func run(on location: DatabaseLocation, log: @escaping @Sendable (String) -> Void) async throws -> Report {
        let writeKey = "bench-write-key"
        return try await BenchmarkServer.run(on: location, writeKey: writeKey) { app in
            let port = try await BenchmarkServer.listen(app)
            log("server on 127.0.0.1:\(port), database \(location.kindName)")

            let bodies = makeBodies()
            log("generated \(bodies.count) batches of \(batchSize) (\(events) events, \(knownUsers) known users)")
            let (seconds, latencies, failures) = try await send(bodies, to: "http://127.0.0.1:\(port)/v1/batch", writeKey: writeKey)
            guard failures == 0 else { throw Abort(.internalServerError, reason: "\(failures) batches failed") }
            let store = app.touchpoint.store
            let stored = try await store.countEvents()
            let profiles = try await store.countProfiles()
            let merges = try await store.countMerges()
            let metrics = app.touchpoint.metrics.registry.emitToString()
            func metric(_ name: String) -> Double {
                metrics.split(separator: "\n").first { $0.hasPrefix(name + " ") }.flatMap { Double($0.split(separator: " ").last ?? "") } ?? 0
            }
            let commitSeconds = metric("touchpoint_ingest_commit_duration_seconds_sum")
            let commits = Int(metric("touchpoint_ingest_commit_duration_seconds_count"))

            // The limit: the same rows into the same database, one durable transaction per batch — the rows exactly as the
            // ingest stored them, each under its own profile.
            let rawSeconds = try await store.measureRawInsertsOfStoredEvents(batchSize: batchSize)
            // For comparison, the earlier form of the limit: the messages inserted with every row under one profile.
            let validator = MessageValidator()
            let envelope = MessageValidator.Envelope(receivedAt: Date())
            let batches: [[InboundMessage]] = bodies.map { body in
                (try? JSONCodec.parse(body))?["batch"]?.arrayValue?.compactMap {
                    try? validator.validate($0, index: 0, envelope: envelope, makeID: { UUID().uuidString }).get()
                } ?? []
            }
            let appendSeconds = try await store.measureRawEventInserts(batches: batches, source: SourceID(rawValue: "bench"), profile: ProfileID(rawValue: "bench"))
            let sorted = latencies.sorted()
            return Report(database: location.kindName, events: events, stored: stored, seconds: seconds,
                          p50: sorted[sorted.count / 2], p99: sorted[min(sorted.count - 1, Int(Double(sorted.count) * 0.99))],
                          rawSeconds: rawSeconds, appendSeconds: appendSeconds, profiles: profiles, merges: merges, commitSeconds: commitSeconds, commits: commits)
        }
    }

    /// A realistic mix: most messages from known users on their devices, anonymous visits, and identifies
    /// that join an earlier anonymous visitor to a known user (a merge).
    func makeBodies() -> [[UInt8]] {
        var random = SeededRandom(seed: seed)
        let events = ["Product Viewed", "Product Added", "Products Searched", "Checkout Started", "Order Completed", "Email Opened", "Call Completed"]
        let channels = ["web", "mobile", "email", "phone", "chat", "store"]
        var visitors = [Int]()
        var nextVisitor = 0
        var bodies = [[UInt8]]()
        let base = Date().addingTimeInterval(-3600)
        var sequence = 0
        for _ in 0..<(self.events / batchSize) {
            var batch = [JSONValue]()
            for _ in 0..<batchSize {
                sequence += 1
                let roll = random.next() % 100
                let timestamp = JSONValue.string(Timestamps.format(base.addingTimeInterval(Double(sequence) / 100)))
                var message: [String: JSONValue] = ["messageId": .string("bench-\(seed)-\(sequence)"), "timestamp": timestamp,
                                                    "context": .object(["library": .object(["name": .string("touchpoint-bench")])])]
                if roll < 85 {
                    let user = Int(random.next() % UInt64(knownUsers))
                    message["type"] = .string("track")
                    message["userId"] = .string("user-\(user)")
                    message["anonymousId"] = .string("device-\(user)")
                    message["event"] = .string(events[Int(random.next() % UInt64(events.count))])
                    message["properties"] = .object(["sku": .string("SKU-\(random.next() % 5000)"), "price": .number(Double(random.next() % 500000) / 100), "currency": .string("PLN")])
                    message["context"] = .object(["channel": .string(channels[Int(random.next() % UInt64(channels.count))]),
                                                  "library": .object(["name": .string("touchpoint-bench")])])
                } else if roll < 95 || visitors.isEmpty {
                    nextVisitor += 1
                    visitors.append(nextVisitor)
                    message["type"] = .string("page")
                    message["anonymousId"] = .string("visitor-\(nextVisitor)")
                    message["name"] = .string("Home")
                    message["properties"] = .object(["url": .string("https://shop.example/p/\(random.next() % 1000)")])
                } else {
                    let visitor = visitors.remove(at: Int(random.next() % UInt64(visitors.count)))
                    let user = Int(random.next() % UInt64(knownUsers))
                    message["type"] = .string("identify")
                    message["userId"] = .string("user-\(user)")
                    message["anonymousId"] = .string("visitor-\(visitor)")
                    message["traits"] = .object(["email": .string("user\(user)@example.com"), "name": .string("User \(user)")])
                }
                batch.append(.object(message))
            }
            bodies.append(Array(JSONCodec.serialize(.object(["batch": .array(batch), "sentAt": .string(Timestamps.format(Date()))])).utf8))
        }
        return bodies
    }

    private func send(_ bodies: [[UInt8]], to url: String, writeKey: String) async throws -> (Double, [Double], Int) {
        // One connection a client: AsyncHTTPClient's default of 8 a host would cap the concurrency.
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool = .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: clients)
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        let next = BatchCounter()
        let authorization = "Basic " + Data((writeKey + ":").utf8).base64EncodedString()
        let started = DispatchTime.now().uptimeNanoseconds
        let results = try await withThrowingTaskGroup(of: ([Double], Int).self) { group in
            for _ in 0..<clients {
                group.addTask {
                    var latencies = [Double]()
                    var failures = 0
                    while true {
                        let index = next.take()
                        guard index < bodies.count else { break }
                        var request = HTTPClientRequest(url: url)
                        request.method = .POST
                        request.headers.add(name: "Content-Type", value: "application/json")
                        request.headers.add(name: "Authorization", value: authorization)
                        request.body = .bytes(bodies[index])
                        let sent = DispatchTime.now().uptimeNanoseconds
                        let response = try await client.execute(request, timeout: .seconds(60))
                        _ = try await response.body.collect(upTo: 1 << 20)
                        latencies.append(Double(DispatchTime.now().uptimeNanoseconds - sent) / 1e6)
                        if response.status != .ok { failures += 1 }
                    }
                    return (latencies, failures)
                }
            }
            var all = ([Double](), 0)
            for try await (latencies, failures) in group {
                all.0 += latencies
                all.1 += failures
            }
            return all
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
        try await client.shutdown()
        return (seconds, results.0, results.1)
    }
}


/// Hands out batch indexes to the concurrent clients.
final class BatchCounter: Sendable {
    private let value = Mutex<Int>(0)
    func take() -> Int {
        value.withLock { current in
            defer { current += 1 }
            return current
        }
    }
}
