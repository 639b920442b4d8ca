import Foundation
import XCTest
@testable import TouchpointDomain

final class MailMessageTests: XCTestCase {
    let date = Date(timeIntervalSince1970: 1_700_000_000)
    let support = MailAddress("support@example.com")!
    let customer = MailAddress("jan.kowalski@example.pl")!

    func message(subject: String = "Your case", text: String = "Hello", html: String? = nil, fromName: String? = nil,
                 extraHeaders: [String: String] = [:]) -> MailMessage {
        MailMessage(from: support, fromName: fromName, to: [customer], subject: subject, text: text, html: html,
                    messageID: "case-42.1@example.com", inReplyTo: "abc@mail.example.pl", extraHeaders: extraHeaders)
    }

    /// The header block, folded lines joined back (RFC 5322 §2.2.3).
    func headerLines(_ rendered: String) -> [String] {
        let head = rendered.components(separatedBy: "\r\n\r\n")[0]
        return head.replacingOccurrences(of: "\r\n ", with: " ").components(separatedBy: "\r\n")
    }

    func header(_ name: String, in rendered: String) -> String? {
        headerLines(rendered).first { $0.hasPrefix(name + ": ") }.map { String($0.dropFirst(name.count + 2)) }
    }

    /// Joins RFC 2047 B-encoded words back into text, checking each is at most 75 characters and whole UTF-8.
    func decodeEncodedWords(_ value: String, file: StaticString = #filePath, line: UInt = #line) -> String {
        var bytes = Data()
        for word in value.split(separator: " ") {
            XCTAssertTrue(word.hasPrefix("=?UTF-8?B?") && word.hasSuffix("?="), "not an encoded word: \(word)", file: file, line: line)
            XCTAssertLessThanOrEqual(word.count, 75, file: file, line: line)
            guard let decoded = Data(base64Encoded: String(word.dropFirst(10).dropLast(2))) else {
                XCTFail("bad base64 in \(word)", file: file, line: line)
                continue
            }
            XCTAssertNotNil(String(data: decoded, encoding: .utf8), "a word splits a character", file: file, line: line)
            bytes.append(decoded)
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    func decodeBase64Lines(_ lines: [String]) -> String? {
        Data(base64Encoded: lines.joined()).map { String(decoding: $0, as: UTF8.self) }
    }

    // MARK: Addresses

    func testPlainAddressesAreAcceptedWithTheDomainInLowerCase() {
        XCTAssertEqual(MailAddress("Jan.Kowalski+case42@Example.COM")?.address, "Jan.Kowalski+case42@example.com")
        XCTAssertEqual(MailAddress("o'brien@mail.example.co.uk")?.domain, "mail.example.co.uk")
        XCTAssertEqual(MailAddress("a@b-c.pl")?.localPart, "a")
    }

    func testAddressesThatCouldInjectHeadersOrCommandsAreRefused() {
        XCTAssertNil(MailAddress("a@example.com\r\nBcc: victim@example.com"))
        XCTAssertNil(MailAddress("a@example.com\n"))
        XCTAssertNil(MailAddress("a\r@example.com"))
        XCTAssertNil(MailAddress("<a@example.com>"))
        XCTAssertNil(MailAddress("a@example.com> SIZE=1"))
        XCTAssertNil(MailAddress("jan kowalski@example.com"))
        XCTAssertNil(MailAddress(" a@example.com"))
    }

    func testMalformedAddressesAreRefused() {
        for text in ["", "@example.com", "a@", "a@b@example.com", "a@localhost", ".a@example.com", "a.@example.com",
                     "a..b@example.com", "a@-example.com", "a@example..com", "zażółć@example.com", "a@przykład.pl"] {
            XCTAssertNil(MailAddress(text), text)
        }
    }

    // MARK: Headers

    func testHeadersCarryAddressesIDsAndAnEnglishGMTDate() {
        let rendered = message().rendered(date: date)
        XCTAssertEqual(header("Date", in: rendered), "Tue, 14 Nov 2023 22:13:20 +0000")
        XCTAssertEqual(header("From", in: rendered), "support@example.com")
        XCTAssertEqual(header("To", in: rendered), "jan.kowalski@example.pl")
        XCTAssertEqual(header("Subject", in: rendered), "Your case")
        XCTAssertEqual(header("Message-ID", in: rendered), "<case-42.1@example.com>")
        XCTAssertEqual(header("In-Reply-To", in: rendered), "<abc@mail.example.pl>")
        XCTAssertEqual(header("References", in: rendered), "<abc@mail.example.pl>")
        XCTAssertEqual(header("MIME-Version", in: rendered), "1.0")
        XCTAssertFalse(rendered.replacingOccurrences(of: "\r\n", with: "").contains("\n"), "every line ends in CRLF")
        XCTAssertTrue(rendered.hasSuffix("\r\n"))
    }

    func testPolishSubjectRoundTripsThroughEncodedWords() {
        let subject = "Zgłoszenie #42: żółta ładowarka nie działa, proszę o pilną wymianę — Elektro Świat"
        let rendered = message(subject: subject).rendered(date: date)
        let head = rendered.components(separatedBy: "\r\n\r\n")[0]
        XCTAssertTrue(head.utf8.allSatisfy { $0 < 128 }, "headers are 7-bit")
        let subjectLines = head.components(separatedBy: "\r\n").drop { !$0.hasPrefix("Subject: ") }
            .prefix { $0.hasPrefix("Subject: ") || $0.hasPrefix(" ") }
        XCTAssertGreaterThan(subjectLines.count, 1, "a long subject is folded")
        for line in subjectLines { XCTAssertLessThanOrEqual(line.count, 76, line) }
        XCTAssertEqual(header("Subject", in: rendered).map { decodeEncodedWords($0) }, subject)
    }

    func testSubjectWithEncodedWordLookalikeIsEncodedToo() {
        let rendered = message(subject: "=?UTF-8?B?aGFjaw==?=").rendered(date: date)
        XCTAssertEqual(header("Subject", in: rendered).map { decodeEncodedWords($0) }, "=?UTF-8?B?aGFjaw==?=")
    }

    func testEmojiAndCyrillicAreNeverSplitInsideAWord() {
        let subject = String(repeating: "Привет 👋🏽 ", count: 12)
        let rendered = message(subject: subject).rendered(date: date)
        XCTAssertEqual(header("Subject", in: rendered).map { decodeEncodedWords($0) }, subject)
    }

    func testLineBreaksInHeaderValuesCannotAddHeaders() {
        let rendered = message(subject: "Hello\r\nBcc: victim@example.com", fromName: "Shop\nBcc: victim@example.com",
                               extraHeaders: ["X-Touchpoint-Case": "42\r\nBcc: victim@example.com", "Bcc": "victim@example.com",
                                              "Bad Name": "x", "Content-Type": "text/html"]).rendered(date: date)
        let lines = headerLines(rendered)
        XCTAssertFalse(lines.contains { $0.lowercased().hasPrefix("bcc:") }, rendered)
        XCTAssertEqual(header("Subject", in: rendered), "Hello  Bcc: victim@example.com")
        XCTAssertEqual(header("X-Touchpoint-Case", in: rendered), "42  Bcc: victim@example.com")
        XCTAssertFalse(lines.contains { $0.hasPrefix("Bad Name") })
        XCTAssertEqual(lines.filter { $0.hasPrefix("Content-Type:") }.count, 1, "an extra header cannot replace the content type")
    }

    func testDisplayNames() {
        let ascii = message(fromName: "Elektro \"Swiat\"").rendered(date: date)
        XCTAssertEqual(header("From", in: ascii), "\"Elektro \\\"Swiat\\\"\" <support@example.com>")

        let polish = message(fromName: "Elektro Świat").rendered(date: date)
        let from = header("From", in: polish) ?? ""
        XCTAssertTrue(from.hasSuffix(" <support@example.com>"), from)
        XCTAssertEqual(decodeEncodedWords(String(from.dropLast(" <support@example.com>".count))), "Elektro Świat")
    }

    func testLongRecipientListsAreFolded() {
        var long = message()
        long.to = (1...8).map { MailAddress("customer.number.\($0)@example.com")! }
        let rendered = long.rendered(date: date)
        let head = rendered.components(separatedBy: "\r\n\r\n")[0]
        for line in head.components(separatedBy: "\r\n") { XCTAssertLessThanOrEqual(line.count, 78, line) }
        XCTAssertEqual(header("To", in: rendered)?.components(separatedBy: ", ").count, 8)
    }

    // MARK: Bodies

    func testPlainBodyIsBase64OfTheUTF8TextWithCRLFLineBreaks() {
        let text = "Dzień dobry,\nzażółć gęślą jaźń — ZAŻÓŁĆ GĘŚLĄ JAŹŃ.\nПривет, мир! Ёлка.\n" + String(repeating: "Długa linia. ", count: 40)
        let rendered = message(text: text).rendered(date: date)
        XCTAssertEqual(header("Content-Type", in: rendered), "text/plain; charset=UTF-8")
        XCTAssertEqual(header("Content-Transfer-Encoding", in: rendered), "base64")
        let bodyLines = rendered.components(separatedBy: "\r\n\r\n")[1].components(separatedBy: "\r\n").filter { !$0.isEmpty }
        XCTAssertGreaterThan(bodyLines.count, 1)
        for line in bodyLines { XCTAssertLessThanOrEqual(line.count, 76) }
        XCTAssertTrue(bodyLines.dropLast().allSatisfy { $0.count == 76 })
        XCTAssertEqual(decodeBase64Lines(bodyLines), text.replacingOccurrences(of: "\n", with: "\r\n"))
    }

    func testLineBreaksAreMadeCanonical() {
        XCTAssertEqual(MailMessage.canonicalLineBreaks("a\nb\r\nc\rd\r"), "a\r\nb\r\nc\r\nd\r\n")
        XCTAssertEqual(MailMessage.canonicalLineBreaks("no breaks"), "no breaks")
    }

    func testHTMLAlternativeIsMultipartWithARepeatableBoundary() {
        let html = "<p>Dzień dobry, <b>Świat</b></p>"
        let first = message(text: "Dzień dobry", html: html).rendered(date: date)
        XCTAssertEqual(first, message(text: "Dzień dobry", html: html).rendered(date: date))
        let boundary = MailMessage.boundary(for: "case-42.1@example.com")
        XCTAssertEqual(header("Content-Type", in: first), "multipart/alternative; boundary=\"\(boundary)\"")
        XCTAssertNotEqual(boundary, MailMessage.boundary(for: "case-43.1@example.com"))
        XCTAssertTrue(first.hasSuffix("--\(boundary)--\r\n"))

        let parts = first.components(separatedBy: "\r\n--\(boundary)")
        XCTAssertEqual(parts.count, 4, "preamble, two parts, closing delimiter")
        let bodies = parts[1...2].map { part -> (type: String, text: String?) in
            let sections = part.components(separatedBy: "\r\n\r\n")
            let type = sections[0].components(separatedBy: "\r\n").first { $0.hasPrefix("Content-Type: ") } ?? ""
            return (type, decodeBase64Lines(sections[1].components(separatedBy: "\r\n")))
        }
        XCTAssertEqual(bodies[0].type, "Content-Type: text/plain; charset=UTF-8")
        XCTAssertEqual(bodies[0].text, "Dzień dobry")
        XCTAssertEqual(bodies[1].type, "Content-Type: text/html; charset=UTF-8")
        XCTAssertEqual(bodies[1].text, html)
    }

    // MARK: Dot stuffing

    func testLinesStartingWithADotGetAnotherDot() {
        XCTAssertEqual(MailMessage.dotStuffed(".a\r\nb.c\r\n.\r\n..d\r\n"), "..a\r\nb.c\r\n..\r\n...d\r\n")
        XCTAssertEqual(MailMessage.dotStuffed("no dots at line starts.\r\n"), "no dots at line starts.\r\n")
        let rendered = message().rendered(date: date)
        XCTAssertEqual(MailMessage.dotStuffed(rendered), rendered, "base64 bodies and headers never start a line with a dot")
    }

    // MARK: Settings

    func testSMTPURLDefaultsToPort587AndOpportunisticSTARTTLS() throws {
        let settings = try SMTPSettings(url: "smtp://user:secret@mail.example.com?from=support@example.com")
        XCTAssertEqual(settings.host, "mail.example.com")
        XCTAssertEqual(settings.port, 587)
        XCTAssertEqual(settings.security, .startTLSIfOffered)
        XCTAssertEqual(settings.username, "user")
        XCTAssertEqual(settings.password, "secret")
        XCTAssertEqual(settings.from, support)
        XCTAssertNil(settings.fromName)
        XCTAssertEqual(settings.heloName, "example.com")
        XCTAssertFalse(settings.skipsCertificateVerification)
        XCTAssertFalse(settings.description.contains("secret"), "the password stays out of logs")
    }

    func testSMTPSURLIsImplicitTLSOnPort465() throws {
        let settings = try SMTPSettings(url: "smtps://mail.example.com?from=support@example.com")
        XCTAssertEqual(settings.port, 465)
        XCTAssertEqual(settings.security, .tls)
        XCTAssertNil(settings.username)
        XCTAssertNil(settings.password)
        XCTAssertEqual(try SMTPSettings(url: "SMTPS://mail.example.com:2465?from=support@example.com").port, 2465)
    }

    func testUserPasswordAndNameArePercentDecoded() throws {
        let settings = try SMTPSettings(url: "smtp://support%40example.com:p%40ss%3Aw%2Frd@smtp.example.com:2525"
            + "?from=support@example.com&name=Elektro%20%C5%9Awiat&helo=app.example.com")
        XCTAssertEqual(settings.username, "support@example.com")
        XCTAssertEqual(settings.password, "p@ss:w/rd")
        XCTAssertEqual(settings.port, 2525)
        XCTAssertEqual(settings.fromName, "Elektro Świat")
        XCTAssertEqual(settings.heloName, "app.example.com")
    }

    func testSTARTTLSAndCertificateOptions() throws {
        XCTAssertEqual(try SMTPSettings(url: "smtp://h.example.com?from=a@example.com&starttls=required").security, .startTLSRequired)
        XCTAssertEqual(try SMTPSettings(url: "smtp://h.example.com:25?from=a@example.com&starttls=never").security, .plain)
        XCTAssertTrue(try SMTPSettings(url: "smtps://h.example.com?from=a@example.com&insecure=1").skipsCertificateVerification)
        XCTAssertThrowsError(try SMTPSettings(url: "smtps://h.example.com?from=a@example.com&starttls=required"))
        XCTAssertThrowsError(try SMTPSettings(url: "smtp://h.example.com?from=a@example.com&starttls=maybe"))
    }

    func testMissingFromSaysWhatToAdd() {
        XCTAssertThrowsError(try SMTPSettings(url: "smtp://user:secret@mail.example.com:587")) { error in
            XCTAssertEqual(error as? SMTPSettingsError, .missingFrom)
            XCTAssertTrue("\(error)".contains("TOUCHPOINT_SMTP_URL needs ?from=address"), "\(error)")
        }
    }

    func testBadURLsAreRefusedWithoutRepeatingThePassword() {
        let cases: [(String, SMTPSettingsError)] = [
            ("http://mail.example.com?from=a@example.com", .unsupportedScheme("http")),
            ("smtp://mail.example.com?from=not-an-address", .invalidFrom("not-an-address")),
            ("smtp://mail.example.com?from=a@example.com&form=typo", .unknownOption("form")),
            ("smtp://user:secret@mail.example.com:0?from=a@example.com", .invalidPort(0)),
        ]
        for (url, expected) in cases {
            XCTAssertThrowsError(try SMTPSettings(url: url), url) { error in
                XCTAssertEqual(error as? SMTPSettingsError, expected, url)
                XCTAssertFalse("\(error)".contains("secret"))
            }
        }
    }
}
