import Foundation
import Tagged

/// What a segment or an eligibility rule may read about one person, gathered by storage when a decision is asked
/// for (or a segment refreshed). A plain value: the rules that read it take `now` as a parameter, so the same facts
/// give the same answer in a test, in a replay and on the hot path.
///
/// Conditions read it as one JSON document (``document(now:recentDays:)``), with dotted paths from its root:
///
/// | path | what |
/// |---|---|
/// | `traits.city`, `traits.*` | the profile's traits as merged |
/// | `counters.orders`, `counters.contacts_7d`, `counters.*` | numbers storage keeps per profile |
/// | `stage`, `stageIndex` | the lifecycle stage (`experience`) and its cycle position (0 need … 5 loyalty) |
/// | `value.clv`, `value.margin`, `value.pAlive`, `value.churnRisk`, `value.valueTier` | value scores |
/// | `feedback.nps`, `feedback.npsAt`, `feedback.detractorRecently`, `feedback.badExperienceRecently` | feedback |
/// | `cases.open` | open service cases |
///
/// A field that is not known is missing from the document, so `value.clv > 100` is false and `value.clv missing`
/// true for a person without scores. The event history is not part of the document: history conditions
/// (``HistoryCondition``) read ``events`` directly.
public struct ProfileFacts: Sendable, Equatable, Codable {
    public var profileID: ProfileID
    public var traits: [String: JSONValue]
    /// Counters storage maintains (`orders`, `contacts_7d`, …); the names are storage's, conditions read them as given.
    public var counters: [String: Double]
    public var stage: LifecycleStage?
    public var value: ValueFacts
    public var feedback: FeedbackFacts
    public var openCases: Int
    /// The person's events of the last ``historyDays`` days, any order; history conditions count in them.
    public var events: [FactEvent]

    /// How much history storage loads: history conditions may not look further back than this.
    public static let historyDays: Double = 180
    /// The window of `feedback.detractorRecently` and `feedback.badExperienceRecently` when none is given.
    public static let recentDays: Double = 30

    public init(profileID: ProfileID, traits: [String: JSONValue] = [:], counters: [String: Double] = [:],
                stage: LifecycleStage? = nil, value: ValueFacts = ValueFacts(), feedback: FeedbackFacts = FeedbackFacts(),
                openCases: Int = 0, events: [FactEvent] = []) {
        self.profileID = profileID
        self.traits = traits
        self.counters = counters
        self.stage = stage
        self.value = value
        self.feedback = feedback
        self.openCases = openCases
        self.events = events
    }

    /// The document property conditions read, as of `now` (only the `…Recently` flags depend on it).
    public func document(now: Date, recentDays: Double = ProfileFacts.recentDays) -> [String: JSONValue] {
        var scores = [String: JSONValue]()
        if let clv = value.clv { scores["clv"] = .number(clv) }
        if let margin = value.margin { scores["margin"] = .number(margin) }
        if let pAlive = value.pAlive { scores["pAlive"] = .number(pAlive) }
        if let churnRisk = value.churnRisk { scores["churnRisk"] = .string(churnRisk.rawValue) }
        if let valueTier = value.valueTier { scores["valueTier"] = .string(valueTier.rawValue) }
        var answers: [String: JSONValue] = [
            "detractorRecently": .bool(feedback.detractor(withinDays: recentDays, now: now)),
            "badExperienceRecently": .bool(feedback.badExperience(withinDays: recentDays, now: now)),
        ]
        if let nps = feedback.lastNPS { answers["nps"] = .number(Double(nps)) }
        if let at = feedback.lastNPSAt { answers["npsAt"] = .string(Timestamps.format(at)) }
        var document: [String: JSONValue] = [
            "traits": .object(traits),
            "counters": .object(counters.mapValues { JSONValue.number($0) }),
            "value": .object(scores),
            "feedback": .object(answers),
            "cases": .object(["open": .number(Double(openCases))]),
        ]
        if let stage {
            document["stage"] = .string(stage.rawValue)
            document["stageIndex"] = .number(Double(stage.index))
        }
        return document
    }

    /// Whether a property condition holds for this person at `now`.
    public func holds(_ condition: PropertyCondition, now: Date, recentDays: Double = ProfileFacts.recentDays) -> Bool {
        condition.holds(in: document(now: now, recentDays: recentDays))
    }

    /// The document's fields with a fixed set of names; `traits` and `counters` take any name.
    /// Segment and action validation uses this to catch typos such as `value.cvl`, which would otherwise never match.
    static let fixedFields: [String: Set<String>] = [
        "stage": [], "stageIndex": [],
        "value": ["clv", "margin", "pAlive", "churnRisk", "valueTier"],
        "feedback": ["nps", "npsAt", "detractorRecently", "badExperienceRecently"],
        "cases": ["open"],
    ]
    static let freeFormRoots: Set<String> = ["traits", "counters"]

    /// Problems with a condition's path as a path into the document (empty when it can be read).
    static func pathProblems(_ path: String) -> [String] {
        let segments = path.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard let root = segments.first, !root.isEmpty else { return [] }  // an empty path is reported by the condition itself
        if freeFormRoots.contains(root) {
            return segments.count >= 2 ? [] : ["\"\(path)\" needs a name after \(root). (e.g. \(root).city)"]
        }
        guard let names = fixedFields[root] else {
            let roots = (Array(freeFormRoots) + Array(fixedFields.keys)).sorted().joined(separator: ", ")
            return ["\"\(path)\" reads nothing: a path starts with one of \(roots)"]
        }
        if names.isEmpty { return segments.count == 1 ? [] : ["\"\(path)\": \(root) has no fields"] }
        guard segments.count == 2, names.contains(segments[1]) else {
            return ["\"\(path)\" reads nothing: \(root) has \(names.sorted().joined(separator: ", "))"]
        }
        return []
    }
}

/// The value scores conditions and business-value expressions read; nil when not computed for the person yet.
public struct ValueFacts: Sendable, Equatable, Codable {
    public var clv: Double?
    /// Expected margin (profit) from the person, in the same currency as `clv`.
    public var margin: Double?
    public var pAlive: Double?
    public var churnRisk: ChurnRisk?
    public var valueTier: ValueTier?

    public init(clv: Double? = nil, margin: Double? = nil, pAlive: Double? = nil, churnRisk: ChurnRisk? = nil, valueTier: ValueTier? = nil) {
        self.clv = clv
        self.margin = margin
        self.pAlive = pAlive
        self.churnRisk = churnRisk
        self.valueTier = valueTier
    }
}

/// What the person told us and how their experiences went, as moments: "recently" is decided against `now`.
public struct FeedbackFacts: Sendable, Equatable, Codable {
    /// The last NPS answer (0–10) and when it came.
    public var lastNPS: Int?
    public var lastNPSAt: Date?
    /// The last detractor answer of any type (NPS 0–6, CSAT 1–2, CES 5–7).
    public var lastDetractorAt: Date?
    /// The last bad experience the log shows without a survey: a complaint, a refund, a failed delivery, an escalation.
    public var lastBadExperienceAt: Date?

    public init(lastNPS: Int? = nil, lastNPSAt: Date? = nil, lastDetractorAt: Date? = nil, lastBadExperienceAt: Date? = nil) {
        self.lastNPS = lastNPS
        self.lastNPSAt = lastNPSAt
        self.lastDetractorAt = lastDetractorAt
        self.lastBadExperienceAt = lastBadExperienceAt
    }

    public func detractor(withinDays days: Double, now: Date) -> Bool {
        lastDetractorAt.map { RecentWindow.contains($0, days: days, now: now) } ?? false
    }

    public func badExperience(withinDays days: Double, now: Date) -> Bool {
        lastBadExperienceAt.map { RecentWindow.contains($0, days: days, now: now) } ?? false
    }

    /// The moments at which one of the `…Recently` flags turns (an answer entering or leaving the window), after `now`.
    func flagChanges(withinDays days: Double, after now: Date) -> [Date] {
        [lastDetractorAt, lastBadExperienceAt].compactMap { $0 }.flatMap { [$0, RecentWindow.end(of: $0, days: days)] }.filter { $0 > now }
    }
}

/// "Within the last D days", one definition for history conditions, feedback flags, caps and dismissals.
/// Days are 86,400 seconds (UTC has no daylight saving), so windows roll with the clock, not with calendar days.
enum RecentWindow {
    /// The moment `at` counts at `now`: not in the future, and `at + D days > now`. Written exactly like the moment
    /// it leaves the window is computed (`at.addingTimeInterval`), so at that very moment it is out: a difference of
    /// doubles could land one ulp short and make an expiry moment change nothing.
    static func contains(_ at: Date, days: Double, now: Date) -> Bool {
        at <= now && at.addingTimeInterval(days * 86_400) > now
    }

    /// The moment `at` leaves a window of `days`.
    static func end(of at: Date, days: Double) -> Date { at.addingTimeInterval(days * 86_400) }
}

/// One event of the person's recent history, as history conditions read it.
public struct FactEvent: Sendable, Equatable, Codable {
    /// The track event's name (or page / screen name); compared ignoring case and `_`, `-`, spaces, like lifecycle rules.
    public var name: String { didSet { normalizedName = LifecycleEventNames.normalize(name) } }
    public var at: Date
    public var channel: Channel?
    public var properties: [String: JSONValue]
    /// The name as conditions compare it, worked out once: a segment reads every event of the history.
    public private(set) var normalizedName: String

    public init(name: String, at: Date, channel: Channel? = nil, properties: [String: JSONValue] = [:]) {
        self.name = name
        self.at = at
        self.channel = channel
        self.properties = properties
        self.normalizedName = LifecycleEventNames.normalize(name)
    }

    private enum CodingKeys: String, CodingKey { case name, at, channel, properties }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(name: try container.decode(String.self, forKey: .name), at: try container.decode(Date.self, forKey: .at),
                  channel: try container.decodeIfPresent(Channel.self, forKey: .channel),
                  properties: try container.decodeIfPresent([String: JSONValue].self, forKey: .properties) ?? [:])
    }
}

// MARK: - Evaluating a PropertyCondition against a document

extension PropertyCondition {
    /// Whether a JSON document satisfies the condition, the dotted path read from the document's root
    /// (`value.clv` is `document["value"]["clv"]`).
    ///
    /// `holds(for:)` reads only a `LifecycleEvent` (its `properties` and `context`), so this is a small adapter over a
    /// plain document; it keeps the operators' meaning (numbers and numeric strings alike, strings ignoring case,
    /// `!=` and `notIn` true on a missing field) by sharing `CompiledCondition.equal`.
    public func holds(in document: [String: JSONValue]) -> Bool {
        // One or two steps (`stage`, `value.clv`) without splitting the path: segments read it for every person.
        if let dot = path.utf8.firstIndex(of: UInt8(ascii: ".")) {
            let rest = path[path.index(after: dot)...]
            if !rest.utf8.contains(UInt8(ascii: ".")), case .object(let inner)? = document[String(path[..<dot])] {
                return Self.test(inner[String(rest)], op, value)
            }
        } else {
            return Self.test(document[path], op, value)
        }
        return Self.test(Self.lookup(path.split(separator: ".").map(String.init)[...], in: document), op, value)
    }

    /// The same test against an event's properties, with the path read as `EventPattern` reads it
    /// (`category` and `properties.category` alike).
    func holds(inProperties properties: [String: JSONValue]) -> Bool {
        if !path.utf8.contains(UInt8(ascii: ".")) { return Self.test(properties[path], op, value) }
        var segments = path.split(separator: ".").map(String.init)[...]
        if segments.first == "properties" { segments = segments.dropFirst() }
        return Self.test(Self.lookup(segments, in: properties), op, value)
    }

    private static func lookup(_ segments: ArraySlice<String>, in fields: [String: JSONValue]) -> JSONValue? {
        guard let first = segments.first else { return .object(fields) }
        var current = fields[first]
        for segment in segments.dropFirst() {
            switch current {
            case .object(let object)?: current = object[segment]
            case .array(let items)?:
                guard let position = Int(segment), items.indices.contains(position) else { return nil }
                current = items[position]
            default: return nil
            }
        }
        return current
    }

    private static func test(_ field: JSONValue?, _ op: Operator, _ value: JSONValue?) -> Bool {
        let options = value?.arrayValue ?? []
        switch op {
        case .exists: return field.map { !$0.isNull } ?? false
        case .missing: return field.map(\.isNull) ?? true
        case .equals: return field.map { CompiledCondition.equal($0, value) } ?? false
        case .notEquals: return !(field.map { CompiledCondition.equal($0, value) } ?? false)
        case .oneOf: return field.map { actual in options.contains { CompiledCondition.equal(actual, $0) } } ?? false
        case .noneOf: return !(field.map { actual in options.contains { CompiledCondition.equal(actual, $0) } } ?? false)
        case .lessThan, .lessThanOrEqual, .greaterThan, .greaterThanOrEqual:
            guard let actual = field?.doubleValue, let bound = value?.doubleValue else { return false }
            switch op {
            case .lessThan: return actual < bound
            case .lessThanOrEqual: return actual <= bound
            case .greaterThan: return actual > bound
            default: return actual >= bound
            }
        }
    }
}
