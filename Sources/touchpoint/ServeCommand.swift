import ArgumentParser
import Vapor
import TouchpointWeb
import TouchpointDemo

/// `touchpoint serve`: migrate, then serve the API and the console until stopped.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "serve", abstract: "Start the server (migrates the database first).")

    @ArgumentParser.Option(help: "Address to listen on (env TOUCHPOINT_HOST; default 127.0.0.1)") var host: String?
    @ArgumentParser.Option(help: "Port to listen on (env TOUCHPOINT_PORT; default 8080)") var port: Int?
    @OptionGroup var database: DatabaseOptions
    @ArgumentParser.Flag(help: "Load the demo company into an empty database") var demo = false

    func run() async throws {
        let config = try Runtime.config(host: host, port: port, database: database.database, demo: demo)
        try await Runtime.checkPortIsFree(host: config.host, port: config.port)
        let app = try await Runtime.makeApplication(config: config, serve: true)
        app.touchpoint.showcase.use(DemoShowcase.featured())
        if demo {
            do {
                try await DemoLoader.loadIfEmpty(app)
            } catch {
                try? await app.asyncShutdown()
                throw error
            }
        }
        app.logger.notice("Touchpoint listening", metadata: ["url": "http://\(config.host):\(config.port)", "database": "\(config.database.kindName)"])
        do {
            try await app.execute()
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
    }
}

/// `touchpoint migrate`: apply migrations and exit.
struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "migrate", abstract: "Apply database migrations and exit.")

    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        let config = try Runtime.config(database: database.database)
        let app = try await Runtime.makeApplication(config: config, serve: false)
        print("Migrations applied (\(config.database.kindName)).")
        try await app.asyncShutdown()
    }
}
