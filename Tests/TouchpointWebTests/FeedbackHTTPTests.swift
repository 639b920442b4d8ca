import Foundation
import XCTVapor
import TouchpointDomain
@testable import TouchpointWeb

/// The feedback area over HTTP: text analytics answer in input order, with detection when no locale is given, and
/// refuse what they cannot read by name.
final class FeedbackHTTPTests: XCTestCase {
    func testTextAnalyzeAnswersInInputOrderAndDetectsTheLanguage() async throws {
        try await WebHarness.onEveryDatabase { app, database in
            let body = #"{"texts":[{"text":"Kurier był bardzo niemiły, paczka uszkodzona","locale":"pl"},{"text":"Всё отлично, спасибо!"},{"text":"Where can I download my invoice?"},{"text":"nie polecam tego sklepu"}]}"#
            let response = try await app.send(.POST, "/api/v1/text/analyze", body: body)
            XCTAssertEqual(response.status, .ok, "\(database): \(response.body.string)")
            let results = try XCTUnwrap(response.json["results"]?.arrayValue, response.body.string)
            XCTAssertEqual(results.map { $0["locale"]?.stringValue }, ["pl", "ru", "en", "pl"])
            XCTAssertEqual(results.map { $0["sentiment"]?.stringValue }, ["negative", "positive", "neutral", "negative"], response.body.string)
            XCTAssertEqual(results[0]["localeDetected"], .bool(false))
            XCTAssertEqual(results[1]["localeDetected"], .bool(true))
            XCTAssertTrue(results[0]["topics"]?.arrayValue?.contains(.string("delivery")) ?? false, response.body.string)
            for result in results {
                let score = try XCTUnwrap(result["score"]?.doubleValue)
                XCTAssertTrue((-1...1).contains(score))
            }
        }
    }

    func testTextAnalyzeRefusesWhatItCannotRead() async throws {
        try await WebHarness.onEveryDatabase { app, database in
            let cases: [(String, UInt, String)] = [
                (#"{}"#, 400, "missing_field"),
                (#"{"texts":"hello"}"#, 400, "invalid_field"),
                (#"{"texts":[{"locale":"pl"}]}"#, 400, "missing_field"),
                (#"{"texts":[{"text":"ok","locale":"de"}]}"#, 400, "invalid_locale"),
                (#"{"texts":[{"text":12}]}"#, 400, "invalid_field"),
            ]
            for (body, status, code) in cases {
                let response = try await app.send(.POST, "/api/v1/text/analyze", body: body)
                XCTAssertEqual(response.status.code, status, "\(database): \(body): \(response.body.string)")
                XCTAssertEqual(response.json["error"]?["code"]?.stringValue, code, "\(database): \(body)")
            }
            let many = "{\"texts\":[" + Array(repeating: #"{"text":"ok"}"#, count: 1_001).joined(separator: ",") + "]}"
            let tooMany = try await app.send(.POST, "/api/v1/text/analyze", body: many)
            XCTAssertEqual(tooMany.status, .payloadTooLarge, database)
            XCTAssertEqual(tooMany.json["error"]?["code"]?.stringValue, "too_many_texts")
            let anonymous = try await app.send(.POST, "/api/v1/text/analyze", headers: [:], body: #"{"texts":[]}"#)
            XCTAssertEqual(anonymous.status, .unauthorized, database)
        }
    }
}

/// Answers that arrive as Segment `Survey Answered` events are read, analysed and reported; a detractor opens one
/// follow-up case on the person's profile, and a second detractor within the window does not open another.
final class FeedbackLoopHTTPTests: XCTestCase {
    func testAnswersAreReportedAndADetractorOpensOneFollowUp() async throws {
        try await WebHarness.onEveryDatabase { app, database in
            let now = ISO8601DateFormatter().string(from: Date())
            func answer(_ id: String, _ user: String, _ type: String, _ score: Int, _ comment: String?) -> String {
                let commentField = comment.map { #","comment":"\#($0)""# } ?? ""
                return #"{"type":"track","messageId":"\#(id)","userId":"\#(user)","event":"Survey Answered","timestamp":"\#(now)","context":{"traits":{"email":"\#(user)@example.com"}},"properties":{"survey_type":"\#(type)","score":\#(score)\#(commentField)}}"#
            }
            for body in [answer("a1", "ann", "nps", 2, "Kurier zgubił paczkę, nie polecam"), answer("a2", "bob", "nps", 10, "Świetna obsługa, polecam"),
                         answer("a3", "cid", "nps", 8, nil), answer("a4", "ann", "csat", 5, nil), answer("a5", "ann", "nps", 1, "Nadal czekam")] {
                let sent = try await app.collect("/v1/track", body)
                XCTAssertEqual(sent.status, .ok, "\(database): \(sent.body.string)")
            }
            let report = try await app.get("/api/v1/feedback/report?type=nps")
            XCTAssertEqual(report.status, .ok, "\(database): \(report.body.string)")
            XCTAssertEqual(report.json["responses"]?.doubleValue, 4, report.body.string)
            XCTAssertEqual(report.json["promoters"]?.doubleValue, 1)
            XCTAssertEqual(report.json["detractors"]?.doubleValue, 2)
            XCTAssertEqual(report.json["nps"]?.doubleValue, -25, report.body.string)
            XCTAssertEqual(report.json["csat"], .null, "fields of other types are null")
            XCTAssertEqual(report.json["sentiment"]?["negative"]?.doubleValue, 2, report.body.string)
            let all = try await app.get("/api/v1/feedback/report")
            XCTAssertEqual(all.json["csat"]?.doubleValue, 100, all.body.string)
            let cases = try await app.get("/api/v1/profiles/email:ann@example.com/cases")
            let listed = try XCTUnwrap(cases.json["cases"]?.arrayValue, cases.body.string)
            let followUps = listed.filter { $0["origin"]?.stringValue == "feedback" }
            XCTAssertEqual(followUps.count, 1, "\(database): one follow-up for two detractor answers within the window: \(cases.body.string)")
            let bob = try await app.get("/api/v1/profiles/email:bob@example.com/cases")
            XCTAssertEqual(bob.json["cases"]?.arrayValue?.count ?? -1, 0, "a promoter gets no follow-up: \(bob.body.string)")
            let answers = try await app.get("/api/v1/profiles/email:ann@example.com/feedback")
            XCTAssertEqual(answers.json["answers"]?.arrayValue?.count, 3, answers.body.string)
            let bad = try await app.get("/api/v1/feedback/report?type=star")
            XCTAssertEqual(bad.status, .badRequest)
        }
    }
}
