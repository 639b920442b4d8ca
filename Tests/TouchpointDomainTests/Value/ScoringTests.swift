import Foundation
import XCTest
@testable import TouchpointDomain

final class RFMTests: XCTestCase {
    func testQuintileBandsWithDistinctValues() {
        let cutoffs = ValuePercentileCutoffs(values: (1...10).map(Double.init), sharesBelow: [0.2, 0.4, 0.6, 0.8])
        XCTAssertEqual(cutoffs.cutoffs, [2, 4, 6, 8])
        XCTAssertEqual((1...10).map { cutoffs.band(of: Double($0)) }, [1, 1, 2, 2, 3, 3, 4, 4, 5, 5])
    }

    func testTiesShareABandWhateverTheOrder() {
        let values: [Double] = [1, 1, 1, 1, 1, 1, 2, 2, 3, 9]
        let a = ValuePercentileCutoffs(values: values, sharesBelow: [0.2, 0.4, 0.6, 0.8])
        let b = ValuePercentileCutoffs(values: values.reversed(), sharesBelow: [0.2, 0.4, 0.6, 0.8])
        XCTAssertEqual(a, b)
        // Six of ten tie at 1: none has anyone below, so all are band 1; 2 has 60 % below → band 4.
        XCTAssertEqual(values.map { a.band(of: $0) }, [1, 1, 1, 1, 1, 1, 4, 4, 5, 5])
    }

    func testRFMScoreCodes() throws {
        XCTAssertEqual(RFMScore(recency: 5, frequency: 5, monetary: 5).code, "555")
        XCTAssertEqual(RFMScore(code: "412"), RFMScore(recency: 4, frequency: 1, monetary: 2))
        XCTAssertNil(RFMScore(code: "612"))
        XCTAssertNil(RFMScore(code: "55"))
        let data = try JSONEncoder().encode(RFMScore(recency: 3, frequency: 2, monetary: 1))
        XCTAssertEqual(String(decoding: data, as: UTF8.self), "\"321\"")
    }

    func testRecentFrequentBigSpendersScore555() {
        let until = CalendarDay(iso: "2024-12-31")!
        var transactions: [Transaction] = []
        // Customer k (1…10) last bought k·30 days into the year, on k days, k × 10 each time.
        for k in 1...10 {
            for d in 0..<k {
                transactions.append(Transaction(customerID: "c\(k)", date: CalendarDay(iso: "2024-01-01")!.adding(days: k * 30 - d), amount: Decimal(k * 10)))
            }
        }
        let summaries = CustomerSummary.summarize(transactions, until: until, unit: .day)
        let quintiles = RFMQuintiles(summaries: summaries)
        let scores = Dictionary(uniqueKeysWithValues: summaries.map { ($0.customerID, quintiles.score($0).code) })
        XCTAssertEqual(scores["c10"], "555")
        XCTAssertEqual(scores["c9"], "555")
        XCTAssertEqual(scores["c1"], "111")
        XCTAssertEqual(scores["c5"], "333")
    }

    func testChurnRiskBands() {
        let bands = ChurnRiskThresholds()
        XCTAssertEqual(bands.band(probabilityAlive: 0.95), .low)
        XCTAssertEqual(bands.band(probabilityAlive: 0.7), .low)
        XCTAssertEqual(bands.band(probabilityAlive: 0.69), .medium)
        XCTAssertEqual(bands.band(probabilityAlive: 0.3), .medium)
        XCTAssertEqual(bands.band(probabilityAlive: 0.29), .high)
        XCTAssertEqual(ChurnRiskThresholds(low: 0.9, medium: 0.5).band(probabilityAlive: 0.8), .medium)
    }

    func testValueTiers() {
        let cutoffs = ValueTierCutoffs(clvs: (1...100).map(Double.init))
        XCTAssertEqual(cutoffs.tier(clv: 100), .platinum)
        XCTAssertEqual(cutoffs.tier(clv: 91), .platinum)
        XCTAssertEqual(cutoffs.tier(clv: 90), .gold)
        XCTAssertEqual(cutoffs.tier(clv: 71), .gold)
        XCTAssertEqual(cutoffs.tier(clv: 70), .silver)
        XCTAssertEqual(cutoffs.tier(clv: 41), .silver)
        XCTAssertEqual(cutoffs.tier(clv: 40), .bronze)
        XCTAssertEqual(cutoffs.tier(clv: 0), .bronze)
        let counts = Dictionary(grouping: (1...100).map { cutoffs.tier(clv: Double($0)) }, by: { $0 }).mapValues(\.count)
        XCTAssertEqual(counts, [.platinum: 10, .gold: 20, .silver: 30, .bronze: 40])
    }
}

final class CustomerScoringTests: XCTestCase {
    func testScoresOnTheCDNOWSample() throws {
        let details = try XCTUnwrap(ValueFixtures.cdnowFit.details)
        let now = ValueFixtures.calibrationEnd
        let (population, scores) = try ValueScoring.scoreAll(details.summaries, now: now, models: details.models)
        XCTAssertEqual(scores.count, 2357)
        XCTAssertEqual(population.customers, 2357)
        let s = try XCTUnwrap(scores["00004"])
        XCTAssertEqual(s.pAlive, 0.7266202977882532, accuracy: 1e-5)
        XCTAssertEqual(s.clv, 36.27397745116226, accuracy: 1e-4)
        XCTAssertEqual(s.churnRisk, .low)
        let one = try XCTUnwrap(details.summaries.first { $0.customerID == "00004" })
        XCTAssertEqual(try ValueScoring.score(one, now: now, models: details.models, population: population), s)
        // The tiers follow the default shares (ties may shift a few customers down).
        let tiers = Dictionary(grouping: scores.values, by: \.valueTier).mapValues(\.count)
        XCTAssertLessThanOrEqual(tiers[.platinum] ?? 0, 236)
        XCTAssertGreaterThan(tiers[.platinum] ?? 0, 200)
        XCTAssertTrue(scores.values.allSatisfy { RFMScore(code: $0.rfm) != nil && $0.clv >= 0 && (0...1).contains($0.pAlive) })
    }

    func testLaterNowLowersProbabilityAlive() throws {
        let details = try XCTUnwrap(ValueFixtures.cdnowFit.details)
        let one = try XCTUnwrap(details.summaries.first { $0.customerID == "00004" })
        let population = try ValueScoring.population(details.summaries, now: ValueFixtures.calibrationEnd, models: details.models)
        let atEnd = try ValueScoring.score(one, now: ValueFixtures.calibrationEnd, models: details.models, population: population)
        let later = try ValueScoring.score(one, now: CalendarDay(iso: "1998-06-30")!, models: details.models, population: population)
        XCTAssertLessThan(later.pAlive, atEnd.pAlive)
        XCTAssertLessThan(later.clv, atEnd.clv)
        XCTAssertEqual(later.rfm, atEnd.rfm, "RFM cut points are on dates, so they do not move with now")
    }

    func testScoresEncodeWithTheContractKeys() throws {
        let scores = CustomerScores(rfm: "555", clv: 123.5, pAlive: 0.75, churnRisk: .low, valueTier: .platinum)
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let json = String(decoding: try encoder.encode(scores), as: UTF8.self)
        XCTAssertEqual(json, #"{"churnRisk":"low","clv":123.5,"pAlive":0.75,"rfm":"555","valueTier":"platinum"}"#)
        XCTAssertEqual(try JSONDecoder().decode(CustomerScores.self, from: Data(json.utf8)), scores)
    }
}

final class ValueFitTests: XCTestCase {
    func testJSONHasExactlyTheContractKeys() throws {
        let report = ValueFixtures.cdnowFit
        let json = report.jsonString()
        XCTAssertTrue(json.hasPrefix(#"{"bgnbd":{"r":"#), json)
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        XCTAssertEqual(Set(object.keys), ["bgnbd", "gammaGamma", "customers"])
        let bgnbd = try XCTUnwrap(object["bgnbd"] as? [String: Any])
        let gammaGamma = try XCTUnwrap(object["gammaGamma"] as? [String: Any])
        XCTAssertEqual(Set(bgnbd.keys), ["r", "alpha", "a", "b", "logLikelihood"])
        XCTAssertEqual(Set(gammaGamma.keys), ["p", "q", "gamma"])
        XCTAssertEqual(object["customers"] as? Int, 2357)
        // Codable gives the same object, and decoding it back keeps every number exactly.
        let decoded = try JSONDecoder().decode(ValueFitReport.self, from: Data(json.utf8))
        XCTAssertEqual(decoded.bgnbd, report.bgnbd)
        XCTAssertEqual(decoded.gammaGamma, report.gammaGamma)
        XCTAssertNil(decoded.details)
        let encoded = try XCTUnwrap(JSONSerialization.jsonObject(with: JSONEncoder().encode(report)) as? [String: Any])
        XCTAssertEqual(Set(encoded.keys), Set(object.keys))
        XCTAssertTrue(report.tableText().contains("alpha"))
    }

    func testHoldoutPurchasesAreLeftOut() throws {
        let details = try XCTUnwrap(ValueFixtures.cdnowFit.details)
        XCTAssertEqual(details.transactions, 6919)
        XCTAssertEqual(details.transactions - details.transactionsAfterUntil, 4960)
    }

    func testNoPurchasesBeforeUntilSaysWhatToDo() {
        let t = [Transaction(customerID: "a", date: CalendarDay(iso: "2024-05-01")!, amount: 5)]
        XCTAssertThrowsError(try ValueFit.run(transactions: t, until: CalendarDay(iso: "2024-01-01")!, unit: .day)) { error in
            XCTAssertTrue("\(error)".contains("choose a later --until"), "\(error)")
        }
    }

    func testNoRepeatBuyersSaysWhatIsMissing() {
        let t = (0..<20).map { Transaction(customerID: "c\($0)", date: CalendarDay(iso: "2024-01-01")!.adding(days: $0), amount: 5) }
        XCTAssertThrowsError(try ValueFit.run(transactions: t, until: CalendarDay(iso: "2024-03-01")!, unit: .day)) { error in
            guard case .insufficientData? = error as? ValueModelError else { return XCTFail("\(error)") }
            XCTAssertTrue("\(error)".contains("repeat buyers"), "\(error)")
        }
    }

    func testDailyUnitGivesTheSameModelInOtherUnits() throws {
        let daily = try ValueFit.run(transactions: ValueFixtures.cdnowTransactions, until: ValueFixtures.calibrationEnd, unit: .day)
        let weekly = ValueFixtures.cdnowFit
        // Time only rescales α (by 7); the shape parameters and spend model are unchanged.
        assertSignificantFigures(daily.bgnbd.r, weekly.bgnbd.r, 6)
        assertSignificantFigures(daily.bgnbd.alpha / 7, weekly.bgnbd.alpha, 6)
        assertSignificantFigures(daily.bgnbd.a, weekly.bgnbd.a, 6)
        assertSignificantFigures(daily.bgnbd.b, weekly.bgnbd.b, 6)
        assertSignificantFigures(daily.gammaGamma.p, weekly.gammaGamma.p, 8)
    }
}
