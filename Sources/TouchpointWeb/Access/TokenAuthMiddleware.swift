import Vapor
import TouchpointApp
import TouchpointDomain

/// The credential a management request carries, once checked.
struct Principal: Sendable {
    var role: Role
    var name: String
    /// The person a personal token or a console session acts for; nil for the admin token and service tokens.
    var user: ConsoleUser? = nil
}

extension Request {
    private struct PrincipalKey: StorageKey { typealias Value = Principal }

    var principal: Principal? {
        get { storage[PrincipalKey.self] }
        set { storage[PrincipalKey.self] = newValue }
    }

    /// The caller, who must hold at least `role`: 401 without a valid credential, 403 with too small a role.
    func require(_ role: Role) throws -> Principal {
        guard let principal else { throw APIError.unauthorized("send an API token: Authorization: Bearer TOKEN") }
        guard principal.role.allows(role) else {
            throw APIError.forbidden("this needs the \(role.rawValue) role; your credential has \(principal.role.rawValue)")
        }
        return principal
    }
}

/// `Authorization: Bearer TOKEN` for the management API. Tokens are looked up by their hash; a valid one is
/// remembered for a few seconds.
///
/// Every call of the management API names its token, and a channel asking for decisions calls many times a second:
/// looking the token up each time was a read of the database (a round trip on PostgreSQL) in front of every answer.
/// Only tokens the database accepted are kept (5 s, at most 1,024, then the cache starts over), so a made-up token is
/// looked up every time and fills nothing; the store has no way to revoke a token or change its role, and a person's
/// name or language changed in the console reaches token calls within the 5 s.
struct TokenAuthMiddleware: AsyncMiddleware {
    let cache = ExpiringCache<String, Principal>(lifetime: 5_000_000_000, capacity: 1_024)

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        if request.principal == nil {
            guard let bearer = request.headers.bearerAuthorization?.token, !bearer.isEmpty else {
                throw APIError.unauthorized("send an API token: Authorization: Bearer TOKEN")
            }
            let now = DispatchTime.now().uptimeNanoseconds
            if let known = cache.value(for: bearer, now: now) {
                request.principal = known
            } else {
                guard let credential = try await request.touchpoint.store.credential(forToken: bearer) else {
                    throw APIError.unauthorized("the API token is not valid: create one in the console or use TOUCHPOINT_ADMIN_TOKEN")
                }
                let principal = Principal(role: credential.role, name: credential.user?.name ?? "token", user: credential.user)
                cache.store(principal, for: bearer, now: now)
                request.principal = principal
            }
        }
        return try await next.respond(to: request)
    }
}
