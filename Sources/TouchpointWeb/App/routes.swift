import Vapor
import TouchpointDomain

/// Every route of the server, grouped by product area.
func routes(_ app: Application) throws {
    app.get("health") { request async throws -> Response in
        do {
            try await request.touchpoint.store.ping()
            var health: [String: JSONValue] = ["status": .string("ok"), "database": .string(request.touchpoint.config.database.kindName)]
            if let replica = await ReplicaHealth.read(request.touchpoint) { health["replica"] = replica }
            return Response.json(.object(health))
        } catch {
            return Response.json(.object(["status": .string("unavailable"), "database": .string(request.touchpoint.config.database.kindName),
                                          "error": .string("the database does not answer")]), status: .serviceUnavailable)
        }
    }
    app.get("metrics") { request async -> Response in
        _ = await ReplicaHealth.read(request.touchpoint)
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: "text/plain; version=0.0.4; charset=utf-8")
        return Response(status: .ok, headers: headers, body: .init(string: request.touchpoint.metrics.registry.emitToString()))
    }
    app.get("openapi.json") { _ -> Response in
        var headers = HTTPHeaders()
        headers.contentType = .json
        return Response(status: .ok, headers: headers, body: .init(data: OpenAPIDocument.data))
    }

    CollectController().register(on: app)
    ConsoleController().register(on: app)
    ChatController().register(on: app)
    ServiceConsoleController().register(on: app)
    SurveyPageController().register(on: app)
    HelpCentreController().register(on: app)
    PlacementController().register(on: app)

    let api = app.grouped("api", "v1").grouped(TokenAuthMiddleware())
    ProfilesController().register(on: api)
    SourcesController().register(on: api)
    ValueController().register(on: api)
    LifecycleController().register(on: api)
    ServiceController().register(on: api)
    AuditController().register(on: api)
    TextController().register(on: api)
    FeedbackController().register(on: api)
    SurveysController().register(on: api)
    KnowledgeController().register(on: api)
    AssistantController().register(on: api)
    SegmentsController().register(on: api)
    ActionsController().register(on: api)
    DecisionsController().register(on: api)
    MeasureController().register(on: api)
}
