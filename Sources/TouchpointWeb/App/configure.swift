import Vapor
import Fluent
import Prometheus
import Leaf
import LeafKit
import TouchpointApp
import TouchpointDomain
import TouchpointStorage

/// Configures a Touchpoint server on `app`: database and migrations, services, middleware, routes and
/// the start-up credentials. Tests call it with a temporary database; `touchpoint serve` with the real one.
public func configure(_ app: Application, config: AppConfig, registry: PrometheusCollectorRegistry = PrometheusMetricsFactory.defaultRegistry) async throws {
    app.http.server.configuration.hostname = config.host
    app.http.server.configuration.port = config.port
    app.http.server.configuration.requestDecompression = .disabled
    app.http.server.configuration.responseCompression = .disabled
    // A connection that sends and receives nothing for a minute is closed: idle and half-sent requests cannot pile up.
    // (Live sockets ping every 25 s, so a quiet chat stays open.)
    app.http.server.configuration.idleTimeout = .seconds(Int64(config.idleTimeoutSeconds))
    app.routes.defaultMaxBodySize = "1mb"

    app.databases.use(try config.database.configuration(), as: DatabaseID(string: "touchpoint"), isDefault: true)
    try await SQLStore.prepareDatabase(app.db)
    app.migrations.add(TouchpointMigrations.all)
    try await config.database.whileHoldingMigrationLock(on: app.eventLoopGroup.any(), logger: app.logger) { try await app.autoMigrate() }
    var sqliteWriter: SQLiteWriter?
    if case .sqlite(let path) = config.database {
        let writer = try SQLiteWriter(path: path, logger: app.logger)
        let checkpointer = try await WALCheckpointer.start(path: path, writer: writer, logger: app.logger)
        app.lifecycle.use(SQLiteFileLifecycle(writer: writer, checkpointer: checkpointer))
        sqliteWriter = writer
    }
    let lanes = try config.database.connectionLanes(on: app.eventLoopGroup, logger: app.logger)
    if let lanes { app.lifecycle.use(PostgresLanesLifecycle(lanes: lanes)) }
    let store = try SQLStore(database: app.db, sqliteWriter: sqliteWriter, lanes: lanes)
    var reports = store
    if let replica = config.readDatabase {
        let id = DatabaseID(string: "touchpoint-read")
        app.databases.use(try replica.configuration(), as: id, isDefault: false)
        reports = try store.reading(from: app.db(id))
    }

    app.touchpoint = TouchpointServices(config: config, store: store, reports: reports, metrics: TouchpointMetrics(registry: registry),
                                         eventLoopGroup: app.eventLoopGroup, logger: app.logger)

    app.leaf.configuration = LeafConfiguration(rootDirectory: ConsoleAssets.viewsDirectory)
    // The views live inside the build folder (a hidden `.build` when run from a checkout), so the
    // default "visible files only" limit is lifted; the sandbox still confines look-ups to the views folder.
    app.leaf.sources = .singleSource(NIOLeafFiles(fileio: app.fileio, limits: [.toSandbox, .requireExtensions],
                                                  sandboxDirectory: ConsoleAssets.viewsDirectory, viewDirectory: ConsoleAssets.viewsDirectory))
    app.views.use(.leaf)

    app.middleware = Middlewares()
    app.middleware.use(RouteLoggingMiddleware(logLevel: .debug))
    app.middleware.use(SecurityHeadersMiddleware())
    app.middleware.use(APIErrorMiddleware())
    try routes(app)
    // The first start creates the console admin, its token and the server's secrets (read, then inserted when missing):
    // under the migration lock, so two nodes starting at once on an empty database do not both create them.
    try await config.database.whileHoldingMigrationLock(on: app.eventLoopGroup.any(), logger: app.logger) {
        try await bootstrapCredentials(app, config: config, store: store)
        app.touchpoint.forgeryKeys.use(secret: try await store.serverSecret(named: "console_forms"))
        app.touchpoint.chatTokens.use(secret: try await store.serverSecret(named: "chat_visitors"))
        app.touchpoint.surveyTokens.use(secret: try await store.serverSecret(named: "survey_links"))
    }
    try await app.touchpoint.companyTimeZone.load(configured: config.timeZone, store: store)
    try await app.touchpoint.companyName.load(configured: config.companyName, store: store)
    try await app.touchpoint.lifecycle.loadRules()
    try await app.touchpoint.serviceDesk.prepare()
    try await app.touchpoint.selfService.prepare()
    try await app.touchpoint.knowledge.refreshIndex(force: true)
    if app.environment != .testing {
        await app.touchpoint.valueRefresher.start()
        await app.touchpoint.lifecycle.start()
        app.touchpoint.feedback.start()
        app.touchpoint.surveys.start()
        app.touchpoint.selfService.start()
        let segments = app.touchpoint.decisions.segments
        await app.touchpoint.valueRefresher.whenRefitted { await segments.derivedFactsChanged() }
        app.touchpoint.decisions.start()
        app.touchpoint.measure.start()
        app.touchpoint.outbox.start()
        app.touchpoint.eventLog.start()
        app.touchpoint.serviceDesk.startMonitor()
        if case .postgres(let url) = config.database {
            try app.touchpoint.serviceBroadcast.startRelay(url: url, on: app.eventLoopGroup.next())
        }
        app.lifecycle.use(ServiceDeskLifecycle())
    }
}

/// Closes the SQLite writer and stops copying the log in the background when the server shuts down.
struct SQLiteFileLifecycle: LifecycleHandler {
    let writer: SQLiteWriter
    let checkpointer: WALCheckpointer

    func shutdownAsync(_ application: Application) async {
        await checkpointer.stop()
        await writer.close()
    }
}

/// Closes the store's own PostgreSQL connections when the server shuts down.
struct PostgresLanesLifecycle: LifecycleHandler {
    let lanes: PostgresConnectionLanes

    func shutdownAsync(_ application: Application) async {
        await lanes.close()
    }
}

/// Stops the service desk's background work (SLA monitor, live relay) when the server shuts down.
struct ServiceDeskLifecycle: LifecycleHandler {
    func shutdownAsync(_ application: Application) async {
        application.touchpoint.serviceDesk.stopMonitor()
        application.touchpoint.feedback.stop()
        application.touchpoint.surveys.stop()
        application.touchpoint.selfService.stop()
        application.touchpoint.decisions.stop()
        application.touchpoint.measure.stop()
        application.touchpoint.outbox.stop()
        application.touchpoint.eventLog.stop()
        application.touchpoint.serviceBroadcast.stopRelay()
    }
}

/// Creates the credentials the environment names, or — on a first start — an admin token and a write key,
/// printed once because only their hashes are stored.
/// A line a person must see at once (credentials shown once): to stdout, flushed, and to stderr, so it appears under a
/// pipe, nohup or systemd at the moment it is printed, not when the process exits.
func announce(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
    // In a terminal both streams are the same screen: once is enough.
    if isatty(STDOUT_FILENO) == 1 && isatty(STDERR_FILENO) == 1 { return }
    FileHandle.standardError.write(Data((line + "\n").utf8))
}

func bootstrapCredentials(_ app: Application, config: AppConfig, store: SQLStore) async throws {
    if let token = config.adminToken {
        if try await store.ensureToken(token, name: "TOUCHPOINT_ADMIN_TOKEN", role: .admin) {
            app.logger.notice("admin API token from TOUCHPOINT_ADMIN_TOKEN stored")
        }
    } else if try await store.countTokens(role: .admin) == 0 {
        let token = makeSecret(prefix: "tp_at_")
        try await store.ensureToken(token, name: "first start", role: .admin)
        announce("Admin API token (shown once, store it now): \(token)")
    }
    if let email = config.adminEmail, let password = config.adminPassword {
        if try await store.userForSignIn(email: email) == nil {
            try await store.createUser(email: email, name: "Admin", passwordHash: try Bcrypt.hash(password), role: .admin)
            app.logger.notice("console admin from TOUCHPOINT_ADMIN_EMAIL created", metadata: ["email": "\(email)"])
        }
    } else if try await store.users().isEmpty {
        let password = String(makeSecret(prefix: "").prefix(16))
        try await store.createUser(email: "admin@touchpoint.local", name: "Admin", passwordHash: try Bcrypt.hash(password), role: .admin)
        announce("Console sign-in (shown once): admin@touchpoint.local / \(password)")
    }
    if let writeKey = config.writeKey {
        _ = try await store.ensureSource(name: "default", writeKey: writeKey)
    } else if try await store.sources().isEmpty {
        let (_, key) = try await store.createSource(name: "default")
        announce("Write key of source 'default' (shown once; the chat widget's data-key and the Segment clients use it): \(key)")
    }
}
