import Foundation
import FluentKit
import FluentSQLiteDriver
import FluentPostgresDriver

/// Where the data lives, read from `--database` / `TOUCHPOINT_DATABASE_URL`:
/// `sqlite:PATH` (the default, `sqlite:touchpoint.sqlite`) or `postgres://user:pass@host:port/db`.
public enum DatabaseLocation: Sendable, Equatable {
    case sqlite(path: String)
    case postgres(url: String)

    public static let `default` = DatabaseLocation.sqlite(path: "touchpoint.sqlite")

    public init(parsing text: String) throws {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.hasPrefix("postgres://") || trimmed.hasPrefix("postgresql://") {
            guard URL(string: trimmed)?.host != nil else { throw StorageError.invalidDatabaseURL(text) }
            self = .postgres(url: trimmed)
        } else if trimmed.hasPrefix("sqlite:") {
            var path = String(trimmed.dropFirst("sqlite:".count))
            if path.hasPrefix("//") { path = String(path.dropFirst(2)) }
            guard !path.isEmpty else { throw StorageError.invalidDatabaseURL(text) }
            self = .sqlite(path: path)
        } else if !trimmed.contains("://") && !trimmed.isEmpty {
            self = .sqlite(path: trimmed)
        } else {
            throw StorageError.invalidDatabaseURL(text)
        }
    }

    /// `sqlite` or `postgres`, as `/health` reports it.
    public var kindName: String {
        switch self {
        case .sqlite: return "sqlite"
        case .postgres: return "postgres"
        }
    }

    /// The Fluent configuration for this location.
    public func configuration() throws -> DatabaseConfigurationFactory {
        switch self {
        case .sqlite(let path):
            // A read waits up to a minute for a connection: on a busy machine (a debug build, a demo load beside traffic)
            // ten seconds ended whole operations that would have finished.
            return .sqlite(.file(path), maxConnectionsPerEventLoop: 2, connectionPoolTimeout: .seconds(60))
        case .postgres(let url):
            let configuration = try Self.postgresConfiguration(url: url)
            return .postgres(configuration: configuration, maxConnectionsPerEventLoop: 8, connectionPoolTimeout: .seconds(30))
        }
    }

    /// The store's own connections for decisions (`PostgresConnectionLanes`) on PostgreSQL; nil on SQLite.
    public func connectionLanes(on group: any EventLoopGroup, logger: Logger) throws -> PostgresConnectionLanes? {
        guard case .postgres(let url) = self else { return nil }
        return PostgresConnectionLanes(configuration: try Self.postgresConfiguration(url: url).coreConfiguration, group: group, logger: logger)
    }

    private static func postgresConfiguration(url: String) throws -> SQLPostgresConfiguration {
        var configuration: SQLPostgresConfiguration
        do {
            configuration = try SQLPostgresConfiguration(url: url)
        } catch {
            throw StorageError.invalidDatabaseURL(url)
        }
        // Touchpoint's statements are many and short. PostgreSQL's JIT compiler, on by default, spent 30 ms compiling
        // a year's case read that then ran in 20 ms (every measurement page paid it); off for these sessions.
        configuration.coreConfiguration.options.additionalStartupParameters.append(("jit", "off"))
        return configuration
    }
}
