import Foundation
import Tagged

/// Next best action for one person at one moment: every candidate action either passes the rules and is ranked by
/// propensity × value × business weight, or is removed with the rule that removed it, so every decision can be
/// explained ("why did she not get the soundbar offer?" → `cap_week`).
///
/// Service before marketing: while the person has an open case, a detractor answer or a bad experience in the last
/// ``ArbitrationPolicy/serviceFirstDays`` days, marketing and cross-sell actions are removed (`service_first`) and
/// service actions rank before all others whatever their scores. Selling to someone whose problem is still open
/// costs more goodwill than the sale brings.
public enum Arbitration {
    /// Decides for one person. Pure: everything it reads is in `request`, `policy` and `now`.
    /// `propensity`, when given, is asked for the actions that pass every rule only, in the candidates' order
    /// (a Thompson draw costs something, and most of a large catalogue is removed by its rules); otherwise
    /// ``ArbitrationRequest/propensities`` is read.
    public static func decide(_ request: ArbitrationRequest, policy: ArbitrationPolicy = .standard, now: Date,
                              propensity: ((ActionDefinition) -> Double)? = nil) -> ArbitrationResult {
        let serviceFirst = needsServiceFirst(request.facts, now: now, days: policy.serviceFirstDays)
        let quiet = policy.quietChannels.contains(request.channel) && policy.isQuiet(at: now, timeZone: request.timeZone)
        var removed = [RemovedAction]()
        // Each passing action with its place in the candidates.
        var passing = [(ranked: RankedAction, index: Int)]()
        // The facts' document is built once, and only if an action's eligibility reads it.
        var built: [String: JSONValue]?
        let facts = request.facts
        let document = { () -> [String: JSONValue] in
            if let built { return built }
            let fresh = facts.document(now: now)
            built = fresh
            return fresh
        }
        // Through a pointer, each action is read where it lies, a field at a time: a catalogue of hundreds is walked on
        // every decision, and handing an action to a function copied it whole (each of its texts, channels and rules
        // retained and released), a fifth of the arbitration's time.
        request.candidates.withUnsafeBufferPointer { candidates in
            guard let first = candidates.baseAddress else { return }
            for index in candidates.indices {
                let action = first + index
                if let reason = firstRule(removing: action, request, policy: policy, now: now, serviceFirst: serviceFirst,
                                          quiet: quiet, document: document) {
                    removed.append(RemovedAction(id: action.pointee.id, kind: action.pointee.kind, reason: reason))
                } else {
                    passing.append((rank(action, request, policy: policy, serviceFirst: serviceFirst,
                                         given: propensity?(action.pointee)), index))
                }
            }
        }
        // Places sorted rather than the actions themselves, by keys taken out once: comparing two ranked actions copied
        // both (retaining their strings) on every comparison, a quarter of the arbitration's time. The ids, the last
        // tie-break, are read only for equal scores.
        let keys = passing.map { RankKey(serviceFirst: serviceFirst && $0.ranked.kind == .service, score: $0.ranked.score) }
        let order = keys.indices.sorted { left, right in
            if keys[left].serviceFirst != keys[right].serviceFirst { return keys[left].serviceFirst }
            if keys[left].score != keys[right].score { return keys[left].score > keys[right].score }
            return passing[left].ranked.id.rawValue < passing[right].ranked.id.rawValue
        }

        // The control group is drawn only among actions that would really be shown, so treated and control people
        // differ in nothing but the showing; the slot a held-out action leaves goes to the next best.
        var shown = [RankedAction]()
        var controlGroup = [ActionID]()
        let limit = max(0, request.limit)
        // Commercial contacts (offers, cross-sell, retention) the person had in the last 24 hours, over every action:
        // overall and on this channel. Service and advice are never capped here.
        var commercialToday = 0, commercialHereToday = 0
        let today = request.history.filter { $0.kind == .shown && now.timeIntervalSince($0.at) < 86_400 }
        if !today.isEmpty {
            let kinds = Dictionary(request.candidates.map { ($0.id, $0.kind) }, uniquingKeysWith: { first, _ in first })
            for contact in today where kinds[contact.actionID]?.needsMarketingConsent == true {
                commercialToday += 1
                if contact.channel == request.channel { commercialHereToday += 1 }
            }
        }
        for place in order {
            let (candidate, index) = passing[place]
            let commercial = candidate.kind.needsMarketingConsent
            if shown.count >= limit {
                removed.append(RemovedAction(id: candidate.id, kind: candidate.kind, reason: .limit))
            } else if commercial, commercialToday >= policy.commercialPerDay {
                removed.append(RemovedAction(id: candidate.id, kind: candidate.kind, reason: .capOverall))
            } else if commercial, commercialHereToday >= policy.commercialPerChannelPerDay {
                removed.append(RemovedAction(id: candidate.id, kind: candidate.kind, reason: .capChannel))
            } else if inControlGroup(action: candidate.id, person: request.facts.profileID, percent: request.candidates[index].controlGroupPercent) {
                removed.append(RemovedAction(id: candidate.id, kind: candidate.kind, reason: .controlGroup))
                controlGroup.append(candidate.id)
            } else {
                shown.append(candidate)
                if commercial {
                    commercialToday += 1
                    commercialHereToday += 1
                }
            }
        }
        return ArbitrationResult(actions: shown, removed: removed, serviceFirst: serviceFirst, controlGroup: controlGroup)
    }

    /// Whether service comes first for the person: an open case, or a detractor answer or bad experience within `days`.
    public static func needsServiceFirst(_ facts: ProfileFacts, now: Date, days: Double) -> Bool {
        if facts.openCases > 0 { return true }
        if facts.feedback.detractor(withinDays: days, now: now) || facts.feedback.badExperience(withinDays: days, now: now) { return true }
        // Storage may fill only the last NPS answer; a 0–6 there is a detractor too.
        if let score = facts.feedback.lastNPS, let at = facts.feedback.lastNPSAt, SurveyType.nps.band(score) == .bad {
            return RecentWindow.contains(at, days: days, now: now)
        }
        return false
    }

    /// Whether the person is in the action's control group: a stable hash of (action, person), so the same person is
    /// held out of the same action on every decision, on every node, and each action holds out different people.
    public static func inControlGroup(action: ActionID, person: ProfileID, percent: Int) -> Bool {
        let share = min(percent, ActionDefinition.maximumControlGroupPercent)
        guard share > 0 else { return false }
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325  // FNV-1a
        for byte in ("control|" + action.rawValue + "|" + person.rawValue).utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        // FNV's low bits follow the last bytes closely (ids p1, p2, … differ only there); a finaliser mixes every
        // bit into the bucket before it is taken modulo 100.
        hash ^= hash >> 33
        hash = hash &* 0xff51_afd7_ed55_8ccd
        hash ^= hash >> 33
        return Int(hash % 100) < share
    }

    /// The first rule that removes the action, or nil. The order is the order a person asks "why not?": whether the
    /// action exists here and now and is meant for this person, then whether policy allows contact, then the caps;
    /// quiet hours last, as they only mean "not now".
    static func firstRule(removing action: UnsafePointer<ActionDefinition>, _ request: ArbitrationRequest, policy: ArbitrationPolicy, now: Date,
                          serviceFirst: Bool, quiet: Bool, document: () -> [String: JSONValue]) -> RemovalReason? {
        if let from = action.pointee.validFrom, now < from { return .outsideValidity }
        if let until = action.pointee.validUntil, now >= until { return .outsideValidity }
        if !action.pointee.channels.contains(request.channel) { return .channel }
        if let placement = request.placement, !action.pointee.placements.isEmpty,
           !action.pointee.placements.contains(where: { $0.caseInsensitiveCompare(placement) == .orderedSame }) {
            return .channel
        }
        if !action.pointee.eligibility.admits(request.facts, memberOf: request.memberOf, now: now, document: document) { return .notEligible }
        if serviceFirst && action.pointee.kind.isPromotional { return .serviceFirst }
        if request.consent.blockedChannels.contains(request.channel) || (action.pointee.kind.needsMarketingConsent && !request.consent.marketing) {
            return .noConsent
        }
        let id = action.pointee.id
        // Contacts stamped slightly ahead of `now` (another node's clock) count: `now - at` is then negative.
        func count(_ kind: OfferContact.Kind, withinDays days: Double) -> Int {
            var total = 0
            for contact in request.history where contact.kind == kind && contact.actionID == id && now.timeIntervalSince(contact.at) < days * 86_400 {
                total += 1
            }
            return total
        }
        if count(.dismissed, withinDays: policy.dismissalCooldownDays) > 0 { return .recentlyDismissed }
        if let cap = action.pointee.caps.perPersonPerDay, count(.shown, withinDays: 1) >= cap { return .capDay }
        if let cap = action.pointee.caps.perPersonPerWeek, count(.shown, withinDays: 7) >= cap { return .capWeek }
        if let budget = action.pointee.caps.totalBudget, request.budgetUsed[action.pointee.id, default: 0] >= budget { return .budget }
        if quiet { return .quietHours }
        return nil
    }

    static func rank(_ action: UnsafePointer<ActionDefinition>, _ request: ArbitrationRequest, policy: ArbitrationPolicy, serviceFirst: Bool,
                     given sampled: Double? = nil) -> RankedAction {
        let given = sampled ?? request.propensities[action.pointee.id] ?? policy.defaultPropensity
        let propensity = given.isNaN ? policy.defaultPropensity : min(max(given, 0), 1)
        // A negative value would rank a likely acceptance below an unlikely one; nothing is worth less than nothing here.
        let value = max(0, action.pointee.value.amount(clv: request.facts.value.clv, margin: request.facts.value.margin))
        let weight = action.pointee.businessWeight.isFinite && action.pointee.businessWeight > 0 ? action.pointee.businessWeight : 0
        let score = propensity * value * weight
        return RankedAction(id: action.pointee.id, kind: action.pointee.kind, score: score.isFinite ? score : 0, propensity: propensity, value: value,
                            weight: weight, reason: serviceFirst && action.pointee.kind == .service ? RemovalReason.serviceFirst.rawValue : "score")
    }
}

/// What the ranking sorts by: service first (when it comes first), then the score, highest first; equal scores then go
/// by id, so a decision is reproducible.
private struct RankKey {
    var serviceFirst: Bool
    var score: Double
}

/// Everything one decision reads.
public struct ArbitrationRequest: Sendable {
    public var facts: ProfileFacts
    public var candidates: [ActionDefinition]
    /// The segments the person is in (the segment projection's answer).
    public var memberOf: Set<SegmentID>
    /// The person's offer history: shows and outcomes of every action, any channel.
    public var history: [OfferContact]
    public var consent: ConsentFlags
    /// Where the decision will be shown.
    public var channel: Channel
    public var placement: String?
    /// The person's IANA time zone (the `timezone` trait); the policy's default when nil.
    public var timeZone: String?
    /// Acceptance probability per action, e.g. Thompson samples from ``PropensityModel``; the policy's default when absent.
    public var propensities: [ActionID: Double]
    /// How many times each action has been shown to anyone, for ``ActionCaps/totalBudget``.
    public var budgetUsed: [ActionID: Int]
    /// How many actions to return at most.
    public var limit: Int

    public init(facts: ProfileFacts, candidates: [ActionDefinition], memberOf: Set<SegmentID> = [], history: [OfferContact] = [],
                consent: ConsentFlags, channel: Channel, placement: String? = nil, timeZone: String? = nil,
                propensities: [ActionID: Double] = [:], budgetUsed: [ActionID: Int] = [:], limit: Int = 3) {
        self.facts = facts
        self.candidates = candidates
        self.memberOf = memberOf
        self.history = history
        self.consent = consent
        self.channel = channel
        self.placement = placement
        self.timeZone = timeZone
        self.propensities = propensities
        self.budgetUsed = budgetUsed
        self.limit = limit
    }
}

/// One earlier show or outcome of an action for the person (the `Offer …` events on the timeline).
public struct OfferContact: Sendable, Equatable, Codable {
    /// `shown` is the decision that returned the action; the others are the `Offer Viewed / Accepted / Dismissed` events.
    /// Caps count `shown` only, so a show and its view are not counted twice.
    public enum Kind: String, Sendable, Codable { case shown, viewed, accepted, dismissed }

    public var actionID: ActionID
    public var kind: Kind
    public var at: Date
    public var channel: Channel

    public init(actionID: ActionID, kind: Kind, at: Date, channel: Channel) {
        self.actionID = actionID
        self.kind = kind
        self.at = at
        self.channel = channel
    }
}

/// What the person agreed to. Without marketing consent only service, advice and other non-commercial actions
/// are offered; a blocked channel (an unsubscribed e-mail, a phone on the do-not-call list) gets nothing.
public struct ConsentFlags: Sendable, Equatable, Codable {
    public var marketing: Bool
    public var blockedChannels: Set<Channel>

    public init(marketing: Bool, blockedChannels: Set<Channel> = []) {
        self.marketing = marketing
        self.blockedChannels = blockedChannels
    }
}

/// The knobs of arbitration; the defaults are what the demo company runs with.
public struct ArbitrationPolicy: Sendable, Equatable, Codable {
    /// How long a detractor answer or a bad experience puts service first.
    public var serviceFirstDays: Double
    /// An action the person dismissed is not offered again for this long.
    public var dismissalCooldownDays: Double
    /// Local hours with no outbound actions: from `quietFromHour` to `quietUntilHour` the next morning.
    public var quietFromHour: Int
    public var quietUntilHour: Int
    public var defaultTimeZone: String
    /// Channels that reach a person who did not ask (a mail, a call, a push or text message); quiet hours apply to
    /// them only, as someone on the web site or in the store at 23:00 is there by choice.
    public var quietChannels: Set<Channel>
    /// The propensity of an action with none given: the mean of the default prior Beta(1, 9).
    public var defaultPropensity: Double
    /// Commercial contacts (marketing, cross-sell, retention) a person may get in 24 hours, over all actions and channels…
    public var commercialPerDay: Int
    /// …and on one channel.
    public var commercialPerChannelPerDay: Int

    public static let standard = ArbitrationPolicy()

    public init(serviceFirstDays: Double = 30, dismissalCooldownDays: Double = 14, quietFromHour: Int = 21, quietUntilHour: Int = 8,
                defaultTimeZone: String = "Europe/Warsaw", quietChannels: Set<Channel> = [.email, .phone, .mobile],
                defaultPropensity: Double = 0.1, commercialPerDay: Int = 4, commercialPerChannelPerDay: Int = 3) {
        self.serviceFirstDays = serviceFirstDays
        self.dismissalCooldownDays = dismissalCooldownDays
        self.quietFromHour = quietFromHour
        self.quietUntilHour = quietUntilHour
        self.defaultTimeZone = defaultTimeZone
        self.quietChannels = quietChannels
        self.defaultPropensity = defaultPropensity
        self.commercialPerDay = commercialPerDay
        self.commercialPerChannelPerDay = commercialPerChannelPerDay
    }

    /// Quiet hours are the survey contact policy's, read the same way (the person's zone, else the default).
    func isQuiet(at now: Date, timeZone: String?) -> Bool {
        ContactPolicy(cooldownDays: 0, quietFromHour: quietFromHour, quietUntilHour: quietUntilHour, defaultTimeZone: defaultTimeZone)
            .isQuiet(at: now, timeZone: timeZone)
    }
}

/// Why an action was not returned; the raw value is what the decision log and the API show.
public enum RemovalReason: String, Sendable, Codable, CaseIterable {
    /// The action does not apply here (not now, not this channel, not for this person) or ranked below the limit: a
    /// summarized result counts these instead of listing them.
    public var isNotApplicable: Bool {
        switch self {
        case .outsideValidity, .channel, .notEligible, .limit: true
        default: false
        }
    }

    case outsideValidity = "outside_validity"
    /// Not made for this channel or placement.
    case channel
    case notEligible = "not_eligible"
    case serviceFirst = "service_first"
    case noConsent = "no_consent"
    case recentlyDismissed = "recently_dismissed"
    case capDay = "cap_day"
    case capWeek = "cap_week"
    /// The person had as many commercial contacts in 24 hours as the policy allows, over every action and channel.
    case capOverall = "cap_overall"
    /// … or on this channel.
    case capChannel = "cap_channel"
    case budget
    case quietHours = "quiet_hours"
    /// Held out to measure uplift: the person would have been shown it.
    case controlGroup = "control_group"
    /// Passed every rule but ranked below the request's limit.
    case limit
}

/// An action returned, best first.
public struct RankedAction: Sendable, Equatable, Codable {
    public var id: ActionID
    public var kind: ActionKind
    /// propensity × value × weight.
    public var score: Double
    public var propensity: Double
    public var value: Double
    public var weight: Double
    /// `service_first` for a service action put first because service comes first, else `score`.
    public var reason: String

    public init(id: ActionID, kind: ActionKind, score: Double, propensity: Double, value: Double, weight: Double, reason: String) {
        self.id = id
        self.kind = kind
        self.score = score
        self.propensity = propensity
        self.value = value
        self.weight = weight
        self.reason = reason
    }
}

/// An action not returned and the rule that removed it.
public struct RemovedAction: Sendable, Equatable, Codable {
    public var id: ActionID
    public var kind: ActionKind
    public var reason: RemovalReason

    public init(id: ActionID, kind: ActionKind, reason: RemovalReason) {
        self.id = id
        self.kind = kind
        self.reason = reason
    }
}

/// The decision: what to show, what was removed and why; logged on the person's timeline as it is.
public struct ArbitrationResult: Sendable, Equatable, Codable {
    public var actions: [RankedAction]
    public var removed: [RemovedAction]
    /// Whether service-before-marketing was in force for the person.
    public var serviceFirst: Bool
    /// Actions the person was held out of; the uplift measurement reads them from the decision log.
    public var controlGroup: [ActionID]

    /// Actions that were never for this person here and now — another channel or placement, outside their dates, not
    /// eligible — and those ranked below the limit, counted by reason once ``summarized()`` has moved them out of `removed`.
    public var notApplicable: [String: Int] = [:]

    public init(actions: [RankedAction], removed: [RemovedAction], serviceFirst: Bool, controlGroup: [ActionID], notApplicable: [String: Int] = [:]) {
        self.actions = actions
        self.removed = removed
        self.serviceFirst = serviceFirst
        self.controlGroup = controlGroup
        self.notApplicable = notApplicable
    }

    /// The rule that removed an action, or nil when it was returned (or not a candidate, or summarized as not applicable).
    public func reason(for id: ActionID) -> RemovalReason? { removed.first { $0.id == id }?.reason }

    /// Reasons that say the action does not apply to the person here at all, or only that better ones filled the
    /// places asked for, rather than that a contact rule held it back.
    public static let notApplicableReasons = Set(RemovalReason.allCases.filter(\.isNotApplicable))

    /// The result as it is logged and answered: removals by contact policy listed action by action (what "why not?"
    /// asks about: service first, consent, caps, dismissals, quiet hours, budget, control group); the actions that do
    /// not apply, and those ranked below the limit, counted by reason. A catalogue of hundreds of actions would otherwise
    /// log and answer hundreds of "not for this channel" or "ranked lower" lines with every decision.
    public func summarized() -> ArbitrationResult {
        var result = self
        result.removed = []
        // Counted per reason first, then named: a catalogue of hundreds would otherwise hash a reason's name per action
        // (a reason hashes as its name, so even a set of reasons was asked with a string's hash).
        var outsideValidity = 0, channel = 0, notEligible = 0, limit = 0
        for removal in removed {
            switch removal.reason {
            case .outsideValidity: outsideValidity += 1
            case .channel: channel += 1
            case .notEligible: notEligible += 1
            case .limit: limit += 1
            default: result.removed.append(removal)
            }
        }
        for (reason, count) in [(RemovalReason.outsideValidity, outsideValidity), (.channel, channel), (.notEligible, notEligible), (.limit, limit)] where count > 0 {
            result.notApplicable[reason.rawValue, default: 0] += count
        }
        return result
    }

    private enum CodingKeys: String, CodingKey { case actions, removed, serviceFirst, controlGroup, notApplicable }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(actions: try container.decode([RankedAction].self, forKey: .actions), removed: try container.decode([RemovedAction].self, forKey: .removed),
                  serviceFirst: try container.decode(Bool.self, forKey: .serviceFirst), controlGroup: try container.decode([ActionID].self, forKey: .controlGroup),
                  notApplicable: try container.decodeIfPresent([String: Int].self, forKey: .notApplicable) ?? [:])
    }
}
