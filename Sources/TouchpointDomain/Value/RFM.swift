import Foundation

/// Cut points that split a population into equal-share bands by "share of the population strictly
/// below a value".
///
/// A value's band counts the cut points it exceeds. Cut point k is the value at sorted position
/// ⌈k·N/bands⌉ − 1, so a value exceeds it exactly when at least k/bands of the population lies
/// strictly below the value. Ties therefore always share a band (no arbitrary splitting of equal
/// customers, the same answer whatever the input order), at the price of uneven band sizes when many
/// customers tie — e.g. when most bought once, they all get frequency score 1.
public struct ValuePercentileCutoffs: Sendable, Equatable, Codable {
    /// Ascending cut points; a value's band is 1 + the number of them it exceeds.
    public var cutoffs: [Double]

    public init(cutoffs: [Double]) { self.cutoffs = cutoffs }

    /// Cut points for the given shares below (each in 0…1, ascending), e.g. [0.2, 0.4, 0.6, 0.8] for quintiles.
    public init(values: [Double], sharesBelow: [Double]) {
        let sorted = values.sorted()
        let n = sorted.count
        cutoffs = sharesBelow.map { share in
            // Integer rounding with a small slack so that 0.2 × 10 is 2, not 2.0000000000000004 → 3.
            let k = Int((share * Double(n) - 1e-9).rounded(.up))
            guard k >= 1, n > 0 else { return -Double.infinity }
            return sorted[min(k, n) - 1]
        }
    }

    /// 1 + the number of cut points strictly below `value`.
    public func band(of value: Double) -> Int {
        1 + cutoffs.reduce(0) { $0 + (value > $1 ? 1 : 0) }
    }
}

/// An RFM score: recency, frequency and monetary value, each 1 (worst fifth) to 5 (best fifth).
/// Written as three digits, "555" being the most recent, most frequent, highest-spending customers.
public struct RFMScore: Sendable, Hashable, Codable, CustomStringConvertible {
    public var recency: Int
    public var frequency: Int
    public var monetary: Int

    public init(recency: Int, frequency: Int, monetary: Int) {
        self.recency = recency
        self.frequency = frequency
        self.monetary = monetary
    }

    /// "RFM", e.g. "531".
    public var code: String { "\(recency)\(frequency)\(monetary)" }
    public var description: String { code }

    /// Parses "RFM" with each digit 1…5.
    public init?(code: String) {
        let digits = code.compactMap { $0.wholeNumberValue }
        guard code.count == 3, digits.count == 3, digits.allSatisfy({ (1...5).contains($0) }) else { return nil }
        self.init(recency: digits[0], frequency: digits[1], monetary: digits[2])
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let value = RFMScore(code: text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "Expected an RFM code like \"543\", got \"\(text)\"")
        }
        self = value
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(code)
    }
}

/// Population quintiles for RFM scoring.
///
/// - Recency: the day of the last purchase (later is better, so the most recent fifth scores 5).
///   Using the date rather than "days since" makes the cut points independent of the scoring date.
/// - Frequency: the number of purchase days (first included).
/// - Monetary: total spend (first purchase included).
public struct RFMQuintiles: Sendable, Equatable, Codable {
    public var recency: ValuePercentileCutoffs
    public var frequency: ValuePercentileCutoffs
    public var monetary: ValuePercentileCutoffs

    static let quintileShares = [0.2, 0.4, 0.6, 0.8]

    public init(recency: ValuePercentileCutoffs, frequency: ValuePercentileCutoffs, monetary: ValuePercentileCutoffs) {
        self.recency = recency
        self.frequency = frequency
        self.monetary = monetary
    }

    /// Quintiles of a customer population.
    public init(summaries: [CustomerSummary]) {
        recency = ValuePercentileCutoffs(values: summaries.map { Double($0.lastPurchase.dayNumber) }, sharesBelow: Self.quintileShares)
        frequency = ValuePercentileCutoffs(values: summaries.map { Double($0.frequency + 1) }, sharesBelow: Self.quintileShares)
        monetary = ValuePercentileCutoffs(values: summaries.map { NSDecimalNumber(decimal: $0.totalSpend).doubleValue }, sharesBelow: Self.quintileShares)
    }

    /// The customer's RFM score against this population.
    public func score(_ summary: CustomerSummary) -> RFMScore {
        RFMScore(
            recency: recency.band(of: Double(summary.lastPurchase.dayNumber)),
            frequency: frequency.band(of: Double(summary.frequency + 1)),
            monetary: monetary.band(of: NSDecimalNumber(decimal: summary.totalSpend).doubleValue))
    }
}

/// Churn risk from the BG/NBD probability that the customer is still active.
public enum ChurnRisk: String, Sendable, Codable, CaseIterable {
    case low
    case medium
    case high
}

/// Where probability alive turns into a churn-risk band.
public struct ChurnRiskThresholds: Sendable, Equatable, Codable {
    /// P(alive) at or above this is `low` risk.
    public var low: Double
    /// P(alive) at or above this (and below `low`) is `medium`; below it `high`.
    public var medium: Double

    /// Defaults: ≥ 0.7 low, ≥ 0.3 medium, else high — a customer more likely gone than not is at
    /// high risk well before the probability reaches zero.
    public init(low: Double = 0.7, medium: Double = 0.3) {
        self.low = low
        self.medium = medium
    }

    public func band(probabilityAlive p: Double) -> ChurnRisk {
        if p >= low { return .low }
        if p >= medium { return .medium }
        return .high
    }
}

/// Value tiers by CLV rank in the customer base.
public enum ValueTier: String, Sendable, Codable, CaseIterable {
    case platinum
    case gold
    case silver
    case bronze
}

/// The share of customers in each upper tier; the rest are bronze.
///
/// Defaults: platinum the top 10 % by CLV, gold the next 20 %, silver the next 30 %, bronze the
/// bottom 40 % — a pyramid in which the top tier stays small enough to get personal attention.
/// "Top 10 %" means at least 90 % of customers have a strictly lower CLV (ties share a tier).
public struct ValueTierPolicy: Sendable, Equatable, Codable {
    public var platinumShare: Double
    public var goldShare: Double
    public var silverShare: Double

    public init(platinumShare: Double = 0.10, goldShare: Double = 0.20, silverShare: Double = 0.30) {
        self.platinumShare = platinumShare
        self.goldShare = goldShare
        self.silverShare = silverShare
    }
}

/// CLV cut points for the value tiers of one population.
public struct ValueTierCutoffs: Sendable, Equatable, Codable {
    /// Cut points for silver, gold and platinum (ascending).
    public var cutoffs: ValuePercentileCutoffs

    public init(clvs: [Double], policy: ValueTierPolicy = .init()) {
        let platinum = 1 - policy.platinumShare
        let gold = platinum - policy.goldShare
        let silver = gold - policy.silverShare
        cutoffs = ValuePercentileCutoffs(values: clvs, sharesBelow: [silver, gold, platinum].map { min(max($0, 0), 1) })
    }

    public func tier(clv: Double) -> ValueTier {
        switch cutoffs.band(of: clv) {
        case 4: return .platinum
        case 3: return .gold
        case 2: return .silver
        default: return .bronze
        }
    }
}
