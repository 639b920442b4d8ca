import Foundation

/// Why a rule set (or one rule, or one condition) cannot be used. Every problem found is listed,
/// so an API client fixing a rule file sees all of them at once.
public struct StageRuleError: Error, Sendable, Equatable, CustomStringConvertible {
    public var problems: [String]

    public init(problems: [String]) { self.problems = problems }
    public init(_ problem: String) { self.problems = [problem] }

    public var description: String { problems.joined(separator: "; ") }
}

/// What an event must look like: type, name, channel and field conditions, all of which must hold.
/// A criterion left out matches anything.
///
/// JSON: `{"type": "track", "event": ["Order Completed", "Order Refunded"], "channel": "store", "where": ["total >= 100"]}`.
/// `type`, `event` and `channel` each take one value or a list (the plural keys `types`, `events`, `channels` are read too).
/// Event names match ignoring case and treating `_`, `-` and spaces alike, so `order_completed` is `Order Completed`.
public struct EventPattern: Sendable, Equatable, Codable {
    public var types: [MessageType]?
    public var events: [String]?
    public var channels: [Channel]?
    public var conditions: [PropertyCondition]

    public init(types: [MessageType]? = nil, events: [String]? = nil, channels: [Channel]? = nil, conditions: [PropertyCondition] = []) {
        self.types = types
        self.events = events
        self.channels = channels
        self.conditions = conditions
    }

    /// Shorthand for the common case: these event names, optionally with conditions.
    public static func event(_ names: String..., where conditions: [PropertyCondition] = []) -> EventPattern {
        EventPattern(events: names, conditions: conditions)
    }

    /// Whether the pattern restricts nothing (it then matches every event).
    public var isUnrestricted: Bool { types == nil && events == nil && channels == nil && conditions.isEmpty }

    /// Whether one event matches; the classifier uses a compiled form of the same test.
    public func matches(_ event: LifecycleEvent) -> Bool {
        let names = EventNameTable([self])
        return CompiledPattern(self, names: names).matches(event, name: names.id(of: event.name))
    }

    var problems: [String] {
        var found = [String]()
        if let types, types.isEmpty { found.append("an empty type list matches nothing") }
        if let channels, channels.isEmpty { found.append("an empty channel list matches nothing") }
        if let events {
            if events.isEmpty { found.append("an empty event list matches nothing") }
            if events.contains(where: { LifecycleEventNames.normalize($0).isEmpty }) { found.append("an event name is empty") }
        }
        for condition in conditions { found += condition.problems }
        return found
    }

    enum CodingKeys: String, CodingKey { case type, types, event, events, channel, channels, conditions = "where" }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        types = try container.decodeOneOrMany(MessageType.self, singular: .type, plural: .types)
        events = try container.decodeOneOrMany(String.self, singular: .event, plural: .events)
        channels = try container.decodeOneOrMany(Channel.self, singular: .channel, plural: .channels)
        conditions = try container.decodeOneOrMany(PropertyCondition.self, singular: .conditions, plural: .conditions) ?? []
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeOneOrMany(types, singular: .type, plural: .types)
        try container.encodeOneOrMany(events, singular: .event, plural: .events)
        try container.encodeOneOrMany(channels, singular: .channel, plural: .channels)
        if !conditions.isEmpty { try container.encode(conditions, forKey: .conditions) }
    }
}

/// A fact derived from the profile's history of signals, checked when a rule's event arrives.
///
/// It holds when at least `atLeast` occurrences of any of `signals` (counting the current event when it is one)
/// fall within `withinDays` before the event and after the latest occurrence of any of `since`.
/// - repeat purchase within a year: `{"signal": "purchase", "atLeast": 2, "withinDays": 365}`
/// - a return after a bad experience: `{"signal": "purchase", "since": ["complaint", "refund", "lowScore", "escalation"]}`
///   (false while none of the `since` signals has ever occurred)
/// - an earlier promoter answer: `{"signal": "promoter"}`
public struct DerivedFact: Sendable, Equatable, Codable {
    public var signals: [String]
    public var atLeast: Int
    public var withinDays: Double?
    public var since: [String]?

    /// History kept per signal is bounded by the largest `atLeast`, so a fact asking for more is refused.
    public static let maximumCount = 100

    public init(signals: [String], atLeast: Int = 1, withinDays: Double? = nil, since: [String]? = nil) {
        self.signals = signals
        self.atLeast = atLeast
        self.withinDays = withinDays
        self.since = since
    }

    public init(signal: String, atLeast: Int = 1, withinDays: Double? = nil, since: [String]? = nil) {
        self.init(signals: [signal], atLeast: atLeast, withinDays: withinDays, since: since)
    }

    enum CodingKeys: String, CodingKey { case signal, signals, atLeast, withinDays, since }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        signals = try container.decodeOneOrMany(String.self, singular: .signal, plural: .signals) ?? []
        atLeast = try container.decodeIfPresent(Int.self, forKey: .atLeast) ?? 1
        withinDays = try container.decodeIfPresent(Double.self, forKey: .withinDays)
        since = try container.decodeOneOrMany(String.self, singular: .since, plural: .since)
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeOneOrMany(signals, singular: .signal, plural: .signals)
        if atLeast != 1 { try container.encode(atLeast, forKey: .atLeast) }
        try container.encodeIfPresent(withinDays, forKey: .withinDays)
        if let since { try container.encode(since, forKey: .since) }
    }
}

/// One rule: when an event matches, the profile moves to `stage`.
///
/// All given criteria must hold: the event pattern (type, name, channel, conditions), the event being an
/// occurrence of one of `signals`, every derived fact in `facts`, and the profile's current stage being one of `fromStages`.
/// A rule only moves a profile forward, unless `regression` is set: then it may also move it back.
///
/// JSON: the pattern's keys sit in the rule itself:
/// `{"id": "loyalty-promoter", "signal": "promoter", "fromStages": ["experience", "engagement"], "stage": "loyalty",
///   "fact": {"signal": "purchase", "atLeast": 2, "withinDays": 365}}`.
/// One fact is written under `fact`, several under `facts` (a list, all of which must hold); a file may use either or both.
public struct StageRule: Sendable, Equatable, Codable, Identifiable {
    /// Stable name; transitions record it so a stage can be explained.
    public var id: String
    /// Why the rule exists, for people reading the rule file.
    public var description: String?
    public var stage: LifecycleStage
    public var pattern: EventPattern
    /// The event must be an occurrence of one of these named signals of the rule set.
    public var signals: [String]?
    /// Derived facts that must all hold. Several are needed when a stage asks for two things at once
    /// (loyalty: returns *and* goodwill), which one fact, counting one group of signals, cannot say.
    public var facts: [DerivedFact]
    /// The rule applies only while the profile is in one of these stages (a profile not yet in the cycle is in none).
    public var fromStages: [LifecycleStage]?
    /// Whether the rule may move a profile back to an earlier stage.
    public var regression: Bool

    public init(id: String, description: String? = nil, stage: LifecycleStage, pattern: EventPattern = EventPattern(),
                signals: [String]? = nil, fact: DerivedFact? = nil, facts: [DerivedFact] = [], fromStages: [LifecycleStage]? = nil,
                regression: Bool = false) {
        self.id = id
        self.description = description
        self.stage = stage
        self.pattern = pattern
        self.signals = signals
        self.facts = (fact.map { [$0] } ?? []) + facts
        self.fromStages = fromStages
        self.regression = regression
    }

    /// The rule's only fact, when it has exactly one (the common case, and the form rule files wrote before
    /// `facts`). Setting it replaces every fact; with several, it reads nil, so `rule.fact?.withinDays = 30`
    /// cannot silently drop the others.
    public var fact: DerivedFact? {
        get { facts.count == 1 ? facts[0] : nil }
        set { facts = newValue.map { [$0] } ?? [] }
    }

    enum CodingKeys: String, CodingKey { case id, description, stage, signal, signals, fact, facts, fromStages, regression }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        description = try container.decodeIfPresent(String.self, forKey: .description)
        stage = try container.decode(LifecycleStage.self, forKey: .stage)
        pattern = try EventPattern(from: decoder)
        signals = try container.decodeOneOrMany(String.self, singular: .signal, plural: .signals)
        let single = try container.decodeIfPresent(DerivedFact.self, forKey: .fact)
        let several = try container.decodeIfPresent([DerivedFact].self, forKey: .facts) ?? []
        facts = (single.map { [$0] } ?? []) + several
        fromStages = try container.decodeIfPresent([LifecycleStage].self, forKey: .fromStages)
        regression = try container.decodeIfPresent(Bool.self, forKey: .regression) ?? false
    }

    public func encode(to encoder: Encoder) throws {
        try pattern.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encodeIfPresent(description, forKey: .description)
        try container.encode(stage, forKey: .stage)
        try container.encodeOneOrMany(signals, singular: .signal, plural: .signals)
        // One fact keeps the `fact` key, so rule files written before `facts` existed come back unchanged.
        if facts.count == 1 {
            try container.encode(facts[0], forKey: .fact)
        } else if !facts.isEmpty {
            try container.encode(facts, forKey: .facts)
        }
        try container.encodeIfPresent(fromStages, forKey: .fromStages)
        if regression { try container.encode(true, forKey: .regression) }
    }
}

/// The whole stage model: named signals (what counts as a purchase, a complaint, a promoter answer …)
/// and the rules that map events and facts to stages. Read from and written to JSON, so it can be changed
/// through the API or a file; the event log is then replayed so history follows the new rules.
public struct StageRuleSet: Sendable, Equatable, Codable {
    /// The file format's version, for future migrations of rule files.
    public var version: Int
    /// Named sets of event patterns; an event is an occurrence of a signal when it matches any of them.
    public var signals: [String: [EventPattern]]
    /// Evaluated together for every event; see `LifecycleClassifier` for how a winner is chosen.
    public var rules: [StageRule]
    /// When engaged and loyal customers who stopped coming back fall back; nil (or no `lapse` key in a file): never.
    public var lapse: LapseRule?

    public static let currentVersion = 1

    public init(version: Int = StageRuleSet.currentVersion, signals: [String: [EventPattern]], rules: [StageRule], lapse: LapseRule? = nil) {
        self.version = version
        self.signals = signals
        self.rules = rules
        self.lapse = lapse
    }

    /// Reads and validates a rule file or API body.
    public static func decode(json data: Data) throws(StageRuleError) -> StageRuleSet {
        let rules: StageRuleSet
        do {
            rules = try JSONDecoder().decode(StageRuleSet.self, from: data)
        } catch let error as DecodingError {
            throw StageRuleError(Self.explain(error))
        } catch {
            throw StageRuleError("not a rule set: \(error)")
        }
        try rules.validate()
        return rules
    }

    /// Pretty JSON with sorted keys: equal rule sets give equal files, so a diff shows real changes.
    public func jsonData() -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        // Encoding plain values cannot fail; a failure here is a programming error.
        return try! encoder.encode(self)
    }

    enum CodingKeys: String, CodingKey { case version, signals, rules, lapse }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        version = try container.decodeIfPresent(Int.self, forKey: .version) ?? StageRuleSet.currentVersion
        // A signal with one pattern may be written as that pattern alone.
        var signals = [String: [EventPattern]]()
        if container.contains(.signals) {
            let nested = try container.nestedContainer(keyedBy: RuleFileKey.self, forKey: .signals)
            for key in nested.allKeys {
                if let list = try? nested.decode([EventPattern].self, forKey: key) {
                    signals[key.stringValue] = list
                } else {
                    signals[key.stringValue] = [try nested.decode(EventPattern.self, forKey: key)]
                }
            }
        }
        self.signals = signals
        rules = try container.decode([StageRule].self, forKey: .rules)
        lapse = try container.decodeIfPresent(LapseRule.self, forKey: .lapse)
    }

    private static func explain(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            let text = context.codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".")
            return text.isEmpty ? "" : " at \(text)"
        }
        switch error {
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            return "\(context.debugDescription)\(path(context))"
        case .keyNotFound(let key, let context):
            return "missing \"\(key.stringValue)\"\(path(context))"
        @unknown default:
            return "not a rule set"
        }
    }
}

/// Event names as people and SDKs write them differ in case and separators; comparing normalised forms
/// lets one rule serve `Order Completed`, `order_completed` and `order-completed`.
enum LifecycleEventNames {
    static func normalize(_ name: String) -> String {
        // Nearly every name is ASCII: work on bytes then, and on Characters only when needed.
        var bytes = [UInt8]()
        bytes.reserveCapacity(name.utf8.count)
        var pendingSpace = false
        for byte in name.utf8 {
            guard byte < 0x80 else { return normalizeUnicode(name) }
            switch byte {
            case 0x5F, 0x2D, 0x20, 0x09, 0x0A, 0x0D:  // _ - space tab newlines
                pendingSpace = !bytes.isEmpty
            default:
                if pendingSpace { bytes.append(0x20) }
                pendingSpace = false
                bytes.append(byte >= 0x41 && byte <= 0x5A ? byte + 0x20 : byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func normalizeUnicode(_ name: String) -> String {
        var output = ""
        var pendingSpace = false
        for character in name.lowercased() {
            if character == "_" || character == "-" || character.isWhitespace {
                pendingSpace = !output.isEmpty
            } else {
                if pendingSpace { output.append(" ") }
                pendingSpace = false
                output.append(character)
            }
        }
        return output
    }
}

/// A coding key for objects whose keys are data (signal names).
fileprivate struct RuleFileKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { return nil }
}

fileprivate extension KeyedDecodingContainer {
    /// Rule files accept `"event": "X"`, `"event": ["X", "Y"]` and `"events": [...]` alike.
    func decodeOneOrMany<T: Decodable>(_ type: T.Type, singular: Key, plural: Key) throws -> [T]? {
        for key in singular.stringValue == plural.stringValue ? [singular] : [singular, plural] where contains(key) {
            if try decodeNil(forKey: key) { return nil }
            if let list = try? decode([T].self, forKey: key) { return list }
            // A list with a bad element should report that element, not "expected a single value".
            if (try? decode([JSONValue].self, forKey: key)) != nil { return try decode([T].self, forKey: key) }
            return [try decode(T.self, forKey: key)]
        }
        return nil
    }
}

fileprivate extension KeyedEncodingContainer {
    /// One element is written under the singular key as a scalar, more under the plural key as a list.
    mutating func encodeOneOrMany<T: Encodable>(_ values: [T]?, singular: Key, plural: Key) throws {
        guard let values else { return }
        if values.count == 1 {
            try encode(values[0], forKey: singular)
        } else {
            try encode(values, forKey: plural)
        }
    }
}
