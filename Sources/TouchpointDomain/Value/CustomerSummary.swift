import Foundation

/// The time unit in which recency, age (T) and forecast horizons are measured.
///
/// Purchases are always grouped by calendar day (two purchases on one day are one purchase
/// occasion). `week` then measures durations as days / 7, fractional — the convention of
/// Fader, Hardie & Lee (2005), whose CDNOW summary has T = 38.86 weeks for a customer who first
/// bought on 1 January 1997 and is observed to 30 September. In `lifetimes` terms this is
/// `summary_data_from_transaction_data(…, freq="D", freq_multiplier=7)`.
///
/// It is deliberately *not* `lifetimes`' `freq="W"`: that one buckets purchases into calendar weeks
/// (Monday–Sunday), counts durations in whole weeks, and — because the cut-off is rounded to the
/// start of its week before filtering — keeps purchases made up to six days *after* the
/// calibration end. On the CDNOW sample it gives r = 0.291, α = 6.85 instead of the published
/// r = 0.243, α = 4.41.
public enum ValueTimeUnit: String, Sendable, Codable, CaseIterable {
    case day
    case week

    /// Length of one unit in days.
    public var days: Double {
        switch self {
        case .day: return 1
        case .week: return 7
        }
    }

    /// Units in one month, as `lifetimes.utils._customer_lifetime_value` counts them
    /// (30 days; 4.345 weeks). Used to turn a horizon in months into model time.
    public var periodsPerMonth: Double {
        switch self {
        case .day: return 30
        case .week: return 4.345
        }
    }
}

/// One customer's purchase history reduced to the sufficient statistics of BG/NBD and
/// Gamma-Gamma, plus the raw facts RFM needs.
///
/// Semantics are those of `lifetimes.utils.summary_data_from_transaction_data` (with daily periods,
/// see ``ValueTimeUnit``): only purchases on or before the calibration end count; all purchases of
/// one day are one period whose amount is their sum; the first period is the customer's "birth" and
/// is not a repeat.
public struct CustomerSummary: Sendable, Equatable, Codable {
    public var customerID: String
    /// x: the number of repeat purchase days (purchase days after the first one).
    public var frequency: Int
    /// t_x: time from the first to the last purchase day, in `unit`.
    public var recency: Double
    /// T: time from the first purchase day to the calibration end, in `unit`.
    public var age: Double
    /// m̄: mean amount of the repeat purchase days (each day's purchases summed); 0 when `frequency` is 0.
    public var monetaryValue: Double
    public var firstPurchase: CalendarDay
    public var lastPurchase: CalendarDay
    /// Everything spent up to the calibration end, first purchase included (the M of RFM).
    public var totalSpend: Decimal
    /// The calibration end the summary was made at.
    public var until: CalendarDay
    public var unit: ValueTimeUnit

    public init(
        customerID: String, frequency: Int, recency: Double, age: Double, monetaryValue: Double,
        firstPurchase: CalendarDay, lastPurchase: CalendarDay, totalSpend: Decimal,
        until: CalendarDay, unit: ValueTimeUnit
    ) {
        self.customerID = customerID
        self.frequency = frequency
        self.recency = recency
        self.age = age
        self.monetaryValue = monetaryValue
        self.firstPurchase = firstPurchase
        self.lastPurchase = lastPurchase
        self.totalSpend = totalSpend
        self.until = until
        self.unit = unit
    }

    /// Age T measured to `now` instead of to the calibration end (never less than the recency):
    /// scores refreshed after the fit see customers who have been quiet for longer.
    public func age(at now: CalendarDay) -> Double {
        max(recency, Double(firstPurchase.days(to: now)) / unit.days)
    }

    /// Summarises transactions per customer, up to and including `until`.
    ///
    /// Customers whose first purchase is after `until` do not appear. The result is sorted by
    /// customer id so that the same input always gives the same output.
    public static func summarize(
        _ transactions: [Transaction], until: CalendarDay, unit: ValueTimeUnit
    ) -> [CustomerSummary] {
        // Number the customers, then bucket the rows by customer (a counting sort: linear, where a
        // comparison sort of all rows would dominate the whole fit on a large file).
        var index = ValueHashIndex(expectedCount: max(16, transactions.count / 2))
        var firstRowOfCustomer: [Int] = []
        var counts: [Int] = []
        var rowCustomer = [Int32](repeating: -1, count: transactions.count)
        for i in transactions.indices where transactions[i].date <= until {
            var id = transactions[i].customerID
            let hash = id.withUTF8 { ValueHashIndex.finish(ValueHashIndex.mix(index.seed, bytes: $0)) }
            let c: Int32
            if let known = index.find(hash: hash, matches: { transactions[firstRowOfCustomer[Int($0)]].customerID == id }) {
                c = known
            } else {
                c = Int32(counts.count)
                index.insert(hash: hash, value: c)
                firstRowOfCustomer.append(i)
                counts.append(0)
            }
            rowCustomer[i] = c
            counts[Int(c)] += 1
        }
        var offsets = [Int](repeating: 0, count: counts.count + 1)
        for c in counts.indices { offsets[c + 1] = offsets[c] + counts[c] }
        var cursor = offsets
        var rows = [Int](repeating: 0, count: offsets[counts.count])
        for i in transactions.indices where rowCustomer[i] >= 0 {
            let c = Int(rowCustomer[i])
            rows[cursor[c]] = i
            cursor[c] += 1
        }

        var summaries: [CustomerSummary] = []
        summaries.reserveCapacity(counts.count)
        for c in counts.indices {
            let lo = offsets[c], hi = offsets[c + 1]
            // This customer's rows in date order: insertion sort, customers have few rows (and
            // files are usually in date order already, which insertion sort handles in one pass).
            if hi - lo > 1 {
                for j in (lo + 1)..<hi {
                    let row = rows[j]
                    let day = transactions[row].date.dayNumber
                    var k = j
                    while k > lo, transactions[rows[k - 1]].date.dayNumber > day {
                        rows[k] = rows[k - 1]
                        k -= 1
                    }
                    rows[k] = row
                }
            }
            // Collapse purchases of one day into one period; the first period is not a repeat.
            let firstDay = transactions[rows[lo]].date.dayNumber
            var lastDay = firstDay
            var purchaseDays = 1
            var total = TransactionAmount.zero
            var firstDayTotal = TransactionAmount.zero
            for j in lo..<hi {
                let t = transactions[rows[j]]
                let day = t.date.dayNumber
                if day != lastDay {
                    purchaseDays += 1
                    lastDay = day
                }
                total = total + t.storedAmount
                if day == firstDay { firstDayTotal = firstDayTotal + t.storedAmount }
            }
            let frequency = purchaseDays - 1
            let monetary = frequency > 0 ? (total - firstDayTotal).doubleValue / Double(frequency) : 0
            summaries.append(CustomerSummary(
                customerID: transactions[firstRowOfCustomer[c]].customerID,
                frequency: frequency,
                recency: Double(lastDay - firstDay) / unit.days,
                age: Double(until.dayNumber - firstDay) / unit.days,
                monetaryValue: monetary,
                firstPurchase: CalendarDay(dayNumber: firstDay),
                lastPurchase: CalendarDay(dayNumber: lastDay),
                totalSpend: total.decimal,
                until: until,
                unit: unit))
        }
        summaries.sort { $0.customerID < $1.customerID }
        return summaries
    }
}
