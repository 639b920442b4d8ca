import Foundation
import Logging
import Synchronization
import TouchpointDomain

/// Self-service's record: the help centre's and the assistant's Segment-style events go on the visitor's profile
/// under the "Help centre" source, a projection turns them into facts, and the report counts them (searches, content
/// gaps, views and votes, assistant conversations and hand-overs, verified self-service).
public final class SelfServiceDesk: Sendable {
    public static let sourceName = "Help centre"
    let repository: any KnowledgeRepository & ServiceSetupRepository
    let validator: MessageValidator
    private let sourceID = Mutex<SourceID?>(nil)
    private let running = Mutex(false)
    private let background = RepeatingWork(name: "the self-service projection", logger: Logger(label: "touchpoint.self-service"))

    public init(repository: any KnowledgeRepository & ServiceSetupRepository, validator: MessageValidator) {
        self.repository = repository
        self.validator = validator
    }

    /// Makes sure the help centre's source exists.
    public func prepare() async throws {
        let source = try await repository.internalSource(named: Self.sourceName)
        sourceID.withLock { $0 = source.id }
    }

    /// Who an event is about: a signed-in customer's user id, or the browser's anonymous id.
    public struct Visitor: Sendable {
        public var userId: String?
        public var anonymousId: String?
        public init(userId: String? = nil, anonymousId: String? = nil) { self.userId = userId; self.anonymousId = anonymousId }
    }

    /// An event to record: what, on whom, when.
    public struct Recorded: Sendable {
        public var name: String
        public var properties: [String: JSONValue]
        public var visitor: Visitor
        public var channel: Channel
        public var at: Date
        public init(name: String, properties: [String: JSONValue], visitor: Visitor, channel: Channel, at: Date) {
            self.name = name; self.properties = properties; self.visitor = visitor; self.channel = channel; self.at = at
        }
    }

    /// Records one event on the visitor's profile; committed when this returns.
    public func record(_ name: String, properties: [String: JSONValue], visitor: Visitor, channel: Channel = .web, now: Date = Date()) async throws {
        try await record([Recorded(name: name, properties: properties, visitor: visitor, channel: channel, at: now)])
    }

    /// Records events (in batches of 500 a transaction); committed when this returns.
    public func record(_ events: [Recorded]) async throws {
        if sourceID.withLock({ $0 }) == nil { try await prepare() }
        guard let source = sourceID.withLock({ $0 }) else { return }
        let sink = ServiceTimelineSink(sourceID: source, validator: validator)
        for start in stride(from: 0, to: events.count, by: 500) {
            let batch = events[start..<min(start + 500, events.count)].compactMap(Self.message)
            guard let last = events[start..<min(start + 500, events.count)].last else { continue }
            try await repository.recordEvents(batch, sink: sink, now: max(last.at, Date()))
        }
    }

    static func message(_ recorded: Recorded) -> JSONValue? {
        let visitor = recorded.visitor, name = recorded.name, properties = recorded.properties, channel = recorded.channel, now = recorded.at
        guard visitor.userId != nil || visitor.anonymousId != nil else { return nil }
        var event: [String: JSONValue] = [
            "type": .string("track"), "event": .string(name), "properties": .object(properties),
            "messageId": .string("self-service-" + UUID().uuidString.lowercased()), "timestamp": .string(Timestamps.format(now)),
            "context": .object(["channel": .string(channel.rawValue)]),
        ]
        if let userId = visitor.userId { event["userId"] = .string(userId) }
        if let anonymousId = visitor.anonymousId { event["anonymousId"] = .string(anonymousId) }
        return .object(event)
    }

    /// Reads the log's new self-service events into facts. One round at a time per process.
    @discardableResult
    public func catchUp(batch: Int = 5_000) async throws -> Int {
        let started = running.withLock { running -> Bool in
            if running { return false }
            running = true
            return true
        }
        guard started else { return 0 }
        defer { running.withLock { $0 = false } }
        var stored = 0
        while let (events, upTo) = try await repository.pendingSelfServiceEvents(limit: batch) {
            let facts = events.compactMap { SelfServiceFact(eventID: $0.eventID, name: $0.name, profileID: $0.profileID, at: $0.at, properties: $0.properties) }
            try await repository.addSelfServiceFacts(facts, checkpoint: upTo)
            stored += facts.count
        }
        return stored
    }

    /// The report for `[from, to)`; reads the log's latest events first.
    public func report(from: Date, to: Date, gaps: Int = 20) async throws -> SelfServiceReport {
        try await catchUp()
        return try await repository.selfServiceReport(from: from, to: to, gaps: gaps)
    }

    public func start(every interval: Duration = .seconds(3)) {
        background.start(every: interval, lease: repository as? any WorkLease) { [weak self] in try await self?.catchUp() }
    }

    public func stop() { background.stop() }
}
