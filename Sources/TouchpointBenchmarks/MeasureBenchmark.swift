import Foundation
import AsyncHTTPClient
import TouchpointApp
import TouchpointDomain
import TouchpointStorage
import TouchpointWeb

/// The measurement benchmark: a fresh database with `events` events of `profiles` customers (the journey benchmark's
/// walks through the cycle: orders, answers, complaints on every channel), a year of service cases with replies,
/// resolutions and calls, self-service searches, and the projections brought up to date; then the CX pyramid and the
/// channel page timed over HTTP, for 30 days and for a year. The limit is 300 ms.
public struct MeasureBenchmark: Sendable {
    public struct Report: Sendable {
        public var database: String
        public var events: Int
        public var profiles: Int
        public var cases: Int
        public var loadSeconds: Double
        public var projectionSeconds: Double
        public var timings: [JourneyBenchmark.Timing]
    }

    public var profiles: Int
    public var events: Int
    public var cases: Int
    public var requests: Int

    public init(profiles: Int = 100_000, events: Int = 1_000_000, cases: Int = 10_000, requests: Int = 20) {
        self.profiles = profiles
        self.events = events
        self.cases = cases
        self.requests = requests
    }

    public func run(on location: DatabaseLocation, log: @escaping @Sendable (String) -> Void) async throws -> Report {
        try await BenchmarkServer.run(on: location, writeKey: "bench") { app in
            let services = app.touchpoint
            services.selfService.stop()
            services.decisions.stop()
            let now = Date()
            // A kept file that is already loaded is reused: only the pages are timed again.
            let loaded = try await services.store.countEvents() > 0
            var loadSeconds = 0.0, projectionSeconds = 0.0
            if !loaded {
            let source = try await services.store.createSource(name: "measure-bench").0
            let loadStarted = DispatchTime.now().uptimeNanoseconds
            var random = SeededRandom(seed: 17)

            // 1. The log: the journey benchmark's walks (orders, answers, complaints) plus help-centre searches.
            let perProfile = max(1, events / profiles)
            let envelope = MessageValidator.Envelope(correctsClockSkew: false, receivedAt: now)
            let start = now.addingTimeInterval(-400 * 86_400)
            var pending = [InboundMessage]()
            var sent = 0
            for profile in 0..<profiles {
                var raws = JourneyBenchmark.journey(profile: profile, events: perProfile, start: start, random: &random)
                if random.next() % 10 == 0, let first = raws.first?.objectValue?["timestamp"]?.stringValue {
                    raws[0] = .object([
                        "type": .string("track"), "userId": .string("journey-\(profile)"), "event": .string(SelfServiceEvent.searched),
                        "messageId": .string("search-\(profile)"), "timestamp": .string(first),
                        "properties": .object(["query": .string("zwrot"), "results": .number(Double(random.next() % 4))]),
                    ])
                }
                for raw in raws {
                    if case .success(let message) = services.validator.validate(raw, index: 0, envelope: envelope, makeID: { UUID().uuidString }) {
                        pending.append(message)
                    }
                }
                if pending.count >= 5_000 || profile == profiles - 1 {
                    _ = try await services.store.ingest([IngestSubmission(sourceID: source.id, messages: pending)])
                    sent += pending.count
                    pending.removeAll(keepingCapacity: true)
                    if (profile + 1) % 20_000 == 0 { log("loaded \(sent) events of \(profile + 1) profiles") }
                }
            }

            // 2. A year of cases on every channel: most answered and resolved, some re-contacts, calls on the phone.
            // Planned first (one seeded generator), then replayed by eight workers so their writes share commits.
            struct PlannedCase: Sendable {
                var index: Int, opened: Date, channel: Channel, person: String, origin: CaseOrigin
                var wait: Double, abandoned: Bool, replied: Bool, resolved: Bool
            }
            let channels: [Channel] = [.email, .chat, .phone, .web, .mobile, .social, .store]
            let plan = (0..<cases).map { index in
                PlannedCase(index: index, opened: now.addingTimeInterval(-Double(random.next() % (365 * 86_400))),
                            channel: channels[Int(random.next() % UInt64(channels.count))], person: "journey-\(Int(random.next() % UInt64(profiles)))",
                            origin: random.next() % 12 == 0 ? .proactive : .customer, wait: Double(30 + random.next() % 20_000),
                            abandoned: random.next() % 8 == 0, replied: random.next() % 10 != 0, resolved: random.next() % 5 != 0)
            }
            let desk = services.serviceDesk
            let caller = ServiceCaller(role: .admin, name: "Bench", agent: nil)
            let workers = 8
            try await withThrowingTaskGroup(of: Void.self) { group in
                for worker in 0..<workers {
                    group.addTask {
                        for planned in plan where planned.index % workers == worker {
                            let (serviceCase, _) = try await desk.open(
                                NewCase(customer: CustomerContact(userId: planned.person), channel: planned.channel, subject: "Case \(planned.index)", origin: planned.origin),
                                firstMessage: NewServiceMessage(direction: .inbound, authorName: "Customer", body: "Help"), now: planned.opened)
                            if planned.channel == .phone {
                                _ = try await desk.recordCall(CallRecord(id: "call-\(planned.index)", caseID: serviceCase.id, direction: .inbound, phone: nil, agentID: nil,
                                                                         startedAt: planned.opened, waitSeconds: planned.abandoned ? 90 : 40,
                                                                         talkSeconds: planned.abandoned ? 0 : 300, wrapSeconds: planned.abandoned ? 0 : 60,
                                                                         outcome: planned.abandoned ? "abandoned" : "resolved"),
                                                              now: planned.opened.addingTimeInterval(400))
                            } else if planned.replied {
                                _ = try await desk.add(NewServiceMessage(direction: .outbound, authorName: "Agent", body: "On it"), to: serviceCase.id,
                                                       now: planned.opened.addingTimeInterval(planned.wait))
                            }
                            if planned.resolved {
                                _ = try await desk.changeStatus(serviceCase.id, to: .resolved, by: caller, now: planned.opened.addingTimeInterval(planned.wait + 600))
                            }
                            if worker == 0, planned.index % 2_000 < workers { log("opened about \(planned.index) cases") }
                        }
                    }
                }
                try await group.waitForAll()
            }
            loadSeconds = Double(DispatchTime.now().uptimeNanoseconds - loadStarted) / 1e9

            // 3. The projections the pages read, from their checkpoints to the end of the log.
            let projectionStarted = DispatchTime.now().uptimeNanoseconds
            _ = try await services.lifecycle.catchUp()
            _ = try await services.feedback.catchUp(now: now)
            _ = try await services.selfService.catchUp()
            try await services.measure.catchUp(now: now)
            projectionSeconds = Double(DispatchTime.now().uptimeNanoseconds - projectionStarted) / 1e9
            log("projections up to date in \(String(format: "%.1f", projectionSeconds)) s")
            }

            // 4. The pages over HTTP, as a client sees them.
            let port = try await BenchmarkServer.listen(app)
            let client = HTTPClient(eventLoopGroupProvider: .singleton)
            let yearAgo = DayKey.of(now.addingTimeInterval(-365 * 86_400)), tomorrow = DayKey.of(now.addingTimeInterval(86_400))
            let paths = ["/api/v1/cx/pyramid", "/api/v1/cx/pyramid?from=\(yearAgo)&to=\(tomorrow)", "/api/v1/cx/pyramid?channel=email",
                         "/api/v1/cx/channels", "/api/v1/cx/channels?from=\(yearAgo)&to=\(tomorrow)"]
            let header = ("Authorization", "Bearer \(BenchmarkServer.adminToken)")
            // Each page's first request the moment the server listens, while the start's work still runs; the steady
            // state once that work is done (a server restarts rarely and runs for weeks).
            var firsts = [Double]()
            for path in paths { firsts.append(try await JourneyBenchmark.samples(path, port: port, times: 1, client: client, header: header)[0]) }
            let settling = DispatchTime.now().uptimeNanoseconds
            await services.measure.startUpWorkDone()
            log("the start's work done \(String(format: "%.1f", Double(DispatchTime.now().uptimeNanoseconds - settling) / 1e9)) s after the first requests")
            var timings = [JourneyBenchmark.Timing]()
            for (path, first) in zip(paths, firsts) {
                let steady = try await JourneyBenchmark.samples(path, port: port, times: requests, client: client, header: header)
                timings.append(JourneyBenchmark.Timing(path: path, first: first, others: steady))
            }
            try await client.shutdown()
            return Report(database: location.kindName, events: try await services.store.countEvents(),
                          profiles: try await services.store.countProfiles(), cases: cases,
                          loadSeconds: loadSeconds, projectionSeconds: projectionSeconds, timings: timings)
        }
    }
}
