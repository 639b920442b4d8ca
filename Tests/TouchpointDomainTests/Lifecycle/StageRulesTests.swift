import XCTest
@testable import TouchpointDomain

final class StageRulesTests: XCTestCase {
    func testStagesAreInCycleOrderWithTheirWireNames() throws {
        XCTAssertEqual(LifecycleStage.allCases.map(\.rawValue), ["need", "awareness", "interaction", "experience", "engagement", "loyalty"])
        XCTAssertEqual(LifecycleStage.allCases.map(\.index), Array(0...5))
        XCTAssertTrue(LifecycleStage.need < .loyalty)
        XCTAssertEqual(LifecycleStage.experience.next, .engagement)
        XCTAssertNil(LifecycleStage.loyalty.next)
        XCTAssertEqual(String(decoding: try JSONEncoder().encode([LifecycleStage.engagement: 1]), as: UTF8.self), "{\"engagement\":1}")
    }

    func testTheDefaultRulesAreValidAndSurviveAJSONRoundTrip() throws {
        XCTAssertEqual(StageRuleSet.default.problems(), [])
        let data = StageRuleSet.default.jsonData()
        XCTAssertEqual(try StageRuleSet.decode(json: data), StageRuleSet.default)
        XCTAssertEqual(StageRuleSet.default.jsonData(), data, "encoding is deterministic")
        XCTAssertEqual(Set(StageRuleSet.default.rules.map(\.stage)), Set(LifecycleStage.allCases), "every stage can be reached")
        XCTAssertTrue(String(decoding: data, as: UTF8.self).contains("\"lapse\""), "the lapse settings are part of the file")
    }

    func testTheRuleDocumentNamesEveryDefaultRuleAndSignal() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        let text = try String(contentsOf: root.appendingPathComponent("docs/lifecycle-rules.md"), encoding: .utf8)
        for rule in StageRuleSet.default.rules { XCTAssertTrue(text.contains("`\(rule.id)`"), "docs/lifecycle-rules.md lacks rule \(rule.id)") }
        for name in StageRuleSet.default.signals.keys { XCTAssertTrue(text.contains("`\(name)`"), "docs/lifecycle-rules.md lacks signal \(name)") }
        for id in [LapseRule.inactiveRuleID, LapseRule.pAliveRuleID, LapseRule.eventName, "inactivityDays", "minimumPAlive"] {
            XCTAssertTrue(text.contains("`\(id)`"), "docs/lifecycle-rules.md lacks the lapse's \(id)")
        }
    }

    func testAHandWrittenRuleFileIsRead() throws {
        let json = """
        {
          "signals": {
            "purchase": {"event": "Order Completed"},
            "bad": [{"events": ["Complaint Filed"]}, {"event": "Survey Answered", "where": "score <= 6"}]
          },
          "rules": [
            {"id": "entry", "stage": "need"},
            {"id": "web-look", "stage": "interaction", "type": ["track", "page"], "channel": "web", "event": "Product Viewed"},
            {"id": "big-buy", "stage": "experience", "signal": "purchase", "where": [{"path": "total", "op": ">=", "value": 100}]},
            {"id": "repeat", "stage": "engagement", "signal": "purchase", "fact": {"signal": "purchase", "atLeast": 2, "withinDays": 90}},
            {"id": "back", "stage": "experience", "signals": ["bad"], "fromStages": ["engagement", "loyalty"], "regression": true}
          ]
        }
        """
        let rules = try StageRuleSet.decode(json: Data(json.utf8))
        XCTAssertEqual(rules.version, 1)
        XCTAssertEqual(rules.signals["purchase"], [EventPattern.event("Order Completed")])
        XCTAssertEqual(rules.signals["bad"]?[1].conditions, [PropertyCondition("score", .lessThanOrEqual, .number(6))])
        XCTAssertEqual(rules.rules[1].pattern.types, [.track, .page])
        XCTAssertEqual(rules.rules[1].pattern.channels, [.web])
        XCTAssertEqual(rules.rules[2].pattern.conditions, [PropertyCondition("total", .greaterThanOrEqual, .number(100))])
        XCTAssertEqual(rules.rules[3].fact, DerivedFact(signal: "purchase", atLeast: 2, withinDays: 90))
        XCTAssertTrue(rules.rules[4].regression)
        XCTAssertFalse(rules.rules[0].regression)

        var small = JourneyScript()
        small.order(day: 0)  // total 199.99
        XCTAssertEqual(try LifecycleClassifier(rules: rules).replay(small.events).stage, .experience)
    }

    func testValidationListsEveryProblem() {
        let rules = StageRuleSet(signals: ["empty": []], rules: [
            StageRule(id: "a", stage: .need, signals: ["nope"]),
            StageRule(id: "a", stage: .awareness, pattern: EventPattern(conditions: [PropertyCondition("score", .lessThan, .string("high"))])),
            StageRule(id: "c", stage: .loyalty, fact: DerivedFact(signal: "empty", atLeast: 0, withinDays: -1, since: ["gone"])),
            StageRule(id: "d", stage: .need, pattern: EventPattern(events: []), fromStages: []),
        ])
        let problems = rules.problems()
        for expected in ["signal \"empty\": no patterns", "rule \"a\": unknown signal \"nope\"", "rule \"a\": the id is used twice",
                         "< needs a number", "atLeast must be between", "withinDays must be positive", "unknown signal \"gone\"",
                         "an empty event list", "an empty fromStages list"] {
            XCTAssertTrue(problems.contains { $0.contains(expected) }, "missing: \(expected) in \(problems)")
        }
        XCTAssertThrowsError(try LifecycleClassifier(rules: rules))
        XCTAssertThrowsError(try StageRuleSet.decode(json: Data("{\"rules\": [{\"id\": \"x\", \"stage\": \"bliss\"}]}".utf8))) { error in
            XCTAssertTrue((error as? StageRuleError)?.description.contains("rules.0") == true, "\(error)")
        }
        XCTAssertThrowsError(try StageRuleSet.decode(json: Data("{\"rules\": [{\"id\": \"x\", \"stage\": \"need\", \"where\": \"score ~ 3\"}]}".utf8)))
    }

    func testConditionsParseFromTheirOneStringForm() throws {
        XCTAssertEqual(try PropertyCondition(parsing: "score <= 6"), PropertyCondition("score", .lessThanOrEqual, .number(6)))
        XCTAssertEqual(try PropertyCondition(parsing: "score<=6"), PropertyCondition("score", .lessThanOrEqual, .number(6)))
        XCTAssertEqual(try PropertyCondition(parsing: "context.campaign exists"), PropertyCondition("context.campaign", .exists))
        XCTAssertEqual(try PropertyCondition(parsing: "outcome == escalated"), PropertyCondition("outcome", .equals, .string("escalated")))
        XCTAssertEqual(try PropertyCondition(parsing: "outcome = \"not resolved\""), PropertyCondition("outcome", .equals, .string("not resolved")))
        XCTAssertEqual(try PropertyCondition(parsing: "survey_type notIn [\"csat\", \"ces\"]"),
                       PropertyCondition("survey_type", .noneOf, .array([.string("csat"), .string("ces")])))
        XCTAssertThrowsError(try PropertyCondition(parsing: "score ~ 3"))
        XCTAssertThrowsError(try PropertyCondition(parsing: "score <="))
        XCTAssertThrowsError(try PropertyCondition(parsing: "coupon exists yes"))
        XCTAssertThrowsError(try PropertyCondition(parsing: "<= 6"))

        // Written as one string when that reads back the same, as an object otherwise.
        let odd = PropertyCondition("name", .equals, .string("a b"))
        XCTAssertEqual(String(decoding: try JSONEncoder().encode(odd), as: UTF8.self), "\"name == \\\"a b\\\"\"")
        XCTAssertEqual(try JSONDecoder().decode(PropertyCondition.self, from: JSONEncoder().encode(odd)), odd)
        let spaced = PropertyCondition("my field", .exists)
        XCTAssertTrue(String(decoding: try JSONEncoder().encode(spaced), as: UTF8.self).contains("\"path\""))
        XCTAssertEqual(try JSONDecoder().decode(PropertyCondition.self, from: JSONEncoder().encode(spaced)), spaced)
    }

    func testConditionsCompareTheWayMessyDataNeeds() {
        let event = LifecycleEvent(id: "1", type: .track, name: "Survey Answered", channel: .email, timestamp: JourneyScript.start,
                                   properties: ["score": .string("6"), "survey_type": .string("NPS"), "vip": .bool(true), "note": .null,
                                                "products": .array([.object(["price": .number(120)])])],
                                   context: ["campaign": .object(["medium": .string("email")])])
        func holds(_ text: String) -> Bool { (try? PropertyCondition(parsing: text))?.holds(for: event) ?? false }
        XCTAssertTrue(holds("score <= 6"), "numeric strings compare as numbers")
        XCTAssertFalse(holds("score < 6"))
        XCTAssertTrue(holds("score == 6"))
        XCTAssertTrue(holds("survey_type == nps"), "strings ignore case")
        XCTAssertTrue(holds("survey_type in [\"csat\", \"nps\"]"))
        XCTAssertTrue(holds("vip == true"))
        XCTAssertTrue(holds("properties.products.0.price > 100"), "explicit root and array index")
        XCTAssertTrue(holds("context.campaign.medium == email"))
        XCTAssertTrue(holds("note missing"), "null is missing")
        XCTAssertTrue(holds("rating missing"))
        XCTAssertTrue(holds("rating != 5"), "!= holds for a missing field")
        XCTAssertTrue(holds("rating notIn [1, 2]"))
        XCTAssertFalse(holds("rating >= 0"), "comparisons need a number")
        XCTAssertFalse(holds("survey_type > 3"))
        XCTAssertTrue(EventPattern(types: [.track], events: ["survey_answered"], channels: [.email]).matches(event))
        XCTAssertFalse(EventPattern(channels: [.web]).matches(event))
        XCTAssertEqual(LifecycleEventNames.normalize("  Order__Completed "), "order completed")
    }
}
