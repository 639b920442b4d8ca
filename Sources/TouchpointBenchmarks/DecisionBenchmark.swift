import Foundation
import AsyncHTTPClient
import Synchronization
import Vapor
import TouchpointApp
import TouchpointDomain
import TouchpointStorage
import TouchpointWeb

/// The decisions benchmark: a real server on a fresh database with `profiles` people (orders over the last 150 days),
/// `segments` segments and `actions` actions; then, over HTTP from `clients` concurrent callers, `/health` and
/// `POST /api/v1/decisions` each for `seconds` (in turns of two seconds) with the callers back to back (the limit: at least a third of `/health`'s
/// throughput), then decisions from the same callers at a third of `/health`'s rate (the limit: p99 under 10 ms), and the segment projection's delay while events arrive at `eventsPerSecond`
/// (the limit: a person's membership updated within 1 s of their event).
public struct DecisionBenchmark: Sendable {
    public struct Load: Sendable {
        public var requests: Int
        public var seconds: Double
        public var p50: Double
        public var p99: Double
        public var failures: Int
        public var perSecond: Double { Double(requests) / seconds }
        /// Every request's latency in ms.
        var latencies: [Double] = []
        /// When each request was sent (its planned moment when paced), in seconds from the load's start, in the order of `latencies`.
        var moments: [Double] = []
        /// Processor time used during the load (this process, which also sends the requests, and PostgreSQL's).
        var processorTime: ProcessorTime?

        /// Milliseconds of processor time a request, this process's and PostgreSQL's.
        public var processorPerRequest: (own: Double, database: Double)? {
            guard let processorTime, requests > 0 else { return nil }
            return (processorTime.own * 1_000 / Double(requests), processorTime.database * 1_000 / Double(requests))
        }

        /// Where the requests over 10 ms fell: spread out they are queueing, bunched in a few 100 ms windows they are
        /// the server stalling.
        var slowestMoments: String {
            guard moments.count == latencies.count else { return "(moments not recorded)" }
            let slow = zip(moments, latencies).filter { $0.1 > 10 }
            guard !slow.isEmpty else { return "no request over 10 ms" }
            let windows = Dictionary(grouping: slow) { Int($0.0 * 10) }
            let worst = windows.sorted { $0.value.count > $1.value.count }.prefix(4).map { window, requests in
                String(format: "%d from %.1f s (up to %.0f ms)", requests.count, Double(window) / 10, requests.map(\.1).max() ?? 0)
            }
            return "\(slow.count) requests over 10 ms in \(windows.count) windows of 100 ms; the most in one: \(worst.joined(separator: ", "))"
        }

        /// Several runs of the same load as one.
        static func merging(_ parts: [Load]) -> Load {
            let latencies = parts.flatMap(\.latencies)
            let times = parts.compactMap(\.processorTime)
            return Load(requests: latencies.count, seconds: parts.map(\.seconds).reduce(0, +), p50: Report.percentile(latencies, 0.5),
                        p99: Report.percentile(latencies, 0.99), failures: parts.map(\.failures).reduce(0, +), latencies: latencies,
                        processorTime: times.count == parts.count ? times.reduce(.zero, +) : nil)
        }
    }

    public struct Report: Sendable {
        public var database: String
        public var profiles: Int
        public var segments: Int
        public var actions: Int
        public var loadSeconds: Double
        public var firstEvaluationSeconds: Double
        public var memberships: Int
        public var health: Load
        /// Callers back to back: the most the server answers.
        public var decisions: Load
        /// Callers sending at a third of `/health`'s rate between them, each call at its planned moment.
        public var pacedDecisions: Load
        public var pacedRate: Double
        public var eventsSent: Int
        public var eventSeconds: Double
        public var delays: [Double]
        public var delayP50: Double { Self.percentile(delays, 0.5) }
        public var delayP99: Double { Self.percentile(delays, 0.99) }
        public var delayMax: Double { delays.max() ?? 0 }

        /// What the processors allow, whatever the callers: the ratio of decisions to `/health` if every processor
        /// were busy all the time, and about how busy the paced rate keeps them at a decision's back-to-back cost
        /// (queueing grows fast past ~75 %). Nil where processor time cannot be read.
        public var processorBound: (ratio: Double, pacedBusyShare: Double)? {
            guard let health = health.processorPerRequest, let decision = decisions.processorPerRequest else { return nil }
            let perDecision = decision.own + decision.database
            return ((health.own + health.database) / perDecision,
                    pacedRate * perDecision / 1_000 / Double(ProcessInfo.processInfo.activeProcessorCount))
        }

        static func percentile(_ values: [Double], _ share: Double) -> Double {
            let sorted = values.sorted()
            guard !sorted.isEmpty else { return 0 }
            return sorted[min(sorted.count - 1, Int(Double(sorted.count) * share))]
        }
    }

    public let profiles: Int
    public let segments: Int
    public let actions: Int
    public let clients: Int
    public let seconds: Double
    public let eventsPerSecond: Int

    public init(profiles: Int, segments: Int, actions: Int, clients: Int, seconds: Double, eventsPerSecond: Int) {
        self.profiles = profiles
        self.segments = segments
        self.actions = actions
        self.clients = clients
        self.seconds = seconds
        self.eventsPerSecond = eventsPerSecond
    }

    static let categories = ["tv", "soundbar", "laptop", "phone", "fridge", "washer", "headphones", "console"]
    static let cities = ["Warszawa", "Kraków", "Gdańsk", "Wrocław", "Poznań", "Łódź"]

    public func run(on location: DatabaseLocation, log: @escaping @Sendable (String) -> Void) async throws -> Report {
        try await BenchmarkServer.run(on: location, writeKey: "bench") { app in
            let services = app.touchpoint
            services.decisions.stop()
            let store = services.store
            let now = Date()

            // People and their orders, straight into the ingest path (identity resolution, profiles, the log).
            let started = DispatchTime.now().uptimeNanoseconds
            var random = SeededRandom(seed: 13)
            let validator = MessageValidator()
            let source = try await store.internalSource(named: "Benchmark").id
            var batch = [InboundMessage]()
            for person in 0..<profiles {
                var messages: [JSONValue] = [.object([
                    "type": .string("identify"), "userId": .string("b\(person)"), "messageId": .string("bench-id-\(person)"),
                    "timestamp": .string(Timestamps.format(now.addingTimeInterval(-160 * 86_400))),
                    "traits": .object(["city": .string(Self.cities[person % Self.cities.count]), "language": .string(["pl", "en", "ru"][person % 3]),
                                       "timezone": .string("Europe/Warsaw")]),
                ])]
                for order in 0..<(1 + Int(random.next() % 3)) {
                    messages.append(.object([
                        "type": .string("track"), "userId": .string("b\(person)"), "event": .string("Order Completed"),
                        "messageId": .string("bench-order-\(person)-\(order)"),
                        "timestamp": .string(Timestamps.format(now.addingTimeInterval(-Double(random.next() % (150 * 86_400))))),
                        "properties": .object(["category": .string(Self.categories[Int(random.next() % UInt64(Self.categories.count))]),
                                               "revenue": .number(Double(100 + random.next() % 4_000))]),
                    ]))
                }
                for message in messages {
                    if case .success(let valid) = validator.validate(message, index: 0, envelope: .init(correctsClockSkew: false, receivedAt: now),
                                                                     makeID: { TimeOrderedID.make(at: now) }) {
                        batch.append(valid)
                    }
                }
                if batch.count >= 2_000 || person == profiles - 1 {
                    _ = try await store.ingest([IngestSubmission(sourceID: source, messages: batch)], now: now)
                    batch.removeAll(keepingCapacity: true)
                    if (person + 1) % 20_000 == 0 { log("stored \(person + 1) people") }
                }
            }
            let loadSeconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9

            // The catalogue: segments by what people bought and where they live, actions of every kind.
            let desk = services.decisions
            var segmentIDs = [SegmentID]()
            for index in 0..<segments {
                let category = Self.categories[index % Self.categories.count]
                let id = SegmentID(rawValue: "bench-\(index)")
                var conditions: [SegmentCondition] = [.history(.did("Order Completed", where: [PropertyCondition("category", .equals, .string(category))],
                                                                    withinDays: Double(30 + 30 * (index % 5))))]
                if index >= Self.categories.count {
                    conditions.append(try SegmentCondition.parsing("traits.city == \(Self.cities[index % Self.cities.count])"))
                }
                try await desk.saveSegment(SegmentDefinition(id: id, name: "Bench segment \(index)", allOf: conditions))
                segmentIDs.append(id)
            }
            for index in 0..<actions {
                let kind = ActionKind.allCases[index % ActionKind.allCases.count]
                let channels: [TouchpointDomain.Channel] = index % 3 == 0 ? [.web, .email] : index % 3 == 1 ? [.web] : [.web, .mobile, .phone]
                let eligibility = index % 4 == 3 ? ActionEligibility.everyone : ActionEligibility(segments: [segmentIDs[index % segmentIDs.count]])
                let definition = ActionDefinition(
                    id: ActionID(rawValue: "bench-action-\(index)"), name: "Bench action \(index)", kind: kind, channels: channels,
                    texts: [.pl: ActionText(title: "Oferta \(index)", body: "Treść \(index)"), .en: ActionText(title: "Offer \(index)", body: "Text \(index)")],
                    eligibility: eligibility, value: index % 2 == 0 ? .fixed(Double(10 + index)) : .expression(ValueExpression("0.05 * clv + \(index)")),
                    caps: ActionCaps(perPersonPerDay: 2, perPersonPerWeek: 5), controlGroupPercent: kind.isPromotional ? 5 : 0)
                try await desk.saveAction(definition)
            }
            log("catalogue: \(segments) segments, \(actions) actions; evaluating everyone")
            let evaluationStarted = DispatchTime.now().uptimeNanoseconds
            try await desk.segments.catchUp()
            let firstEvaluationSeconds = Double(DispatchTime.now().uptimeNanoseconds - evaluationStarted) / 1e9
            let memberships = try await store.memberCounts().values.reduce(0, +)
            log("segments evaluated for everyone in \(String(format: "%.1f", firstEvaluationSeconds)) s: \(memberships) memberships")
            let split = desk.segments.timingsSoFar
            log(String(format: "  of which reading facts and evaluating %.1f s, storing %.1f s (%d people)", split.readAndEvaluateSeconds, split.storeSeconds, split.people))

            // One caller in process, no HTTP: what a decision costs by itself, and its storage reads apart.
            var sequential = [Double](), reads = [Double]()
            for index in 0..<200 {
                let reference = "user_id:b\((index * 7_919) % profiles)"
                let readStarted = DispatchTime.now().uptimeNanoseconds
                if let id = try await store.resolveProfileID(reference: reference) {
                    _ = try await store.facts(of: [id], historyEvents: try await desk.catalogue.current().needs.historyEvents, now: Date())
                    _ = try await store.offerHistory(of: id, since: Date().addingTimeInterval(-14 * 86_400))
                }
                reads.append(Double(DispatchTime.now().uptimeNanoseconds - readStarted) / 1e6)
                let started = DispatchTime.now().uptimeNanoseconds
                _ = try await desk.decide(reference: reference, channel: .web, placement: nil, limit: 3)
                sequential.append(Double(DispatchTime.now().uptimeNanoseconds - started) / 1e6)
            }
            log("in process, one caller: a decision p50 \(String(format: "%.2f", Report.percentile(sequential, 0.5))) ms (its reads p50 \(String(format: "%.2f", Report.percentile(reads, 0.5))) ms)")
            let port = try await BenchmarkServer.listen(app)
            var configuration = HTTPClient.Configuration()
            configuration.connectionPool = .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: clients)
            let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
            defer { _ = client.shutdown() }
            let bearer = "Bearer \(BenchmarkServer.adminToken)"
            let people = profiles
            // Warm the connections and caches.
            _ = try await load(client: client, seconds: 1) { _ in Self.get("http://127.0.0.1:\(port)/health") }
            let channels = ["web", "web", "email", "mobile", "phone"]
            let decision = { @Sendable (counter: Int) -> HTTPClientRequest in
                var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)/api/v1/decisions")
                request.method = .POST
                request.headers.add(name: "Authorization", value: bearer)
                request.headers.add(name: "Content-Type", value: "application/json")
                let person = Int(UInt64(truncatingIfNeeded: counter &* 2_654_435_761) % UInt64(people))
                request.body = .bytes(Array(#"{"profile":"user_id:b\#(person)","channel":"\#(channels[counter % channels.count])","limit":3}"#.utf8))
                return request
            }
            // The two loads take turns, two seconds each: the server's background work (the log's checkpoints, the
            // projections catching up on the people just stored) then weighs on both alike.
            var healthParts = [Load](), decisionParts = [Load]()
            let turns = max(1, Int((seconds / 2).rounded()))
            for _ in 0..<turns {
                healthParts.append(try await load(client: client, seconds: seconds / Double(turns)) { _ in Self.get("http://127.0.0.1:\(port)/health") })
                decisionParts.append(try await load(client: client, seconds: seconds / Double(turns), decision))
            }
            let health = Load.merging(healthParts), decisions = Load.merging(decisionParts)
            log("/health: \(Int(health.perSecond)) requests/s; decisions: \(Int(decisions.perSecond)) requests/s, p99 \(String(format: "%.2f", decisions.p99)) ms")
            let pacedRate = health.perSecond / 3
            let writerBeforePaced = store.sqliteWriterUsage
            let stepsBeforePaced = desk.stepTimings.soFar
            let paced = try await load(client: client, seconds: seconds, perSecond: pacedRate, decision)
            let pacedSteps = desk.stepTimings.soFar.since(stepsBeforePaced)
            log("decisions at \(Int(pacedRate))/s: \(Int(paced.perSecond)) answered a second, p99 \(String(format: "%.2f", paced.p99)) ms")
            log("  the slowest: \(paced.slowestMoments)")
            log("  \(Self.describe(pacedSteps))")
            if let writerBeforePaced, let used = store.sqliteWriterUsage?.since(writerBeforePaced) { log("  the SQLite writer meanwhile: \(used.summary)") }

            // Membership delay: events over HTTP at the target rate while the projection runs as in production. The
            // probe segment is created first, over HTTP, and evaluated for everyone before the stream starts: what is
            // measured is a new event's way into a segment, not a new segment's first evaluation.
            try await createProbeSegment(client: client, port: port)
            try await desk.segments.catchUp()
            let before = desk.segments.timingsSoFar
            let writerBefore = store.sqliteWriterUsage
            desk.segments.start(every: .milliseconds(100))
            log("sending \(eventsPerSecond) events a second for 10 s")
            // The stream comes from many senders at once, as from many devices and servers, not through the decision
            // callers' 16 connections: a batch waiting for its answer must not hold back the batches due after it.
            var streamConfiguration = HTTPClient.Configuration()
            streamConfiguration.connectionPool = .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: 64)
            let streamClient = HTTPClient(eventLoopGroupProvider: .singleton, configuration: streamConfiguration)
            defer { _ = streamClient.shutdown() }
            let (sent, eventSeconds, probes) = try await sendEvents(client: streamClient, port: port, people: people, now: Date())
            try await Task.sleep(for: .seconds(2))
            desk.segments.stop()
            let after = desk.segments.timingsSoFar
            log(String(format: "while events arrived: %d people evaluated in %d rounds, %d entries and exits; reading facts and evaluating %.1f s, storing %.1f s",
                       after.people - before.people, after.rounds - before.rounds, after.transitions - before.transitions,
                       after.readAndEvaluateSeconds - before.readAndEvaluateSeconds, after.storeSeconds - before.storeSeconds))
            if let writerBefore, let used = store.sqliteWriterUsage?.since(writerBefore) {
                log("  the SQLite writer meanwhile: \(used.summary)")
                log(String(format: "  pages written: %.1f an event; the rounds' %d, collection's %d",
                           Double(used.pagesWritten) / Double(max(1, sent)), used.derivedPagesWritten, used.pagesWritten - used.derivedPagesWritten))
            }
            var delays = [Double]()
            for probe in probes {
                guard let profile = try await store.resolveProfileID(reference: "user_id:\(probe.user)") else { continue }
                let entries = try await store.timeline(profile, limit: 20, before: nil).entries
                let entered = entries.filter { $0.name == "Segment Entered" && $0.payload["properties"]?["segment_id"]?.stringValue == "bench-probe" }
                guard let received = entries.first(where: { $0.messageID == probe.messageID })?.receivedAt, let at = entered.map(\.receivedAt).min() else {
                    delays.append(.infinity)
                    continue
                }
                delays.append(at.timeIntervalSince(received))
            }
            return Report(database: location.kindName, profiles: profiles, segments: segments, actions: actions, loadSeconds: loadSeconds,
                          firstEvaluationSeconds: firstEvaluationSeconds, memberships: memberships, health: health, decisions: decisions,
                          pacedDecisions: paced, pacedRate: pacedRate, eventsSent: sent, eventSeconds: eventSeconds, delays: delays)
        }
    }

    static func get(_ url: String) -> HTTPClientRequest { HTTPClientRequest(url: url) }

    /// The steps of the decisions in `steps` as the server timed them: the callers' time is these and the queues around.
    static func describe(_ steps: DecisionStepTimings.Snapshot) -> String {
        let parts = DecisionStepTimings.Step.allCases.compactMap { step -> String? in
            guard let p50 = steps.percentile(step, 0.5), let p99 = steps.percentile(step, 0.99) else { return nil }
            return String(format: "%@ p50 %.2f, p99 %.2f ms", "\(step)", p50, p99)
        }
        return "in the server (each step to a tenth): " + parts.joined(separator: "; ")
    }

    /// `clients` callers send requests for `seconds`; latencies in ms.
    ///
    /// Without `perSecond` each caller sends its next request as soon as the last is answered: the most the server
    /// does. With it the callers share a timetable of `perSecond` requests a second, each caller taking every
    /// `clients`-th slot; a request's latency counts from its planned moment, so a late answer also delays the
    /// caller's next request in the figures, as it would for the page or agent waiting on it.
    func load(client: HTTPClient, seconds: Double, perSecond: Double? = nil, _ make: @escaping @Sendable (Int) -> HTTPClientRequest) async throws -> Load {
        let counter = BatchCounter()
        let clients = self.clients
        let deadline = DispatchTime.now().uptimeNanoseconds + UInt64(seconds * 1e9)
        let started = DispatchTime.now().uptimeNanoseconds
        let processorBefore = ProcessorTime.now()
        let results = try await withThrowingTaskGroup(of: ([Double], [Double], Int).self) { group in
            for caller in 0..<clients {
                group.addTask {
                    var latencies = [Double](), moments = [Double](), failures = 0
                    var slot = caller
                    while DispatchTime.now().uptimeNanoseconds < deadline {
                        var sent = DispatchTime.now().uptimeNanoseconds
                        if let perSecond {
                            let planned = started + UInt64(Double(slot) / perSecond * 1e9)
                            slot += clients
                            guard planned < deadline else { break }
                            if planned > sent { try await Task.sleep(nanoseconds: planned - sent) }
                            sent = planned
                        }
                        let request = make(counter.take())
                        let response = try await client.execute(request, timeout: .seconds(30))
                        _ = try await response.body.collect(upTo: 1 << 20)
                        latencies.append(Double(DispatchTime.now().uptimeNanoseconds - sent) / 1e6)
                        moments.append(Double(sent - started) / 1e9)
                        if response.status != .ok { failures += 1 }
                    }
                    return (latencies, moments, failures)
                }
            }
            var all = ([Double](), [Double](), 0)
            for try await (latencies, moments, failures) in group { all.0 += latencies; all.1 += moments; all.2 += failures }
            return all
        }
        let elapsed = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
        let processorTime = processorBefore.flatMap { before in ProcessorTime.now().map { $0 - before } }
        return Load(requests: results.0.count, seconds: elapsed, p50: Report.percentile(results.0, 0.5), p99: Report.percentile(results.0, 0.99),
                    failures: results.2, latencies: results.0, moments: results.1, processorTime: processorTime)
    }

    /// Sends Order Completed events at `eventsPerSecond` for 10 s in batches of 50 (one batch every 10 ms); one event of
    /// every batch is a probe person's first order of a `probe` product, which puts them in the `bench-probe` segment.
    func sendEvents(client: HTTPClient, port: Int, people: Int, now: Date) async throws -> (Int, Double, [(user: String, messageID: String)]) {
        let perBatch = 50
        let batches = max(1, eventsPerSecond * 10 / perBatch)
        let interval = 10.0 / Double(batches)
        let authorization = "Basic " + Data("bench:".utf8).base64EncodedString()
        let probes = Mutex<[(user: String, messageID: String)]>([])
        let started = DispatchTime.now().uptimeNanoseconds
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<batches {
                let due = started + UInt64(Double(index) * interval * 1e9)
                let current = DispatchTime.now().uptimeNanoseconds
                if due > current { try await Task.sleep(nanoseconds: due - current) }
                var events = [JSONValue]()
                for slot in 0..<perBatch {
                    let isProbe = slot == 0
                    let user = isProbe ? "probe-\(index)" : "b\((index * perBatch + slot) % people)"
                    let messageID = "bench-live-\(index)-\(slot)"
                    events.append(.object(["type": .string("track"), "userId": .string(user), "event": .string("Order Completed"), "messageId": .string(messageID),
                                           "properties": .object(["category": .string(isProbe ? "probe" : Self.categories[slot % Self.categories.count])])]))
                    if isProbe { probes.withLock { $0.append((user, messageID)) } }
                }
                let body = Array(JSONCodec.serialize(.object(["batch": .array(events)])).utf8)
                group.addTask {
                    var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)/v1/batch")
                    request.method = .POST
                    request.headers.add(name: "Content-Type", value: "application/json")
                    request.headers.add(name: "Authorization", value: authorization)
                    request.body = .bytes(body)
                    let response = try await client.execute(request, timeout: .seconds(30))
                    _ = try await response.body.collect(upTo: 1 << 20)
                }
            }
            try await group.waitForAll()
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
        return (batches * perBatch, seconds, probes.withLock { $0 })
    }

    /// The probe segment, created over HTTP like a manager would.
    private func createProbeSegment(client: HTTPClient, port: Int) async throws {
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)/api/v1/segments")
        request.method = .POST
        request.headers.add(name: "Authorization", value: "Bearer \(BenchmarkServer.adminToken)")
        request.headers.add(name: "Content-Type", value: "application/json")
        request.body = .bytes(Array(#"{"id":"bench-probe","name":"Bought a probe","conditions":[{"all":[{"did":"Order Completed","where":["category == probe"],"withinDays":30}]}]}"#.utf8))
        let response = try await client.execute(request, timeout: .seconds(30))
        _ = try await response.body.collect(upTo: 1 << 20)
        guard response.status == .created || response.status == .ok else { throw Abort(.internalServerError, reason: "the probe segment answered \(response.status)") }
    }
}
