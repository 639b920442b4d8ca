import Foundation
import XCTest
@testable import TouchpointDomain

/// Uplift between treated and control with 95 % intervals, checked against Newcombe (1998), Table II.
final class UpliftTests: XCTestCase {
    func estimate(_ x1: Int, _ n1: Int, _ x2: Int, _ n2: Int, _ method: UpliftEstimate.Method = .newcombe) throws -> UpliftEstimate {
        try XCTUnwrap(Uplift.estimate(treated: UpliftGroup(people: n1, conversions: x1), control: UpliftGroup(people: n2, conversions: x2), method: method))
    }

    func assertInterval(_ estimate: UpliftEstimate, _ lower: Double, _ upper: Double, file: StaticString = #filePath, line: UInt = #line) {
        // The paper prints four decimals; 0.0001 allows for its rounding.
        XCTAssertEqual(estimate.lower, lower, accuracy: 0.0001, file: file, line: line)
        XCTAssertEqual(estimate.upper, upper, accuracy: 0.0001, file: file, line: line)
    }

    func testNewcombeIntervalsMatchThePublishedExamples() throws {
        assertInterval(try estimate(56, 70, 48, 80), 0.0524, 0.3339)
        assertInterval(try estimate(9, 10, 3, 10), 0.1705, 0.8090)
        assertInterval(try estimate(6, 7, 2, 7), 0.0582, 0.8062)
        assertInterval(try estimate(5, 56, 0, 29), -0.0381, 0.1926)
        assertInterval(try estimate(0, 10, 0, 20), -0.1611, 0.2775)
        assertInterval(try estimate(0, 10, 0, 10), -0.2775, 0.2775)
        assertInterval(try estimate(10, 10, 0, 20), 0.6791, 1.0000)
    }

    func testWaldIntervalsMatchThePublishedExamplesAndCollapseWithoutConversions() throws {
        assertInterval(try estimate(56, 70, 48, 80, .wald), 0.0575, 0.3425)
        assertInterval(try estimate(9, 10, 3, 10, .wald), 0.2605, 0.9395)
        assertInterval(try estimate(5, 56, 0, 29, .wald), 0.0146, 0.1640)
        // No conversions anywhere: Wald claims certainty of no difference; Newcombe does not.
        assertInterval(try estimate(0, 10, 0, 10, .wald), 0, 0)
    }

    func testAnOfferCampaignReadsAsRatesDifferenceAndSignificance() throws {
        // 12 % of 2,000 shown people accepted, against 8 % of 500 held out.
        let campaign = try estimate(240, 2_000, 40, 500)
        XCTAssertEqual(campaign.treatedRate, 0.12, accuracy: 1e-12)
        XCTAssertEqual(campaign.controlRate, 0.08, accuracy: 1e-12)
        XCTAssertEqual(campaign.difference, 0.04, accuracy: 1e-12)
        XCTAssertEqual(try XCTUnwrap(campaign.relative), 0.5, accuracy: 1e-9)
        XCTAssertTrue(campaign.isSignificant)
        XCTAssertEqual(campaign.method, .newcombe)
        // The same rates on a tenth of the people prove nothing.
        XCTAssertFalse(try estimate(24, 200, 4, 50).isSignificant)
        XCTAssertNil(try estimate(5, 50, 0, 50).relative)
    }

    func testNothingToMeasureGivesNoEstimate() {
        XCTAssertNil(Uplift.estimate(treated: UpliftGroup(people: 0, conversions: 0), control: UpliftGroup(people: 10, conversions: 1)))
        XCTAssertNil(Uplift.estimate(treated: UpliftGroup(people: 10, conversions: 11), control: UpliftGroup(people: 10, conversions: 1)))
        XCTAssertNil(Uplift.estimate(treated: UpliftGroup(people: 10, conversions: -1), control: UpliftGroup(people: 10, conversions: 1)))
    }

    func testWilsonIntervalOfOneProportion() {
        // 81 of 263, the first example of Newcombe's "Two-sided confidence intervals for the single proportion" (1998):
        // the Wilson score interval is 0.2553 to 0.3662.
        let interval = Uplift.wilson(conversions: 81, people: 263)
        XCTAssertEqual(interval.lower, 0.2553, accuracy: 0.0001)
        XCTAssertEqual(interval.upper, 0.3662, accuracy: 0.0001)
        XCTAssertEqual(Uplift.wilson(conversions: 0, people: 10).lower, 0)
    }
}
