import Foundation
import XCTest
import Tagged
@testable import TouchpointDomain

/// Incremental evaluation: a segment is evaluated again for a person only when their new events can move it.
final class SegmentChangesTests: XCTestCase {
    let now = Date(timeIntervalSince1970: 1_781_092_800)

    func testASegmentIsAffectedOnlyByWhatItReads() throws {
        let tvBuyers = SegmentDefinition(id: "tv", name: "TV", allOf: [
            .history(.did("Order Completed", where: [PropertyCondition("category", .equals, .string("tv"))], withinDays: 90))])
        let warsaw = SegmentDefinition(id: "waw", name: "Warsaw", allOf: [try SegmentCondition.parsing("traits.city == Warszawa")])
        let busy = SegmentDefinition(id: "busy", name: "Busy", allOf: [try SegmentCondition.parsing("counters.events >= 10")])
        let openCase = SegmentDefinition(id: "case", name: "Open case", allOf: [try SegmentCondition.parsing("cases.open >= 1")])
        let unhappy = SegmentDefinition(id: "unhappy", name: "Unhappy", allOf: [try SegmentCondition.parsing("feedback.detractorRecently == true")])
        let loyal = SegmentDefinition(id: "loyal", name: "Loyal", allOf: [try SegmentCondition.parsing("stage == loyalty")])

        let laptopOrder = FactChanges(events: [FactEvent(name: "order_completed", at: now, properties: ["category": .string("laptop")])])
        let tvOrder = FactChanges(events: [FactEvent(name: "Order Completed", at: now, properties: ["category": .string("TV")])])
        XCTAssertFalse(tvBuyers.isAffected(by: laptopOrder), "another category cannot move a TV segment")
        XCTAssertTrue(tvBuyers.isAffected(by: tvOrder))
        XCTAssertFalse(warsaw.isAffected(by: tvOrder))
        XCTAssertTrue(warsaw.isAffected(by: FactChanges(traitsChanged: true)))
        XCTAssertTrue(busy.isAffected(by: laptopOrder), "every event counts")
        XCTAssertFalse(openCase.isAffected(by: laptopOrder))
        XCTAssertTrue(openCase.isAffected(by: FactChanges(events: [FactEvent(name: "Case Resolved", at: now)])))
        XCTAssertTrue(unhappy.isAffected(by: FactChanges(events: [FactEvent(name: "Survey Answered", at: now, properties: ["score": .number(2)])])))
        XCTAssertTrue(unhappy.isAffected(by: FactChanges(events: [FactEvent(name: "Complaint Filed", at: now)])))
        XCTAssertFalse(loyal.isAffected(by: tvOrder), "the stage is read again on a schedule, after the lifecycle projection")
        XCTAssertTrue(loyal.readsDerivedFacts)
        XCTAssertFalse(tvBuyers.readsDerivedFacts)
    }
}

/// Contact policy over all actions: commercial contacts per day overall and per channel.
final class CommercialCapTests: XCTestCase {
    let now = Date(timeIntervalSince1970: 1_781_092_800)

    func testCommercialContactsAreCappedOverallAndPerChannelButServiceIsNot() {
        func action(_ id: String, _ kind: ActionKind, value: Double) -> ActionDefinition {
            ActionDefinition(id: ActionID(rawValue: id), name: id, kind: kind, channels: [.web, .email], texts: [.pl: ActionText(title: id, body: "")], value: .fixed(value))
        }
        let offers = [action("a", .marketing, value: 50), action("b", .crossSell, value: 40), action("c", .retention, value: 30), action("help", .service, value: 1)]
        let facts = ProfileFacts(profileID: "p-1")
        // Three commercial shows on the web in the last day: the web is full, e-mail has room for one more overall.
        let history = (0..<3).map { OfferContact(actionID: "old-\($0)", kind: .shown, at: now.addingTimeInterval(-3_600), channel: .web) }
        let old = (0..<3).map { action("old-\($0)", .marketing, value: 1) }
        let web = Arbitration.decide(ArbitrationRequest(facts: facts, candidates: offers + old, history: history, consent: ConsentFlags(marketing: true),
                                                        channel: .web, limit: 3), now: now)
        XCTAssertEqual(web.actions.map(\.id), ["help"])
        XCTAssertEqual(web.reason(for: "a"), .capChannel)
        let email = Arbitration.decide(ArbitrationRequest(facts: facts, candidates: offers + old, history: history, consent: ConsentFlags(marketing: true),
                                                          channel: .email, limit: 3), now: now)
        XCTAssertEqual(email.actions.map(\.id), ["a", "help"])
        XCTAssertEqual(email.reason(for: "b"), .capOverall)
    }
}
