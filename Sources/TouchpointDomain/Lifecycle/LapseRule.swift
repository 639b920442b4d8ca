import Foundation

/// When engaged and loyal customers fall back because they stopped coming back.
///
/// Loyalty is a customer who "keeps coming back"; a stage reached years ago should not claim that of someone who
/// has gone. Either of two signs is enough:
/// - **inactivity**: no activity signal (by default a `purchase`) for more than `inactivityDays`, counted from the later of the
///   last activity and the entry into the current stage (a customer who has just reached the stage gets the whole
///   period, so a recommendation from a long-silent buyer does not make them engaged for a moment only);
/// - **P(alive)**: the value model's probability that the customer is still active is below `minimumPAlive`, used only
///   when the model was fitted after that same instant, so a probability computed before their latest return never
///   counts against them.
///
/// Inactivity needs nothing from outside the event log: the classifier checks it at every event (a purchase after two
/// silent years lapses the customer first), and a periodic sweep writes a `Customer Lapsed` event for customers who
/// send nothing at all. P(alive) comes from outside the log, so only a `Customer Lapsed` event that carries it applies
/// it; the event keeps the probability and the model's fit time, and a replay decides exactly as the sweep did.
///
/// JSON, `"lapse"` in the rule file (a key left out takes its default, `null` turns that test off):
/// `{"fromStages": ["engagement", "loyalty"], "stage": "experience", "activity": ["purchase"], "inactivityDays": 365, "minimumPAlive": 0.3}`.
public struct LapseRule: Sendable, Equatable, Codable {
    /// The rule id transitions record for a lapse by inactivity.
    public static let inactiveRuleID = "lapse-inactive"
    /// The rule id transitions record for a lapse by the value model's P(alive).
    public static let pAliveRuleID = "lapse-p-alive"
    /// The event the sweep writes on the person's timeline.
    public static let eventName = "Customer Lapsed"

    /// The stages that can lapse.
    public var fromStages: [LifecycleStage]
    /// Where a lapsed customer goes; earlier than every stage of `fromStages`.
    public var stage: LifecycleStage
    /// Signals that count as coming back: their latest occurrence restarts the inactivity clock.
    public var activity: [String]
    /// Days without activity after which (strictly) the customer lapses; nil: inactivity alone never lapses anyone.
    public var inactivityDays: Double?
    /// P(alive) below this lapses the customer; nil: the value model is not consulted.
    public var minimumPAlive: Double?

    /// The defaults: 365 days matches the repeat-purchase window of the default rules (after a year without an order,
    /// no purchase of theirs counts as a return any more), and 0.3 is the value model's own line between medium
    /// and high churn risk (`ChurnRiskThresholds.medium`).
    public init(fromStages: [LifecycleStage] = [.engagement, .loyalty], stage: LifecycleStage = .experience,
                activity: [String] = ["purchase"], inactivityDays: Double? = 365, minimumPAlive: Double? = 0.3) {
        self.fromStages = fromStages
        self.stage = stage
        self.activity = activity
        self.inactivityDays = inactivityDays
        self.minimumPAlive = minimumPAlive
    }

    /// The instant inactivity is counted from: the later of the last activity and the entry into the current stage.
    /// nil while the profile is in a stage that cannot lapse. Storage keeps it in an indexed column, so the sweep finds
    /// due customers without reading everyone's state.
    public func clock(of state: LifecycleState) -> Date? {
        guard let current = state.stage, fromStages.contains(current) else { return nil }
        // A loop rather than collections: the classifier asks at every event of an engaged or loyal customer.
        var latest = state.since
        for name in activity {
            if let at = state.signals[name]?.last.at, latest.map({ at > $0 }) ?? true { latest = at }
        }
        return latest
    }

    /// Whether the profile has stopped coming back at `now`: inactivity first (it needs nothing but the events),
    /// then the value model's estimate when one is given. Pure: the same state, time and estimate give the same answer.
    public func decide(_ state: LifecycleState, at now: Date, estimate: AliveEstimate? = nil) -> LapseDecision? {
        guard let from = state.stage, let clock = clock(of: state) else { return nil }
        // Strictly more than the period: a purchase exactly 365 days after the last one is still a repeat purchase
        // for the default rules' "within 365 days", and must not also be a lapse.
        if let days = inactivityDays, now.timeIntervalSince(clock) > days * 86_400 {
            let silent = Int((now.timeIntervalSince(clock) / 86_400).rounded(.down))
            let reason = "no \(activity.joined(separator: " or ")) for \(silent) days (last active \(Self.day(clock))); "
                + "the limit is \(Self.number(days)) days"
            var properties = Self.properties(rule: Self.inactiveRuleID, reason: reason, from: from, to: stage, clock: clock)
            properties["inactivityDays"] = .number(days)
            return LapseDecision(ruleId: Self.inactiveRuleID, from: from, to: stage, at: now, lastActive: clock, pAlive: nil,
                                 reason: reason, eventProperties: properties)
        }
        // A model fitted before the clock started knew nothing of the customer's latest return or step up.
        if let minimum = minimumPAlive, let estimate, estimate.pAlive < minimum, clock < estimate.fittedAt {
            let reason = "P(alive) \(String(format: "%.2f", estimate.pAlive)) is below \(Self.number(minimum)) "
                + "(value model fitted \(Self.day(estimate.fittedAt)); last active \(Self.day(clock)))"
            var properties = Self.properties(rule: Self.pAliveRuleID, reason: reason, from: from, to: stage, clock: clock)
            properties["pAlive"] = .number(estimate.pAlive)
            properties["minimumPAlive"] = .number(minimum)
            properties["modelFittedAt"] = .string(Timestamps.format(estimate.fittedAt))
            return LapseDecision(ruleId: Self.pAliveRuleID, from: from, to: stage, at: now, lastActive: clock, pAlive: estimate.pAlive,
                                 reason: reason, eventProperties: properties)
        }
        return nil
    }

    /// What every `Customer Lapsed` event says; built only once a lapse is decided (the check runs at every event).
    private static func properties(rule: String, reason: String, from: LifecycleStage, to: LifecycleStage, clock: Date) -> [String: JSONValue] {
        ["rule": .string(rule), "reason": .string(reason), "from": .string(from.rawValue), "stage": .string(to.rawValue),
         "lastActiveAt": .string(Timestamps.format(clock))]
    }

    private static func day(_ date: Date) -> String { String(Timestamps.format(date).prefix(10)) }

    /// The decision while folding `event`: inactivity at the event's time, and P(alive) only when the event is a
    /// `Customer Lapsed` event carrying the estimate the sweep used. Called before the event's own signals are
    /// recorded, so a purchase after a long silence is measured from the purchase before it.
    func decide(_ state: LifecycleState, folding event: LifecycleEvent, isLapseEvent: Bool) -> LapseDecision? {
        decide(state, at: event.timestamp, estimate: isLapseEvent ? AliveEstimate(recordedIn: event.properties) : nil)
    }

    /// What makes the settings unusable (unknown activity signals are checked by the rule set, which knows them).
    var problems: [String] {
        var found = [String]()
        if fromStages.isEmpty { found.append("an empty fromStages list never applies") }
        for from in fromStages where !(stage < from) {
            found.append("stage \(stage.rawValue) is not earlier than \(from.rawValue): a lapse moves a customer back")
        }
        if activity.isEmpty { found.append("the activity list is empty: nothing would count as coming back") }
        if let days = inactivityDays, !(days > 0) { found.append("inactivityDays must be positive") }
        if let minimum = minimumPAlive, !(minimum > 0 && minimum <= 1) { found.append("minimumPAlive must be above 0 and at most 1") }
        if inactivityDays == nil && minimumPAlive == nil {
            found.append("neither inactivityDays nor minimumPAlive is set, so it never applies (leave \"lapse\" out instead)")
        }
        return found
    }

    private static func number(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }

    enum CodingKeys: String, CodingKey { case fromStages, stage, activity, inactivityDays, minimumPAlive }

    public init(from decoder: Decoder) throws {
        let defaults = LapseRule()
        let container = try decoder.container(keyedBy: CodingKeys.self)
        fromStages = try container.decodeIfPresent([LifecycleStage].self, forKey: .fromStages) ?? defaults.fromStages
        stage = try container.decodeIfPresent(LifecycleStage.self, forKey: .stage) ?? defaults.stage
        if let list = try? container.decode([String].self, forKey: .activity) {
            activity = list
        } else if let one = try container.decodeIfPresent(String.self, forKey: .activity) {
            activity = [one]
        } else {
            activity = defaults.activity
        }
        // Left out: the default. Written as null: off. The difference matters, so `contains` is asked first.
        if container.contains(.inactivityDays) {
            inactivityDays = try container.decodeIfPresent(Double.self, forKey: .inactivityDays)
        } else {
            inactivityDays = defaults.inactivityDays
        }
        if container.contains(.minimumPAlive) {
            minimumPAlive = try container.decodeIfPresent(Double.self, forKey: .minimumPAlive)
        } else {
            minimumPAlive = defaults.minimumPAlive
        }
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(fromStages, forKey: .fromStages)
        try container.encode(stage, forKey: .stage)
        try container.encode(activity, forKey: .activity)
        // A test that is off is written as null: left out, it would read back as the default and be on again.
        if let inactivityDays { try container.encode(inactivityDays, forKey: .inactivityDays) } else { try container.encodeNil(forKey: .inactivityDays) }
        if let minimumPAlive { try container.encode(minimumPAlive, forKey: .minimumPAlive) } else { try container.encodeNil(forKey: .minimumPAlive) }
    }
}

/// The value model's estimate for one customer: P(alive), and when the model was fitted (purchases after that are
/// not in the probability).
public struct AliveEstimate: Sendable, Equatable {
    public var pAlive: Double
    public var fittedAt: Date

    public init(pAlive: Double, fittedAt: Date) {
        self.pAlive = pAlive
        self.fittedAt = fittedAt
    }

    /// The estimate a `Customer Lapsed` event recorded for a P(alive) lapse; nil for any other event.
    init?(recordedIn properties: [String: JSONValue]) {
        guard properties["rule"]?.stringValue == LapseRule.pAliveRuleID, let pAlive = properties["pAlive"]?.doubleValue,
              let text = properties["modelFittedAt"]?.stringValue, let fittedAt = Timestamps.parse(text) else { return nil }
        self.init(pAlive: pAlive, fittedAt: fittedAt)
    }
}

/// A customer who stopped coming back, and why: what the sweep writes as a `Customer Lapsed` event and the
/// classifier turns into a transition.
public struct LapseDecision: Sendable, Equatable {
    /// `lapse-inactive` or `lapse-p-alive`.
    public var ruleId: String
    public var from: LifecycleStage
    public var to: LifecycleStage
    /// When the lapse was decided.
    public var at: Date
    /// The later of the last activity and the entry into `from`.
    public var lastActive: Date
    /// The probability that decided a P(alive) lapse.
    public var pAlive: Double?
    /// One sentence for the timeline and the API.
    public var reason: String
    /// The properties of the `Customer Lapsed` event: the rule, the reason, and what a replay needs to decide the same.
    public var eventProperties: [String: JSONValue]

    public init(ruleId: String, from: LifecycleStage, to: LifecycleStage, at: Date, lastActive: Date, pAlive: Double?,
                reason: String, eventProperties: [String: JSONValue]) {
        self.ruleId = ruleId
        self.from = from
        self.to = to
        self.at = at
        self.lastActive = lastActive
        self.pAlive = pAlive
        self.reason = reason
        self.eventProperties = eventProperties
    }
}
