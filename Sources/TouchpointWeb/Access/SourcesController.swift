import Vapor
import TouchpointDomain
import TouchpointStorage
import Tagged

/// `/api/v1/sources`: collection sources and their write keys (admin only).
struct SourcesController {
    func register(on api: any RoutesBuilder) {
        api.get("sources", use: list)
        api.post("sources", use: create)
        api.patch("sources", ":id", use: update)
        api.get("event-log", use: eventLog)
        api.post("sources", ":id", "identity-secret", use: rotateIdentitySecret)
        api.post("sources", ":id", "write-key", use: rotateWriteKey)
    }

    func list(_ request: Request) async throws -> Response {
        _ = try request.require(.admin)
        let sources = try await request.touchpoint.store.sources()
        return Response.json(.array(sources.map(Self.json)))
    }

    func create(_ request: Request) async throws -> Response {
        _ = try request.require(.admin)
        guard let name = try request.decodeBody(NewSourceBody.self).name else { throw APIError.badRequest("missing_field", "a source needs \"name\"") }
        do {
            let (source, key) = try await request.touchpoint.store.createSource(name: name)
            await request.audit("sources.create", target: source.id.rawValue, after: Self.json(source))
            guard case .object(var fields) = Self.json(source) else { return Response.json(Self.json(source)) }
            fields["writeKey"] = .string(key)
            return Response.json(.object(fields), status: .created)
        } catch StorageError.conflict(let message) {
            throw APIError.conflict(message)
        } catch StorageError.invalid(let message) {
            throw APIError(status: .unprocessableEntity, code: "invalid_source", message: message)
        }
    }

    /// Changes a source's retention: `{"retentionDays": N}` (7 to 3650) or `{"retentionDays": null}` for ever.
    func update(_ request: Request) async throws -> Response {
        _ = try request.require(.admin)
        guard let id = request.parameters.get("id") else { throw APIError.badRequest("missing_id", "a source id is required") }
        let data = request.body.data.map { Data($0.readableBytesView) } ?? Data()
        guard !data.isEmpty else { throw APIError.badRequest("empty_body", "the request needs a JSON body, e.g. {\"retentionDays\": 395}") }
        guard case .object(let fields) = try request.jsonBody(data) else {
            throw APIError.badRequest("invalid_body", "send a JSON object, e.g. {\"retentionDays\": 395}")
        }
        guard let value = fields["retentionDays"] else {
            throw APIError.badRequest("missing_field", "send \"retentionDays\": a number of days (\(EventRetention.minimumDays) to \(EventRetention.maximumDays)) or null to keep events for ever")
        }
        let days: Int?
        switch value {
        case .null: days = nil
        case .number(let number) where number == number.rounded() && abs(number) < 1e9: days = Int(number)
        default: throw APIError.badRequest("invalid_field", "\"retentionDays\" must be a whole number of days or null")
        }
        guard EventRetention.isValid(days: days) else {
            throw APIError(status: .unprocessableEntity, code: "invalid_retention",
                           message: "a retention is \(EventRetention.minimumDays) to \(EventRetention.maximumDays) days, or null to keep events for ever")
        }
        let (before, source) = try await request.touchpoint.eventLog.setRetention(of: SourceID(rawValue: id), days: days)
        await request.audit("sources.retention", target: id, before: Self.json(before), after: Self.json(source))
        return Response.json(Self.json(source))
    }

    /// The log's months with each source's events in them, and every source's retention.
    func eventLog(_ request: Request) async throws -> Response {
        _ = try request.require(.admin)
        let months = try await request.touchpoint.eventLog.months()
        let sources = try await request.touchpoint.store.sources()
        return Response.json(.object([
            "partitioned": .bool(months.contains { $0.partition }),
            "months": .array(months.map { month in
                .object([
                    "month": .string(String(month.month.year) + "-" + String(month.month.suffix.suffix(2))),
                    "from": .date(Timestamps.date(millis: month.month.startMillis)),
                    "to": .date(Timestamps.date(millis: month.month.endMillis)),
                    "partition": .bool(month.partition),
                    "events": .object(Dictionary(uniqueKeysWithValues: month.events.map { ($0.key.rawValue, JSONValue.number(Double($0.value))) })),
                ])
            }),
            "sources": .array(sources.map(Self.json)),
        ]))
    }

    /// Makes (or replaces) the secret a site signs its signed-in users' ids with, so the chat can trust them
    /// (`userHash` = hex HMAC-SHA256 of the user id, or a HS256 JWT). Shown once in this answer; a new one replaces it.
    func rotateIdentitySecret(_ request: Request) async throws -> Response {
        _ = try request.require(.admin)
        guard let id = request.parameters.get("id") else { throw APIError.badRequest("missing_id", "a source id is required") }
        let secret = try await request.touchpoint.store.rotateIdentitySecret(of: SourceID(rawValue: id))
        await request.audit("sources.identity_secret.rotate", target: id)
        return Response.json(.object(["sourceId": .string(id), "identitySecret": .string(secret)]), status: .created)
    }

    /// Replaces a source's write key, for a key that leaked or a device retired. The new key is shown once in this
    /// answer; the old one stops working at once on this node and within 10 s on the others.
    func rotateWriteKey(_ request: Request) async throws -> Response {
        _ = try request.require(.admin)
        guard let id = request.parameters.get("id") else { throw APIError.badRequest("missing_id", "a source id is required") }
        let (source, key) = try await request.touchpoint.store.rotateWriteKey(of: SourceID(rawValue: id))
        request.touchpoint.writeKeys.forget(source: source.id)
        await request.audit("sources.write_key.rotate", target: id)
        guard case .object(var fields) = Self.json(source) else { return Response.json(Self.json(source)) }
        fields["writeKey"] = .string(key)
        return Response.json(.object(fields), status: .created)
    }

    static func json(_ source: SourceRecord) -> JSONValue {
        .object(["id": .string(source.id.rawValue), "name": .string(source.name), "writeKeyHint": .string(source.writeKeyHint),
                 "createdAt": .date(Timestamps.date(millis: source.createdAt)),
                 "retentionDays": source.retentionDays.map { .number(Double($0)) } ?? .null])
    }
}

/// `POST /api/v1/sources`
struct NewSourceBody: RequestBody {
    var name: String?
}
