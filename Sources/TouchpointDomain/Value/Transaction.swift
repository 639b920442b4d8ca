import Foundation

/// One purchase: who bought, on which day, for how much.
///
/// This is all the value models need. Money is `Decimal` in the API (ARCHITECTURE.md: money as
/// Decimal); it becomes a `Double` only inside the statistical fits, where it is a measurement.
///
/// Storage detail, for speed: `Decimal` arithmetic costs ~200 ns an operation, which would dominate
/// summarising a file of a few hundred thousand rows. So an amount with at most six decimal places
/// (every currency) is kept as an exact integer count of millionths and summed as such; any other
/// amount is kept as the `Decimal` itself. Both are exact, and `amount` always reads back the value given.
public struct Transaction: Sendable, Hashable, Codable {
    /// The customer's identifier as it appears in the source (a profile id, a CRM id, …).
    public var customerID: String
    /// The purchase date (a calendar day; purchases on the same day count as one purchase occasion).
    public var date: CalendarDay
    /// The amount spent, ≥ 0.
    public var amount: Decimal {
        get { storedAmount.decimal }
        set { storedAmount = TransactionAmount(newValue) }
    }

    var storedAmount: TransactionAmount

    public init(customerID: String, date: CalendarDay, amount: Decimal) {
        self.customerID = customerID
        self.date = date
        self.storedAmount = TransactionAmount(amount)
    }

    init(customerID: String, date: CalendarDay, exactAmount: TransactionAmount) {
        self.customerID = customerID
        self.date = date
        self.storedAmount = exactAmount
    }

    enum CodingKeys: String, CodingKey {
        case customerID, date, amount
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        customerID = try container.decode(String.self, forKey: .customerID)
        date = try container.decode(CalendarDay.self, forKey: .date)
        storedAmount = TransactionAmount(try container.decode(Decimal.self, forKey: .amount))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(customerID, forKey: .customerID)
        try container.encode(date, forKey: .date)
        try container.encode(amount, forKey: .amount)
    }
}

/// An exact money amount: integer millionths when that is exact, otherwise a `Decimal`.
/// Equal amounts compare equal (and hash alike) whichever way they are stored.
enum TransactionAmount: Sendable, Hashable {
    case micros(Int64)
    case decimal(Decimal)

    init(_ value: Decimal) {
        self = TransactionAmount.micros(of: value).map(TransactionAmount.micros) ?? .decimal(value)
    }

    /// From mantissa × 10^exponent, as the CSV reader parses it.
    init(mantissa: UInt64, exponent: Int) {
        if exponent >= -6, exponent <= 12, mantissa <= UInt64(Int64.max) {
            var value = Int64(mantissa)
            var exact = true
            for _ in 0..<(exponent + 6) {
                let (next, overflow) = value.multipliedReportingOverflow(by: 10)
                if overflow { exact = false; break }
                value = next
            }
            if exact {
                self = .micros(value)
                return
            }
        }
        self = .decimal(Decimal(sign: .plus, exponent: exponent, significand: Decimal(mantissa)))
    }

    var decimal: Decimal {
        switch self {
        case .micros(let m):
            let magnitude = Decimal(sign: .plus, exponent: -6, significand: Decimal(m.magnitude))
            return m < 0 ? -magnitude : magnitude
        case .decimal(let d):
            return d
        }
    }

    var doubleValue: Double {
        switch self {
        case .micros(let m): return Double(m) / 1e6
        case .decimal(let d): return NSDecimalNumber(decimal: d).doubleValue
        }
    }

    static let zero = TransactionAmount.micros(0)

    /// The exact sum (integer while it fits, `Decimal` after).
    static func + (lhs: TransactionAmount, rhs: TransactionAmount) -> TransactionAmount {
        if case .micros(let a) = lhs, case .micros(let b) = rhs {
            let (sum, overflow) = a.addingReportingOverflow(b)
            if !overflow { return .micros(sum) }
        }
        return .decimal(lhs.decimal + rhs.decimal)
    }

    static func - (lhs: TransactionAmount, rhs: TransactionAmount) -> TransactionAmount {
        if case .micros(let a) = lhs, case .micros(let b) = rhs {
            let (difference, overflow) = a.subtractingReportingOverflow(b)
            if !overflow { return .micros(difference) }
        }
        return .decimal(lhs.decimal - rhs.decimal)
    }

    static func == (lhs: TransactionAmount, rhs: TransactionAmount) -> Bool {
        if case .micros(let a) = lhs, case .micros(let b) = rhs { return a == b }
        return lhs.decimal == rhs.decimal
    }

    func hash(into hasher: inout Hasher) {
        // Hash through the canonical form so that .micros(x) and .decimal(x) hash alike.
        switch self {
        case .micros(let m):
            hasher.combine(m)
        case .decimal(let d):
            if let m = TransactionAmount.micros(of: d) { hasher.combine(m) } else { hasher.combine(d) }
        }
    }

    /// The value in millionths if that is exact and fits an Int64 (slow path through NSDecimalNumber).
    static func micros(of d: Decimal) -> Int64? {
        guard d.isFinite else { return nil }
        let scaled = Decimal(sign: d.sign, exponent: d.exponent + 6, significand: d.significand)
        // An integer in millionths, and small enough for Int64 (9.2e12 in units).
        guard scaled.exponent >= 0, scaled.magnitude < Decimal(sign: .plus, exponent: 18, significand: 9) else { return nil }
        let value = NSDecimalNumber(decimal: scaled).int64Value
        // Round-trip check: never trust a conversion we cannot verify.
        let back = Decimal(sign: .plus, exponent: -6, significand: Decimal(value.magnitude))
        guard (value < 0 ? -back : back) == d else { return nil }
        return value
    }
}
