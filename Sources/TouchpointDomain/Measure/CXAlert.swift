import Foundation

/// What an alert watches: a pyramid indicator (for the company or one channel) or one of the channel page's figures for
/// a channel ("chat abandonment above 10 %"), against a threshold — the indicator's target unless one is given.
public struct AlertRule: Sendable, Equatable, Codable {
    public var id: String
    /// A pyramid indicator key, or a channel figure (`answeredShare`, `abandonedShare`, `waitP50Seconds`,
    /// `waitP90Seconds`, `csat`, `nps`, `firstContactResolution`, `resolutionMedianSeconds`) with a `channel`.
    public var indicator: String
    public var channel: Channel?
    public var threshold: Double?
    /// Which side of the threshold is good; a pyramid indicator's own direction when nil.
    public var direction: IndicatorDirection?

    public init(id: String, indicator: String, channel: Channel? = nil, threshold: Double? = nil, direction: IndicatorDirection? = nil) {
        self.id = id
        self.indicator = indicator
        self.channel = channel
        self.threshold = threshold
        self.direction = direction
    }

    /// The channel page's figures an alert can watch, with which way is better.
    public static let channelFigures: [String: IndicatorDirection] = Dictionary(
        uniqueKeysWithValues: ChannelReport.comparedFigures.map { ($0.key, $0.direction) })

    /// Every pyramid indicator against its target, for the whole company, and chat abandonment above 10 %.
    public static let defaults: [AlertRule] = CXIndicator.all.map { AlertRule(id: $0.key, indicator: $0.key) }
        + [AlertRule(id: "chat-abandonment", indicator: "abandonedShare", channel: .chat, threshold: 0.1)]

    /// The threshold and direction in force, or nil when the rule names nothing known.
    public func resolved(_ settings: MeasureSettings) -> (threshold: Double, direction: IndicatorDirection)? {
        if let indicator = CXIndicator.named(indicator) {
            return (threshold ?? settings.target(indicator), direction ?? indicator.direction)
        }
        guard channel != nil, let figureDirection = Self.channelFigures[indicator], let threshold else { return nil }
        return (threshold, direction ?? figureDirection)
    }

    /// Problems with the rule, each naming the field.
    public func problems(at index: Int) -> [String] {
        var problems = [String]()
        let field = "alertRules[\(index)]"
        if id.isEmpty || id.count > 80 { problems.append("\(field).id: 1–80 characters") }
        if CXIndicator.named(indicator) == nil {
            if Self.channelFigures[indicator] == nil {
                problems.append("\(field).indicator: a pyramid indicator or one of \(Self.channelFigures.keys.sorted().joined(separator: ", "))")
            } else {
                if channel == nil { problems.append("\(field).channel: a channel figure is watched on one channel") }
                if threshold == nil { problems.append("\(field).threshold: a channel figure needs a threshold") }
            }
        }
        if let channel, !CXChannel.all.contains(channel) { problems.append("\(field).channel: one of \(CXChannel.all.map(\.rawValue).joined(separator: ", "))") }
        if let threshold, !threshold.isFinite { problems.append("\(field).threshold: a number") }
        return problems
    }
}

/// An indicator crossed its threshold: it went off target (`breached`) or back on target (`recovered`).
public struct CXAlert: Sendable, Equatable {
    public enum Crossing: String, Sendable, Codable { case breached, recovered }

    /// Stable per crossing (`rule:number`), so two nodes that see the same crossing store it once.
    public var id: String
    public var ruleID: String
    public var indicator: String
    public var channel: Channel?
    public var value: Double
    public var threshold: Double
    public var direction: IndicatorDirection
    public var crossing: Crossing
    public var at: Date
    public var periodFrom: Date
    public var periodTo: Date

    public init(id: String, ruleID: String, indicator: String, channel: Channel?, value: Double, threshold: Double,
                direction: IndicatorDirection, crossing: Crossing, at: Date, periodFrom: Date, periodTo: Date) {
        self.id = id
        self.ruleID = ruleID
        self.indicator = indicator
        self.channel = channel
        self.value = value
        self.threshold = threshold
        self.direction = direction
        self.crossing = crossing
        self.at = at
        self.periodFrom = periodFrom
        self.periodTo = periodTo
    }
}

/// Where each rule stood at the last look, and how many times it has crossed (the next alert's number).
public struct AlertVerdicts: Sendable, Equatable, Codable {
    public var onTarget: [String: Bool]
    public var crossings: [String: Int]

    public init(onTarget: [String: Bool] = [:], crossings: [String: Int] = [:]) {
        self.onTarget = onTarget
        self.crossings = crossings
    }
}

/// Raises an alert once per crossing: when a rule's value goes from on target to off it (or is off target the first
/// time it is seen), and once more when it comes back. A value without data changes nothing.
public enum AlertWatch {
    /// - Parameter values: the current value per rule id (nil: no data in the period).
    public static func evaluate(_ rules: [AlertRule], values: [String: Double?], settings: MeasureSettings, previous: AlertVerdicts,
                                now: Date, period: (from: Date, to: Date)) -> (verdicts: AlertVerdicts, alerts: [CXAlert]) {
        var verdicts = previous
        var alerts = [CXAlert]()
        for rule in rules {
            guard let (threshold, direction) = rule.resolved(settings), let value = values[rule.id] ?? nil, value.isFinite else { continue }
            let onTarget = direction.meets(value, target: threshold)
            let before = previous.onTarget[rule.id]
            verdicts.onTarget[rule.id] = onTarget
            let crossing: CXAlert.Crossing?
            switch (before, onTarget) {
            case (nil, false), (true?, false): crossing = .breached
            case (false?, true): crossing = .recovered
            default: crossing = nil
            }
            guard let crossing else { continue }
            let number = (previous.crossings[rule.id] ?? 0) + 1
            verdicts.crossings[rule.id] = number
            alerts.append(CXAlert(id: "\(rule.id):\(number)", ruleID: rule.id, indicator: rule.indicator, channel: rule.channel, value: value,
                                  threshold: threshold, direction: direction, crossing: crossing, at: now, periodFrom: period.from, periodTo: period.to))
        }
        return (verdicts, alerts)
    }
}
