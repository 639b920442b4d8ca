import Foundation
import XCTVapor
import TouchpointDomain
import TouchpointDemo
@testable import TouchpointWeb

final class ValueHTTPTests: XCTestCase {
    /// The demo company's purchases (generated from a BG/NBD process) sent through `/v1/import`.
    static func purchases() -> [[JSONValue]] {
        let end = Date(timeIntervalSince1970: 1_790_000_000)
        let company = DemoCompany(seed: 7, customers: 1500, start: end.addingTimeInterval(-730 * 86400), end: end)
        let orders = company.messages.filter { $0["event"]?.stringValue == "Order Completed" }
        return stride(from: 0, to: orders.count, by: 500).map { Array(orders[$0..<min($0 + 500, orders.count)]) }
    }

    func testScoresAppearOnProfilesAfterARefitAndFilterSearch() async throws {
        let batches = Self.purchases()
        try await WebHarness.onEveryDatabase { app, database in
            let before = try await app.get("/api/v1/value/model")
            XCTAssertEqual(before.status, .notFound, database)
            for batch in batches {
                let response = try await app.collect("/v1/import", JSONCodec.serialize(.object(["batch": .array(batch)])))
                XCTAssertEqual(response.status, .ok, "\(database): \(response.body.string.prefix(300))")
            }
            let refit = try await app.send(.POST, "/api/v1/value/refresh")
            XCTAssertEqual(refit.status, .ok, "\(database): \(refit.body.string)")
            let r = try XCTUnwrap(refit.json["parameters"]?["bgnbd"]?["r"]?.doubleValue)
            XCTAssertGreaterThan(r, 0, database)
            XCTAssertGreaterThan(refit.json["profilesScored"]?.doubleValue ?? 0, 100, database)

            let platinum = try await app.get("/api/v1/profiles?tier=platinum&limit=5")
            let profiles = try XCTUnwrap(platinum.json["profiles"]?.arrayValue)
            XCTAssertFalse(profiles.isEmpty, database)
            for profile in profiles {
                XCTAssertEqual(profile["scores"]?["valueTier"], .string("platinum"), database)
                XCTAssertEqual(profile["scores"]?["rfm"]?.stringValue?.count, 3, database)
                let pAlive = try XCTUnwrap(profile["scores"]?["pAlive"]?.doubleValue)
                XCTAssertTrue((0...1).contains(pAlive), database)
                XCTAssertNotNil(profile["scores"]?["model"]?["fittedAt"]?.stringValue, database)
            }
            let risky = try await app.get("/api/v1/profiles?churnRisk=high&limit=3")
            for profile in risky.json["profiles"]?.arrayValue ?? [] {
                XCTAssertEqual(profile["scores"]?["churnRisk"], .string("high"), database)
            }
            let invalid = try await app.get("/api/v1/profiles?tier=diamond")
            XCTAssertEqual(invalid.status, .badRequest, database)
            let model = try await app.get("/api/v1/value/model")
            XCTAssertEqual(model.json["parameters"]?["unit"], .string("week"), database)
        }
    }
}
