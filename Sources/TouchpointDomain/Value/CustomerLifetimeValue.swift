import Foundation

/// Customer lifetime value over a horizon, computed the way `lifetimes`'
/// `GammaGammaFitter.customer_lifetime_value` does:
///
///     CLV = Σ_{i=1…months} E[AOV] · (E[Y(i·f)] − E[Y((i−1)·f)]) / (1 + d)^i
///
/// with E[Y(t)] the BG/NBD conditional expected purchases, f the units per month (30 days or
/// 4.345 weeks, ``ValueTimeUnit/periodsPerMonth``), d the monthly discount rate and E[AOV] the
/// Gamma-Gamma conditional expected average order value. Each month's expected purchases are
/// discounted to today, so it is a discounted cash flow of expected spend — revenue, not margin,
/// unless the amounts are margins.
public enum CustomerLifetimeValue {
    /// CLV of one customer with history (x, t_x, T) and average repeat spend m̄.
    ///
    /// - Parameters:
    ///   - months: the horizon in months (12 is `lifetimes`' default).
    ///   - monthlyDiscountRate: e.g. 0.01 for 1 % a month (`lifetimes`' default).
    public static func value(
        frequency x: Int, recency tx: Double, age T: Double, monetaryValue m: Double,
        bgnbd: BGNBDModel, gammaGamma: GammaGammaModel, unit: ValueTimeUnit,
        months: Int = 12, monthlyDiscountRate: Double = 0.01
    ) throws(ValueModelError) -> Double {
        guard months >= 0 else { throw .invalidArgument("the horizon must be ≥ 0 months, got \(months)") }
        guard monthlyDiscountRate > -1, monthlyDiscountRate.isFinite else {
            throw .invalidArgument("the monthly discount rate must be > −1, got \(monthlyDiscountRate)")
        }
        let averageValue = try gammaGamma.conditionalExpectedAverageValue(frequency: x, monetaryValue: m)
        let f = unit.periodsPerMonth
        var total = 0.0
        var previous = 0.0
        var month = 1
        while month <= months {
            let cumulative = try bgnbd.conditionalExpectedPurchases(t: Double(month) * f, frequency: x, recency: tx, age: T)
            total += averageValue * (cumulative - previous) / pow(1 + monthlyDiscountRate, Double(month))
            previous = cumulative
            month += 1
        }
        return total
    }

    /// CLV for a customer summary, with T measured to `now` (defaults to the summary's calibration end).
    public static func value(
        for summary: CustomerSummary, now: CalendarDay? = nil,
        bgnbd: BGNBDModel, gammaGamma: GammaGammaModel,
        months: Int = 12, monthlyDiscountRate: Double = 0.01
    ) throws(ValueModelError) -> Double {
        try value(
            frequency: summary.frequency, recency: summary.recency,
            age: now.map { summary.age(at: $0) } ?? summary.age, monetaryValue: summary.monetaryValue,
            bgnbd: bgnbd, gammaGamma: gammaGamma, unit: summary.unit,
            months: months, monthlyDiscountRate: monthlyDiscountRate)
    }
}
