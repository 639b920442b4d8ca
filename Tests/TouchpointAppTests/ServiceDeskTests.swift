import Foundation
import Synchronization
import XCTest
import TouchpointApp
import Tagged
import TouchpointDomain

/// The service desk's door, against in-memory repositories: routing, the queue, live notices and SLA alerts,
/// without a database or a server.
final class ServiceDeskTests: XCTestCase {
    /// Records what the desk publishes.
    final class RecordingFeed: ServiceLiveFeed {
        let notices = Mutex<[String]>([])
        func publish(message: ServiceMessage, of serviceCase: ServiceCase) { notices.withLock { $0.append("message \(serviceCase.number)") } }
        func publish(caseChanged serviceCase: ServiceCase) { notices.withLock { $0.append("case \(serviceCase.number) \(serviceCase.status.rawValue)") } }
        func publish(alert: SLAAlert, of serviceCase: ServiceCase) { notices.withLock { $0.append("alert \(serviceCase.number) \(alert.metric.rawValue) \(alert.state.rawValue)") } }
        var all: [String] { notices.withLock { $0 } }
    }

    private let monday9 = Timestamps.parse("2026-11-30T09:00:00Z")!
    private let team = TeamID(rawValue: "returns")

    private func agent(_ name: String, presence: AgentPresence = .online, capacity: Int = 1) -> ServiceAgent {
        ServiceAgent(id: AgentID(rawValue: name), email: "\(name)@example.pl", name: name, role: .agent, presence: presence, capacity: capacity,
                     load: 0, skills: [], languages: [], teamIDs: [team], seesAllTeams: false, lastAssignedAt: nil)
    }

    private func desk(_ agents: [ServiceAgent]) async throws -> (ServiceDesk, InMemoryServiceRepositories, RecordingFeed) {
        let repositories = InMemoryServiceRepositories()
        for agent in agents { repositories.addAgent(agent) }
        let feed = RecordingFeed()
        let desk = ServiceDesk(repositories: repositories, validator: MessageValidator(), live: feed)
        try await desk.prepare()
        _ = try await desk.createTeam(name: "Returns")
        _ = try await desk.replaceRoutingRules([RoutingRule(id: "all", name: "Everything", position: 1, teamID: team, strategy: .leastLoaded)])
        return (desk, repositories, feed)
    }

    private func inbound(_ text: String) -> NewServiceMessage {
        NewServiceMessage(direction: .inbound, authorName: "Jan Kowalski", body: text)
    }

    private func newCase(_ subject: String) -> NewCase {
        NewCase(customer: CustomerContact(email: "jan@example.pl", name: "Jan Kowalski"), channel: .email, subject: subject)
    }

    func testACaseIsRoutedToAFreeAgentThenQueuedThenDrainedWhenTheAgentIsFree() async throws {
        let (desk, _, feed) = try await desk([agent("anna")])
        let (first, _) = try await desk.open(newCase("Zwrot pralki"), firstMessage: inbound("Chcę zwrócić pralkę"), now: monday9)
        XCTAssertEqual(first.assigneeID, AgentID(rawValue: "anna"))
        XCTAssertEqual(first.teamID, team)
        let (second, _) = try await desk.open(newCase("Zwrot suszarki"), firstMessage: inbound("I suszarkę"), now: monday9.addingTimeInterval(60))
        XCTAssertNil(second.assigneeID, "anna has room for one case")
        XCTAssertEqual(second.queuedAt, monday9.addingTimeInterval(60))
        let queued = try await desk.queuedCases(visibleTo: ServiceCaller(role: .manager, name: "Kierownik", agent: nil))
        XCTAssertEqual(queued.map(\.number), [second.number])

        // Anna answers and solves the first case: the second leaves the queue for her.
        let anna = ServiceCaller(role: .agent, name: "anna", agent: agent("anna"))
        _ = try await desk.add(NewServiceMessage(direction: .outbound, authorID: "anna", authorName: "Anna", body: "Odbierzemy ją jutro."),
                               to: first.id, handleSeconds: 240, now: monday9.addingTimeInterval(600))
        _ = try await desk.changeStatus(first.id, to: .resolved, by: anna, now: monday9.addingTimeInterval(700))
        let drained = try await desk.serviceCase(second.id)
        XCTAssertEqual(drained?.assigneeID, AgentID(rawValue: "anna"))
        let answered = try await desk.serviceCase(first.id)
        XCTAssertEqual(answered?.handleSeconds, 240)
        XCTAssertTrue(feed.all.contains("case \(first.number) resolved"), "\(feed.all)")
        XCTAssertTrue(feed.all.contains("message \(first.number)"))
    }

    func testACustomerWritingIntoASolvedCaseReopensItAndItIsRoutedAgain() async throws {
        let (desk, repositories, _) = try await desk([agent("anna", capacity: 5)])
        let (opened, _) = try await desk.open(newCase("Faktura"), firstMessage: inbound("Brak faktury"), now: monday9)
        let system = ServiceCaller(role: .admin, name: "API", agent: nil)
        _ = try await desk.changeStatus(opened.id, to: .resolved, by: system, now: monday9.addingTimeInterval(60))
        _ = try await desk.update(opened.id, CaseUpdate(assigneeID: .some(nil)), now: monday9.addingTimeInterval(70))
        let (_, reopened, created) = try await desk.add(inbound("Nadal nie mam faktury"), to: opened.id, now: monday9.addingTimeInterval(3600))
        XCTAssertTrue(created)
        XCTAssertEqual(reopened.status, .open)
        XCTAssertEqual(reopened.reopenCount, 1)
        let routed = try await desk.serviceCase(opened.id)
        XCTAssertEqual(routed?.assigneeID, AgentID(rawValue: "anna"), "a reopened case with nobody on it is routed again")
        let events = repositories.timelineEvents.compactMap { $0["event"]?.stringValue }
        XCTAssertEqual(events.filter { $0 == "Case Status Changed" }.count, 3, "\(events)")
    }

    func testRulesRefuseThroughTheDoorWithoutHTTP() async throws {
        let (desk, _, _) = try await desk([agent("anna")])
        let (opened, _) = try await desk.open(newCase("Reklamacja"), firstMessage: inbound("Pęknięty ekran"), now: monday9)
        do {
            _ = try await desk.rate(opened.id, score: 5, comment: nil, now: monday9)
            XCTFail("CSAT before resolution")
        } catch let error as ServiceRuleError {
            XCTAssertEqual(error, .conflict("CSAT is asked after resolution: case \(opened.number) is not resolved yet"))
        }
        do {
            _ = try await desk.replaceRoutingRules([RoutingRule(id: "x", name: "Nowhere", position: 1, teamID: TeamID(rawValue: "nowhere"), strategy: .leastLoaded)])
            XCTFail("a rule to a missing team")
        } catch let error as ServiceDeskError {
            guard case .refused(let code, _) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(code, "unknown_team")
        }
        let handled = try await desk.addHandleTime(opened.id, seconds: 5 * 3600)
        XCTAssertFalse(handled, "five hours in one measurement is a tab left open")
    }

    func testBreachedClocksRaiseOneAlertEach() async throws {
        let (desk, _, feed) = try await desk([agent("anna", presence: .offline)])
        let (opened, _) = try await desk.open(newCase("Dostawa"), firstMessage: inbound("Gdzie paczka?"), now: monday9)
        let muchLater = monday9.addingTimeInterval(30 * 86400)
        try await desk.evaluateSLA(now: muchLater)
        try await desk.evaluateSLA(now: muchLater.addingTimeInterval(60))
        let alerts = feed.all.filter { $0.hasPrefix("alert \(opened.number)") }
        XCTAssertEqual(Set(alerts).count, alerts.count, "each alert once: \(alerts)")
        XCTAssertTrue(alerts.contains("alert \(opened.number) first_response breached"), "\(alerts)")
        let evaluated = try await desk.serviceCase(opened.id)
        XCTAssertEqual(evaluated?.slaState, .breached)
    }
}
