import Foundation
import XCTVapor
import TouchpointDomain
@testable import TouchpointWeb

final class LifecycleHTTPTests: XCTestCase {
    static func journey(_ user: String, _ events: [(String, String)]) -> String {
        let batch = events.enumerated().map { index, entry in
            #"{"type":"track","userId":"\#(user)","event":"\#(entry.0)","timestamp":"2026-0\#(1 + index / 28)-\#(String(format: "%02d", 1 + index % 28))T10:00:00Z","properties":\#(entry.1)}"#
        }
        return #"{"batch":[\#(batch.joined(separator: ","))]}"#
    }

    func testStagesTransitionsFunnelAndRegression() async throws {
        try await WebHarness.onEveryDatabase { app, database in
            // a loyal customer who later has a bad experience, and a browser who never buys
            _ = try await app.collect("/v1/import", Self.journey("loyal", [
                ("Products Searched", "{}"), ("Promotion Viewed", "{}"), ("Product Viewed", "{}"), ("Product Added", "{}"),
                ("Checkout Started", "{}"), ("Order Completed", #"{"revenue":100}"#), ("Order Completed", #"{"revenue":80}"#),
                ("Survey Answered", #"{"score":10}"#), ("Complaint Filed", "{}"),
            ]))
            _ = try await app.collect("/v1/import", Self.journey("browser", [("Products Searched", "{}"), ("Product Viewed", "{}")]))
            try await app.touchpoint.lifecycle.catchUp()

            let lifecycle = try await app.get("/api/v1/profiles/user_id:loyal/lifecycle")
            XCTAssertEqual(lifecycle.status, .ok, database)
            let stages = lifecycle.json["transitions"]?.arrayValue?.compactMap { $0["to"]?.stringValue } ?? []
            XCTAssertEqual(stages, ["need", "awareness", "interaction", "experience", "engagement", "loyalty", "experience"], "\(database): \(stages)")
            XCTAssertEqual(lifecycle.json["stage"], .string("experience"), "\(database): a complaint after loyalty goes back")
            let regression = lifecycle.json["transitions"]?.arrayValue?.last
            XCTAssertEqual(regression?["from"], .string("loyalty"), database)
            XCTAssertNotNil(regression?["eventId"]?.stringValue, database)

            let profile = try await app.get("/api/v1/profiles/user_id:browser")
            XCTAssertEqual(profile.json["lifecycle"]?["stage"], .string("interaction"), database)

            let funnel = try await app.get("/api/v1/journeys/funnel")
            XCTAssertEqual(funnel.status, .ok, database)
            let rows = funnel.json["stages"]?.arrayValue ?? []
            XCTAssertEqual(rows.compactMap { $0["stage"]?.stringValue }, LifecycleStage.allCases.map(\.rawValue), database)
            XCTAssertEqual(rows.first?["profiles"], .number(2), database)
            XCTAssertEqual(rows.last?["profiles"], .number(1), database)
            XCTAssertEqual(rows[2]["conversionToNext"], .number(0.5), "\(database): one of two who interacted bought")
            XCTAssertNotNil(rows[0]["medianHoursInStage"]?.doubleValue, database)

            let report = try await app.get("/api/v1/journeys/report?from=2026-01-01&to=2026-12-31")
            XCTAssertFalse(report.json["transitions"]?.arrayValue?.isEmpty ?? true, database)
            let costs = try await app.get("/api/v1/journeys/costs")
            XCTAssertEqual(costs.json["unhappyCustomers"], .number(1), database)
            XCTAssertEqual(costs.json["wordOfMouthReach"], .number(8), database)
            let badFilter = try await app.get("/api/v1/journeys/funnel?channel=pigeon")
            XCTAssertEqual(badFilter.status, .badRequest, database)
        }
    }

    func testARuleChangeIsReplayedOverHistory() async throws {
        try await WebHarness.onEveryDatabase { app, database in
            _ = try await app.collect("/v1/import", Self.journey("reader", [("Product Viewed", "{}"), ("Article Read", "{}")]))
            try await app.touchpoint.lifecycle.catchUp()
            let before = try await app.get("/api/v1/profiles/user_id:reader/lifecycle")
            XCTAssertEqual(before.json["stage"], .string("interaction"), database)

            // a company decides reading an article shows engagement
            let current = try await app.get("/api/v1/lifecycle/rules")
            guard case .object(var rules) = current.json, var list = rules["rules"]?.arrayValue else { return XCTFail("rules JSON") }
            list.append(.object(["id": .string("engagement-article"), "stage": .string("engagement"),
                                 "pattern": .object(["events": .array([.string("Article Read")])])]))
            rules["rules"] = .array(list)
            let replaced = try await app.send(.PUT, "/api/v1/lifecycle/rules", body: JSONCodec.serialize(.object(rules)))
            XCTAssertEqual(replaced.status, .ok, "\(database): \(replaced.body.string)")
            try await app.touchpoint.lifecycle.catchUp()
            let after = try await app.get("/api/v1/profiles/user_id:reader/lifecycle")
            XCTAssertEqual(after.json["stage"], .string("engagement"), database)

            let invalid = try await app.send(.PUT, "/api/v1/lifecycle/rules", body: #"{"rules":[{"id":"x","stage":"nirvana"}]}"#)
            XCTAssertEqual(invalid.status, .unprocessableEntity, database)
        }
    }

    func testTheSweepLapsesCustomersWhoStoppedComingBack() async throws {
        try await WebHarness.onEveryDatabase { app, database in
            // two orders and an NPS 10 in early January 2026: loyal
            _ = try await app.collect("/v1/import", Self.journey("gone", [
                ("Order Completed", #"{"revenue":100}"#), ("Order Completed", #"{"revenue":80}"#), ("Survey Answered", #"{"score":10}"#),
            ]))
            try await app.touchpoint.lifecycle.catchUp()
            let before = try await app.get("/api/v1/profiles/user_id:gone/lifecycle")
            XCTAssertEqual(before.json["stage"], .string("loyalty"), database)

            let early = try await app.touchpoint.lifecycle.sweepLapses(now: Timestamps.parse("2026-06-01T00:00:00Z")!)
            XCTAssertEqual(early, 0, "\(database): five silent months are not a lapse")
            let later = Timestamps.parse("2027-03-01T00:00:00Z")!
            let written = try await app.touchpoint.lifecycle.sweepLapses(now: later)
            XCTAssertEqual(written, 1, database)
            try await app.touchpoint.lifecycle.catchUp()

            let after = try await app.get("/api/v1/profiles/user_id:gone/lifecycle")
            XCTAssertEqual(after.json["stage"], .string("experience"), database)
            let lapse = after.json["transitions"]?.arrayValue?.last
            XCTAssertEqual(lapse?["rule"], .string("lapse-inactive"), database)
            XCTAssertEqual(lapse?["from"], .string("loyalty"), database)
            XCTAssertEqual(lapse?["channel"], .string("server"), database)
            let again = try await app.touchpoint.lifecycle.sweepLapses(now: later)
            XCTAssertEqual(again, 0, "\(database): a lapsed customer is not swept again")

            // the lapse is an event on the log, so a replay under new rules keeps it
            let current = try await app.get("/api/v1/lifecycle/rules")
            let replaced = try await app.send(.PUT, "/api/v1/lifecycle/rules", body: current.body.string)
            XCTAssertEqual(replaced.status, .ok, "\(database): \(replaced.body.string)")
            try await app.touchpoint.lifecycle.catchUp()
            let replayed = try await app.get("/api/v1/profiles/user_id:gone/lifecycle")
            XCTAssertEqual(replayed.json["transitions"]?.arrayValue?.last?["rule"], .string("lapse-inactive"), database)
        }
    }

    func testAMergeRebuildsTheSurvivorsJourney() async throws {
        try await WebHarness.onEveryDatabase { app, database in
            _ = try await app.collect("/v1/import", #"{"batch":[{"type":"track","anonymousId":"visitor","event":"Product Viewed","timestamp":"2026-01-01T10:00:00Z"}]}"#)
            _ = try await app.collect("/v1/import", #"{"batch":[{"type":"track","userId":"buyer","event":"Order Completed","properties":{"revenue":5},"timestamp":"2026-01-05T10:00:00Z"}]}"#)
            try await app.touchpoint.lifecycle.catchUp()
            _ = try await app.collect("/v1/import", #"{"batch":[{"type":"identify","userId":"buyer","anonymousId":"visitor","timestamp":"2026-01-06T10:00:00Z"}]}"#)
            try await app.touchpoint.lifecycle.catchUp()
            let merged = try await app.get("/api/v1/profiles/user_id:buyer/lifecycle")
            let stages = merged.json["transitions"]?.arrayValue?.compactMap { $0["to"]?.stringValue } ?? []
            XCTAssertEqual(stages, ["interaction", "experience"], database)
            let first = merged.json["transitions"]?.arrayValue?.first?["at"]?.stringValue ?? ""
            XCTAssertTrue(first.hasPrefix("2026-01-01"), "\(database): the visitor's history now belongs to the buyer: \(first)")
            let funnel = try await app.get("/api/v1/journeys/funnel")
            XCTAssertEqual(funnel.json["stages"]?.arrayValue?.first?["profiles"], .number(1), "\(database): the absorbed profile left the funnel")
        }
    }
}
