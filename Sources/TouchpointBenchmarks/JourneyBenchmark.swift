import Foundation
import Vapor
import AsyncHTTPClient
import Prometheus
import TouchpointDomain
import TouchpointStorage
import TouchpointWeb

/// The journey analytics benchmark: a fresh database filled with `events` events of `profiles` customers moving
/// through the six stages (through the normal commit path, no HTTP), the lifecycle projection brought up to date,
/// then the analytics endpoints timed over HTTP — they read incremental aggregates, never the log.
public struct JourneyBenchmark: Sendable {
    public var profiles: Int
    public var events: Int
    public var requests: Int

    public init(profiles: Int = 100_000, events: Int = 1_000_000, requests: Int = 50) {
        self.profiles = profiles
        self.events = events
        self.requests = requests
    }

    public struct Timing: Sendable {
        public var path: String
        public var first: Double
        public var p50: Double
        public var p99: Double

        /// A page's first request and the median and 99th percentile of its other samples (at least one).
        init(path: String, first: Double, others: [Double]) {
            let sorted = others.sorted()
            self.path = path
            self.first = first
            p50 = sorted[sorted.count / 2]
            p99 = sorted[min(sorted.count - 1, Int(Double(sorted.count) * 0.99))]
        }
    }

    public struct Report: Sendable {
        public var database: String
        public var events: Int
        public var profiles: Int
        public var loadSeconds: Double
        public var projectionSeconds: Double
        public var timings: [Timing]
    }

    public func run(on location: DatabaseLocation, log: @escaping @Sendable (String) -> Void) async throws -> Report {
        try await BenchmarkServer.run(on: location, writeKey: "bench") { app in
            let services = app.touchpoint

            // 1. The log: journeys of every depth, committed in groups like the collection path does.
            let source = try await services.store.createSource(name: "journey-bench").0
            let loadStarted = DispatchTime.now().uptimeNanoseconds
            var generator = SeededRandom(seed: 11)
            let perProfile = max(1, events / profiles)
            var pending = [InboundMessage]()
            var sent = 0
            let envelope = MessageValidator.Envelope(correctsClockSkew: false, receivedAt: Date())
            let start = Date().addingTimeInterval(-720 * 86400)
            for profile in 0..<profiles {
                for raw in Self.journey(profile: profile, events: perProfile, start: start, random: &generator) {
                    if case .success(let message) = services.validator.validate(raw, index: 0, envelope: envelope, makeID: { UUID().uuidString }) {
                        pending.append(message)
                    }
                }
                if pending.count >= 5000 || profile == profiles - 1 {
                    _ = try await services.store.ingest([IngestSubmission(sourceID: source.id, messages: pending)])
                    sent += pending.count
                    pending.removeAll(keepingCapacity: true)
                    if (profile + 1) % 10_000 == 0 { log("loaded \(sent) events of \(profile + 1) profiles") }
                }
            }
            let loadSeconds = Double(DispatchTime.now().uptimeNanoseconds - loadStarted) / 1e9

            // 2. The projection, from its checkpoint to the end of the log.
            let projectionStarted = DispatchTime.now().uptimeNanoseconds
            let folded = try await services.lifecycle.catchUp()
            let projectionSeconds = Double(DispatchTime.now().uptimeNanoseconds - projectionStarted) / 1e9
            log("projected \(folded) events in \(String(format: "%.1f", projectionSeconds)) s")

            // 3. The analytics over HTTP, as a client sees them.
            let port = try await BenchmarkServer.listen(app)
            let client = HTTPClient(eventLoopGroupProvider: .singleton)
            var timings = [Timing]()
            let day = DayKey.of(Date().addingTimeInterval(-365 * 86400))
            for path in ["/api/v1/journeys/funnel", "/api/v1/journeys/funnel?channel=web&from=\(day)", "/api/v1/journeys/report", "/api/v1/journeys/costs"] {
                timings.append(try await Self.time(path, label: path, port: port, times: requests, client: client,
                                                   header: ("Authorization", "Bearer \(BenchmarkServer.adminToken)")))
            }
            // The console pages, signed in, on the same data.
            let token = try await services.store.createSession(userID: try await services.store.users().first!.id)
            let someone = "journey-\(profiles / 2)"
            for path in ["/", "/profiles", "/profiles?q=journey-4242", "/profiles?q=kowalska", "/profiles/user_id:\(someone)", "/journeys", "/sources", "/settings"] {
                timings.append(try await Self.time(path, label: "console " + path, port: port, times: max(5, requests / 5), client: client,
                                                   header: ("Cookie", "tp_session=\(token)")))
            }
            try await client.shutdown()
            let storedProfiles = try await services.store.countProfiles()
            let storedEvents = try await services.store.countEvents()
            return Report(database: location.kindName, events: storedEvents, profiles: storedProfiles,
                          loadSeconds: loadSeconds, projectionSeconds: projectionSeconds, timings: timings)
        }
    }

    /// Requests a path `times` times; the first answer (cold) is reported apart from the percentiles of the rest.
    static func time(_ path: String, label: String, port: Int, times: Int, client: HTTPClient, header: (String, String)) async throws -> Timing {
        let samples = try await self.samples(path, port: port, times: times, client: client, header: header)
        return Timing(path: label, first: samples[0], others: Array(samples.dropFirst()))
    }

    /// Milliseconds of `times` requests for `path` sent one after another, each read whole; any answer but 200 fails.
    static func samples(_ path: String, port: Int, times: Int, client: HTTPClient, header: (String, String)) async throws -> [Double] {
        var samples = [Double]()
        for _ in 0..<times {
            var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)\(path)")
            request.headers.add(name: header.0, value: header.1)
            let sentAt = DispatchTime.now().uptimeNanoseconds
            let response = try await client.execute(request, timeout: .seconds(60))
            _ = try await response.body.collect(upTo: 16 << 20)
            guard response.status == .ok else { throw Abort(.internalServerError, reason: "\(path) answered \(response.status)") }
            samples.append(Double(DispatchTime.now().uptimeNanoseconds - sentAt) / 1e6)
        }
        return samples
    }

    /// One customer's events: a walk through the cycle that stops at a random depth, sometimes with a complaint.
    static func journey(profile: Int, events: Int, start: Date, random: inout SeededRandom) -> [JSONValue] {
        let steps: [(String, String)] = [
            ("Products Searched", "{}"), ("Promotion Viewed", "{}"), ("Product Viewed", "{}"), ("Product Added", "{}"),
            ("Checkout Started", "{}"), ("Order Completed", #"{"revenue":199}"#), ("Product Viewed", "{}"),
            ("Order Completed", #"{"revenue":89}"#), ("Survey Answered", #"{"score":10}"#), ("Product Shared", "{}"),
        ]
        let channels = ["web", "mobile", "email", "phone", "chat", "store"]
        let depth = 2 + Int(random.next() % UInt64(steps.count - 1))
        var time = start.addingTimeInterval(Double(random.next() % (600 * 86400)))
        var messages = [JSONValue]()
        for index in 0..<events {
            let step = index < depth ? steps[index] : (random.next() % 10 == 0 ? ("Complaint Filed", "{}") : ("Product Viewed", "{}"))
            time = time.addingTimeInterval(Double(3600 + random.next() % (7 * 86400)))
            messages.append(.object([
                "type": .string("track"), "userId": .string("journey-\(profile)"), "event": .string(step.0),
                "messageId": .string("journey-\(profile)-\(index)"),
                "timestamp": .string(Timestamps.format(time)),
                "properties": JSONValue.parse(step.1) ?? .object([:]),
                "context": .object(["channel": .string(channels[Int(random.next() % UInt64(channels.count))])]),
            ]))
        }
        return messages
    }
}
