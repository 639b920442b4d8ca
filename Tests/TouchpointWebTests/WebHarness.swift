import Foundation
import XCTVapor
import Prometheus
import TouchpointDomain
import TouchpointStorage
@testable import TouchpointWeb

/// An in-process server on a fresh database: SQLite always, PostgreSQL too when
/// `TOUCHPOINT_TEST_POSTGRES_URL` names a server.
enum WebHarness {
    static let adminToken = "test-admin-token-0123456789"
    static let writeKey = "test-write-key"

    static func onEveryDatabase(_ body: (Application, String) async throws -> Void) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("touchpoint-web-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try await run(.sqlite(path: directory.appendingPathComponent("web.sqlite").path), name: "sqlite", body)

        guard let server = ProcessInfo.processInfo.environment["TOUCHPOINT_TEST_POSTGRES_URL"], !server.isEmpty else { return }
        let url = try await PostgresScratch.create(serverURL: server, prefix: "touchpoint_web")
        do {
            try await run(.postgres(url: url), name: "postgres", body)
        } catch {
            await PostgresScratch.drop(url: url, serverURL: server)
            throw error
        }
        await PostgresScratch.drop(url: url, serverURL: server)
    }

    private static func run(_ location: DatabaseLocation, name: String, _ body: (Application, String) async throws -> Void) async throws {
        let app = try await Application.make(.testing)
        do {
            let config = AppConfig(port: 0, database: location, adminToken: adminToken, writeKey: writeKey)
            try await configure(app, config: config, registry: PrometheusCollectorRegistry())
            try await body(app, name)
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
    }
}

extension HTTPHeaders {
    static var writeKey: HTTPHeaders {
        var headers = HTTPHeaders()
        headers.basicAuthorization = BasicAuthorization(username: WebHarness.writeKey, password: "")
        headers.contentType = .json
        return headers
    }

    static var admin: HTTPHeaders {
        var headers = HTTPHeaders()
        headers.bearerAuthorization = BearerAuthorization(token: WebHarness.adminToken)
        return headers
    }
}

extension XCTHTTPResponse {
    var json: JSONValue { JSONValue.parse(body.string) ?? .null }
    var errorCode: String? { json["error"]?["code"]?.stringValue }
}

extension Application {
    /// Sends one request in process and returns the response.
    func send(_ method: HTTPMethod, _ path: String, headers: HTTPHeaders = .admin, buffer: ByteBuffer?) async throws -> XCTHTTPResponse {
        let request = XCTHTTPRequest(method: method, url: .init(path: path), headers: headers,
                                     body: buffer ?? ByteBufferAllocator().buffer(capacity: 0))
        return try await self.performTest(request: request)
    }

    func send(_ method: HTTPMethod, _ path: String, headers: HTTPHeaders = .admin, body: String? = nil) async throws -> XCTHTTPResponse {
        try await send(method, path, headers: headers, buffer: body.map { ByteBuffer(string: $0) })
    }

    /// POSTs a JSON text to a collection endpoint with the write key.
    func collect(_ path: String, _ json: String, headers: HTTPHeaders = .writeKey) async throws -> XCTHTTPResponse {
        try await send(.POST, path, headers: headers, body: json)
    }

    func get(_ path: String, headers: HTTPHeaders = .admin) async throws -> XCTHTTPResponse {
        try await send(.GET, path, headers: headers, buffer: nil)
    }
}
