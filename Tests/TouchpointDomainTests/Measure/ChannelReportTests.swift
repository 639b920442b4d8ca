import Foundation
import XCTest
@testable import TouchpointDomain

/// The channel comparison: reach and waits from contacts, service figures from the service calculator, the spread and
/// the channel that drags the average down, and switches between channels.
final class ChannelReportTests: XCTestCase {
    let start = Date(timeIntervalSince1970: 1_780_000_000)

    func contact(_ channel: Channel, _ person: String?, at minutes: Double, answeredAfter wait: Double?, abandoned: Bool = false) -> ChannelContact {
        let at = start.addingTimeInterval(minutes * 60)
        return ChannelContact(channel: channel, profileID: person, startedAt: at, answeredAt: wait.map { at.addingTimeInterval($0) }, abandoned: abandoned)
    }

    func testReachWaitsAndTheDraggingChannel() {
        let contacts = [
            contact(.phone, "a", at: 0, answeredAfter: 30), contact(.phone, "b", at: 1, answeredAfter: 60),
            contact(.phone, "c", at: 2, answeredAfter: nil, abandoned: true), contact(.phone, "d", at: 3, answeredAfter: 120),
            contact(.chat, "e", at: 0, answeredAfter: 10), contact(.chat, "f", at: 1, answeredAfter: 20),
            contact(.email, "g", at: 0, answeredAfter: 3_600),
        ]
        let report = ChannelReport.make(contacts: contacts, caseFacts: [], recontactWindow: 86_400, nps: [:],
                                        hours: [.phone: 40, .web: 168], switchWindow: 7 * 86_400)
        let phone = try! XCTUnwrap(report.channels.first { $0.channel == .phone })
        XCTAssertEqual(phone.offered, 4)
        XCTAssertEqual(phone.answered, 3)
        XCTAssertEqual(phone.abandoned, 1)
        XCTAssertEqual(phone.answeredShare, 0.75)
        XCTAssertEqual(phone.waitP50Seconds, 60, "nearest rank of 30, 60, 120")
        XCTAssertEqual(phone.waitP90Seconds, 120)
        XCTAssertEqual(phone.hoursCovered, 40)
        XCTAssertEqual(report.channels.map(\.channel), CXChannel.all)
        let answered = try! XCTUnwrap(report.spreads.first { $0.figure == "answeredShare" })
        XCTAssertEqual(answered.worst, .phone)
        XCTAssertEqual(answered.drag, .phone)
        XCTAssertEqual(answered.range, 0.25)
        XCTAssertEqual(answered.average, 6.0 / 7.0, accuracy: 1e-12)
    }

    func testServiceFiguresAreTheServiceCalculatorsPerChannel() {
        let facts = [
            ServiceCaseFacts(caseID: "1", profileID: "p1", channel: .chat, createdAt: start, firstResponseAt: start.addingTimeInterval(60),
                             resolvedAt: start.addingTimeInterval(600), csatScore: 5, agentReplies: 1),
            ServiceCaseFacts(caseID: "2", profileID: "p2", channel: .email, createdAt: start, resolvedAt: start.addingTimeInterval(7_200), csatScore: 2, agentReplies: 3),
        ]
        let report = ChannelReport.make(contacts: [], caseFacts: facts, recontactWindow: 86_400, nps: [.chat: (promoters: 3, detractors: 1, answers: 4)],
                                        hours: [:], switchWindow: 86_400)
        let expected = ServiceMetricsCalculator.grouped(facts, by: .channel, recontactWindow: 86_400)
        for group in expected {
            XCTAssertEqual(report.channels.first { $0.channel.rawValue == group.key }?.service, group.summary)
        }
        XCTAssertEqual(report.channels.first { $0.channel == .chat }?.nps, 50)
    }

    func testASwitchIsAContactElsewhereBeforeTheFirstWasAnswered() {
        let contacts = [
            contact(.chat, "bob", at: 0, answeredAfter: nil, abandoned: true),
            contact(.email, "bob", at: 30, answeredAfter: 3_600),
            contact(.phone, "bob", at: 60, answeredAfter: 10),   // the e-mail was still unanswered: a second switch
            contact(.chat, "ann", at: 0, answeredAfter: 5),
            contact(.phone, "ann", at: 60, answeredAfter: 5),    // the chat had answered: not a switch
            contact(.email, "eve", at: 0, answeredAfter: nil),
            contact(.phone, "eve", at: 60 * 24 * 9, answeredAfter: 5),  // after the window: not a switch
        ]
        let switches = ChannelReport.switches(contacts, window: 7 * 86_400)
        XCTAssertEqual(switches, [ChannelSwitch(from: .chat, to: .email, count: 1), ChannelSwitch(from: .email, to: .phone, count: 1)])
    }

    func testHoursPerWeekFromACalendar() {
        let office = BusinessCalendar.weekdays([DayPeriod(start: "08:00", end: "16:00")], timeZone: "Europe/Warsaw")
        XCTAssertEqual(office.hoursPerWeek, 40)
        XCTAssertEqual(BusinessCalendar.alwaysOpen.hoursPerWeek, 168)
    }
}
