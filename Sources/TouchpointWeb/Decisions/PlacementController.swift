import Foundation
import Vapor
import TouchpointApp
import TouchpointDomain

/// The public side of decisions: `decisions.js`, the snippet a web page embeds, and `POST /v1/decide`, which it calls
/// with the source's write key (as the collection API does) for one placement.
///
/// The visitor is their browser's anonymous id, or a signed-in user whose id the site signed with the source's
/// identity secret (`userHash` or `jwt`, as for the chat): an unproven user id is ignored, so knowing someone's id is
/// not enough to read their offers. The answer carries only what the page shows (texts, ids for the outcome events);
/// why other actions were removed stays in the console. A visitor with no profile yet gets no actions and nothing is stored.
struct PlacementController {
    func register(on app: Application) {
        app.get("decisions.js", use: script)
        app.on(.POST, "v1", "decide", body: .collect(maxSize: "16kb"), use: decide)
    }

    static let snippet = ConsoleAssets.publicFile("decisions", "js")

    func script(_ request: Request) async throws -> Response {
        Response.asset(Self.snippet, contentType: "application/javascript; charset=utf-8", crossOrigin: true)
    }

    func decide(_ request: Request) async throws -> Response {
        let services = request.touchpoint
        try services.limits.placements.check(request.clientAddress, what: "decision requests from this address")
        let body = try request.decodeBody(PublicDecisionBody.self)
        let writeKey = request.headers.basicAuthorization?.username.nonEmpty ?? body.writeKey?.nonEmpty
        guard let writeKey, let source = try await services.writeKeys.source(for: writeKey, store: services.store) else {
            throw APIError.unauthorized("send the source's write key as \"writeKey\" in the body (or as the HTTP Basic user name)")
        }
        let channel = try PublicDecisionBody.channel(body.channel ?? "web")
        let limit = body.limit ?? 1
        guard (1...5).contains(limit) else { throw APIError.badRequest("invalid_limit", "limit must be from 1 to 5") }
        guard let placement = body.placement?.trimmingCharacters(in: .whitespaces), !placement.isEmpty, placement.count <= 100 else {
            throw APIError.badRequest("invalid_placement", "placement must be 1 to 100 characters")
        }
        var reference: String?
        if body.userId != nil || body.jwt != nil {
            var frame: [String: JSONValue] = [:]
            if let userId = body.userId { frame["userId"] = .string(userId) }
            if let hash = body.userHash { frame["userHash"] = .string(hash) }
            if let jwt = body.jwt { frame["jwt"] = .string(jwt) }
            let secret = try await services.store.identitySecret(of: source.id)
            if let proven = ChatIdentityVerifier.verify(frame: .object(frame), secret: secret)?.userId { reference = "user_id:" + proven }
        }
        if reference == nil, let anonymous = body.anonymousId, !anonymous.isEmpty, anonymous.count <= 200 { reference = "anonymous_id:" + anonymous }
        guard let reference else { throw APIError.badRequest("missing_visitor", "send the visitor's anonymousId (or a signed-in userId with its userHash or jwt)") }
        let answer: DecisionDesk.Answer
        do {
            answer = try await services.decisions.decide(reference: reference, channel: channel, placement: placement, limit: limit)
        } catch DecisionDeskError.unknownProfile {
            return Self.json(.object(["decisionId": .null, "placement": .string(placement), "actions": .array([])]))
        }
        let language = body.locale.flatMap { TextLanguage(rawValue: String($0.lowercased().prefix(2))) } ?? answer.language
        let actions: [JSONValue] = answer.record.result.actions.compactMap { ranked in
            guard let action = answer.actions.first(where: { $0.id == ranked.id }), let text = action.text(in: language) else { return nil }
            var fields: [String: JSONValue] = ["id": .string(ranked.id.rawValue), "kind": .string(ranked.kind.rawValue),
                                               "title": .string(text.title), "body": .string(text.body)]
            if let callToAction = text.callToAction { fields["callToAction"] = .string(callToAction) }
            return .object(fields)
        }
        return Self.json(.object(["decisionId": .string(answer.record.id), "placement": .string(placement), "actions": .array(actions)]))
    }

    /// Readable by the page that embeds the snippet, on any origin: the write key is public by design.
    static func json(_ value: JSONValue) -> Response {
        let response = Response.json(value)
        response.headers.replaceOrAdd(name: "Access-Control-Allow-Origin", value: "*")
        response.headers.replaceOrAdd(name: .cacheControl, value: "private, no-store")
        return response
    }
}

/// `POST /v1/decide`'s body. Sent as `text/plain` by the snippet, so the browser sends it without a preflight.
struct PublicDecisionBody: RequestBody {
    var writeKey: String?
    var anonymousId: String?
    var userId: String?
    var userHash: String?
    var jwt: String?
    var channel: String?
    var placement: String?
    var limit: Int?
    var locale: String?

    static func channel(_ text: String) throws -> TouchpointDomain.Channel {
        guard let channel = TouchpointDomain.Channel(rawValue: text.lowercased()), [.web, .mobile].contains(channel) else {
            throw APIError.badRequest("invalid_channel", "a page or an app asks for web or mobile, not '\(text)'")
        }
        return channel
    }
}

private extension String {
    var nonEmpty: String? { isEmpty ? nil : self }
}
