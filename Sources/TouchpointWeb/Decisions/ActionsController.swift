import Vapor
import TouchpointApp
import TouchpointDomain

/// `/api/v1/actions…`: the action catalogue (every problem of an action listed), retire and restore actions.
struct ActionsController {
    func register(on api: any RoutesBuilder) {
        api.post("actions", use: create)
        api.get("actions", use: list)
        api.get("actions", ":id", use: show)
        api.put("actions", ":id", use: replace)
        api.patch("actions", ":id", use: changeState)
    }

    static func actionID(_ request: Request) -> ActionID { ActionID(rawValue: request.parameters.get("id") ?? "") }

    func create(_ request: Request) async throws -> Response {
        _ = try request.require(.manager)
        let body = try request.decodeBody(ActionBody.self, decoder: DecisionDTO.decoder)
        let created = try await request.touchpoint.decisions.saveAction(body.definition, active: body.active ?? true)
        return try await respond(body.definition.id, request, status: created ? .created : .ok)
    }

    func replace(_ request: Request) async throws -> Response {
        _ = try request.require(.manager)
        var body = try request.decodeBody(ActionBody.self, decoder: DecisionDTO.decoder)
        body.definition.id = Self.actionID(request)
        try await request.touchpoint.decisions.saveAction(body.definition, active: body.active ?? true)
        return try await respond(body.definition.id, request, status: .ok)
    }

    /// `PATCH /api/v1/actions/{id}` with `{"active": false}` retires an action (kept for the log), `true` restores it.
    func changeState(_ request: Request) async throws -> Response {
        _ = try request.require(.manager)
        let id = Self.actionID(request)
        let body = try request.decodeBody(ActionStateBody.self)
        guard let stored = try await request.touchpoint.decisions.catalogue.reload().action(id) else { throw DecisionDeskError.unknownAction }
        try await request.touchpoint.decisions.saveAction(stored.definition, active: body.active)
        return try await respond(id, request, status: .ok)
    }

    func list(_ request: Request) async throws -> Response {
        _ = try request.require(.agent)
        let actions = try await request.touchpoint.decisions.catalogue.reload().actions
        return Response.json(.object(["actions": .array(actions.map(DecisionDTO.action))]))
    }

    func show(_ request: Request) async throws -> Response {
        _ = try request.require(.agent)
        return try await respond(Self.actionID(request), request, status: .ok)
    }

    private func respond(_ id: ActionID, _ request: Request, status: HTTPResponseStatus) async throws -> Response {
        guard let stored = try await request.touchpoint.decisions.catalogue.current().action(id) else { throw DecisionDeskError.unknownAction }
        return Response.json(DecisionDTO.action(stored), status: status)
    }
}
