import Vapor
import Tagged
import TouchpointApp
import TouchpointDomain
import TouchpointStorage

/// Agents and teams.
extension ServiceController {

    func agents(_ request: Request) async throws -> Response {
        _ = try await Self.caller(request)
        return Response.json(.object(["agents": .array(try await request.touchpoint.serviceDesk.agents().map(ServiceDTO.agent))]))
    }

    /// A new person who signs in to the console and works cases (admin only).
    func createAgent(_ request: Request) async throws -> Response {
        _ = try await Self.caller(request, role: .admin)
        let body = try request.decodeBody(NewAgentBody.self)
        guard let email = body.email, let password = body.password else {
            throw APIError.badRequest("missing_field", "an agent needs \"email\" and \"password\" (and may have \"name\", \"role\")")
        }
        guard password.count >= 8 else { throw APIError(status: .unprocessableEntity, code: "weak_password", message: "the password needs at least 8 characters") }
        let role = try body.role.map { name -> Role in
            guard let role = Role(rawValue: name) else { throw NewAgentBody.roleError }
            return role
        } ?? .agent
        let store = request.touchpoint.store
        var update = try body.agent.update()
        let known = Set(try await request.touchpoint.serviceDesk.teams().map(\.id))
        if let unknown = update.teamIDs?.first(where: { !known.contains($0) }) {
            throw APIError(status: .unprocessableEntity, code: "unknown_team", message: "no team '\(unknown.rawValue)': create it first with POST /api/v1/service/teams")
        }
        if update.capacity == nil { update.capacity = try await request.touchpoint.serviceDesk.settings().defaultCapacity }
        let hash = try await request.application.threadPool.runIfActive { try Bcrypt.hash(password) }
        let user = try await Self.mapping { try await store.createUser(email: email, name: body.name ?? "", passwordHash: hash, role: role) }
        let agent = try await Self.mapping { try await request.touchpoint.serviceDesk.updateAgent(AgentID(rawValue: user.id), update) }
        await request.audit("users.create", target: user.id, after: .object(["email": .string(user.email), "role": .string(user.role.rawValue), "agent": ServiceDTO.agent(agent)]))
        return Response.json(ServiceDTO.agent(agent), status: .created)
    }

    /// Presence, capacity, skills, languages, teams and sight. Agents may set their own presence; the rest needs a manager.
    func updateAgent(_ request: Request) async throws -> Response {
        let caller = try await Self.caller(request)
        guard var id = request.parameters.get("agent") else { throw APIError.badRequest("missing_agent", "an agent id is required") }
        if id == "me" {
            guard let agent = caller.agent else { throw APIError.badRequest("no_agent", "'me' needs a personal token: this credential belongs to no agent") }
            id = agent.id.rawValue
        }
        let update = try request.decodeBody(AgentUpdateBody.self).update()
        let onlyPresence = update.capacity == nil && update.skills == nil && update.languages == nil && update.seesAllTeams == nil && update.teamIDs == nil
        if !(onlyPresence && caller.agent?.id.rawValue == id) { _ = try request.require(.manager) }
        let desk = request.touchpoint.serviceDesk
        let before = try await desk.agent(AgentID(rawValue: id))
        let agent = try await Self.mapping { try await desk.updateAgent(AgentID(rawValue: id), update) }
        if !onlyPresence { await request.audit("service.agents.update", target: id, before: before.map(ServiceDTO.agent), after: ServiceDTO.agent(agent)) }
        return Response.json(ServiceDTO.agent(agent))
    }

    func createAgentToken(_ request: Request) async throws -> Response {
        let caller = try await Self.caller(request)
        guard var id = request.parameters.get("agent") else { throw APIError.badRequest("missing_agent", "an agent id is required") }
        if id == "me", let agent = caller.agent { id = agent.id.rawValue }
        if caller.agent?.id.rawValue != id { _ = try request.require(.admin) }
        let name = try request.decodeBody(TokenBody.self, allowEmpty: true).name ?? "personal token"
        guard (1...100).contains(name.count) else { throw APIError(status: .unprocessableEntity, code: "invalid_name", message: "a token's \"name\" is 1 to 100 characters") }
        let token = try await Self.mapping { try await request.touchpoint.store.createToken(forUser: id, name: name) }
        await request.audit("tokens.create", target: id, after: .object(["name": .string(name)]))
        return Response.json(.object(["token": .string(token), "agentId": .string(id), "name": .string(name)]), status: .created)
    }

    func teams(_ request: Request) async throws -> Response {
        _ = try await Self.caller(request)
        return Response.json(.object(["teams": .array(try await request.touchpoint.serviceDesk.teams().map(ServiceDTO.team))]))
    }

    func createTeam(_ request: Request) async throws -> Response {
        _ = try await Self.caller(request, role: .manager)
        let body = try request.decodeBody(TeamBody.self)
        guard let name = body.name else { throw APIError.badRequest("missing_field", "a team needs \"name\"") }
        let store = request.touchpoint.store
        let members = body.memberIds
        let users = Set(try await store.users().map(\.id))
        if let unknown = members?.first(where: { !users.contains($0) }) {
            throw APIError(status: .unprocessableEntity, code: "unknown_agent", message: "no agent '\(unknown)': list them with GET /api/v1/service/agents")
        }
        var team = try await Self.mapping { try await request.touchpoint.serviceDesk.createTeam(name: name) }
        if let members {
            try await Self.mapping { try await request.touchpoint.serviceDesk.setTeamMembers(team.id, members: members.map(AgentID.init(rawValue:))) }
            team.memberIDs = members.map(AgentID.init(rawValue:))
        }
        await request.audit("service.teams.create", target: team.id.rawValue, after: ServiceDTO.team(team))
        return Response.json(ServiceDTO.team(team), status: .created)
    }

    func setMembers(_ request: Request) async throws -> Response {
        _ = try await Self.caller(request, role: .manager)
        guard let id = request.parameters.get("team") else { throw APIError.badRequest("missing_team", "a team id is required") }
        guard let members = try request.decodeBody(TeamBody.self).memberIds else {
            throw APIError.badRequest("missing_field", "send {\"memberIds\": [agent ids]}")
        }
        let store = request.touchpoint.store
        let before = try await request.touchpoint.serviceDesk.team(TeamID(rawValue: id))
        try await Self.mapping { try await request.touchpoint.serviceDesk.setTeamMembers(TeamID(rawValue: id), members: members.map(AgentID.init(rawValue:))) }
        guard let team = try await request.touchpoint.serviceDesk.team(TeamID(rawValue: id)) else { throw APIError.notFound("no team '\(id)'") }
        await request.audit("service.teams.members", target: id, before: before.map(ServiceDTO.team), after: ServiceDTO.team(team))
        return Response.json(ServiceDTO.team(team))
    }
}
