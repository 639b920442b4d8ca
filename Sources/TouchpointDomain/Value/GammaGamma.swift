import Foundation

/// The Gamma-Gamma model of spend per transaction (Fader & Hardie, "The Gamma-Gamma Model of
/// Monetary Value", 2013 note; Fader, Hardie & Lee 2005 "RFM and CLV").
///
/// A customer's transaction amounts are Gamma(p, ν) around their own mean; ν varies across
/// customers as Gamma(q, γ). Only customers with at least one repeat purchase carry information
/// (m̄ is the mean of the *repeat* purchases), and spend is assumed independent of purchase
/// frequency — which is why it pairs with BG/NBD for lifetime value. `lifetimes` calls γ `v`.
public struct GammaGammaModel: Sendable, Equatable, Codable {
    public var p: Double
    public var q: Double
    public var gamma: Double

    public init(p: Double, q: Double, gamma: Double) {
        self.p = p
        self.q = q
        self.gamma = gamma
    }

    /// ln f(m̄ | x) for one customer (Hardie's note 025, eq. 1a) — the density of the average
    /// m̄ of x transactions.
    public func logLikelihood(frequency x: Int, monetaryValue m: Double) -> Double {
        let xd = Double(x)
        let px = p * xd
        return ValueMath.logGamma(px + q) - ValueMath.logGamma(px) - ValueMath.logGamma(q)
            + q * log(gamma) + (px - 1) * log(m) + px * log(xd) - (px + q) * log(xd * m + gamma)
    }

    /// The population mean spend per transaction, pγ/(q−1); finite only for q > 1.
    public func populationMeanValue() throws(ValueModelError) -> Double {
        guard q > 1 else {
            throw .invalidArgument("the Gamma-Gamma mean spend is infinite for q = \(q) ≤ 1 (the spend distribution is too heavy-tailed)")
        }
        return p * gamma / (q - 1)
    }

    /// E[M | x, m̄]: expected average transaction value for a customer with x repeat purchases
    /// averaging m̄ (note 025, eq. 5) — a weighted average of the population mean and the
    /// customer's own mean, the weight on their own growing with x.
    public func conditionalExpectedAverageValue(frequency x: Int, monetaryValue m: Double) throws(ValueModelError) -> Double {
        let population = try populationMeanValue()
        let xd = Double(x)
        let individualWeight = p * xd / (p * xd + q - 1)
        return (1 - individualWeight) * population + individualWeight * m
    }

    /// Maximum-likelihood fit on (x, m̄) pairs, as `lifetimes.GammaGammaFitter` (log-parameters,
    /// mean negative log-likelihood, optional L2 penalizer, 0 by default).
    ///
    /// Only customers with x > 0 and m̄ > 0 enter (a zero average has zero density under a Gamma).
    public static func fit(_ data: [(frequency: Int, monetaryValue: Double)], penalizer: Double = 0) throws(ValueModelError) -> GammaGammaFit {
        let usable = data.filter { $0.frequency > 0 && $0.monetaryValue > 0 && $0.monetaryValue.isFinite }
        guard usable.count >= 3 else {
            throw .insufficientData("Gamma-Gamma needs customers with repeat purchases of positive value; found \(usable.count)")
        }
        let problem = GammaGammaLikelihood(data: usable, penalizer: penalizer)
        // Start near the data: γ/(q−1)·p ≈ mean spend with p = q = 2 keeps the first steps sane.
        let mean = usable.reduce(0) { $0 + $1.monetaryValue } / Double(usable.count)
        let start = [log(2.0), log(2.0), log(max(mean / 2, 1e-6))]
        let result: ValueOptimizer.Result
        do {
            result = try ValueOptimizer.minimize(
                start: start,
                value: { problem.evaluate(logParameters: $0, derivatives: false).value },
                full: { problem.evaluate(logParameters: $0, derivatives: true) },
                names: ["p", "q", "gamma"],
                // γ is in money units: its natural scale is the typical spend, not 1.
                centers: [0, 0, log(mean)])
        } catch {
            switch error {
            case .notConverged(let detail): throw .didNotConverge(model: "Gamma-Gamma", detail: detail)
            }
        }
        let params = result.x.map { exp($0) }
        let model = GammaGammaModel(p: params[0], q: params[1], gamma: params[2])
        let logLikelihood = usable.reduce(0) { $0 + model.logLikelihood(frequency: $1.frequency, monetaryValue: $1.monetaryValue) }
        var standardErrors: GammaGammaFit.StandardErrors?
        if let inverse = ValueOptimizer.inverse(result.hessian) {
            let n = Double(usable.count)
            let se = (0..<3).map { params[$0] * (inverse[$0][$0] / n).squareRoot() }
            standardErrors = .init(p: se[0], q: se[1], gamma: se[2])
        }
        return GammaGammaFit(
            model: model, logLikelihood: logLikelihood, customers: usable.count,
            excluded: data.count - usable.count, standardErrors: standardErrors,
            iterations: result.iterations, evaluations: result.evaluations,
            maxGradient: result.gradient.map(abs).max() ?? 0, method: result.method)
    }

    /// Fit on customer summaries (repeat buyers with positive average spend).
    public static func fit(_ summaries: [CustomerSummary], penalizer: Double = 0) throws(ValueModelError) -> GammaGammaFit {
        try fit(summaries.map { ($0.frequency, $0.monetaryValue) }, penalizer: penalizer)
    }
}

/// A Gamma-Gamma fit and how it was reached.
public struct GammaGammaFit: Sendable, Equatable, Codable {
    public struct StandardErrors: Sendable, Equatable, Codable {
        public var p: Double
        public var q: Double
        public var gamma: Double
    }

    public var model: GammaGammaModel
    /// Σ ln f(m̄ | x) over the customers used.
    public var logLikelihood: Double
    /// Customers the fit used (x > 0 and m̄ > 0).
    public var customers: Int
    /// Customers left out (no repeat purchase, or repeat purchases worth 0).
    public var excluded: Int
    public var standardErrors: StandardErrors?
    public var iterations: Int
    public var evaluations: Int
    public var maxGradient: Double
    public var method: String
}

/// Gamma-Gamma mean negative log-likelihood with gradient and Hessian in log-parameters.
struct GammaGammaLikelihood: Sendable {
    let xs: [Double]
    let customerX: [Int32]
    let logM: [Double]
    let m: [Double]
    let countPerX: [Double]
    /// Σ over customers of (x ln m − ln m + x ln x): the parts of ln f that do not involve q or γ
    /// other than through p, precomputed per distinct x.
    let sumLogMPerX: [Double]
    let n: Double
    let penalizer: Double

    init(data: [(frequency: Int, monetaryValue: Double)], penalizer: Double) {
        var index: [Int: Int32] = [:]
        var xs: [Double] = []
        var cx: [Int32] = []
        for d in data {
            if let k = index[d.frequency] { cx.append(k) } else {
                let k = Int32(xs.count)
                index[d.frequency] = k
                xs.append(Double(d.frequency))
                cx.append(k)
            }
        }
        var count = [Double](repeating: 0, count: xs.count)
        var sumLogM = [Double](repeating: 0, count: xs.count)
        let logM = data.map { log($0.monetaryValue) }
        for (i, k) in cx.enumerated() {
            count[Int(k)] += 1
            sumLogM[Int(k)] += logM[i]
        }
        self.xs = xs
        self.customerX = cx
        self.logM = logM
        self.m = data.map(\.monetaryValue)
        self.countPerX = count
        self.sumLogMPerX = sumLogM
        self.n = Double(data.count)
        self.penalizer = penalizer
    }

    func evaluate(logParameters theta: [Double], derivatives: Bool) -> ValueOptimizer.Evaluation {
        let p = exp(theta[0]), q = exp(theta[1]), v = exp(theta[2])
        let params = [p, q, v]
        guard params.allSatisfy({ $0.isFinite && $0 > 0 }) else {
            return .init(value: .infinity, gradient: [], hessian: [])
        }
        var ll = 0.0
        var g = [Double](repeating: 0, count: 3)
        var h = [[Double]](repeating: [Double](repeating: 0, count: 3), count: 3)
        let lgQ = ValueMath.logGamma(q), logV = log(v)
        let psiQ = derivatives ? ValueMath.digamma(q) : 0, triQ = derivatives ? ValueMath.trigamma(q) : 0
        // Terms depending on x only (and p, q, γ), times the number of customers with that x.
        for k in 0..<xs.count {
            let x = xs[k], c = countPerX[k], px = p * x
            ll += c * (ValueMath.logGamma(px + q) - ValueMath.logGamma(px) - lgQ + q * logV + px * log(x))
                + (px - 1) * sumLogMPerX[k]
            if derivatives {
                let psiPXQ = ValueMath.digamma(px + q), triPXQ = ValueMath.trigamma(px + q)
                g[0] += c * x * (psiPXQ - ValueMath.digamma(px) + log(x)) + x * sumLogMPerX[k]
                g[1] += c * (psiPXQ - psiQ + logV)
                g[2] += c * q / v
                h[0][0] += c * x * x * (triPXQ - ValueMath.trigamma(px))
                h[0][1] += c * x * triPXQ
                h[1][1] += c * (triPXQ - triQ)
                h[1][2] += c / v
                h[2][2] -= c * q / (v * v)
            }
        }
        // Per customer: −(px+q) ln(x m̄ + γ).
        for i in 0..<m.count {
            let x = xs[Int(customerX[i])]
            let s = x * m[i] + v
            let logS = log(s)
            let pxq = p * x + q
            ll -= pxq * logS
            if derivatives {
                let inv = 1 / s
                g[0] -= x * logS
                g[1] -= logS
                g[2] -= pxq * inv
                h[0][2] -= x * inv
                h[1][2] -= inv
                h[2][2] += pxq * inv * inv
            }
        }
        let penalty = penalizer * params.reduce(0) { $0 + $1 * $1 }
        let value = -ll / n + penalty
        guard derivatives else { return .init(value: value, gradient: [], hessian: []) }
        var gradient = [Double](repeating: 0, count: 3)
        var hessian = [[Double]](repeating: [Double](repeating: 0, count: 3), count: 3)
        for i in 0..<3 {
            gradient[i] = -params[i] * g[i] / n + 2 * penalizer * params[i] * params[i]
            for j in i..<3 {
                var value = -params[i] * params[j] * h[i][j] / n
                if i == j { value += -params[i] * g[i] / n + 4 * penalizer * params[i] * params[i] }
                hessian[i][j] = value
                hessian[j][i] = value
            }
        }
        return .init(value: value, gradient: gradient, hessian: hessian)
    }
}
