import Foundation
import XCTest
@testable import TouchpointDomain

/// Gamma-Gamma against Fader & Hardie's CDNOW estimates (p = 6.25, q = 3.74, γ = 15.44) and `lifetimes`.
///
/// Which data reproduces the paper: the 946 calibration-period repeat buyers, each with m̄ = the mean
/// of their *repeat* purchase days' totals up to 1997-09-30 (first purchase excluded, same-day
/// purchases summed) — what ``CustomerSummary`` computes, and the `zbar` column of
/// `cdnow_customers_summary_with_transactions.csv` (which `lifetimes`' docs fit). From the
/// transactions this gives p = 6.2496, q = 3.7442, γ = 15.4435, the paper's figures to every digit
/// printed; the published file rounds zbar to cents, which moves γ to 15.448 (still 15.4 at three
/// significant figures).
final class GammaGammaTests: XCTestCase {
    func testReproducesThePaperFromTransactions() throws {
        let fit = ValueFixtures.cdnowFit
        assertSignificantFigures(fit.gammaGamma.p, 6.25, 3, "p")
        assertSignificantFigures(fit.gammaGamma.q, 3.74, 3, "q")
        assertSignificantFigures(fit.gammaGamma.gamma, 15.44, 4, "γ")
        let details = try XCTUnwrap(fit.details)
        XCTAssertEqual(details.gammaGammaFit.customers, 946)
        XCTAssertEqual(details.gammaGammaFit.excluded, 2357 - 946)
    }

    func testReproducesThePaperFromThePublishedSummary() throws {
        let published = try ValueFixtures.publishedSummary()
        let fit = try GammaGammaModel.fit(published.values.map { (frequency: $0.x, monetaryValue: $0.zbar) })
        assertSignificantFigures(fit.model.p, 6.25, 3, "p")
        assertSignificantFigures(fit.model.q, 3.74, 3, "q")
        assertSignificantFigures(fit.model.gamma, 15.4, 3, "γ")
        // lifetimes' GammaGammaFitter on the same file: p = 6.248802, q = 3.744588, v = 15.447748.
        assertSignificantFigures(fit.model.p, 6.248802, 5)
        assertSignificantFigures(fit.model.q, 3.744588, 5)
        assertSignificantFigures(fit.model.gamma, 15.447748, 5)
    }

    func testMatchesLifetimes() throws {
        let fit = ValueFixtures.cdnowFit.gammaGamma
        assertSignificantFigures(fit.p, 6.249572277632128, 5, "p")
        assertSignificantFigures(fit.q, 3.744224674758894, 5, "q")
        assertSignificantFigures(fit.gamma, 15.443521018374899, 5, "γ")
        let details = try XCTUnwrap(ValueFixtures.cdnowFit.details)
        XCTAssertEqual(details.gammaGammaFit.logLikelihood, -4055.917694801872, accuracy: 1e-6)
        let se = try XCTUnwrap(details.gammaGammaFit.standardErrors)
        assertSignificantFigures(se.p, 1.1900553463965113, 4, "SE p")
        assertSignificantFigures(se.q, 0.29013306759352275, 4, "SE q")
        assertSignificantFigures(se.gamma, 4.159422802212848, 4, "SE γ")
    }

    func testConditionalExpectedAverageValue() throws {
        let m = try XCTUnwrap(ValueFixtures.cdnowFit.details?.models.gammaGamma)
        // lifetimes' conditional_expected_average_profit for 00004, 00021 and a one-time buyer.
        XCTAssertEqual(try m.conditionalExpectedAverageValue(frequency: 2, monetaryValue: 22.345), 24.653918713236724, accuracy: 1e-5)
        XCTAssertEqual(try m.conditionalExpectedAverageValue(frequency: 1, monetaryValue: 11.77), 18.91001847534269, accuracy: 1e-5)
        XCTAssertEqual(try m.conditionalExpectedAverageValue(frequency: 0, monetaryValue: 0), 35.17037133045407, accuracy: 1e-5)
        XCTAssertEqual(try m.populationMeanValue(), 35.17037133045407, accuracy: 1e-5)
        // Heavier buyers are trusted more: the estimate moves towards their own mean.
        let light = try m.conditionalExpectedAverageValue(frequency: 1, monetaryValue: 100)
        let heavy = try m.conditionalExpectedAverageValue(frequency: 20, monetaryValue: 100)
        XCTAssertLessThan(light, heavy)
        XCTAssertLessThan(heavy, 100)
    }

    func testHeavyTailedFitRefusesAMean() {
        let m = GammaGammaModel(p: 4, q: 0.9, gamma: 3)
        XCTAssertThrowsError(try m.conditionalExpectedAverageValue(frequency: 1, monetaryValue: 10)) { error in
            XCTAssertTrue("\(error)".contains("q = 0.9"), "\(error)")
        }
    }

    func testNonConvergenceIsAnErrorNotNumbers() {
        // Every customer's average is exactly 10: no spread within or between customers, so the
        // likelihood rises without end as p and q grow — no maximum to report.
        let data = (0..<30).map { (frequency: 1 + $0 % 4, monetaryValue: 10.0) }
        XCTAssertThrowsError(try GammaGammaModel.fit(data)) { error in
            guard case .didNotConverge(let model, _)? = error as? ValueModelError else {
                return XCTFail("expected didNotConverge, got \(error)")
            }
            XCTAssertEqual(model, "Gamma-Gamma")
        }
    }

    func testNeedsRepeatBuyers() {
        XCTAssertThrowsError(try GammaGammaModel.fit([(frequency: 0, monetaryValue: 0.0), (frequency: 1, monetaryValue: 0.0)])) { error in
            guard case .insufficientData = error as? ValueModelError else { return XCTFail("\(error)") }
        }
    }

    func testAnalyticDerivativesMatchFiniteDifferences() {
        let data = [(1, 12.5), (2, 30.0), (5, 18.2), (1, 55.0), (3, 21.0), (8, 40.1)].map { (frequency: $0.0, monetaryValue: $0.1) }
        let problem = GammaGammaLikelihood(data: data, penalizer: 0.02)
        let theta = [1.1, 0.9, 2.2]
        let e = problem.evaluate(logParameters: theta, derivatives: true)
        let h = 1e-5
        for i in 0..<3 {
            var up = theta, down = theta
            up[i] += h
            down[i] -= h
            let fUp = problem.evaluate(logParameters: up, derivatives: true)
            let fDown = problem.evaluate(logParameters: down, derivatives: true)
            XCTAssertEqual(e.gradient[i], (fUp.value - fDown.value) / (2 * h), accuracy: 1e-7)
            for j in 0..<3 {
                XCTAssertEqual(e.hessian[i][j], (fUp.gradient[j] - fDown.gradient[j]) / (2 * h), accuracy: 1e-6)
            }
        }
    }
}

final class CustomerLifetimeValueTests: XCTestCase {
    /// lifetimes' `GammaGammaFitter.customer_lifetime_value(bgf, …, time=12, discount_rate=0.01, freq="W")`.
    func testMatchesLifetimes() throws {
        let models = try XCTUnwrap(ValueFixtures.cdnowFit.details?.models)
        let cases: [(x: Int, tx: Double, T: Double, m: Double, clv: Double)] = [
            (2, 30.428571428571427, 38.857142857142854, 22.345, 36.27397745116226),
            (1, 1.7142857142857142, 38.857142857142854, 11.77, 4.640936126484977),
            (0, 0, 38.42857142857143, 0, 8.417957595002035),
        ]
        for c in cases {
            let clv = try CustomerLifetimeValue.value(
                frequency: c.x, recency: c.tx, age: c.T, monetaryValue: c.m,
                bgnbd: models.bgnbd, gammaGamma: models.gammaGamma, unit: .week)
            XCTAssertEqual(clv, c.clv, accuracy: 1e-5 * c.clv, "x = \(c.x)")
        }
    }

    func testDiscountingAndHorizon() throws {
        let models = try XCTUnwrap(ValueFixtures.cdnowFit.details?.models)
        func clv(_ months: Int, _ rate: Double) throws -> Double {
            try CustomerLifetimeValue.value(frequency: 4, recency: 30, age: 38, monetaryValue: 40,
                                            bgnbd: models.bgnbd, gammaGamma: models.gammaGamma, unit: .week,
                                            months: months, monthlyDiscountRate: rate)
        }
        XCTAssertEqual(try clv(0, 0.01), 0)
        XCTAssertLessThan(try clv(12, 0.05), try clv(12, 0.01))
        XCTAssertLessThan(try clv(12, 0.01), try clv(24, 0.01))
        // Undiscounted CLV = E[AOV] × expected purchases over the horizon.
        let expected = try models.gammaGamma.conditionalExpectedAverageValue(frequency: 4, monetaryValue: 40)
            * models.bgnbd.conditionalExpectedPurchases(t: 12 * 4.345, frequency: 4, recency: 30, age: 38)
        XCTAssertEqual(try clv(12, 0), expected, accuracy: 1e-9 * expected)
        XCTAssertThrowsError(try clv(-1, 0.01))
        XCTAssertThrowsError(try clv(12, -1))
    }
}
