import Foundation
import XCTVapor
import TouchpointDomain
@testable import TouchpointWeb

/// Surveys over HTTP: definitions checked field by field, invitations decided by the fatigue rules with their reasons,
/// and the public page — signed links only, the survey's texts escaped, one answer per invitation.
final class SurveysHTTPTests: XCTestCase {
    static let nps = #"{"name":"NPS <test>","type":"nps","question":{"pl":"Czy <b>polecisz</b> nas?","en":"Would you recommend us?"},"followUps":[{"id":"reason","kind":"choice","text":{"pl":"Dlaczego?"},"options":["cena","obsługa"]}]}"#

    func testDefinitionsAreCheckedFieldByField() async throws {
        try await WebHarness.onEveryDatabase { app, database in
            let cases: [(String, UInt, String)] = [
                (#"{"type":"nps","question":{"pl":"?"}}"#, 400, "invalid_field"),
                (#"{"name":"x","type":"stars","question":{"pl":"?"}}"#, 400, "invalid_type"),
                (#"{"name":"x","type":"nps","question":{"de":"?"}}"#, 400, "invalid_locale"),
                (#"{"name":"x","type":"nps","question":{"pl":"?"},"samplingPercent":0}"#, 422, "invalid"),
                (#"{"name":"x","type":"nps","question":{"pl":"?"},"trigger":{"event":"stage_reached"}}"#, 422, "invalid"),
                (#"{"name":"x","type":"nps","question":{"pl":"?"},"endsAt":"tomorrow"}"#, 400, "invalid_field"),
            ]
            for (body, status, code) in cases {
                let response = try await app.send(.POST, "/api/v1/surveys", body: body)
                XCTAssertEqual(response.status.code, status, "\(database): \(body): \(response.body.string)")
                XCTAssertEqual(response.errorCode, code, "\(database): \(body): \(response.body.string)")
            }
            let created = try await app.send(.POST, "/api/v1/surveys", body: Self.nps)
            XCTAssertEqual(created.status, .created, created.body.string)
            XCTAssertEqual(created.json["trigger"]?["event"]?.stringValue, "manual")
            XCTAssertEqual(created.json["question"]?["pl"]?.stringValue, "Czy <b>polecisz</b> nas?")
            let unknown = try await app.send(.GET, "/api/v1/surveys/no-such-survey")
            XCTAssertEqual(unknown.status, .notFound)
            let listed = try await app.send(.GET, "/api/v1/surveys")
            XCTAssertEqual(listed.json["surveys"]?.arrayValue?.count, 1)
        }
    }

    func testThePageTakesOneAnswerPerSignedLink() async throws {
        try await WebHarness.onEveryDatabase { app, database in
            _ = try await app.collect("/v1/identify", #"{"userId":"ann","traits":{"email":"ann@example.com","timezone":"Pacific/Kiritimati"}}"#)
            let survey = try await app.send(.POST, "/api/v1/surveys", body: Self.nps).json
            let surveyID = try XCTUnwrap(survey["id"]?.stringValue)
            // The invitation may wait for the morning in Kiritimati (UTC+14): the page answers on its link either way.
            let invited = try await app.send(.POST, "/api/v1/surveys/\(surveyID)/invitations", body: #"{"profile":"email:ann@example.com"}"#)
            XCTAssertEqual(invited.status, .created, invited.body.string)
            let invitationID = try XCTUnwrap(invited.json["id"]?.stringValue)
            let token = app.touchpoint.surveyTokens.token(for: InvitationID(rawValue: invitationID))

            // Only a signed link opens the page: the id alone, or a changed signature, is unknown.
            for bad in [invitationID, invitationID + ".AAAAAAAAAAAAAAAAAAAAAAAA", "../../etc/passwd", String(token.dropLast())] {
                let response = try await app.send(.GET, "/s/" + bad.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed)!, headers: [:])
                XCTAssertEqual(response.status, .notFound, "\(database): \(bad)")
            }
            let page = try await app.send(.GET, "/s/\(token)", headers: [:])
            XCTAssertEqual(page.status, .ok, page.body.string)
            XCTAssertTrue(page.body.string.contains("Czy &lt;b&gt;polecisz&lt;/b&gt; nas?"), "the survey's text is escaped")
            XCTAssertFalse(page.body.string.contains("ann@example.com"), "the page shows nothing of the person")
            XCTAssertEqual(page.headers.first(name: .cacheControl), "private, no-store")

            var form = HTTPHeaders()
            form.contentType = .urlEncodedForm
            let early = try await app.send(.POST, "/s/\(token)/comment", headers: form, body: "comment=hello")
            XCTAssertEqual(early.status, .unprocessableEntity, "a comment needs a score first")
            let outOfRange = try await app.send(.POST, "/s/\(token)", headers: form, body: "score=11")
            XCTAssertEqual(outOfRange.status, .unprocessableEntity)
            let answered = try await app.send(.POST, "/s/\(token)", headers: form, body: "score=2")
            XCTAssertEqual(answered.status, .created, answered.body.string)
            let again = try await app.send(.POST, "/s/\(token)", headers: form, body: "score=10")
            XCTAssertEqual(again.status, .conflict)
            XCTAssertEqual(again.errorCode, "already_answered")
            let badChoice = try await app.send(.POST, "/s/\(token)/comment", headers: form, body: "reason=bribe")
            XCTAssertEqual(badChoice.status, .unprocessableEntity)
            let comment = try await app.send(.POST, "/s/\(token)/comment", headers: form, body: "comment=Kurier+by%C5%82+niemi%C5%82y&reason=obs%C5%82uga")
            XCTAssertEqual(comment.status, .created, comment.body.string)
            let twice = try await app.send(.POST, "/s/\(token)/comment", headers: form, body: "comment=again")
            XCTAssertEqual(twice.status, .conflict)

            // One answer on the log, read by the feedback desk with the comment's analysis.
            try await app.touchpoint.feedback.catchUp()
            let answers = try await app.send(.GET, "/api/v1/profiles/email:ann@example.com/feedback").json["answers"]?.arrayValue ?? []
            XCTAssertEqual(answers.count, 1, "\(database)")
            XCTAssertEqual(answers.first?["score"], .number(2))
            XCTAssertEqual(answers.first?["comment"]?.stringValue, "Kurier był niemiły")
            XCTAssertEqual(answers.first?["sentiment"]?.stringValue, "negative")
            let status = try await app.send(.GET, "/api/v1/surveys/\(surveyID)").json
            XCTAssertEqual(status["invitations"]?["answered"], .number(1), "\(status)")
        }
    }

    func testInvitationsNotSentSayWhy() async throws {
        try await WebHarness.onEveryDatabase { app, database in
            _ = try await app.collect("/v1/identify", #"{"userId":"nomail","traits":{"name":"No Mail"}}"#)
            _ = try await app.collect("/v1/identify", #"{"userId":"out","traits":{"email":"out@example.com","do_not_contact":true}}"#)
            let created = try await app.send(.POST, "/api/v1/surveys", body: Self.nps)
            let surveyID = try XCTUnwrap(created.json["id"]?.stringValue)
            for (profile, reason) in [("user_id:nomail", "no_reachable_channel"), ("user_id:out", "opted_out")] {
                let invited = try await app.send(.POST, "/api/v1/surveys/\(surveyID)/invitations", body: #"{"profile":"\#(profile)"}"#)
                XCTAssertEqual(invited.json["status"]?.stringValue, "skipped", "\(database): \(invited.body.string)")
                XCTAssertEqual(invited.json["reason"]?.stringValue, reason)
                XCTAssertNotNil(invited.json["reasonText"]?.stringValue)
            }
            let paused = try await app.send(.PATCH, "/api/v1/surveys/\(surveyID)", body: #"{"status":"paused"}"#)
            XCTAssertEqual(paused.json["status"]?.stringValue, "paused")
            let closed = try await app.send(.POST, "/api/v1/surveys/\(surveyID)/invitations", body: #"{"profile":"user_id:nomail"}"#)
            XCTAssertEqual(closed.json["reason"]?.stringValue, "survey_closed")
            let skipped = try await app.send(.GET, "/api/v1/surveys/\(surveyID)/invitations?status=skipped").json["invitations"]?.arrayValue
            XCTAssertEqual(skipped?.count, 3)
            let badStatus = try await app.send(.GET, "/api/v1/surveys/\(surveyID)/invitations?status=lost")
            XCTAssertEqual(badStatus.status, .badRequest)
            let outbox = try await app.send(.GET, "/api/v1/outbox").json
            XCTAssertEqual(outbox["configured"], .bool(false))
        }
    }
}
