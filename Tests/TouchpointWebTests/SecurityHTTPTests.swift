import Foundation
import XCTVapor
import TouchpointDomain
import TouchpointStorage
@testable import TouchpointWeb

/// Forged requests, sign-in guessing and the audit trail, over HTTP in process.
final class SecurityHTTPTests: XCTestCase {
    func testConsoleFormsNeedTheirTokenAndTheirOwnOrigin() async throws {
        try await WebHarness.onEveryDatabase { app, database in
            let admin = try await ConsoleHTTPTests.signIn(app, role: .admin)
            var form = admin
            form.contentType = .urlEncodedForm
            form.replaceOrAdd(name: .host, value: "127.0.0.1:8080")

            var withoutToken = form
            withoutToken.remove(name: "X-CSRF-Token")
            let forged = try await app.send(.POST, "/settings/users", headers: withoutToken, body: "email=evil@example.com&name=Evil&password=long-enough&role=admin")
            XCTAssertEqual(forged.status, .forbidden, "\(database): a form without its token is refused")
            var wrongToken = withoutToken
            wrongToken.replaceOrAdd(name: "X-CSRF-Token", value: "not-the-token")
            let guessed = try await app.send(.POST, "/settings/users", headers: wrongToken, body: "email=evil@example.com&name=Evil&password=long-enough&role=admin&_csrf=guess")
            XCTAssertEqual(guessed.status, .forbidden, database)

            // A page on another port of the same host is same-site, so the browser sends the cookie: Origin tells it apart.
            var otherPort = form
            otherPort.replaceOrAdd(name: .origin, value: "http://127.0.0.1:9999")
            let crossPort = try await app.send(.POST, "/settings/users", headers: otherPort, body: "email=evil@example.com&name=Evil&password=long-enough&role=admin")
            XCTAssertEqual(crossPort.status, .forbidden, "\(database): \(crossPort.body.string)")
            let evil = try await app.touchpoint.store.userForSignIn(email: "evil@example.com")
            XCTAssertNil(evil, "\(database): no account was created")

            var ownOrigin = form
            ownOrigin.replaceOrAdd(name: .origin, value: "http://127.0.0.1:8080")
            let genuine = try await app.send(.POST, "/settings/users", headers: ownOrigin, body: "email=new@example.com&name=New&password=long-enough&role=manager")
            XCTAssertEqual(genuine.status, .created, "\(database): \(genuine.body.string.prefix(300))")

            // The live socket of the console: an upgrade from another origin is refused before it opens.
            var upgrade = admin
            upgrade.replaceOrAdd(name: .host, value: "127.0.0.1:8080")
            upgrade.replaceOrAdd(name: .origin, value: "http://127.0.0.1:9999")
            upgrade.replaceOrAdd(name: .upgrade, value: "websocket")
            upgrade.replaceOrAdd(name: .connection, value: "Upgrade")
            let socket = try await app.send(.GET, "/service/live", headers: upgrade)
            XCTAssertEqual(socket.status, .forbidden, database)

            // Every page the console renders carries the token of the browser's session in its forms.
            let page = try await app.get("/settings", headers: admin)
            let token = try XCTUnwrap(admin.first(name: "X-CSRF-Token"))
            XCTAssertTrue(page.body.string.contains("name=\"_csrf\" value=\"\(token)\""), database)
            XCTAssertFalse(page.body.string.contains(ConsoleForgeryGuard.placeholder), database)
            XCTAssertEqual(page.headers.first(name: "Referrer-Policy"), "same-origin", database)
        }
    }

    func testSignInIsThrottledPerAccountAndAudited() async throws {
        try await WebHarness.onEveryDatabase { app, database in
            try await app.touchpoint.store.createUser(email: "target@example.com", name: "Target", passwordHash: try Bcrypt.hash("the-right-one"), role: .admin)
            let (headers, token) = try await ConsoleHTTPTests.signInForm(app)
            for attempt in 1...5 {
                let wrong = try await app.send(.POST, "/login", headers: headers, body: "email=target@example.com&password=guess-\(attempt)&_csrf=\(token)")
                XCTAssertEqual(wrong.status, .unauthorized, "\(database): attempt \(attempt)")
            }
            let locked = try await app.send(.POST, "/login", headers: headers, body: "email=target@example.com&password=the-right-one&_csrf=\(token)")
            XCTAssertEqual(locked.status, .tooManyRequests, "\(database): the sixth attempt waits, even with the right password")
            let wait = try XCTUnwrap(locked.headers.first(name: .retryAfter).flatMap(Int.init))
            XCTAssertTrue((1...900).contains(wait), "\(database): Retry-After \(wait)")
            XCTAssertTrue(locked.body.string.contains("role=\"alert\""), database)
            XCTAssertNil(locked.headers.setCookie?[ConsoleCookies.session], database)

            let unknown = try await app.send(.POST, "/login", headers: headers, body: "email=nobody@example.com&password=x&_csrf=\(token)")
            XCTAssertEqual(unknown.status, .unauthorized, "\(database): another account is not locked by this one's failures")

            let audit = try await app.get("/api/v1/audit/sign-ins?limit=20")
            let outcomes = audit.json["attempts"]?.arrayValue?.compactMap { $0["outcome"]?.stringValue } ?? []
            XCTAssertEqual(outcomes.filter { $0 == "wrong_password" }.count, 5, "\(database): \(outcomes)")
            XCTAssertEqual(outcomes.filter { $0 == "throttled" }.count, 1, database)
            XCTAssertEqual(outcomes.filter { $0 == "unknown_account" }.count, 1, database)
        }
    }

    func testSignInIsThrottledPerAddress() async throws {
        try await WebHarness.onEveryDatabase { app, database in
            let (headers, token) = try await ConsoleHTTPTests.signInForm(app)
            for attempt in 1...SignInThrottle.standard.addressFailures {
                let wrong = try await app.send(.POST, "/login", headers: headers, body: "email=user\(attempt)@example.com&password=x&_csrf=\(token)")
                XCTAssertEqual(wrong.status, .unauthorized, "\(database): attempt \(attempt)")
            }
            let next = try await app.send(.POST, "/login", headers: headers, body: "email=fresh@example.com&password=x&_csrf=\(token)")
            XCTAssertEqual(next.status, .tooManyRequests, "\(database): one address trying many accounts waits")
        }
    }

    func testAdministrativeChangesAreAuditedAndOnlyAdminsReadThem() async throws {
        try await WebHarness.onEveryDatabase { app, database in
            let source = try await app.send(.POST, "/api/v1/sources", body: #"{"name":"shop app"}"#)
            XCTAssertEqual(source.status, .created, database)
            let team = try await ServiceHTTPTests.team(app, "Returns")
            let agent = try await ServiceHTTPTests.agent(app, email: "audited@example.com", teams: [team])
            let settings = try await app.send(.PUT, "/api/v1/service/settings", body: #"{"recontactWindowHours":48,"defaultCapacity":3,"defaultStrategy":"least_loaded"}"#)
            XCTAssertEqual(settings.status, .ok, "\(database): \(settings.body.string)")
            _ = try await app.collect("/v1/identify", #"{"userId":"gone","traits":{"email":"gone@example.com"}}"#)
            _ = try await app.send(.DELETE, "/api/v1/profiles/user_id:gone")

            let audit = try await app.get("/api/v1/audit?limit=50")
            XCTAssertEqual(audit.status, .ok, database)
            let entries = audit.json["entries"]?.arrayValue ?? []
            let actions = entries.compactMap { $0["action"]?.stringValue }
            for expected in ["sources.create", "service.teams.create", "users.create", "tokens.create", "service.service_settings.replace", "profiles.erase"] {
                XCTAssertTrue(actions.contains(expected), "\(database): \(expected) missing from \(actions)")
            }
            let replaced = try XCTUnwrap(entries.first { $0["action"]?.stringValue == "service.service_settings.replace" })
            XCTAssertEqual(replaced["after"]?["defaultCapacity"], .number(3), database)
            XCTAssertFalse(replaced["actor"]?.stringValue?.isEmpty ?? true, database)
            let erased = try XCTUnwrap(entries.first { $0["action"]?.stringValue == "profiles.erase" })
            XCTAssertFalse(JSONCodec.serialize(erased).contains("gone@example.com"), "\(database): the audit keeps no personal data of the erased person")

            let filtered = try await app.get("/api/v1/audit?action=service")
            XCTAssertTrue(filtered.json["entries"]?.arrayValue?.allSatisfy { $0["action"]?.stringValue?.hasPrefix("service.") == true } ?? false, database)
            let asAgent = try await app.get("/api/v1/audit", headers: agent.headers)
            XCTAssertEqual(asAgent.status, .forbidden, database)
        }
    }

    /// A leaked write key is replaced: the old one stops at once, the new one works, and the rotation is audited.
    func testARotatedWriteKeyStopsWorkingAtOnce() async throws {
        try await WebHarness.onEveryDatabase { app, database in
            let created = try await app.send(.POST, "/api/v1/sources", body: #"{"name":"kiosk"}"#)
            let id = try XCTUnwrap(created.json["id"]?.stringValue)
            let oldKey = try XCTUnwrap(created.json["writeKey"]?.stringValue)
            func headers(_ key: String) -> HTTPHeaders {
                var headers = HTTPHeaders()
                headers.basicAuthorization = BasicAuthorization(username: key, password: "")
                headers.contentType = .json
                return headers
            }
            let track = #"{"userId":"kiosk-1","event":"Store Visited"}"#
            let first = try await app.collect("/v1/track", track, headers: headers(oldKey))
            XCTAssertEqual(first.status, .ok, database)   // the key is now cached
            let rotated = try await app.send(.POST, "/api/v1/sources/\(id)/write-key")
            XCTAssertEqual(rotated.status, .created, database)
            let newKey = try XCTUnwrap(rotated.json["writeKey"]?.stringValue)
            XCTAssertNotEqual(newKey, oldKey)
            XCTAssertEqual(rotated.json["writeKeyHint"]?.stringValue, String(newKey.prefix(10)) + "…", database)
            let withOld = try await app.collect("/v1/track", track, headers: headers(oldKey))
            XCTAssertEqual(withOld.status, .unauthorized, "\(database): the old key, even cached")
            let withNew = try await app.collect("/v1/track", track, headers: headers(newKey))
            XCTAssertEqual(withNew.status, .ok, database)
            let missing = try await app.send(.POST, "/api/v1/sources/no-such-source/write-key")
            XCTAssertEqual(missing.status, .notFound, database)
            let audit = try await app.get("/api/v1/audit?action=sources.write_key")
            XCTAssertEqual(audit.json["entries"]?.arrayValue?.count, 1, database)
            XCTAssertFalse(audit.body.string.contains(newKey), "\(database): the audit never keeps a key")
        }
    }

    /// An agent who may not see a case reads none of it through the customer's timeline (API and console) either.
    func testCaseSightAppliesToTimelines() async throws {
        try await WebHarness.onEveryDatabase { app, database in
            let returns = try await ServiceHTTPTests.team(app, "Returns")
            let vip = try await ServiceHTTPTests.team(app, "VIP")
            let (_, ola) = try await ServiceHTTPTests.agent(app, email: "ola@shop.pl", teams: [returns], presence: "offline")
            _ = try await app.collect("/v1/identify", #"{"userId":"rich","traits":{"email":"rich@example.com"}}"#)
            let vipCase = try await app.send(.POST, "/api/v1/cases", body: #"{"channel":"email","customer":{"email":"rich@example.com"},"subject":"Secret VIP order","message":"confidential details"}"#)
            let vipID = try XCTUnwrap(vipCase.json["id"]?.stringValue)
            _ = try await app.send(.PATCH, "/api/v1/cases/\(vipID)", body: "{\"teamId\":\"\(vip)\"}")
            let open = try await app.send(.POST, "/api/v1/cases", body: #"{"channel":"email","customer":{"email":"rich@example.com"},"subject":"Returns question","message":"where to send it"}"#)
            let openID = try XCTUnwrap(open.json["id"]?.stringValue)
            _ = try await app.send(.PATCH, "/api/v1/cases/\(openID)", body: "{\"teamId\":\"\(returns)\"}")

            let asAdmin = try await app.get("/api/v1/profiles/user_id:rich/timeline?limit=100")
            XCTAssertTrue(asAdmin.body.string.contains("Secret VIP order"), database)
            let asAgent = try await app.get("/api/v1/profiles/user_id:rich/timeline?limit=100", headers: ola)
            XCTAssertEqual(asAgent.status, .ok, database)
            XCTAssertFalse(asAgent.body.string.contains("Secret VIP order"), "\(database): another team's case stays hidden on the timeline")
            XCTAssertFalse(asAgent.body.string.contains("confidential details"), database)
            XCTAssertTrue(asAgent.body.string.contains("Returns question"), "\(database): the agent's own team's case shows")
            XCTAssertTrue(asAgent.body.string.contains("Identify") || asAgent.body.string.contains("identify"), "\(database): other events stay")
        }
    }
}
