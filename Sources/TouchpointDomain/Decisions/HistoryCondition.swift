import Foundation
import Tagged

/// "Did EVENT (matching these conditions) at least N times within the last D days", or its negation
/// "did not …". Counts in ``ProfileFacts/events``.
///
/// - bought a TV in the last 90 days: `{"did": "Order Completed", "where": ["category == tv"], "withinDays": 90}`
/// - and no soundbar: `{"didNot": "Order Completed", "where": ["category == soundbar"], "withinDays": 90}`
/// - two or more contacts in 7 days: `{"did": "Contact", "atLeast": 2, "withinDays": 7}`
///
/// Event names match ignoring case and `_`, `-`, spaces, as lifecycle rules do; `where` reads the event's
/// properties (`category` or `properties.category`); `channel` / `channels` optionally restricts where it happened.
/// `didNot` with `atLeast: N` means "fewer than N times".
public struct HistoryCondition: Sendable, Equatable, Codable, CustomStringConvertible {
    public var event: String { didSet { normalizedEvent = LifecycleEventNames.normalize(event) } }
    /// The name as events are compared with it, worked out once: a round evaluates it for thousands of events.
    private(set) var normalizedEvent: String
    public var conditions: [PropertyCondition]
    public var channels: [Channel]?
    public var atLeast: Int
    public var withinDays: Double
    /// "did not": the condition holds when the count is below `atLeast`.
    public var negated: Bool

    /// The largest `atLeast`: 180 days of history hold far fewer events of one kind, so more is a typo.
    public static let maximumCount = 1_000

    public init(event: String, conditions: [PropertyCondition] = [], channels: [Channel]? = nil,
                atLeast: Int = 1, withinDays: Double, negated: Bool = false) {
        self.event = event
        self.normalizedEvent = LifecycleEventNames.normalize(event)
        self.conditions = conditions
        self.channels = channels
        self.atLeast = atLeast
        self.withinDays = withinDays
        self.negated = negated
    }

    /// Did the event at least `atLeast` times within `withinDays` days.
    public static func did(_ event: String, where conditions: [PropertyCondition] = [], atLeast: Int = 1,
                           withinDays: Double) -> HistoryCondition {
        HistoryCondition(event: event, conditions: conditions, atLeast: atLeast, withinDays: withinDays)
    }

    /// Did not do the event within `withinDays` days.
    public static func didNot(_ event: String, where conditions: [PropertyCondition] = [], withinDays: Double) -> HistoryCondition {
        HistoryCondition(event: event, conditions: conditions, withinDays: withinDays, negated: true)
    }

    /// Whether the condition holds at `now`.
    public func holds(_ facts: ProfileFacts, now: Date) -> Bool {
        let occurrences = self.count(in: facts, now: now)
        return negated ? occurrences < atLeast : occurrences >= atLeast
    }

    /// How many matching events fall within the window ending at `now`.
    public func count(in facts: ProfileFacts, now: Date) -> Int {
        matchingEvents(in: facts).reduce(0) { $0 + (RecentWindow.contains($1.at, days: withinDays, now: now) ? 1 : 0) }
    }

    /// The events of the right name, channel and properties, whenever they happened.
    func matchingEvents(in facts: ProfileFacts) -> [FactEvent] {
        facts.events.filter { candidate in
            guard candidate.normalizedName == normalizedEvent else { return false }
            if let channels {
                guard let channel = candidate.channel, channels.contains(channel) else { return false }
            }
            return conditions.allSatisfy { $0.holds(inProperties: candidate.properties) }
        }
    }

    /// The moments after `now` at which the count changes with no new event: a matching event leaving the window,
    /// or a future-dated one (a client clock ahead of ours) entering it.
    func changeMoments(in facts: ProfileFacts, after now: Date) -> [Date] {
        matchingEvents(in: facts).flatMap { [$0.at, RecentWindow.end(of: $0.at, days: withinDays)] }.filter { $0 > now }
    }

    var problems: [String] {
        var found = [String]()
        let label = negated ? "didNot" : "did"
        if normalizedEvent.isEmpty { found.append("\(label): the event name is empty") }
        if atLeast < 1 || atLeast > Self.maximumCount { found.append("atLeast must be from 1 to \(Self.maximumCount)") }
        // Facts carry only so much history: a longer window would count less than it says, silently.
        if !(withinDays > 0) || withinDays > ProfileFacts.historyDays {
            found.append("withinDays must be more than 0 and at most \(Int(ProfileFacts.historyDays)) (the history kept)")
        }
        if let channels, channels.isEmpty { found.append("an empty channel list matches nothing") }
        for condition in conditions {
            found += condition.problems
            if condition.path == "context" || condition.path.hasPrefix("context.") {
                found.append("condition \"\(condition.description)\": history keeps event properties, not context")
            }
        }
        return found
    }

    public var description: String {
        var text = (negated ? "did not do " : "did ") + event
        if !conditions.isEmpty { text += " where " + conditions.map(\.description).joined(separator: " and ") }
        if let channels { text += " on " + channels.map(\.rawValue).joined(separator: ", ") }
        if atLeast != 1 { text += negated ? " \(atLeast) times" : " at least \(atLeast) times" }
        let days = withinDays.rounded() == withinDays && abs(withinDays) < 1e9 ? String(Int(withinDays)) : String(withinDays)
        return text + " within \(days) days"
    }

    // MARK: Codable

    private enum CodingKeys: String, CodingKey { case did, didNot, conditions = "where", channel, channels, atLeast, withinDays }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let did = try container.decodeIfPresent(String.self, forKey: .did)
        let didNot = try container.decodeIfPresent(String.self, forKey: .didNot)
        switch (did, didNot) {
        case (let name?, nil): event = name; negated = false
        case (nil, let name?): event = name; negated = true
        default:
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath,
                                                    debugDescription: "a history condition has one of \"did\" or \"didNot\""))
        }
        normalizedEvent = LifecycleEventNames.normalize(event)
        // One condition or a list; a list with a bad element reports that element.
        if !container.contains(.conditions) {
            conditions = []
        } else if (try? container.decode([JSONValue].self, forKey: .conditions)) != nil {
            conditions = try container.decode([PropertyCondition].self, forKey: .conditions)
        } else {
            conditions = [try container.decode(PropertyCondition.self, forKey: .conditions)]
        }
        if let one = try container.decodeIfPresent(Channel.self, forKey: .channel) {
            channels = [one]
        } else {
            channels = try container.decodeIfPresent([Channel].self, forKey: .channels)
        }
        atLeast = try container.decodeIfPresent(Int.self, forKey: .atLeast) ?? 1
        withinDays = try container.decode(Double.self, forKey: .withinDays)
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(event, forKey: negated ? .didNot : .did)
        if !conditions.isEmpty { try container.encode(conditions, forKey: .conditions) }
        try container.encodeIfPresent(channels, forKey: .channels)
        if atLeast != 1 { try container.encode(atLeast, forKey: .atLeast) }
        try container.encode(withinDays, forKey: .withinDays)
    }
}
