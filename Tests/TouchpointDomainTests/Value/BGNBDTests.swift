import Foundation
import XCTest
@testable import TouchpointDomain

/// BG/NBD against Fader, Hardie & Lee (2005) and against `lifetimes` 0.11.3 (`BetaGeoFitter`) on the
/// same CDNOW sample summary.
final class BGNBDTests: XCTestCase {
    private var model: BGNBDModel { ValueFixtures.cdnowFit.details!.models.bgnbd }

    /// The paper's Table/Section 5 estimates: r = 0.243, α = 4.414, a = 0.793, b = 2.426, LL = −9,582.4.
    func testReproducesThePaperOnTheCDNOWSample() {
        let fit = ValueFixtures.cdnowFit
        XCTAssertEqual(fit.customers, 2357)
        // To three significant figures, as the issue asks …
        assertSignificantFigures(fit.bgnbd.r, 0.243, 3, "r")
        assertSignificantFigures(fit.bgnbd.alpha, 4.41, 3, "α")
        assertSignificantFigures(fit.bgnbd.a, 0.793, 3, "a")
        assertSignificantFigures(fit.bgnbd.b, 2.43, 3, "b")
        // … and to every figure the paper prints.
        assertSignificantFigures(fit.bgnbd.alpha, 4.414, 4, "α")
        assertSignificantFigures(fit.bgnbd.b, 2.426, 4, "b")
        assertSignificantFigures(fit.bgnbd.logLikelihood, -9582.4, 5, "LL")
    }

    func testMatchesLifetimes() {
        let fit = ValueFixtures.cdnowFit.bgnbd
        assertSignificantFigures(fit.r, 0.2425945434210674, 5, "r")
        assertSignificantFigures(fit.alpha, 4.413602716077387, 5, "α")
        assertSignificantFigures(fit.a, 0.7929218333479614, 5, "a")
        assertSignificantFigures(fit.b, 2.4259057287220926, 5, "b")
        XCTAssertEqual(fit.logLikelihood, -9582.429206673936, accuracy: 1e-6)
    }

    func testConvergedToATrueOptimum() throws {
        let details = try XCTUnwrap(ValueFixtures.cdnowFit.details)
        XCTAssertLessThan(details.bgnbdFit.maxGradient, 1e-8)
        // No other point nearby is better.
        let m = details.models.bgnbd
        let summaries = details.summaries
        let best = m.logLikelihood(summaries)
        for (i, factor) in [(0, 1.001), (1, 0.999), (2, 1.001), (3, 0.999)] {
            var p = [m.r, m.alpha, m.a, m.b]
            p[i] *= factor
            XCTAssertLessThan(BGNBDModel(r: p[0], alpha: p[1], a: p[2], b: p[3]).logLikelihood(summaries), best)
        }
        // Standard errors as lifetimes reports them (observed information, delta method).
        let se = try XCTUnwrap(details.bgnbdFit.standardErrors)
        assertSignificantFigures(se.r, 0.012557379181029442, 4, "SE r")
        assertSignificantFigures(se.alpha, 0.37822410126505335, 4, "SE α")
        assertSignificantFigures(se.a, 0.18573374969728657, 4, "SE a")
        assertSignificantFigures(se.b, 0.7054138496774167, 4, "SE b")
    }

    /// Customer-level predictions against `lifetimes` (its numbers at its own, 1e-6-close, parameters).
    func testProbabilityAliveAndConditionalExpectationMatchLifetimes() throws {
        let m = model
        let cases: [(x: Int, tx: Double, T: Double, pAlive: Double, e39: Double)] = [
            (2, 30.428571428571427, 38.857142857142854, 0.7266202977882532, 1.2259944296717131),   // 00004
            (1, 1.7142857142857142, 38.857142857142854, 0.21239102434937462, 0.2034188276053057),  // 00021
            (0, 0, 38.42857142857143, 1.0, 0.19654878485028326),                                    // 00018
            (29, 37.714285714285715, 38.0, 0.9692212746052555, 20.05525015077943),                  // 01760
        ]
        for c in cases {
            XCTAssertEqual(m.probabilityAlive(frequency: c.x, recency: c.tx, age: c.T), c.pAlive, accuracy: 1e-5 * c.pAlive, "x = \(c.x)")
            let e = try m.conditionalExpectedPurchases(t: 39, frequency: c.x, recency: c.tx, age: c.T)
            XCTAssertEqual(e, c.e39, accuracy: 1e-5 * c.e39, "x = \(c.x)")
        }
        // The paper's worked example (section 5): x = 2, t_x = 30.43, T = 38.86 → 1.226 purchases in 39 weeks.
        assertSignificantFigures(try m.conditionalExpectedPurchases(t: 39, frequency: 2, recency: 30.43, age: 38.86), 1.226, 4)
    }

    func testUnconditionalFormulasMatchLifetimes() throws {
        let m = model
        XCTAssertEqual(try m.expectedPurchases(t: 52), 1.4440123257415587, accuracy: 1e-5)
        XCTAssertEqual(try m.expectedPurchases(t: 78), 1.8579583170092964, accuracy: 1e-5)
        let p = try (0..<4).map { try m.probabilityOfPurchases($0, t: 39) }
        for (value, expected) in zip(p, [0.5743071606916326, 0.19919254313800638, 0.08532292342736242, 0.04579755753602087]) {
            XCTAssertEqual(value, expected, accuracy: 1e-5 * expected)
        }
        // The distribution sums to one and its mean is E[X(t)].
        let all = try (0..<400).map { try m.probabilityOfPurchases($0, t: 39) }
        XCTAssertEqual(all.reduce(0, +), 1, accuracy: 1e-6)
        XCTAssertEqual(all.enumerated().reduce(0) { $0 + Double($1.offset) * $1.element }, try m.expectedPurchases(t: 39), accuracy: 1e-4)
        XCTAssertEqual(try m.expectedPurchases(t: 0), 0)
        XCTAssertEqual(try m.conditionalExpectedPurchases(t: 0, frequency: 3, recency: 10, age: 20), 0)
    }

    func testLongHorizonsStayFiniteAndIncreasing() throws {
        let m = model
        var previous = 0.0
        for t in [1.0, 10, 100, 1_000, 10_000, 100_000] {
            let e = try m.conditionalExpectedPurchases(t: t, frequency: 29, recency: 37.7, age: 38)
            XCTAssertTrue(e.isFinite && e > previous, "t = \(t): \(e)")
            previous = e
            let n = try m.expectedPurchases(t: t)
            XCTAssertTrue(n.isFinite && n > 0, "t = \(t): \(n)")
        }
    }

    /// The analytic gradient and Hessian (what makes Newton's method work) against finite differences.
    func testAnalyticDerivativesMatchFiniteDifferences() throws {
        let summaries = try XCTUnwrap(ValueFixtures.cdnowFit.details?.summaries)
        let data = summaries.map { ($0.frequency, $0.recency, $0.age) }
        let problem = BGNBDLikelihood(data: data, scale: 1 / 38.857142857142854, penalizer: 0.05)
        let theta = [-1.2, -2.0, -0.4, 0.8]
        let e = problem.evaluate(logParameters: theta, derivatives: true)
        let h = 1e-5
        for i in 0..<4 {
            var up = theta, down = theta
            up[i] += h
            down[i] -= h
            let fUp = problem.evaluate(logParameters: up, derivatives: true)
            let fDown = problem.evaluate(logParameters: down, derivatives: true)
            XCTAssertEqual(e.gradient[i], (fUp.value - fDown.value) / (2 * h), accuracy: 1e-7, "∂/∂θ\(i)")
            for j in 0..<4 {
                XCTAssertEqual(e.hessian[i][j], (fUp.gradient[j] - fDown.gradient[j]) / (2 * h), accuracy: 1e-6, "∂²/∂θ\(i)∂θ\(j)")
            }
        }
    }

    func testPenalizerLikeLifetimes() throws {
        let summaries = try XCTUnwrap(ValueFixtures.cdnowFit.details?.summaries)
        let fit = try BGNBDModel.fit(summaries, penalizer: 0.01)
        // lifetimes 0.11.3, BetaGeoFitter(penalizer_coef=0.01) (its optimiser stops at tol 1e-7).
        assertSignificantFigures(fit.model.r, 0.24294200272159316, 3, "r")
        assertSignificantFigures(fit.model.alpha, 4.432506424475032, 3, "α")
        assertSignificantFigures(fit.model.a, 0.28564280131556896, 2, "a")
        assertSignificantFigures(fit.model.b, 0.658459386101182, 2, "b")
    }

    func testNonConvergenceIsAnErrorNotNumbers() {
        // Everyone buys steadily up to the end of the period: nobody ever seems to drop out, so the
        // likelihood keeps rising as the drop-out probability a/(a+b) → 0 — no interior optimum.
        var data: [(frequency: Int, recency: Double, age: Double)] = []
        for i in 0..<50 {
            let age = Double(20 + i % 7)
            data.append((frequency: 10 + i % 5, recency: age, age: age))
        }
        XCTAssertThrowsError(try BGNBDModel.fit(data)) { error in
            guard case .didNotConverge(let model, let detail)? = error as? ValueModelError else {
                return XCTFail("expected didNotConverge, got \(error)")
            }
            XCTAssertEqual(model, "BG/NBD")
            XCTAssertFalse(detail.isEmpty)
            XCTAssertTrue("\(error)".contains("did not converge"))
            XCTAssertTrue("\(error)".contains("No parameters are reported"))
        }
    }

    func testNoRepeatBuyersIsInsufficientData() {
        let data = (0..<50).map { (frequency: 0, recency: 0.0, age: Double(10 + $0)) }
        XCTAssertThrowsError(try BGNBDModel.fit(data)) { error in
            guard case .insufficientData? = error as? ValueModelError else { return XCTFail("\(error)") }
            XCTAssertTrue("\(error)".contains("repeat buyers"), "\(error)")
        }
    }

    func testBadInputIsRejected() {
        XCTAssertThrowsError(try BGNBDModel.fit([CustomerSummary]())) { error in
            guard case .insufficientData = error as? ValueModelError else { return XCTFail("\(error)") }
        }
        XCTAssertThrowsError(try BGNBDModel.fit([(frequency: 1, recency: 5.0, age: 4.0)])) { error in
            guard case .invalidArgument = error as? ValueModelError else { return XCTFail("\(error)") }
        }
        XCTAssertThrowsError(try model.conditionalExpectedPurchases(t: -1, frequency: 0, recency: 0, age: 1))
    }
}
