import Foundation
import XCTest
@testable import TouchpointStorage

/// The wrapped page cache (`PageCache.c`) skips truncations that would remove nothing. These check that the ones
/// that remove pages still do: rolled-back transactions and savepoints give pages back, the file stays sound, and
/// what is read afterwards is what was committed.
final class SQLitePageCacheTests: ScratchDirectoryTestCase {
    override class var directoryPrefix: String { "page-cache" }

    func testThePageCacheIsWrapped() {
        XCTAssertTrue(SQLiteWriter.pageCacheWrapped, "SQLite refused the wrapped page cache: it must be set before the first connection")
    }

    func testRollbacksAfterPageSplitsLeaveTheFileSoundAndTheCommittedRows() throws {
        let path = directory.appendingPathComponent("cache.sqlite").path
        let writer = try SQLiteWriterConnection(path: path)
        try writer.execute("PRAGMA journal_mode = WAL")
        try writer.execute("CREATE TABLE rows (id INTEGER PRIMARY KEY, key TEXT NOT NULL, filler TEXT NOT NULL)")
        try writer.execute("CREATE INDEX rows_key ON rows (key)")
        var random = SystemRandomNumberGenerator()
        func insert(_ count: Int) throws {
            for _ in 0..<count {
                // Random keys split index pages all over the tree: the balances that park pages past the file's end.
                _ = try writer.query("INSERT INTO rows (key, filler) VALUES (?, ?)",
                                     [.text(String(random.next(), radix: 36)), .text(String(repeating: "x", count: 300))])
            }
        }
        func count(_ connection: SQLiteWriterConnection) throws -> Int64 {
            try connection.query("SELECT COUNT(*) AS n FROM rows", []).first!.decode(column: "n", as: Int64.self)
        }
        func integrity(_ connection: SQLiteWriterConnection) throws -> String {
            try connection.query("PRAGMA integrity_check", []).first!.decode(column: "integrity_check", as: String.self)
        }

        for round in 0..<6 {
            try writer.execute("BEGIN IMMEDIATE")
            try insert(2_000)
            try writer.execute("COMMIT")
            // A whole transaction rolled back: the file shrinks back, and its new pages must leave the cache.
            try writer.execute("BEGIN IMMEDIATE")
            try insert(3_000)
            try writer.execute("ROLLBACK")
            // A savepoint rolled back inside a committed transaction.
            try writer.execute("BEGIN IMMEDIATE")
            try insert(500)
            try writer.execute("SAVEPOINT part")
            try insert(1_500)
            try writer.execute("ROLLBACK TO part")
            try writer.execute("RELEASE part")
            try writer.execute("COMMIT")
            XCTAssertEqual(try count(writer), Int64((round + 1) * 2_500))
        }
        XCTAssertEqual(try integrity(writer), "ok")
        // The file shrinks under the writer's cache: half the rows go and VACUUM rebuilds the file smaller.
        try writer.execute("DELETE FROM rows WHERE id % 2 = 0")
        try writer.execute("VACUUM")
        XCTAssertEqual(try count(writer), 7_500)
        try writer.execute("BEGIN IMMEDIATE")
        try insert(7_500)
        try writer.execute("COMMIT")
        XCTAssertEqual(try integrity(writer), "ok")
        // Pages the rollbacks gave back are used again by later commits, and a fresh connection reads the same.
        try writer.execute("BEGIN IMMEDIATE")
        try insert(4_000)
        try writer.execute("COMMIT")
        let reader = try SQLiteWriterConnection(path: path, reading: true)
        XCTAssertEqual(try count(reader), 19_000)
        XCTAssertEqual(try integrity(reader), "ok")
        XCTAssertEqual(try reader.query("SELECT COUNT(*) AS n FROM rows INDEXED BY rows_key WHERE key > ''", []).first!.decode(column: "n", as: Int64.self), 19_000)
        reader.close()
        writer.close()
    }
}
