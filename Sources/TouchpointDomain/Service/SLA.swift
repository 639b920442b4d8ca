import Foundation
import Tagged

/// How long we promise to take, in business minutes (time while the policy's calendar is open). Nil means no
/// promise for that metric, and no clock is shown for it.
public struct SLATargets: Sendable, Codable, Equatable, Hashable {
    /// From the case's creation to the first agent reply.
    public var firstResponseMinutes: Int?
    /// From a customer's follow-up (after we had replied) to our next reply.
    public var nextResponseMinutes: Int?
    /// From creation to resolution, excluding time waiting on the customer.
    public var resolutionMinutes: Int?

    /// The longest target a policy may set: a year of business minutes is already no promise at all.
    public static let longestTargetMinutes = 525_600

    public init(firstResponseMinutes: Int? = nil, nextResponseMinutes: Int? = nil, resolutionMinutes: Int? = nil) {
        self.firstResponseMinutes = firstResponseMinutes
        self.nextResponseMinutes = nextResponseMinutes
        self.resolutionMinutes = resolutionMinutes
    }

    private enum CodingKeys: String, CodingKey { case firstResponseMinutes, nextResponseMinutes, resolutionMinutes }

    /// Minutes are whole numbers: a fraction or a number beyond any integer is refused here, naming the field
    /// (Foundation's own error for them names neither the field nor the fault).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        func minutes(_ key: CodingKeys) throws -> Int? {
            guard let value = try container.decodeIfPresent(Double.self, forKey: key) else { return nil }
            guard let whole = Int(exactly: value) else {
                throw DecodingError.dataCorruptedError(forKey: key, in: container,
                                                       debugDescription: "\(key.stringValue) must be a whole number of minutes, not \(value)")
            }
            return whole
        }
        self.init(firstResponseMinutes: try minutes(.firstResponseMinutes), nextResponseMinutes: try minutes(.nextResponseMinutes),
                  resolutionMinutes: try minutes(.resolutionMinutes))
    }

    /// The target of one metric, in minutes.
    public func minutes(for metric: SLAMetric) -> Int? {
        switch metric {
        case .firstResponse: return firstResponseMinutes
        case .nextResponse: return nextResponseMinutes
        case .resolution: return resolutionMinutes
        }
    }
}

/// Targets for the cases of one priority and/or channel. Nil matches any, so one policy can say "urgent cases"
/// and "chat" and "urgent chat" separately; `SLAPolicy.targets` picks the most specific.
public struct SLATargetRule: Sendable, Codable, Equatable, Hashable {
    public var priority: CasePriority?
    public var channel: Channel?
    public var targets: SLATargets

    public init(priority: CasePriority? = nil, channel: Channel? = nil, targets: SLATargets) {
        self.priority = priority
        self.channel = channel
        self.targets = targets
    }

    /// Whether the rule applies to a case of this priority and channel.
    public func matches(priority: CasePriority, channel: Channel) -> Bool {
        (self.priority == nil || self.priority == priority) && (self.channel == nil || self.channel == channel)
    }

    /// 3 for priority and channel, 2 for priority only, 1 for channel only, 0 for a catch-all: priority says more
    /// about the promise than the channel does.
    public var specificity: Int { (priority == nil ? 0 : 2) + (channel == nil ? 0 : 1) }
}

/// A service-level agreement: the calendar business time is counted in, and targets per priority and channel.
public struct SLAPolicy: Sendable, Codable, Equatable {
    public var name: String
    public var calendar: BusinessCalendar
    public var rules: [SLATargetRule]
    /// Share of a target after which an open clock is shown as "at risk" (0.8 = with a fifth of the time left),
    /// so that agents act before the breach rather than after it.
    public var atRiskFraction: Double

    public init(name: String, calendar: BusinessCalendar, rules: [SLATargetRule], atRiskFraction: Double = 0.8) {
        self.name = name
        self.calendar = calendar
        self.rules = rules
        self.atRiskFraction = atRiskFraction
    }

    private enum CodingKeys: String, CodingKey { case name, calendar, rules, atRiskFraction }

    /// A stored policy without `atRiskFraction` gets the default 0.8.
    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decode(String.self, forKey: .name)
        calendar = try container.decode(BusinessCalendar.self, forKey: .calendar)
        rules = try container.decodeIfPresent([SLATargetRule].self, forKey: .rules) ?? []
        atRiskFraction = try container.decodeIfPresent(Double.self, forKey: .atRiskFraction) ?? 0.8
    }

    /// The targets for a case: the most specific matching rule wins (priority and channel, then priority only,
    /// then channel only, then a catch-all); among equally specific rules the first listed wins. No match: no targets.
    public func targets(priority: CasePriority, channel: Channel) -> SLATargets {
        var best: SLATargetRule?
        for rule in rules where rule.matches(priority: priority, channel: channel) {
            if best == nil || rule.specificity > best!.specificity { best = rule }
        }
        return best?.targets ?? SLATargets()
    }

    /// Checks the calendar, the at-risk fraction and that every target is positive.
    public func validate() throws {
        try calendar.validate()
        guard atRiskFraction > 0, atRiskFraction <= 1 else {
            throw ServiceRuleError.invalid("At-risk fraction \(atRiskFraction) must be above 0 and at most 1, e.g. 0.8 for \"at risk with a fifth of the time left\".")
        }
        for rule in rules {
            for metric in SLAMetric.allCases {
                if let minutes = rule.targets.minutes(for: metric), !(1...SLATargets.longestTargetMinutes).contains(minutes) {
                    throw ServiceRuleError.invalid("The \(metric.rawValue.replacingOccurrences(of: "_", with: " ")) target must be from 1 to \(SLATargets.longestTargetMinutes) minutes (a year), not \(minutes); leave it empty for no target.")
                }
            }
        }
    }

    /// Sensible defaults: Monday–Friday 09:00–17:00 Europe/Warsaw. A business day is 8 hours, so "1 day" below is
    /// 480 business minutes. Next response is half the first-response target.
    ///
    /// | priority | first response | next response | resolution |
    /// |---|---|---|---|
    /// | urgent | 30 min | 15 min | 4 h |
    /// | high | 1 h | 30 min | 2 days |
    /// | normal | 4 h | 2 h | 3 days |
    /// | low | 8 h | 4 h | 5 days |
    public static let standard = SLAPolicy(
        name: "Standard",
        calendar: BusinessCalendar(
            name: "Office hours (Warsaw)",
            timeZone: "Europe/Warsaw",
            weeklyHours: Dictionary(uniqueKeysWithValues: [Weekday.monday, .tuesday, .wednesday, .thursday, .friday]
                .map { ($0, [DayPeriod(start: "09:00", end: "17:00")]) })
        ),
        rules: [
            SLATargetRule(priority: .urgent, targets: SLATargets(firstResponseMinutes: 30, nextResponseMinutes: 15, resolutionMinutes: 4 * 60)),
            SLATargetRule(priority: .high, targets: SLATargets(firstResponseMinutes: 60, nextResponseMinutes: 30, resolutionMinutes: 2 * 480)),
            SLATargetRule(priority: .normal, targets: SLATargets(firstResponseMinutes: 4 * 60, nextResponseMinutes: 2 * 60, resolutionMinutes: 3 * 480)),
            SLATargetRule(priority: .low, targets: SLATargets(firstResponseMinutes: 8 * 60, nextResponseMinutes: 4 * 60, resolutionMinutes: 5 * 480)),
        ],
        atRiskFraction: 0.8
    )
}

/// What an SLA clock measures.
public enum SLAMetric: String, Sendable, Codable, CaseIterable, Hashable {
    case firstResponse = "first_response"
    case nextResponse = "next_response"
    case resolution
}

/// Where a clock stands, for badges and reports.
public enum SLAClockState: String, Sendable, Codable, CaseIterable, Hashable {
    /// Counting, with more than the at-risk margin left.
    case running
    /// Not counting because the case waits on the customer (pending) or is resolved/closed.
    case paused
    /// Counting, with less than the at-risk margin left.
    case atRisk = "at_risk"
    /// Still open and past its target.
    case breached
    /// Completed within the target.
    case achieved
    /// Completed after the target.
    case missed

    /// How bad a state is, for "the worst clock of a case": achieved < paused < running < missed < at risk < breached.
    public var severity: Int {
        switch self {
        case .achieved: return 0
        case .paused: return 1
        case .running: return 2
        case .missed: return 3
        case .atRisk: return 4
        case .breached: return 5
        }
    }
}

/// One status change of a case, in the case's history.
public struct CaseStatusChange: Sendable, Codable, Equatable, Hashable {
    public var at: Date
    public var status: CaseStatus

    public init(at: Date, status: CaseStatus) {
        self.at = at
        self.status = status
    }
}

/// What the SLA evaluator needs to know about a case: when it started, what it is, how its status moved and when
/// the customer and the agents wrote. The storage layer fills it from the case's rows.
public struct SLACaseHistory: Sendable, Codable, Equatable {
    public var createdAt: Date
    public var priority: CasePriority
    public var channel: Channel
    /// In time order; the case starts as `.new` at `createdAt`, so that status is not listed.
    public var statusChanges: [CaseStatusChange]
    /// Inbound messages from the customer.
    public var customerMessages: [Date]
    /// Outbound replies to the customer; internal notes are not replies and must not be listed.
    public var agentReplies: [Date]

    public init(
        createdAt: Date, priority: CasePriority, channel: Channel, statusChanges: [CaseStatusChange] = [],
        customerMessages: [Date] = [], agentReplies: [Date] = []
    ) {
        self.createdAt = createdAt
        self.priority = priority
        self.channel = channel
        self.statusChanges = statusChanges
        self.customerMessages = customerMessages
        self.agentReplies = agentReplies
    }
}

/// The state of one SLA clock of one case at a moment.
public struct SLAClock: Sendable, Equatable, Codable {
    public var metric: SLAMetric
    public var targetSeconds: Double
    /// Business seconds counted so far (up to completion, or up to `now` while open).
    public var elapsedBusinessSeconds: Double
    /// When the clock started: creation for first response and resolution, the customer's message for next response.
    public var startedAt: Date
    /// When the target is reached if nothing pauses the clock; for a breached clock, the moment it breached.
    /// Nil while paused (short of the target) and once completed.
    public var dueAt: Date?
    /// When the clock stopped for good: the reply, or the resolution. Nil while open.
    public var completedAt: Date?
    public var state: SLAClockState

    public init(
        metric: SLAMetric, targetSeconds: Double, elapsedBusinessSeconds: Double, startedAt: Date, dueAt: Date?,
        completedAt: Date?, state: SLAClockState
    ) {
        self.metric = metric
        self.targetSeconds = targetSeconds
        self.elapsedBusinessSeconds = elapsedBusinessSeconds
        self.startedAt = startedAt
        self.dueAt = dueAt
        self.completedAt = completedAt
        self.state = state
    }

    /// Business seconds left before the target (negative once over it).
    public var remainingBusinessSeconds: Double { targetSeconds - elapsedBusinessSeconds }
}

/// Computes SLA clocks from a case's history. Rules:
/// - Business time counts only while the policy's calendar is open **and** the case is new or open. Pending
///   (waiting on the customer) pauses every clock; resolved and closed stop them too, since nobody owes a reply.
/// - First response runs from creation to the first agent reply.
/// - Next response runs from the first customer message after one of our replies (the oldest unanswered one, so a
///   customer who writes "hello?" twice does not restart the clock) to our next reply.
/// - Resolution runs from creation to the resolution; a reopen continues it from what it had accumulated, and the
///   latest resolution completes it again.
/// - Everything after `now` in the history is ignored, so the same history can be replayed at any moment.
public enum SLAEvaluator {
    /// The current clocks of a case, in `SLAMetric` order: first response, the latest next-response cycle (if the
    /// customer ever followed up after a reply) and resolution. A metric without a target is omitted.
    public static func clocks(for history: SLACaseHistory, policy: SLAPolicy, now: Date) -> [SLAClock] {
        let targets = policy.targets(priority: history.priority, channel: history.channel)
        let timeline = Timeline(history, now: now)
        let replies = timeline.replies(history)
        var clocks: [SLAClock] = []
        if let minutes = targets.firstResponseMinutes {
            clocks.append(clock(
                .firstResponse, target: Double(minutes) * 60, start: history.createdAt, completedAt: replies.first,
                timeline: timeline, policy: policy, now: now
            ))
        }
        if let last = nextResponseCycles(for: history, policy: policy, now: now).last {
            clocks.append(last)
        }
        if let minutes = targets.resolutionMinutes {
            clocks.append(clock(
                .resolution, target: Double(minutes) * 60, start: history.createdAt, completedAt: timeline.resolvedAt,
                timeline: timeline, policy: policy, now: now
            ))
        }
        return clocks
    }

    /// Every next-response cycle of a case, completed and open, in time order: for each of our replies, the first
    /// customer message after it (and before our following reply) starts a cycle that our following reply ends.
    /// Empty without a next-response target.
    public static func nextResponseCycles(for history: SLACaseHistory, policy: SLAPolicy, now: Date) -> [SLAClock] {
        let targets = policy.targets(priority: history.priority, channel: history.channel)
        guard let minutes = targets.nextResponseMinutes else { return [] }
        let timeline = Timeline(history, now: now)
        let replies = timeline.replies(history)
        let messages = history.customerMessages.filter { $0 <= now }.sorted()
        var cycles: [SLAClock] = []
        for (index, reply) in replies.enumerated() {
            let following = index + 1 < replies.count ? replies[index + 1] : nil
            guard let start = messages.first(where: { $0 > reply && (following == nil || $0 < following!) }) else { continue }
            cycles.append(clock(
                .nextResponse, target: Double(minutes) * 60, start: start, completedAt: following,
                timeline: timeline, policy: policy, now: now
            ))
        }
        return cycles
    }

    /// One clock from its start to its completion (or `now`), with its state.
    static func clock(
        _ metric: SLAMetric, target: Double, start: Date, completedAt: Date?, timeline: Timeline, policy: SLAPolicy,
        now: Date
    ) -> SLAClock {
        let end = completedAt ?? now
        let measured = timeline.measure(from: start, to: end, target: target, calendar: policy.calendar)
        let elapsed = measured.elapsed
        let state: SLAClockState
        var dueAt: Date?
        if completedAt != nil {
            state = elapsed <= target ? .achieved : .missed
        } else if elapsed >= target {
            state = .breached
            dueAt = measured.reachedAt
        } else if !timeline.status(at: now).countsTowardsSLA {
            state = .paused
        } else {
            state = elapsed >= policy.atRiskFraction * target ? .atRisk : .running
            dueAt = policy.calendar.adding(businessSeconds: target - elapsed, to: max(now, start))
        }
        return SLAClock(
            metric: metric, targetSeconds: target, elapsedBusinessSeconds: elapsed, startedAt: start, dueAt: dueAt,
            completedAt: completedAt, state: state
        )
    }

    /// The case's statuses over time, up to `now`, as consecutive segments.
    struct Timeline {
        /// Each segment lasts from its start to the next segment's start (the last one to `now`).
        var segments: [CaseStatusChange]
        var createdAt: Date
        var now: Date

        init(_ history: SLACaseHistory, now: Date) {
            createdAt = history.createdAt
            self.now = now
            var segments = [CaseStatusChange(at: history.createdAt, status: .new)]
            let changes = history.statusChanges.enumerated()
                .sorted { $0.element.at == $1.element.at ? $0.offset < $1.offset : $0.element.at < $1.element.at }
                .map(\.element)
            for change in changes where change.at <= now {
                let at = max(change.at, history.createdAt)
                if at == segments[segments.count - 1].at {
                    segments[segments.count - 1].status = change.status
                    if segments.count >= 2, segments[segments.count - 2].status == change.status { segments.removeLast() }
                } else if change.status != segments[segments.count - 1].status {
                    segments.append(CaseStatusChange(at: at, status: change.status))
                }
            }
            self.segments = segments
        }

        /// Replies that answer the case (not before it was created, not after `now`), in time order.
        func replies(_ history: SLACaseHistory) -> [Date] {
            history.agentReplies.filter { $0 >= history.createdAt && $0 <= now }.sorted()
        }

        func status(at date: Date) -> CaseStatus {
            segments.last(where: { $0.at <= date })?.status ?? .new
        }

        /// When the case was last resolved, if it is resolved or closed now: the start of its final inactive stretch.
        var resolvedAt: Date? {
            guard let last = segments.last, !last.status.isActive else { return nil }
            var index = segments.count - 1
            while index > 0, !segments[index - 1].status.isActive { index -= 1 }
            return segments[index].at
        }

        /// Business seconds between two moments while the case counted towards the SLA, and when `target` of them
        /// had elapsed (if it had).
        func measure(from start: Date, to end: Date, target: Double, calendar: BusinessCalendar) -> (elapsed: Double, reachedAt: Date?) {
            var elapsed = 0.0
            var reachedAt: Date?
            guard end > start else { return (0, nil) }
            for (index, segment) in segments.enumerated() where segment.status.countsTowardsSLA {
                let segmentEnd = index + 1 < segments.count ? segments[index + 1].at : end
                let from = max(segment.at, start)
                let to = min(segmentEnd, end)
                guard to > from else { continue }
                let seconds = calendar.businessSeconds(from: from, to: to)
                if reachedAt == nil, elapsed + seconds >= target {
                    reachedAt = calendar.adding(businessSeconds: target - elapsed, to: from)
                }
                elapsed += seconds
            }
            return (elapsed, reachedAt)
        }
    }
}

extension CaseStatus {
    /// Whether SLA clocks count while a case is in this status: only new and open (someone on our side owes work).
    public var countsTowardsSLA: Bool { self == .new || self == .open }
}

/// How many clocks of each metric met their target, for the SLA report.
public struct SLAAchievement: Sendable, Codable, Equatable {
    public var metric: SLAMetric
    /// Completed within target.
    public var achieved: Int
    /// Completed over target.
    public var missed: Int
    /// Still open and already over target: as bad as a miss, counted now rather than when it finally completes.
    public var breachedOpen: Int
    /// achieved / (achieved + missed + breachedOpen); nil when there is nothing to judge yet.
    public var share: Double?

    public init(metric: SLAMetric, achieved: Int, missed: Int, breachedOpen: Int, share: Double?) {
        self.metric = metric
        self.achieved = achieved
        self.missed = missed
        self.breachedOpen = breachedOpen
        self.share = share
    }
}

/// Aggregates clocks of many cases into achievement figures.
public enum SLAReport {
    /// One entry per metric, in `SLAMetric` order (also for metrics without clocks, with a nil share). Running,
    /// at-risk and paused clocks are not judged yet and count nowhere.
    public static func achievement(_ clocks: [SLAClock]) -> [SLAAchievement] {
        SLAMetric.allCases.map { metric in
            let ofMetric = clocks.filter { $0.metric == metric }
            let achieved = ofMetric.filter { $0.state == .achieved }.count
            let missed = ofMetric.filter { $0.state == .missed }.count
            let breached = ofMetric.filter { $0.state == .breached }.count
            let judged = achieved + missed + breached
            return SLAAchievement(
                metric: metric, achieved: achieved, missed: missed, breachedOpen: breached,
                share: judged == 0 ? nil : Double(achieved) / Double(judged)
            )
        }
    }
}
