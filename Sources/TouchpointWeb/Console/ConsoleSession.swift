import Vapor
import TouchpointDomain

extension Request {
    private struct ConsoleUserKey: StorageKey { typealias Value = ConsoleUser }
    private struct LanguageKey: StorageKey { typealias Value = Language }

    /// The signed-in console user, set by `ConsoleSessionMiddleware`.
    var consoleUser: ConsoleUser? {
        get { storage[ConsoleUserKey.self] }
        set { storage[ConsoleUserKey.self] = newValue }
    }

    /// The page language: `?lang=`, then the `tp_lang` cookie, then the user's choice, then `Accept-Language`.
    var language: Language {
        get {
            if let chosen = storage[LanguageKey.self] { return chosen }
            if let query = query[String.self, at: "lang"], let language = Language(rawValue: query) { return language }
            if let cookie = cookies[ConsoleCookies.language]?.string, let language = Language(rawValue: cookie) { return language }
            if let saved = consoleUser?.language, let language = Language(rawValue: saved) { return language }
            return Language.preferred(acceptLanguage: headers.first(name: .acceptLanguage))
        }
        set { storage[LanguageKey.self] = newValue }
    }
}

enum ConsoleCookies {
    static let session = "tp_session"
    static let language = "tp_lang"

    static func session(_ token: String, secure: Bool) -> HTTPCookies.Value {
        HTTPCookies.Value(string: token, maxAge: 12 * 3600, path: "/", isSecure: secure, isHTTPOnly: true, sameSite: .lax)
    }
}

/// Signs console requests in from the session cookie; pages that need a user redirect to the sign-in form.
/// A `?lang=` on any page also remembers the language in a cookie.
struct ConsoleSessionMiddleware: AsyncMiddleware {
    var requireUser: Bool

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        if let token = request.cookies[ConsoleCookies.session]?.string {
            request.consoleUser = try await request.touchpoint.store.user(forSession: token)
        }
        let chosen = request.query[String.self, at: "lang"].flatMap(Language.init(rawValue:))
        if requireUser && request.consoleUser == nil {
            let response = request.redirect(to: ConsoleLink.login(next: request.url.string).href)
            if let chosen { response.cookies[ConsoleCookies.language] = HTTPCookies.Value(string: chosen.rawValue, maxAge: 365 * 86400, path: "/", sameSite: .lax) }
            return response
        }
        let response = try await next.respond(to: request)
        if let chosen {
            response.cookies[ConsoleCookies.language] = HTTPCookies.Value(string: chosen.rawValue, maxAge: 365 * 86400, path: "/", sameSite: .lax)
            if let user = request.consoleUser { try? await request.touchpoint.store.setLanguage(userID: user.id, language: chosen.rawValue) }
        }
        return response
    }
}
