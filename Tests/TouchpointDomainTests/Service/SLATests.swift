import XCTest
@testable import TouchpointDomain

final class SLATests: XCTestCase {
    typealias F = ServiceFixtures
    let created = F.at("2025-03-03 09:00")
    func minutes(_ count: Double) -> Date { created.addingTimeInterval(count * 60) }

    func history(
        _ changes: [(Double, CaseStatus)] = [], customer: [Double] = [0], replies: [Double] = [],
        priority: CasePriority = .normal, channel: Channel = .email
    ) -> SLACaseHistory {
        SLACaseHistory(
            createdAt: created, priority: priority, channel: channel,
            statusChanges: changes.map { CaseStatusChange(at: minutes($0.0), status: $0.1) },
            customerMessages: customer.map(minutes), agentReplies: replies.map(minutes)
        )
    }

    func clock(_ metric: SLAMetric, _ history: SLACaseHistory, now: Double, policy: SLAPolicy = F.simplePolicy) -> SLAClock? {
        SLAEvaluator.clocks(for: history, policy: policy, now: minutes(now)).first { $0.metric == metric }
    }

    func testPendingPausesTheClock() throws {
        let waiting = history([(20, .pending), (80, .open)])
        let duringPending = try XCTUnwrap(clock(.firstResponse, waiting, now: 50))
        XCTAssertEqual(duringPending.state, .paused)
        XCTAssertEqual(duringPending.elapsedBusinessSeconds, 20 * 60)
        XCTAssertNil(duringPending.dueAt)

        let afterPending = try XCTUnwrap(clock(.firstResponse, waiting, now: 90))
        XCTAssertEqual(afterPending.state, .running)
        XCTAssertEqual(afterPending.elapsedBusinessSeconds, 30 * 60, "20 min before pending + 10 min after")
        XCTAssertEqual(afterPending.dueAt, minutes(120), "30 min left from now")
    }

    func testOpenClockPastItsTargetIsBreachedWithTheBreachMoment() throws {
        let late = try XCTUnwrap(clock(.firstResponse, history(), now: 70))
        XCTAssertEqual(late.state, .breached)
        XCTAssertEqual(late.dueAt, minutes(60))
        XCTAssertEqual(late.remainingBusinessSeconds, -10 * 60)
    }

    func testClockIsAtRiskPastTheAtRiskFraction() throws {
        XCTAssertEqual(clock(.firstResponse, history(), now: 47)?.state, .running)
        let risky = try XCTUnwrap(clock(.firstResponse, history(), now: 48))
        XCTAssertEqual(risky.state, .atRisk, "48 of 60 minutes is the 0.8 fraction")
        XCTAssertEqual(risky.dueAt, minutes(60))
    }

    func testCompletedClocksAreAchievedOrMissed() throws {
        let quick = try XCTUnwrap(clock(.firstResponse, history(replies: [45]), now: 200))
        XCTAssertEqual(quick.state, .achieved)
        XCTAssertEqual(quick.completedAt, minutes(45))
        XCTAssertEqual(quick.elapsedBusinessSeconds, 45 * 60)
        XCTAssertNil(quick.dueAt)
        XCTAssertEqual(clock(.firstResponse, history(replies: [60]), now: 200)?.state, .achieved, "exactly on target counts as achieved")
        XCTAssertEqual(clock(.firstResponse, history(replies: [75]), now: 200)?.state, .missed)
    }

    func testReopenContinuesTheResolutionClockFromWhereItStopped() throws {
        let reopened = history([(100, .resolved), (300, .open)])
        let whileResolved = try XCTUnwrap(clock(.resolution, reopened, now: 200))
        XCTAssertEqual(whileResolved.state, .achieved)
        XCTAssertEqual(whileResolved.completedAt, minutes(100))

        let afterReopen = try XCTUnwrap(clock(.resolution, reopened, now: 400))
        XCTAssertEqual(afterReopen.elapsedBusinessSeconds, 200 * 60, "100 before resolution + 100 after the reopen")
        XCTAssertEqual(afterReopen.state, .atRisk, "200 of 240 minutes")
        XCTAssertNil(afterReopen.completedAt)
        XCTAssertEqual(afterReopen.dueAt, minutes(440))

        var resolvedAgain = reopened
        resolvedAgain.statusChanges += [CaseStatusChange(at: minutes(420), status: .resolved), CaseStatusChange(at: minutes(500), status: .closed)]
        let final = try XCTUnwrap(clock(.resolution, resolvedAgain, now: 600))
        XCTAssertEqual(final.completedAt, minutes(420), "closing after resolving keeps the resolution moment")
        XCTAssertEqual(final.elapsedBusinessSeconds, 220 * 60)
        XCTAssertEqual(final.state, .achieved)
    }

    func testHistoryAfterNowIsIgnored() throws {
        let later = history([(100, .resolved)], replies: [30])
        let early = try XCTUnwrap(clock(.resolution, later, now: 50))
        XCTAssertNil(early.completedAt)
        XCTAssertEqual(early.state, .running)
        XCTAssertEqual(clock(.firstResponse, later, now: 20)?.state, .running)
    }

    func testNextResponseCyclesStartAtTheOldestUnansweredMessage() throws {
        // Customer at 0, reply 10; customer 20 and 25 ("hello?"), reply 70; customer 80, reply 90; customer 100.
        let conversation = history(customer: [0, 20, 25, 80, 100], replies: [10, 70, 90])
        let cycles = SLAEvaluator.nextResponseCycles(for: conversation, policy: F.simplePolicy, now: minutes(110))
        XCTAssertEqual(cycles.map(\.startedAt), [minutes(20), minutes(80), minutes(100)])
        XCTAssertEqual(cycles.map(\.state), [.missed, .achieved, .running])
        XCTAssertEqual(cycles.map(\.elapsedBusinessSeconds), [50 * 60, 10 * 60, 10 * 60])
        XCTAssertEqual(cycles.last?.dueAt, minutes(130))

        let current = SLAEvaluator.clocks(for: conversation, policy: F.simplePolicy, now: minutes(110))
        XCTAssertEqual(current.map(\.metric), [.firstResponse, .nextResponse, .resolution])
        XCTAssertEqual(current[1], cycles.last, "clocks shows only the latest cycle")

        let report = SLAReport.achievement(cycles)
        XCTAssertEqual(report.map(\.metric), SLAMetric.allCases)
        XCTAssertEqual(report[1], SLAAchievement(metric: .nextResponse, achieved: 1, missed: 1, breachedOpen: 0, share: 0.5))
        XCTAssertNil(report[0].share, "no first-response clocks to judge")
    }

    func testNoNextResponseClockBeforeTheFirstReply() {
        let clocks = SLAEvaluator.clocks(for: history(customer: [0, 5, 10]), policy: F.simplePolicy, now: minutes(20))
        XCTAssertEqual(clocks.map(\.metric), [.firstResponse, .resolution])
    }

    func testMostSpecificRuleWins() {
        func rule(_ priority: CasePriority?, _ channel: Channel?, _ first: Int) -> SLATargetRule {
            SLATargetRule(priority: priority, channel: channel, targets: SLATargets(firstResponseMinutes: first))
        }
        let policy = SLAPolicy(
            name: "Layered", calendar: .alwaysOpen,
            rules: [rule(.urgent, .chat, 4), rule(nil, nil, 1), rule(.urgent, nil, 3), rule(nil, .chat, 2)]
        )
        XCTAssertEqual(policy.targets(priority: .urgent, channel: .chat).firstResponseMinutes, 4)
        XCTAssertEqual(policy.targets(priority: .urgent, channel: .email).firstResponseMinutes, 3)
        XCTAssertEqual(policy.targets(priority: .normal, channel: .chat).firstResponseMinutes, 2)
        XCTAssertEqual(policy.targets(priority: .normal, channel: .email).firstResponseMinutes, 1)
        let noCatchAll = SLAPolicy(name: "Only urgent", calendar: .alwaysOpen, rules: [rule(.urgent, nil, 3)])
        XCTAssertEqual(noCatchAll.targets(priority: .low, channel: .web), SLATargets())
    }

    func testMetricWithoutTargetIsOmitted() {
        let firstOnly = SLAPolicy(name: "First only", calendar: .alwaysOpen, rules: [SLATargetRule(targets: SLATargets(firstResponseMinutes: 60))])
        let clocks = SLAEvaluator.clocks(for: history(customer: [0, 30], replies: [10]), policy: firstOnly, now: minutes(40))
        XCTAssertEqual(clocks.map(\.metric), [.firstResponse])
    }

    func testStandardPolicyCountsOnlyOfficeHours() throws {
        // Normal priority: 4 business hours to first response. Created Friday 16:30 in Warsaw.
        let friday = F.at("2025-03-14 16:30", "Europe/Warsaw")
        let weekendCase = SLACaseHistory(createdAt: friday, priority: .normal, channel: .email, customerMessages: [friday])
        let clocks = SLAEvaluator.clocks(for: weekendCase, policy: .standard, now: F.at("2025-03-17 10:00", "Europe/Warsaw"))
        let first = try XCTUnwrap(clocks.first)
        XCTAssertEqual(first.elapsedBusinessSeconds, 90 * 60, "30 min on Friday + 60 min on Monday")
        XCTAssertEqual(first.dueAt, F.at("2025-03-17 12:30", "Europe/Warsaw"))
        XCTAssertEqual(first.state, .running)
        XCTAssertEqual(SLAPolicy.standard.targets(priority: .urgent, channel: .chat), SLATargets(firstResponseMinutes: 30, nextResponseMinutes: 15, resolutionMinutes: 240))
        XCTAssertNoThrow(try SLAPolicy.standard.validate())
    }

    func testAchievementCountsJudgedClocksOnly() {
        func clock(_ state: SLAClockState, _ metric: SLAMetric = .resolution) -> SLAClock {
            SLAClock(metric: metric, targetSeconds: 60, elapsedBusinessSeconds: 0, startedAt: created, dueAt: nil, completedAt: nil, state: state)
        }
        let report = SLAReport.achievement([clock(.achieved), clock(.achieved), clock(.achieved), clock(.missed), clock(.breached), clock(.running), clock(.paused), clock(.achieved, .firstResponse)])
        XCTAssertEqual(report[2], SLAAchievement(metric: .resolution, achieved: 3, missed: 1, breachedOpen: 1, share: 0.6))
        XCTAssertEqual(report[0].share, 1.0)
    }

    func testPolicyDecodesWithDefaultAtRiskFraction() throws {
        let data = try JSONEncoder().encode(SLAPolicy.standard)
        XCTAssertEqual(try JSONDecoder().decode(SLAPolicy.self, from: data), .standard)
        let minimal = #"{"name":"m","calendar":{"name":"c","timeZone":"UTC","weeklyHours":{}},"rules":[]}"#
        XCTAssertEqual(try JSONDecoder().decode(SLAPolicy.self, from: Data(minimal.utf8)).atRiskFraction, 0.8)
    }

    func testCaseStatusMovesAndReopens() {
        XCTAssertTrue(CaseStatus.new.canMove(to: .resolved))
        XCTAssertTrue(CaseStatus.pending.canMove(to: .open))
        XCTAssertTrue(CaseStatus.resolved.canMove(to: .open))
        XCTAssertTrue(CaseStatus.closed.canMove(to: .open))
        XCTAssertFalse(CaseStatus.closed.canMove(to: .resolved), "a closed case must be reopened first")
        XCTAssertFalse(CaseStatus.resolved.canMove(to: .pending))
        XCTAssertFalse(CaseStatus.open.canMove(to: .new), "nothing goes back to new")
        XCTAssertTrue(CaseStatus.allCases.allSatisfy { !$0.canMove(to: $0) }, "staying put is not a move")
        XCTAssertEqual(CaseStatus.allCases.filter(\.isActive), [.new, .open, .pending])
        XCTAssertTrue(CaseStatus.resolved.isReopen(to: .open))
        XCTAssertTrue(CaseStatus.closed.isReopen(to: .pending))
        XCTAssertFalse(CaseStatus.pending.isReopen(to: .open))
        XCTAssertEqual(CasePriority.allCases.sorted(), [.low, .normal, .high, .urgent])
        XCTAssertEqual(max(CasePriority.high, .normal), .high)
    }
}
