import Foundation
import XCTest
@testable import TouchpointDomain

/// The pyramid's arithmetic and the seed's gating rule: a level counts only once every level below it holds.
final class CXPyramidTests: XCTestCase {
    /// A company on target everywhere: every indicator has data and meets its default target.
    static var healthy: CXFacts {
        var facts = CXFacts()
        facts.selfServiceAnswered = 100; facts.selfServiceSolved = 70
        facts.searches = 100; facts.zeroResultSearches = 5
        facts.orders = 200; facts.customerContacts = 20
        facts.resolvedCases = 40; facts.firstContactResolutions = 32
        facts.firstResponses = 40; facts.firstResponsesInTarget = 38
        facts.resolutions = 40; facts.resolutionsInTarget = 36
        facts.contactsOffered = 50; facts.contactsAnswered = 48
        facts.csatAnswers = 50; facts.csatSatisfied = 45
        facts.contactsOfKnownPeople = 40; facts.repeatContacts = 4
        facts.returnsAndComplaints = 10
        facts.cases = 40; facts.proactiveCases = 8
        facts.offersShown = 100; facts.offersAccepted = 9
        facts.buyers = 100; facts.engagedOrLoyal = 40
        facts.npsAnswers = 100; facts.promoters = 50; facts.detractors = 10
        facts.scoredCustomers = 100; facts.aliveSum = 70
        facts.clvAtStart = 1_000; facts.clvNow = 1_100
        return facts
    }

    func testEveryIndicatorIsTheRatioOfItsCounts() {
        let readings = Dictionary(uniqueKeysWithValues: Self.healthy.readings(.standard).map { ($0.indicator.key, $0) })
        XCTAssertEqual(readings.count, CXIndicator.all.count)
        XCTAssertEqual(readings["self_service_resolution"]?.value, 0.7)
        XCTAssertEqual(readings["contacts_per_order"]?.value, 0.1)
        XCTAssertEqual(readings["first_contact_resolution"]?.value, 0.8)
        XCTAssertEqual(readings["returns_and_complaints_per_order"]?.value, 0.05)
        XCTAssertEqual(readings["nps"]?.value, 40)
        XCTAssertEqual(readings["retention"]?.value, 0.7)
        XCTAssertEqual(try XCTUnwrap(readings["clv_trend"]?.value), 0.1, accuracy: 1e-12)
        XCTAssertTrue(readings.values.allSatisfy { $0.met == true }, "\(readings.values.filter { $0.met != true }.map(\.indicator.key))")
        let pyramid = CXPyramid.evaluate(Self.healthy, settings: .standard)
        XCTAssertEqual(pyramid.reached, 5)
        XCTAssertNil(pyramid.blockingLevel)
    }

    func testALevelCountsOnlyWhenEveryLevelBelowHolds() {
        var facts = Self.healthy
        facts.firstContactResolutions = 20  // FCR 50 % < 70 %: level 2 fails
        let pyramid = CXPyramid.evaluate(facts, settings: .standard)
        XCTAssertEqual(pyramid.levels.map(\.met), [true, false, true, true, true])
        XCTAssertEqual(pyramid.levels.map(\.counts), [true, false, false, false, false])
        XCTAssertEqual(pyramid.reached, 1)
        XCTAssertEqual(pyramid.blockingLevel, .onDemandProblemSolving)
        XCTAssertEqual(pyramid.levels[1].score, 0.75)
        XCTAssertEqual(pyramid.levels[1].indicatorsMissed, 1)
    }

    func testLowerIsBetterIndicatorsAndExactTargets() {
        var facts = Self.healthy
        facts.zeroResultSearches = 10  // exactly the 10 % target: met
        XCTAssertEqual(CXPyramid.evaluate(facts, settings: .standard).levels[0].met, true)
        facts.zeroResultSearches = 11
        let pyramid = CXPyramid.evaluate(facts, settings: .standard)
        XCTAssertFalse(pyramid.levels[0].met)
        XCTAssertEqual(pyramid.reached, 0)
    }

    func testNoDataIsNeitherMetNorMissedAndALevelWithoutDataDoesNotHold() {
        var facts = Self.healthy
        facts.offersShown = 0; facts.offersAccepted = 0
        var pyramid = CXPyramid.evaluate(facts, settings: .standard)
        let acceptance = pyramid.levels[3].indicators.first { $0.indicator == .offerAcceptance }
        XCTAssertNil(acceptance?.value)
        XCTAssertNil(acceptance?.met)
        XCTAssertTrue(pyramid.levels[3].met, "the level holds on the indicator that has data")
        facts.cases = 0; facts.proactiveCases = 0
        pyramid = CXPyramid.evaluate(facts, settings: .standard)
        XCTAssertNil(pyramid.levels[3].score)
        XCTAssertFalse(pyramid.levels[3].met)
        XCTAssertEqual(pyramid.reached, 3)
    }

    func testLevelTargetsLetALevelHoldWithMostIndicatorsOnTarget() {
        var facts = Self.healthy
        facts.firstContactResolutions = 20
        let relaxed = MeasureSettings(levelTargets: ["on_demand_problem_solving": 0.75])
        XCTAssertEqual(CXPyramid.evaluate(facts, settings: relaxed).reached, 5)
        let stricter = MeasureSettings(targets: ["nps": 50])
        XCTAssertEqual(CXPyramid.evaluate(Self.healthy, settings: stricter).reached, 4)
    }

    func testSettingsProblemsNameEveryField() {
        let settings = MeasureSettings(targets: ["fcr": 0.7, "csat": 1.5, "nps": 120], levelTargets: ["needs_met": 0, "top": 1],
                                       repeatContactDays: 0, channelHours: ["fax": .alwaysOpen])
        let problems = settings.problems()
        XCTAssertEqual(problems.count, 7, "\(problems)")
        XCTAssertTrue(problems.contains { $0.hasPrefix("targets.fcr: unknown indicator") })
        XCTAssertTrue(problems.contains { $0.hasPrefix("targets.csat:") })
        XCTAssertTrue(problems.contains { $0.hasPrefix("channelHours.fax:") })
        XCTAssertEqual(MeasureSettings.standard.problems(), [])
        let decoded = try? JSONDecoder().decode(MeasureSettings.self, from: Data("{}".utf8))
        XCTAssertEqual(decoded, .standard)
    }
}
