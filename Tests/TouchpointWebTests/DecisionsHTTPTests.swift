import Foundation
import XCTVapor
import TouchpointDomain
@testable import TouchpointWeb

/// Decisions over HTTP on both databases: the CONTRACT's shapes, every problem of a segment or action listed, roles,
/// a profile's segments and members paging, 404 and nothing stored for an unknown or erased person, extreme values
/// refused with 400, service before marketing.
final class DecisionsHTTPTests: XCTestCase {
    static let segment = #"{"id":"tv-buyers","name":"Bought a TV","conditions":[{"all":[{"did":"Order Completed","where":["category == tv"],"withinDays":90}]}]}"#
    static let crossSell = #"{"id":"soundbar","name":"Soundbar offer","kind":"cross-sell","channels":["web"],"placements":["home"],"texts":{"pl":{"title":"Soundbar -20%","body":"Do telewizora"},"en":{"title":"Soundbar 20% off","body":"For your TV"}},"eligibility":{"segments":["tv-buyers"]},"value":"0.1 * clv + 40","caps":{"perPersonPerWeek":3},"controlGroupPercent":0}"#
    static let service = #"{"id":"case-help","name":"Help with the open case","kind":"service","channels":["web","phone"],"texts":{"pl":{"title":"Pomożemy","body":"Twoja sprawa jest w toku"}},"eligibility":{"conditions":["cases.open >= 1"]},"value":5}"#

    func testSegmentsActionsAndDecisionsKeepTheContract() async throws {
        try await WebHarness.onEveryDatabase { app, database in
            let order = try await app.collect("/v1/batch", #"{"batch":[{"type":"identify","userId":"kasia","traits":{"email":"kasia@example.com","language":"en"}},{"type":"track","userId":"kasia","event":"Order Completed","properties":{"category":"tv"}}]}"#)
            XCTAssertEqual(order.status, .ok)
            let (_, agent) = try await ServiceHTTPTests.agent(app, email: "decide-\(database)@shop.pl")
            let refused = try await app.send(.POST, "/api/v1/segments", headers: agent, body: Self.segment)
            XCTAssertEqual(refused.status, .forbidden)

            let created = try await app.send(.POST, "/api/v1/segments", body: Self.segment)
            XCTAssertEqual(created.status, .created, created.body.string)
            let invalid = try await app.send(.POST, "/api/v1/segments", body: #"{"name":" ","conditions":[{"all":["value.cvl > 1",{"did":"X","withinDays":400}]},{"any":[]}]}"#)
            XCTAssertEqual(invalid.status, .unprocessableEntity)
            XCTAssertEqual(invalid.json["problems"]?.arrayValue?.count, 5, invalid.body.string)
            let badAction = try await app.send(.POST, "/api/v1/actions", body: #"{"id":"x","name":"","kind":"marketing","channels":[],"texts":{},"value":"clv *","eligibility":{"segments":["nope"]},"controlGroupPercent":90}"#)
            XCTAssertEqual(badAction.status, .unprocessableEntity)
            XCTAssertGreaterThanOrEqual(badAction.json["problems"]?.arrayValue?.count ?? 0, 6, badAction.body.string)
            for body in [Self.crossSell, Self.service] {
                let action = try await app.send(.POST, "/api/v1/actions", body: body)
                XCTAssertEqual(action.status, .created, action.body.string)
            }
            let actions = try await app.get("/api/v1/actions", headers: agent)
            XCTAssertEqual(actions.json["actions"]?.arrayValue?.count, 2)

            try await app.touchpoint.decisions.segments.catchUp()
            let profile = try await app.get("/api/v1/profiles/user_id:kasia")
            XCTAssertEqual(profile.json["segments"], .array([.string("tv-buyers")]), database)
            let members = try await app.get("/api/v1/segments/tv-buyers/members?limit=1")
            XCTAssertEqual(members.json["members"]?.arrayValue?.count, 1, members.body.string)
            let listed = try await app.get("/api/v1/segments")
            XCTAssertEqual(listed.json["segments"]?.arrayValue?.first?["members"]?.doubleValue, 1)
            let preview = try await app.send(.POST, "/api/v1/segments/preview", body: #"{"name":"draft","conditions":[{"all":["traits.language == en"]}]}"#)
            XCTAssertEqual(preview.json["members"]?.doubleValue, 1, preview.body.string)

            let decision = try await app.send(.POST, "/api/v1/decisions", body: #"{"profile":"user_id:kasia","channel":"web","placement":"home"}"#)
            XCTAssertEqual(decision.status, .ok, decision.body.string)
            XCTAssertNotNil(decision.json["decisionId"]?.stringValue)
            let first = decision.json["actions"]?.arrayValue?.first
            XCTAssertEqual(first?["id"]?.stringValue, "soundbar")
            XCTAssertEqual(first?["kind"]?.stringValue, "cross-sell")
            XCTAssertEqual(first?["title"]?.stringValue, "Soundbar 20% off", "the person's language")
            XCTAssertNotNil(first?["score"]?.doubleValue)
            XCTAssertTrue(first?["reason"]?.stringValue?.contains("propensity") == true)
            XCTAssertEqual(decision.json["notApplicable"]?["not_eligible"]?.doubleValue, 1, decision.body.string)
            let timeline = try await app.get("/api/v1/profiles/user_id:kasia/timeline")
            XCTAssertTrue(timeline.body.string.contains("Decision Made"), database)
            let history = try await app.get("/api/v1/profiles/user_id:kasia/decisions")
            XCTAssertEqual(history.json["decisions"]?.arrayValue?.count, 1)

            // An open case puts service first: no cross-sell while the problem is open.
            let opened = try await app.send(.POST, "/api/v1/cases", body: #"{"subject":"Telewizor nie działa","channel":"email","customer":{"email":"kasia@example.com"},"message":"Ekran gaśnie"}"#)
            XCTAssertEqual(opened.status, .created, opened.body.string)
            let serviceFirst = try await app.send(.POST, "/api/v1/decisions", body: #"{"profile":"user_id:kasia","channel":"web"}"#)
            XCTAssertEqual(serviceFirst.json["serviceFirst"], .bool(true), serviceFirst.body.string)
            XCTAssertEqual(serviceFirst.json["actions"]?.arrayValue?.map { $0["id"]?.stringValue }, ["case-help"])
            let removed = serviceFirst.json["removed"]?.arrayValue?.first { $0["id"]?.stringValue == "soundbar" }
            XCTAssertEqual(removed?["reason"]?.stringValue, "service_first")

            // Unknown people and bad input: 404 / 400, nothing stored.
            let unknown = try await app.send(.POST, "/api/v1/decisions", body: #"{"profile":"user_id:nobody","channel":"web"}"#)
            XCTAssertEqual(unknown.status, .notFound)
            for body in [#"{"profile":"user_id:kasia","channel":"fax"}"#, #"{"profile":"user_id:kasia","channel":"web","limit":99999999999999999999}"#,
                         #"{"profile":"user_id:kasia","channel":"web","limit":0}"#, #"{"profile":"","channel":"web"}"#, #"{"channel":"web"}"#] {
                let bad = try await app.send(.POST, "/api/v1/decisions", body: body)
                XCTAssertEqual(bad.status, .badRequest, body)
            }
            let hugeLimit = try await app.get("/api/v1/segments/tv-buyers/members?limit=99999999999999999999999")
            XCTAssertEqual(hugeLimit.status, .badRequest)
            let count = try await app.get("/api/v1/profiles/user_id:kasia/decisions").json["decisions"]?.arrayValue?.count
            XCTAssertEqual(count, 2)

            let exported = try await app.get("/api/v1/profiles/user_id:kasia/export")
            XCTAssertEqual(exported.json["decisions"]?.arrayValue?.count, 2, "the export (art. 15) holds the decisions")
            XCTAssertEqual(exported.json["segments"], .array([.string("tv-buyers")]))
            let erased = try await app.send(.DELETE, "/api/v1/profiles/user_id:kasia")
            XCTAssertEqual(erased.status, .ok)
            let afterErase = try await app.send(.POST, "/api/v1/decisions", body: #"{"profile":"user_id:kasia","channel":"web"}"#)
            XCTAssertEqual(afterErase.status, .notFound)
            let report = try await app.get("/api/v1/decisions/report")
            XCTAssertEqual(report.json["decisions"]?.doubleValue, 0, report.body.string)
            let health = try await app.get("/health")
            XCTAssertEqual(health.status, .ok)
        }
    }
}
