import Foundation
import Logging
import Synchronization
import XCTest
import TouchpointApp
import TouchpointDomain
@testable import TouchpointStorage

/// Several nodes on one database: migrations started at once, and background work that one node does at a time.
final class ClusterStorageTests: XCTestCase {
    /// Two nodes starting together on an empty PostgreSQL database both come up, and every migration ran once.
    func testTwoNodesMigratingAtOnceBothStart() async throws {
        guard let server = StorageHarness.postgresServerURL else { throw XCTSkip("needs TOUCHPOINT_TEST_POSTGRES_URL") }
        let url = try await PostgresScratch.create(serverURL: server, prefix: "touchpoint_cluster")
        do {
            async let first = StandaloneDatabase.open(.postgres(url: url))
            async let second = StandaloneDatabase.open(.postgres(url: url))
            let (a, b) = try await (first, second)
            let rows = try await a.store.sql.rows("SELECT name, COUNT(*) AS n FROM _fluent_migrations GROUP BY name")
            XCTAssertEqual(rows.count, TouchpointMigrations.all.count)
            for row in rows {
                let name = try row.decode(column: "name", as: String.self)
                XCTAssertEqual(try row.decode(column: "n", as: Int64.self), 1, name)
            }
            // Both stores work on the migrated schema.
            let probed = try await b.store.holdLease("probe", for: .seconds(30), now: Date())
            XCTAssertTrue(probed)
            await a.close()
            await b.close()
        } catch {
            await PostgresScratch.drop(url: url, serverURL: server)
            throw error
        }
        await PostgresScratch.drop(url: url, serverURL: server)
    }

    /// Nodes starting together each make the internal sources their areas record under (the help centre, decisions):
    /// the one that loses the race takes the winner's source instead of stopping (the failure drill once saw a node
    /// exit on the duplicate name).
    func testInternalSourcesMadeAtOnceAreOneSource() async throws {
        try await StorageHarness.onEveryDatabase { store, database in
            let ids = try await withThrowingTaskGroup(of: SourceID.self) { group in
                for _ in 0..<8 { group.addTask { try await store.internalSource(named: "Made at once").id } }
                return try await group.reduce(into: Set<SourceID>()) { $0.insert($1) }
            }
            XCTAssertEqual(ids.count, 1, database)
        }
    }

    func testALeaseHasOneHolderUntilItExpiresOrIsGivenBack() async throws {
        try await StorageHarness.onEveryDatabase { nodeA, database in
            let nodeB = try SQLStore(database: nodeA.database, sqliteWriter: nodeA.sqliteWriter, node: "node-b")
            let now = Date()
            let held = { (store: SQLStore, at: Double) in try await store.holdLease("the outbox", for: .seconds(30), now: now.addingTimeInterval(at)) }
            var outcomes = [Bool]()
            outcomes.append(try await held(nodeA, 0))    // free: A takes it
            outcomes.append(try await held(nodeB, 1))    // A's: B does not
            outcomes.append(try await held(nodeA, 20))   // A renews until 50
            outcomes.append(try await held(nodeB, 40))   // still A's
            outcomes.append(try await held(nodeB, 51))   // expired: B takes it
            outcomes.append(try await held(nodeA, 52))   // B's now
            XCTAssertEqual(outcomes, [true, false, true, false, true, false], database)
            try await nodeB.releaseLease("the outbox")
            let retaken = try await held(nodeA, 53)
            XCTAssertTrue(retaken, "\(database): given back, A need not wait")
            let refused = try await held(nodeB, 54)
            XCTAssertFalse(refused, database)
            let holders = try await nodeA.leases().map(\.holder)
            XCTAssertEqual(holders, [nodeA.node], database)
        }
    }

    /// The same repeated work started on two nodes runs on one; when that node stops, the other takes it over.
    func testRepeatedWorkRunsOnOneNodeAndMovesWhenItStops() async throws {
        try await StorageHarness.onEveryDatabase { nodeA, database in
            let nodeB = try SQLStore(database: nodeA.database, sqliteWriter: nodeA.sqliteWriter, node: "node-b")
            let rounds = Mutex<[String: Int]>([:])
            let logger = Logger(label: "test")
            let workA = RepeatingWork(name: "the test projection", logger: logger)
            let workB = RepeatingWork(name: "the test projection", logger: logger)
            workA.start(every: .milliseconds(50), lease: nodeA) { rounds.withLock { $0["a", default: 0] += 1 } }
            try await Task.sleep(for: .milliseconds(200))
            workB.start(every: .milliseconds(50), lease: nodeB) { rounds.withLock { $0["b", default: 0] += 1 } }
            try await Task.sleep(for: .milliseconds(500))
            let whileBothRun = rounds.withLock { $0 }
            XCTAssertGreaterThan(whileBothRun["a"] ?? 0, 3, database)
            XCTAssertNil(whileBothRun["b"], "\(database): the second node waits while the first holds the work")

            workA.stop()
            var waited = 0
            while rounds.withLock({ $0["b"] }) == nil && waited < 100 {
                try await Task.sleep(for: .milliseconds(50))
                waited += 1
            }
            workB.stop()
            XCTAssertNotNil(rounds.withLock { $0["b"] }, "\(database): the first node stopped and gave the work back")
        }
    }
}
