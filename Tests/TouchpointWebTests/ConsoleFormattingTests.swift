import Foundation
import XCTest
import TouchpointDomain
@testable import TouchpointWeb

/// How the console writes traits and times for a person, not for a programmer.
final class ConsoleFormattingTests: XCTestCase {
    func testTraitsAreLabelledFieldsAndProductListsAreTables() throws {
        let strings = Strings.all(.en)
        let fields = TraitField.fields([
            "email": .string("ann@example.com"),
            "firstName": .string("Ann"),
            "loyalty_card_number": .string("LC-7"),
            "address": .object(["city": .string("Kraków"), "street": .string("Długa 5")]),
            "lastOrder": .array([.object(["sku": .string("TV-1"), "price": .number(2199)]), .object(["sku": .string("HP-2"), "price": .number(349)])]),
            "newsletter": .bool(true),
        ], strings: strings)
        XCTAssertEqual(fields.map(\.label), ["First name", "E-mail", "Address", "Last order", "Loyalty card number", "Newsletter"])
        XCTAssertEqual(fields[2].value, "City: Kraków · Street: Długa 5")
        let orders = try XCTUnwrap(fields.first { $0.label == "Last order" })
        XCTAssertEqual(orders.columns, ["SKU", "Price"])
        XCTAssertEqual(orders.rows, [["TV-1", "2199"], ["HP-2", "349"]])
        XCTAssertEqual(fields.last?.value, "yes")
        XCTAssertFalse(fields.contains { ($0.value ?? "").contains("{") }, "no raw JSON")
    }

    func testTimesAreZeroPaddedInTheCompanysZone() {
        let june = Date(timeIntervalSince1970: 1_780_297_500)   // 2026-06-01T07:05:00Z
        let warsaw = Formatting(language: .en, timeZone: TimeZone(identifier: "Europe/Warsaw")!)
        XCTAssertTrue(warsaw.dateTime(june).contains("09:05"), warsaw.dateTime(june))
        XCTAssertFalse(warsaw.dateTime(june).contains("UTC"))
        let utc = Formatting(language: .pl)
        XCTAssertTrue(utc.dateTime(june).hasSuffix("07:05 UTC"), utc.dateTime(june))
        let short = warsaw.shortDateTime(june, now: june)
        XCTAssertTrue(short.contains("09:05") && !short.contains("2026"), "this year's moments leave the year out: \(short)")
        XCTAssertTrue(warsaw.shortDateTime(june, now: june.addingTimeInterval(400 * 86400)).contains("2026"))
    }

    func testAnonymousChatCustomersGetAReadableName() {
        let strings = Strings.all(.en)
        XCTAssertEqual(ServiceConsoleController.customerName(CustomerContact(anonymousId: "chat-0a1b2c3d4e5f"), strings), "Chat visitor 4E5F")
        XCTAssertEqual(ServiceConsoleController.customerName(CustomerContact(anonymousId: "chat-0a1b", unverifiedEmail: "typed@example.com"), strings), "typed@example.com")
        XCTAssertEqual(ServiceConsoleController.customerName(CustomerContact(name: "Ola"), strings), "Ola")
    }
}
