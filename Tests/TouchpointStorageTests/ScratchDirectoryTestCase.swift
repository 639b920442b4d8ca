import Foundation
import XCTest

/// A test case with a fresh directory of its own for SQLite files, removed after each test.
class ScratchDirectoryTestCase: XCTestCase {
    /// The directory's name starts with this (it shows which tests left it, should one stay behind).
    class var directoryPrefix: String { "scratch" }

    private(set) var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("\(Self.directoryPrefix)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: directory)
    }
}
