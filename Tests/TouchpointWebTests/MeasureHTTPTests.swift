import Foundation
import Crypto
import Synchronization
import Vapor
import XCTVapor
import TouchpointDomain
@testable import TouchpointWeb

/// Measurement over HTTP on both databases: the CONTRACT's pyramid and channel shapes, bad periods, channels and
/// segments refused with 4xx, settings checked field by field with the secret never read back, and an alert raised
/// once per crossing and posted, signed, to a real webhook receiver.
final class MeasureHTTPTests: XCTestCase {
    func testThePyramidAndTheChannelsKeepTheContract() async throws {
        try await WebHarness.onEveryDatabase { app, database in
            let order = try await app.collect("/v1/track", #"{"userId":"ola","event":"Order Completed","properties":{"revenue":120},"context":{"channel":"web"}}"#)
            XCTAssertEqual(order.status, .ok, order.body.string)
            let opened = try await app.send(.POST, "/api/v1/cases", body: #"{"channel":"email","customer":{"email":"ola@example.com"},"subject":"Parcel","message":"Where is it?"}"#)
            XCTAssertEqual(opened.status, .created, opened.body.string)

            let pyramid = try await app.get("/api/v1/cx/pyramid")
            XCTAssertEqual(pyramid.status, .ok, pyramid.body.string)
            let levels = pyramid.json["levels"]?.arrayValue ?? []
            XCTAssertEqual(levels.compactMap { $0["level"]?.doubleValue }, [1, 2, 3, 4, 5], database)
            XCTAssertEqual(levels.first?["key"]?.stringValue, "useful_information")
            for level in levels {
                for field in ["score", "target", "met", "counts"] { XCTAssertNotNil(level[field], "\(database): level.\(field)") }
            }
            let firstLevel = levels.first?["indicators"]?.arrayValue ?? []
            let contacts = firstLevel.first { $0["key"]?.stringValue == "contacts_per_order" }
            XCTAssertEqual(contacts?["value"]?.doubleValue, 1, "\(database): one case per order")
            XCTAssertEqual(contacts?["met"], .bool(false))
            XCTAssertEqual(contacts?["explanation"]?.stringValue, "/cx/indicators/contacts_per_order")
            XCTAssertEqual(pyramid.json["reached"]?.doubleValue, 0, database)

            let channels = try await app.get("/api/v1/cx/channels?from=2020-01-01")
            XCTAssertEqual(channels.status, .ok, channels.body.string)
            let email = channels.json["channels"]?.arrayValue?.first { $0["channel"]?.stringValue == "email" }
            XCTAssertEqual(email?["contacts"]?.doubleValue, 1, database)
            for field in ["answeredShare", "abandonedShare", "waitP50Seconds", "waitP90Seconds", "hoursCovered", "csat", "nps", "firstContactResolution"] {
                XCTAssertNotNil(email?[field], "\(database): channels.\(field)")
            }
            XCTAssertNotNil(channels.json["spread"]?.arrayValue, database)

            for (path, status, code) in [("/api/v1/cx/pyramid?from=2026-13-01", 400, "invalid_date"), ("/api/v1/cx/pyramid?from=2026-05-01&to=2026-04-01", 400, "invalid_period"),
                                         ("/api/v1/cx/pyramid?channel=fax", 400, "invalid_channel"), ("/api/v1/cx/pyramid?segment=nope", 404, "not_found"),
                                         ("/api/v1/cx/channels?to=99999999999999999999", 400, "invalid_date"),
                                         ("/api/v1/cx/alerts?limit=99999999999999999999", 400, nil)] {
                let refused = try await app.get(path)
                XCTAssertEqual(Int(refused.status.code), status, "\(database) \(path): \(refused.body.string)")
                if let code { XCTAssertEqual(refused.errorCode, code, "\(database) \(path)") }
            }
            let (_, agent) = try await ServiceHTTPTests.agent(app, email: "measure-\(database)@shop.pl")
            let forbidden = try await app.get("/api/v1/cx/pyramid", headers: agent)
            XCTAssertEqual(forbidden.status, .forbidden, database)
            let health = try await app.get("/health")
            XCTAssertEqual(health.status, .ok, database)
        }
    }

    func testSettingsAreCheckedAndTheSecretIsNeverReadBack() async throws {
        try await WebHarness.onEveryDatabase { app, database in
            let bad = try await app.send(.PUT, "/api/v1/cx/settings", body: #"{"targets":{"fcr":0.7,"csat":2},"levelTargets":{"needs_met":0},"repeatContactDays":-1,"alertWebhookURL":"ftp://x","alertWebhookSecret":"short","alertRules":[{"id":"a","indicator":"abandonedShare"}],"colour":"red"}"#)
            XCTAssertEqual(bad.status, .unprocessableEntity, bad.body.string)
            XCTAssertEqual(bad.errorCode, "invalid_settings")
            XCTAssertEqual(bad.json["problems"]?.arrayValue?.count, 1, "\(database): an unknown field is refused first: \(bad.body.string)")
            let invalid = try await app.send(.PUT, "/api/v1/cx/settings", body: #"{"targets":{"fcr":0.7,"csat":2},"levelTargets":{"needs_met":0},"repeatContactDays":-1,"alertWebhookURL":"ftp://x","alertWebhookSecret":"short","alertRules":[{"id":"a","indicator":"abandonedShare"}]}"#)
            XCTAssertEqual(invalid.status, .unprocessableEntity, invalid.body.string)
            XCTAssertEqual(invalid.json["problems"]?.arrayValue?.count, 8, "\(database): \(invalid.body.string)")
            let notANumber = try await app.send(.PUT, "/api/v1/cx/settings", body: #"{"repeatContactDays":"seven"}"#)
            XCTAssertEqual(notANumber.status, .badRequest, database)

            let saved = try await app.send(.PUT, "/api/v1/cx/settings", body: #"{"targets":{"first_contact_resolution":0.75},"alertWebhookURL":"https://hooks.example.com/cx","alertWebhookSecret":"0123456789abcdef-secret"}"#)
            XCTAssertEqual(saved.status, .ok, saved.body.string)
            XCTAssertFalse(saved.body.string.contains("0123456789abcdef-secret"), database)
            XCTAssertEqual(saved.json["alertWebhookSecretSet"], .bool(true))
            // Read, edit and send back: the secret stays.
            var document = try await app.get("/api/v1/cx/settings").json.objectValue ?? [:]
            XCTAssertEqual(document["effectiveTargets"]?["first_contact_resolution"]?.doubleValue, 0.75)
            document["repeatContactDays"] = .number(5)
            let again = try await app.send(.PUT, "/api/v1/cx/settings", body: JSONCodec.serialize(.object(document)))
            XCTAssertEqual(again.status, .ok, again.body.string)
            let stored = try await app.touchpoint.measure.settings()
            XCTAssertEqual(stored.alertWebhookSecret, "0123456789abcdef-secret", database)
            XCTAssertEqual(stored.repeatContactDays, 5, database)
            let (_, agent) = try await ServiceHTTPTests.agent(app, email: "settings-\(database)@shop.pl")
            let refused = try await app.send(.PUT, "/api/v1/cx/settings", headers: agent, body: "{}")
            XCTAssertEqual(refused.status, .forbidden, database)
        }
    }

    func testAnAlertIsRaisedOncePerCrossingAndPostedSigned() async throws {
        let received = Mutex<[(body: String, signature: String?)]>([])
        let receiver = try await Application.make(.testing)
        receiver.logger.logLevel = .critical
        receiver.post("hook") { request -> HTTPStatus in
            let body = request.body.string ?? ""
            received.withLock { $0.append((body, request.headers.first(name: "X-Touchpoint-Signature"))) }
            return .ok
        }
        try await receiver.server.start(address: .hostname("127.0.0.1", port: 0))
        let port = try XCTUnwrap(receiver.http.server.shared.localAddress?.port)
        defer { Task { await receiver.server.shutdown(); try? await receiver.asyncShutdown() } }

        try await WebHarness.onEveryDatabase { app, database in
            received.withLock { $0.removeAll() }
            let secret = "measure-webhook-secret-42"
            let settings = try await app.send(.PUT, "/api/v1/cx/settings", body: #"{"alertRules":[{"id":"cpo","indicator":"contacts_per_order"}],"alertWebhookURL":"http://127.0.0.1:\#(port)/hook","alertWebhookSecret":"\#(secret)"}"#)
            XCTAssertEqual(settings.status, .ok, settings.body.string)
            _ = try await app.collect("/v1/track", #"{"userId":"ola","event":"Order Completed"}"#)
            _ = try await app.send(.POST, "/api/v1/cases", body: #"{"channel":"email","customer":{"email":"ola@example.com"},"subject":"Parcel","message":"Where is it?"}"#)

            let first = try await app.send(.POST, "/api/v1/cx/alerts/check")
            XCTAssertEqual(first.status, .ok, first.body.string)
            XCTAssertEqual(first.json["raised"]?.arrayValue?.map { $0["id"]?.stringValue }, ["cpo:1"], "\(database): \(first.body.string)")
            XCTAssertEqual(first.json["raised"]?.arrayValue?.first?["crossing"]?.stringValue, "breached")
            XCTAssertEqual(first.json["delivered"]?.doubleValue, 1, database)
            let posted = try XCTUnwrap(received.withLock { $0.first })
            let mac = HMAC<SHA256>.authenticationCode(for: Data(posted.body.utf8), using: SymmetricKey(data: Data(secret.utf8)))
            XCTAssertEqual(posted.signature, "sha256=" + mac.map { String(format: "%02x", $0) }.joined(), database)
            XCTAssertEqual(JSONValue.parse(posted.body)?["indicator"]?.stringValue, "contacts_per_order")

            // Still off target: no second alert for the same crossing.
            let second = try await app.send(.POST, "/api/v1/cx/alerts/check")
            XCTAssertEqual(second.json["raised"]?.arrayValue?.count, 0, "\(database): \(second.body.string)")
            // Seven more orders: one contact per eight orders is back under 0.15, once.
            for index in 0..<7 { _ = try await app.collect("/v1/track", #"{"userId":"buyer-\#(index)","event":"Order Completed"}"#) }
            let recovered = try await app.send(.POST, "/api/v1/cx/alerts/check")
            XCTAssertEqual(recovered.json["raised"]?.arrayValue?.map { $0["crossing"]?.stringValue }, ["recovered"], "\(database): \(recovered.body.string)")
            let listed = try await app.get("/api/v1/cx/alerts")
            XCTAssertEqual(listed.json["alerts"]?.arrayValue?.compactMap { $0["id"]?.stringValue }.sorted(), ["cpo:1", "cpo:2"], database)
            XCTAssertEqual(received.withLock { $0.count }, 2, database)
            // The console shows them on the pyramid page.
            let manager = try await ConsoleHTTPTests.signIn(app, role: .manager)
            let page = try await app.get("/cx/pyramid?lang=en", headers: manager).body.string
            XCTAssertTrue(page.contains("off target") && page.contains("back on target") && page.contains("Contacts per order"), database)
            // Both tables download as CSV with the page's filters.
            let pyramidCSV = try await app.get("/cx/pyramid.csv", headers: manager)
            XCTAssertEqual(pyramidCSV.status, .ok, database)
            XCTAssertEqual(pyramidCSV.headers.contentType?.description.hasPrefix("text/csv"), true)
            let lines = pyramidCSV.body.string.split(separator: "\r\n")
            XCTAssertEqual(lines.first, "level,level_key,level_met,level_counts,indicator,value,target,direction,met,numerator,denominator")
            XCTAssertEqual(lines.count, 1 + CXIndicator.all.count, database)
            XCTAssertTrue(lines.contains { $0.hasPrefix("1,useful_information,") && $0.contains(",contacts_per_order,0.125,0.15,lower,true,1,8") }, "\(database): \(lines)")
            let channelsCSV = try await app.get("/cx/channels.csv", headers: manager)
            XCTAssertEqual(channelsCSV.status, .ok, database)
            XCTAssertTrue(channelsCSV.body.string.contains("\r\nemail,1,0,0,0,0,"), "\(database): \(channelsCSV.body.string)")
        }
    }
}
