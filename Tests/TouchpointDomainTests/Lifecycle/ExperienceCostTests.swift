import XCTest
@testable import TouchpointDomain

final class ExperienceCostTests: XCTestCase {
    /// Eight customers; the comments give what each contributes.
    static func profiles() -> [[LifecycleEvent]] {
        var a = JourneyScript("a")  // poor call, then a checkout without an order: abandoned after a poor contact
        a.call(day: 0, outcome: "unresolved")
        a.track("Checkout Started", day: 1)
        var b = JourneyScript("b")  // escalated call (negative), checkout, order: converted after a poor contact
        b.call(day: 0, outcome: "escalated")
        b.track("Checkout Started", day: 2)
        b.order(day: 4)
        var c = JourneyScript("c")  // baseline, converted
        c.track("Checkout Started", day: 0)
        c.order(day: 1)
        var d = JourneyScript("d")  // baseline, abandoned (settled by a later event)
        d.track("Checkout Started", day: 0)
        d.track("Product Viewed", day: 20)
        var e = JourneyScript("e")  // two checkouts, one attempt, converted
        e.track("Checkout Started", day: 0)
        e.track("Checkout Started", day: 0.5)
        e.order(day: 3)
        var f = JourneyScript("f")  // a long wait, but the checkout comes 10 days later: baseline, converted
        f.call(day: 0, outcome: "resolved", waitSeconds: 900)
        f.track("Checkout Started", day: 10)
        f.order(day: 11)
        var g = JourneyScript("g")  // three negative experiences, no checkout
        g.track("Complaint Filed", day: 0, channel: .phone)
        g.track("Order Refunded", day: 1)
        g.survey(score: 2, day: 2)
        var h = JourneyScript("h")  // a poor chat while the checkout is open, no order: abandoned after a poor contact
        h.track("Checkout Started", day: 0)
        h.track("Live Chat Conversation Ended", day: 1, channel: .chat, ["outcome": .string("unresolved")])
        return [a, b, c, d, e, f, g, h].map(\.events)
    }

    static let asOf = JourneyScript.date(60)

    func testWhatABadExperienceCosts() throws {
        let settings = ExperienceCostSettings(averageOrderValue: Decimal(200))
        let tracker = try ExperienceCostTracker(settings: settings)
        let report = tracker.report(profiles: Self.profiles(), asOf: Self.asOf)
        XCTAssertEqual(report.profiles, 8)
        XCTAssertEqual(report.negativeExperiences, 4)
        XCTAssertEqual(report.negativesBySignal, ["escalation": 1, "complaint": 1, "refund": 1, "lowScore": 1])
        XCTAssertEqual(report.unhappyCustomers, 2)
        XCTAssertEqual(report.wordOfMouthReach, 16, "each unhappy customer tells 8 others")
        XCTAssertEqual(report.afterPoorContact, CheckoutOutcomes(checkouts: 3, abandoned: 2))
        XCTAssertEqual(report.baseline, CheckoutOutcomes(checkouts: 4, abandoned: 1))
        XCTAssertEqual(report.excessAbandonment ?? 0, 2.0 / 3 - 1.0 / 4, accuracy: 1e-12)
        XCTAssertEqual(report.lostOrders ?? 0, 1.25, accuracy: 1e-12)
        XCTAssertEqual(report.lostRevenue, Decimal(250))
        XCTAssertEqual(report.pendingCheckouts, 0)

        var told = settings
        told.peoplePerUnhappyCustomer = 10
        XCTAssertEqual(try ExperienceCostTracker(settings: told).report(profiles: Self.profiles(), asOf: Self.asOf).wordOfMouthReach, 20)
        var longer = settings
        longer.contactWindowDays = 14
        let withLongerWindow = try ExperienceCostTracker(settings: longer).report(profiles: Self.profiles(), asOf: Self.asOf)
        XCTAssertEqual(withLongerWindow.afterPoorContact.checkouts, 4, "the checkout 10 days after a long wait now counts")
    }

    func testOpenCheckoutsWaitForTheirOrderWindow() throws {
        let tracker = try ExperienceCostTracker()
        var recent = JourneyScript("r")
        recent.track("Checkout Started", day: 58)
        let report = tracker.report(profiles: [recent.events], asOf: Self.asOf)
        XCTAssertEqual(report.pendingCheckouts, 1)
        XCTAssertEqual(report.baseline, CheckoutOutcomes())
        XCTAssertNil(report.excessAbandonment)
        XCTAssertNil(report.lostRevenue)
        let later = tracker.report(profiles: [recent.events], asOf: JourneyScript.date(80))
        XCTAssertEqual(later.baseline, CheckoutOutcomes(checkouts: 1, abandoned: 1))
        XCTAssertEqual(later.pendingCheckouts, 0)
    }

    func testIncrementalTalliesEqualTheBatchReport() throws {
        let tracker = try ExperienceCostTracker()
        let profiles = Self.profiles()
        var total = ExperienceCostTally()
        for events in profiles {
            var state = ExperienceCostState()
            total.merge(ExperienceCostTally(state))
            for event in events {
                // Storage: take the profile's old contribution out, fold the event, put the new one in.
                let old = ExperienceCostTally(state)
                tracker.apply(event, to: &state)
                total.merge(old, sign: -1)
                total.merge(ExperienceCostTally(state))
            }
            XCTAssertEqual(state, tracker.replay(events))
        }
        XCTAssertEqual(total.report(asOf: Self.asOf), tracker.report(profiles: profiles, asOf: Self.asOf))
        XCTAssertEqual(total.open.count, 2, "a and h are still open until the report settles them")
        let data = try JSONEncoder().encode(total)
        XCTAssertEqual(try JSONDecoder().decode(ExperienceCostTally.self, from: data), total)
    }

    func testSettingsAreCheckedAgainstTheRuleSignals() throws {
        XCTAssertThrowsError(try ExperienceCostTracker(settings: ExperienceCostSettings(negativeSignals: ["gripe"])))
        XCTAssertThrowsError(try ExperienceCostTracker(settings: ExperienceCostSettings(orderWindowDays: 0)))
        let decoded = try JSONDecoder().decode(ExperienceCostSettings.self, from: Data("{\"peoplePerUnhappyCustomer\": 9}".utf8))
        XCTAssertEqual(decoded.peoplePerUnhappyCustomer, 9)
        XCTAssertEqual(decoded.negativeSignals, StageRuleSet.badExperienceSignals)
        XCTAssertEqual(decoded.orderWindowDays, 7)
    }
}
