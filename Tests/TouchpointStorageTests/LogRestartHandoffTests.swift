import Foundation
import Logging
import SQLKit
import XCTest
@testable import TouchpointStorage

/// The log's restart is prepared by the checkpointer and done by the writer: the writer asks once the log is long, the
/// checkpointer catches up and stands aside, and the writer restarts at its next transaction.
final class LogRestartHandoffTests: ScratchDirectoryTestCase {
    override class var directoryPrefix: String { "log-restart" }

    func testWithoutACheckpointerTheWriterRestartsAtOnce() {
        let handoff = LogRestartHandoff()
        XCTAssertTrue(handoff.readyToRestart())
        XCTAssertEqual(handoff.phase, .idle)
    }

    func testTheWriterAsksAndRestartsOnceTheCheckpointerHasCaughtUp() {
        let handoff = LogRestartHandoff()
        handoff.checkpointer(running: true)
        XCTAssertFalse(handoff.readyToRestart(), "restarted before the checkpointer caught up")
        XCTAssertEqual(handoff.phase, .asked)
        XCTAssertFalse(handoff.readyToRestart())
        handoff.caughtUp()
        XCTAssertEqual(handoff.phase, .caughtUp)
        XCTAssertTrue(handoff.readyToRestart())
        handoff.restartTried()
        XCTAssertEqual(handoff.phase, .idle)
        // Caught up without being asked means nothing: the next restart waits for a catching-up of its own.
        handoff.caughtUp()
        XCTAssertEqual(handoff.phase, .idle)
    }

    func testAStoppedCheckpointerIsNotWaitedFor() {
        let handoff = LogRestartHandoff()
        handoff.checkpointer(running: true)
        XCTAssertFalse(handoff.readyToRestart())
        handoff.checkpointer(running: false)
        XCTAssertEqual(handoff.phase, .idle)
        XCTAssertTrue(handoff.readyToRestart())
    }

    func testANapEndsWhenTheWriterAsksNotAfterItsTime() async {
        let handoff = LogRestartHandoff()
        handoff.checkpointer(running: true)
        let started = ContinuousClock.now
        async let napped: Void = handoff.nap(.seconds(30), while: .idle)
        try? await Task.sleep(for: .milliseconds(20))
        XCTAssertFalse(handoff.readyToRestart())
        await napped
        XCTAssertLessThan(ContinuousClock.now - started, .seconds(5), "the nap ran its whole time though the writer asked")
        // A nap in another phase than the present one returns at once; one with nothing to wake it, after its time.
        await handoff.nap(.seconds(30), while: .idle)
        let short = ContinuousClock.now
        await handoff.nap(.milliseconds(10), while: .asked)
        XCTAssertGreaterThanOrEqual(ContinuousClock.now - short, .milliseconds(10))
    }

    /// A writer and its checkpointer on a real file, with a log that restarts every 64 pages: the restarts happen (the
    /// writer does not wait for a catching-up that never comes), the log stays short, and every row is kept.
    func testAWriterAndItsCheckpointerRestartTheLogAndKeepEveryRow() async throws {
        let path = directory.appendingPathComponent("restarts.sqlite").path
        let setup = try SQLiteWriterConnection(path: path)
        try setup.execute("PRAGMA journal_mode = WAL")
        try setup.execute("CREATE TABLE rows (id INTEGER PRIMARY KEY, body TEXT NOT NULL)")
        setup.close()

        let writer = try SQLiteWriter(path: path, restartLogAfterPages: 64)
        let checkpointer = try await WALCheckpointer.start(path: path, writer: writer, interval: .milliseconds(20), logger: Logger(label: "test"))
        let body = String(repeating: "x", count: 3_000)
        let rows = 600
        for index in 0..<rows {
            try await writer.transaction { sql in
                try await sql.run("INSERT INTO rows (id, body) VALUES (\(bind: Int64(index)), \(bind: body))")
            }
            // A pace the checkpointer can follow, as it does a server's: written flat out, these 64-page logs pass the
            // writer's limit for waiting (half as long again) within one of the checkpointer's naps.
            try await Task.sleep(for: .milliseconds(1))
        }
        let usage = writer.usageSoFar
        // Read while the writer is open: closing the last connection removes the log.
        let log = try FileManager.default.attributesOfItem(atPath: path + "-wal")[.size] as? Int ?? 0
        await checkpointer.stop()
        await writer.close()

        // 600 rows of 3 KB are several hundred log pages: several restarts at 64.
        XCTAssertGreaterThanOrEqual(usage.logRestarts, 2, "the log restarted too seldom: \(usage.summary)")
        XCTAssertLessThan(log, 200 * 4_120, "the log grew to \(log) bytes: restarts did not keep it short; \(usage.summary)")
        let reader = try SQLiteWriterConnection(path: path)
        XCTAssertEqual(try reader.query("SELECT COUNT(*) AS n FROM rows", []).first?.decode(column: "n", as: Int64.self), Int64(rows))
        reader.close()
    }
}
