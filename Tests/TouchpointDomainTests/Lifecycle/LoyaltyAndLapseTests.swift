import XCTest
@testable import TouchpointDomain

/// The cycle as the CX seed defines it: engagement is positive contact after the purchase; loyalty is a customer who
/// keeps coming back and speaks well of the company; one who stops coming back falls back.
final class LoyaltyAndLapseTests: XCTestCase {
    let classifier = LifecycleClassifier()

    /// Two orders within a year and an NPS 10 afterwards: loyal since day 40.
    func loyalCustomer() -> JourneyScript {
        var script = JourneyScript()
        script.order(day: 0)
        script.order(day: 30)
        script.survey(score: 10, day: 40)
        return script
    }

    // MARK: Loyalty needs returns and goodwill

    func testAOneTimeBuyerWhoRecommendsTwiceStaysEngaged() {
        var script = JourneyScript()
        script.order(day: 0)
        script.track("Product Reviewed", day: 10, ["rating": .number(5)])
        script.track("Referral Sent", day: 20)
        script.survey(score: 10, day: 30)
        let state = classifier.replay(script.events)
        XCTAssertEqual(state.stage, .engagement)
        XCTAssertEqual(state.transitions.moves, ["-→experience", "experience→engagement"])
        XCTAssertEqual(state.transitions.last?.ruleId, "engagement-recommendation")
    }

    func testARepeatBuyerWithoutGoodwillIsEngagedNeverLoyal() {
        var script = JourneyScript()
        for day in stride(from: 0.0, through: 300, by: 30) { script.order(day: day) }
        script.track("Email Opened", day: 310, channel: .email)
        let state = classifier.replay(script.events)
        XCTAssertEqual(state.stage, .engagement, "eleven orders but no word for us: coming back alone is engagement")
        XCTAssertEqual(state.transitions.map(\.ruleId), ["experience-purchase", "engagement-repeat-purchase"])
        XCTAssertEqual(state.highestStage, .engagement)
    }

    func testARepeatBuyerWhoSpeaksWellIsLoyalWhicheverComesLast() {
        // Returns first, then the promoter answer.
        let answerLast = classifier.replay(loyalCustomer().events)
        XCTAssertEqual(answerLast.transitions.moves, ["-→experience", "experience→engagement", "engagement→loyalty"])
        XCTAssertEqual(answerLast.transitions.last?.ruleId, "loyalty-promoter")

        // The answer first (praise: engagement), then the return.
        var orderLast = JourneyScript()
        orderLast.order(day: 0)
        orderLast.survey(score: 9, day: 5)
        orderLast.order(day: 60)
        let state = classifier.replay(orderLast.events)
        XCTAssertEqual(state.transitions.moves, ["-→experience", "experience→engagement", "engagement→loyalty"])
        XCTAssertEqual(state.transitions.map(\.ruleId), ["experience-purchase", "engagement-promoter", "loyalty-return-after-goodwill"])

        // A recommendation from a repeat buyer.
        var advocate = JourneyScript()
        advocate.order(day: 0)
        advocate.order(day: 100)
        advocate.track("Product Shared", day: 110)
        XCTAssertEqual(classifier.replay(advocate.events).transitions.last?.ruleId, "loyalty-advocate")
    }

    func testGoodwillAndReturnsMustBothBeRecent() {
        // Praise, then a return within the year: loyal.
        var script = JourneyScript()
        script.order(day: 0)
        script.track("Product Reviewed", day: 1, ["rating": .number(5)])  // a recommendation: engaged
        script.order(day: 200)  // two orders within 365 days, the praise 199 days before: loyal
        XCTAssertEqual(classifier.replay(script.events).transitions.last?.ruleId, "loyalty-return-after-goodwill")

        var stale = JourneyScript()
        stale.order(day: 0)
        stale.survey(score: 10, day: 1)  // praise: engaged
        stale.order(day: 300)  // a return within the year of the praise: loyal
        stale.track("Complaint Filed", day: 310)  // back to experience
        stale.order(day: 320)  // a return after the complaint: engaged again
        stale.order(day: 400)  // two orders within 365 days, but the praise of day 1 is 399 days old
        let state = classifier.replay(stale.events)
        XCTAssertEqual(state.transitions.moves, ["-→experience", "experience→engagement", "engagement→loyalty",
                                                 "loyalty→experience", "experience→engagement"])
        XCTAssertEqual(state.stage, .engagement, "goodwill counts towards loyalty for a year")
    }

    // MARK: Falling back when they stop coming back

    func testInactivityIsDecidedFromTheStoredStateAndTheTime() throws {
        let lapse = try XCTUnwrap(StageRuleSet.default.lapse)
        let state = classifier.replay(loyalCustomer().events)
        XCTAssertEqual(lapse.clock(of: state), JourneyScript.date(40), "the later of the last order (day 30) and the entry into loyalty")
        XCTAssertNil(lapse.decide(state, at: JourneyScript.date(405)), "365 days exactly is not more than the period")

        let decision = try XCTUnwrap(lapse.decide(state, at: JourneyScript.date(406)))
        XCTAssertEqual(decision.ruleId, LapseRule.inactiveRuleID)
        XCTAssertEqual(decision.from, .loyalty)
        XCTAssertEqual(decision.to, .experience)
        XCTAssertEqual(decision.lastActive, JourneyScript.date(40))
        XCTAssertTrue(decision.reason.contains("no purchase for 366 days"), decision.reason)
        XCTAssertEqual(decision.eventProperties["rule"], .string("lapse-inactive"))

        var experienced = JourneyScript()
        experienced.order(day: 0)
        XCTAssertNil(lapse.decide(classifier.replay(experienced.events), at: JourneyScript.date(2000)), "only engaged and loyal customers lapse")
    }

    func testTheSweepsEventAndTheNextEventBothLapseAnInactiveCustomer() throws {
        let lapse = try XCTUnwrap(StageRuleSet.default.lapse)
        var script = loyalCustomer()
        let decision = try XCTUnwrap(lapse.decide(classifier.replay(script.events), at: JourneyScript.date(500)))
        let id = script.track(LapseRule.eventName, day: 500, channel: .server, decision.eventProperties)
        let state = classifier.replay(script.events)
        XCTAssertEqual(state.stage, .experience)
        XCTAssertEqual(state.highestStage, .loyalty, "the furthest stage reached survives a lapse")
        let transition = try XCTUnwrap(state.transitions.last)
        XCTAssertEqual(transition.moves(), "loyalty→experience")
        XCTAssertEqual(transition.ruleId, "lapse-inactive")
        XCTAssertEqual(transition.eventId, id)
        XCTAssertTrue(transition.isRegression)

        // Without the sweep, the customer's own next event reveals the silence: a purchase two years on lapses them first,
        // and is no repeat purchase (the one before is too old).
        var back = loyalCustomer()
        back.order(day: 760)
        let returned = classifier.replay(back.events)
        XCTAssertEqual(returned.transitions.last?.moves(), "loyalty→experience")
        XCTAssertEqual(returned.transitions.last?.ruleId, "lapse-inactive")
        XCTAssertEqual(returned.stage, .experience)

        // Activity within the period keeps the clock running from the latest order.
        var regular = loyalCustomer()
        regular.order(day: 300)
        regular.order(day: 600)
        regular.track("Email Opened", day: 900, channel: .email)
        XCTAssertEqual(classifier.replay(regular.events).stage, .loyalty)
    }

    func testABadExperienceNamesTheCauseWhenItCoincidesWithALapse() {
        var script = loyalCustomer()
        script.track("Complaint Filed", day: 500)
        XCTAssertEqual(classifier.replay(script.events).transitions.last?.ruleId, "regression-bad-experience",
                       "both move back to experience; the rule listed in the file wins the tie")

        var praise = JourneyScript()
        praise.order(day: 0)
        praise.order(day: 30)
        praise.track("Product Shared", day: 500)
        let state = classifier.replay(praise.events)
        XCTAssertEqual(state.transitions.last?.ruleId, "lapse-inactive", "a recommendation after more than a year of silence is no return")
        XCTAssertEqual(state.stage, .experience)
    }

    func testPAliveLapsesOnlyWithAModelThatSawTheLatestReturn() throws {
        let lapse = try XCTUnwrap(StageRuleSet.default.lapse)
        var script = JourneyScript()
        script.order(day: 0)
        script.order(day: 30)  // engaged since day 30
        let engaged = classifier.replay(script.events)

        let low = AliveEstimate(pAlive: 0.12, fittedAt: JourneyScript.date(60))
        let decision = try XCTUnwrap(lapse.decide(engaged, at: JourneyScript.date(61), estimate: low))
        XCTAssertEqual(decision.ruleId, LapseRule.pAliveRuleID)
        XCTAssertEqual(decision.pAlive, 0.12)
        XCTAssertTrue(decision.reason.contains("P(alive) 0.12 is below 0.3"), decision.reason)
        XCTAssertNil(lapse.decide(engaged, at: JourneyScript.date(61), estimate: AliveEstimate(pAlive: 0.5, fittedAt: JourneyScript.date(60))))
        XCTAssertNil(lapse.decide(engaged, at: JourneyScript.date(61), estimate: AliveEstimate(pAlive: 0.12, fittedAt: JourneyScript.date(20))),
                     "a model fitted before the customer's return knew nothing of it")
        XCTAssertNil(lapse.decide(engaged, at: JourneyScript.date(61)), "without an estimate only inactivity counts")

        // Folded: the event carries the estimate, so a replay decides the same way; without P(alive) in the rules it is ignored.
        script.track(LapseRule.eventName, day: 61, channel: .server, decision.eventProperties)
        let lapsed = classifier.replay(script.events)
        XCTAssertEqual(lapsed.transitions.last?.ruleId, "lapse-p-alive")
        XCTAssertEqual(lapsed.stage, .experience)

        var withoutModel = StageRuleSet.default
        withoutModel.lapse?.minimumPAlive = nil
        XCTAssertEqual(try LifecycleClassifier(rules: withoutModel).replay(script.events).stage, .engagement)
        var someoneElse = JourneyScript()
        someoneElse.order(day: 0)
        someoneElse.order(day: 30)
        someoneElse.track(LapseRule.eventName, day: 61, channel: .server, ["rule": .string("lapse-p-alive"), "pAlive": .number(0.9),
                                                                          "modelFittedAt": .string("2025-05-02T09:00:00Z")])
        XCTAssertEqual(classifier.replay(someoneElse.events).stage, .engagement, "the classifier checks the recorded estimate itself")
    }

    // MARK: Rule files

    func testARuleWithSeveralFactsSurvivesAJSONRoundTrip() throws {
        let rule = StageRule(id: "loyal", stage: .loyalty, signals: ["purchase"],
                             facts: [DerivedFact(signal: "purchase", atLeast: 2, withinDays: 365),
                                     DerivedFact(signals: ["promoter", "recommendation"], withinDays: 365)],
                             fromStages: [.engagement])
        let text = String(decoding: try JSONEncoder().encode(rule), as: UTF8.self)
        XCTAssertTrue(text.contains("\"facts\"") && !text.contains("\"fact\""), text)
        XCTAssertEqual(try JSONDecoder().decode(StageRule.self, from: Data(text.utf8)), rule)
        XCTAssertNil(rule.fact, "several facts have no single one")

        let single = StageRule(id: "repeat", stage: .engagement, signals: ["purchase"], fact: DerivedFact(signal: "purchase", atLeast: 2))
        XCTAssertTrue(String(decoding: try JSONEncoder().encode(single), as: UTF8.self).contains("\"fact\""), "one fact keeps the old key")

        // A hand-written file may give both keys: every fact must hold.
        let both = try JSONDecoder().decode(StageRule.self, from: Data("""
            {"id": "x", "stage": "loyalty", "fact": {"signal": "purchase", "atLeast": 3}, "facts": [{"signal": "promoter"}]}
            """.utf8))
        XCTAssertEqual(both.facts, [DerivedFact(signal: "purchase", atLeast: 3), DerivedFact(signal: "promoter")])

        let rules = StageRuleSet(signals: ["buy": [.event("Buy")], "praise": [.event("Praise")]], rules: [
            StageRule(id: "loyal", stage: .loyalty, signals: ["buy"],
                      facts: [DerivedFact(signal: "buy", atLeast: 2), DerivedFact(signal: "praise")]),
        ])
        let custom = try LifecycleClassifier(rules: rules)
        var script = JourneyScript()
        script.track("Buy", day: 0)
        script.track("Buy", day: 1)
        XCTAssertNil(custom.replay(script.events).stage, "returns without praise")
        script.track("Praise", day: 2)
        script.track("Buy", day: 3)
        XCTAssertEqual(custom.replay(script.events).transitions.map(\.eventId), ["e4"])
    }

    func testAFactNamingAnUnknownSignalIsRefused() {
        let rules = StageRuleSet(signals: ["buy": [.event("Buy")]], rules: [
            StageRule(id: "loyal", stage: .loyalty, facts: [DerivedFact(signal: "buy", atLeast: 2), DerivedFact(signal: "praise", atLeast: 0)]),
        ])
        let problems = rules.problems()
        XCTAssertTrue(problems.contains("rule \"loyal\": unknown signal \"praise\""), "\(problems)")
        XCTAssertTrue(problems.contains { $0.hasPrefix("rule \"loyal\", fact 2: atLeast must be between") }, "\(problems)")
        XCTAssertThrowsError(try LifecycleClassifier(rules: rules))
        XCTAssertThrowsError(try StageRuleSet.decode(json: Data("""
            {"signals": {"buy": {"event": "Buy"}}, "rules": [{"id": "x", "stage": "loyalty", "facts": [{"signal": "buy"}, {"signal": "nope"}]}]}
            """.utf8))) { error in
            XCTAssertTrue((error as? StageRuleError)?.description.contains("unknown signal \"nope\"") == true, "\(error)")
        }
    }

    func testLapseSettingsAreReadWithDefaultsAndChecked() throws {
        let file = """
            {"signals": {"purchase": {"event": "Order Completed"}}, "rules": [{"id": "buy", "signal": "purchase", "stage": "experience"}],
             "lapse": {"inactivityDays": 180, "minimumPAlive": null}}
            """
        let rules = try StageRuleSet.decode(json: Data(file.utf8))
        XCTAssertEqual(rules.lapse, LapseRule(inactivityDays: 180, minimumPAlive: nil), "left out: the default; null: off")
        XCTAssertEqual(try StageRuleSet.decode(json: rules.jsonData()), rules, "an option turned off stays off through a round trip")
        XCTAssertNil(try StageRuleSet.decode(json: Data(#"{"rules": [{"id": "a", "stage": "need"}]}"#.utf8)).lapse, "no key: no lapse")
        XCTAssertEqual(StageRuleSet.default.lapse, LapseRule())

        var bad = StageRuleSet.default
        bad.lapse = LapseRule(fromStages: [.engagement], stage: .loyalty, activity: ["visit"], inactivityDays: 0, minimumPAlive: 2)
        let problems = bad.problems()
        for expected in ["lapse: stage loyalty is not earlier than engagement", "lapse: unknown signal \"visit\"",
                         "lapse: inactivityDays must be positive", "lapse: minimumPAlive must be above 0"] {
            XCTAssertTrue(problems.contains { $0.hasPrefix(expected) }, "missing: \(expected) in \(problems)")
        }
        bad.lapse = LapseRule(inactivityDays: nil, minimumPAlive: nil)
        XCTAssertTrue(bad.problems().contains { $0.contains("never applies") })
    }
}

private extension StageTransition {
    func moves() -> String { [self].moves[0] }
}
