import Vapor
import TouchpointDomain
import TouchpointStorage

/// The console's sign-in: the form, the throttled check, and signing out.
extension ConsoleController {
    // MARK: Sign-in

    func loginForm(_ request: Request) async throws -> Response {
        if request.consoleUser != nil { return request.redirect(to: ConsoleLink.overview.href) }
        return try await render(request, "login", loginPage(request, email: "", error: nil))
    }

    /// Signs in with e-mail and password. Failures are throttled per account and per address (429 with Retry-After),
    /// every attempt is recorded, and an unknown e-mail costs the same bcrypt work as a wrong password, so the answer's
    /// timing does not tell which e-mails have accounts. bcrypt runs on the thread pool, never on an event loop.
    func login(_ request: Request) async throws -> Response {
        struct Form: Content {
            var email: String?
            var password: String?
            var next: String?
        }
        let form = try request.content.decode(Form.self)
        let email = String((form.email?.trimmingCharacters(in: .whitespaces) ?? "").prefix(254))
        let normalized = email.lowercased()
        let address = request.clientAddress
        let store = request.touchpoint.store
        let strings = Strings.all(request.language)
        let now = Date()
        let throttle = SignInThrottle.standard
        let failures = try await store.signInFailures(email: normalized, address: address, since: now.addingTimeInterval(-throttle.window))
        if let wait = throttle.wait(accountFailureTimes: failures.account, addressFailureTimes: failures.address, now: now) {
            try await store.recordSignInAttempt(SignInAttempt(at: now, email: normalized, address: address, outcome: .throttled))
            let minutes = max(1, (wait + 59) / 60)
            let message = strings["sign_in_throttled"]!.replacingOccurrences(of: "{minutes}", with: String(minutes))
            let response = try await render(request, "login", loginPage(request, email: email, error: message, next: form.next), status: .tooManyRequests)
            response.headers.replaceOrAdd(name: .retryAfter, value: String(wait))
            return response
        }
        let found = try await store.userForSignIn(email: normalized)
        let hash = found?.passwordHash ?? Self.decoyPasswordHash
        let password = form.password ?? ""
        let verified = try await request.application.threadPool.runIfActive { (try? Bcrypt.verify(password, created: hash)) == true }
        if let (user, _) = found, verified {
            try await store.recordSignInAttempt(SignInAttempt(at: now, email: normalized, address: address, outcome: .succeeded))
            let token = try await store.createSession(userID: user.id)
            let response = request.redirect(to: ConsoleLink.safeReturnPath(form.next), redirectType: .normal)
            response.cookies[ConsoleCookies.session] = ConsoleCookies.session(token, secure: request.arrivedOverTLS)
            return response
        }
        try await store.recordSignInAttempt(SignInAttempt(at: now, email: normalized, address: address, outcome: found == nil ? .unknownAccount : .wrongPassword))
        let response = try await render(request, "login", loginPage(request, email: email, error: strings["sign_in_failed"], next: form.next))
        response.status = .unauthorized
        return response
    }

    /// A bcrypt hash of a password nobody has, at the cost real hashes use: verified against when the e-mail is unknown.
    static let decoyPasswordHash: String = (try? Bcrypt.hash(makeSecret(prefix: "decoy-"))) ?? "$2b$12$invalidinvalidinvalidinvalidinvalidinvalidinvalidinva"

    func logout(_ request: Request) async throws -> Response {
        if let token = request.cookies[ConsoleCookies.session]?.string {
            try await request.touchpoint.store.endSession(token)
        }
        let response = request.redirect(to: ConsoleLink.login(next: nil).href, redirectType: .normal)
        response.cookies[ConsoleCookies.session] = HTTPCookies.Value(string: "", expires: Date(timeIntervalSince1970: 0), maxAge: 0, path: "/", isHTTPOnly: true, sameSite: .lax)
        return response
    }

    func loginPage(_ request: Request, email: String, error: String?, next: String? = nil) -> LoginPage {
        let strings = Strings.all(request.language)
        return LoginPage(layout: LayoutContext(language: request.language, title: strings["sign_in_title"]!, section: .none, user: nil, path: request.url.string),
                         next: ConsoleLink.safeReturnPath(next ?? request.query[String.self, at: "next"]), email: email, error: error,
                         action: ConsoleLink.login(next: nil).href)
    }
}
