import Foundation
import XCTest
@testable import TouchpointDomain

/// Beta-Bernoulli beliefs per (action, segment) and Thompson sampling: new actions get tried, bad ones dropped.
final class PropensityTests: XCTestCase {
    let bestseller = DecisionFixtures.action("bestseller", .crossSell)
    let newcomer = DecisionFixtures.action("newcomer", .crossSell)

    /// The bestseller has been shown 1,000 times and accepted 200 times: Beta(201, 809), mean ≈ 0.2.
    func modelWithABestseller() -> PropensityModel {
        var model = PropensityModel()
        for _ in 0..<200 { model.record(.accepted, action: "bestseller", segment: nil) }
        for _ in 0..<800 { model.record(.declined, action: "bestseller", segment: nil) }
        return model
    }

    func testTheBetaSamplerHasTheRightMeanAndVariance() {
        var random = SeededRandom(seed: 7)
        let draws = (0..<20_000).map { _ in BetaBelief(alpha: 2, beta: 8).sample(using: &random) }
        let mean = draws.reduce(0, +) / Double(draws.count)
        let variance = draws.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(draws.count)
        XCTAssertEqual(mean, 0.2, accuracy: 0.005)
        XCTAssertEqual(variance, 2.0 * 8 / (100 * 11), accuracy: 0.001)  // αβ / ((α+β)²(α+β+1))
        XCTAssertTrue(draws.allSatisfy { $0 > 0 && $0 < 1 })
    }

    func testOutcomesUpdateTheBeliefFromThePrior() {
        XCTAssertEqual(ImpressionOutcome.settle(viewed: true, accepted: true), .accepted)
        XCTAssertEqual(ImpressionOutcome.settle(viewed: false, accepted: true), .accepted)
        XCTAssertEqual(ImpressionOutcome.settle(viewed: true, accepted: false), .declined)
        XCTAssertEqual(ImpressionOutcome.settle(viewed: false, accepted: false), .unseen)

        var model = PropensityModel()
        XCTAssertEqual(model.belief(action: "newcomer", segment: nil), BetaBelief(alpha: 1, beta: 9))
        model.record(.accepted, action: "newcomer", segment: "tv-no-soundbar")
        model.record(.declined, action: "newcomer", segment: "tv-no-soundbar")
        model.record(.declined, action: "newcomer", segment: "tv-no-soundbar")
        model.record(.unseen, action: "newcomer", segment: "tv-no-soundbar")
        XCTAssertEqual(model.belief(action: "newcomer", segment: "tv-no-soundbar"), BetaBelief(alpha: 2, beta: 11))
        // Segments learn apart: everyone else still has the prior.
        XCTAssertEqual(model.belief(action: "newcomer", segment: nil), BetaBelief.defaultPrior)
        XCTAssertEqual(model.belief(action: "newcomer", segment: "tv-no-soundbar").mean, 2.0 / 13, accuracy: 1e-12)
    }

    func testThompsonSamplingTriesANewActionAGreedyRuleWouldNever() {
        let model = modelWithABestseller()
        // By the mean the newcomer (0.1) always loses to the bestseller (0.2) …
        XCTAssertLessThan(model.belief(action: "newcomer", segment: nil).mean, model.belief(action: "bestseller", segment: nil).mean)
        // … but its wide prior draws above 0.2 about (0.8)^9 ≈ 13 % of the time, so it gets shown and can prove itself.
        var random = SeededRandom(seed: 13)
        var newcomerWins = 0
        for _ in 0..<2_000 {
            let draws = model.propensities(for: [bestseller, newcomer], memberOf: [], using: &random)
            if draws["newcomer"]! > draws["bestseller"]! { newcomerWins += 1 }
        }
        XCTAssertEqual(Double(newcomerWins) / 2_000, 0.13, accuracy: 0.05)
    }

    func testABetterNewActionTakesOverAndAWorseOneIsDropped() {
        func simulate(newcomerRate: Double, seed: UInt64) -> (total: Int, lastFiveHundred: Int) {
            var model = modelWithABestseller()
            var decisions = SeededRandom(seed: seed)
            var world = SeededRandom(seed: seed + 100)
            var total = 0, late = 0
            for round in 0..<3_000 {
                let draws = model.propensities(for: [bestseller, newcomer], memberOf: [], using: &decisions)
                let chosen: ActionID = draws["newcomer"]! > draws["bestseller"]! ? "newcomer" : "bestseller"
                let rate = chosen == "newcomer" ? newcomerRate : 0.2
                model.record(world.chance(rate) ? .accepted : .declined, action: chosen, segment: nil)
                if chosen == "newcomer" {
                    total += 1
                    if round >= 2_500 { late += 1 }
                }
            }
            return (total, late)
        }
        // Accepted 35 % of the time: after a few hundred rounds it is shown nearly always.
        XCTAssertGreaterThan(simulate(newcomerRate: 0.35, seed: 1).lastFiveHundred, 450)
        // Accepted 5 % of the time: tried some tens of times, then hardly ever.
        let worse = simulate(newcomerRate: 0.05, seed: 1)
        XCTAssertGreaterThanOrEqual(worse.total, 10)
        XCTAssertLessThan(worse.lastFiveHundred, 25)
    }

    func testTheSameSeedGivesTheSameDraws() {
        let model = modelWithABestseller()
        var first = SeededRandom(seed: 99), second = SeededRandom(seed: 99)
        XCTAssertEqual(model.propensities(for: [bestseller, newcomer], memberOf: [], using: &first),
                       model.propensities(for: [bestseller, newcomer], memberOf: [], using: &second))
    }

    func testAnOutcomeTeachesTheSegmentTheActionWasChosenFor() {
        let targeted = DecisionFixtures.action("soundbar", .crossSell) {
            $0.eligibility = ActionEligibility(segments: ["tv-no-soundbar", "home-cinema"])
        }
        XCTAssertEqual(PropensityModel.learningSegment(for: targeted, memberOf: ["home-cinema", "tv-no-soundbar"]), "tv-no-soundbar")
        XCTAssertEqual(PropensityModel.learningSegment(for: targeted, memberOf: ["home-cinema"]), "home-cinema")
        XCTAssertNil(PropensityModel.learningSegment(for: bestseller, memberOf: ["home-cinema"]))
    }

    func testTheModelRoundTripsThroughJSON() throws {
        var model = modelWithABestseller()
        model.record(.accepted, action: "newcomer", segment: "tv-no-soundbar")
        let data = try JSONEncoder().encode(model)
        XCTAssertEqual(try JSONDecoder().decode(PropensityModel.self, from: data), model)
        XCTAssertTrue(String(decoding: data, as: UTF8.self).contains(#""alpha":201"#))
    }
}
