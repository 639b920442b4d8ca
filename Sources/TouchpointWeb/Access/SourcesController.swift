import Vapor
import TouchpointDomain
import TouchpointStorage

/// `/api/v1/sources`: collection sources and their write keys (admin only).
struct SourcesController {
    func register(on api: any RoutesBuilder) {
        api.get("sources", use: list)
        api.post("sources", use: create)
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
                 "createdAt": .date(Timestamps.date(millis: source.createdAt))])
    }
}

/// `POST /api/v1/sources`
struct NewSourceBody: RequestBody {
    var name: String?
}
