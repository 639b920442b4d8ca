import Foundation

/// One change of stage, with the event that caused it.
public struct StageTransition: Sendable, Equatable, Codable {
    /// nil for the entry into the cycle (the profile's first classified event).
    public var from: LifecycleStage?
    public var to: LifecycleStage
    public var at: Date
    public var eventId: String
    /// The channel of the causing event: journey analytics filter and split by it.
    public var channel: Channel
    /// The rule that won, so a stage can be explained and a rule's effect measured.
    public var ruleId: String

    public init(from: LifecycleStage?, to: LifecycleStage, at: Date, eventId: String, channel: Channel, ruleId: String) {
        self.from = from
        self.to = to
        self.at = at
        self.eventId = eventId
        self.channel = channel
        self.ruleId = ruleId
    }

    /// A move back to an earlier stage (only regression rules make these).
    public var isRegression: Bool { from.map { to < $0 } ?? false }

    enum CodingKeys: String, CodingKey { case from, to, at, eventId, channel, ruleId }

    /// `from` is written as null for the entry, as the API shows it, rather than left out.
    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(from, forKey: .from)
        try container.encode(to, forKey: .to)
        try container.encode(at, forKey: .at)
        try container.encode(eventId, forKey: .eventId)
        try container.encode(channel, forKey: .channel)
        try container.encode(ruleId, forKey: .ruleId)
    }
}

/// What the classifier remembers of a signal's occurrences: enough to decide every derived fact of the rule set.
public struct SignalHistory: Sendable, Equatable, Codable {
    /// One occurrence. `sequence` is the event's position in the profile's stream; it orders events with equal timestamps.
    public struct Occurrence: Sendable, Equatable, Codable {
        public var at: Date
        public var sequence: Int
    }

    public internal(set) var count: Int
    public internal(set) var first: Date
    public internal(set) var last: Occurrence
    /// The latest occurrences, oldest first. Only as many as the largest `atLeast` asking about this signal are kept:
    /// facts filter by "within N days" and "since", which both keep a most-recent suffix, so that is enough to decide them exactly.
    public internal(set) var recent: [Occurrence]
}

/// A profile's lifecycle, folded event by event. Codable, so storage can keep it and update it per new event.
public struct LifecycleState: Sendable, Equatable, Codable {
    /// The current stage; nil before any rule has matched.
    public internal(set) var stage: LifecycleStage?
    /// When the current stage was entered.
    public internal(set) var since: Date?
    /// Every change of stage, oldest first.
    public internal(set) var transitions: [StageTransition]
    /// The furthest stage ever reached (regressions do not lower it).
    public internal(set) var highestStage: LifecycleStage?
    /// Occurrence history per signal name.
    public internal(set) var signals: [String: SignalHistory]
    /// Events by the stage the profile was in after each event, and the event's channel.
    public internal(set) var touchpoints: StageChannelCounts
    public internal(set) var eventCount: Int
    public internal(set) var firstEventAt: Date?
    public internal(set) var lastEventAt: Date?

    public init() {
        stage = nil
        since = nil
        transitions = []
        highestStage = nil
        signals = [:]
        touchpoints = StageChannelCounts()
        eventCount = 0
        firstEventAt = nil
        lastEventAt = nil
    }

    /// Whether folding `event` next keeps the stream in time order. When it does not (a late event), the
    /// incremental result can differ from `replay`, so storage should replay the profile's events instead.
    public func isInOrder(_ event: LifecycleEvent) -> Bool {
        lastEventAt.map { event.timestamp >= $0 } ?? true
    }
}

/// Classifies a profile's event stream into lifecycle stages with a rule set.
///
/// For every event, in order:
/// 1. The signals the event is an occurrence of are recorded (so facts count the current event).
/// 2. Every rule is tested: its pattern, signals, fact and `fromStages` must all hold.
/// 3. A rule whose stage is later than the current one is a forward candidate; a `regression` rule whose
///    stage is earlier is a regression candidate; any other match changes nothing.
/// 4. If there are regression candidates, the profile moves back to the earliest of their stages (bad news wins over
///    good news in the same event); otherwise it moves forward to the latest forward candidate's stage.
///    Ties go to the rule listed first, so the outcome never depends on anything but the rules and the events.
///
/// The rule set's `lapse` adds one regression candidate, decided before the event's signals are recorded: the customer
/// stopped coming back (no activity for longer than the inactivity period, or a `Customer Lapsed` event carrying a low
/// P(alive)). It counts as listed after every rule, so a regression rule to the same stage names the cause instead.
///
/// Pure and deterministic: `replay(events)` equals folding the same time-ordered events with `apply` one by one.
public struct LifecycleClassifier: Sendable {
    public let rules: StageRuleSet
    private let names: EventNameTable
    private let signalMatchers: [SignalMatcher]
    private let compiledRules: [CompiledRule]
    /// The number of `Customer Lapsed` in the name table: only that event can carry a P(alive) lapse.
    private let lapseEventName: Int?

    /// A classifier for a validated copy of `rules`.
    public init(rules: StageRuleSet) throws(StageRuleError) {
        try rules.validate()
        self.init(trusted: rules)
    }

    /// The classifier for the shipped default rules.
    public init() {
        self.init(trusted: .default)
    }

    private init(trusted rules: StageRuleSet) {
        self.rules = rules
        var retention = [String: Int]()
        for rule in rules.rules {
            for fact in rule.facts {
                for name in fact.signals { retention[name] = max(retention[name] ?? 1, fact.atLeast) }
            }
        }
        // The lapse event's name is numbered too, so telling it apart costs an integer comparison per event.
        let lapsePatterns: [EventPattern] = rules.lapse == nil ? [] : [EventPattern.event(LapseRule.eventName)]
        let patterns: [EventPattern] = rules.signals.values.flatMap { $0 } + rules.rules.map(\.pattern) + lapsePatterns
        let names = EventNameTable(patterns)
        self.names = names
        lapseEventName = rules.lapse == nil ? nil : names.id(of: LapseRule.eventName)
        // Sorted names: signal recording order must not depend on dictionary order.
        let signalNames = rules.signals.keys.sorted()
        let signalIndex = Dictionary(uniqueKeysWithValues: signalNames.enumerated().map { ($0.element, $0.offset) })
        signalMatchers = signalNames.map { name in
            SignalMatcher(name: name, patterns: (rules.signals[name] ?? []).map { CompiledPattern($0, names: names) }, retention: retention[name] ?? 1)
        }
        compiledRules = rules.rules.map { CompiledRule($0, names: names, signalIndex: signalIndex) }
    }

    /// The names of the signals `event` is an occurrence of, sorted.
    public func signals(of event: LifecycleEvent) -> [String] {
        let name = names.id(of: event.name)
        return signalMatchers.filter { $0.matches(event, name: name) }.map(\.name)
    }

    /// Folds one event into `state`; returns the transition it caused, if any.
    @discardableResult
    public func apply(_ event: LifecycleEvent, to state: inout LifecycleState) -> StageTransition? {
        let sequence = state.eventCount
        state.eventCount += 1
        state.firstEventAt = min(state.firstEventAt ?? event.timestamp, event.timestamp)
        state.lastEventAt = max(state.lastEventAt ?? event.timestamp, event.timestamp)
        let name = names.id(of: event.name)
        // Decided on the state before this event: a purchase after a long silence is measured from the one before it.
        let lapse = rules.lapse?.decide(state, folding: event, isLapseEvent: name != nil && name == lapseEventName)

        var occurred = [Bool](repeating: false, count: signalMatchers.count)
        for (index, matcher) in signalMatchers.enumerated() where matcher.matches(event, name: name) {
            occurred[index] = true
            matcher.record(event.timestamp, sequence: sequence, in: &state.signals)
        }

        let current = state.stage
        var forward: (rule: CompiledRule, stage: LifecycleStage)?
        var backward: (rule: CompiledRule, stage: LifecycleStage)?
        for rule in compiledRules {
            if let fromStages = rule.fromStages {
                guard let current, fromStages.contains(current) else { continue }
            }
            let target = rule.stage
            let isForward = current.map { target > $0 } ?? true
            let isBackward = rule.regression && (current.map { target < $0 } ?? false)
            guard isForward || isBackward else { continue }
            // A candidate that could not beat the best one found so far need not be evaluated.
            if isForward, let best = forward, best.stage >= target { continue }
            if isBackward, let best = backward, best.stage <= target { continue }
            guard rule.pattern.matches(event, name: name) else { continue }
            if let required = rule.signals, !required.contains(where: { occurred[$0] }) { continue }
            if !rule.facts.allSatisfy({ $0.holds(in: state, at: event.timestamp) }) { continue }
            if isBackward { backward = (rule, target) } else { forward = (rule, target) }
        }

        var chosen = (backward ?? forward).map { (id: $0.rule.id, stage: $0.stage) }
        // The lapse is a regression listed after every rule: it beats forward moves, and loses ties to regression rules.
        if let lapse, let current, lapse.to < current, backward.map({ lapse.to < $0.stage }) ?? true {
            chosen = (id: lapse.ruleId, stage: lapse.to)
        }

        var transition: StageTransition?
        if let chosen {
            let change = StageTransition(from: current, to: chosen.stage, at: event.timestamp, eventId: event.id,
                                         channel: event.channel, ruleId: chosen.id)
            state.stage = chosen.stage
            state.since = event.timestamp
            state.transitions.append(change)
            state.highestStage = max(state.highestStage ?? chosen.stage, chosen.stage)
            transition = change
        }
        if let stage = state.stage { state.touchpoints.add(stage: stage, channel: event.channel) }
        return transition
    }

    /// Classifies a whole stream from scratch. Events are put in time order first (a stable sort, so events with
    /// equal timestamps keep the order given): replaying a profile's log after a rule change reproduces exactly what
    /// folding its events one by one in that order produces.
    public func replay(_ events: [LifecycleEvent]) -> LifecycleState {
        var state = LifecycleState()
        let ordered = events.enumerated().sorted {
            $0.element.timestamp != $1.element.timestamp ? $0.element.timestamp < $1.element.timestamp : $0.offset < $1.offset
        }
        for (_, event) in ordered { apply(event, to: &state) }
        return state
    }
}

// MARK: Compiled forms

/// Every event name a rule set mentions, normalised and numbered: an event's name is normalised and looked up
/// once, and patterns then compare small integers instead of hashing strings.
struct EventNameTable: Sendable {
    private let ids: [String: Int]

    init(_ patterns: [EventPattern]) {
        var ids = [String: Int]()
        for name in patterns.flatMap({ $0.events ?? [] }) {
            let key = LifecycleEventNames.normalize(name)
            if ids[key] == nil { ids[key] = ids.count }
        }
        self.ids = ids
    }

    /// The number of an event's name; nil when no pattern names it (or the event has no name).
    func id(of name: String?) -> Int? {
        name.flatMap { ids[LifecycleEventNames.normalize($0)] }
    }

    func id(ofNormalized key: String) -> Int? { ids[key] }
}

/// An event pattern prepared once per rule set: names numbered, conditions pre-split.
struct CompiledPattern: Sendable {
    let types: Set<MessageType>?
    let names: Set<Int>?
    let channels: Set<Channel>?
    let conditions: [CompiledCondition]

    init(_ pattern: EventPattern, names table: EventNameTable) {
        types = pattern.types.map(Set.init)
        names = pattern.events.map { Set($0.compactMap { table.id(ofNormalized: LifecycleEventNames.normalize($0)) }) }
        channels = pattern.channels.map(Set.init)
        conditions = pattern.conditions.map(CompiledCondition.init)
    }

    func matches(_ event: LifecycleEvent, name: Int?) -> Bool {
        if let types, !types.contains(event.type) { return false }
        if let channels, !channels.contains(event.channel) { return false }
        if let names {
            guard let name, names.contains(name) else { return false }
        }
        for condition in conditions where !condition.holds(for: event) { return false }
        return true
    }
}

struct SignalMatcher: Sendable {
    let name: String
    let patterns: [CompiledPattern]
    /// How many recent occurrences facts may need.
    let retention: Int

    func matches(_ event: LifecycleEvent, name: Int?) -> Bool {
        patterns.contains { $0.matches(event, name: name) }
    }

    func record(_ at: Date, sequence: Int, in signals: inout [String: SignalHistory]) {
        let occurrence = SignalHistory.Occurrence(at: at, sequence: sequence)
        guard signals[name] != nil else {
            signals[name] = SignalHistory(count: 1, first: at, last: occurrence, recent: [occurrence])
            return
        }
        // Mutated in place through the dictionary, so the `recent` buffer is not copied on every event.
        signals[name]!.count += 1
        signals[name]!.first = min(signals[name]!.first, at)
        signals[name]!.last = occurrence
        signals[name]!.recent.append(occurrence)
        let excess = signals[name]!.recent.count - retention
        if excess > 0 { signals[name]!.recent.removeFirst(excess) }
    }
}

struct CompiledFact: Sendable {
    let signals: [String]
    let atLeast: Int
    let window: TimeInterval?
    let since: [String]?

    init(_ fact: DerivedFact) {
        signals = fact.signals
        atLeast = fact.atLeast
        window = fact.withinDays.map { $0 * 86_400 }
        since = fact.since
    }

    func holds(in state: LifecycleState, at now: Date) -> Bool {
        var after = -1
        if let since {
            // "Since" a signal that never occurred cannot hold: there is nothing to have returned from.
            guard let latest = since.compactMap({ state.signals[$0]?.last.sequence }).max() else { return false }
            after = latest
        }
        let earliest = window.map { now.addingTimeInterval(-$0) }
        var counted = Set<Int>()
        for name in signals {
            for occurrence in state.signals[name]?.recent ?? [] where occurrence.sequence > after {
                if let earliest, occurrence.at < earliest { continue }
                counted.insert(occurrence.sequence)
            }
        }
        return counted.count >= atLeast
    }
}

struct CompiledRule: Sendable {
    let id: String
    let stage: LifecycleStage
    let regression: Bool
    let pattern: CompiledPattern
    /// Indexes into the classifier's signal list.
    let signals: [Int]?
    /// All must hold.
    let facts: [CompiledFact]
    let fromStages: Set<LifecycleStage>?

    init(_ rule: StageRule, names: EventNameTable, signalIndex: [String: Int]) {
        id = rule.id
        stage = rule.stage
        regression = rule.regression
        pattern = CompiledPattern(rule.pattern, names: names)
        signals = rule.signals.map { $0.compactMap { signalIndex[$0] } }
        facts = rule.facts.map(CompiledFact.init)
        fromStages = rule.fromStages.map(Set.init)
    }
}
