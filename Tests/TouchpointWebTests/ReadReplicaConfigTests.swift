import XCTest
import TouchpointStorage
@testable import TouchpointWeb

/// `TOUCHPOINT_DATABASE_READ_URL`: a PostgreSQL replica beside a PostgreSQL database, refused otherwise with what to do.
final class ReadReplicaConfigTests: XCTestCase {
    func testAReplicaNeedsPostgreSQLOnBothSides() throws {
        let primary = "postgres://touchpoint@db.internal:5432/touchpoint"
        let replica = "postgres://touchpoint@replica.internal:5432/touchpoint"
        let config = try AppConfig.resolve(database: primary, environment: ["TOUCHPOINT_DATABASE_READ_URL": replica])
        XCTAssertEqual(config.readDatabase, .postgres(url: replica))
        XCTAssertNil(try AppConfig.resolve(database: primary, environment: [:]).readDatabase)

        XCTAssertThrowsError(try AppConfig.resolve(database: "sqlite:/tmp/x.sqlite", environment: ["TOUCHPOINT_DATABASE_READ_URL": replica])) { error in
            XCTAssertTrue("\(error)".contains("must then be PostgreSQL too"), "\(error)")
        }
        XCTAssertThrowsError(try AppConfig.resolve(database: primary, environment: ["TOUCHPOINT_DATABASE_READ_URL": "sqlite:/tmp/replica.sqlite"])) { error in
            XCTAssertTrue("\(error)".contains("must be a postgres:// URL"), "\(error)")
        }
    }
}
