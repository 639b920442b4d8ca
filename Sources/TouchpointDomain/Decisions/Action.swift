import Foundation
import Tagged

public typealias ActionID = Tagged<ActionDefinition, String>

/// What an action is for. Arbitration treats them differently: marketing and cross-sell wait while the person
/// has a service need, and commercial kinds need marketing consent.
public enum ActionKind: String, Sendable, Codable, CaseIterable {
    case service, retention, advice
    case crossSell = "cross-sell"
    case marketing, other

    /// Selling something: held back while service comes first.
    public var isPromotional: Bool { self == .marketing || self == .crossSell }

    /// Commercial communication needs the person's marketing consent (a retention offer is one too);
    /// service messages and advice do not.
    public var needsMarketingConsent: Bool { isPromotional || self == .retention }
}

/// The words of an action in one language.
public struct ActionText: Sendable, Equatable, Codable {
    public var title: String
    public var body: String
    /// The button's label ("Zobacz", "Show me"); the channel's default when nil.
    public var callToAction: String?

    public init(title: String, body: String, callToAction: String? = nil) {
        self.title = title
        self.body = body
        self.callToAction = callToAction
    }
}

/// Who may get an action: a member of at least one of `segments` (any segment when the list is empty)
/// for whom every one of `conditions` holds.
public struct ActionEligibility: Sendable, Equatable, Codable {
    public var segments: [SegmentID]
    public var conditions: [SegmentCondition]

    public static let everyone = ActionEligibility()

    public init(segments: [SegmentID] = [], conditions: [SegmentCondition] = []) {
        self.segments = segments
        self.conditions = conditions
    }

    enum CodingKeys: String, CodingKey { case segments, conditions }

    /// Either list may be left out.
    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        segments = try container.decodeIfPresent([SegmentID].self, forKey: .segments) ?? []
        conditions = try container.decodeIfPresent([SegmentCondition].self, forKey: .conditions) ?? []
    }

    /// Segment membership comes from the segment projection (`memberOf`); conditions are read from the facts.
    public func admits(_ facts: ProfileFacts, memberOf: Set<SegmentID>, now: Date) -> Bool {
        admits(facts, memberOf: memberOf, now: now) { facts.document(now: now) }
    }

    /// The same, with the facts' document from the caller (built once for all actions, and only if one needs it).
    public func admits(_ facts: ProfileFacts, memberOf: Set<SegmentID>, now: Date, document: () -> [String: JSONValue]) -> Bool {
        if !segments.isEmpty, !segments.contains(where: { memberOf.contains($0) }) { return false }
        guard !conditions.isEmpty else { return true }
        let document = document()
        return conditions.allSatisfy { $0.holds(facts, document: document, now: now) }
    }
}

/// Frequency caps and budget. Per-person caps count the times the action was shown to the person in the last
/// 24 hours / 7 days (rolling, so a cap means the same in every time zone); the budget counts shows to everyone.
public struct ActionCaps: Sendable, Equatable, Codable {
    public var perPersonPerDay: Int?
    public var perPersonPerWeek: Int?
    /// How many times the action may be shown in all, to everyone, over its life.
    public var totalBudget: Int?

    public static let unlimited = ActionCaps()

    public init(perPersonPerDay: Int? = nil, perPersonPerWeek: Int? = nil, totalBudget: Int? = nil) {
        self.perPersonPerDay = perPersonPerDay
        self.perPersonPerWeek = perPersonPerWeek
        self.totalBudget = totalBudget
    }
}

/// What an accepted action is worth to the business: a fixed number, or an expression over the person's `clv`
/// and `margin` (``ValueExpression``). JSON: `25` or `"0.1 * clv + 20"`.
public enum BusinessValue: Sendable, Equatable, Codable {
    case fixed(Double)
    case expression(ValueExpression)

    /// The value for a person. Unknown scores count as 0, so a new customer is worth the constant part; a value that
    /// is not a finite number (a division by zero, an expression that does not parse) counts as 0 too.
    public func amount(clv: Double?, margin: Double?) -> Double {
        let result: Double?
        switch self {
        case .fixed(let number): result = number
        case .expression(let expression): result = expression.evaluate(clv: clv ?? 0, margin: margin ?? 0)
        }
        guard let result, result.isFinite else { return 0 }
        return result
    }

    var problems: [String] {
        switch self {
        case .fixed(let number):
            return number.isFinite && number >= 0 ? [] : ["value must be a number of at least 0"]
        case .expression(let expression):
            return expression.error.map { ["value \"\(expression.source)\": \($0.description) [\($0.code)]"] } ?? []
        }
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let number = try? container.decode(Double.self) {
            self = .fixed(number)
        } else {
            self = .expression(ValueExpression(try container.decode(String.self)))
        }
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .fixed(let number): try container.encode(number)
        case .expression(let expression): try container.encode(expression.source)
        }
    }
}

/// One entry of the action catalogue: an offer, a recommendation, a piece of advice or a service step that
/// arbitration may choose for a person.
///
/// JSON (optional keys may be left out): `{"id": "soundbar-offer", "name": "Soundbar for TV buyers",
/// "kind": "cross-sell", "channels": ["web", "email"], "placements": ["home_banner"],
/// "texts": {"pl": {"title": "…", "body": "…"}}, "eligibility": {"segments": ["tv-no-soundbar"]},
/// "validFrom": "2026-06-01T00:00:00Z", "value": "0.05 * clv + 30", "caps": {"perPersonPerWeek": 2},
/// "controlGroupPercent": 10, "businessWeight": 1}`.
public struct ActionDefinition: Sendable, Equatable, Codable {
    public var id: ActionID
    public var name: String
    public var kind: ActionKind
    public var channels: [Channel]
    /// Named slots within a channel (`home_banner`, `checkout`, `agent_sidebar`); empty means any.
    public var placements: [String]
    public var texts: [TextLanguage: ActionText]
    public var eligibility: ActionEligibility
    /// Offered from this moment on (inclusive) and before `validUntil` (exclusive).
    public var validFrom: Date?
    public var validUntil: Date?
    public var value: BusinessValue
    public var caps: ActionCaps
    /// The share of eligible people, 0–50, who are held out (not shown the action) to measure its uplift.
    public var controlGroupPercent: Int
    /// A lever for the business to favour or damp an action beyond propensity × value (1 is neutral).
    public var businessWeight: Double
    /// The event that counts as the action working (`Order Completed` unless given): uplift compares how many people
    /// shown the action and how many held out of it did it within the report's window.
    public var goal: String

    public static let defaultGoal = "Order Completed"
    public static let maximumControlGroupPercent = 50

    public init(id: ActionID, name: String, kind: ActionKind, channels: [Channel], placements: [String] = [],
                texts: [TextLanguage: ActionText], eligibility: ActionEligibility = .everyone, validFrom: Date? = nil,
                validUntil: Date? = nil, value: BusinessValue, caps: ActionCaps = .unlimited, controlGroupPercent: Int = 0,
                businessWeight: Double = 1, goal: String = ActionDefinition.defaultGoal) {
        self.id = id
        self.name = name
        self.kind = kind
        self.channels = channels
        self.placements = placements
        self.texts = texts
        self.eligibility = eligibility
        self.validFrom = validFrom
        self.validUntil = validUntil
        self.value = value
        self.caps = caps
        self.controlGroupPercent = controlGroupPercent
        self.businessWeight = businessWeight
        self.goal = goal
    }

    /// The text in a language, falling back to Polish, English, then any.
    public func text(in language: TextLanguage) -> ActionText? {
        texts[language] ?? texts[.pl] ?? texts[.en] ?? texts.values.first
    }

    /// Every problem with the definition, each naming its field; empty when it is fine.
    public func validate() -> [String] {
        var found = [String]()
        let rawID = id.rawValue
        if rawID.isEmpty || rawID.count > 100 || rawID.contains(where: \.isWhitespace) { found.append("id: 1 to 100 characters without spaces") }
        if name.trimmedWhitespace.isEmpty || name.count > 200 { found.append("name is required (at most 200 characters)") }
        if channels.isEmpty { found.append("channels: at least one channel") }
        if Set(channels).count != channels.count { found.append("channels: a channel is listed twice") }
        if placements.contains(where: { $0.trimmedWhitespace.isEmpty || $0.count > 100 }) {
            found.append("placements: each placement is a name of 1 to 100 characters")
        }
        if texts.isEmpty { found.append("texts: a text in at least one of pl, en, ru") }
        for language in TextLanguage.allCases {
            guard let text = texts[language] else { continue }
            if text.title.trimmedWhitespace.isEmpty || text.title.count > 200 { found.append("texts.\(language.rawValue).title: 1 to 200 characters") }
            if text.body.count > 2_000 { found.append("texts.\(language.rawValue).body: at most 2000 characters") }
        }
        for (index, segment) in eligibility.segments.enumerated() where segment.rawValue.isEmpty {
            found.append("eligibility.segments[\(index)]: an empty segment id")
        }
        for (index, condition) in eligibility.conditions.enumerated() {
            found += condition.problems.map { "eligibility.conditions[\(index)]: \($0)" }
        }
        if let from = validFrom, let until = validUntil, from >= until { found.append("validUntil must be after validFrom") }
        found += value.problems
        for (field, cap) in [("perPersonPerDay", caps.perPersonPerDay), ("perPersonPerWeek", caps.perPersonPerWeek), ("totalBudget", caps.totalBudget)] {
            if let cap, cap < 1 { found.append("caps.\(field) must be at least 1 (leave it out for no cap)") }
        }
        if let day = caps.perPersonPerDay, let week = caps.perPersonPerWeek, day > week {
            found.append("caps.perPersonPerDay cannot be more than caps.perPersonPerWeek")
        }
        if !(0...Self.maximumControlGroupPercent).contains(controlGroupPercent) {
            found.append("controlGroupPercent must be from 0 to \(Self.maximumControlGroupPercent)")
        }
        if !(businessWeight.isFinite && businessWeight > 0) { found.append("businessWeight must be a number more than 0") }
        if LifecycleEventNames.normalize(goal).isEmpty || goal.count > 200 { found.append("goal: an event name of 1 to 200 characters") }
        return found
    }

    /// The definition itself when ``validate()`` finds nothing; otherwise every problem at once.
    public func validated() throws(DecisionRuleError) -> ActionDefinition {
        let found = validate()
        if !found.isEmpty { throw DecisionRuleError(problems: found) }
        return self
    }

    enum CodingKeys: String, CodingKey {
        case id, name, kind, channels, placements, texts, eligibility, validFrom, validUntil, value, caps, controlGroupPercent, businessWeight, goal
    }

    /// Reads a definition with the optional keys left out; range checks are ``validate()``'s, so they are all listed.
    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(ActionID.self, forKey: .id)
        name = try container.decode(String.self, forKey: .name)
        kind = try container.decode(ActionKind.self, forKey: .kind)
        channels = try container.decode([Channel].self, forKey: .channels)
        placements = try container.decodeIfPresent([String].self, forKey: .placements) ?? []
        texts = try container.decode([TextLanguage: ActionText].self, forKey: .texts)
        eligibility = try container.decodeIfPresent(ActionEligibility.self, forKey: .eligibility) ?? .everyone
        validFrom = try container.decodeIfPresent(Date.self, forKey: .validFrom)
        validUntil = try container.decodeIfPresent(Date.self, forKey: .validUntil)
        value = try container.decode(BusinessValue.self, forKey: .value)
        caps = try container.decodeIfPresent(ActionCaps.self, forKey: .caps) ?? .unlimited
        controlGroupPercent = try container.decodeIfPresent(Int.self, forKey: .controlGroupPercent) ?? 0
        businessWeight = try container.decodeIfPresent(Double.self, forKey: .businessWeight) ?? 1
        goal = try container.decodeIfPresent(String.self, forKey: .goal) ?? Self.defaultGoal
    }
}
