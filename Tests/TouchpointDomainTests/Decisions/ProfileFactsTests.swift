import Foundation
import XCTest
@testable import TouchpointDomain

/// The facts document conditions read: paths from its root, the condition language's operators unchanged.
final class ProfileFactsTests: XCTestCase {
    let now = DecisionFixtures.now

    func holds(_ text: String, _ facts: ProfileFacts = DecisionFixtures.ann()) throws -> Bool {
        facts.holds(try PropertyCondition(parsing: text), now: now)
    }

    func testConditionsReadEveryPartOfTheFacts() throws {
        XCTAssertTrue(try holds("traits.city == warszawa"))  // strings ignore case, as in lifecycle rules
        XCTAssertTrue(try holds("counters.orders >= 3"))
        XCTAssertTrue(try holds("stage == experience"))
        XCTAssertTrue(try holds("stageIndex >= 3"))
        XCTAssertTrue(try holds("value.clv > 500"))
        XCTAssertTrue(try holds("value.valueTier in [\"gold\", \"platinum\"]"))
        XCTAssertTrue(try holds("feedback.nps >= 9"))
        XCTAssertTrue(try holds("cases.open == 0"))
        XCTAssertFalse(try holds("traits.city == Kraków"))
        XCTAssertFalse(try holds("cases.open >= 1"))
    }

    func testUnknownFieldsAreMissingNotZero() throws {
        let newcomer = ProfileFacts(profileID: "new")
        XCTAssertFalse(try holds("value.clv < 100", newcomer))
        XCTAssertTrue(try holds("value.clv missing", newcomer))
        XCTAssertTrue(try holds("stage missing", newcomer))
        XCTAssertTrue(try holds("traits.city != Warszawa", newcomer))  // != is true on a missing field
        XCTAssertTrue(try holds("cases.open == 0", newcomer))
    }

    func testRecentDetractorsAndBadExperiencesAreDecidedAgainstNow() throws {
        let unhappy = DecisionFixtures.ann {
            $0.feedback.lastDetractorAt = DecisionFixtures.daysAgo(10)
            $0.feedback.lastBadExperienceAt = DecisionFixtures.daysAgo(45)
        }
        XCTAssertTrue(try holds("feedback.detractorRecently == true", unhappy))
        XCTAssertFalse(try holds("feedback.badExperienceRecently == true", unhappy))
        // 21 days later the answer is 31 days old: no longer recent.
        let later = unhappy.holds(try PropertyCondition(parsing: "feedback.detractorRecently == true"), now: DecisionFixtures.inDays(21))
        XCTAssertFalse(later)
    }

    func testHistoryConditionsReadEventPropertiesAndNamesLikeLifecycleRules() throws {
        let tv = HistoryCondition.did("order_completed", where: [try PropertyCondition(parsing: "properties.category == TV")], withinDays: 30)
        XCTAssertTrue(tv.holds(DecisionFixtures.ann(), now: now))
        XCTAssertEqual(tv.count(in: DecisionFixtures.ann(), now: now), 1)
        // 10 days later the purchase is 30 days old: out of the window.
        XCTAssertFalse(tv.holds(DecisionFixtures.ann(), now: DecisionFixtures.inDays(10)))
        var inStore = tv
        inStore.channels = [.store]
        XCTAssertFalse(inStore.holds(DecisionFixtures.ann(), now: now))
    }

    func testPathsThatReadNothingAreReported() {
        func problems(_ text: String) -> [String] {
            guard let condition = try? SegmentCondition.parsing(text) else { return ["does not parse"] }
            return condition.problems
        }
        XCTAssertEqual(problems("traits.city == Warszawa"), [])
        XCTAssertEqual(problems("counters.contacts_7d >= 2"), [])
        XCTAssertEqual(problems("value.cvl > 10").count, 1)
        XCTAssertEqual(problems("city == Warszawa").count, 1)
        XCTAssertEqual(problems("traits exists").count, 1)
        XCTAssertEqual(problems("stage.name == loyalty").count, 1)
        XCTAssertEqual(problems("stage == loyality").count, 1)
        XCTAssertEqual(problems("stage in [\"need\", \"loyalty\"]"), [])
        XCTAssertTrue(problems("value.cvl > 10")[0].contains("value has churnRisk, clv, margin, pAlive, valueTier"))
    }

    func testFactsRoundTripThroughJSON() throws {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        let facts = DecisionFixtures.ann()
        XCTAssertEqual(try decoder.decode(ProfileFacts.self, from: try encoder.encode(facts)), facts)
    }
}
