import XCTest
@testable import TouchpointDomain

final class LifecycleClassifierTests: XCTestCase {
    let classifier = LifecycleClassifier()

    /// A web shopper found through a search, reached by a newsletter, who buys twice and then recommends us.
    func fullJourney() -> JourneyScript {
        var script = JourneyScript()
        script.track("Products Searched", day: 0, ["query": .string("pralka")])
        script.page("Home", day: 1, campaign: "spring-sale")
        script.track("Product Viewed", day: 1.01, ["product_id": .string("p1")])
        script.track("Product Added", day: 1.02)
        script.track("Checkout Started", day: 1.03)
        script.order(day: 1.04)
        script.order(day: 20, channel: .store)
        script.survey(score: 10, day: 30)
        return script
    }

    func testARealisticJourneyPassesThroughEveryStage() {
        let script = fullJourney()
        let state = classifier.replay(script.events)
        XCTAssertEqual(state.transitions.moves, ["-→need", "need→awareness", "awareness→interaction", "interaction→experience",
                                                 "experience→engagement", "engagement→loyalty"])
        XCTAssertEqual(state.transitions.map(\.eventId), ["e1", "e2", "e3", "e6", "e7", "e8"])
        XCTAssertEqual(state.transitions.map(\.ruleId), ["need-search", "awareness-campaign", "interaction-product", "experience-purchase",
                                                         "engagement-repeat-purchase", "loyalty-promoter"])
        XCTAssertEqual(state.transitions[4].channel, .store)
        XCTAssertEqual(state.stage, .loyalty)
        XCTAssertEqual(state.since, JourneyScript.date(30))
        XCTAssertEqual(state.highestStage, .loyalty)
        XCTAssertEqual(state.eventCount, 8)
        XCTAssertEqual(state.signals["purchase"]?.count, 2)
        // Touchpoints land in the stage the event left the profile in.
        XCTAssertEqual(state.touchpoints[.interaction, .web], 3)
        XCTAssertEqual(state.touchpoints[.engagement, .store], 1)
        XCTAssertEqual(state.touchpoints[.loyalty, .email], 1)
    }

    func testABadExperienceAfterLoyaltyRegressesAndAReturnRecovers() {
        var script = fullJourney()
        script.track("Complaint Filed", day: 60, channel: .phone, ["reason": .string("damaged")])
        script.order(day: 90)
        let state = classifier.replay(script.events)
        let regression = state.transitions[6]
        XCTAssertEqual(regression.from, .loyalty)
        XCTAssertEqual(regression.to, .experience)
        XCTAssertTrue(regression.isRegression)
        XCTAssertEqual(regression.ruleId, "regression-bad-experience")
        XCTAssertEqual(regression.eventId, "e9")
        XCTAssertEqual(state.transitions.last?.moves(), "experience→engagement")
        XCTAssertEqual(state.stage, .engagement)
        XCTAssertEqual(state.highestStage, .loyalty, "the furthest stage reached survives a regression")
    }

    func testEachKindOfBadExperienceRegressesAnEngagedCustomer() {
        let bad: [(String, (inout JourneyScript) -> Void)] = [
            ("refund", { $0.track("Order Refunded", day: 50, ["order_id": .string("o1")]) }),
            ("detractor", { $0.survey(score: 3, day: 50) }),
            ("low CSAT", { $0.survey(score: 1, day: 50, type: "csat") }),
            ("escalated call", { $0.call(day: 50, outcome: "escalated") }),
            ("escalated chat", { $0.track("Live Chat Conversation Ended", day: 50, channel: .chat, ["outcome": .string("escalated")]) }),
        ]
        for (label, addBadEvent) in bad {
            var script = JourneyScript()
            script.order(day: 0)
            script.order(day: 10)
            addBadEvent(&script)
            let state = classifier.replay(script.events)
            XCTAssertEqual(state.transitions.moves, ["-→experience", "experience→engagement", "engagement→experience"], label)
        }
    }

    func testAReturnAfterABadExperienceCountsEvenOutsideTheRepeatWindow() {
        var script = JourneyScript()
        script.order(day: 0)
        script.track("Complaint Filed", day: 10, channel: .email)
        script.order(day: 420)
        let state = classifier.replay(script.events)
        XCTAssertEqual(state.transitions.moves, ["-→experience", "experience→engagement"])
        XCTAssertEqual(state.transitions.last?.ruleId, "engagement-return-after-bad-experience")

        var noComplaint = JourneyScript()
        noComplaint.order(day: 0)
        noComplaint.order(day: 420)
        XCTAssertEqual(classifier.replay(noComplaint.events).stage, .experience, "a second order after more than 365 days is not a repeat")
    }

    func testStagesDoNotMoveBackWithoutARegressionRule() {
        var script = JourneyScript()
        script.order(day: 0)
        script.track("Product Viewed", day: 1)
        script.track("Promotion Viewed", day: 2)
        script.page("Landing", day: 3, campaign: "retargeting")
        script.track("Products Searched", day: 4)
        script.call(day: 5, outcome: "resolved")
        let state = classifier.replay(script.events)
        XCTAssertEqual(state.transitions.moves, ["-→experience"])
        XCTAssertEqual(state.touchpoints.total(.experience), 6)
    }

    func testRecommendationsAndScoresNeedAPurchaseFirst() {
        var script = JourneyScript()
        script.track("Product Shared", day: 0)
        script.survey(score: 10, day: 1)
        script.track("Product Reviewed", day: 2, ["rating": .number(5)])
        XCTAssertEqual(classifier.replay(script.events).transitions.moves, ["-→need"])

        script.order(day: 3)
        script.track("Product Reviewed", day: 4, ["rating": .number(2)])
        XCTAssertEqual(classifier.replay(script.events).stage, .experience, "a 2-star review is not a recommendation")
        script.track("Product Reviewed", day: 5, ["rating": .number(5)])
        script.track("Product Shared", day: 6, ["share_via": .string("whatsapp")])
        let once = classifier.replay(script.events)
        XCTAssertEqual(once.transitions.moves, ["-→need", "need→experience", "experience→engagement"],
                       "a one-time buyer who recommends twice is engaged: loyalty also needs them to come back")
        XCTAssertEqual(once.transitions.last?.ruleId, "engagement-recommendation")

        script.order(day: 40)
        let state = classifier.replay(script.events)
        XCTAssertEqual(state.transitions.moves, ["-→need", "need→experience", "experience→engagement", "engagement→loyalty"])
        XCTAssertEqual(state.transitions.map(\.ruleId).suffix(2), ["engagement-recommendation", "loyalty-return-after-goodwill"])
    }

    func testSurveyKindsScalesAndSpellingsAreRead() {
        var csat = JourneyScript()
        csat.order(day: 0)
        csat.survey(score: 5, day: 1, type: "csat")
        XCTAssertEqual(classifier.replay(csat.events).stage, .experience, "CSAT 5 of 5 is not an NPS promoter")

        var spelled = JourneyScript()
        spelled.track("order_completed", day: 0)
        spelled.track("Survey Answered", day: 1, channel: .email, ["survey_type": .string("NPS"), "score": .string("9")])
        XCTAssertEqual(classifier.replay(spelled.events).transitions.last?.ruleId, "engagement-promoter",
                       "snake_case names, upper-case types and numeric strings")

        var untyped = JourneyScript()
        untyped.order(day: 0)
        untyped.track("Survey Answered", day: 1, ["score": .number(9)])
        XCTAssertEqual(classifier.replay(untyped.events).transitions.last?.ruleId, "engagement-promoter", "a survey without a type is read as NPS")
    }

    func testChannelsAndSignUpsCountAsInteraction() {
        var script = JourneyScript()
        script.identify(day: 0)
        script.track("Email Opened", day: 1, channel: .email)
        script.track("Signed Up", day: 2)
        var storeVisit = JourneyScript("s")
        storeVisit.track("Store Visited", day: 0, channel: .store)
        XCTAssertEqual(classifier.replay(script.events).transitions.moves, ["-→need", "need→awareness", "awareness→interaction"])
        XCTAssertEqual(classifier.replay(storeVisit.events).transitions.map(\.ruleId), ["interaction-contact"])
    }

    func testReplayEqualsIncrementalFoldingThroughStorage() throws {
        var script = fullJourney()
        script.track("Complaint Filed", day: 60, channel: .phone)
        script.call(day: 61, outcome: "escalated", waitSeconds: 900)
        script.order(day: 90)
        script.track("Product Reviewed", day: 95, ["rating": .number(5)])

        // Storage keeps the state as JSON and folds each new event into it.
        var stored = try JSONEncoder().encode(LifecycleState())
        var caused = [StageTransition]()
        for event in script.events {
            var state = try JSONDecoder().decode(LifecycleState.self, from: stored)
            XCTAssertTrue(state.isInOrder(event))
            if let transition = classifier.apply(event, to: &state) { caused.append(transition) }
            stored = try JSONEncoder().encode(state)
        }
        let incremental = try JSONDecoder().decode(LifecycleState.self, from: stored)
        let replayed = classifier.replay(script.events)
        XCTAssertEqual(incremental, replayed)
        let entry = try JSONSerialization.jsonObject(with: JSONEncoder().encode(replayed.transitions[0])) as? [String: Any]
        XCTAssertTrue(entry?["from"] is NSNull, "the entry is written from: null")
        XCTAssertEqual(caused, replayed.transitions)
        XCTAssertEqual(replayed.stage, .loyalty)

        // Replay orders by time, so an import in any order gives the same answer.
        var random = SeededRandom(seed: 7)
        XCTAssertEqual(classifier.replay(script.events.shuffled(using: &random)), replayed)
        var late = LifecycleState()
        classifier.apply(script.events[3], to: &late)
        XCTAssertFalse(late.isInOrder(script.events[0]))
    }

    func testARuleChangeReplayedOverHistoryChangesStages() throws {
        var script = JourneyScript()
        script.track("Product Viewed", day: 0)
        script.order(day: 1)
        script.order(day: 61)
        script.survey(score: 9, day: 70)
        XCTAssertEqual(classifier.replay(script.events).stage, .loyalty)

        // A stricter company: a repeat purchase must come within 30 days, and only an engaged customer's promoter answer is loyalty.
        var rules = StageRuleSet.default
        let repeatIndex = try XCTUnwrap(rules.rules.firstIndex { $0.id == "engagement-repeat-purchase" })
        rules.rules[repeatIndex].fact?.withinDays = 30
        rules.rules[try XCTUnwrap(rules.rules.firstIndex { $0.id == "loyalty-promoter" })].fromStages = [.engagement]
        let stricter = try LifecycleClassifier(rules: rules)
        let replayed = stricter.replay(script.events)
        XCTAssertEqual(replayed.stage, .engagement)
        XCTAssertEqual(replayed.transitions.moves, ["-→interaction", "interaction→experience", "experience→engagement"])
        XCTAssertEqual(replayed.transitions.last?.ruleId, "engagement-promoter", "the promoter answer is praise, not yet loyalty")

        // Every window of 30 days, made in the rule file: the two orders 60 days apart are no return for loyalty either.
        let json = String(decoding: StageRuleSet.default.jsonData(), as: UTF8.self)
        XCTAssertTrue(json.contains("\"withinDays\" : 365"))
        let edited = try StageRuleSet.decode(json: Data(json.replacingOccurrences(of: "\"withinDays\" : 365", with: "\"withinDays\" : 30").utf8))
        let fromFile = try LifecycleClassifier(rules: edited).replay(script.events)
        XCTAssertEqual(fromFile.transitions.moves, ["-→interaction", "interaction→experience", "experience→engagement"],
                       "no two orders within 30 days: the promoter answer makes the customer engaged, not loyal")

        // Only the repeat window changed: the loyalty rules keep their year, and two orders in it plus the answer are loyalty.
        var onlyRepeat = StageRuleSet.default
        onlyRepeat.rules[repeatIndex].fact?.withinDays = 30
        let loyal = try LifecycleClassifier(rules: onlyRepeat).replay(script.events)
        XCTAssertEqual(loyal.transitions.moves, ["-→interaction", "interaction→experience", "experience→loyalty"])
        XCTAssertEqual(loyal.transitions.last?.ruleId, "loyalty-promoter")
    }

    func testRegressionWinsOverProgressAndTiesGoToTheFirstRule() throws {
        let rules = StageRuleSet(signals: [:], rules: [
            StageRule(id: "any", stage: .need),
            StageRule(id: "x-awareness", stage: .awareness, pattern: .event("X")),
            StageRule(id: "x-interaction", stage: .interaction, pattern: .event("X")),
            StageRule(id: "x-interaction-again", stage: .interaction, pattern: .event("X")),
            StageRule(id: "x-back", stage: .need, pattern: .event("X"), fromStages: [.interaction], regression: true),
            StageRule(id: "y-loyal", stage: .loyalty, pattern: .event("Y")),
            StageRule(id: "y-back-to-awareness", stage: .awareness, pattern: .event("Y"), fromStages: [.interaction], regression: true),
            StageRule(id: "y-back-to-need", stage: .need, pattern: .event("Y"), fromStages: [.interaction], regression: true),
        ])
        let custom = try LifecycleClassifier(rules: rules)
        var script = JourneyScript()
        script.track("X", day: 0)
        script.track("X", day: 1)
        script.track("X", day: 2)
        script.track("Y", day: 3)
        let state = custom.replay(script.events)
        XCTAssertEqual(state.transitions.moves, ["-→interaction", "interaction→need", "need→interaction", "interaction→need"])
        XCTAssertEqual(state.transitions.map(\.ruleId), ["x-interaction", "x-back", "x-interaction", "y-back-to-need"])
    }

    func testDerivedFactsCountWindowsAndSince() throws {
        let rules = StageRuleSet(signals: ["buy": [.event("Buy")], "oops": [.event("Oops")]], rules: [
            StageRule(id: "third-buy-in-a-week", stage: .loyalty, signals: ["buy"], fact: DerivedFact(signal: "buy", atLeast: 3, withinDays: 7)),
            StageRule(id: "buy-after-oops", stage: .engagement, signals: ["buy"], fact: DerivedFact(signal: "buy", since: ["oops"])),
        ])
        let custom = try LifecycleClassifier(rules: rules)
        var script = JourneyScript()
        script.track("Buy", day: 0)
        script.track("Buy", day: 5)
        script.track("Buy", day: 9)  // only two within 7 days
        XCTAssertNil(custom.replay(script.events).stage, "no rule held: the profile is not in the cycle")
        script.track("Buy", day: 10)  // days 5, 9, 10
        XCTAssertEqual(custom.replay(script.events).stage, .loyalty)
        XCTAssertEqual(custom.replay(script.events).signals["buy"]?.count, 4)
        XCTAssertEqual(custom.replay(script.events).signals["buy"]?.recent.map(\.sequence), [1, 2, 3], "history kept up to the largest atLeast")

        var oops = JourneyScript()
        oops.track("Buy", day: 0)
        oops.track("Oops", day: 1)
        oops.track("Buy", day: 2)
        XCTAssertEqual(custom.replay(oops.events).transitions.map(\.eventId), ["e3"])
    }

    func testEventsFromTheTimelineKeepPropertiesAndContext() {
        let payload: JSONValue = .object([
            "type": .string("track"), "event": .string("Survey Answered"),
            "properties": .object(["score": .number(10)]), "context": .object(["channel": .string("email")]),
        ])
        let entry = TimelineEntry(id: EventID(rawValue: "ev-1"), sequence: 1, messageID: "m1", sourceID: SourceID(rawValue: "s"), type: .track,
                                  name: "Survey Answered", channel: .email, timestamp: JourneyScript.start, receivedAt: JourneyScript.start,
                                  identifiers: [], payload: payload)
        let event = LifecycleEvent(entry: entry)
        XCTAssertEqual(event.id, "ev-1")
        XCTAssertEqual(event.properties["score"], .number(10))
        XCTAssertEqual(event.context["channel"], .string("email"))
        XCTAssertEqual(classifier.signals(of: event), ["promoter"])
    }
}

private extension StageTransition {
    func moves() -> String { [self].moves[0] }
}
