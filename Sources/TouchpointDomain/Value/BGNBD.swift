import Foundation

/// The BG/NBD model of repeat buying (Fader, Hardie & Lee 2005, "Counting Your Customers the Easy
/// Way", Marketing Science 24(2)).
///
/// While alive a customer buys as a Poisson process with rate λ ~ Gamma(r, α); after every purchase
/// they drop out with probability p ~ Beta(a, b). Time is in the unit of the summaries the model was
/// fitted on (α carries that unit).
public struct BGNBDModel: Sendable, Equatable, Codable {
    public var r: Double
    public var alpha: Double
    public var a: Double
    public var b: Double

    public init(r: Double, alpha: Double, a: Double, b: Double) {
        self.r = r
        self.alpha = alpha
        self.a = a
        self.b = b
    }

    // MARK: - Likelihood

    /// ln L for one customer with x repeat purchases, last at t_x, observed for T (paper eq. 6,
    /// written as in Hardie's note 004 with a log-sum-exp so that large x cannot overflow).
    public func logLikelihood(frequency x: Int, recency tx: Double, age T: Double) -> Double {
        let xd = Double(x)
        let a1 = ValueMath.logGamma(r + xd) - ValueMath.logGamma(r) + r * log(alpha)
        let a2 = ValueMath.logGamma(a + b) + ValueMath.logGamma(b + xd) - ValueMath.logGamma(b) - ValueMath.logGamma(a + b + xd)
        let a3 = -(r + xd) * log(alpha + T)
        guard x > 0 else { return a1 + a2 + a3 }
        let a4 = log(a) - log(b + xd - 1) - (r + xd) * log(alpha + tx)
        let top = max(a3, a4)
        return a1 + a2 + top + log(exp(a3 - top) + exp(a4 - top))
    }

    /// Σ ln L over customers (the paper reports −9,582.4 for CDNOW's 2,357 customers in weeks).
    public func logLikelihood(_ summaries: [CustomerSummary]) -> Double {
        summaries.reduce(0) { $0 + logLikelihood(frequency: $1.frequency, recency: $1.recency, age: $1.age) }
    }

    // MARK: - Predictions

    /// P(alive | x, t_x, T) (Hardie's note 021): 1 for customers who never bought again — in
    /// BG/NBD dropping out happens only right after a repeat purchase.
    public func probabilityAlive(frequency x: Int, recency tx: Double, age T: Double) -> Double {
        guard x > 0 else { return 1 }
        let xd = Double(x)
        let logOdds = log(a / (b + xd - 1)) + (r + xd) * log((alpha + T) / (alpha + tx))
        return ValueMath.expit(-logOdds)
    }

    /// E[Y(t) | x, t_x, T]: expected repeat purchases in the next `t` units for a customer with
    /// that history (paper eq. 10), with ₂F₁(r+x, b+x; a+b+x−1; t/(α+T+t)).
    public func conditionalExpectedPurchases(t: Double, frequency x: Int, recency tx: Double, age T: Double) throws(ValueModelError) -> Double {
        guard t > 0 else {
            guard t == 0 else { throw .invalidArgument("the horizon t must be ≥ 0, got \(t)") }
            return 0
        }
        guard a != 1 else { throw .invalidArgument("a = 1 makes the BG/NBD expectation singular") }
        let xd = Double(x)
        let z = t / (alpha + T + t)
        let logHyper = try ValueMath.logHypergeometric2F1(r + xd, b + xd, a + b + xd - 1, z)
        // 1 − ₂F₁ · ((α+T)/(α+T+t))^(r+x), the power written as (1−z)^(r+x).
        let bracket = -expm1(logHyper + (r + xd) * log1p(-z))
        let numerator = (a + b + xd - 1) / (a - 1) * bracket
        guard x > 0 else { return numerator }
        let logOdds = log(a / (b + xd - 1)) + (r + xd) * log((alpha + T) / (alpha + tx))
        return numerator * ValueMath.expit(-logOdds)
    }

    /// E[X(t)]: expected repeat purchases in a customer's first `t` units (paper eq. 9), with
    /// ₂F₁(r, b; a+b−1; t/(α+t)).
    public func expectedPurchases(t: Double) throws(ValueModelError) -> Double {
        guard t > 0 else {
            guard t == 0 else { throw .invalidArgument("the horizon t must be ≥ 0, got \(t)") }
            return 0
        }
        guard a != 1 else { throw .invalidArgument("a = 1 makes the BG/NBD expectation singular") }
        let z = t / (alpha + t)
        let logHyper = try ValueMath.logHypergeometric2F1(r, b, a + b - 1, z)
        return (a + b - 1) / (a - 1) * -expm1(logHyper + r * log1p(-z))
    }

    /// P(X(t) = n): probability of exactly n repeat purchases in a customer's first t units (paper eq. 8).
    public func probabilityOfPurchases(_ n: Int, t: Double) throws(ValueModelError) -> Double {
        guard n >= 0, t >= 0 else { throw .invalidArgument("need n ≥ 0 and t ≥ 0") }
        let nd = Double(n)
        let logBetaAB = ValueMath.logGamma(a) + ValueMath.logGamma(b) - ValueMath.logGamma(a + b)
        let logAlphaShare = r * log(alpha / (alpha + t))
        let logTShare = t > 0 ? log(t / (alpha + t)) : -Double.infinity
        let first = exp(
            ValueMath.logGamma(a) + ValueMath.logGamma(b + nd) - ValueMath.logGamma(a + b + nd) - logBetaAB
                + ValueMath.logGamma(r + nd) - ValueMath.logGamma(r) - ValueMath.logGamma(nd + 1)
                + logAlphaShare + (n > 0 ? nd * logTShare : 0))
        guard n > 0 else { return first }
        var partial = 0.0
        for j in 0..<n {
            let jd = Double(j)
            partial += exp(ValueMath.logGamma(r + jd) - ValueMath.logGamma(r) - ValueMath.logGamma(jd + 1)
                + (j > 0 ? jd * logTShare : 0))
        }
        let second = exp(ValueMath.logGamma(a + 1) + ValueMath.logGamma(b + nd - 1) - ValueMath.logGamma(a + b + nd) - logBetaAB)
            * (1 - exp(logAlphaShare) * partial)
        return first + second
    }

    // MARK: - Fitting

    /// Maximum-likelihood fit (see ``BGNBDFit``).
    ///
    /// Like `lifetimes.BetaGeoFitter`: the parameters are optimised in logs (so they stay positive),
    /// time is rescaled so that the longest T is 1 while optimising (so α is of order one), and the
    /// objective is the mean negative log-likelihood plus `penalizer` × (r² + α² + a² + b²) in those
    /// scaled units — `lifetimes`' L2 penalty, 0 by default (pure MLE).
    ///
    /// - Throws: ``ValueModelError/insufficientData(_:)`` without customers,
    ///   ``ValueModelError/didNotConverge(model:detail:)`` when the optimiser cannot reach an optimum.
    public static func fit(_ summaries: [CustomerSummary], penalizer: Double = 0) throws(ValueModelError) -> BGNBDFit {
        try fit(summaries.map { ($0.frequency, $0.recency, $0.age) }, penalizer: penalizer)
    }

    /// Fit on raw (x, t_x, T) triples.
    public static func fit(_ data: [(frequency: Int, recency: Double, age: Double)], penalizer: Double = 0) throws(ValueModelError) -> BGNBDFit {
        guard !data.isEmpty else { throw .insufficientData("no customers to fit BG/NBD on") }
        for d in data {
            guard d.frequency >= 0, d.recency >= 0, d.age >= d.recency, d.age.isFinite else {
                throw .invalidArgument("need x ≥ 0 and 0 ≤ t_x ≤ T, got x = \(d.frequency), t_x = \(d.recency), T = \(d.age)")
            }
        }
        guard data.contains(where: { $0.frequency > 0 }) else {
            // Then the likelihood only grows as r → 0 and a, b are not identified at all.
            throw .insufficientData("no customer bought again after their first purchase day, and BG/NBD needs repeat buyers")
        }
        let maxAge = data.map(\.age).max()!
        guard maxAge > 0 else {
            throw .insufficientData("every customer made their first purchase on the calibration end date, so nobody has been observed for any time")
        }
        let scale = 1 / maxAge
        let problem = BGNBDLikelihood(data: data, scale: scale, penalizer: penalizer)
        let result: ValueOptimizer.Result
        do {
            result = try ValueOptimizer.minimize(
                start: [0, 0, 0, 0],
                value: { problem.evaluate(logParameters: $0, derivatives: false).value },
                full: { problem.evaluate(logParameters: $0, derivatives: true) },
                names: ["r", "alpha", "a", "b"])
        } catch {
            switch error {
            case .notConverged(let detail): throw .didNotConverge(model: "BG/NBD", detail: detail)
            }
        }
        let p = result.x.map { exp($0) }
        let model = BGNBDModel(r: p[0], alpha: p[1] / scale, a: p[2], b: p[3])
        let logLikelihood = data.reduce(0) { $0 + model.logLikelihood(frequency: $1.frequency, recency: $1.recency, age: $1.age) }
        // Standard errors from the observed information: the Hessian is of the mean NLL in
        // log-parameters, so Var(log θ) = H⁻¹ / N, and the delta method gives SE(θ) = θ · SE(log θ).
        var standardErrors: [Double]?
        if let inverse = ValueOptimizer.inverse(result.hessian) {
            let n = problem.totalWeight
            standardErrors = (0..<4).map { i in
                let unscaled = i == 1 ? p[1] / scale : p[i]
                return unscaled * (inverse[i][i] / n).squareRoot()
            }
        }
        return BGNBDFit(
            model: model, logLikelihood: logLikelihood, customers: data.count,
            standardErrors: standardErrors.map { BGNBDFit.StandardErrors(r: $0[0], alpha: $0[1], a: $0[2], b: $0[3]) },
            iterations: result.iterations, evaluations: result.evaluations,
            maxGradient: result.gradient.map(abs).max() ?? 0, method: result.method)
    }
}

/// A BG/NBD fit and how it was reached.
public struct BGNBDFit: Sendable, Equatable, Codable {
    public struct StandardErrors: Sendable, Equatable, Codable {
        public var r: Double
        public var alpha: Double
        public var a: Double
        public var b: Double
    }

    public var model: BGNBDModel
    /// Σ ln L at the estimate, in the summaries' time unit.
    public var logLikelihood: Double
    public var customers: Int
    /// Asymptotic standard errors (nil if the information matrix is singular).
    public var standardErrors: StandardErrors?
    public var iterations: Int
    public var evaluations: Int
    /// Largest |∂ mean NLL / ∂ log θ| at the estimate: the convergence check.
    public var maxGradient: Double
    /// "newton" or "nelder-mead+newton".
    public var method: String
}

/// The BG/NBD negative mean log-likelihood with its gradient and Hessian in log-parameters.
///
/// Customers with the same (x, t_x, T) are merged with a weight, and everything that depends on x
/// alone (the gamma functions), on T alone or on t_x alone is computed once per distinct value, so
/// one evaluation costs one exp and one log per distinct history.
struct BGNBDLikelihood: Sendable {
    let xs: [Double]
    let ages: [Double]
    let recencies: [Double]
    /// One distinct history (x, T, t_x), as indices into the distinct-value arrays, with its count.
    struct Pattern: Sendable {
        var x: Int32
        var age: Int32
        var recency: Int32
        var weight: Double
    }

    let patterns: [Pattern]
    let weightPerX: [Double]
    let totalWeight: Double
    let penalizer: Double

    init(data: [(frequency: Int, recency: Double, age: Double)], scale: Double, penalizer: Double) {
        // Distinct x, T and t_x values, and distinct (x, T, t_x) histories with their counts.
        // (ValueHashIndex rather than Dictionary: this runs over every customer of a large file.)
        var xIndex = ValueHashIndex(), ageIndex = ValueHashIndex(), recencyIndex = ValueHashIndex()
        var patternIndex = ValueHashIndex(expectedCount: data.count / 2)
        var rawXs: [Int] = [], rawAges: [Double] = [], rawRecencies: [Double] = []
        var px: [Int32] = [], pa: [Int32] = [], pr: [Int32] = [], pw: [Double] = []
        func number<T: Equatable>(_ value: T, bits: UInt64, in index: inout ValueHashIndex, values: inout [T]) -> Int32 {
            let hash = ValueHashIndex.finish(ValueHashIndex.mix(index.seed, bits))
            if let known = index.find(hash: hash, matches: { values[Int($0)] == value }) { return known }
            let new = Int32(values.count)
            index.insert(hash: hash, value: new)
            values.append(value)
            return new
        }
        for d in data {
            let xi = number(d.frequency, bits: UInt64(bitPattern: Int64(d.frequency)), in: &xIndex, values: &rawXs)
            let ai = number(d.age, bits: d.age.bitPattern, in: &ageIndex, values: &rawAges)
            let ri = number(d.recency, bits: d.recency.bitPattern, in: &recencyIndex, values: &rawRecencies)
            let key = (UInt64(UInt32(bitPattern: xi)) << 42) ^ (UInt64(UInt32(bitPattern: ai)) << 21) ^ UInt64(UInt32(bitPattern: ri))
            let hash = ValueHashIndex.finish(ValueHashIndex.mix(patternIndex.seed, key))
            if let p = patternIndex.find(hash: hash, matches: { px[Int($0)] == xi && pa[Int($0)] == ai && pr[Int($0)] == ri }) {
                pw[Int(p)] += 1
            } else {
                patternIndex.insert(hash: hash, value: Int32(pw.count))
                px.append(xi); pa.append(ai); pr.append(ri); pw.append(1)
            }
        }
        let xs = rawXs.map { Double($0) }
        let ages = rawAges.map { $0 * scale }
        let recencies = rawRecencies.map { $0 * scale }
        var weightPerX = [Double](repeating: 0, count: xs.count)
        for (i, w) in zip(px, pw) { weightPerX[Int(i)] += w }
        self.xs = xs
        self.ages = ages
        self.recencies = recencies
        self.patterns = (0..<pw.count).map { Pattern(x: px[$0], age: pa[$0], recency: pr[$0], weight: pw[$0]) }
        self.weightPerX = weightPerX
        self.totalWeight = Double(data.count)
        self.penalizer = penalizer
    }

    /// Mean negative log-likelihood (+ penalty) at log-parameters (ln r, ln α, ln a, ln b), α in scaled time.
    func evaluate(logParameters theta: [Double], derivatives: Bool) -> ValueOptimizer.Evaluation {
        let r = exp(theta[0]), alpha = exp(theta[1]), a = exp(theta[2]), b = exp(theta[3])
        let params = [r, alpha, a, b]
        guard params.allSatisfy({ $0.isFinite && $0 > 0 }) else {
            return .init(value: .infinity, gradient: [], hessian: [])
        }
        let lgR = ValueMath.logGamma(r), lgB = ValueMath.logGamma(b), lgAB = ValueMath.logGamma(a + b)
        let logAlpha = log(alpha), logA = log(a)

        // Per distinct x: the gamma-function part (A₁ + A₂) and the constant of the second branch.
        let nx = xs.count
        var constX = [Double](repeating: 0, count: nx)
        var branchConstX = [Double](repeating: 0, count: nx)
        var ll = 0.0
        var g = [Double](repeating: 0, count: 4)
        var h = [[Double]](repeating: [Double](repeating: 0, count: 4), count: 4)
        let psiR = derivatives ? ValueMath.digamma(r) : 0, psiB = derivatives ? ValueMath.digamma(b) : 0
        let psiAB = derivatives ? ValueMath.digamma(a + b) : 0
        let triR = derivatives ? ValueMath.trigamma(r) : 0, triB = derivatives ? ValueMath.trigamma(b) : 0
        let triAB = derivatives ? ValueMath.trigamma(a + b) : 0
        var inverseBX = [Double](repeating: 0, count: nx)
        for k in 0..<nx {
            let x = xs[k]
            constX[k] = ValueMath.logGamma(r + x) - lgR + r * logAlpha
                + lgAB + ValueMath.logGamma(b + x) - lgB - ValueMath.logGamma(a + b + x)
            branchConstX[k] = x > 0 ? logA - log(b + x - 1) : 0
            inverseBX[k] = x > 0 ? 1 / (b + x - 1) : 0
            let w = weightPerX[k]
            ll += w * constX[k]
            if derivatives && w > 0 {
                let psiABX = ValueMath.digamma(a + b + x), triABX = ValueMath.trigamma(a + b + x)
                g[0] += w * (ValueMath.digamma(r + x) - psiR + logAlpha)
                g[1] += w * r / alpha
                g[2] += w * (psiAB - psiABX)
                g[3] += w * (psiAB + ValueMath.digamma(b + x) - psiB - psiABX)
                h[0][0] += w * (ValueMath.trigamma(r + x) - triR)
                h[0][1] += w / alpha
                h[1][1] -= w * r / (alpha * alpha)
                h[2][2] += w * (triAB - triABX)
                h[2][3] += w * (triAB - triABX)
                h[3][3] += w * (triAB + ValueMath.trigamma(b + x) - triB - triABX)
            }
        }
        // Per distinct T and t_x: ln(α + ·) and 1/(α + ·).
        let logAge = ages.map { log(alpha + $0) }
        let logRec = recencies.map { log(alpha + $0) }
        let invAge = derivatives ? ages.map { 1 / (alpha + $0) } : []
        let invRec = derivatives ? recencies.map { 1 / (alpha + $0) } : []

        // The per-history loop, with scalar accumulators (this is the hot loop of the fit).
        var s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0
        var h00 = 0.0, h01 = 0.0, h02 = 0.0, h03 = 0.0, h11 = 0.0, h12 = 0.0, h13 = 0.0, h22 = 0.0, h23 = 0.0, h33 = 0.0
        let inverseA = 1 / a, inverseA2 = 1 / (a * a)
        for p in patterns {
            let k = Int(p.x), ai = Int(p.age), ri = Int(p.recency)
            let w = p.weight
            let x = xs[k]
            let rx = r + x
            let u = -rx * logAge[ai]
            if x == 0 {
                ll += w * u
                if derivatives {
                    let ia = invAge[ai]
                    s0 -= w * logAge[ai]
                    s1 -= w * rx * ia
                    h01 -= w * ia
                    h11 += w * rx * ia * ia
                }
                continue
            }
            let v = branchConstX[k] - rx * logRec[ri]
            // ln(eᵘ + eᵛ) and the branch weights w₃ = eᵘ/(eᵘ+eᵛ), w₄ = 1 − w₃.
            let d = v - u
            let e = exp(-abs(d))
            ll += w * (max(u, v) + log1p(e))
            guard derivatives else { continue }
            let w4 = d >= 0 ? 1 / (1 + e) : e / (1 + e)
            let w3 = 1 - w4
            let ia = invAge[ai], ir = invRec[ri], ib = inverseBX[k]
            // ∇u = (−ln(α+T), −(r+x)/(α+T), 0, 0); ∇v = (−ln(α+t_x), −(r+x)/(α+t_x), 1/a, −1/(b+x−1)).
            let du0 = -logAge[ai], du1 = -rx * ia
            let dv0 = -logRec[ri], dv1 = -rx * ir, dv2 = inverseA, dv3 = -ib
            s0 += w * (w3 * du0 + w4 * dv0)
            s1 += w * (w3 * du1 + w4 * dv1)
            s2 += w * (w4 * dv2)
            s3 += w * (w4 * dv3)
            // Hessian of log-sum-exp: w₃∇²u + w₄∇²v + w₃w₄(∇u−∇v)(∇u−∇v)ᵀ.
            let c0 = du0 - dv0, c1 = du1 - dv1, c2 = -dv2, c3 = -dv3
            let ww = w * w3 * w4
            h01 += w * (w3 * -ia + w4 * -ir) + ww * c0 * c1
            h11 += w * (w3 * rx * ia * ia + w4 * rx * ir * ir) + ww * c1 * c1
            h22 += ww * c2 * c2 - w * w4 * inverseA2
            h33 += w * w4 * ib * ib + ww * c3 * c3
            h00 += ww * c0 * c0
            h02 += ww * c0 * c2
            h03 += ww * c0 * c3
            h12 += ww * c1 * c2
            h13 += ww * c1 * c3
            h23 += ww * c2 * c3
        }
        if derivatives {
            g[0] += s0; g[1] += s1; g[2] += s2; g[3] += s3
            h[0][0] += h00; h[0][1] += h01; h[0][2] += h02; h[0][3] += h03
            h[1][1] += h11; h[1][2] += h12; h[1][3] += h13
            h[2][2] += h22; h[2][3] += h23; h[3][3] += h33
        }
        let n = totalWeight
        let penalty = penalizer * params.reduce(0) { $0 + $1 * $1 }
        let value = -ll / n + penalty
        guard derivatives else { return .init(value: value, gradient: [], hessian: []) }
        // To log-parameters: ∂/∂θᵢ = pᵢ ∂/∂pᵢ; ∂²/∂θᵢ∂θⱼ = pᵢpⱼ ∂²/∂pᵢ∂pⱼ + δᵢⱼ pᵢ ∂/∂pᵢ.
        var gradient = [Double](repeating: 0, count: 4)
        var hessian = [[Double]](repeating: [Double](repeating: 0, count: 4), count: 4)
        for i in 0..<4 {
            gradient[i] = -params[i] * g[i] / n + 2 * penalizer * params[i] * params[i]
            for j in i..<4 {
                var value = -params[i] * params[j] * h[i][j] / n
                if i == j { value += -params[i] * g[i] / n + 4 * penalizer * params[i] * params[i] }
                hessian[i][j] = value
                hessian[j][i] = value
            }
        }
        return .init(value: value, gradient: gradient, hessian: hessian)
    }
}
