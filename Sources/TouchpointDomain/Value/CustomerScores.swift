import Foundation

/// The value scores a profile carries (CONTRACT.md):
/// `{"rfm":"555","clv":NUMBER,"pAlive":NUMBER,"churnRisk":"low"|"medium"|"high","valueTier":TEXT}`.
public struct CustomerScores: Sendable, Equatable, Codable {
    /// RFM code, e.g. "555".
    public var rfm: String
    /// Discounted expected spend over the policy's horizon (12 months by default).
    public var clv: Double
    /// BG/NBD probability that the customer is still active.
    public var pAlive: Double
    public var churnRisk: ChurnRisk
    public var valueTier: ValueTier

    public init(rfm: String, clv: Double, pAlive: Double, churnRisk: ChurnRisk, valueTier: ValueTier) {
        self.rfm = rfm
        self.clv = clv
        self.pAlive = pAlive
        self.churnRisk = churnRisk
        self.valueTier = valueTier
    }
}

/// Fitted models plus what is needed to apply them: the time unit and the calibration end.
public struct ValueModels: Sendable, Equatable, Codable {
    public var bgnbd: BGNBDModel
    public var gammaGamma: GammaGammaModel
    public var unit: ValueTimeUnit
    /// The calibration end the models were fitted at.
    public var fittedUntil: CalendarDay

    public init(bgnbd: BGNBDModel, gammaGamma: GammaGammaModel, unit: ValueTimeUnit, fittedUntil: CalendarDay) {
        self.bgnbd = bgnbd
        self.gammaGamma = gammaGamma
        self.unit = unit
        self.fittedUntil = fittedUntil
    }
}

/// Knobs of the scores; the defaults are `lifetimes`' CLV defaults and the bands documented on
/// ``ChurnRiskThresholds`` and ``ValueTierPolicy``.
public struct ValueScoringPolicy: Sendable, Equatable, Codable {
    public var clvMonths: Int
    public var monthlyDiscountRate: Double
    public var churn: ChurnRiskThresholds
    public var tiers: ValueTierPolicy

    public init(
        clvMonths: Int = 12, monthlyDiscountRate: Double = 0.01,
        churn: ChurnRiskThresholds = .init(), tiers: ValueTierPolicy = .init()
    ) {
        self.clvMonths = clvMonths
        self.monthlyDiscountRate = monthlyDiscountRate
        self.churn = churn
        self.tiers = tiers
    }
}

/// The population-relative parts of scoring — RFM quintiles and CLV tier cut points — computed once
/// over all customers and then applied to each one (also to a customer scored later on their own).
public struct ValuePopulation: Sendable, Equatable, Codable {
    public var rfm: RFMQuintiles
    public var valueTiers: ValueTierCutoffs
    /// The date the CLVs behind the tier cut points were computed at.
    public var asOf: CalendarDay
    public var customers: Int

    public init(rfm: RFMQuintiles, valueTiers: ValueTierCutoffs, asOf: CalendarDay, customers: Int) {
        self.rfm = rfm
        self.valueTiers = valueTiers
        self.asOf = asOf
        self.customers = customers
    }
}

/// Per-customer value scores from fitted models.
public enum ValueScoring {
    /// CLV and P(alive) for one customer at `now` (T measured to `now`, never before the calibration end).
    public static func clvAndProbabilityAlive(
        _ summary: CustomerSummary, now: CalendarDay, models: ValueModels, policy: ValueScoringPolicy
    ) throws(ValueModelError) -> (clv: Double, pAlive: Double) {
        guard summary.unit == models.unit else {
            throw .invalidArgument("the summary is in \(summary.unit.rawValue)s but the models were fitted in \(models.unit.rawValue)s")
        }
        let age = summary.age(at: max(now, summary.until))
        let pAlive = models.bgnbd.probabilityAlive(frequency: summary.frequency, recency: summary.recency, age: age)
        let clv = try CustomerLifetimeValue.value(
            frequency: summary.frequency, recency: summary.recency, age: age, monetaryValue: summary.monetaryValue,
            bgnbd: models.bgnbd, gammaGamma: models.gammaGamma, unit: models.unit,
            months: policy.clvMonths, monthlyDiscountRate: policy.monthlyDiscountRate)
        return (clv, pAlive)
    }

    /// Builds the population's RFM quintiles and CLV tier cut points at `now`.
    public static func population(
        _ summaries: [CustomerSummary], now: CalendarDay, models: ValueModels, policy: ValueScoringPolicy = .init()
    ) throws(ValueModelError) -> ValuePopulation {
        var clvs: [Double] = []
        clvs.reserveCapacity(summaries.count)
        for summary in summaries {
            clvs.append(try clvAndProbabilityAlive(summary, now: now, models: models, policy: policy).clv)
        }
        return ValuePopulation(
            rfm: RFMQuintiles(summaries: summaries),
            valueTiers: ValueTierCutoffs(clvs: clvs, policy: policy.tiers),
            asOf: now, customers: summaries.count)
    }

    /// The scores one profile carries, given fitted models, the customer's summary, a "now" and
    /// the population cut points.
    public static func score(
        _ summary: CustomerSummary, now: CalendarDay, models: ValueModels, population: ValuePopulation,
        policy: ValueScoringPolicy = .init()
    ) throws(ValueModelError) -> CustomerScores {
        let (clv, pAlive) = try clvAndProbabilityAlive(summary, now: now, models: models, policy: policy)
        return CustomerScores(
            rfm: population.rfm.score(summary).code,
            clv: clv,
            pAlive: pAlive,
            churnRisk: policy.churn.band(probabilityAlive: pAlive),
            valueTier: population.valueTiers.tier(clv: clv))
    }

    /// Scores every customer (population built from the same summaries), keyed by customer id.
    public static func scoreAll(
        _ summaries: [CustomerSummary], now: CalendarDay, models: ValueModels, policy: ValueScoringPolicy = .init()
    ) throws(ValueModelError) -> (population: ValuePopulation, scores: [String: CustomerScores]) {
        // CLV once per customer: it feeds both the tier cut points and the customer's own score.
        var values: [(clv: Double, pAlive: Double)] = []
        values.reserveCapacity(summaries.count)
        for summary in summaries {
            values.append(try clvAndProbabilityAlive(summary, now: now, models: models, policy: policy))
        }
        let population = ValuePopulation(
            rfm: RFMQuintiles(summaries: summaries),
            valueTiers: ValueTierCutoffs(clvs: values.map(\.clv), policy: policy.tiers),
            asOf: now, customers: summaries.count)
        var scores: [String: CustomerScores] = [:]
        scores.reserveCapacity(summaries.count)
        for (summary, value) in zip(summaries, values) {
            scores[summary.customerID] = CustomerScores(
                rfm: population.rfm.score(summary).code,
                clv: value.clv,
                pAlive: value.pAlive,
                churnRisk: policy.churn.band(probabilityAlive: value.pAlive),
                valueTier: population.valueTiers.tier(clv: value.clv))
        }
        return (population, scores)
    }
}
