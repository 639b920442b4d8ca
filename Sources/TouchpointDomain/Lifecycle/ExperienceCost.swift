import Foundation

/// The figures behind "what a bad experience costs". Every one is configurable; the defaults are the seed's.
public struct ExperienceCostSettings: Sendable, Equatable, Codable {
    /// Signals (of the rule set) that are negative experiences, counted separately and together.
    public var negativeSignals: [String]
    /// Signals that are a poor service contact (unresolved, escalated, long wait, low CSAT).
    public var poorContactSignals: [String]
    public var checkoutSignals: [String]
    public var purchaseSignals: [String]
    /// How many people each unhappy customer tells (the classic word-of-mouth figure is about 8).
    public var peoplePerUnhappyCustomer: Double
    /// A checkout is "after a poor contact" when one happened up to this many days before it, or while it was open.
    public var contactWindowDays: Double
    /// A checkout is abandoned when no order follows within this many days.
    public var orderWindowDays: Double
    /// When known, lost orders are also shown as money.
    public var averageOrderValue: Decimal?

    public init(negativeSignals: [String] = StageRuleSet.badExperienceSignals, poorContactSignals: [String] = ["poorServiceContact"],
                checkoutSignals: [String] = ["checkout"], purchaseSignals: [String] = ["purchase"], peoplePerUnhappyCustomer: Double = 8,
                contactWindowDays: Double = 7, orderWindowDays: Double = 7, averageOrderValue: Decimal? = nil) {
        self.negativeSignals = negativeSignals
        self.poorContactSignals = poorContactSignals
        self.checkoutSignals = checkoutSignals
        self.purchaseSignals = purchaseSignals
        self.peoplePerUnhappyCustomer = peoplePerUnhappyCustomer
        self.contactWindowDays = contactWindowDays
        self.orderWindowDays = orderWindowDays
        self.averageOrderValue = averageOrderValue
    }

    public init(from decoder: Decoder) throws {
        let defaults = ExperienceCostSettings()
        let container = try decoder.container(keyedBy: CodingKeys.self)
        negativeSignals = try container.decodeIfPresent([String].self, forKey: .negativeSignals) ?? defaults.negativeSignals
        poorContactSignals = try container.decodeIfPresent([String].self, forKey: .poorContactSignals) ?? defaults.poorContactSignals
        checkoutSignals = try container.decodeIfPresent([String].self, forKey: .checkoutSignals) ?? defaults.checkoutSignals
        purchaseSignals = try container.decodeIfPresent([String].self, forKey: .purchaseSignals) ?? defaults.purchaseSignals
        peoplePerUnhappyCustomer = try container.decodeIfPresent(Double.self, forKey: .peoplePerUnhappyCustomer) ?? defaults.peoplePerUnhappyCustomer
        contactWindowDays = try container.decodeIfPresent(Double.self, forKey: .contactWindowDays) ?? defaults.contactWindowDays
        orderWindowDays = try container.decodeIfPresent(Double.self, forKey: .orderWindowDays) ?? defaults.orderWindowDays
        averageOrderValue = try container.decodeIfPresent(Decimal.self, forKey: .averageOrderValue)
    }

    func problems(signals: [String: [EventPattern]]) -> [String] {
        var found = [String]()
        for name in negativeSignals + poorContactSignals + checkoutSignals + purchaseSignals where signals[name] == nil {
            found.append("cost settings: unknown signal \"\(name)\"")
        }
        if checkoutSignals.isEmpty || purchaseSignals.isEmpty { found.append("cost settings: checkout and purchase signals are needed") }
        if !(peoplePerUnhappyCustomer >= 0) { found.append("cost settings: peoplePerUnhappyCustomer must not be negative") }
        if !(contactWindowDays > 0) || !(orderWindowDays > 0) { found.append("cost settings: windows must be positive") }
        return found
    }
}

/// Checkouts and how many were abandoned.
public struct CheckoutOutcomes: Sendable, Equatable, Codable {
    public var checkouts: Int
    public var abandoned: Int

    public init(checkouts: Int = 0, abandoned: Int = 0) {
        self.checkouts = checkouts
        self.abandoned = abandoned
    }

    /// abandoned / checkouts; nil without checkouts.
    public var abandonmentRate: Double? { checkouts > 0 ? Double(abandoned) / Double(checkouts) : nil }
}

/// Open checkout attempts of one start day, split by whether a poor contact preceded them.
public struct OpenCheckoutCounts: Sendable, Equatable, Codable {
    public var afterPoorContact: Int
    public var baseline: Int

    public init(afterPoorContact: Int = 0, baseline: Int = 0) {
        self.afterPoorContact = afterPoorContact
        self.baseline = baseline
    }
}

/// A checkout attempt whose outcome is not known yet: started, no order, and the order window still running.
/// Repeated checkouts without an order in between are one attempt (people retry), so an attempt is one purchase decision.
public struct OpenCheckout: Sendable, Equatable, Codable {
    public var startedAt: Date
    public var afterPoorContact: Bool
}

/// Bad-experience bookkeeping for one profile, folded event by event like `LifecycleState`.
public struct ExperienceCostState: Sendable, Equatable, Codable {
    /// Negative experiences per signal.
    public internal(set) var negatives: [String: Int] = [:]
    /// Events that were a negative experience (an event matching two negative signals counts once here).
    public internal(set) var negativeEvents = 0
    public internal(set) var lastPoorContactAt: Date?
    public internal(set) var open: OpenCheckout?
    public internal(set) var afterPoorContact = CheckoutOutcomes()
    public internal(set) var baseline = CheckoutOutcomes()

    public init() {}
}

/// Mergeable totals over any number of profiles: what the "cost of a bad experience" report is computed from.
///
/// Checkouts still open are kept by the UTC day they started and settled when the report is made: abandoned once their
/// whole start day is more than the order window before `asOf`, otherwise left out as undecided.
public struct ExperienceCostTally: Sendable, Equatable, Codable {
    public var profiles = 0
    public var unhappyProfiles = 0
    public var negativeEvents = 0
    public var negatives: [String: Int] = [:]
    public var afterPoorContact = CheckoutOutcomes()
    public var baseline = CheckoutOutcomes()
    /// Open checkouts by start day (days since 1970-01-01 UTC), split like the settled ones.
    public var open: [Int: OpenCheckoutCounts] = [:]

    public init() {}

    /// The contribution of one profile.
    public init(_ state: ExperienceCostState) {
        profiles = 1
        unhappyProfiles = state.negativeEvents > 0 ? 1 : 0
        negativeEvents = state.negativeEvents
        negatives = state.negatives
        afterPoorContact = state.afterPoorContact
        baseline = state.baseline
        if let pending = state.open {
            open[LifecycleCalendar.day(of: pending.startedAt)] = pending.afterPoorContact
                ? OpenCheckoutCounts(afterPoorContact: 1) : OpenCheckoutCounts(baseline: 1)
        }
    }

    /// Adds `other` times `sign` (-1 removes a profile's old contribution before adding its new one).
    public mutating func merge(_ other: ExperienceCostTally, sign: Int = 1) {
        profiles += sign * other.profiles
        unhappyProfiles += sign * other.unhappyProfiles
        negativeEvents += sign * other.negativeEvents
        for (name, count) in other.negatives {
            let updated = (negatives[name] ?? 0) + sign * count
            negatives[name] = updated == 0 ? nil : updated
        }
        afterPoorContact.checkouts += sign * other.afterPoorContact.checkouts
        afterPoorContact.abandoned += sign * other.afterPoorContact.abandoned
        baseline.checkouts += sign * other.baseline.checkouts
        baseline.abandoned += sign * other.baseline.abandoned
        for (day, counts) in other.open {
            var updated = open[day] ?? OpenCheckoutCounts()
            updated.afterPoorContact += sign * counts.afterPoorContact
            updated.baseline += sign * counts.baseline
            open[day] = updated == OpenCheckoutCounts() ? nil : updated
        }
    }

    /// The report as of `asOf`, with the figures of `settings`.
    public func report(asOf: Date, settings: ExperienceCostSettings = ExperienceCostSettings()) -> ExperienceCostReport {
        var after = afterPoorContact
        var base = baseline
        var pending = 0
        for (day, counts) in open {
            // Conservative: every moment of the start day must be older than the window.
            let settled = LifecycleCalendar.start(ofDay: day + 1).addingTimeInterval(settings.orderWindowDays * 86_400) <= asOf
            if settled {
                after.checkouts += counts.afterPoorContact
                after.abandoned += counts.afterPoorContact
                base.checkouts += counts.baseline
                base.abandoned += counts.baseline
            } else {
                pending += counts.afterPoorContact + counts.baseline
            }
        }
        return ExperienceCostReport(tally: self, settings: settings, afterPoorContact: after, baseline: base, pendingCheckouts: pending)
    }
}

/// What bad experiences cost.
public struct ExperienceCostReport: Sendable, Equatable, Codable {
    public var profiles: Int
    /// Events that were a negative experience, in total and per signal (complaint, refund, lowScore, escalation).
    public var negativeExperiences: Int
    public var negativesBySignal: [String: Int]
    /// Profiles with at least one negative experience.
    public var unhappyCustomers: Int
    public var peoplePerUnhappyCustomer: Double
    /// unhappyCustomers × peoplePerUnhappyCustomer: how many people hear about it.
    public var wordOfMouthReach: Double
    /// Checkout attempts after a poor service contact, and how many ended without an order.
    public var afterPoorContact: CheckoutOutcomes
    /// All other checkout attempts: the baseline.
    public var baseline: CheckoutOutcomes
    /// Abandonment after a poor contact minus baseline abandonment (percentage points as a fraction); nil without data on either side.
    public var excessAbandonment: Double?
    /// Orders lost to poor contacts: the excess rate times the attempts after a poor contact (0 when there is no excess).
    public var lostOrders: Double?
    /// lostOrders × averageOrderValue, when an average order value is configured.
    public var lostRevenue: Decimal?
    /// Checkout attempts whose order window has not ended yet, left out of the rates.
    public var pendingCheckouts: Int

    init(tally: ExperienceCostTally, settings: ExperienceCostSettings, afterPoorContact: CheckoutOutcomes, baseline: CheckoutOutcomes,
         pendingCheckouts: Int) {
        profiles = tally.profiles
        negativeExperiences = tally.negativeEvents
        negativesBySignal = tally.negatives
        unhappyCustomers = tally.unhappyProfiles
        peoplePerUnhappyCustomer = settings.peoplePerUnhappyCustomer
        wordOfMouthReach = Double(tally.unhappyProfiles) * settings.peoplePerUnhappyCustomer
        self.afterPoorContact = afterPoorContact
        self.baseline = baseline
        self.pendingCheckouts = pendingCheckouts
        if let after = afterPoorContact.abandonmentRate, let base = baseline.abandonmentRate {
            excessAbandonment = after - base
            let lost = max(0, after - base) * Double(afterPoorContact.checkouts)
            lostOrders = lost
            // Rounded to 4 decimal places: the estimate is not more precise than that, and the Decimal stays readable.
            lostRevenue = settings.averageOrderValue.map { value in
                var product = Decimal(lost) * value
                var rounded = Decimal()
                NSDecimalRound(&rounded, &product, 4, .plain)
                return rounded
            }
        } else {
            excessAbandonment = nil
            lostOrders = nil
            lostRevenue = nil
        }
    }
}

/// Folds a profile's events into `ExperienceCostState`, recognising events by the rule set's signals so that
/// "a complaint" means the same here as in the lifecycle rules.
///
/// Per event, in order: an open checkout whose order window has passed is settled as abandoned; negative experiences are
/// counted; a poor contact is remembered and marks an open checkout; a checkout opens an attempt (or joins the open one);
/// a purchase within the window settles the open attempt as converted.
public struct ExperienceCostTracker: Sendable {
    public let settings: ExperienceCostSettings
    private let classifier: LifecycleClassifier
    private let negative: Set<String>
    private let poorContact: Set<String>
    private let checkout: Set<String>
    private let purchase: Set<String>

    public init(rules: StageRuleSet = .default, settings: ExperienceCostSettings = ExperienceCostSettings()) throws(StageRuleError) {
        let found = rules.problems() + settings.problems(signals: rules.signals)
        if !found.isEmpty { throw StageRuleError(problems: found) }
        self.settings = settings
        self.classifier = try LifecycleClassifier(rules: rules)
        negative = Set(settings.negativeSignals)
        poorContact = Set(settings.poorContactSignals)
        checkout = Set(settings.checkoutSignals)
        purchase = Set(settings.purchaseSignals)
    }

    public func apply(_ event: LifecycleEvent, to state: inout ExperienceCostState) {
        let at = event.timestamp
        let orderWindow = settings.orderWindowDays * 86_400
        if let pending = state.open, at.timeIntervalSince(pending.startedAt) > orderWindow {
            settle(&state, abandoned: true)
        }
        let signals = classifier.signals(of: event)
        let negatives = signals.filter(negative.contains)
        if !negatives.isEmpty {
            state.negativeEvents += 1
            for name in negatives { state.negatives[name, default: 0] += 1 }
        }
        if signals.contains(where: poorContact.contains) {
            state.lastPoorContactAt = at
            state.open?.afterPoorContact = true
        }
        if signals.contains(where: checkout.contains), state.open == nil {
            let recent = state.lastPoorContactAt.map { at.timeIntervalSince($0) <= settings.contactWindowDays * 86_400 } ?? false
            state.open = OpenCheckout(startedAt: at, afterPoorContact: recent)
        }
        if signals.contains(where: purchase.contains), state.open != nil {
            settle(&state, abandoned: false)
        }
    }

    /// From scratch, events in time order (stable for equal timestamps).
    public func replay(_ events: [LifecycleEvent]) -> ExperienceCostState {
        var state = ExperienceCostState()
        let ordered = events.enumerated().sorted {
            $0.element.timestamp != $1.element.timestamp ? $0.element.timestamp < $1.element.timestamp : $0.offset < $1.offset
        }
        for (_, event) in ordered { apply(event, to: &state) }
        return state
    }

    /// The report over many profiles' event streams (the exact reference for the incremental tallies).
    public func report(profiles: [[LifecycleEvent]], asOf: Date) -> ExperienceCostReport {
        var tally = ExperienceCostTally()
        for events in profiles { tally.merge(ExperienceCostTally(replay(events))) }
        return tally.report(asOf: asOf, settings: settings)
    }

    private func settle(_ state: inout ExperienceCostState, abandoned: Bool) {
        guard let pending = state.open else { return }
        if pending.afterPoorContact {
            state.afterPoorContact.checkouts += 1
            if abandoned { state.afterPoorContact.abandoned += 1 }
        } else {
            state.baseline.checkouts += 1
            if abandoned { state.baseline.abandoned += 1 }
        }
        state.open = nil
    }
}
