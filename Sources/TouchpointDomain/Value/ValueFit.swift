import Foundation

/// What `touchpoint value fit --json` prints (CONTRACT.md):
/// `{"bgnbd":{"r","alpha","a","b","logLikelihood"},"gammaGamma":{"p","q","gamma"},"customers":N}`.
///
/// Only those keys are encoded; ``details`` (summaries, diagnostics, the models ready for scoring)
/// is for callers in process and is `nil` after decoding.
public struct ValueFitReport: Sendable, Equatable, Codable {
    public struct BGNBDParameters: Sendable, Equatable, Codable {
        public var r: Double
        public var alpha: Double
        public var a: Double
        public var b: Double
        /// Σ ln L at the estimate, in the fit's time unit.
        public var logLikelihood: Double
    }

    public struct GammaGammaParameters: Sendable, Equatable, Codable {
        public var p: Double
        public var q: Double
        public var gamma: Double
    }

    public var bgnbd: BGNBDParameters
    public var gammaGamma: GammaGammaParameters
    /// Customers with a first purchase on or before the calibration end (the BG/NBD sample).
    public var customers: Int
    /// Everything else the fit produced; not part of the JSON.
    public var details: ValueFitDetails?

    enum CodingKeys: String, CodingKey {
        case bgnbd, gammaGamma, customers
    }

    public init(bgnbd: BGNBDParameters, gammaGamma: GammaGammaParameters, customers: Int, details: ValueFitDetails? = nil) {
        self.bgnbd = bgnbd
        self.gammaGamma = gammaGamma
        self.customers = customers
        self.details = details
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        bgnbd = try container.decode(BGNBDParameters.self, forKey: .bgnbd)
        gammaGamma = try container.decode(GammaGammaParameters.self, forKey: .gammaGamma)
        customers = try container.decode(Int.self, forKey: .customers)
        details = nil
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(bgnbd, forKey: .bgnbd)
        try container.encode(gammaGamma, forKey: .gammaGamma)
        try container.encode(customers, forKey: .customers)
    }
}

/// The in-process extras of a fit.
public struct ValueFitDetails: Sendable, Equatable {
    /// The models, ready for ``ValueScoring``.
    public var models: ValueModels
    public var bgnbdFit: BGNBDFit
    public var gammaGammaFit: GammaGammaFit
    /// One summary per customer, sorted by customer id.
    public var summaries: [CustomerSummary]
    /// Transactions given, and those after the calibration end (left out of the fit).
    public var transactions: Int
    public var transactionsAfterUntil: Int
    /// How long each step took (wall clock), for `--timings` and benchmarks.
    public var timings: ValueFitTimings
    /// The rows of the file that repeated an earlier row, when the fit was run on a file
    /// (``ValueFit/run(_:until:unit:)``): the report says whether they counted.
    public var repeatedRows: RepeatedTransactionRows? = nil
}

/// Wall-clock durations of the steps of a fit.
public struct ValueFitTimings: Sendable, Equatable {
    public var summary: Duration
    public var bgnbd: Duration
    public var gammaGamma: Duration

    /// Both model fits (what `lifetimes`' `BetaGeoFitter.fit` + `GammaGammaFitter.fit` do).
    public var fits: Duration { bgnbd + gammaGamma }
}

/// Fits BG/NBD and Gamma-Gamma on a set of transactions.
public enum ValueFit {
    /// Fits on the accepted rows of a transactions file, and keeps in the report's details what was
    /// done with repeated rows, so that the report can say whether they counted as purchases.
    ///
    /// - Throws: ``ValueModelError``, as ``run(transactions:until:unit:)``.
    public static func run(_ file: TransactionsCSV.Result, until: CalendarDay, unit: ValueTimeUnit) throws(ValueModelError) -> ValueFitReport {
        var report = try run(transactions: file.accepted, until: until, unit: unit)
        report.details?.repeatedRows = file.repeated
        return report
    }

    /// Summarises the transactions up to `until` (inclusive) in `unit`, fits BG/NBD on every
    /// customer and Gamma-Gamma on those with repeat purchases of positive value.
    ///
    /// The Gamma-Gamma input is each customer's m̄ = mean of their repeat purchase days' totals in
    /// the calibration period — the quantity Fader & Hardie use (`zbar` in
    /// `cdnow_customers_summary_with_transactions.csv`). Computed from the transactions it gives
    /// their p = 6.25, q = 3.74, γ = 15.44 on the CDNOW sample; the published file's zbar, rounded
    /// to cents, gives γ = 15.45.
    ///
    /// - Throws: ``ValueModelError`` when there are no customers or repeat buyers, or a fit does not converge.
    public static func run(transactions: [Transaction], until: CalendarDay, unit: ValueTimeUnit) throws(ValueModelError) -> ValueFitReport {
        let clock = ContinuousClock()
        let started = clock.now
        let summaries = CustomerSummary.summarize(transactions, until: until, unit: unit)
        let summarized = clock.now
        guard !summaries.isEmpty else {
            throw .insufficientData("no purchase on or before \(until); choose a later --until or check the dates in the file")
        }
        let bgnbd = try BGNBDModel.fit(summaries)
        let bgnbdFitted = clock.now
        let gammaGamma: GammaGammaFit
        do {
            gammaGamma = try GammaGammaModel.fit(summaries)
        } catch .insufficientData(let why) {
            throw .insufficientData("\(why) on or before \(until); Gamma-Gamma needs customers who bought on at least two different days")
        }
        let gammaGammaFitted = clock.now
        let models = ValueModels(bgnbd: bgnbd.model, gammaGamma: gammaGamma.model, unit: unit, fittedUntil: until)
        let after = transactions.reduce(0) { $0 + ($1.date > until ? 1 : 0) }
        return ValueFitReport(
            bgnbd: .init(r: bgnbd.model.r, alpha: bgnbd.model.alpha, a: bgnbd.model.a, b: bgnbd.model.b,
                         logLikelihood: bgnbd.logLikelihood),
            gammaGamma: .init(p: gammaGamma.model.p, q: gammaGamma.model.q, gamma: gammaGamma.model.gamma),
            customers: summaries.count,
            details: ValueFitDetails(
                models: models, bgnbdFit: bgnbd, gammaGammaFit: gammaGamma, summaries: summaries,
                transactions: transactions.count, transactionsAfterUntil: after,
                timings: ValueFitTimings(
                    summary: summarized - started, bgnbd: bgnbdFitted - summarized,
                    gammaGamma: gammaGammaFitted - bgnbdFitted)))
    }
}
