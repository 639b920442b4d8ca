import Vapor
import TouchpointDomain
import TouchpointStorage

/// `/api/v1/value/…`: the fitted models and an on-demand refit.
struct ValueController {
    func register(on api: any RoutesBuilder) {
        api.get("value", "model", use: model)
        api.post("value", "refresh", use: refresh)
    }

    func model(_ request: Request) async throws -> Response {
        _ = try request.require(.agent)
        guard let model = try await request.touchpoint.profiles.latestValueModel() else {
            throw APIError.notFound("no value model has been fitted yet: import purchases (Order Completed events) and POST /api/v1/value/refresh")
        }
        return Response.json(Self.json(model))
    }

    func refresh(_ request: Request) async throws -> Response {
        _ = try request.require(.manager)
        switch try await request.touchpoint.valueRefresher.refresh(force: true) {
        case .refitted(let model, let profiles):
            guard case .object(var fields) = Self.json(model) else { return Response.json(Self.json(model)) }
            fields["profilesScored"] = .int(profiles)
            return Response.json(.object(fields))
        case .upToDate(let model):
            return Response.json(Self.json(model))
        case .notEnoughData(let reason):
            throw APIError(status: .unprocessableEntity, code: "not_enough_data", message: reason)
        }
    }

    static func json(_ model: StoredValueModel) -> JSONValue {
        .object(["id": .string(model.id), "fittedAt": .date(model.fittedAt), "fittedUntil": .string(model.fittedUntil),
                 "customers": .int(model.customers), "parameters": model.parameters])
    }

    static func scores(_ scores: CustomerScores?, model: StoredValueModel?) -> JSONValue {
        guard let scores else { return .null }
        return .object(["rfm": .string(scores.rfm), "clv": .number((scores.clv * 100).rounded() / 100),
                        "pAlive": .number((scores.pAlive * 10000).rounded() / 10000),
                        "churnRisk": .string(scores.churnRisk.rawValue), "valueTier": .string(scores.valueTier.rawValue),
                        "model": model.map { .object(["id": .string($0.id), "fittedAt": .date($0.fittedAt)]) } ?? .null])
    }
}
