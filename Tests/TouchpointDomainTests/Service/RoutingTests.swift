import XCTest
@testable import TouchpointDomain

final class RoutingTests: XCTestCase {
    typealias F = ServiceFixtures
    let support: TeamID = "support"
    let vip: TeamID = "vip"
    let now = F.at("2025-03-03 10:00")

    func agent(
        _ id: AgentID, load: Int = 0, capacity: Int = 5, teams: Set<TeamID> = ["support"], presence: AgentPresence = .online,
        skills: Set<String> = [], languages: Set<String> = ["en"], lastAssignedAt: Date? = nil
    ) -> AgentAvailability {
        AgentAvailability(agentID: id, teams: teams, presence: presence, capacity: capacity, load: load, skills: skills, languages: languages, lastAssignedAt: lastAssignedAt)
    }

    func pick(_ strategy: RoutingStrategy, _ agents: [AgentAvailability], team: TeamID? = "support", skills: [String] = [], language: String? = nil, last: AgentID? = nil) -> AgentID? {
        Router.pickAgent(strategy: strategy, teamID: team, requiredSkills: skills, language: language, agents: agents, lastAssignedAgentID: last)?.agentID
    }

    func testRoundRobinTakesTheNextIdAndWrapsAround() {
        let team = [agent("carol"), agent("anna"), agent("bob")]
        XCTAssertEqual(pick(.roundRobin, team, last: nil), "anna")
        XCTAssertEqual(pick(.roundRobin, team, last: "anna"), "bob")
        XCTAssertEqual(pick(.roundRobin, team, last: "bob"), "carol")
        XCTAssertEqual(pick(.roundRobin, team, last: "carol"), "anna")
        XCTAssertEqual(pick(.roundRobin, team, last: "bert"), "bob", "a departed agent's id still orders the turn")
    }

    func testLeastLoadedUsesShareOfCapacityThenLoadThenOldestAssignment() {
        XCTAssertEqual(pick(.leastLoaded, [agent("anna", load: 2, capacity: 4), agent("bob", load: 1, capacity: 4), agent("carol", load: 1, capacity: 2)]), "bob")
        XCTAssertEqual(pick(.leastLoaded, [agent("anna", load: 2, capacity: 8), agent("bob", load: 1, capacity: 4)]), "bob", "equal share: fewer cases wins")
        let earlier = now.addingTimeInterval(-F.hour)
        XCTAssertEqual(pick(.leastLoaded, [agent("anna", load: 1, lastAssignedAt: now), agent("bob", load: 1, lastAssignedAt: earlier)]), "bob")
        XCTAssertEqual(pick(.leastLoaded, [agent("anna", load: 1, lastAssignedAt: earlier), agent("bob", load: 1)]), "bob", "never assigned goes first")
        XCTAssertEqual(pick(.leastLoaded, [agent("bob", load: 1), agent("anna", load: 1)]), "anna", "then by id")
    }

    func testSkillsStrategyRequiresEverySkillOthersIgnoreThem() {
        let team = [
            agent("anna", load: 3, skills: ["billing", "polish"]),
            agent("bob", load: 0),
            agent("carol", load: 1, skills: ["Billing"]),
        ]
        XCTAssertEqual(pick(.skills, team, skills: ["billing"]), "carol", "least loaded among the skilled; skills ignore case")
        XCTAssertEqual(pick(.skills, team, skills: ["billing", "polish"]), "anna")
        XCTAssertNil(pick(.skills, team, skills: ["legal"]))
        XCTAssertEqual(pick(.leastLoaded, team, skills: ["billing"]), "bob")
    }

    func testLanguagePreferenceNarrowsOnlyWhenSomeoneSpeaksIt() {
        let team = [agent("anna", load: 4, languages: ["pl", "en"]), agent("bob", load: 0, languages: ["en"])]
        XCTAssertEqual(pick(.leastLoaded, team, language: "PL"), "anna")
        XCTAssertEqual(pick(.roundRobin, team, language: "pl", last: "anna"), "anna", "the only speaker, even out of turn")
        XCTAssertEqual(pick(.leastLoaded, team, language: "de"), "bob", "nobody speaks German: anyone answers")
    }

    func testFullOfflineAndAwayAgentsAndOtherTeamsAreSkipped() {
        let agents = [
            agent("anna", load: 5, capacity: 5),
            agent("bob", presence: .offline),
            agent("carol", presence: .away),
            agent("dan", load: 3, capacity: 4, teams: ["vip"]),
            agent("erin", load: 0, capacity: 0),
        ]
        XCTAssertNil(pick(.leastLoaded, agents))
        XCTAssertEqual(pick(.leastLoaded, agents, team: nil), "dan")
        XCTAssertFalse(agent("zed", capacity: 0).hasFreeCapacity)
    }

    func testRulesMatchInPositionOrder() {
        let vipRule = RoutingRule(id: "r-vip", name: "VIP", position: 2, conditions: RoutingConditions(valueTiers: ["gold"], minimumCLV: 1000), teamID: vip, strategy: .leastLoaded, priority: .high)
        let polishBilling = RoutingRule(id: "r-pl", name: "Polish billing", position: 1, conditions: RoutingConditions(channels: [.email, .chat], languages: ["pl"], categories: ["Billing"]), teamID: support, strategy: .skills, requiredSkills: ["billing"])
        let rules = [vipRule, polishBilling]
        let goldPolishBilling = RoutingRequest(channel: .chat, language: "PL", category: "billing", valueTier: "gold", clv: 5000, priority: .normal)
        XCTAssertEqual(Router.matchingRule(for: goldPolishBilling, rules: rules)?.id, "r-pl", "lower position first")
        XCTAssertEqual(Router.matchingRule(for: RoutingRequest(channel: .phone, language: "pl", category: "billing", valueTier: "gold", clv: 5000), rules: rules)?.id, "r-vip", "phone is not in the Polish rule's channels")
        XCTAssertNil(Router.matchingRule(for: RoutingRequest(channel: .phone, valueTier: "gold", clv: 500), rules: rules), "CLV below the minimum")
        XCTAssertNil(Router.matchingRule(for: RoutingRequest(channel: .phone, valueTier: "gold"), rules: rules), "unknown CLV does not meet a minimum")
        XCTAssertNil(Router.matchingRule(for: RoutingRequest(channel: .email, category: "billing"), rules: rules), "no language does not match a language list")
        XCTAssertTrue(RoutingConditions(channels: [], languages: []).matches(RoutingRequest(channel: .web)), "empty lists mean any")
    }

    func testRouteExplainsTheDecisionAndRaisesPriority() {
        let vipRule = RoutingRule(id: "r-vip", name: "VIP", position: 1, conditions: RoutingConditions(valueTiers: ["gold"]), teamID: vip, strategy: .leastLoaded, priority: .high)
        let agents = [agent("anna", load: 1, teams: ["vip"]), agent("bob", load: 2, teams: ["vip"])]
        let decision = Router.route(RoutingRequest(channel: .email, valueTier: "gold", priority: .normal), rules: [vipRule], agents: agents, lastAssignedByTeam: [:])
        XCTAssertEqual(decision.rule, vipRule)
        XCTAssertEqual(decision.teamID, vip)
        XCTAssertEqual(decision.agentID, "anna")
        XCTAssertEqual(decision.priority, .high)
        XCTAssertEqual(decision.reason, "rule 'VIP' → team vip, least loaded: anna (1/5), priority raised to high")

        let urgent = Router.route(RoutingRequest(channel: .email, valueTier: "gold", priority: .urgent), rules: [vipRule], agents: agents, lastAssignedByTeam: [:])
        XCTAssertEqual(urgent.priority, .urgent, "a rule never lowers the priority")
    }

    func testRouteWithoutMatchingRuleUsesDefaultStrategyAcrossAllAgents() {
        let agents = [agent("anna", teams: ["vip"]), agent("bob", teams: ["support"])]
        let decision = Router.route(RoutingRequest(channel: .web), rules: [], agents: agents, lastAssignedByTeam: [:], defaultStrategy: .roundRobin)
        XCTAssertNil(decision.rule)
        XCTAssertNil(decision.teamID)
        XCTAssertEqual(decision.agentID, "anna")
        XCTAssertTrue(decision.reason.hasPrefix("no rule matched"), decision.reason)
    }

    func testRouteWithNobodyFreeWaitsInTheTeamQueue() {
        let rule = RoutingRule(id: "r", name: "All", position: 0, teamID: support, strategy: .roundRobin)
        let decision = Router.route(RoutingRequest(channel: .chat), rules: [rule], agents: [agent("anna", load: 5)], lastAssignedByTeam: [support: "anna"])
        XCTAssertEqual(decision.teamID, support)
        XCTAssertNil(decision.agentID)
        XCTAssertTrue(decision.reason.contains("waiting in the queue"), decision.reason)
    }

    func testDrainServesUrgentFirstThenOldestWithinCapacity() {
        let queue = [
            QueuedCase(caseID: "c-normal-new", teamID: support, priority: .normal, queuedAt: F.at("2025-03-03 09:30"), requiredSkills: [], strategy: .leastLoaded),
            QueuedCase(caseID: "c-urgent", teamID: support, priority: .urgent, queuedAt: F.at("2025-03-03 09:45"), requiredSkills: [], strategy: .leastLoaded),
            QueuedCase(caseID: "c-normal-old", teamID: support, priority: .normal, queuedAt: F.at("2025-03-03 08:00"), requiredSkills: [], strategy: .leastLoaded),
            QueuedCase(caseID: "c-vip", teamID: vip, priority: .high, queuedAt: F.at("2025-03-03 07:00"), requiredSkills: [], strategy: .leastLoaded),
        ]
        let agents = [agent("anna", capacity: 1), agent("bob", load: 1, capacity: 2)]
        let assignments = Router.drain(queue: queue, agents: agents, lastAssignedByTeam: [:], now: now)
        XCTAssertEqual(assignments, [
            QueueAssignment(caseID: "c-urgent", agentID: "anna"),
            QueueAssignment(caseID: "c-normal-old", agentID: "bob"),
        ], "the VIP case has no free agent and the newest normal case finds everyone full")
    }

    func testDrainSeesItsOwnAssignmentsForRoundRobin() {
        let queue = (1...4).map { index in
            QueuedCase(caseID: CaseID(rawValue: "c\(index)"), teamID: support, priority: .normal, queuedAt: now.addingTimeInterval(Double(index)), requiredSkills: [], strategy: .roundRobin)
        }
        let agents = [agent("anna", capacity: 1), agent("bob", capacity: 3), agent("carol", capacity: 3)]
        let assignments = Router.drain(queue: queue, agents: agents, lastAssignedByTeam: [support: "anna"], now: now)
        XCTAssertEqual(assignments.map(\.agentID), ["bob", "carol", "anna", "bob"])
    }

    func testRoundRobinContinuesAfterEachTeamsLastAssignedMember() {
        let agents = [
            agent("ala", teams: ["support", "vip"], lastAssignedAt: now.addingTimeInterval(-60)),
            agent("bob", teams: ["support"], lastAssignedAt: now.addingTimeInterval(-10)),
            agent("cyd", teams: ["vip"], lastAssignedAt: nil),
        ]
        XCTAssertEqual(Router.lastAssignedByTeam(agents), [support: "bob", vip: "ala"])
        XCTAssertEqual(Router.lastAssignedByTeam([agent("dan")]), [:], "nobody assigned yet: round-robin starts from the first")
    }
}
