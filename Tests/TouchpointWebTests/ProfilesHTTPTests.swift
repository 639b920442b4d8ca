import Foundation
import XCTVapor
import TouchpointDomain
@testable import TouchpointWeb

final class ProfilesHTTPTests: XCTestCase {
    func testManagementAPINeedsAValidToken() async throws {
        try await WebHarness.onEveryDatabase { app, database in
            let none = try await app.get("/api/v1/profiles", headers: [:])
            XCTAssertEqual(none.status, .unauthorized, database)
            XCTAssertEqual(none.errorCode, "unauthorized", database)
            var wrong = HTTPHeaders()
            wrong.bearerAuthorization = BearerAuthorization(token: "wrong")
            let bad = try await app.get("/api/v1/profiles", headers: wrong)
            XCTAssertEqual(bad.status, .unauthorized, database)
            let writeKeyIsNotAToken = try await app.get("/api/v1/profiles", headers: .writeKey)
            XCTAssertEqual(writeKeyIsNotAToken.status, .unauthorized, database)
        }
    }

    func testLookupTimelineSearchMergesAndUndo() async throws {
        try await WebHarness.onEveryDatabase { app, database in
            _ = try await app.collect("/v1/page", #"{"anonymousId":"tablet","name":"Home","timestamp":"2026-01-01T00:00:00Z"}"#)
            _ = try await app.collect("/v1/track", #"{"userId":"ann","event":"Signed Up","timestamp":"2026-01-02T00:00:00Z","context":{"channel":"email"}}"#)
            _ = try await app.collect("/v1/identify", #"{"userId":"ann","anonymousId":"tablet","traits":{"name":"Ann Nowak","email":"ann@example.com"},"timestamp":"2026-01-03T00:00:00Z"}"#)

            let profile = try await app.get("/api/v1/profiles/anonymous_id:tablet")
            XCTAssertEqual(profile.status, .ok, database)
            let id = try XCTUnwrap(profile.json["id"]?.stringValue)
            let byId = try await app.get("/api/v1/profiles/\(id)")
            XCTAssertEqual(byId.json["id"]?.stringValue, id, database)

            let timeline = try await app.get("/api/v1/profiles/user_id:ann/timeline?limit=2")
            XCTAssertEqual(timeline.json["events"]?.arrayValue?.count, 2, database)
            let cursor = try XCTUnwrap(timeline.json["nextCursor"]?.stringValue)
            let older = try await app.get("/api/v1/profiles/user_id:ann/timeline?limit=2&before=\(cursor)")
            XCTAssertEqual(older.json["events"]?.arrayValue?.count, 1, database)
            XCTAssertEqual(older.json["nextCursor"], .null, database)
            let badCursor = try await app.get("/api/v1/profiles/user_id:ann/timeline?before=%%%")
            XCTAssertEqual(badCursor.status, .badRequest, database)

            let search = try await app.get("/api/v1/profiles?q=nowak")
            XCTAssertEqual(search.json["profiles"]?.arrayValue?.first?["id"]?.stringValue, id, database)

            let merges = try await app.get("/api/v1/profiles/\(id)/merges")
            let mergeID = try XCTUnwrap(merges.json.arrayValue?.first?["id"]?.stringValue)
            XCTAssertNotNil(merges.json.arrayValue?.first?["messageId"]?.stringValue, database)
            let undo = try await app.send(.POST, "/api/v1/merges/\(mergeID)/undo")
            XCTAssertEqual(undo.status, .ok, "\(database): \(undo.body.string)")
            let split = try await app.get("/api/v1/profiles/anonymous_id:tablet")
            XCTAssertNotEqual(split.json["id"]?.stringValue, id, database)
            let twice = try await app.send(.POST, "/api/v1/merges/\(mergeID)/undo")
            XCTAssertEqual(twice.status, .conflict, database)
            let unknown = try await app.send(.POST, "/api/v1/merges/nope/undo")
            XCTAssertEqual(unknown.status, .notFound, database)

            let missing = try await app.get("/api/v1/profiles/email:nobody@example.com")
            XCTAssertEqual(missing.status, .notFound, database)
            XCTAssertEqual(missing.errorCode, "not_found", database)
            let invalid = try await app.get("/api/v1/profiles/bad!type:x")
            XCTAssertEqual(invalid.status, .badRequest, database)
        }
    }

    func testExportThenEraseThenResend() async throws {
        try await WebHarness.onEveryDatabase { app, database in
            _ = try await app.collect("/v1/identify", #"{"userId":"leaving","traits":{"email":"leaving@example.com","name":"Leaving Person"}}"#)
            _ = try await app.collect("/v1/track", #"{"userId":"leaving","event":"Order Completed","properties":{"revenue":10}}"#)
            let export = try await app.get("/api/v1/profiles/email:leaving@example.com/export")
            XCTAssertEqual(export.status, .ok, database)
            XCTAssertEqual(export.json["events"]?.arrayValue?.count, 2, database)
            XCTAssertEqual(export.json["profile"]?["traits"]?["name"], .string("Leaving Person"), database)

            let erase = try await app.send(.DELETE, "/api/v1/profiles/user_id:leaving")
            XCTAssertEqual(erase.status, .ok, database)
            XCTAssertEqual(erase.json["events"], .number(2), database)
            let gone = try await app.get("/api/v1/profiles/user_id:leaving")
            XCTAssertEqual(gone.status, .notFound, database)

            let resend = try await app.collect("/v1/track", #"{"userId":"leaving","event":"Came back"}"#)
            XCTAssertEqual(resend.status, .ok, database)
            // Answered as a stored message would be: the write key cannot tell that the person was erased.
            XCTAssertEqual(resend.json["stored"], .number(1), database)
            XCTAssertNil(resend.json["suppressed"], database)
            let still = try await app.get("/api/v1/profiles/user_id:leaving")
            XCTAssertEqual(still.status, .notFound, database)
        }
    }
}
