import XCTest
@testable import TouchpointDomain

final class IdentifierNormalizationTests: XCTestCase {
    func testEmailCaseAndGmailDotsAndTags() {
        XCTAssertEqual(EmailAddress.normalize("Ann.Smith@Example.COM"), "ann.smith@example.com")
        XCTAssertEqual(EmailAddress.normalize("Ann.Smith+shop@GMail.com"), "annsmith@gmail.com")
        XCTAssertEqual(EmailAddress.normalize("a.n.n.smith@googlemail.com"), "annsmith@gmail.com")
        XCTAssertNil(EmailAddress.normalize("not-an-email"))
        XCTAssertNil(EmailAddress.normalize("a b@example.com"))
    }

    func testPhoneFormatsBecomeE164() {
        for raw in ["+48 601 234 567", "601-234-567", "0048601234567", "(+48) 601.234.567", "48601234567"] {
            XCTAssertEqual(PhoneNumber.normalize(raw, defaultCallingCode: "48"), "+48601234567", raw)
        }
        XCTAssertEqual(PhoneNumber.normalize("+44 20 7946 0958", defaultCallingCode: "48"), "+442079460958")
        XCTAssertEqual(PhoneNumber.normalize("020 7946 0958", defaultCallingCode: "44"), "+442079460958")
        XCTAssertNil(PhoneNumber.normalize("call me", defaultCallingCode: "48"))
        XCTAssertNil(PhoneNumber.normalize("12", defaultCallingCode: "48"))
    }

    func testReferencesParseTypeAndNormaliseValue() {
        XCTAssertEqual(Identifier.parse(reference: "email:Ann.Smith@Gmail.com")?.key, "email:annsmith@gmail.com")
        XCTAssertEqual(Identifier.parse(reference: "user_id:42")?.key, "user_id:42")
        XCTAssertEqual(Identifier.parse(reference: "crm_id:C-1")?.key, "crm_id:C-1")
        XCTAssertNil(Identifier.parse(reference: "bad type!:x"))
    }
}
