import Foundation
import XCTVapor
import TouchpointDomain
import TouchpointStorage
@testable import TouchpointWeb

final class ConsoleHTTPTests: XCTestCase {
    /// Signs in a console user and returns the session cookie header.
    static func signIn(_ app: Application, role: Role = .admin) async throws -> HTTPHeaders {
        let email = "\(role.rawValue)@example.com"
        if try await app.touchpoint.store.userForSignIn(email: email) == nil {
            try await app.touchpoint.store.createUser(email: email, name: "Test \(role.rawValue)", passwordHash: try Bcrypt.hash("correct-horse"), role: role)
        }
        let (headers, token) = try await signInForm(app)
        let response = try await app.send(.POST, "/login", headers: headers, body: "email=\(email)&password=correct-horse&next=/profiles&_csrf=\(token)")
        XCTAssertEqual(response.status, .seeOther, response.body.string)
        XCTAssertEqual(response.headers.first(name: .location), "/profiles")
        let cookie = try XCTUnwrap(response.headers.setCookie?[ConsoleCookies.session]?.string)
        var session = HTTPHeaders()
        session.cookie = HTTPCookies(dictionaryLiteral: (ConsoleCookies.session, HTTPCookies.Value(string: cookie)))
        // What the console's forms carry (the guard also reads it from this header).
        session.replaceOrAdd(name: "X-CSRF-Token", value: app.touchpoint.forgeryKeys.token(binding: cookie))
        return session
    }

    /// Opens the sign-in form as a browser would: the pre-session cookie it sets, and the token its form carries.
    static func signInForm(_ app: Application) async throws -> (HTTPHeaders, String) {
        let form = try await app.get("/login", headers: [:])
        let pre = try XCTUnwrap(form.headers.setCookie?[ConsoleForgeryGuard.preSessionCookie]?.string)
        let token = app.touchpoint.forgeryKeys.token(binding: pre)
        XCTAssertTrue(form.body.string.contains("name=\"_csrf\" value=\"\(token)\""), "the form carries the token")
        var headers = HTTPHeaders()
        headers.contentType = .urlEncodedForm
        headers.cookie = HTTPCookies(dictionaryLiteral: (ConsoleForgeryGuard.preSessionCookie, HTTPCookies.Value(string: pre)))
        return (headers, token)
    }

    func testPagesNeedASignIn() async throws {
        try await WebHarness.onEveryDatabase { app, database in
            let response = try await app.get("/profiles", headers: [:])
            XCTAssertEqual(response.status, .seeOther, database)
            XCTAssertEqual(response.headers.first(name: .location), "/login?next=/profiles", database)
            let (headers, token) = try await Self.signInForm(app)
            let wrong = try await app.send(.POST, "/login", headers: headers, body: "email=nobody@example.com&password=x&_csrf=\(token)")
            XCTAssertEqual(wrong.status, .unauthorized, database)
            XCTAssertTrue(wrong.body.string.contains("role=\"alert\""), database)
        }
    }

    func testEveryPageRendersWithData() async throws {
        try await WebHarness.onEveryDatabase { app, database in
            _ = try await app.collect("/v1/identify", #"{"userId":"zofia","traits":{"name":"Zofia Nowak","email":"zofia@example.pl"}}"#)
            _ = try await app.collect("/v1/track", #"{"userId":"zofia","event":"Order Completed","properties":{"revenue":120},"context":{"channel":"store"}}"#)
            let session = try await Self.signIn(app)
            for path in ["/", "/profiles", "/profiles?q=nowak", "/profiles/user_id:zofia", "/journeys", "/sources", "/settings"] {
                let page = try await app.get(path, headers: session)
                XCTAssertEqual(page.status, .ok, "\(database) \(path): \(page.body.string.prefix(300))")
                XCTAssertTrue(page.body.string.contains("<main id=\"main\""), "\(database) \(path)")
            }
            let overview = try await app.get("/", headers: session)
            XCTAssertTrue(overview.body.string.contains("<svg"), "charts are drawn by the server")
            let profile = try await app.get("/profiles/user_id:zofia", headers: session)
            XCTAssertTrue(profile.body.string.contains("Zofia Nowak"), database)
            XCTAssertTrue(profile.body.string.contains("ch-store"), "\(database): the timeline marks each channel")
            let missing = try await app.get("/profiles/user_id:nobody", headers: session)
            XCTAssertEqual(missing.status, .notFound, database)
        }
    }

    /// The overview leads with the customer experience (satisfaction, first-contact resolution, open and breached cases,
    /// value at risk, the lifecycle mix); times are shown in the company's zone, zero-padded.
    func testOverviewShowsCXFiguresAndTimesInTheCompanysZone() async throws {
        try await WebHarness.onEveryDatabase { app, database in
            _ = try await app.collect("/v1/identify", #"{"userId":"ola","traits":{"name":"Ola Nowak"},"timestamp":"2026-06-01T07:05:00Z"}"#)
            let opened = try await app.send(.POST, "/api/v1/cases", body: #"{"channel":"store","customer":{"name":"Ola"},"subject":"Broken kettle","message":"It leaks"}"#)
            let number = try XCTUnwrap(opened.json["number"]?.doubleValue).formatted(.number.grouping(.never))
            _ = try await app.send(.POST, "/api/v1/cases/\(number)/status", body: #"{"status":"resolved"}"#)
            _ = try await app.send(.POST, "/api/v1/cases/\(number)/csat", body: #"{"score":5}"#)
            _ = try await app.send(.POST, "/api/v1/cases", body: #"{"channel":"email","customer":{"email":"open@example.com"},"subject":"Still open","message":"?"}"#)
            let session = try await Self.signIn(app)
            let overview = try await app.get("/?lang=en", headers: session)
            let page = overview.body.string
            for label in ["Customer experience (30 days)", "Satisfied customers (CSAT)", "Resolved at first contact", "Open cases", "Value at risk of churn", "Customers by CX stage"] {
                XCTAssertTrue(page.contains(label), "\(database): \(label) missing")
            }
            XCTAssertTrue(page.contains("100%"), "\(database): one rating of 5 is 100 % satisfied")
            XCTAssertTrue(page.contains("1 ratings · average 5 / 5") || page.contains("1 ratings · average 5.0 / 5"), database)

            // The customer list has the columns a CX manager sorts people by; the 360° view lists the customer's cases.
            let list = try await app.get("/profiles?lang=en", headers: session)
            for column in ["Stage", "Value tier", "Open cases"] { XCTAssertTrue(list.body.string.contains(column), "\(database): \(column)") }
            XCTAssertTrue(list.body.string.contains("open@example.com"), "\(database): a customer known by e-mail is listed by it, not as an anonymous visitor")
            let withCase = try await app.get("/profiles/email:open@example.com?lang=en", headers: session)
            XCTAssertTrue(withCase.body.string.contains("Still open"), "\(database): \(withCase.body.string.prefix(200))")

            app.touchpoint.companyTimeZone.set("Europe/Warsaw")
            let profile = try await app.get("/profiles/user_id:ola?lang=en", headers: session)
            XCTAssertTrue(profile.body.string.contains("09:05"), "\(database): 07:05 UTC is 09:05 in Warsaw in June, zero-padded")
            XCTAssertFalse(profile.body.string.contains(" UTC"), "\(database): the company's own zone needs no label")
        }
    }

    /// Journeys: a period and a channel filter on the page, durations in days, a legend, no heading twice.
    func testJourneysPageFiltersAndExplainsItself() async throws {
        try await WebHarness.onEveryDatabase { app, database in
            _ = try await app.collect("/v1/track", #"{"userId":"j1","event":"Product Viewed","timestamp":"2026-03-01T10:00:00Z"}"#)
            _ = try await app.collect("/v1/track", #"{"userId":"j1","event":"Order Completed","properties":{"revenue":10},"timestamp":"2026-03-05T10:00:00Z"}"#)
            _ = try await app.touchpoint.lifecycle.catchUp()
            let session = try await Self.signIn(app)
            let page = try await app.get("/journeys?lang=en&from=2026-01-01&to=2026-12-31&channel=web", headers: session)
            XCTAssertEqual(page.status, .ok, database)
            let html = page.body.string
            XCTAssertTrue(html.contains("Median (days)") && html.contains("a move forward in the cycle"), database)
            XCTAssertTrue(html.contains("<option value=\"web\" selected>"), "\(database): the chosen channel stays selected")
            let headings = html.components(separatedBy: "<h2>").dropFirst().map { $0.components(separatedBy: "</h2>")[0] }
            XCTAssertEqual(headings.count, Set(headings).count, "\(database): no heading twice: \(headings)")
            let backwards = try await app.get("/journeys?lang=en&from=2026-12-31&to=2026-01-01", headers: session)
            XCTAssertTrue(backwards.body.string.contains("must come before its end"), database)
        }
    }

    func testCustomerSuppliedTextIsEscaped() async throws {
        try await WebHarness.onEveryDatabase { app, database in
            let payload = "<script>alert('x')</script>"
            _ = try await app.collect("/v1/identify", #"{"userId":"evil","traits":{"name":"\#(payload)","note":"<img src=x onerror=alert(1)>"}}"#)
            _ = try await app.collect("/v1/track", #"{"userId":"evil","event":"\#(payload)","properties":{"comment":"\#(payload)"}}"#)
            let session = try await Self.signIn(app)
            for path in ["/profiles", "/profiles/user_id:evil", "/profiles?q=script"] {
                let body = try await app.get(path, headers: session).body.string
                XCTAssertFalse(body.contains("<script>"), "\(database) \(path) must escape customer text")
                XCTAssertFalse(body.contains("<img src=x"), "\(database) \(path)")
            }
            let body = try await app.get("/profiles/user_id:evil", headers: session).body.string
            XCTAssertTrue(body.contains("&lt;script&gt;"), database)
        }
    }

    func testLanguagesSwitchAndFollowTheBrowser() async throws {
        try await WebHarness.onEveryDatabase { app, database in
            var session = try await Self.signIn(app)
            let polish = try await app.get("/?lang=pl", headers: session)
            XCTAssertTrue(polish.body.string.contains("<html lang=\"pl\">"), database)
            XCTAssertTrue(polish.body.string.contains("Przegląd"), database)
            XCTAssertEqual(polish.headers.setCookie?[ConsoleCookies.language]?.string, "pl", database)
            let russian = try await app.get("/profiles?lang=ru", headers: session)
            XCTAssertTrue(russian.body.string.contains("Клиенты"), database)
            session.replaceOrAdd(name: .acceptLanguage, value: "ru-RU,ru;q=0.9,en;q=0.5")
            let fromBrowser = try await app.get("/login", headers: ["Accept-Language": "pl-PL,pl;q=0.9"])
            XCTAssertTrue(fromBrowser.body.string.contains("Zaloguj się"), database)
        }
    }

    func testOnlyAdminsCreateSourcesAndUsers() async throws {
        try await WebHarness.onEveryDatabase { app, database in
            let agent = try await Self.signIn(app, role: .agent)
            var form = agent
            form.contentType = .urlEncodedForm
            let refused = try await app.send(.POST, "/sources", headers: form, body: "name=sneaky")
            XCTAssertEqual(refused.status, .forbidden, database)
            let admin = try await Self.signIn(app, role: .admin)
            var adminForm = admin
            adminForm.contentType = .urlEncodedForm
            let created = try await app.send(.POST, "/sources", headers: adminForm, body: "name=mobile+app")
            XCTAssertEqual(created.status, .created, database)
            XCTAssertTrue(created.body.string.contains("tp_wk_"), "\(database): the new key is shown once")
            let user = try await app.send(.POST, "/settings/users", headers: adminForm, body: "email=new@example.com&name=New&password=long-enough&role=manager")
            XCTAssertEqual(user.status, .created, database)

            // How long a source's events are kept: set by an admin from the page, in days or for ever.
            let source = try await unwrapSource(app, named: "mobile app")
            let agentRetention = try await app.send(.POST, "/sources/\(source)/retention", headers: form, body: "days=30")
            XCTAssertEqual(agentRetention.status, .forbidden, database)
            let tooShort = try await app.send(.POST, "/sources/\(source)/retention", headers: adminForm, body: "days=2")
            XCTAssertEqual(tooShort.status, .unprocessableEntity, database)
            let kept = try await app.send(.POST, "/sources/\(source)/retention", headers: adminForm, body: "days=400")
            XCTAssertEqual(kept.status, .ok, database)
            XCTAssertTrue(kept.body.string.contains("400 days"), "\(database): the page shows the retention")
            let listed = try await app.get("/api/v1/sources")
            XCTAssertEqual(listed.json.arrayValue?.first { $0["id"]?.stringValue == source }?["retentionDays"]?.integerValue, 400, database)
            let forever = try await app.send(.POST, "/sources/\(source)/retention", headers: adminForm, body: "days=")
            XCTAssertEqual(forever.status, .ok, database)
            XCTAssertTrue(forever.body.string.contains("for ever"), database)
        }
    }

    private func unwrapSource(_ app: Application, named name: String) async throws -> String {
        let sources = try await app.get("/api/v1/sources")
        return try XCTUnwrap(sources.json.arrayValue?.first { $0["name"]?.stringValue == name }?["id"]?.stringValue)
    }
}

final class LanguageTests: XCTestCase {
    func testEveryStringExistsInEveryLanguage() {
        for (key, entry) in Strings.table {
            XCTAssertFalse(entry.pl.isEmpty, key)
            XCTAssertFalse(entry.en.isEmpty, key)
            XCTAssertFalse(entry.ru.isEmpty, key)
        }
    }

    func testAcceptLanguagePicksBestSupported() {
        XCTAssertEqual(Language.preferred(acceptLanguage: "de-DE,de;q=0.9,pl;q=0.8,en;q=0.7"), .pl)
        XCTAssertEqual(Language.preferred(acceptLanguage: "ru"), .ru)
        XCTAssertEqual(Language.preferred(acceptLanguage: "fr"), .en)
        XCTAssertEqual(Language.preferred(acceptLanguage: nil), .en)
    }
}
