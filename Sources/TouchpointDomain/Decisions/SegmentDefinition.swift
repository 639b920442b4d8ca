import Foundation
import Tagged

public typealias SegmentID = Tagged<SegmentDefinition, String>

/// A named group of people, defined by conditions on their ``ProfileFacts``: who they are (traits, stage, value,
/// feedback, open cases) and what they did lately (history conditions).
///
/// Every group in `conditions` must hold; a group is either all-of or any-of its conditions, so
/// "(A and B) and (C or D)" is two groups. JSON:
/// ```json
/// {"id": "tv-no-soundbar", "name": "Bought a TV, no soundbar yet",
///  "conditions": [
///    {"all": [{"did": "Order Completed", "where": ["category == tv"], "withinDays": 90},
///             {"didNot": "Order Completed", "where": ["category == soundbar"], "withinDays": 90}]},
///    {"any": ["traits.city == Warszawa", "value.clv >= 500"]}]}
/// ```
/// Property conditions use the lifecycle rules' one-string form (``PropertyCondition``) with paths into the facts
/// document (`traits.city`, `stage`, `value.clv`, `cases.open`, `feedback.nps`).
public struct SegmentDefinition: Sendable, Equatable, Codable {
    public var id: SegmentID
    public var name: String
    public var groups: [ConditionGroup]

    public init(id: SegmentID, name: String, groups: [ConditionGroup]) {
        self.id = id
        self.name = name
        self.groups = groups
    }

    /// A segment of one all-of group, the common case.
    public init(id: SegmentID, name: String, allOf conditions: [SegmentCondition]) {
        self.init(id: id, name: name, groups: [ConditionGroup(.allOf, conditions)])
    }

    enum CodingKeys: String, CodingKey { case id, name, groups = "conditions" }

    /// Every problem that makes the definition unusable or surely wrong; empty when it is fine.
    public func validate() -> [String] {
        var found = [String]()
        let rawID = id.rawValue
        if rawID.isEmpty || rawID.count > 100 || rawID.contains(where: \.isWhitespace) {
            found.append("id: 1 to 100 characters without spaces")
        }
        if name.trimmedWhitespace.isEmpty || name.count > 200 { found.append("name is required (at most 200 characters)") }
        // No conditions would quietly put everyone in the segment; that is never what a marketer meant.
        if groups.isEmpty { found.append("conditions: a segment needs at least one condition") }
        for (groupIndex, group) in groups.enumerated() {
            let label = "conditions[\(groupIndex)].\(group.mode.rawValue)"
            if group.conditions.isEmpty { found.append("\(label): an empty group (all of nothing holds for everyone, any of nothing for no one)") }
            for (index, condition) in group.conditions.enumerated() {
                found += condition.problems.map { "\(label)[\(index)]: \($0)" }
            }
        }
        return found
    }

    /// The definition itself when ``validate()`` finds nothing; otherwise every problem at once.
    public func validated() throws(DecisionRuleError) -> SegmentDefinition {
        let found = validate()
        if !found.isEmpty { throw DecisionRuleError(problems: found) }
        return self
    }

    /// Whether the person is in the segment at `now`.
    public func matches(_ facts: ProfileFacts, now: Date) -> Bool {
        matches(facts, document: facts.document(now: now), now: now)
    }

    /// The same, with the facts' document built once by a caller that evaluates many segments for one person.
    public func matches(_ facts: ProfileFacts, document: [String: JSONValue], now: Date) -> Bool {
        groups.allSatisfy { $0.holds(facts, document: document, now: now) }
    }

    /// Whether the segment reads facts other projections derive from the log after it (the lifecycle stage, value
    /// scores): a person evaluated on a new event is evaluated again shortly after, when those have caught up.
    public var readsDerivedFacts: Bool {
        groups.contains { group in
            group.conditions.contains { condition in
                guard case .property(let property) = condition else { return false }
                return property.path == "stage" || property.path == "stageIndex" || property.path.hasPrefix("value.")
            }
        }
    }

    /// Whether membership can change with time alone (history windows, `feedback.…Recently`): only then does
    /// ``nextExpiry(_:now:)`` have anything to find.
    public var changesWithTime: Bool {
        groups.contains { group in
            group.conditions.contains { condition in
                switch condition {
                case .history: return true
                case .property(let property): return property.path.hasPrefix("feedback.")
                }
            }
        }
    }

    /// The next moment after `now` at which membership changes only because time passes (an event leaving a
    /// history window, a future-dated event entering one, a `feedback.…Recently` flag turning), or nil when no such
    /// moment exists. A projection stores it and re-evaluates the person then, without waiting for a new event.
    ///
    /// Each candidate moment is tried in order with the whole definition, so a change that the other conditions
    /// mask (an any-of group still held by another condition) is skipped rather than reported.
    public func nextExpiry(_ facts: ProfileFacts, now: Date, currentlyMatches: Bool? = nil) -> Date? {
        guard changesWithTime else { return nil }
        let current = currentlyMatches ?? matches(facts, now: now)
        var moments = Set<Date>()
        var readsFeedbackFlags = false
        for group in groups {
            for condition in group.conditions {
                switch condition {
                case .history(let history): moments.formUnion(history.changeMoments(in: facts, after: now))
                case .property(let property): if property.path.hasPrefix("feedback.") { readsFeedbackFlags = true }
                }
            }
        }
        if readsFeedbackFlags { moments.formUnion(facts.feedback.flagChanges(withinDays: ProfileFacts.recentDays, after: now)) }
        // Only the `…Recently` flags of the document depend on the moment: without them it is built once.
        let fixedDocument = readsFeedbackFlags ? nil : facts.document(now: now)
        for moment in moments.sorted() where matches(facts, document: fixedDocument ?? facts.document(now: moment), now: moment) != current {
            return moment
        }
        return nil
    }
}

/// Conditions joined by all-of or any-of. JSON: `{"all": [...]}` or `{"any": [...]}`.
public struct ConditionGroup: Sendable, Equatable, Codable {
    public enum Mode: String, Sendable, Codable { case allOf = "all", anyOf = "any" }

    public var mode: Mode
    public var conditions: [SegmentCondition]

    public init(_ mode: Mode, _ conditions: [SegmentCondition]) {
        self.mode = mode
        self.conditions = conditions
    }

    func holds(_ facts: ProfileFacts, document: [String: JSONValue], now: Date) -> Bool {
        switch mode {
        case .allOf: return conditions.allSatisfy { $0.holds(facts, document: document, now: now) }
        case .anyOf: return conditions.contains { $0.holds(facts, document: document, now: now) }
        }
    }

    private enum CodingKeys: String, CodingKey { case all, any }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        switch (container.contains(.all), container.contains(.any)) {
        case (true, false): self.init(.allOf, try container.decode([SegmentCondition].self, forKey: .all))
        case (false, true): self.init(.anyOf, try container.decode([SegmentCondition].self, forKey: .any))
        default:
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath,
                                                    debugDescription: "a condition group is {\"all\": [...]} or {\"any\": [...]}"))
        }
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(conditions, forKey: mode == .allOf ? .all : .any)
    }
}

/// One condition of a segment or of an action's eligibility: a test of the facts document, or of the event history.
/// JSON: a property condition is its string (`"cases.open >= 1"`) or object form; a history condition is an object
/// with `did` or `didNot`.
public enum SegmentCondition: Sendable, Equatable, Codable, CustomStringConvertible {
    case property(PropertyCondition)
    case history(HistoryCondition)

    /// A property condition from its one-string form, e.g. `value.clv >= 500`.
    public static func parsing(_ text: String) throws(DecisionRuleError) -> SegmentCondition {
        do {
            return .property(try PropertyCondition(parsing: text))
        } catch {
            throw DecisionRuleError(problems: error.problems)
        }
    }

    public func holds(_ facts: ProfileFacts, now: Date) -> Bool {
        holds(facts, document: facts.document(now: now), now: now)
    }

    /// With the document built once by the caller: a segment reads it for every condition.
    func holds(_ facts: ProfileFacts, document: [String: JSONValue], now: Date) -> Bool {
        switch self {
        case .property(let condition): return condition.holds(in: document)
        case .history(let history): return history.holds(facts, now: now)
        }
    }

    /// Problems of the condition as written, for ``SegmentDefinition/validate()`` and action validation.
    var problems: [String] {
        switch self {
        case .property(let condition):
            var found = condition.problems + ProfileFacts.pathProblems(condition.path)
            // A misspelt stage is otherwise a condition that silently never holds.
            if condition.path == "stage", let value = condition.value {
                let names = value.arrayValue ?? [value]
                for name in names where LifecycleStage(rawValue: name.stringValue?.lowercased() ?? "") == nil {
                    found.append("\"\(condition.description)\": \(name.jsonText()) is not a stage (\(LifecycleStage.allCases.map(\.rawValue).joined(separator: ", ")))")
                }
            }
            return found
        case .history(let history):
            return history.problems
        }
    }

    public var description: String {
        switch self {
        case .property(let condition): return condition.description
        case .history(let history): return history.description
        }
    }

    private enum ProbeKeys: String, CodingKey { case did, didNot }

    public init(from decoder: Decoder) throws {
        if let probe = try? decoder.container(keyedBy: ProbeKeys.self), probe.contains(.did) || probe.contains(.didNot) {
            self = .history(try HistoryCondition(from: decoder))
        } else {
            self = .property(try PropertyCondition(from: decoder))
        }
    }

    public func encode(to encoder: Encoder) throws {
        switch self {
        case .property(let condition): try condition.encode(to: encoder)
        case .history(let history): try history.encode(to: encoder)
        }
    }
}

/// What a person's new events can have changed, for incremental segment evaluation: a segment none of whose conditions
/// reads anything here keeps its membership (time-based changes have their own schedule).
public struct FactChanges: Sendable, Equatable {
    /// The new track events, with their properties.
    public var events: [FactEvent]
    /// An identify (or another call that carries traits) arrived.
    public var traitsChanged: Bool
    /// Any event arrived (the `counters` change with every one).
    public var anyEvent: Bool

    public init(events: [FactEvent] = [], traitsChanged: Bool = false, anyEvent: Bool = true) {
        self.events = events
        self.traitsChanged = traitsChanged
        self.anyEvent = anyEvent
    }

    /// Whether a service event arrived (a case or a conversation opened, answered, closed): `cases.open` may have moved.
    var touchesService: Bool {
        events.contains { event in
            let name = event.normalizedName
            return name.hasPrefix("case ") || name.hasPrefix("call ") || name.hasPrefix("live chat") || name.hasPrefix("chat ")
        }
    }

    /// Whether an answer or a bad experience arrived: the `feedback` fields may have moved.
    var touchesFeedback: Bool {
        events.contains { $0.normalizedName == "survey answered" || Self.badExperienceNames.contains($0.normalizedName) }
    }

    /// Worked out once: every segment reading `feedback` asks for every person of a round.
    private static let badExperienceNames = Set(FeedbackFacts.badExperienceEvents.map(LifecycleEventNames.normalize))
}

extension SegmentDefinition {
    /// Whether the changes can move a person in or out of the segment. `stage` and `value` are derived by other
    /// projections after the event, so they are read again on a schedule instead (never "affected" here).
    public func isAffected(by changes: FactChanges) -> Bool {
        groups.contains { group in
            group.conditions.contains { condition in
                switch condition {
                case .history(let history):
                    return changes.events.contains { event in
                        guard event.normalizedName == history.normalizedEvent else { return false }
                        if let channels = history.channels {
                            guard let channel = event.channel, channels.contains(channel) else { return false }
                        }
                        return history.conditions.allSatisfy { $0.holds(inProperties: event.properties) }
                    }
                case .property(let property):
                    switch property.path.prefix(while: { $0 != "." }) {
                    case "traits": return changes.traitsChanged
                    case "counters": return changes.anyEvent
                    case "cases": return changes.touchesService
                    case "feedback": return changes.touchesFeedback
                    default: return false
                    }
                }
            }
        }
    }
}
