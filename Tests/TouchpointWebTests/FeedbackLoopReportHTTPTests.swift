import Foundation
import XCTVapor
import TouchpointDomain
@testable import TouchpointWeb

/// The loop closes with a root cause and is reported: a follow-up of feedback is resolved only with its root cause,
/// `GET /api/v1/feedback/loop` counts it, the console's feedback page shows it, and collection refuses an answer off
/// its scale.
final class FeedbackLoopReportHTTPTests: XCTestCase {
    func testAFollowUpClosesWithItsRootCauseAndTheLoopIsReported() async throws {
        try await WebHarness.onEveryDatabase { app, database in
            let now = ISO8601DateFormatter().string(from: Date())
            let detractor = #"{"type":"track","messageId":"d1","userId":"ann","event":"Survey Answered","timestamp":"\#(now)","context":{"traits":{"email":"ann@example.com"}},"properties":{"survey_type":"nps","score":2,"comment":"Kurier zgubił paczkę"}}"#
            let sent = try await app.collect("/v1/track", detractor)
            XCTAssertEqual(sent.status, .ok, sent.body.string)
            let offScale = try await app.collect("/v1/track", #"{"type":"track","userId":"ann","event":"Survey Answered","properties":{"survey_type":"csat","score":9}}"#)
            XCTAssertEqual(offScale.status, .badRequest, "\(database): \(offScale.body.string)")
            XCTAssertTrue(offScale.body.string.contains("invalid_survey_answer"), offScale.body.string)

            _ = try await app.get("/api/v1/feedback/report")
            let cases = try await app.get("/api/v1/profiles/email:ann@example.com/cases").json["cases"]?.arrayValue ?? []
            let followUp = try XCTUnwrap(cases.first { $0["origin"]?.stringValue == "feedback" }, "\(database): \(cases)")
            let number = try XCTUnwrap(followUp["number"]?.doubleValue).formatted(.number.grouping(.never))

            let withoutCause = try await app.send(.POST, "/api/v1/cases/\(number)/status", body: #"{"status":"resolved"}"#)
            XCTAssertEqual(withoutCause.status, .unprocessableEntity, withoutCause.body.string)
            XCTAssertTrue(withoutCause.body.string.contains("rootCause"), withoutCause.body.string)
            let unknownCause = try await app.send(.POST, "/api/v1/cases/\(number)/status", body: #"{"status":"resolved","rootCause":"bad luck"}"#)
            XCTAssertEqual(unknownCause.status, .unprocessableEntity)
            let resolved = try await app.send(.POST, "/api/v1/cases/\(number)/status", body: #"{"status":"resolved","rootCause":"delivery_delay"}"#)
            XCTAssertEqual(resolved.status, .ok, "\(database): \(resolved.body.string)")

            let loop = try await app.get("/api/v1/feedback/loop")
            XCTAssertEqual(loop.status, .ok, loop.body.string)
            XCTAssertEqual(loop.json["opened"], .number(1), loop.body.string)
            XCTAssertEqual(loop.json["closedWithin48Hours"], .number(1), loop.body.string)
            XCTAssertEqual(loop.json["rootCauses"]?.arrayValue?.first?["cause"]?.stringValue, "delivery_delay", loop.body.string)
            XCTAssertNotNil(loop.json["assignedWithinBusinessHour"], loop.body.string)

            let session = try await ConsoleHTTPTests.signIn(app)
            let page = try await app.send(.GET, "/feedback?lang=en", headers: session)
            XCTAssertEqual(page.status, .ok, page.body.string)
            for text in ["Voice of the customer", "NPS", "The closed loop", "delivery delay", "What comes before detractors"] {
                XCTAssertTrue(page.body.string.contains(text), "\(database): the page shows \(text)")
            }
            let polish = try await app.send(.GET, "/feedback?lang=pl", headers: session)
            XCTAssertTrue(polish.body.string.contains("Zamknięta pętla"))
        }
    }
}
