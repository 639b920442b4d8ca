import Vapor
import TouchpointApp
import TouchpointDomain

/// `POST /api/v1/decisions` (next best action for a person on a channel), a logged decision, a person's decisions,
/// and the report of decisions, acceptance, uplift and suppressions.
struct DecisionsController {
    func register(on api: any RoutesBuilder) {
        api.post("decisions", use: decide)
        api.get("decisions", "report", use: report)
        api.get("decisions", ":id", use: show)
        api.get("profiles", ":ref", "decisions", use: ofProfile)
    }

    func decide(_ request: Request) async throws -> Response {
        _ = try request.require(.agent)
        let body = try DecisionBody.read(request)
        guard let channel = TouchpointDomain.Channel(rawValue: body.channel.lowercased()) else {
            throw APIError.badRequest("invalid_channel", "channel must be one of \(TouchpointDomain.Channel.allCases.map(\.rawValue).joined(separator: ", ")), not '\(body.channel)'")
        }
        let limit = body.limit ?? 3
        guard (1...20).contains(limit) else { throw APIError.badRequest("invalid_limit", "limit must be from 1 to 20") }
        if let placement = body.placement, placement.isEmpty || placement.count > 100 {
            throw APIError.badRequest("invalid_placement", "placement must be 1 to 100 characters")
        }
        let profile = body.profile.trimmingCharacters(in: .whitespaces)
        guard !profile.isEmpty, profile.count <= 500 else { throw APIError.badRequest("invalid_reference", "profile must name a person: TYPE:VALUE or a profile id") }
        let answer = try await request.touchpoint.decisions.decide(reference: profile, channel: channel, placement: body.placement, limit: limit)
        return Response.json(DecisionDTO.decision(answer))
    }

    func show(_ request: Request) async throws -> Response {
        _ = try request.require(.agent)
        guard let record = try await request.touchpoint.decisions.decision(request.parameters.get("id") ?? "") else {
            throw APIError.notFound("no such decision")
        }
        return Response.json(DecisionDTO.record(record))
    }

    func ofProfile(_ request: Request) async throws -> Response {
        _ = try request.require(.agent)
        let id = try await ProfilesController.profileID(request)
        let limit = try ProfilesController.limit(request, default: 20, maximum: 200)
        let records = try await request.touchpoint.decisions.decisions(of: id, limit: limit)
        return Response.json(.object(["decisions": .array(records.map(DecisionDTO.record))]))
    }

    /// `GET /api/v1/decisions/report?from=DATE&to=DATE` (default: the last 30 days).
    func report(_ request: Request) async throws -> Response {
        _ = try request.require(.manager)
        let period = try ServiceController.period(request)
        let report = try await request.touchpoint.decisions.report(from: period.from, to: period.to)
        return Response.json(DecisionDTO.report(report))
    }
}
