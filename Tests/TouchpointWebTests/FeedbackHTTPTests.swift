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
