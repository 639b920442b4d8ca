import Foundation
import Vapor
import Prometheus
import TouchpointApp
import TouchpointStorage
import TouchpointWeb

/// A server for a benchmark: configured on its (empty) database with the background work stopped, so a benchmark
/// measures only the path it drives, and shut down afterwards whether the benchmark succeeds or throws.
enum BenchmarkServer {
    static let adminToken = "bench-admin-token-0123456789"

    static func run<T: Sendable>(on location: DatabaseLocation, writeKey: String, _ body: (Application) async throws -> T) async throws -> T {
        let app = try await Application.make(Environment(name: "production", arguments: ["touchpoint"]))
        app.logger.logLevel = .warning
        do {
            var config = AppConfig(port: 0, database: location, adminToken: adminToken, writeKey: writeKey,
                                   adminEmail: "bench@touchpoint.local", adminPassword: "bench-password")
            // Every simulated client comes from 127.0.0.1: the per-address limits would measure themselves.
            config.collectRequestsPerSecond = 1_000_000
            config.chatVisitorsPerHour = 1_000_000
            config.chatConversationsPerHour = 1_000_000
            try await configure(app, config: config, registry: PrometheusCollectorRegistry())
            // The projections, the value refits and the SLA monitor follow on their own schedule: not what is measured.
            await app.touchpoint.lifecycle.stop()
            await app.touchpoint.valueRefresher.stop()
            app.touchpoint.serviceDesk.stopMonitor()
            app.touchpoint.feedback.stop()
            app.touchpoint.surveys.stop()
            app.touchpoint.outbox.stop()
            app.touchpoint.measure.stop()
            // The segments and self-service projections and the log's upkeep came later and follow their own schedule
            // too (a benchmark that measures one of them starts it itself).
            app.touchpoint.decisions.stop()
            app.touchpoint.selfService.stop()
            app.touchpoint.eventLog.stop()
            let result = try await body(app)
            await app.server.shutdown()
            try await app.asyncShutdown()
            return result
        } catch {
            await app.server.shutdown()
            try? await app.asyncShutdown()
            throw error
        }
    }

    /// Starts listening on a free local port and returns it.
    static func listen(_ app: Application) async throws -> Int {
        try await app.server.start(address: .hostname("127.0.0.1", port: 0))
        guard let port = app.http.server.shared.localAddress?.port else { throw Abort(.internalServerError, reason: "the server has no port") }
        return port
    }
}
