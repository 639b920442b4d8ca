import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Special functions the value models need: log-gamma, digamma, trigamma and the Gaussian
/// hypergeometric function ₂F₁. Kept in one namespace so nothing generic leaks into the module.
public enum ValueMath {
    /// ln |Γ(x)|.
    @inline(__always)
    public static func logGamma(_ x: Double) -> Double {
        logGammaWithSign(x).value
    }

    /// ln |Γ(x)| and the sign of Γ(x). Uses the reentrant libm call where there is one, because the
    /// plain `lgamma` writes the global `signgam` and fits may run concurrently.
    @inline(__always)
    public static func logGammaWithSign(_ x: Double) -> (value: Double, sign: Double) {
        #if canImport(Glibc) || canImport(Musl)
        var sign: Int32 = 1
        let value = lgamma_r(x, &sign)
        return (value, sign < 0 ? -1 : 1)
        #else
        if x > 0 { return (lgamma(x), 1) }
        let value = lgamma(x)
        // Γ alternates in sign between the poles: negative on (-1,0), (-3,-2), …
        let sign: Double = Int((-x).rounded(.down)) % 2 == 0 ? -1 : 1
        return (value, sign)
        #endif
    }

    /// ψ(x) = d/dx ln Γ(x) for x > 0 (recurrence up to x ≥ 10, then the asymptotic series;
    /// absolute error below 1e-14).
    public static func digamma(_ x0: Double) -> Double {
        var x = x0
        var result = 0.0
        while x < 10 {
            result -= 1 / x
            x += 1
        }
        let inv = 1 / x
        let inv2 = inv * inv
        // −Σ B₂ₖ / (2k x²ᵏ), k = 1…6
        let series = inv2 * (1.0 / 12 - inv2 * (1.0 / 120 - inv2 * (1.0 / 252 - inv2 * (1.0 / 240 - inv2 * (1.0 / 132 - inv2 * 691.0 / 32760)))))
        return result + log(x) - 0.5 * inv - series
    }

    /// ψ′(x) for x > 0 (recurrence up to x ≥ 10, then the asymptotic series).
    public static func trigamma(_ x0: Double) -> Double {
        var x = x0
        var result = 0.0
        while x < 10 {
            result += 1 / (x * x)
            x += 1
        }
        let inv = 1 / x
        let inv2 = inv * inv
        // 1/x + 1/(2x²) + Σ B₂ₖ / x²ᵏ⁺¹
        let series = inv * (1 + inv * (0.5 + inv * (1.0 / 6 - inv2 * (1.0 / 30 - inv2 * (1.0 / 42 - inv2 * (1.0 / 30 - inv2 * 5.0 / 66))))))
        return result + series
    }

    /// The logistic function 1 / (1 + e^−x), without overflow.
    @inline(__always)
    public static func expit(_ x: Double) -> Double {
        if x >= 0 { return 1 / (1 + exp(-x)) }
        let e = exp(x)
        return e / (1 + e)
    }

    // MARK: - Gaussian hypergeometric function

    /// ₂F₁(a, b; c; z) for real arguments and z ≤ 1.
    ///
    /// Throws when the value is not finite or no method converges to double precision, instead of
    /// returning a silently wrong number.
    public static func hypergeometric2F1(_ a: Double, _ b: Double, _ c: Double, _ z: Double) throws(ValueModelError) -> Double {
        let (sign, logValue) = try signedLogHypergeometric2F1(a, b, c, z)
        let value = sign * exp(logValue)
        guard value.isFinite else {
            throw .seriesDidNotConverge("2F1(\(a), \(b); \(c); \(z)) overflows a double")
        }
        return value
    }

    /// ln ₂F₁(a, b; c; z) for arguments where the function is positive (all of BG/NBD's uses).
    /// Working in logs keeps values like 10³⁰⁰ × 10⁻³⁰⁰ (large x, z near 1) finite.
    public static func logHypergeometric2F1(_ a: Double, _ b: Double, _ c: Double, _ z: Double) throws(ValueModelError) -> Double {
        let (sign, logValue) = try signedLogHypergeometric2F1(a, b, c, z)
        guard sign > 0 else {
            throw .invalidArgument("2F1(\(a), \(b); \(c); \(z)) is negative, its logarithm is undefined")
        }
        return logValue
    }

    /// ₂F₁ as (sign, ln |value|).
    ///
    /// Method, chosen by the argument:
    /// - a or b a non-positive integer: the series terminates, sum it exactly;
    /// - z < 0: Pfaff's transformation maps z to z/(z−1) ∈ (0, 1);
    /// - 0 < z ≤ 0.9: the power series, or the same series after Euler's transformation
    ///   (1−z)^(c−a−b) ₂F₁(c−a, c−b; c; z), whichever has the faster-decaying terms
    ///   (terms behave like n^(a+b−c−1) zⁿ versus n^(c−a−b−1) zⁿ);
    /// - 0.9 < z < 1: the connection formula to 1−z (A&S 15.3.6), whose two series converge fast,
    ///   unless c−a−b is (nearly) an integer — where that formula degenerates — in which case the
    ///   slower power series is summed with a large term budget;
    /// - z = 1: Gauss's theorem when c−a−b > 0.
    public static func signedLogHypergeometric2F1(_ a: Double, _ b: Double, _ c: Double, _ z: Double) throws(ValueModelError) -> (sign: Double, log: Double) {
        guard a.isFinite, b.isFinite, c.isFinite, z.isFinite, z <= 1 else {
            throw .invalidArgument("2F1(\(a), \(b); \(c); \(z)) needs finite arguments and z ≤ 1")
        }
        if isNonPositiveInteger(c) && !(isNonPositiveInteger(a) && a > c) && !(isNonPositiveInteger(b) && b > c) {
            throw .invalidArgument("2F1 is undefined for c = \(c), a non-positive integer")
        }
        if z == 0 || a == 0 || b == 0 { return (1, 0) }
        if isNonPositiveInteger(a) || isNonPositiveInteger(b) {
            // Terminating series: a polynomial in z, summed exactly (valid for every z).
            return try series(a, b, c, z, maxTerms: Int(-min(isNonPositiveInteger(a) ? a : 0, isNonPositiveInteger(b) ? b : 0)) + 2)
        }
        if z == 1 {
            let s = c - a - b
            guard s > 0 else {
                throw .invalidArgument("2F1(\(a), \(b); \(c); 1) diverges (c − a − b = \(s) ≤ 0)")
            }
            return gammaRatio(numerator: [c, s], denominator: [c - a, c - b])
        }
        if z < 0 {
            // Pfaff: ₂F₁(a,b;c;z) = (1−z)^(−a) ₂F₁(a, c−b; c; z/(z−1)); pick the form whose new
            // numerator parameter makes the series terminate or shrink.
            let w = z / (z - 1)
            let lead = log1p(-z)
            if isNonPositiveInteger(c - b) || (!isNonPositiveInteger(c - a) && abs(c - b) <= abs(c - a)) {
                let inner = try signedLogHypergeometric2F1(a, c - b, c, w)
                return (inner.sign, inner.log - a * lead)
            }
            let inner = try signedLogHypergeometric2F1(c - a, b, c, w)
            return (inner.sign, inner.log - b * lead)
        }
        let s = c - a - b
        if z > 0.9 && abs(s - s.rounded()) > 1e-6 {
            return try connectionToOneMinusZ(a, b, c, z)
        }
        // Power series or its Euler transform, whichever decays faster.
        let maxTerms = z > 0.9 ? 5_000_000 : 200_000
        if a + b > c {
            let inner = try series(c - a, c - b, c, z, maxTerms: maxTerms)
            return (inner.sign, inner.log + s * log1p(-z))
        }
        return try series(a, b, c, z, maxTerms: maxTerms)
    }

    /// A&S 15.3.6: ₂F₁(a,b;c;z) = A ₂F₁(a, b; a+b−c+1; 1−z) + B (1−z)^(c−a−b) ₂F₁(c−a, c−b; c−a−b+1; 1−z)
    /// with A = Γ(c)Γ(c−a−b)/(Γ(c−a)Γ(c−b)) and B = Γ(c)Γ(a+b−c)/(Γ(a)Γ(b)).
    private static func connectionToOneMinusZ(_ a: Double, _ b: Double, _ c: Double, _ z: Double) throws(ValueModelError) -> (sign: Double, log: Double) {
        let s = c - a - b
        let w = 1 - z
        var parts: [(sign: Double, log: Double)] = []
        // A gamma in a denominator at a pole makes its term vanish.
        if !(isNonPositiveInteger(c - a) || isNonPositiveInteger(c - b)) {
            let coefficient = gammaRatio(numerator: [c, s], denominator: [c - a, c - b])
            let f = try series(a, b, 1 - s, w, maxTerms: 200_000)
            parts.append((coefficient.sign * f.sign, coefficient.log + f.log))
        }
        if !(isNonPositiveInteger(a) || isNonPositiveInteger(b)) {
            let coefficient = gammaRatio(numerator: [c, -s], denominator: [a, b])
            let f = try series(c - a, c - b, 1 + s, w, maxTerms: 200_000)
            parts.append((coefficient.sign * f.sign, coefficient.log + f.log + s * log(w)))
        }
        guard let top = parts.map(\.log).max(), top.isFinite else {
            throw .seriesDidNotConverge("2F1(\(a), \(b); \(c); \(z)): connection formula gave no finite term")
        }
        var sum = 0.0
        for part in parts { sum += part.sign * exp(part.log - top) }
        let largest = parts.map { exp($0.log - top) }.reduce(0, +)
        // Both terms nearly cancelling would leave only rounding noise: refuse rather than guess.
        guard sum != 0, abs(sum) > 1e-8 * largest else {
            throw .seriesDidNotConverge("2F1(\(a), \(b); \(c); \(z)): cancellation in the connection formula")
        }
        return (sum < 0 ? -1 : 1, top + log(abs(sum)))
    }

    /// Σ (a)ₙ(b)ₙ/((c)ₙ n!) zⁿ with a tail bound as the stopping rule and rescaling against
    /// overflow; returns (sign, ln |sum|).
    private static func series(_ a: Double, _ b: Double, _ c: Double, _ z: Double, maxTerms: Int) throws(ValueModelError) -> (sign: Double, log: Double) {
        var term = 1.0
        var sum = 1.0
        var logScale = 0.0
        // Past this index the term ratio moves monotonically towards z, so a geometric tail with
        // ratio max(|ratio|, |z|) bounds what is left.
        let settled = Double(Int(abs(a) + abs(b) + abs(c)) + 2)
        var n = 0.0
        var count = 0
        while count < maxTerms {
            let ratio = (a + n) * (b + n) / ((c + n) * (n + 1)) * z
            term *= ratio
            sum += term
            n += 1
            count += 1
            if term == 0 { break }
            if abs(sum) > 1e250 {
                term *= 1e-250
                sum *= 1e-250
                logScale += 250 * M_LN10
            }
            let q = max(abs(ratio), abs(z))
            if n > settled && q < 1 && abs(term) * q / (1 - q) <= 1e-16 * abs(sum) {
                return (sum < 0 ? -1 : 1, logScale + log(abs(sum)))
            }
            guard sum.isFinite else { break }
        }
        if term == 0 && sum.isFinite && sum != 0 {
            return (sum < 0 ? -1 : 1, logScale + log(abs(sum)))
        }
        throw .seriesDidNotConverge("2F1(\(a), \(b); \(c); \(z)) series after \(count) terms")
    }

    /// ln |Π Γ(numerator) / Π Γ(denominator)| with its sign.
    private static func gammaRatio(numerator: [Double], denominator: [Double]) -> (sign: Double, log: Double) {
        var sign = 1.0
        var value = 0.0
        for x in numerator {
            let g = logGammaWithSign(x)
            sign *= g.sign
            value += g.value
        }
        for x in denominator {
            let g = logGammaWithSign(x)
            sign *= g.sign
            value -= g.value
        }
        return (sign, value)
    }

    private static func isNonPositiveInteger(_ x: Double) -> Bool {
        x <= 0 && x == x.rounded()
    }
}
