import Foundation
@testable import TouchpointDomain

/// Builds a customer's event stream in days from a fixed start, with ids e1, e2, … in order.
struct JourneyScript {
    static let start = Timestamps.parse("2025-03-03T09:00:00Z")!

    private(set) var events: [LifecycleEvent] = []
    let prefix: String

    init(_ prefix: String = "e") { self.prefix = prefix }

    static func date(_ days: Double) -> Date { start.addingTimeInterval(days * 86_400) }

    /// The id the next event will get.
    var nextID: String { "\(prefix)\(events.count + 1)" }

    @discardableResult
    mutating func track(_ name: String, day: Double, channel: Channel = .web, _ properties: [String: JSONValue] = [:],
                        context: [String: JSONValue] = [:]) -> String {
        append(type: .track, name: name, day: day, channel: channel, properties: properties, context: context)
    }

    @discardableResult
    mutating func page(_ name: String, day: Double, campaign: String? = nil) -> String {
        var context: [String: JSONValue] = ["page": .object(["path": .string("/")])]
        if let campaign { context["campaign"] = .object(["name": .string(campaign), "source": .string("newsletter"), "medium": .string("email")]) }
        return append(type: .page, name: name, day: day, channel: .web, properties: [:], context: context)
    }

    @discardableResult
    mutating func identify(day: Double) -> String {
        append(type: .identify, name: nil, day: day, channel: .server, properties: ["email": .string("x@example.com")], context: [:])
    }

    /// An NPS (default) or CSAT answer.
    @discardableResult
    mutating func survey(score: Double, day: Double, type: String = "nps") -> String {
        track("Survey Answered", day: day, channel: .email, ["survey_type": .string(type), "score": .number(score)])
    }

    @discardableResult
    mutating func order(day: Double, channel: Channel = .web) -> String {
        track("Order Completed", day: day, channel: channel, ["order_id": .string("o\(events.count)"), "total": .number(199.99)])
    }

    @discardableResult
    mutating func call(day: Double, outcome: String, waitSeconds: Double = 40) -> String {
        track("Call Completed", day: day, channel: .phone, ["outcome": .string(outcome), "waitSeconds": .number(waitSeconds)])
    }

    private mutating func append(type: MessageType, name: String?, day: Double, channel: Channel, properties: [String: JSONValue],
                                 context: [String: JSONValue]) -> String {
        let id = nextID
        events.append(LifecycleEvent(id: id, type: type, name: name, channel: channel, timestamp: JourneyScript.date(day),
                                     properties: properties, context: context))
        return id
    }
}

extension Array where Element == StageTransition {
    /// `[from→to]` pairs, the shape most assertions care about.
    var moves: [String] { map { "\($0.from?.rawValue ?? "-")→\($0.to.rawValue)" } }
}
