import Foundation
import XCTest
@testable import TouchpointDomain

final class SpecialFunctionsTests: XCTestCase {
    func testDigammaAndTrigamma() {
        let eulerGamma = 0.57721566490153286
        XCTAssertEqual(ValueMath.digamma(1), -eulerGamma, accuracy: 1e-14)
        XCTAssertEqual(ValueMath.digamma(0.5), -eulerGamma - 2 * log(2.0), accuracy: 1e-13)
        XCTAssertEqual(ValueMath.digamma(100), 4.600161852738087, accuracy: 1e-13)
        XCTAssertEqual(ValueMath.trigamma(1), Double.pi * Double.pi / 6, accuracy: 1e-13)
        XCTAssertEqual(ValueMath.trigamma(0.5), Double.pi * Double.pi / 2, accuracy: 1e-12)
        // ψ is the derivative of ln Γ, ψ′ that of ψ (central differences).
        for x in [0.243, 1.7, 6.25, 42.0] {
            let h = 1e-5 * x
            XCTAssertEqual(ValueMath.digamma(x), (ValueMath.logGamma(x + h) - ValueMath.logGamma(x - h)) / (2 * h), accuracy: 1e-7 * max(1, abs(ValueMath.digamma(x))))
            XCTAssertEqual(ValueMath.trigamma(x), (ValueMath.digamma(x + h) - ValueMath.digamma(x - h)) / (2 * h), accuracy: 1e-6 * max(1, ValueMath.trigamma(x)))
        }
        XCTAssertEqual(ValueMath.logGammaWithSign(-0.5).sign, -1)
        XCTAssertEqual(ValueMath.logGammaWithSign(-1.5).sign, 1)
    }

    /// Reference values from mpmath at 40 digits.
    func testHypergeometricAgainstReferenceValues() throws {
        let cases: [(Double, Double, Double, Double, Double)] = [
            (1, 1, 2, 0.5, 1.3862943611198906188),
            (2.243, 4.426, 4.219, 0.4740258161752194, 4.5753158976436893116),
            (0.5, 2.5, 1.2, 0.95, 84.674862423003239518),
            (3.2, 1.7, 0.4, 0.97, 80900894.267772719011),
            (0.24, 2.4, 2.2, 0.999, 10.543693464040088626),
            (1.5, 2.5, 3.0, -0.5, 0.59855416071761366583),
            (1.5, 2.5, 3.0, -3.0, 0.16431852766494811285),
            (10.3, 12.1, 11.9, 0.6, 14822.58856900162776),
            (0.3, 0.7, 1.9, 0.9999, 1.252376323328297735),
            (29.2426, 31.4259, 31.2188, 0.47903544370965045, 217334338.58208754112),
            (1.2, 2.3, 3.5, 0.95, 5.821723143796658312),
            (1.2, 2.3, 4.5, 0.95, 3.0226376421332628469),
            (0.5, 0.5, 1.5, 0.81, 1.2441883499984824642),
            (-3, 2.5, 1.5, 0.7, -0.099000000000000017319),
            (40.2, 42.4, 41.2, 0.995, 1.7780011129377320864e+95),
        ]
        for (a, b, c, z, expected) in cases {
            let value = try ValueMath.hypergeometric2F1(a, b, c, z)
            XCTAssertEqual(value, expected, accuracy: 1e-12 * abs(expected), "2F1(\(a), \(b); \(c); \(z))")
        }
    }

    func testHypergeometricClosedForms() throws {
        for z in [-5.0, -0.9, -0.1, 0.1, 0.5, 0.9, 0.95, 0.99, 0.999] {
            // ₂F₁(1, 1; 2; z) = −ln(1−z)/z
            XCTAssertEqual(try ValueMath.hypergeometric2F1(1, 1, 2, z), -log1p(-z) / z, accuracy: 1e-13 * abs(log1p(-z) / z), "z = \(z)")
            // ₂F₁(a, b; b; z) = (1−z)^(−a)
            XCTAssertEqual(try ValueMath.hypergeometric2F1(0.7, 1.3, 1.3, z), pow(1 - z, -0.7), accuracy: 1e-12 * pow(1 - z, -0.7), "z = \(z)")
        }
        // Gauss's theorem at z = 1: Γ(c)Γ(c−a−b)/(Γ(c−a)Γ(c−b)).
        let gauss = exp(ValueMath.logGamma(3) + ValueMath.logGamma(1.5) - ValueMath.logGamma(2.5) - ValueMath.logGamma(2))
        XCTAssertEqual(try ValueMath.hypergeometric2F1(0.5, 1, 3, 1), gauss, accuracy: 1e-14)
    }

    func testHypergeometricRefusesWhatItCannotCompute() {
        XCTAssertThrowsError(try ValueMath.hypergeometric2F1(0.25, 2.4, 2.2, 1.0)) { error in
            XCTAssertTrue("\(error)".contains("diverges"), "\(error)")
        }
        XCTAssertThrowsError(try ValueMath.hypergeometric2F1(1, 1, -2, 0.5))
        XCTAssertThrowsError(try ValueMath.hypergeometric2F1(1, 1, 2, 1.5))
        // c − a − b an integer and z within 1e-6 of 1: no formula converges in budget — it says so.
        XCTAssertThrowsError(try ValueMath.hypergeometric2F1(1.5, 2.0, 3.5, 0.999999)) { error in
            guard case .seriesDidNotConverge = error as? ValueModelError else { return XCTFail("\(error)") }
        }
    }
}
