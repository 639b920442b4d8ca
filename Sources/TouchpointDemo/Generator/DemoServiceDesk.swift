import Foundation
import TouchpointDomain

/// The service desk of Elektro Świat: agents, teams, routing rules and a plan of case histories (opened, answered,
/// waited on, resolved, re-opened, rated) that the demo loader replays through the real service-desk operations, so
/// that every service page of the console has believable data.
///
/// Pure and deterministic: the same seed and inputs give the same plan on every machine, without touching the system
/// clock or generator. Times are whole seconds inside `[start, end]`; agents answer mostly in office hours
/// (Monday–Friday 09:00–17:00 Europe/Warsaw), customers write whenever they are awake.
///
/// ```swift
/// let desk = DemoServiceDesk(seed: 42, customers: contacts, start: twoYearsAgo, end: now)
/// for step in desk.steps { try await replay(step) }   // oldest first
/// ```
public struct DemoServiceDesk: Sendable {
    public struct Agent: Sendable, Equatable {
        /// Stable key ("agent-3") that the loader maps to a console user.
        public var key: String
        public var email: String
        public var name: String
        public var role: Role
        public var teamKeys: [String]
        public var skills: [String]
        public var languages: [String]
        public var capacity: Int
        public var presence: AgentPresence

        public init(key: String, email: String, name: String, role: Role, teamKeys: [String], skills: [String], languages: [String],
                    capacity: Int, presence: AgentPresence) {
            self.key = key
            self.email = email
            self.name = name
            self.role = role
            self.teamKeys = teamKeys
            self.skills = skills
            self.languages = languages
            self.capacity = capacity
            self.presence = presence
        }
    }

    public struct Team: Sendable, Equatable {
        public var key: String
        public var name: String

        public init(key: String, name: String) {
            self.key = key
            self.name = name
        }
    }

    /// One thing that happens to a case. A case's steps are in causal order; the loader applies them as the real
    /// operations do (a customer message re-opens a pending or resolved case, a reply answers a new one), so every
    /// `status` step is a move `CaseStatus.canMove(to:)` allows from the state those operations leave.
    public enum Step: Sendable, Equatable {
        case open(caseKey: String, at: Date, channel: Channel, customer: CustomerContact, subject: String, body: String,
                  priority: CasePriority, category: String?, tags: [String], language: String?, teamKey: String?)
        case customerMessage(caseKey: String, at: Date, body: String)
        case reply(caseKey: String, at: Date, agentKey: String, body: String, handleSeconds: Double)
        case note(caseKey: String, at: Date, agentKey: String, body: String)
        case assign(caseKey: String, at: Date, agentKey: String)
        /// `agentKey` nil: the system (the automatic close a week after resolution).
        case status(caseKey: String, at: Date, status: CaseStatus, agentKey: String?)
        /// `at` is when the call started; the agent answered `waitSeconds` later.
        case call(caseKey: String, at: Date, agentKey: String, direction: String, waitSeconds: Double, talkSeconds: Double,
                  wrapSeconds: Double, outcome: String)
        case csat(caseKey: String, at: Date, score: Int, comment: String?)

        public var at: Date {
            switch self {
            case .open(_, let at, _, _, _, _, _, _, _, _, _), .customerMessage(_, let at, _), .reply(_, let at, _, _, _),
                 .note(_, let at, _, _), .assign(_, let at, _), .status(_, let at, _, _), .call(_, let at, _, _, _, _, _, _),
                 .csat(_, let at, _, _):
                return at
            }
        }

        public var caseKey: String {
            switch self {
            case .open(let key, _, _, _, _, _, _, _, _, _, _), .customerMessage(let key, _, _), .reply(let key, _, _, _, _),
                 .note(let key, _, _, _), .assign(let key, _, _), .status(let key, _, _, _), .call(let key, _, _, _, _, _, _, _),
                 .csat(let key, _, _, _):
                return key
            }
        }
    }

    public let agents: [Agent]
    public let teams: [Team]
    /// Rule `teamID`s are team keys (`TeamID(rawValue: team.key)`); the loader maps them to the real team ids.
    public let routingRules: [RoutingRule]
    /// Every step of every case, oldest first; ties by case key, then by the step's place in its case.
    public let steps: [Step]

    /// Builds the plan. Takes a few milliseconds for the default 400 cases.
    /// - Parameters:
    ///   - seed: the same seed gives the same plan.
    ///   - customers: contacts of real demo customers to pick case customers from; made up when empty.
    ///   - start, end: nothing is dated outside this period; cases still open at `end` stay open.
    ///   - cases: how many cases to open (about half in the last 90 days).
    public init(seed: UInt64 = 42, customers: [CustomerContact], start: Date, end: Date, cases: Int = 400) {
        agents = Self.roster
        teams = Self.teamList
        routingRules = Self.rules
        let endMs = DemoTime.wholeSecond(Timestamps.millis(max(start, end)))
        let startMs = min(endMs, DemoTime.wholeSecond(Timestamps.millis(start) + 999))
        var planner = DemoServicePlanner(seed: seed, customers: customers, startMs: startMs, endMs: endMs, agents: agents)
        steps = planner.plan(cases: max(0, cases))
    }

    // MARK: The company's desk

    static let teamList: [Team] = [
        Team(key: "after-sales", name: "Obsługa posprzedażowa"),
        Team(key: "complaints", name: "Reklamacje i zwroty"),
        Team(key: "vip", name: "VIP"),
        Team(key: "technical", name: "Wsparcie techniczne"),
    ]

    static let roster: [Agent] = {
        func agent(_ number: Int, _ first: String, _ last: String, _ role: Role, _ teams: [String], _ skills: [String],
                   _ languages: [String], _ capacity: Int, _ presence: AgentPresence = .online) -> Agent {
            let email = DemoNames.ascii(first).lowercased() + "." + DemoNames.ascii(last).lowercased() + "@elektroswiat.pl"
            return Agent(key: "agent-\(number)", email: email, name: first + " " + last, role: role, teamKeys: teams, skills: skills,
                         languages: languages, capacity: capacity, presence: presence)
        }
        return [
            agent(1, "Katarzyna", "Wiśniewska", .manager, ["after-sales", "complaints", "vip"], ["returns", "payments", "vip"], ["pl", "en"], 4),
            agent(2, "Anna", "Zielińska", .agent, ["after-sales"], ["payments", "returns"], ["pl", "en"], 6),
            agent(3, "Michał", "Nowak", .agent, ["after-sales", "technical"], ["technical"], ["pl"], 6),
            agent(4, "Magdalena", "Kamińska", .agent, ["complaints"], ["returns", "payments"], ["pl"], 5),
            agent(5, "Paweł", "Lewandowski", .manager, ["technical", "vip"], ["technical", "vip"], ["pl", "en"], 4),
            agent(6, "Oksana", "Melnyk", .agent, ["complaints", "after-sales"], ["returns"], ["pl", "ru"], 5),
            agent(7, "Jakub", "Dąbrowski", .agent, ["vip", "after-sales"], ["vip", "payments"], ["pl", "en"], 5, .away),
            agent(8, "Joanna", "Szymańska", .agent, ["complaints", "technical"], ["returns", "technical"], ["pl"], 6, .offline),
        ]
    }()

    static let rules: [RoutingRule] = [
        RoutingRule(id: "rule-vip", name: "Klienci VIP", position: 1,
                    conditions: RoutingConditions(valueTiers: ["platinum", "gold"]),
                    teamID: TeamID(rawValue: "vip"), strategy: .leastLoaded, priority: .high),
        RoutingRule(id: "rule-returns", name: "Zwroty i reklamacje", position: 2,
                    conditions: RoutingConditions(categories: ["returns", "reklamacja", "warranty"]),
                    teamID: TeamID(rawValue: "complaints"), strategy: .skills, requiredSkills: ["returns"]),
        RoutingRule(id: "rule-chat", name: "Czat", position: 3, conditions: RoutingConditions(channels: [.chat]),
                    teamID: TeamID(rawValue: "after-sales"), strategy: .roundRobin),
    ]
}
