import Foundation
import Synchronization
import XCTest
import TouchpointApp
import Tagged
import TouchpointDomain

/// An agent's reply on an e-mail case goes out through the outbox, threaded on the customer's message; notes and
/// replies on other channels do not.
final class ServiceReplyMailTests: XCTestCase {
    /// An outbox that keeps what it is given.
    final class RecordingOutbox: MailOutboxRepository {
        let mails = Mutex<[OutgoingMail]>([])
        func enqueue(_ mail: OutgoingMail) async throws { mails.withLock { $0.append(mail) } }
        func claimDue(now: Date, limit: Int, lease: TimeInterval) async throws -> [OutgoingMail] { [] }
        func markSent(_ id: OutgoingMailID, at: Date) async throws {}
        func markAttemptFailed(_ id: OutgoingMailID, error: String, retryAt: Date?) async throws {}
        func recentMails(status: OutgoingMail.Status?, limit: Int) async throws -> [OutgoingMail] { mails.withLock { $0 } }
        func mailCounts() async throws -> [OutgoingMail.Status: Int] { [:] }
        var all: [OutgoingMail] { mails.withLock { $0 } }
    }

    private let monday9 = Timestamps.parse("2026-11-30T09:00:00Z")!

    func testAReplyOnAnEmailCaseIsMailedThreadedOnTheCustomersMessage() async throws {
        let outbox = RecordingOutbox()
        let desk = ServiceDesk(repositories: InMemoryServiceRepositories(), validator: MessageValidator(), outbox: outbox)
        try await desk.prepare()
        var first = NewServiceMessage(direction: .inbound, authorName: "Jan Kowalski", body: "Pralka przecieka <b>od wczoraj</b>")
        first.externalID = "CAF-123@mail.example.pl"
        let (opened, _) = try await desk.open(NewCase(customer: CustomerContact(email: "jan@example.pl", name: "Jan Kowalski"), channel: .email,
                                                      subject: "Pralka przecieka"), firstMessage: first, now: monday9)
        _ = try await desk.add(NewServiceMessage(direction: .note, authorName: "Anna", body: "sprawdzić gwarancję"), to: opened.id, now: monday9)
        XCTAssertTrue(outbox.all.isEmpty, "a note is not mailed")
        _ = try await desk.add(NewServiceMessage(direction: .outbound, authorName: "Anna", body: "Dzień dobry, wyślemy serwisanta jutro."),
                               to: opened.id, now: monday9.addingTimeInterval(600))
        let mail = try XCTUnwrap(outbox.all.first)
        XCTAssertEqual(outbox.all.count, 1)
        XCTAssertEqual(mail.to, "jan@example.pl")
        XCTAssertEqual(mail.subject, "Re: Pralka przecieka [#\(opened.number)]")
        XCTAssertEqual(mail.inReplyTo, "CAF-123@mail.example.pl")
        XCTAssertEqual(mail.purpose, "service_reply")
        XCTAssertEqual(mail.reference, opened.id.rawValue)
        XCTAssertTrue(mail.text.hasPrefix("Dzień dobry, wyślemy serwisanta jutro."))
        XCTAssertNil(mail.html, "plain text only")
    }

    func testRetriesBackOffThenGiveUp() {
        XCTAssertEqual(OutgoingMail.retryDelay(afterAttempts: 1), 30)
        XCTAssertEqual(OutgoingMail.retryDelay(afterAttempts: 2), 120)
        XCTAssertEqual(OutgoingMail.retryDelay(afterAttempts: 8), 12 * 3_600)
        XCTAssertNil(OutgoingMail.retryDelay(afterAttempts: 9))
    }
}
