import Foundation

/// Text forms of a fit report for the command line (kept here, pure, so the CLI stays thin and the
/// console or an API can reuse them).
extension ValueFitReport {
    /// The CONTRACT.md JSON on one line, keys in the documented order.
    ///
    /// Written by hand because `JSONEncoder` without `.sortedKeys` does not promise an order, and
    /// sorted keys would scramble the documented one. Numbers use Swift's shortest round-trip form
    /// (valid JSON for every finite double; the fits never report non-finite values).
    public func jsonString() -> String {
        func n(_ x: Double) -> String { x.isFinite ? "\(x)" : "null" }
        return "{\"bgnbd\":{\"r\":\(n(bgnbd.r)),\"alpha\":\(n(bgnbd.alpha)),\"a\":\(n(bgnbd.a)),\"b\":\(n(bgnbd.b)),"
            + "\"logLikelihood\":\(n(bgnbd.logLikelihood))},"
            + "\"gammaGamma\":{\"p\":\(n(gammaGamma.p)),\"q\":\(n(gammaGamma.q)),\"gamma\":\(n(gammaGamma.gamma))},"
            + "\"customers\":\(customers)}"
    }

    /// A readable table of the parameters (and, when present, standard errors and diagnostics).
    public func tableText() -> String {
        func number(_ value: Double) -> String { String(format: "%.6g", value) }
        func row(_ name: String, _ value: Double, _ se: Double?) -> String {
            let padded = name.padding(toLength: 16, withPad: " ", startingAt: 0)
            let valueText = number(value).padding(toLength: 14, withPad: " ", startingAt: 0)
            return "  \(padded)\(valueText)\(se.map { "± \(number($0))" } ?? "")"
        }
        let d = details
        var lines: [String] = []
        if let d {
            lines.append("Customers: \(customers) with a first purchase on or before \(d.models.fittedUntil) "
                + "(\(d.transactions - d.transactionsAfterUntil) of \(d.transactions) transactions; time unit: \(d.models.unit.rawValue))")
            // Whether repeated rows counted changes every customer's spend: the report must say so,
            // not only the warning on standard error that a script may have thrown away.
            if let repeated = d.repeatedRows?.reportLine() { lines.append(repeated) }
        } else {
            lines.append("Customers: \(customers)")
        }
        lines.append("")
        lines.append("BG/NBD (Fader, Hardie & Lee 2005)")
        let bse = d?.bgnbdFit.standardErrors
        lines.append(row("r", bgnbd.r, bse?.r))
        lines.append(row("alpha", bgnbd.alpha, bse?.alpha))
        lines.append(row("a", bgnbd.a, bse?.a))
        lines.append(row("b", bgnbd.b, bse?.b))
        lines.append(row("log-likelihood", bgnbd.logLikelihood, nil))
        lines.append("")
        lines.append("Gamma-Gamma (Fader & Hardie)")
        let gse = d?.gammaGammaFit.standardErrors
        lines.append(row("p", gammaGamma.p, gse?.p))
        lines.append(row("q", gammaGamma.q, gse?.q))
        lines.append(row("gamma", gammaGamma.gamma, gse?.gamma))
        if let d {
            lines.append("  fitted on \(d.gammaGammaFit.customers) repeat customers"
                + (d.gammaGammaFit.excluded > 0 ? " (\(d.gammaGammaFit.excluded) without repeat purchases of positive value left out)" : ""))
            if let mean = try? d.models.gammaGamma.populationMeanValue() {
                lines.append("  mean spend per repeat purchase day: \(number(mean))")
            }
            lines.append("")
            lines.append("Converged: BG/NBD in \(d.bgnbdFit.iterations) iterations (\(d.bgnbdFit.method), max |gradient| \(number(d.bgnbdFit.maxGradient))); "
                + "Gamma-Gamma in \(d.gammaGammaFit.iterations) (\(d.gammaGammaFit.method), max |gradient| \(number(d.gammaGammaFit.maxGradient))).")
        }
        return lines.joined(separator: "\n")
    }
}
