import Foundation
import FluentKit
import Logging
import NIOPosix
import SQLKit

/// A migrated database without a web server: for storage tests, benchmarks and batch jobs.
public final class StandaloneDatabase: Sendable {
    public let store: SQLStore
    public let location: DatabaseLocation
    private let databases: Databases

    public static func open(_ location: DatabaseLocation, logger: Logger = Logger(label: "touchpoint.storage")) async throws -> StandaloneDatabase {
        let databases = Databases(threadPool: .singleton, on: MultiThreadedEventLoopGroup.singleton)
        let id = DatabaseID(string: "touchpoint")
        databases.use(try location.configuration(), as: id, isDefault: true)
        guard let database = databases.database(id, logger: logger, on: MultiThreadedEventLoopGroup.singleton.any()) else {
            throw StorageError.unsupportedDatabase
        }
        var sqliteFile: (writer: SQLiteWriter, checkpointer: WALCheckpointer)?
        do {
            try await SQLStore.prepareDatabase(database)
            let migrations = Migrations()
            migrations.add(TouchpointMigrations.all)
            let migrator = Migrator(databases: databases, migrations: migrations, logger: logger, on: MultiThreadedEventLoopGroup.singleton.any())
            try await location.whileHoldingMigrationLock(on: MultiThreadedEventLoopGroup.singleton.any(), logger: logger) {
                try await migrator.setupIfNeeded().get()
                try await migrator.prepareBatch().get()
            }
            if case .sqlite(let path) = location {
                let writer = try SQLiteWriter(path: path, logger: logger)
                sqliteFile = (writer, try await WALCheckpointer.start(path: path, writer: writer, logger: logger))
            }
            let lanes = try location.connectionLanes(on: MultiThreadedEventLoopGroup.singleton, logger: logger)
            let store = try SQLStore(database: database, sqliteWriter: sqliteFile?.writer, lanes: lanes)
            return StandaloneDatabase(store: store, location: location, databases: databases, sqliteFile: sqliteFile)
        } catch {
            await sqliteFile?.writer.close()
            await databases.shutdownAsync()
            throw error
        }
    }

    private let sqliteFile: (writer: SQLiteWriter, checkpointer: WALCheckpointer)?

    private init(store: SQLStore, location: DatabaseLocation, databases: Databases, sqliteFile: (writer: SQLiteWriter, checkpointer: WALCheckpointer)?) {
        self.store = store
        self.location = location
        self.databases = databases
        self.sqliteFile = sqliteFile
    }

    public func close() async {
        await store.lanes?.close()
        await sqliteFile?.checkpointer.stop()
        await sqliteFile?.writer.close()
        await databases.shutdownAsync()
    }
}

/// Creates and drops throw-away PostgreSQL databases (tests and benchmarks), through a server URL.
public enum PostgresScratch {
    /// Creates an empty database next to the one `serverURL` names and returns its URL.
    public static func create(serverURL: String, prefix: String = "touchpoint_scratch") async throws -> String {
        let name = prefix + "_" + String(UInt64.random(in: 0...UInt64.max), radix: 36)
        try await withAdmin(serverURL) { sql in try await sql.run("CREATE DATABASE \(name)") }
        guard var components = URLComponents(string: serverURL) else { throw StorageError.invalidDatabaseURL(serverURL) }
        components.path = "/" + name
        return components.string ?? serverURL
    }

    public static func drop(url: String, serverURL: String) async {
        guard let name = URLComponents(string: url)?.path.dropFirst(), !name.isEmpty else { return }
        try? await withAdmin(serverURL) { sql in try await sql.run("DROP DATABASE IF EXISTS \(name) WITH (FORCE)") }
    }

    private static func withAdmin(_ serverURL: String, _ body: @escaping @Sendable (any SQLDatabase) async throws -> Void) async throws {
        let databases = Databases(threadPool: .singleton, on: MultiThreadedEventLoopGroup.singleton)
        databases.use(try DatabaseLocation(parsing: serverURL).configuration(), as: DatabaseID(string: "admin"), isDefault: true)
        do {
            guard let database = databases.database(logger: Logger(label: "touchpoint.scratch"), on: MultiThreadedEventLoopGroup.singleton.any()),
                  let sql = database as? any SQLDatabase else { throw StorageError.unsupportedDatabase }
            try await body(sql)
        } catch {
            await databases.shutdownAsync()
            throw error
        }
        await databases.shutdownAsync()
    }
}
