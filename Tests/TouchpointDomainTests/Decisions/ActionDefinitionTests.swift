import Foundation
import XCTest
@testable import TouchpointDomain

/// The action catalogue: business-value expressions (each parse error named) and definitions checked field by field.
final class ActionDefinitionTests: XCTestCase {
    func value(_ text: String, clv: Double = 1_000, margin: Double = 200) throws -> Double? {
        try ValueExpression.parse(text).evaluate(clv: clv, margin: margin)
    }

    func testValueExpressionsEvaluateWithArithmeticPrecedence() throws {
        XCTAssertEqual(try value("0.1 * clv + 20"), 120)
        XCTAssertEqual(try value("2 + 3 * 4"), 14)
        XCTAssertEqual(try value("(2 + 3) * 4"), 20)
        XCTAssertEqual(try value("10 - 4 - 3"), 3)  // left to right
        XCTAssertEqual(try value("clv / margin / 5"), 1)
        XCTAssertEqual(try value("-margin + 250"), 50)
        XCTAssertEqual(try value("-(-(margin))"), 200)
        XCTAssertEqual(try value("CLV * 0.5"), 500)  // names ignore case
        XCTAssertEqual(try value("  42 "), 42)
    }

    func testEveryParseErrorIsNamedWithItsColumn() {
        func error(_ text: String) -> ValueExpressionError? { ValueExpression(text).error }
        XCTAssertEqual(error(""), .empty)
        XCTAssertEqual(error("   "), .empty)
        XCTAssertEqual(error(String(repeating: "1+", count: 100) + "1"), .tooLong(limit: 200))
        XCTAssertEqual(error("clv % 2"), .unexpectedCharacter("%", column: 5))
        XCTAssertEqual(error("0.1 * cvl"), .unknownName("cvl", column: 7))
        XCTAssertEqual(error("1.2.3 + clv"), .malformedNumber("1.2.3", column: 1))
        XCTAssertEqual(error("1 +"), .missingOperand(column: 4))
        XCTAssertEqual(error("* 2"), .missingOperand(column: 1))
        XCTAssertEqual(error("()"), .missingOperand(column: 2))
        XCTAssertEqual(error("2 clv"), .missingOperator(column: 3))
        XCTAssertEqual(error("(1)(2)"), .missingOperator(column: 4))
        XCTAssertEqual(error("(clv + 1"), .unclosedParenthesis(column: 1))
        XCTAssertEqual(error("clv + 1)"), .unmatchedClosingParenthesis(column: 8))
        XCTAssertEqual(error(String(repeating: "(", count: 40) + "1" + String(repeating: ")", count: 40)), .tooDeeplyNested(limit: 32))
        XCTAssertEqual(error(String(repeating: "-", count: 40) + "1"), .tooDeeplyNested(limit: 32))
        XCTAssertEqual(ValueExpressionError.unknownName("cvl", column: 7).code, "unknown_name")
        XCTAssertEqual(ValueExpressionError.unknownName("cvl", column: 7).description, "unknown name \"cvl\" at column 7 (only clv and margin)")
        XCTAssertThrowsError(try ValueExpression.parse("1 +"))
    }

    func testBusinessValueIsSafeForEveryPerson() {
        let expression = BusinessValue.expression(ValueExpression("0.1 * clv + 20"))
        XCTAssertEqual(expression.amount(clv: 1_000, margin: nil), 120)
        XCTAssertEqual(expression.amount(clv: nil, margin: nil), 20)  // no scores yet: the constant part
        XCTAssertEqual(BusinessValue.expression(ValueExpression("clv / margin")).amount(clv: 100, margin: 0), 0)  // not infinity
        XCTAssertEqual(BusinessValue.expression(ValueExpression("clv +")).amount(clv: 100, margin: 0), 0)
        XCTAssertEqual(BusinessValue.fixed(25).amount(clv: nil, margin: nil), 25)
    }

    func testAGoodDefinitionHasNoProblems() {
        XCTAssertEqual(DecisionFixtures.soundbarOffer.validate(), [])
        XCTAssertEqual(DecisionFixtures.soundbarOffer.text(in: .ru)?.title, "Tytuł")  // falls back to Polish
    }

    func testValidationListsEveryProblemAtOnce() throws {
        let broken = DecisionFixtures.action("", .marketing, value: .expression(ValueExpression("0.1 * cvl")), channels: []) {
            $0.texts = [.en: ActionText(title: "", body: "Body")]
            $0.validFrom = DecisionFixtures.now
            $0.validUntil = DecisionFixtures.daysAgo(1)
            $0.caps = ActionCaps(perPersonPerDay: 3, perPersonPerWeek: 2, totalBudget: 0)
            $0.controlGroupPercent = 60
            $0.businessWeight = 0
            $0.eligibility = ActionEligibility(segments: [""], conditions: [try! SegmentCondition.parsing("value.cvl > 1")])
        }
        XCTAssertEqual(broken.validate(), [
            "id: 1 to 100 characters without spaces",
            "channels: at least one channel",
            "texts.en.title: 1 to 200 characters",
            "eligibility.segments[0]: an empty segment id",
            "eligibility.conditions[0]: \"value.cvl\" reads nothing: value has churnRisk, clv, margin, pAlive, valueTier",
            "validUntil must be after validFrom",
            "value \"0.1 * cvl\": unknown name \"cvl\" at column 7 (only clv and margin) [unknown_name]",
            "caps.totalBudget must be at least 1 (leave it out for no cap)",
            "caps.perPersonPerDay cannot be more than caps.perPersonPerWeek",
            "controlGroupPercent must be from 0 to 50",
            "businessWeight must be a number more than 0",
        ])
        XCTAssertThrowsError(try broken.validated())
        XCTAssertEqual(DecisionFixtures.action("x", .other, value: .fixed(-5)).validate(), ["value must be a number of at least 0"])
    }

    func testADefinitionReadsFromJSONWithDefaults() throws {
        let json = """
        {"id": "soundbar-offer", "name": "Soundbar for TV buyers", "kind": "cross-sell", "channels": ["web", "email"],
         "texts": {"pl": {"title": "Soundbar -20%", "body": "Do Twojego telewizora"}},
         "eligibility": {"segments": ["tv-no-soundbar"], "conditions": ["value.clv >= 100"]},
         "value": "0.05 * clv + 30", "caps": {"perPersonPerWeek": 2}, "controlGroupPercent": 10}
        """
        let action = try JSONDecoder().decode(ActionDefinition.self, from: Data(json.utf8))
        XCTAssertEqual(action.kind, .crossSell)
        XCTAssertEqual(action.placements, [])
        XCTAssertEqual(action.businessWeight, 1)
        XCTAssertEqual(action.caps, ActionCaps(perPersonPerWeek: 2))
        XCTAssertEqual(action.value.amount(clv: 1_000, margin: nil), 80)
        XCTAssertEqual(action.eligibility.segments, ["tv-no-soundbar"])
        XCTAssertEqual(action.validate(), [])
        // A value that does not parse still decodes, so validation can list it with everything else.
        let badValue = json.replacingOccurrences(of: "0.05 * clv + 30", with: "0.05 * clv +")
        XCTAssertEqual(try JSONDecoder().decode(ActionDefinition.self, from: Data(badValue.utf8)).validate().count, 1)
        let reread = try JSONDecoder().decode(ActionDefinition.self, from: try JSONEncoder().encode(action))
        XCTAssertEqual(reread, action)
    }
}
