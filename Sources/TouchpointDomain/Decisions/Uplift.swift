import Foundation
import Tagged

/// One arm of an uplift measurement: how many people, and how many of them converted (accepted, bought …).
public struct UpliftGroup: Sendable, Equatable, Codable {
    public var people: Int
    public var conversions: Int

    public init(people: Int, conversions: Int) {
        self.people = people
        self.conversions = conversions
    }

    public var rate: Double { people > 0 ? Double(conversions) / Double(people) : 0 }
}

/// The difference in conversion rate between people shown an action (treated) and people held out of it
/// (the control group), with a 95 % confidence interval.
public struct UpliftEstimate: Sendable, Equatable, Codable {
    /// How the interval was computed.
    public enum Method: String, Sendable, Codable {
        /// Newcombe's hybrid score interval (1998, method 10): Wilson score intervals of each rate, combined.
        case newcombe
        /// The textbook Wald interval d ± z·√(p₁q₁/n₁ + p₂q₂/n₂); kept for comparison with tools that report it.
        case wald
    }

    public var treated: UpliftGroup
    public var control: UpliftGroup
    public var treatedRate: Double
    public var controlRate: Double
    /// treatedRate − controlRate: the conversions the action adds per person shown.
    public var difference: Double
    public var lower: Double
    public var upper: Double
    /// difference / controlRate; nil when the control group never converted.
    public var relative: Double?
    public var method: Method

    /// Whether the interval excludes zero: the action changes the rate, at 95 %.
    public var isSignificant: Bool { lower > 0 || upper < 0 }
}

/// Uplift of an action: treated against control.
///
/// The interval is Newcombe's hybrid score method by default. Acceptance rates of offers are small (a few per cent)
/// and control groups are kept small on purpose, which is exactly where the Wald interval fails: with no conversions
/// in a group its variance term is zero, the interval collapses, and its coverage falls well below 95 %. Newcombe's
/// interval keeps close to nominal coverage there, stays within [−1, 1], and needs nothing but two Wilson intervals
/// (Newcombe, "Interval estimation for the difference between independent proportions", Statistics in Medicine 1998).
public enum Uplift {
    /// The two-sided 95 % normal quantile.
    public static let z95 = 1.959_963_984_540_054

    /// The estimate, or nil when a group is empty or claims more conversions than people (nothing to measure).
    public static func estimate(treated: UpliftGroup, control: UpliftGroup, method: UpliftEstimate.Method = .newcombe,
                                z: Double = z95) -> UpliftEstimate? {
        guard treated.people > 0, control.people > 0,
              (0...treated.people).contains(treated.conversions), (0...control.people).contains(control.conversions) else { return nil }
        let p1 = treated.rate, p2 = control.rate
        let difference = p1 - p2
        let lower: Double, upper: Double
        switch method {
        case .wald:
            let half = z * (p1 * (1 - p1) / Double(treated.people) + p2 * (1 - p2) / Double(control.people)).squareRoot()
            lower = difference - half
            upper = difference + half
        case .newcombe:
            let (l1, u1) = wilson(conversions: treated.conversions, people: treated.people, z: z)
            let (l2, u2) = wilson(conversions: control.conversions, people: control.people, z: z)
            lower = difference - ((p1 - l1) * (p1 - l1) + (u2 - p2) * (u2 - p2)).squareRoot()
            upper = difference + ((u1 - p1) * (u1 - p1) + (p2 - l2) * (p2 - l2)).squareRoot()
        }
        return UpliftEstimate(treated: treated, control: control, treatedRate: p1, controlRate: p2, difference: difference,
                              lower: lower, upper: upper, relative: p2 > 0 ? difference / p2 : nil, method: method)
    }

    /// The Wilson score interval of one proportion: (p + z²/2n ± z·√(p(1−p)/n + z²/4n²)) / (1 + z²/n).
    public static func wilson(conversions: Int, people: Int, z: Double = z95) -> (lower: Double, upper: Double) {
        guard people > 0 else { return (0, 1) }
        let n = Double(people), p = Double(conversions) / n, z2 = z * z
        let centre = p + z2 / (2 * n)
        let spread = z * (p * (1 - p) / n + z2 / (4 * n * n)).squareRoot()
        let denominator = 1 + z2 / n
        // Clamped: rounding can leave a bound a hair outside [0, 1] when p is 0 or 1.
        return (max(0, (centre - spread) / denominator), min(1, (centre + spread) / denominator))
    }
}
