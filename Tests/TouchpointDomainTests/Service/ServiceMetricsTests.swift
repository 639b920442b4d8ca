import XCTest
@testable import TouchpointDomain

final class ServiceMetricsTests: XCTestCase {
    typealias F = ServiceFixtures
    let start = F.at("2025-03-03 09:00")
    let day: TimeInterval = 86_400
    func at(_ seconds: TimeInterval) -> Date { start.addingTimeInterval(seconds) }

    /// Five cases, hand-computed below:
    /// - A (p1, anna, t1): 1 reply, never reopened, but C from the same profile arrives 30 min after A's resolution.
    /// - B (p2, anna, t1): reopened once.
    /// - C (p1, bob, t2): three replies; handle time not measured.
    /// - D (no profile, nobody): unresolved.
    /// - E (p3, bob, t2): the only first-contact resolution; its CSAT 9 is out of range.
    var facts: [ServiceCaseFacts] {
        [
            ServiceCaseFacts(caseID: "A", profileID: "p1", agentID: "anna", teamID: "t1", channel: .email, createdAt: at(0),
                             firstResponseAt: at(600), resolvedAt: at(3600), reopenCount: 0, csatScore: 5, handleSeconds: 300,
                             agentReplies: 1, firstResponseBusinessSeconds: 600, resolutionBusinessSeconds: 3600),
            ServiceCaseFacts(caseID: "B", profileID: "p2", agentID: "anna", teamID: "t1", channel: .chat, createdAt: at(0),
                             firstResponseAt: at(60), resolvedAt: at(1800), reopenCount: 1, csatScore: 3, handleSeconds: 200,
                             agentReplies: 1, firstResponseBusinessSeconds: 60, resolutionBusinessSeconds: 1800),
            ServiceCaseFacts(caseID: "C", profileID: "p1", agentID: "bob", teamID: "t2", channel: .phone, createdAt: at(5400),
                             firstResponseAt: at(5520), resolvedAt: at(12_600), reopenCount: 0, csatScore: 4, handleSeconds: 0,
                             agentReplies: 3, firstResponseBusinessSeconds: 120, resolutionBusinessSeconds: 3000),
            ServiceCaseFacts(caseID: "D", channel: .web, createdAt: at(0), handleSeconds: 100),
            ServiceCaseFacts(caseID: "E", profileID: "p3", agentID: "bob", teamID: "t2", channel: .email, createdAt: at(0),
                             firstResponseAt: at(300), resolvedAt: at(600), reopenCount: 0, csatScore: 9, handleSeconds: 50,
                             agentReplies: 1, firstResponseBusinessSeconds: 300, resolutionBusinessSeconds: 600),
        ]
    }

    func testCountsAndCSAT() {
        let summary = ServiceMetricsCalculator.summary(facts, recontactWindow: day)
        XCTAssertEqual(summary.cases, 5)
        XCTAssertEqual(summary.resolved, 4)
        XCTAssertEqual(summary.csatResponses, 3, "5, 3 and 4; the 9 is ignored")
        XCTAssertEqual(summary.csatAverage, 4.0)
        XCTAssertEqual(summary.csatSatisfiedShare!, 2.0 / 3.0, accuracy: 1e-12)
    }

    func testFirstContactResolutionNeedsOneReplyNoReopenAndNoRecontact() {
        XCTAssertEqual(ServiceMetricsCalculator.summary(facts, recontactWindow: day).firstContactResolutionRate, 0.25, "only E of A, B, C, E")
        XCTAssertEqual(ServiceMetricsCalculator.summary(facts, recontactWindow: 1000).firstContactResolutionRate, 0.5, "C came 1800 s after A: outside a 1000 s window, so A counts too")
    }

    func testRecontactIsFoundAcrossGroups() {
        let byTeam = ServiceMetricsCalculator.grouped(facts, by: .team, recontactWindow: day)
        XCTAssertEqual(byTeam.map(\.key), ["t1", "t2", "unassigned"])
        XCTAssertEqual(byTeam[0].summary.firstContactResolutionRate, 0.0, "A's re-contact C is in team t2 but still counts")
        XCTAssertEqual(byTeam[1].summary.firstContactResolutionRate, 0.5, "E yes, C no (three replies)")
        XCTAssertNil(byTeam[2].summary.firstContactResolutionRate, "D is not resolved")
        XCTAssertEqual(ServiceMetricsCalculator.summary(Array(facts.prefix(2)), recontactWindow: day).firstContactResolutionRate, 0.5,
                       "summary alone only sees the facts it is given")
    }

    func testCasesWithoutProfileAreNotRecontacted() {
        let anonymous = [
            ServiceCaseFacts(caseID: "X", channel: .chat, createdAt: at(0), resolvedAt: at(60), agentReplies: 1),
            ServiceCaseFacts(caseID: "Y", channel: .chat, createdAt: at(120), resolvedAt: at(180), agentReplies: 0),
        ]
        XCTAssertEqual(ServiceMetricsCalculator.summary(anonymous, recontactWindow: day).firstContactResolutionRate, 1.0)
    }

    func testAverageHandleTimeAndReopenRate() {
        let summary = ServiceMetricsCalculator.summary(facts, recontactWindow: day)
        XCTAssertEqual(summary.averageHandleSeconds!, 550.0 / 3.0, accuracy: 1e-9, "A 300, B 200, E 50; C unmeasured, D unresolved")
        XCTAssertEqual(summary.reopenRate, 0.25, "B of four resolved")
    }

    func testResponseAndResolutionTimes() {
        let summary = ServiceMetricsCalculator.summary(facts, recontactWindow: day)
        // First response: 600, 60, 120, 300 → median (120 + 300) / 2, mean 1080 / 4.
        XCTAssertEqual(summary.firstResponseMedianSeconds, 210)
        XCTAssertEqual(summary.firstResponseMeanSeconds, 270)
        XCTAssertEqual(summary.firstResponseMedianBusinessSeconds, 210)
        // Resolution: 3600, 1800, 7200, 600 → median (1800 + 3600) / 2, mean 13200 / 4; business 600, 1800, 3000, 3600.
        XCTAssertEqual(summary.resolutionMedianSeconds, 2700)
        XCTAssertEqual(summary.resolutionMeanSeconds, 3300)
        XCTAssertEqual(summary.resolutionMedianBusinessSeconds, 2400)
    }

    func testGroupingByAgentAndChannelSortsKeysAndKeepsUnassigned() {
        let byAgent = ServiceMetricsCalculator.grouped(facts, by: .agent, recontactWindow: day)
        XCTAssertEqual(byAgent.map(\.key), ["anna", "bob", "unassigned"])
        XCTAssertEqual(byAgent.map(\.summary.cases), [2, 2, 1])
        XCTAssertEqual(byAgent[1].summary.resolutionMedianSeconds, (7200 + 600) / 2)
        let byChannel = ServiceMetricsCalculator.grouped(facts, by: .channel, recontactWindow: day)
        XCTAssertEqual(byChannel.map(\.key), ["chat", "email", "phone", "web"])
        XCTAssertEqual(byChannel[1].summary.csatAverage, 5, "A's 5; E's 9 is ignored")
    }

    func testEmptySetHasNoRates() {
        let summary = ServiceMetricsCalculator.summary([], recontactWindow: day)
        XCTAssertEqual(summary, ServiceMetricSummary(cases: 0, resolved: 0, csatResponses: 0))
        XCTAssertNil(summary.firstContactResolutionRate)
        XCTAssertEqual(ServiceMetricsCalculator.median([3, 1, 2]), 2)
    }
}
