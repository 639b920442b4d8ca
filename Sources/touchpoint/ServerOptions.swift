import ArgumentParser
import NIOCore
import NIOPosix
import Vapor
import Logging
import Metrics
import Prometheus
import TouchpointWeb

/// Options every command that touches the database shares.
struct DatabaseOptions: ParsableArguments {
    @ArgumentParser.Option(name: .long, help: "sqlite:PATH or postgres://user:pass@host:port/db (env TOUCHPOINT_DATABASE_URL; default sqlite:touchpoint.sqlite)")
    var database: String?
}

enum Runtime {
    /// Logging and metrics are process-wide: bootstrapped once, before any application exists.
    static let bootstrapOnce: Void = {
        // Read once: Vapor makes a logger for every request and response, and the environment is copied whole each
        // time it is read (14 % of the server's time at a few thousand requests a second).
        let level = ProcessInfo.processInfo.environment["LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .info
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: PrometheusMetricsFactory.defaultRegistry))
    }()

    /// A configured application (database migrated, credentials bootstrapped) for commands and the server.
    static func makeApplication(config: AppConfig, serve: Bool) async throws -> Application {
        _ = bootstrapOnce
        let app = try await Application.make(Environment(name: "production", arguments: serve ? ["touchpoint", "serve"] : ["touchpoint"]))
        do {
            try await configure(app, config: config)
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        return app
    }

    /// Refuses to start when the port is taken, before migrations or background jobs run, with what to do about it.
    static func checkPortIsFree(host: String, port: Int) async throws {
        do {
            let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
                .bind(host: host, port: port).get()
            try await channel.close()
        } catch {
            let text = "\(error)"
            let message = text.contains("in use") || (error as? IOError)?.errnoCode == EADDRINUSE
                ? "port \(port) is in use: choose another with --port or TOUCHPOINT_PORT (or stop what listens there)"
                : "cannot listen on \(host):\(port) (\(text)): check --host / TOUCHPOINT_HOST"
            FileHandle.standardError.write(Data("touchpoint: \(message)\n".utf8))
            throw ExitCode(2)
        }
    }

    /// Reads the configuration, turning a problem into a message that says what to set.
    static func config(host: String? = nil, port: Int? = nil, database: String?, demo: Bool = false) throws -> AppConfig {
        do {
            return try AppConfig.resolve(host: host, port: port, database: database, demo: demo)
        } catch {
            FileHandle.standardError.write(Data("touchpoint: \(error)\n".utf8))
            throw ExitCode(2)
        }
    }
}
