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

/// Managers define and pause surveys on the console's feedback page, with the API's checks; agents only read it.
final class SurveyConsoleHTTPTests: XCTestCase {
    func testAManagerDefinesAndPausesASurveyOnTheFeedbackPage() async throws {
        try await WebHarness.onEveryDatabase { app, database in
            let session = try await ConsoleHTTPTests.signIn(app)
            var form = session
            form.contentType = .urlEncodedForm
            let bad = try await app.send(.POST, "/feedback/surveys?lang=en", headers: form, body: "name=NPS&type=nps&questionEn=&samplingPercent=50")
            XCTAssertEqual(bad.status, .unprocessableEntity, "\(database): \(bad.body.string)")
            XCTAssertTrue(bad.body.string.contains("question needs a text"), bad.body.string)
            let created = try await app.send(.POST, "/feedback/surveys?lang=en", headers: form,
                                             body: "name=After+delivery&type=csat&questionPl=Jak+oceniasz+dostaw%C4%99%3F&trigger=order_completed&delayHours=48&samplingPercent=30&recontactDays=60")
            XCTAssertEqual(created.status, .seeOther, "\(database): \(created.body.string)")
            let listed = try await app.send(.GET, "/api/v1/surveys").json["surveys"]?.arrayValue ?? []
            let survey = try XCTUnwrap(listed.first, database)
            XCTAssertEqual(survey["trigger"]?["event"]?.stringValue, "order_completed")
            XCTAssertEqual(survey["trigger"]?["delayHours"], .number(48))
            XCTAssertEqual(survey["samplingPercent"], .number(30))
            let id = try XCTUnwrap(survey["id"]?.stringValue)
            let paused = try await app.send(.POST, "/feedback/surveys/\(id)/status?lang=en", headers: form, body: "status=paused")
            XCTAssertEqual(paused.status, .seeOther, paused.body.string)
            let shown = try await app.send(.GET, "/api/v1/surveys/\(id)").json
            XCTAssertEqual(shown["status"]?.stringValue, "paused")
            let page = try await app.send(.GET, "/feedback?lang=en", headers: session)
            XCTAssertTrue(page.body.string.contains("After delivery") && page.body.string.contains("Resume"), database)

            let agent = try await ConsoleHTTPTests.signIn(app, role: .agent)
            var agentForm = agent
            agentForm.contentType = .urlEncodedForm
            let refused = try await app.send(.POST, "/feedback/surveys?lang=en", headers: agentForm, body: "name=x&type=nps&questionEn=q")
            XCTAssertEqual(refused.status, .forbidden, refused.body.string)
            let agentPage = try await app.send(.GET, "/feedback?lang=en", headers: agent)
            XCTAssertFalse(agentPage.body.string.contains("Create the survey"), "an agent reads the page without the form")
        }
    }
}
