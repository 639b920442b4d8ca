import Foundation
import XCTest
import TouchpointDomain
@testable import TouchpointStorage

/// Runs a storage test on a fresh SQLite file and, when `TOUCHPOINT_TEST_POSTGRES_URL` names a server,
/// on a fresh PostgreSQL database too: the same test, both databases.
enum StorageHarness {
    static var postgresServerURL: String? {
        ProcessInfo.processInfo.environment["TOUCHPOINT_TEST_POSTGRES_URL"].flatMap { $0.isEmpty ? nil : $0 }
    }

    static func onEveryDatabase(_ body: (SQLStore, String) async throws -> Void) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("touchpoint-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let sqlite = try await StandaloneDatabase.open(.sqlite(path: directory.appendingPathComponent("test.sqlite").path))
        do {
            try await body(sqlite.store, "sqlite")
        } catch {
            await sqlite.close()
            throw error
        }
        await sqlite.close()

        guard let server = postgresServerURL else { return }
        let url = try await PostgresScratch.create(serverURL: server, prefix: "touchpoint_test")
        let postgres = try await StandaloneDatabase.open(.postgres(url: url))
        do {
            try await body(postgres.store, "postgres")
        } catch {
            await postgres.close()
            await PostgresScratch.drop(url: url, serverURL: server)
            throw error
        }
        await postgres.close()
        await PostgresScratch.drop(url: url, serverURL: server)
    }
}

/// Named messages for storage tests.
enum Sample {
    static let source = SourceID(rawValue: "test-source")
    static let validator = MessageValidator()

    static func message(_ json: String, receivedAt: Date = Date()) -> InboundMessage {
        var counter = 0
        let result = validator.validate(JSONValue.parse(json)!, index: 0, envelope: .init(correctsClockSkew: false, receivedAt: receivedAt),
                                        makeID: { counter += 1; return UUID().uuidString })
        switch result {
        case .success(let message): return message
        case .failure(let rejection): fatalError("sample rejected: \(rejection.message)")
        }
    }

    @discardableResult
    static func ingest(_ store: SQLStore, _ json: String...) async throws -> IngestOutcome {
        try await store.ingest([IngestSubmission(sourceID: source, messages: json.map { message($0) })])[0]
    }
}

/// `XCTUnwrap` for an async expression.
func unwrapAsync<T>(_ expression: @autoclosure () async throws -> T?, file: StaticString = #filePath, line: UInt = #line) async throws -> T {
    let value = try await expression()
    return try XCTUnwrap(value, file: file, line: line)
}
