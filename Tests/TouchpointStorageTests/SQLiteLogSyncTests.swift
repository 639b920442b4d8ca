import Foundation
import SQLKit
import Synchronization
import XCTest
@testable import TouchpointStorage

/// In WAL mode the writer commits without an fsync and a durable transaction returns once `SQLiteLogSync` has synced
/// the log after its commit; a file in another mode keeps the fsync inside each commit.
final class SQLiteLogSyncTests: ScratchDirectoryTestCase {
    override class var directoryPrefix: String { "log-sync" }

    private func makeFile(journal: String) throws -> String {
        let path = directory.appendingPathComponent("\(journal).sqlite").path
        let setup = try SQLiteWriterConnection(path: path)
        try setup.execute("PRAGMA journal_mode = \(journal)")
        try setup.execute("CREATE TABLE rows (id INTEGER PRIMARY KEY, body TEXT NOT NULL)")
        setup.close()
        return path
    }

    /// The setting a durable transaction runs under (outside WAL mode a derived one switches to NORMAL for itself).
    private func synchronousSetting(_ writer: SQLiteWriter) async throws -> Int64 {
        try await writer.transaction { sql in
            try await sql.rows("PRAGMA synchronous").first!.decode(column: "synchronous", as: Int64.self)
        }
    }

    func testConcurrentDurableCommitsAreSyncedAfterTheWriterAndShareTheSyncs() async throws {
        let path = try makeFile(journal: "WAL")
        let writer = try SQLiteWriter(path: path)
        let commits = 200
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<commits {
                group.addTask {
                    try await writer.transaction { sql in
                        try await sql.run("INSERT INTO rows (id, body) VALUES (\(bind: Int64(index)), \(bind: "row \(index)"))")
                    }
                }
            }
            try await group.waitForAll()
        }
        let usage = writer.usageSoFar
        // Every durable commit waited for an fsync of the log; one fsync serves the commits made while the last ran.
        XCTAssertGreaterThanOrEqual(usage.logSyncs, 1)
        XCTAssertLessThanOrEqual(usage.logSyncs, commits)
        // The commits themselves do not sync: NORMAL (1), not FULL (2).
        let setting = try await synchronousSetting(writer)
        XCTAssertEqual(setting, 1)
        await writer.close()

        let reader = try SQLiteWriterConnection(path: path)
        XCTAssertEqual(try reader.query("SELECT COUNT(*) AS n FROM rows", []).first?.decode(column: "n", as: Int64.self), Int64(commits))
        reader.close()
    }

    func testADerivedTransactionDoesNotWaitForASync() async throws {
        let path = try makeFile(journal: "WAL")
        let writer = try SQLiteWriter(path: path)
        try await writer.transaction { sql in try await sql.run("INSERT INTO rows (id, body) VALUES (1, 'durable')") }
        let afterDurable = writer.usageSoFar.logSyncs
        XCTAssertGreaterThanOrEqual(afterDurable, 1)
        for index in 2...20 {
            try await writer.transaction(durable: false) { sql in
                try await sql.run("INSERT INTO rows (id, body) VALUES (\(bind: Int64(index)), 'derived')")
            }
        }
        XCTAssertEqual(writer.usageSoFar.logSyncs, afterDurable, "a derived transaction asked for an fsync")
        await writer.close()
    }

    func testAFileNotInWALModeKeepsSyncingInsideEachCommit() async throws {
        let path = try makeFile(journal: "DELETE")
        let writer = try SQLiteWriter(path: path)
        try await writer.transaction { sql in try await sql.run("INSERT INTO rows (id, body) VALUES (1, 'synced in place')") }
        XCTAssertEqual(writer.usageSoFar.logSyncs, 0)
        let setting = try await synchronousSetting(writer)
        XCTAssertEqual(setting, 2, "outside WAL mode a commit must fsync itself (FULL)")
        await writer.close()
    }

    func testTicketsAlreadySyncedReturnAtOnceAndAMissingLogIsRefused() async throws {
        XCTAssertNil(SQLiteLogSync(logPath: directory.appendingPathComponent("missing/log").path, report: { _ in }))
        let file = directory.appendingPathComponent("log")
        try Data("frames".utf8).write(to: file)
        let syncs = Mutex(0)
        let sync = try XCTUnwrap(SQLiteLogSync(logPath: file.path, report: { _ in syncs.withLock { $0 += 1 } }))
        try await sync.durable(through: 3)
        let first = syncs.withLock { $0 }
        XCTAssertGreaterThanOrEqual(first, 1)
        // Ticket 2 was covered by the fsync that covered 3.
        try await sync.durable(through: 2)
        XCTAssertEqual(syncs.withLock { $0 }, first)
        try await sync.durable(through: 4)
        XCTAssertGreaterThan(syncs.withLock { $0 }, first)
        sync.close()
    }

    func testAFailedSyncFailsThatCommitAndEveryLaterOne() async throws {
        // fsync of a character device fails (EINVAL): a stand-in for a disk that refuses.
        let sync = try XCTUnwrap(SQLiteLogSync(logPath: "/dev/null", report: { _ in }))
        for ticket in [1, 2, 3] as [UInt64] {
            do {
                try await sync.durable(through: ticket)
                XCTFail("commit \(ticket) was reported on disk after a failed fsync")
            } catch let error as StorageError {
                guard case .logNotSynced = error else { return XCTFail("unexpected \(error)") }
                XCTAssertTrue(error.description.contains("restart the server"), error.description)
            }
        }
        sync.close()
    }
}
