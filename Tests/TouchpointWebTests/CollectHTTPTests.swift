import Foundation
import XCTVapor
import TouchpointDomain
@testable import TouchpointWeb

final class CollectHTTPTests: XCTestCase {
    func testEveryMessageTypeIsAcceptedAndReadBack() async throws {
        try await WebHarness.onEveryDatabase { app, database in
            let messages = [
                ("/v1/identify", #"{"userId":"u1","anonymousId":"a1","traits":{"email":"u1@example.com"}}"#),
                ("/v1/track", #"{"userId":"u1","event":"Order Completed","properties":{"revenue":99.5}}"#),
                ("/v1/page", #"{"anonymousId":"a1","name":"Home"}"#),
                ("/v1/screen", #"{"userId":"u1","name":"Cart"}"#),
                ("/v1/group", #"{"userId":"u1","groupId":"acme","traits":{"name":"Acme"}}"#),
                ("/v1/alias", #"{"userId":"u1-new","previousId":"u1"}"#),
            ]
            for (path, body) in messages {
                let response = try await app.collect(path, body)
                XCTAssertEqual(response.status, .ok, "\(database) \(path): \(response.body.string)")
                XCTAssertEqual(response.json["stored"], .number(1), "\(database) \(path)")
            }
            let profile = try await app.get("/api/v1/profiles/user_id:u1-new")
            XCTAssertEqual(profile.status, .ok, database)
            XCTAssertEqual(profile.json["eventCount"], .number(6), database)
            let viaEmail = try await app.get("/api/v1/profiles/email:U1@Example.com")
            XCTAssertEqual(viaEmail.json["id"], profile.json["id"], database)
            let channels = Set(profile.json["channels"]?.arrayValue?.compactMap(\.stringValue) ?? [])
            XCTAssertEqual(channels, ["web", "mobile", "server"], database)
        }
    }

    func testBatchStoresGoodMessagesAndNamesTheRejectedOnes() async throws {
        try await WebHarness.onEveryDatabase { app, database in
            let body = #"""
            {"batch":[
              {"type":"track","userId":"u1","event":"A","messageId":"ok-1"},
              {"type":"track","event":"no identity"},
              {"type":"nonsense","userId":"u1"},
              {"type":"track","userId":"u1","event":"B","timestamp":"not a date"},
              {"type":"page","anonymousId":"x","messageId":"ok-2"}
            ],"sentAt":"2026-01-01T00:00:00Z","context":{"channel":"web"}}
            """#
            let response = try await app.collect("/v1/batch", body)
            XCTAssertEqual(response.status, .ok, database)
            XCTAssertEqual(response.json["stored"], .number(2), database)
            let rejected = response.json["rejected"]?.arrayValue ?? []
            XCTAssertEqual(rejected.compactMap { $0["index"]?.doubleValue }, [1, 2, 3], database)
            XCTAssertEqual(rejected.compactMap { $0["code"]?.stringValue }, ["missing_identity", "unknown_type", "invalid_timestamp"], database)

            // the same batch again: acknowledged, nothing stored twice
            let again = try await app.collect("/v1/batch", body)
            XCTAssertEqual(again.json["duplicates"], .number(2), database)
            XCTAssertEqual(again.json["stored"], .number(0), database)
        }
    }

    func testBadInputGetsA4xxThatNamesTheFault() async throws {
        try await WebHarness.onEveryDatabase { app, database in
            let cases: [(String, String, HTTPStatus, String)] = [
                ("/v1/track", #"{"userId":"u1","event":"#, .badRequest, "invalid_json"),
                ("/v1/track", #"[1,2,3]"#, .badRequest, "invalid_body"),
                ("/v1/track", #"{"userId":"u1"}"#, .badRequest, "missing_field"),
                ("/v1/track", #"{"event":"E"}"#, .badRequest, "missing_identity"),
                ("/v1/track", #"{"userId":"u1","event":"E","timestamp":"2026-13-45"}"#, .badRequest, "invalid_timestamp"),
                ("/v1/track", #"{"userId":["u1"],"event":"E"}"#, .badRequest, "invalid_field"),
                ("/v1/batch", #"{"batch":{}}"#, .badRequest, "invalid_batch"),
                ("/v1/batch", #"{"nobatch":[]}"#, .badRequest, "missing_batch"),
                ("/v1/batch", #"{"batch":[{"type":"bogus","userId":"u"}]}"#, .badRequest, "unknown_type"),
            ]
            for (path, body, status, code) in cases {
                let response = try await app.collect(path, body)
                XCTAssertEqual(response.status, status, "\(database) \(body)")
                XCTAssertEqual(response.errorCode, code, "\(database) \(body): \(response.body.string)")
                XCTAssertNotNil(response.json["error"]?["message"]?.stringValue, database)
            }
            // invalid UTF-8 inside a string
            var headers = HTTPHeaders.writeKey
            headers.contentType = .json
            var buffer = ByteBuffer(string: #"{"userId":"u1","event":""#)
            buffer.writeBytes([0xFF, 0xFE])
            buffer.writeString(#""}"#)
            let response = try await app.send(.POST, "/v1/track", headers: headers, buffer: buffer)
            XCTAssertEqual(response.status, .badRequest, database)
            XCTAssertTrue(response.body.string.contains("UTF-8"), database)
            let stored = try await app.touchpoint.store.countEvents()
            XCTAssertEqual(stored, 0, "\(database): nothing from bad input is stored")
        }
    }

    func testSizeLimitsFollowSegment() async throws {
        try await WebHarness.onEveryDatabase { app, database in
            let big = String(repeating: "x", count: 33 * 1024)
            let single = try await app.collect("/v1/track", #"{"userId":"u1","event":"E","properties":{"blob":"\#(big)"}}"#)
            XCTAssertEqual(single.status, .payloadTooLarge, database)
            XCTAssertEqual(single.errorCode, "message_too_large", database)

            let tooMany = "{\"batch\":[" + Array(repeating: #"{"type":"track","userId":"u","event":"E"}"#, count: 2501).joined(separator: ",") + "]}"
            let many = try await app.collect("/v1/batch", tooMany)
            XCTAssertEqual(many.status, .payloadTooLarge, database)
            XCTAssertEqual(many.errorCode, "batch_too_large", database)

            let chunk = String(repeating: "y", count: 20 * 1024)
            let heavy = "{\"batch\":[" + Array(repeating: #"{"type":"track","userId":"u","event":"E","properties":{"p":"\#(chunk)"}}"#, count: 26).joined(separator: ",") + "]}"
            let body = try await app.collect("/v1/batch", heavy)
            XCTAssertEqual(body.status, .payloadTooLarge, database)
            XCTAssertEqual(body.errorCode, "body_too_large", database)

            let mixed = #"{"batch":[{"type":"track","userId":"u","event":"ok"},{"type":"track","userId":"u","event":"E","properties":{"blob":"\#(big)"}}]}"#
            let partial = try await app.collect("/v1/batch", mixed)
            XCTAssertEqual(partial.status, .ok, database)
            XCTAssertEqual(partial.json["rejected"]?.arrayValue?.first?["code"], .string("message_too_large"), database)
        }
    }

    func testWriteKeyFromBasicAuthOrBody() async throws {
        try await WebHarness.onEveryDatabase { app, database in
            var none = HTTPHeaders()
            none.contentType = .json
            let missing = try await app.collect("/v1/track", #"{"userId":"u","event":"E"}"#, headers: none)
            XCTAssertEqual(missing.status, .unauthorized, database)
            XCTAssertEqual(missing.errorCode, "unauthorized", database)
            var wrong = HTTPHeaders()
            wrong.basicAuthorization = BasicAuthorization(username: "nope", password: "")
            let bad = try await app.collect("/v1/track", #"{"userId":"u","event":"E"}"#, headers: wrong)
            XCTAssertEqual(bad.status, .unauthorized, database)
            let inBody = try await app.collect("/v1/track", #"{"writeKey":"\#(WebHarness.writeKey)","userId":"u","event":"E"}"#, headers: none)
            XCTAssertEqual(inBody.status, .ok, database)
        }
    }

    func testGzipBodiesAndBrokenGzip() async throws {
        try await WebHarness.onEveryDatabase { app, database in
            var headers = HTTPHeaders.writeKey
            headers.replaceOrAdd(name: .contentEncoding, value: "gzip")
            let gzipped = try gzip(#"{"batch":[{"type":"track","userId":"gz","event":"Compressed"}]}"#)
            let good = try await app.send(.POST, "/v1/batch", headers: headers, buffer: ByteBuffer(bytes: gzipped))
            XCTAssertEqual(good.status, .ok, "\(database): \(good.body.string)")
            let truncated = try await app.send(.POST, "/v1/batch", headers: headers, buffer: ByteBuffer(bytes: Array(gzipped.prefix(gzipped.count / 2))))
            XCTAssertEqual(truncated.status, .badRequest, database)
            XCTAssertEqual(truncated.errorCode, "invalid_gzip", database)
            let plain = try await app.send(.POST, "/v1/batch", headers: headers, buffer: ByteBuffer(string: "plainly not gzip"))
            XCTAssertEqual(plain.status, .badRequest, database)
            XCTAssertEqual(plain.errorCode, "invalid_gzip", database)
            let stored = try await app.touchpoint.store.countEvents()
            XCTAssertEqual(stored, 1, database)
        }
    }

    func testHealthMetricsAndOpenAPI() async throws {
        try await WebHarness.onEveryDatabase { app, database in
            let health = try await app.get("/health", headers: [:])
            XCTAssertEqual(health.json, .object(["status": .string("ok"), "database": .string(database)]))
            _ = try await app.collect("/v1/track", #"{"userId":"u","event":"E"}"#)
            let metrics = try await app.get("/metrics", headers: [:])
            XCTAssertTrue(metrics.body.string.contains(#"touchpoint_ingest_messages_total{result="stored"} 1"#), metrics.body.string)
            XCTAssertTrue(metrics.body.string.contains("touchpoint_ingest_request_duration_seconds_bucket"), database)
            let openapi = try await app.get("/openapi.json", headers: [:])
            XCTAssertEqual(openapi.json["openapi"]?.stringValue?.hasPrefix("3."), true)
            for path in ["/v1/batch", "/api/v1/profiles/{ref}", "/api/v1/merges/{id}/undo", "/health", "/metrics"] {
                XCTAssertNotNil(openapi.json["paths"]?[path], "openapi.json documents \(path)")
            }
        }
    }

    private func gzip(_ text: String) throws -> [UInt8] {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(UUID().uuidString)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("body")
        try Data(text.utf8).write(to: file)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/gzip")
        process.arguments = ["-k", file.path]
        try process.run()
        process.waitUntilExit()
        return Array(try Data(contentsOf: file.appendingPathExtension("gz")))
    }
}
