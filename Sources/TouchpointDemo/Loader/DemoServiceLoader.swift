import Foundation
import Vapor
import Tagged
import TouchpointApp
import TouchpointDomain
import TouchpointStorage
import TouchpointWeb

/// The demo company's service desk: agents and teams, routing rules, and a history of cases replayed through
/// the same storage operations as live traffic (so timelines, SLA clocks and metrics come out as they would).
enum DemoServiceLoader {
    /// Every demo agent signs in with this password (printed with the demo).
    static let agentPassword = "demo-agent-2026"

    /// Cases replayed at once: no more than the database pool's connections (two per core on SQLite), so no replay
    /// ever waits for a connection long enough to time out, however busy the machine.
    static let concurrentCases = 4

    /// Replays the desk's cases after the first `alreadyReplayed` (a resumed load), calling `checkpoint` with the number
    /// done after every group of cases commits.
    static func load(_ app: Application, company: DemoCompany, seed: UInt64, alreadyReplayed: Int = 0,
                     progress: @escaping @Sendable (String) -> Void,
                     checkpoint: @escaping @Sendable (Int) async throws -> Void = { _ in }) async throws {
        let desk = app.touchpoint.serviceDesk
        // The history is replayed through the desk's repositories (so the same case rules decide), dated in the past,
        // without routing or live notices: the plan says who handled each case.
        let store = app.touchpoint.store
        let plan = DemoServiceDesk(seed: seed, customers: contacts(in: company), start: company.start, end: company.end)

        var teamIDs = [String: TeamID]()
        let existingTeams = Dictionary(uniqueKeysWithValues: try await store.teams().map { ($0.name, $0.id) })
        for team in plan.teams {
            if let existing = existingTeams[team.name] { teamIDs[team.key] = existing } else { teamIDs[team.key] = try await store.createTeam(name: team.name).id }
        }
        var agentIDs = [String: AgentID]()
        let hash = try await app.threadPool.runIfActive { try Bcrypt.hash(agentPassword) }
        for agent in plan.agents {
            var user = try await store.userForSignIn(email: agent.email)?.0
            if user == nil { user = try await store.createUser(email: agent.email, name: agent.name, passwordHash: hash, role: agent.role) }
            guard let user else { continue }
            let id = AgentID(rawValue: user.id)
            agentIDs[agent.key] = id
            _ = try await store.updateAgent(id, AgentUpdate(presence: agent.presence, capacity: agent.capacity, skills: agent.skills,
                                                            languages: agent.languages, teamIDs: agent.teamKeys.compactMap { teamIDs[$0] }))
        }
        let rules = plan.routingRules.map { rule -> RoutingRule in
            var mapped = rule
            mapped.teamID = teamIDs[rule.teamID.rawValue] ?? rule.teamID
            return mapped
        }
        try await desk.save(rules, as: ServiceDesk.routingDocument)

        // Each case's steps in order; different cases at once, so their writes share commits.
        var byCase = [String: [DemoServiceDesk.Step]]()
        var order = [String]()
        for step in plan.steps {
            if byCase[step.caseKey] == nil { order.append(step.caseKey) }
            byCase[step.caseKey, default: []].append(step)
        }
        let sink = try desk.timeline
        let agentsByKey = agentIDs
        let teamsByKey = teamIDs
        let names = Dictionary(uniqueKeysWithValues: plan.agents.map { ($0.key, $0.name) })
        let started = Date()
        var done = min(alreadyReplayed, order.count)
        var reported = done * 10 / max(1, order.count)
        var firstChunk = true
        while done < order.count {
            let chunk = Array(order[done..<min(done + concurrentCases, order.count)])
            // After an interruption, the cases of the group that was under way may be half-made: start them again.
            if firstChunk && alreadyReplayed > 0 {
                for key in chunk {
                    guard case .open(_, let at, _, _, let subject, _, _, _, _, _, _)? = byCase[key]?.first else { continue }
                    try await store.deleteCases(try await store.caseIDs(subject: subject, createdAt: at))
                }
            }
            firstChunk = false
            try await withThrowingTaskGroup(of: Void.self) { group in
                for key in chunk {
                    let steps = byCase[key] ?? []
                    group.addTask {
                        try await replay(steps, store: store, sink: sink, agents: agentsByKey, teams: teamsByKey, names: names)
                    }
                }
                try await group.waitForAll()
            }
            done += chunk.count
            try await checkpoint(done)
            if done * 10 / order.count != reported || done == order.count {
                reported = done * 10 / order.count
                progress("demo: service desk \(done * 100 / order.count) % (\(done) of \(order.count) cases)")
            }
        }
        try await desk.evaluateSLA()
        progress("demo: service desk loaded — \(plan.agents.count) agents (password \(agentPassword)), \(plan.teams.count) teams, \(order.count) cases in \(String(format: "%.1f", Date().timeIntervalSince(started))) s")
    }

    private static func replay(_ steps: [DemoServiceDesk.Step], store: SQLStore, sink: ServiceTimelineSink, agents: [String: AgentID],
                               teams: [String: TeamID], names: [String: String]) async throws {
        var caseID: CaseID?
        for step in steps {
            switch step {
            case .open(let key, let at, let channel, let customer, let subject, let body, let priority, let category, let tags, let language, let teamKey):
                let first = NewServiceMessage(direction: .inbound, authorName: customer.displayName, body: body, channel: channel, at: at)
                let threadKey = channel == .chat ? customer.anonymousId.map { "chat:" + $0 } : nil
                if channel != .phone, category == "delivery", proactiveNotice(key) {
                    // Half the delays are seen first by the warehouse: the company writes before the customer asks.
                    let noticeAt = at.addingTimeInterval(-3 * 3_600)
                    let notice = NewServiceMessage(direction: .outbound, authorName: "Elektro Świat", body: delayNotice(language), channel: channel, at: noticeAt)
                    let (created, _) = try await store.createCase(NewCase(customer: customer, threadKey: threadKey, channel: channel, subject: subject,
                                                                          priority: priority, category: category, tags: tags, language: language,
                                                                          origin: .proactive),
                                                                  firstMessage: notice, timeline: sink, now: noticeAt)
                    caseID = created.id
                    _ = try await store.addMessage(first, to: created.id, timeline: sink, now: at)
                } else {
                    let (created, _) = try await store.createCase(NewCase(customer: customer, threadKey: threadKey, channel: channel, subject: subject,
                                                                          priority: priority, category: category, tags: tags, language: language),
                                                                  firstMessage: channel == .phone ? nil : first, timeline: sink, now: at)
                    caseID = created.id
                }
                if let teamKey, let team = teams[teamKey], let caseID { _ = try await store.updateCase(caseID, CaseUpdate(teamID: .some(team)), now: at) }
            case .customerMessage(_, let at, let body):
                guard let caseID, let serviceCase = try await store.serviceCase(caseID) else { continue }
                _ = try await store.addMessage(NewServiceMessage(direction: .inbound, authorName: serviceCase.customer.displayName, body: body, at: at),
                                               to: caseID, timeline: sink, now: at)
            case .reply(_, let at, let agentKey, let body, let handleSeconds):
                guard let caseID else { continue }
                _ = try await store.addMessage(NewServiceMessage(direction: .outbound, authorID: agents[agentKey]?.rawValue, authorName: names[agentKey] ?? agentKey,
                                                                 body: body, at: at), to: caseID, timeline: sink, now: at)
                try await store.addHandleTime(caseID, seconds: handleSeconds)
            case .note(_, let at, let agentKey, let body):
                guard let caseID else { continue }
                _ = try await store.addMessage(NewServiceMessage(direction: .note, authorID: agents[agentKey]?.rawValue, authorName: names[agentKey] ?? agentKey,
                                                                 body: body, at: at), to: caseID, timeline: sink, now: at)
            case .assign(_, let at, let agentKey):
                guard let caseID, let agent = agents[agentKey] else { continue }
                _ = try await store.assignCase(caseID, to: agent, now: at)
            case .status(_, let at, let status, let agentKey):
                guard let caseID else { continue }
                do {
                    _ = try await store.changeStatus(of: caseID, to: status, actor: agentKey.flatMap { agents[$0]?.rawValue } ?? "system", timeline: sink, now: at)
                } catch ServiceRuleError.invalid {
                    continue   // A move the case has already made on its own (a customer's message re-opened it).
                }
            case .call(_, let at, let agentKey, let direction, let wait, let talk, let wrap, let outcome):
                guard let caseID else { continue }
                let call = CallRecord(id: TimeOrderedID.make(at: at), caseID: caseID, direction: CallRecord.Direction(rawValue: direction) ?? .inbound,
                                      phone: nil, agentID: agents[agentKey], startedAt: at, waitSeconds: wait, talkSeconds: talk, wrapSeconds: wrap, outcome: outcome)
                _ = try await store.recordCall(call, timeline: sink, now: at.addingTimeInterval(wait + talk + wrap))
            case .csat(_, let at, let score, let comment):
                guard let caseID else { continue }
                _ = try? await store.rateCase(caseID, score: score, comment: comment, timeline: sink, now: at)
            }
        }
    }

    /// Whether a delivery case began with the company's own delay notice: every other one, by its key.
    static func proactiveNotice(_ caseKey: String) -> Bool {
        caseKey.unicodeScalars.reduce(0) { ($0 &* 31 &+ Int($1.value)) & 0xFFFF } % 2 == 0
    }

    static func delayNotice(_ language: String?) -> String {
        switch language {
        case "en": "Hello, we are sorry: your parcel is delayed by a day or two at the carrier's depot. We are watching it and will write as soon as it moves."
        case "ru": "Здравствуйте! К сожалению, ваша посылка задерживается на день-два на складе перевозчика. Мы следим за ней и напишем, как только она поедет дальше."
        default: "Dzień dobry, przepraszamy: Państwa przesyłka opóźni się o dzień lub dwa w sortowni przewoźnika. Pilnujemy jej i napiszemy, gdy tylko ruszy dalej."
        }
    }

    /// Contacts of the demo company's identified customers (from their identify messages), in a stable order.
    static func contacts(in company: DemoCompany) -> [CustomerContact] {
        var seen = Set<String>()
        var contacts = [CustomerContact]()
        for message in company.messages where message["type"]?.stringValue == "identify" {
            guard let userId = message["userId"]?.stringValue, seen.insert(userId).inserted else { continue }
            let traits = message["traits"]
            let name = traits?["name"]?.stringValue
                ?? [traits?["firstName"]?.stringValue, traits?["lastName"]?.stringValue].compactMap { $0 }.joined(separator: " ")
            contacts.append(CustomerContact(userId: userId, anonymousId: message["anonymousId"]?.stringValue, email: traits?["email"]?.stringValue,
                                            phone: traits?["phone"]?.stringValue, name: name.isEmpty ? nil : name))
            if contacts.count >= 1500 { break }
        }
        return contacts
    }
}
