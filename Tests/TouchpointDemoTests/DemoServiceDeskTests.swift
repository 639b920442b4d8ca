import Foundation
import XCTest
@testable import TouchpointDemo
import TouchpointDomain

final class DemoServiceDeskTests: XCTestCase {
    static let start = Timestamps.parse("2023-11-27T00:00:00Z")!
    static let end = Timestamps.parse("2025-11-27T00:00:00Z")!
    /// Contacts of real demo customers, as the loader passes them.
    static let contacts: [CustomerContact] = DemoCustomer.population(seed: 42, count: 600).map {
        CustomerContact(userId: $0.userId, email: $0.email, phone: "+48" + $0.phoneDigits, name: $0.fullName)
    }
    static let desk = DemoServiceDesk(seed: 42, customers: contacts, start: start, end: end)
    static let replayed = replay(desk)

    // MARK: Replaying the plan the way the service desk operations apply it

    struct Case {
        var key: String
        var channel: Channel
        var customer: CustomerContact
        var language: String?
        var priority: CasePriority
        var teamKey: String?
        var body: String
        var createdAt: Date
        var status: CaseStatus = .new
        var firstResponseAt: Date?
        var resolvedAt: Date?
        var reopenCount = 0
        var replies = 0
        var csat: (score: Int, comment: String?)?
        var steps: [DemoServiceDesk.Step] = []
        /// Problems found while replaying; a correct plan has none.
        var violations: [String] = []
    }

    /// Applies every step as `SQLStore` does: a customer message re-opens a pending, resolved or closed case, an
    /// agent's reply opens a new one and answers it, an answered call answers it, status moves must be allowed.
    static func replay(_ desk: DemoServiceDesk) -> [String: Case] {
        var cases: [String: Case] = [:]
        for step in desk.steps {
            if case let .open(key, at, channel, customer, _, body, priority, _, _, language, teamKey) = step {
                if cases[key] != nil { cases[key]!.violations.append("opened twice") }
                cases[key] = Case(key: key, channel: channel, customer: customer, language: language, priority: priority, teamKey: teamKey,
                                  body: body, createdAt: at, steps: [step])
                continue
            }
            guard var c = cases[step.caseKey] else {
                cases[step.caseKey] = Case(key: step.caseKey, channel: .web, customer: CustomerContact(), language: nil, priority: .normal,
                                           teamKey: nil, body: "", createdAt: step.at, violations: ["step before open"])
                continue
            }
            c.steps.append(step)
            switch step {
            case .customerMessage:
                if [.pending, .resolved, .closed].contains(c.status) {
                    if !c.status.isActive { c.reopenCount += 1 }
                    c.status = .open
                }
            case .reply(_, let at, _, _, _):
                c.replies += 1
                if c.firstResponseAt == nil { c.firstResponseAt = at }
                if c.status == .new { c.status = .open }
            case let .call(_, at, _, _, wait, talk, _, _):
                if c.channel != .phone { c.violations.append("call on a \(c.channel) case") }
                if talk > 0, c.firstResponseAt == nil { c.firstResponseAt = at.addingTimeInterval(wait) }
            case let .status(_, at, status, _):
                if status == c.status || !c.status.canMove(to: status) {
                    c.violations.append("\(c.status) → \(status) is not a move")
                } else {
                    if c.status.isReopen(to: status) { c.reopenCount += 1 }
                    if status == .resolved || status == .closed, c.resolvedAt == nil { c.resolvedAt = at }
                    c.status = status
                }
            case let .csat(_, _, score, comment):
                if c.resolvedAt == nil { c.violations.append("CSAT before resolution") }
                c.csat = (score, comment)
            default:
                break
            }
            cases[step.caseKey] = c
        }
        return cases
    }

    private var cases: [Case] { Self.replayed.values.sorted { $0.key < $1.key } }

    // MARK: Determinism and shape

    func testSameInputsGiveTheSamePlanAndAnotherSeedAnother() {
        let again = DemoServiceDesk(seed: 42, customers: Self.contacts, start: Self.start, end: Self.end)
        XCTAssertEqual(again.steps, Self.desk.steps)
        XCTAssertEqual(again.agents, Self.desk.agents)
        XCTAssertEqual(again.routingRules, Self.desk.routingRules)
        let other = DemoServiceDesk(seed: 43, customers: Self.contacts, start: Self.start, end: Self.end)
        XCTAssertNotEqual(other.steps, Self.desk.steps)
    }

    func testOpensExactlyTheRequestedNumberOfCasesEachFirst() {
        XCTAssertEqual(Self.replayed.count, 400)
        for c in cases {
            XCTAssertTrue(c.violations.isEmpty, "\(c.key): \(c.violations)")
            guard case .open = c.steps.first else { return XCTFail("\(c.key) does not start with open") }
        }
        for count in [0, 1, 7, 25] {
            let small = DemoServiceDesk(seed: 5, customers: Self.contacts, start: Self.start, end: Self.end, cases: count)
            XCTAssertEqual(Set(small.steps.map(\.caseKey)).count, count)
        }
    }

    func testStepsAreSortedInsideThePeriodWithStableTies() {
        let steps = Self.desk.steps
        XCTAssertGreaterThan(steps.count, 400 * 4)
        for step in steps {
            XCTAssertGreaterThanOrEqual(step.at, Self.start)
            XCTAssertLessThanOrEqual(step.at, Self.end)
            XCTAssertEqual(step.at.timeIntervalSince1970, step.at.timeIntervalSince1970.rounded(), "whole seconds")
        }
        for (a, b) in zip(steps, steps.dropFirst()) {
            XCTAssertLessThanOrEqual(a.at, b.at)
            if a.at == b.at { XCTAssertLessThanOrEqual(a.caseKey, b.caseKey) }
        }
        // Case keys are numbered in the order the cases were opened.
        let opened = cases.map(\.createdAt)
        XCTAssertEqual(opened, opened.sorted())
    }

    func testEveryCaseReplaysThroughAllowedMovesInCausalOrder() {
        for c in cases {
            XCTAssertTrue(c.violations.isEmpty, "\(c.key): \(c.violations)")
            for (a, b) in zip(c.steps, c.steps.dropFirst()) { XCTAssertLessThanOrEqual(a.at, b.at, c.key) }
            if let first = c.firstResponseAt { XCTAssertGreaterThanOrEqual(first, c.createdAt) }
            if let resolved = c.resolvedAt { XCTAssertGreaterThanOrEqual(resolved, c.createdAt) }
        }
    }

    func testOtherSeedsAlsoReplayCleanly() {
        for seed: UInt64 in 1...6 {
            let desk = DemoServiceDesk(seed: seed, customers: Self.contacts, start: Self.start, end: Self.end, cases: 150)
            let replayed = Self.replay(desk)
            XCTAssertEqual(replayed.count, 150)
            XCTAssertTrue(replayed.values.allSatisfy(\.violations.isEmpty), "seed \(seed)")
            XCTAssertTrue(desk.steps.allSatisfy { $0.at >= Self.start && $0.at <= Self.end })
            XCTAssertTrue(zip(desk.steps, desk.steps.dropFirst()).allSatisfy { $0.at <= $1.at })
        }
    }

    func testWorksWithoutCustomersAndForTinyPeriods() {
        let madeUp = DemoServiceDesk(seed: 1, customers: [], start: Self.start, end: Self.end, cases: 60)
        let opens = madeUp.steps.compactMap { step -> CustomerContact? in
            if case let .open(_, _, _, customer, _, _, _, _, _, _, _) = step { return customer } else { return nil }
        }
        XCTAssertEqual(opens.count, 60)
        XCTAssertTrue(opens.allSatisfy(\.hasIdentifier))
        XCTAssertTrue(Self.replay(madeUp).values.allSatisfy(\.violations.isEmpty))

        let day = DemoServiceDesk(seed: 1, customers: Self.contacts, start: Self.end.addingTimeInterval(-86_400), end: Self.end, cases: 30)
        XCTAssertEqual(Set(day.steps.map(\.caseKey)).count, 30)
        XCTAssertTrue(day.steps.allSatisfy { $0.at >= Self.end.addingTimeInterval(-86_400) && $0.at <= Self.end })
        XCTAssertTrue(Self.replay(day).values.allSatisfy(\.violations.isEmpty))

        let instant = DemoServiceDesk(seed: 1, customers: Self.contacts, start: Self.end, end: Self.end, cases: 5)
        XCTAssertTrue(instant.steps.allSatisfy { $0.at == Self.end })
    }

    func testBuildsFourHundredCasesQuickly() {
        let started = Date()
        _ = DemoServiceDesk(seed: 9, customers: Self.contacts, start: Self.start, end: Self.end)
        XCTAssertLessThan(Date().timeIntervalSince(started), 1.0)
    }

    // MARK: People and rules

    func testAgentsTeamsAndRoutingRulesFitTogether() {
        let desk = Self.desk
        XCTAssertEqual(desk.agents.count, 8)
        XCTAssertEqual(Set(desk.agents.map(\.key)).count, 8)
        XCTAssertEqual(Set(desk.agents.map(\.email)).count, 8)
        XCTAssertTrue(desk.agents.allSatisfy { $0.email.hasSuffix("@elektroswiat.pl") && $0.email.allSatisfy(\.isASCII) })
        XCTAssertTrue((1...2).contains(desk.agents.filter { $0.role == .manager }.count))
        XCTAssertEqual(desk.agents.filter { $0.languages == ["pl", "ru"] }.count, 1)
        XCTAssertTrue(desk.agents.contains { $0.languages == ["pl", "en"] })
        XCTAssertTrue(desk.agents.allSatisfy { $0.languages.first == "pl" && $0.capacity > 0 && !$0.teamKeys.isEmpty })
        let teamKeys = Set(desk.teams.map(\.key))
        XCTAssertEqual(Set(desk.teams.map(\.name)), ["Obsługa posprzedażowa", "Reklamacje i zwroty", "VIP", "Wsparcie techniczne"])
        XCTAssertTrue(desk.agents.allSatisfy { Set($0.teamKeys).isSubset(of: teamKeys) })
        XCTAssertTrue(teamKeys.allSatisfy { team in desk.agents.contains { $0.teamKeys.contains(team) } })

        XCTAssertTrue((2...3).contains(desk.routingRules.count))
        XCTAssertTrue(desk.routingRules.allSatisfy { teamKeys.contains($0.teamID.rawValue) })
        let vip = RoutingRequest(channel: .email, valueTier: "gold")
        XCTAssertEqual(Router.matchingRule(for: vip, rules: desk.routingRules)?.teamID.rawValue, "vip")
        let complaint = RoutingRequest(channel: .chat, category: "reklamacja")
        XCTAssertEqual(Router.matchingRule(for: complaint, rules: desk.routingRules)?.teamID.rawValue, "complaints")
        XCTAssertEqual(Router.matchingRule(for: complaint, rules: desk.routingRules)?.requiredSkills, ["returns"])
        let chat = RoutingRequest(channel: .chat, category: "delivery")
        XCTAssertEqual(Router.matchingRule(for: chat, rules: desk.routingRules)?.strategy, .roundRobin)

        let agentKeys = Set(desk.agents.map(\.key))
        for step in desk.steps {
            switch step {
            case .reply(_, _, let agent, _, _), .note(_, _, let agent, _), .assign(_, _, let agent), .call(_, _, let agent, _, _, _, _, _):
                XCTAssertTrue(agentKeys.contains(agent), agent)
            case .status(_, _, _, let agent?):
                XCTAssertTrue(agentKeys.contains(agent), agent)
            case .open(_, _, _, _, _, _, _, _, _, _, let team?):
                XCTAssertTrue(teamKeys.contains(team), team)
            default:
                break
            }
        }
    }

    func testCaseCustomersComeFromTheGivenContacts() {
        let known = Set(Self.contacts.compactMap(\.name))
        for c in cases {
            XCTAssertTrue(c.customer.hasIdentifier)
            XCTAssertTrue(known.contains(c.customer.name ?? ""), c.customer.displayName)
            if c.channel == .phone { XCTAssertNotNil(c.customer.phone) }
        }
    }

    // MARK: Realism

    func testChannelMixIsRoughlyAsPlanned() {
        let all = cases
        let share = { (channel: Channel) in Double(all.filter { $0.channel == channel }.count) / Double(all.count) }
        XCTAssertEqual(share(.email), 0.35, accuracy: 0.08)
        XCTAssertEqual(share(.chat), 0.25, accuracy: 0.08)
        XCTAssertEqual(share(.phone), 0.25, accuracy: 0.08)
        XCTAssertEqual(share(.social), 0.08, accuracy: 0.05)
        XCTAssertEqual(share(.store), 0.07, accuracy: 0.05)
        XCTAssertGreaterThan(share(.social), 0)
        XCTAssertGreaterThan(share(.store), 0)
    }

    func testRecentMonthsAreBusierAndSomeCasesAreStillOpenAtTheEnd() {
        let recentStart = Self.end.addingTimeInterval(-90 * 86_400)
        let recent = cases.filter { $0.createdAt >= recentStart }
        // 90 days are an eighth of the two years but hold far more than an eighth of the cases.
        XCTAssertGreaterThan(Double(recent.count) / 400, 0.35)
        let active = recent.filter(\.status.isActive)
        XCTAssertEqual(Double(active.count) / Double(recent.count), 0.1, accuracy: 0.07)
        XCTAssertTrue(active.contains { $0.status == .pending })
        XCTAssertTrue(active.contains { $0.status == .open })
        XCTAssertTrue(active.contains { $0.status == .new })
        // Older cases are finished, and most finished cases have been closed a week after resolution.
        let old = cases.filter { $0.createdAt < Self.end.addingTimeInterval(-60 * 86_400) }
        XCTAssertGreaterThan(Double(old.filter { !$0.status.isActive }.count) / Double(old.count), 0.97)
        XCTAssertTrue(cases.contains { $0.status == .closed })
        XCTAssertTrue(cases.contains { $0.status == .resolved })
    }

    func testReopensSatisfactionAndRepeatContacts() {
        let resolved = cases.filter { $0.resolvedAt != nil }
        let reopened = resolved.filter { $0.reopenCount > 0 }
        XCTAssertEqual(Double(reopened.count) / Double(resolved.count), 0.08, accuracy: 0.05)
        XCTAssertFalse(reopened.isEmpty)

        let rated = resolved.compactMap(\.csat)
        XCTAssertEqual(Double(rated.count) / Double(resolved.count), 0.6, accuracy: 0.12)
        XCTAssertTrue(rated.allSatisfy { (1...5).contains($0.score) })
        XCTAssertGreaterThan(Double(rated.filter { $0.score >= 4 }.count) / Double(rated.count), 0.6)
        let low = rated.filter { $0.score <= 2 }
        XCTAssertFalse(low.isEmpty)
        XCTAssertTrue(low.allSatisfy { !($0.comment ?? "").isEmpty }, "unhappy customers say why")

        // Some customers come back within 72 hours of a resolution, so first-contact resolution is below 100%.
        let window: TimeInterval = 72 * 3600
        let byCustomer = Dictionary(grouping: cases) { $0.customer.name ?? "" }
        let recontacted = resolved.filter { c in
            (byCustomer[c.customer.name ?? ""] ?? []).contains {
                $0.key != c.key && $0.createdAt >= c.resolvedAt! && $0.createdAt <= c.resolvedAt!.addingTimeInterval(window)
            }
        }
        XCTAssertGreaterThanOrEqual(recontacted.count, 10)
    }

    func testRepliesComeMostlyInOfficeHoursAndSomeBreachTheSLA() {
        let policy = SLAPolicy.standard
        let calendar = policy.calendar
        let written = cases.filter { $0.channel != .phone }
        let firsts = written.compactMap(\.firstResponseAt)
        let inHours = firsts.filter { calendar.isOpen(at: $0.addingTimeInterval(-1)) }
        XCTAssertGreaterThan(Double(inHours.count) / Double(firsts.count), 0.9)

        func minutes(_ c: Case) -> Double? { c.firstResponseAt.map { $0.timeIntervalSince(c.createdAt) / 60 } }
        let liveChats = written.filter { $0.channel == .chat && calendar.isOpen(at: $0.createdAt) }.compactMap(minutes).sorted()
        let emails = written.filter { $0.channel == .email }.compactMap(minutes).sorted()
        XCTAssertLessThan(liveChats[liveChats.count / 2], 10, "chats are answered in minutes")
        XCTAssertGreaterThan(emails[emails.count / 2], 30, "e-mails in hours")

        var breached = 0, measured = 0
        for c in cases {
            guard let first = c.firstResponseAt,
                  let target = policy.targets(priority: c.priority, channel: c.channel).firstResponseMinutes else { continue }
            measured += 1
            if calendar.businessSeconds(from: c.createdAt, to: first) > Double(target * 60) { breached += 1 }
        }
        XCTAssertGreaterThan(breached, 10)
        XCTAssertLessThan(Double(breached) / Double(measured), 0.45)
    }

    func testCallsHaveRealisticTimes() {
        var inbound = 0
        for step in Self.desk.steps {
            guard case let .call(_, _, _, direction, wait, talk, wrap, outcome) = step else { continue }
            XCTAssertTrue(["inbound", "outbound"].contains(direction))
            XCTAssertTrue(["resolved", "follow_up", "escalated", "unresolved"].contains(outcome))
            XCTAssertTrue((60...900).contains(talk))
            XCTAssertTrue((30...180).contains(wrap))
            if direction == "inbound" {
                inbound += 1
                XCTAssertTrue((10...600).contains(wait))
            }
        }
        XCTAssertGreaterThan(inbound, 50)
        XCTAssertTrue(cases.filter { $0.channel == .phone }.allSatisfy { c in c.steps.contains { if case .call = $0 { return true }; return false } })
    }

    func testTextsArePolishMostlyWithEnglishRussianAndMarkup() {
        let all = cases
        XCTAssertGreaterThan(Double(all.filter { $0.language == "pl" }.count) / Double(all.count), 0.75)
        let russian = all.filter { $0.language == "ru" }
        let english = all.filter { $0.language == "en" }
        XCTAssertFalse(russian.isEmpty)
        XCTAssertFalse(english.isEmpty)
        XCTAssertTrue(russian.allSatisfy { $0.body.unicodeScalars.contains { (0x0400...0x04FF).contains($0.value) } })
        XCTAssertTrue(english.allSatisfy { !$0.body.contains("Dzień dobry") })

        var texts = [String]()
        for step in Self.desk.steps {
            switch step {
            case .open(_, _, _, _, let subject, let body, _, _, _, _, _): texts += [subject, body]
            case .customerMessage(_, _, let body), .reply(_, _, _, let body, _), .note(_, _, _, let body): texts.append(body)
            default: break
            }
        }
        XCTAssertTrue(texts.allSatisfy { !$0.isEmpty && !$0.contains("{") }, "every placeholder is filled")
        XCTAssertTrue(texts.contains { $0.contains("<script>alert('xss')</script>") })
        XCTAssertTrue(texts.contains { $0.contains("<b>") })
        XCTAssertTrue(texts.contains { $0.contains("reklamac") || $0.contains("Reklamac") })
        XCTAssertTrue(texts.contains { $0.contains("zwrot") || $0.contains("Zwrot") })
        XCTAssertTrue(texts.contains { $0.contains("faktur") })
        let notes = Self.desk.steps.filter { if case .note = $0 { return true }; return false }
        XCTAssertGreaterThan(notes.count, 50)
    }
}
