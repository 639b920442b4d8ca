import Foundation
import Crypto
import XCTVapor
import TouchpointDomain
@testable import TouchpointWeb

/// Chat identity verification (user hashes and JWTs) and signed visitor tokens.
final class ChatIdentityTests: XCTestCase {
    let secret = "tp_iv_test-secret"
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    func hash(_ subject: String, secret: String? = nil) -> String {
        HMAC<SHA256>.authenticationCode(for: Data(subject.utf8), using: SymmetricKey(data: Data((secret ?? self.secret).utf8))).map { String(format: "%02x", $0) }.joined()
    }

    func jwt(_ claims: JSONValue, alg: String = "HS256", secret: String? = nil) -> String {
        let header = Data(JSONCodec.serialize(.object(["alg": .string(alg), "typ": .string("JWT")])).utf8).base64URLEncoded
        let payload = Data(JSONCodec.serialize(claims).utf8).base64URLEncoded
        let mac = HMAC<SHA256>.authenticationCode(for: Data((header + "." + payload).utf8), using: SymmetricKey(data: Data((secret ?? self.secret).utf8)))
        return header + "." + payload + "." + Data(mac).base64URLEncoded
    }

    func testAUserHashProvesTheUserIdOrTheEmail() {
        let byId = JSONValue.object(["userId": .string("u-42"), "email": .string("ann@example.com"), "userHash": .string(hash("u-42"))])
        XCTAssertEqual(ChatIdentityVerifier.verify(frame: byId, secret: secret, now: now)?.userId, "u-42")
        let byEmail = JSONValue.object(["email": .string("ann@example.com"), "userHash": .string(hash("ann@example.com").uppercased())])
        XCTAssertEqual(ChatIdentityVerifier.verify(frame: byEmail, secret: secret, now: now)?.email, "ann@example.com")
        let wrongSubject = JSONValue.object(["userId": .string("u-43"), "userHash": .string(hash("u-42"))])
        XCTAssertNil(ChatIdentityVerifier.verify(frame: wrongSubject, secret: secret, now: now))
        let otherSecret = JSONValue.object(["userId": .string("u-42"), "userHash": .string(hash("u-42", secret: "another"))])
        XCTAssertNil(ChatIdentityVerifier.verify(frame: otherSecret, secret: secret, now: now))
        XCTAssertNil(ChatIdentityVerifier.verify(frame: byId, secret: nil, now: now), "without a secret nothing is proven")
        XCTAssertNil(ChatIdentityVerifier.verify(frame: .object(["userId": .string("u-42")]), secret: secret, now: now))
    }

    func testAJWTProvesItsClaimsUntilItExpires() {
        let claims = JSONValue.object(["external_id": .string("u-7"), "email": .string("jan@example.pl"), "name": .string("Jan"),
                                       "exp": .number(now.timeIntervalSince1970 + 300)])
        let proven = ChatIdentityVerifier.verify(frame: .object(["jwt": .string(jwt(claims))]), secret: secret, now: now)
        XCTAssertEqual(proven, .init(userId: "u-7", email: "jan@example.pl", name: "Jan", phone: nil))
        XCTAssertNil(ChatIdentityVerifier.verify(frame: .object(["jwt": .string(jwt(claims))]), secret: secret, now: now.addingTimeInterval(301)), "expired")
        XCTAssertNil(ChatIdentityVerifier.verify(frame: .object(["jwt": .string(jwt(claims, secret: "other"))]), secret: secret, now: now), "wrong key")
        XCTAssertNil(ChatIdentityVerifier.verify(frame: .object(["jwt": .string(jwt(claims, alg: "none"))]), secret: secret, now: now), "alg none")
        let noExpiry = JSONValue.object(["sub": .string("u-7")])
        XCTAssertNil(ChatIdentityVerifier.verify(frame: .object(["jwt": .string(jwt(noExpiry))]), secret: secret, now: now), "exp is required")
        var tampered = jwt(claims).split(separator: ".").map(String.init)
        tampered[1] = Data(JSONCodec.serialize(.object(["external_id": .string("admin"), "exp": .number(now.timeIntervalSince1970 + 300)])).utf8).base64URLEncoded
        XCTAssertNil(ChatIdentityVerifier.verify(frame: .object(["jwt": .string(tampered.joined(separator: "."))]), secret: secret, now: now))
        XCTAssertNil(ChatIdentityVerifier.verify(frame: .object(["jwt": .string("not.a.jwt")]), secret: secret, now: now))
    }

    func testVisitorTokensAreSignedExpiringAndBoundToTheirSource() {
        let tokens = ChatVisitorTokens()
        tokens.use(secret: "shared")
        let source = SourceID(rawValue: "src-1")
        let (token, visitor) = tokens.issue(sourceID: source, now: now)
        XCTAssertEqual(tokens.verify(token, sourceID: source, now: now)?.id, visitor.id)
        XCTAssertNil(tokens.verify(token, sourceID: SourceID(rawValue: "src-2"), now: now), "another source's token")
        XCTAssertNil(tokens.verify(token, sourceID: source, now: now.addingTimeInterval(ChatVisitorTokens.lifetime + 1)), "expired")
        var parts = token.split(separator: ".").map(String.init)
        parts[1] = ChatVisitorTokens.newVisitorID()
        XCTAssertNil(tokens.verify(parts.joined(separator: "."), sourceID: source, now: now), "another visitor's id under this signature")
        let otherNode = ChatVisitorTokens()
        otherNode.use(secret: "shared")
        XCTAssertEqual(otherNode.verify(token, sourceID: source, now: now)?.id, visitor.id, "every node with the shared secret accepts it")
        XCTAssertNotEqual(ChatVisitorTokens.publicID(of: visitor.id), visitor.id)
        XCTAssertTrue(ChatVisitorTokens.publicID(of: visitor.id).hasPrefix("chat-"))
    }

    func testNewVisitorsAreLimitedPerAddressAndSecretsAreForAdmins() async throws {
        try await WebHarness.onEveryDatabase { app, database in
            var headers = HTTPHeaders()
            headers.contentType = .plainText
            var first: String?
            for index in 1...20 {
                let session = try await app.send(.POST, "/chat/session?key=\(WebHarness.writeKey)", headers: headers)
                XCTAssertEqual(session.status, .ok, "\(database): visitor \(index)")
                first = first ?? session.json["token"]?.stringValue
            }
            let over = try await app.send(.POST, "/chat/session?key=\(WebHarness.writeKey)", headers: headers)
            XCTAssertEqual(over.status, .tooManyRequests, database)
            XCTAssertNotNil(over.headers.first(name: .retryAfter), database)
            let renewed = try await app.send(.POST, "/chat/session?key=\(WebHarness.writeKey)", headers: headers, body: try XCTUnwrap(first))
            XCTAssertEqual(renewed.status, .ok, "\(database): renewing is not a new visitor")
            XCTAssertEqual(renewed.json["renewed"], .bool(true), database)
            let wrongKey = try await app.send(.POST, "/chat/session?key=nope", headers: headers)
            XCTAssertEqual(wrongKey.status, .unauthorized, database)

            let sources = try await app.get("/api/v1/sources")
            let source = try XCTUnwrap(sources.json.arrayValue?.first?["id"]?.stringValue)
            let agent = try await ServiceHTTPTests.agent(app, email: "no-secrets@example.com")
            let refused = try await app.send(.POST, "/api/v1/sources/\(source)/identity-secret", headers: agent.headers, body: "{}")
            XCTAssertEqual(refused.status, .forbidden, database)
            let made = try await app.send(.POST, "/api/v1/sources/\(source)/identity-secret", body: "{}")
            XCTAssertEqual(made.status, .created, database)
            XCTAssertTrue(made.json["identitySecret"]?.stringValue?.hasPrefix("tp_iv_") ?? false, database)
            let missing = try await app.send(.POST, "/api/v1/sources/no-such-source/identity-secret", body: "{}")
            XCTAssertEqual(missing.status, .notFound, database)
        }
    }
}
