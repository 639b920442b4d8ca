import Vapor
import Tagged
import TouchpointApp
import TouchpointDomain
import TouchpointStorage

/// The service desk's settings in the console (managers): teams, agents, routing rules, the SLA policy and
/// the re-contact window — the same rules the API edits, with the same checks.
struct ServiceSettingsPage: Encodable {
    struct AgentRow: Encodable {
        var id: String
        var name: String
        var email: String
        var role: String
        var action: String
        var presence: [ServiceInboxPage.Option]
        var capacity: String
        var skills: String
        var languages: String
        var teams: [TeamChoice]
        var seesAll: Bool
    }

    struct TeamChoice: Encodable {
        var id: String
        var name: String
        var checked: Bool
    }

    struct TeamRow: Encodable {
        var name: String
        var members: String
    }

    var layout: LayoutContext
    var message: String?
    var error: String?
    var teams: [TeamRow]
    var teamAction: String
    var agents: [AgentRow]
    var policyJSON: String
    var policyAction: String
    var rulesJSON: String
    var rulesAction: String
    var settingsAction: String
    var recontactHours: String
    var defaultCapacity: String
    var strategies: [ServiceInboxPage.Option]
}

extension ServiceConsoleController {
    func registerSettings(on signedIn: any RoutesBuilder) {
        signedIn.get("service", "settings", use: settingsPage)
        signedIn.post("service", "settings", "teams", use: createTeam)
        signedIn.post("service", "settings", "agents", ":agent", use: updateAgent)
        signedIn.post("service", "settings", "sla-policy", use: savePolicy)
        signedIn.post("service", "settings", "routing-rules", use: saveRules)
        signedIn.post("service", "settings", "general", use: saveGeneral)
    }

    private func requireManager(_ request: Request) throws {
        guard request.consoleUser?.role.allows(.manager) == true else {
            throw APIError.forbidden(Strings.all(request.language)["manager_only"]!)
        }
    }

    func settingsPage(_ request: Request) async throws -> Response {
        try requireManager(request)
        return try await ConsoleController().render(request, "service-settings", try await settingsModel(request, message: nil, error: nil))
    }

    private func settingsModel(_ request: Request, message: String?, error: String?, policyText: String? = nil, rulesText: String? = nil) async throws -> ServiceSettingsPage {
        let language = request.language
        let strings = Strings.all(language)
        let desk = request.touchpoint.serviceDesk
        let teams = try await desk.teams()
        let agents = try await desk.agents()
        let names = Dictionary(uniqueKeysWithValues: agents.map { ($0.id, $0.name) })
        let settings = try await desk.settings()
        let policy = try await desk.policy()
        let rules = try await desk.routingRules()
        func pretty<T: Encodable>(_ value: T) -> String {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            return (try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? ""
        }
        return ServiceSettingsPage(
            layout: LayoutContext(language: language, title: strings["service_settings_title"]!, section: .service, user: request.consoleUser, path: request.url.string),
            message: message, error: error.map { strings["action_failed"]! + " " + $0 },
            teams: teams.map { .init(name: $0.name, members: $0.memberIDs.compactMap { names[$0] }.joined(separator: ", ")) },
            teamAction: "/service/settings/teams",
            agents: agents.map { agent in
                .init(id: agent.id.rawValue, name: agent.name, email: agent.email, role: strings["role_" + agent.role.rawValue] ?? agent.role.rawValue,
                      action: "/service/settings/agents/" + agent.id.rawValue,
                      presence: AgentPresence.allCases.map { .init(value: $0.rawValue, label: strings["presence_" + $0.rawValue]!, selected: $0 == agent.presence) },
                      capacity: String(agent.capacity), skills: agent.skills.joined(separator: ", "), languages: agent.languages.joined(separator: ", "),
                      teams: teams.map { .init(id: $0.id.rawValue, name: $0.name, checked: agent.teamIDs.contains($0.id)) },
                      seesAll: agent.seesAllTeams)
            },
            policyJSON: policyText ?? pretty(policy), policyAction: "/service/settings/sla-policy",
            rulesJSON: rulesText ?? pretty(rules), rulesAction: "/service/settings/routing-rules",
            settingsAction: "/service/settings/general",
            recontactHours: String(Int(settings.recontactWindowHours)), defaultCapacity: String(settings.defaultCapacity),
            strategies: RoutingStrategy.allCases.map { .init(value: $0.rawValue, label: strings["strategy_" + $0.rawValue]!, selected: $0 == settings.defaultStrategy) })
    }

    /// Saves through `body`; success shows the page with "saved", a refusal with the reason (and the text as typed).
    private func save(_ request: Request, policyText: String? = nil, rulesText: String? = nil, _ body: () async throws -> Void) async throws -> Response {
        try requireManager(request)
        let strings = Strings.all(request.language)
        do {
            try await ServiceController.mapping(body)
        } catch let error as APIError {
            return try await ConsoleController().render(request, "service-settings",
                                                        try await settingsModel(request, message: nil, error: error.message, policyText: policyText, rulesText: rulesText),
                                                        status: error.status)
        }
        return try await ConsoleController().render(request, "service-settings", try await settingsModel(request, message: strings["saved"], error: nil))
    }

    func createTeam(_ request: Request) async throws -> Response {
        struct Form: Content { var name: String? }
        let name = try request.content.decode(Form.self).name ?? ""
        return try await save(request) {
            let team = try await request.touchpoint.serviceDesk.createTeam(name: name)
            await request.audit("service.teams.create", target: team.id.rawValue, after: ServiceDTO.team(team))
        }
    }

    func updateAgent(_ request: Request) async throws -> Response {
        struct Form: Content {
            var presence: String?
            var capacity: String?
            var skills: String?
            var languages: String?
            var teams: [String]?
            var seesAll: String?
        }
        let form = try request.content.decode(Form.self)
        let id = AgentID(rawValue: request.parameters.get("agent") ?? "")
        return try await save(request) {
            guard let capacity = Int(form.capacity ?? ""), (0...100).contains(capacity) else {
                throw APIError(status: .unprocessableEntity, code: "invalid_capacity", message: Strings.all(request.language)["capacity_rule"]!)
            }
            func list(_ text: String?) -> [String] { (text ?? "").split(separator: ",").map { String($0).trimmedWhitespace }.filter { !$0.isEmpty } }
            let update = AgentUpdate(presence: form.presence.flatMap(AgentPresence.init(rawValue:)), capacity: capacity, skills: list(form.skills),
                                     languages: list(form.languages), seesAllTeams: form.seesAll == "on", teamIDs: (form.teams ?? []).map(TeamID.init(rawValue:)))
            let before = try await request.touchpoint.serviceDesk.agent(id)
            let agent = try await request.touchpoint.serviceDesk.updateAgent(id, update)
            await request.audit("service.agents.update", target: id.rawValue, before: before.map(ServiceDTO.agent), after: ServiceDTO.agent(agent))
        }
    }

    func savePolicy(_ request: Request) async throws -> Response {
        struct Form: Content { var policy: String? }
        let text = try request.content.decode(Form.self).policy ?? ""
        return try await save(request, policyText: text) {
            _ = try Self.parse(text)
            let policy = try ServiceController.decode(Data(text.utf8), as: SLAPolicy.self, what: "SLA policy")
            await request.audit(try await request.touchpoint.serviceDesk.replacePolicy(policy))
        }
    }

    func saveRules(_ request: Request) async throws -> Response {
        struct Form: Content { var rules: String? }
        let text = try request.content.decode(Form.self).rules ?? ""
        return try await save(request, rulesText: text) {
            _ = try Self.parse(text)
            let rules = try ServiceController.decode(Data(text.utf8), as: [RoutingRule].self, what: "routing rules")
            await request.audit(try await request.touchpoint.serviceDesk.replaceRoutingRules(rules))
        }
    }

    func saveGeneral(_ request: Request) async throws -> Response {
        struct Form: Content {
            var recontactHours: String?
            var defaultCapacity: String?
            var strategy: String?
        }
        let form = try request.content.decode(Form.self)
        return try await save(request) {
            let refused = APIError(status: .unprocessableEntity, code: "invalid_settings", message: Strings.all(request.language)["settings_rule"]!)
            guard let hours = Double(form.recontactHours ?? ""), let capacity = Int(form.defaultCapacity ?? ""),
                  let strategy = form.strategy.flatMap(RoutingStrategy.init(rawValue:)) else { throw refused }
            do {
                await request.audit(try await request.touchpoint.serviceDesk.replaceSettings(ServiceSettings(recontactWindowHours: hours, defaultStrategy: strategy, defaultCapacity: capacity)))
            } catch ServiceDeskError.refused(code: "invalid_settings", _) {
                throw refused
            }
        }
    }

    static func parse(_ text: String) throws -> JSONValue {
        do {
            return try JSONCodec.parse(Array(text.utf8))
        } catch {
            throw APIError(status: .unprocessableEntity, code: "invalid_json", message: "not valid JSON: \(error)")
        }
    }
}
