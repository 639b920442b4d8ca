import Foundation
import Crypto
import Synchronization
import Vapor
import TouchpointStorage

/// Keeps pages of other sites — including another port of the same host, which browsers treat as the same site and
/// send the session cookie to — from acting as a signed-in console user.
///
/// Two checks, as OWASP recommends for cookie sessions:
/// - every console form carries a token (`_csrf`) that is an HMAC of the browser's session (or, before sign-in, of a
///   random pre-session cookie) under a key every node shares; another page can neither read it nor make it;
/// - every unsafe request and every WebSocket upgrade made with cookies must come from this server's own origin.
struct ConsoleForgeryGuard: AsyncMiddleware {
    static let formField = "_csrf"
    static let preSessionCookie = "tp_pre"
    /// Templates write this where the token goes; `ConsoleController.render` puts the request's token in its place.
    static let placeholder = "__TOUCHPOINT_CSRF_TOKEN__"

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let isUpgrade = request.headers.first(name: .upgrade)?.lowercased() == "websocket"
        let isUnsafe = ![.GET, .HEAD, .OPTIONS].contains(request.method)
        if (isUnsafe || isUpgrade) && !Self.comesFromOwnOrigin(request) {
            throw APIError.forbidden("this request came from another site's page (Origin \(request.headers.first(name: .origin) ?? "unknown")); open the console itself and try again")
        }
        var newPreSession: String?
        if request.cookies[ConsoleCookies.session] == nil && request.cookies[Self.preSessionCookie] == nil {
            newPreSession = makeSecret(prefix: "")
        }
        let binding = request.cookies[ConsoleCookies.session]?.string ?? request.cookies[Self.preSessionCookie]?.string ?? newPreSession ?? ""
        let expected = request.touchpoint.forgeryKeys.token(binding: binding)
        request.storage[TokenKey.self] = expected
        if isUnsafe {
            // A form that did not arrive in one piece (a long article, an image) is read before its token is looked for.
            if request.body.data == nil, !isUpgrade { _ = try await request.body.collect(max: 4 << 20).get() }
            let sent = (try? request.content.get(String.self, at: Self.formField)) ?? request.headers.first(name: "X-CSRF-Token") ?? ""
            guard newPreSession == nil, Self.constantTimeEqual(sent, expected) else {
                throw APIError.forbidden("the form's security token is missing or stale (for example after signing in on another tab): reload the page and send it again")
            }
        }
        let response = try await next.respond(to: request)
        if let newPreSession {
            response.cookies[Self.preSessionCookie] = HTTPCookies.Value(string: newPreSession, maxAge: 12 * 3600, path: "/",
                                                                          isSecure: request.arrivedOverTLS, isHTTPOnly: true, sameSite: .lax)
        }
        return response
    }

    private struct TokenKey: StorageKey { typealias Value = String }

    /// The token this request's forms carry.
    static func token(for request: Request) -> String { request.storage[TokenKey.self] ?? "" }

    /// Whether the browser says the request came from a page of this server. Requests without Origin or Referer come
    /// from programs, not pages (browsers send Origin on every POST and WebSocket upgrade); the form token still applies to them.
    static func comesFromOwnOrigin(_ request: Request) -> Bool {
        let claimed = request.headers.first(name: .origin) ?? request.headers.first(name: .referer)
        guard let claimed else { return true }
        guard claimed != "null", let url = URL(string: claimed), let originHost = url.host else { return false }
        let originAuthority = url.port.map { "\(originHost):\($0)" } ?? originHost
        let hosts = [request.headers.first(name: "X-Forwarded-Host"), request.headers.first(name: .host)].compactMap { $0?.lowercased() }
        return hosts.contains { host in
            host == originAuthority.lowercased() || (url.port == nil && (host == "\(originHost.lowercased()):80" || host == "\(originHost.lowercased()):443"))
        }
    }

    static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let left = Array(a.utf8), right = Array(b.utf8)
        guard left.count == right.count else { return false }
        var difference: UInt8 = 0
        for index in left.indices { difference |= left[index] ^ right[index] }
        return difference == 0
    }
}

/// The key that signs anti-forgery tokens: shared by every node (stored in the database), loaded once at start.
final class ForgeryKeys: Sendable {
    private let key = Mutex<SymmetricKey>(SymmetricKey(size: .bits256))

    func use(secret: String) { key.withLock { $0 = SymmetricKey(data: Data(SHA256.hash(data: Data(secret.utf8)))) } }

    func token(binding: String) -> String {
        let mac = key.withLock { HMAC<SHA256>.authenticationCode(for: Data(("csrf:" + binding).utf8), using: $0) }
        return Data(mac).base64URLEncoded
    }
}
