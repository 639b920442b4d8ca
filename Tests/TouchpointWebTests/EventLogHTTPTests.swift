import Foundation
import XCTVapor
import TouchpointDomain
@testable import TouchpointWeb

/// A source's retention through the API, and the log's months.
final class EventLogHTTPTests: XCTestCase {
    func testASourcesRetentionIsSetCheckedAndShown() async throws {
        try await WebHarness.onEveryDatabase { app, database in
            let tracked = try await app.collect("/v1/track", #"{"userId":"retained","event":"Viewed"}"#)
            XCTAssertEqual(tracked.status, .ok, database)
            let sources = try await app.get("/api/v1/sources")
            let source = try XCTUnwrap(sources.json.arrayValue?.first)
            XCTAssertEqual(source["retentionDays"], .null, "\(database): a new source keeps its events for ever")
            let id = try XCTUnwrap(source["id"]?.stringValue)

            let set = try await app.send(.PATCH, "/api/v1/sources/\(id)", body: #"{"retentionDays":395}"#)
            XCTAssertEqual(set.status, .ok, "\(database): \(set.body.string)")
            XCTAssertEqual(set.json["retentionDays"]?.integerValue, 395, database)

            for (body, status, code) in [
                (#"{"retentionDays":3}"#, HTTPStatus.unprocessableEntity, "invalid_retention"),
                (#"{"retentionDays":1e30}"#, .badRequest, "invalid_field"),
                (#"{"retentionDays":30.5}"#, .badRequest, "invalid_field"),
                (#"{"retentionDays":"30"}"#, .badRequest, "invalid_field"),
                (#"{}"#, .badRequest, "missing_field"),
                (#"[1]"#, .badRequest, "invalid_body"),
            ] {
                let refused = try await app.send(.PATCH, "/api/v1/sources/\(id)", body: body)
                XCTAssertEqual(refused.status, status, "\(database): \(body)")
                XCTAssertEqual(refused.json["error"]?["code"]?.stringValue, code, "\(database): \(body): \(refused.body.string)")
            }
            let unknown = try await app.send(.PATCH, "/api/v1/sources/no-such-source", body: #"{"retentionDays":30}"#)
            XCTAssertEqual(unknown.status, .notFound, database)
            let agent = try await ServiceHTTPTests.agent(app, email: "retention@example.com")
            let notAdmin = try await app.send(.PATCH, "/api/v1/sources/\(id)", headers: agent.headers, body: #"{"retentionDays":30}"#)
            XCTAssertEqual(notAdmin.status, .forbidden, database)

            // Refused changes left the stored retention alone.
            let log = try await app.get("/api/v1/event-log")
            XCTAssertEqual(log.status, .ok, "\(database): \(log.body.string)")
            XCTAssertEqual(log.json["partitioned"], .bool(database == "postgres"), database)
            let shown = log.json["sources"]?.arrayValue?.first { $0["id"]?.stringValue == id }
            XCTAssertEqual(shown?["retentionDays"]?.integerValue, 395, database)
            let months = try XCTUnwrap(log.json["months"]?.arrayValue, database)
            let thisMonth = LogMonth(containing: Date())
            let current = months.first { $0["month"]?.stringValue == "\(thisMonth.year)-\(thisMonth.suffix.suffix(2))" }
            XCTAssertEqual(current?["events"]?[id]?.integerValue, 1, "\(database): \(log.body.string)")

            let forever = try await app.send(.PATCH, "/api/v1/sources/\(id)", body: #"{"retentionDays":null}"#)
            XCTAssertEqual(forever.json["retentionDays"], .null, database)
        }
    }
}
