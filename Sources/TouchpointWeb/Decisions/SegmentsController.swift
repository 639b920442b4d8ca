import Vapor
import TouchpointApp
import TouchpointDomain

/// `/api/v1/segments…`: define segments (every problem listed), list them with member counts, page through members,
/// and count a draft's members before saving it.
struct SegmentsController {
    func register(on api: any RoutesBuilder) {
        api.post("segments", use: create)
        api.get("segments", use: list)
        api.post("segments", "preview", use: preview)
        api.get("segments", ":id", use: show)
        api.put("segments", ":id", use: replace)
        api.delete("segments", ":id", use: delete)
        api.get("segments", ":id", "members", use: members)
    }

    static func segmentID(_ request: Request) -> SegmentID { SegmentID(rawValue: request.parameters.get("id") ?? "") }

    func create(_ request: Request) async throws -> Response {
        _ = try request.require(.manager)
        let body = try request.decodeBody(SegmentBody.self, decoder: DecisionDTO.decoder)
        let desk = request.touchpoint.decisions
        let created = try await desk.saveSegment(body.definition)
        return try await respond(body.definition.id, request, status: created ? .created : .ok)
    }

    func replace(_ request: Request) async throws -> Response {
        _ = try request.require(.manager)
        var body = try request.decodeBody(SegmentBody.self, decoder: DecisionDTO.decoder)
        body.definition.id = Self.segmentID(request)
        try await request.touchpoint.decisions.saveSegment(body.definition)
        return try await respond(body.definition.id, request, status: .ok)
    }

    func list(_ request: Request) async throws -> Response {
        _ = try request.require(.agent)
        let desk = request.touchpoint.decisions
        let counts = try await request.touchpoint.decisions.memberCounts()
        let segments = try await desk.catalogue.reload().segments
        return Response.json(.object(["segments": .array(segments.map { DecisionDTO.segment($0, members: counts[$0.definition.id] ?? 0) })]))
    }

    func show(_ request: Request) async throws -> Response {
        _ = try request.require(.agent)
        return try await respond(Self.segmentID(request), request, status: .ok)
    }

    func delete(_ request: Request) async throws -> Response {
        _ = try request.require(.manager)
        try await request.touchpoint.decisions.deleteSegment(Self.segmentID(request))
        return Response(status: .noContent)
    }

    /// `GET /api/v1/segments/{id}/members?limit=N&after=PROFILE`: members by profile id; `next` is the cursor of the next page.
    func members(_ request: Request) async throws -> Response {
        _ = try request.require(.agent)
        let id = Self.segmentID(request)
        let limit = try ProfilesController.limit(request, default: 100, maximum: 1_000)
        let after = request.query[String.self, at: "after"].map(ProfileID.init(rawValue:))
        let page = try await request.touchpoint.decisions.members(of: id, limit: limit + 1, after: after)
        let shown = Array(page.prefix(limit))
        return Response.json(.object([
            "segment": .string(id.rawValue),
            "members": .array(shown.map { .object(["profileId": .string($0.profileID.rawValue), "since": .string(Timestamps.format($0.since))]) }),
            "next": page.count > limit ? (shown.last.map { .string($0.profileID.rawValue) } ?? .null) : .null,
        ]))
    }

    /// `POST /api/v1/segments/preview`: how many people a draft holds now, nothing stored.
    func preview(_ request: Request) async throws -> Response {
        _ = try request.require(.agent)
        var body = try request.decodeBody(SegmentBody.self, decoder: DecisionDTO.decoder)
        if body.definition.id.rawValue.isEmpty { body.definition.id = SegmentID(rawValue: "preview") }
        let count = try await request.touchpoint.decisions.preview(body.definition)
        return Response.json(.object(["members": .number(Double(count.members)), "evaluated": .number(Double(count.evaluated)), "exact": .bool(count.exact)]))
    }

    private func respond(_ id: SegmentID, _ request: Request, status: HTTPResponseStatus) async throws -> Response {
        guard let stored = try await request.touchpoint.decisions.catalogue.current().segment(id) else { throw DecisionDeskError.unknownSegment }
        let members = try await request.touchpoint.decisions.memberCounts()[id] ?? 0
        return Response.json(DecisionDTO.segment(stored, members: members), status: status)
    }
}
