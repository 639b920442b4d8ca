import Foundation
import XCTest
@testable import TouchpointDomain

/// Segments: property and history conditions in all-of / any-of groups, and when membership expires by itself.
final class SegmentDefinitionTests: XCTestCase {
    let now = DecisionFixtures.now

    func condition(_ text: String) throws -> PropertyCondition { try PropertyCondition(parsing: text) }

    /// Bought a TV in the last 90 days and no soundbar.
    func tvWithoutSoundbar() throws -> SegmentDefinition {
        SegmentDefinition(id: "tv-no-soundbar", name: "TV, no soundbar", allOf: [
            .history(.did("Order Completed", where: [try condition("category == tv")], withinDays: 90)),
            .history(.didNot("Order Completed", where: [try condition("category == soundbar")], withinDays: 90)),
        ])
    }

    /// Two or more contacts in 7 days.
    let frequentContacts = SegmentDefinition(id: "frequent-contacts", name: "2+ contacts in 7 days", allOf: [
        .history(.did("Contact", atLeast: 2, withinDays: 7)),
    ])

    func testATVBuyerWithoutASoundbarIsInTheSegment() throws {
        let segment = try tvWithoutSoundbar()
        XCTAssertTrue(segment.matches(DecisionFixtures.ann(), now: now))
        let boughtSoundbar = DecisionFixtures.ann { $0.events.append(DecisionFixtures.order("soundbar", daysAgo: 5)) }
        XCTAssertFalse(segment.matches(boughtSoundbar, now: now))
        let oldTV = DecisionFixtures.ann { $0.events = [DecisionFixtures.order("tv", daysAgo: 100)] }
        XCTAssertFalse(segment.matches(oldTV, now: now))
    }

    func testTwoContactsInSevenDaysAndWhenThatEnds() {
        let busy = DecisionFixtures.ann { $0.events += [DecisionFixtures.contact(daysAgo: 2), DecisionFixtures.contact(daysAgo: 6)] }
        XCTAssertTrue(frequentContacts.matches(busy, now: now))
        // The contact of 6 days ago leaves the 7-day window tomorrow, leaving one contact: out of the segment then.
        XCTAssertEqual(frequentContacts.nextExpiry(busy, now: now), DecisionFixtures.inDays(1))
        XCTAssertFalse(frequentContacts.matches(busy, now: DecisionFixtures.inDays(1)))
        XCTAssertTrue(frequentContacts.matches(busy, now: DecisionFixtures.inDays(1).addingTimeInterval(-1)))
        // One contact is not enough, and waiting cannot make it enough.
        let quiet = DecisionFixtures.ann { $0.events.append(DecisionFixtures.contact(daysAgo: 1)) }
        XCTAssertFalse(frequentContacts.matches(quiet, now: now))
        XCTAssertNil(frequentContacts.nextExpiry(quiet, now: now))
    }

    func testWaitingOutADidNotConditionJoinsTheSegment() throws {
        // The soundbar was bought 80 days ago: in 10 days it is older than 90 days, and the TV (20 days old) still counts.
        let facts = DecisionFixtures.ann { $0.events.append(DecisionFixtures.order("soundbar", daysAgo: 80)) }
        let segment = try tvWithoutSoundbar()
        XCTAssertFalse(segment.matches(facts, now: now))
        XCTAssertEqual(segment.nextExpiry(facts, now: now), DecisionFixtures.inDays(10))
        XCTAssertTrue(segment.matches(facts, now: DecisionFixtures.inDays(10)))
        // From then on the TV purchase leaving the window (70 days from now) is the next change.
        XCTAssertEqual(segment.nextExpiry(facts, now: DecisionFixtures.inDays(10)), DecisionFixtures.inDays(70))
    }

    func testMomentsThatChangeNothingAreSkipped() throws {
        // A TV within 90 days or a laptop within 30: the laptop leaves in 20 days, but the TV holds until day 70.
        let segment = SegmentDefinition(id: "recent-buyers", name: "Recent electronics buyers", groups: [
            ConditionGroup(.anyOf, [
                .history(.did("Order Completed", where: [try condition("category == tv")], withinDays: 90)),
                .history(.did("Order Completed", where: [try condition("category == laptop")], withinDays: 30)),
            ]),
        ])
        let facts = DecisionFixtures.ann { $0.events.append(DecisionFixtures.order("laptop", daysAgo: 10)) }
        XCTAssertTrue(segment.matches(facts, now: now))
        XCTAssertEqual(segment.nextExpiry(facts, now: now), DecisionFixtures.inDays(70))
    }

    func testPropertyConditionsAloneNeverExpire() throws {
        let warsaw = SegmentDefinition(id: "warsaw-gold", name: "Gold customers in Warsaw", groups: [
            ConditionGroup(.allOf, [.property(try condition("traits.city == Warszawa"))]),
            ConditionGroup(.anyOf, [.property(try condition("value.valueTier == gold")), .property(try condition("value.clv >= 5000"))]),
        ])
        XCTAssertTrue(warsaw.matches(DecisionFixtures.ann(), now: now))
        XCTAssertNil(warsaw.nextExpiry(DecisionFixtures.ann(), now: now))
    }

    func testARecentDetractorFlagExpires() throws {
        let detractors = SegmentDefinition(id: "recent-detractors", name: "Recent detractors", allOf: [
            .property(try condition("feedback.detractorRecently == true")),
        ])
        let facts = DecisionFixtures.ann { $0.feedback.lastDetractorAt = DecisionFixtures.daysAgo(25) }
        XCTAssertTrue(detractors.matches(facts, now: now))
        XCTAssertEqual(detractors.nextExpiry(facts, now: now), DecisionFixtures.inDays(5))
    }

    func testValidationListsEveryProblemAtOnce() throws {
        let broken = SegmentDefinition(id: "broken one", name: " ", groups: [
            ConditionGroup(.allOf, [
                .property(try condition("value.cvl > 10")),
                .history(HistoryCondition(event: "", atLeast: 0, withinDays: 365)),
            ]),
            ConditionGroup(.anyOf, []),
        ])
        let problems = broken.validate()
        XCTAssertEqual(problems, [
            "id: 1 to 100 characters without spaces",
            "name is required (at most 200 characters)",
            "conditions[0].all[0]: \"value.cvl\" reads nothing: value has churnRisk, clv, margin, pAlive, valueTier",
            "conditions[0].all[1]: did: the event name is empty",
            "conditions[0].all[1]: atLeast must be from 1 to 1000",
            "conditions[0].all[1]: withinDays must be more than 0 and at most 180 (the history kept)",
            "conditions[1].any: an empty group (all of nothing holds for everyone, any of nothing for no one)",
        ])
        XCTAssertThrowsError(try broken.validated()) { error in
            XCTAssertEqual((error as? DecisionRuleError)?.problems.count, 7)
        }
        XCTAssertEqual(try tvWithoutSoundbar().validate(), [])
        XCTAssertEqual(SegmentDefinition(id: "empty", name: "Everyone?", groups: []).validate(),
                       ["conditions: a segment needs at least one condition"])
    }

    func testTheDocumentedJSONReadsAndRoundTrips() throws {
        let json = """
        {"id": "tv-no-soundbar", "name": "Bought a TV, no soundbar yet",
         "conditions": [
           {"all": [{"did": "Order Completed", "where": ["category == tv"], "withinDays": 90},
                    {"didNot": "Order Completed", "where": "category == soundbar", "withinDays": 90}]},
           {"any": ["traits.city == Warszawa", {"path": "value.clv", "op": ">=", "value": 500}]}]}
        """
        let segment = try JSONDecoder().decode(SegmentDefinition.self, from: Data(json.utf8))
        XCTAssertEqual(segment.validate(), [])
        XCTAssertEqual(segment.groups.map(\.mode), [.allOf, .anyOf])
        XCTAssertTrue(segment.matches(DecisionFixtures.ann(), now: now))
        let reread = try JSONDecoder().decode(SegmentDefinition.self, from: try JSONEncoder().encode(segment))
        XCTAssertEqual(reread, segment)
        XCTAssertThrowsError(try JSONDecoder().decode(SegmentDefinition.self, from: Data(#"{"id":"x","name":"x","conditions":[{"all":["cases.open >< 1"]}]}"#.utf8)))
        XCTAssertThrowsError(try JSONDecoder().decode(ConditionGroup.self, from: Data(#"{"all":[],"any":[]}"#.utf8)))
    }
}
