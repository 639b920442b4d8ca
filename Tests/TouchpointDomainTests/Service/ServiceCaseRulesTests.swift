import Foundation
import XCTest
@testable import TouchpointDomain

/// The case rules as pure functions: no database, the time passed in.
final class ServiceCaseRulesTests: XCTestCase {
    private let monday9 = ServiceFixtures.at("2026-11-30 09:00")
    private let anna = AgentID(rawValue: "agent-anna")

    private func openedCase(subject: String = "Pęknięty ekran", tags: [String] = []) throws -> ServiceCase {
        try ServiceCase.open(NewCase(customer: CustomerContact(email: "jan@example.pl"), channel: .email, subject: subject, tags: tags),
                             id: CaseID(rawValue: "case-1"), number: 1001, firstMessageAt: nil, now: monday9).0
    }

    private func later(_ minutes: Double) -> Date { monday9.addingTimeInterval(minutes * 60) }

    func testOpeningTrimsTheSubjectCleansTagsAndDatesTheCaseByItsFirstMessage() throws {
        let written = monday9.addingTimeInterval(-600)
        let (opened, move) = try ServiceCase.open(
            NewCase(customer: CustomerContact(email: "jan@example.pl"), channel: .email, subject: "  Zwrot  ", tags: [" VIP", "vip", "", "Zwrot"], language: "PL"),
            id: CaseID(rawValue: "c"), number: 1001, firstMessageAt: written, now: monday9)
        XCTAssertEqual(opened.subject, "Zwrot")
        XCTAssertEqual(opened.tags, ["vip", "zwrot"])
        XCTAssertEqual(opened.language, "pl")
        XCTAssertEqual(opened.status, .new)
        XCTAssertEqual(opened.createdAt, written)
        XCTAssertEqual(move, CaseTransition(from: nil, to: .new, actor: "customer", at: written))
        // A message dated in the future does not make the case younger than now.
        let future = try ServiceCase.open(NewCase(customer: CustomerContact(), channel: .chat, subject: "x"), id: CaseID(rawValue: "d"), number: 1,
                                          firstMessageAt: monday9.addingTimeInterval(3600), now: monday9).0
        XCTAssertEqual(future.createdAt, monday9)
        XCTAssertThrowsError(try ServiceCase.open(NewCase(customer: CustomerContact(), channel: .chat, subject: " \n"), id: CaseID(rawValue: "e"), number: 1,
                                                  firstMessageAt: nil, now: monday9)) { error in
            XCTAssertEqual(error as? ServiceRuleError, .invalid("a case needs a subject (or a first message to take it from)"))
        }
    }

    func testAnAgentsFirstReplyOpensTheCaseAnswersItAndGivesItToTheAuthor() throws {
        var serviceCase = try openedCase()
        let moves = try serviceCase.receive(.outbound, authorID: anna.rawValue, at: later(20), now: later(20))
        XCTAssertEqual(moves, [CaseTransition(from: .new, to: .open, actor: anna.rawValue, at: later(20))])
        XCTAssertEqual(serviceCase.firstResponseAt, later(20))
        XCTAssertEqual(serviceCase.agentReplies, 1)
        XCTAssertEqual(serviceCase.assigneeID, anna)
        // A second reply is not a first response, and moves nothing.
        XCTAssertEqual(try serviceCase.receive(.outbound, authorID: "agent-piotr", at: later(40), now: later(40)), [])
        XCTAssertEqual(serviceCase.firstResponseAt, later(20))
        XCTAssertEqual(serviceCase.agentReplies, 2)
        XCTAssertEqual(serviceCase.assigneeID, anna, "an owned case keeps its owner")
    }

    func testTheCustomerWritingAgainReopensASolvedCaseAndCountsTheReopen() throws {
        var serviceCase = try openedCase()
        _ = try serviceCase.move(to: .resolved, actor: anna.rawValue, at: later(30))
        XCTAssertEqual(serviceCase.resolvedAt, later(30))
        let moves = try serviceCase.receive(.inbound, authorID: nil, at: later(90), now: later(90))
        XCTAssertEqual(moves, [CaseTransition(from: .resolved, to: .open, actor: "customer", at: later(90))])
        XCTAssertEqual(serviceCase.reopenCount, 1)
        XCTAssertEqual(serviceCase.lastCustomerMessageAt, later(90))
        XCTAssertEqual(serviceCase.resolvedAt, later(30), "the first resolution stays: it is what resolution time measures")
        // On hold: the customer's answer takes it off hold, which is not a reopen.
        _ = try serviceCase.move(to: .pending, actor: anna.rawValue, at: later(100))
        _ = try serviceCase.receive(.inbound, authorID: nil, at: later(120), now: later(120))
        XCTAssertEqual(serviceCase.status, .open)
        XCTAssertEqual(serviceCase.reopenCount, 1)
        // A note changes nothing but the time.
        let before = serviceCase
        XCTAssertEqual(try serviceCase.receive(.note, authorID: anna.rawValue, at: later(130), now: later(130)), [])
        XCTAssertEqual(serviceCase.status, before.status)
        XCTAssertEqual(serviceCase.agentReplies, before.agentReplies)
    }

    func testStatusMovesFollowTheAllowedPathsAndKeepResolutionTimes() throws {
        var serviceCase = try openedCase()
        XCTAssertNil(try serviceCase.move(to: .new, actor: "x", at: later(1)), "no move to the status it has")
        XCTAssertThrowsError(try { var resolved = serviceCase; _ = try resolved.move(to: .resolved, actor: "a", at: later(1)); _ = try resolved.move(to: .pending, actor: "a", at: later(2)) }()) { error in
            XCTAssertEqual(error as? ServiceRuleError, .invalid("a resolved case cannot become pending"))
        }
        serviceCase.queuedAt = later(0)
        _ = try serviceCase.move(to: .closed, actor: "system", at: later(60))
        XCTAssertEqual(serviceCase.closedAt, later(60))
        XCTAssertEqual(serviceCase.resolvedAt, later(60), "closing an unresolved case resolves it")
        XCTAssertNil(serviceCase.queuedAt, "a closed case leaves the queue")
        _ = try serviceCase.move(to: .open, actor: "agent", at: later(70))
        XCTAssertNil(serviceCase.closedAt)
        XCTAssertEqual(serviceCase.reopenCount, 1)
    }

    func testAMergedCaseRefusesMessagesAndMoves() throws {
        var target = try openedCase()
        var duplicate = try ServiceCase.open(NewCase(customer: CustomerContact(email: "jan@example.pl"), channel: .chat, subject: "Ekran", tags: ["Ekran"]),
                                             id: CaseID(rawValue: "case-2"), number: 1002, firstMessageAt: nil, now: later(5)).0
        _ = try duplicate.receive(.outbound, authorID: anna.rawValue, at: later(10), now: later(10))
        duplicate.handleSeconds = 120
        let closing = try target.absorb(&duplicate, actor: anna.rawValue, at: later(15))
        XCTAssertEqual(closing, CaseTransition(from: .open, to: .closed, actor: anna.rawValue, at: later(15)))
        XCTAssertEqual(duplicate.mergedInto, target.id)
        XCTAssertEqual(target.tags, ["ekran"])
        XCTAssertEqual(target.agentReplies, 1)
        XCTAssertEqual(target.handleSeconds, 120)
        XCTAssertEqual(target.firstResponseAt, later(10), "the duplicate's earlier answer is the pair's first response")
        XCTAssertThrowsError(try duplicate.receive(.inbound, authorID: nil, at: later(20), now: later(20))) { error in
            XCTAssertEqual(error as? ServiceRuleError, .conflict("case 1002 was merged into another case (case-1): write there"))
        }
        XCTAssertThrowsError(try duplicate.move(to: .open, actor: "a", at: later(20))) { error in
            guard case .conflict = error as? ServiceRuleError else { return XCTFail("\(error)") }
        }
        XCTAssertThrowsError(try target.checkCanAbsorb(target)) { error in
            XCTAssertEqual(error as? ServiceRuleError, .invalid("a case cannot be merged into itself"))
        }
    }

    func testACallCountsItsHandleTimeAndAnAnsweredCallIsAResponse() throws {
        var serviceCase = try openedCase()
        let call = CallRecord(id: "call-1", caseID: serviceCase.id, direction: .inbound, phone: "+48500100200", agentID: anna,
                              startedAt: later(5), waitSeconds: 30, talkSeconds: 240, wrapSeconds: 60, outcome: "resolved")
        serviceCase.record(call, now: later(12))
        XCTAssertEqual(serviceCase.handleSeconds, 300)
        XCTAssertEqual(serviceCase.firstResponseAt, later(5.5))
        XCTAssertEqual(serviceCase.agentReplies, 1)
        XCTAssertEqual(serviceCase.assigneeID, anna)
        var unanswered = try openedCase()
        unanswered.record(CallRecord(id: "call-2", caseID: unanswered.id, direction: .inbound, phone: nil, agentID: nil, startedAt: later(5),
                                     waitSeconds: 90, talkSeconds: 0, wrapSeconds: 0, outcome: "abandoned"), now: later(7))
        XCTAssertNil(unanswered.firstResponseAt)
        XCTAssertEqual(unanswered.agentReplies, 0)
    }

    func testCSATIsAskedAfterResolutionOnAScaleOfOneToFive() throws {
        var serviceCase = try openedCase()
        XCTAssertThrowsError(try serviceCase.rate(score: 5, comment: nil, at: later(1))) { error in
            XCTAssertEqual(error as? ServiceRuleError, .conflict("CSAT is asked after resolution: case 1001 is not resolved yet"))
        }
        _ = try serviceCase.move(to: .resolved, actor: "a", at: later(2))
        XCTAssertThrowsError(try serviceCase.rate(score: 6, comment: nil, at: later(3)))
        try serviceCase.rate(score: 4, comment: "  Szybko i miło  ", at: later(3))
        XCTAssertEqual(serviceCase.csatScore, 4)
        XCTAssertEqual(serviceCase.csatComment, "Szybko i miło")
    }

    func testEditingAndRoutingAssignWithoutLoweringPriority() throws {
        var serviceCase = try openedCase()
        XCTAssertThrowsError(try serviceCase.edit(CaseUpdate(subject: "  "), now: later(1)))
        let assigned = try serviceCase.edit(CaseUpdate(priority: .high, category: .some(" "), assigneeID: .some(anna)), now: later(1))
        XCTAssertEqual(assigned, anna)
        XCTAssertNil(serviceCase.category, "a blank category clears it")
        XCTAssertFalse(serviceCase.isWaitingForAgent)
        let team = TeamID(rawValue: "vip")
        serviceCase.apply(RoutingDecision(rule: nil, teamID: team, agentID: nil, priority: .normal, reason: "queue"), at: later(2))
        XCTAssertEqual(serviceCase.priority, .high, "routing raises a priority, never lowers it")
        XCTAssertEqual(serviceCase.queuedAt, later(2))
        XCTAssertTrue(serviceCase.isWaitingForAgent)
        serviceCase.apply(RoutingDecision(rule: nil, teamID: team, agentID: nil, priority: .urgent, reason: "queue"), at: later(3))
        XCTAssertEqual(serviceCase.queuedAt, later(2), "the wait started when the case was first queued")
        XCTAssertEqual(serviceCase.priority, .urgent)
    }

    func testHandleTimeCountsOnlyPlausibleMeasurements() {
        XCTAssertEqual(ServiceCase.countableHandleTime(90), 90)
        XCTAssertEqual(ServiceCase.countableHandleTime(4 * 3600), 4 * 3600)
        for implausible in [nil, 0, -5, 4 * 3600 + 1, .infinity, .nan] as [Double?] {
            XCTAssertNil(ServiceCase.countableHandleTime(implausible), "\(String(describing: implausible))")
        }
    }
}
