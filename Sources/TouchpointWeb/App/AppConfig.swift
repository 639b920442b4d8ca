import Foundation
import TouchpointDomain
import TouchpointStorage

/// Everything the server needs to start, read once from flags and the environment (a flag wins).
public struct AppConfig: Sendable {
    public var host: String
    public var port: Int
    public var database: DatabaseLocation
    /// A streaming replica of the PostgreSQL database for the report and analytics reads (`TOUCHPOINT_DATABASE_READ_URL`).
    public var readDatabase: DatabaseLocation?
    /// An admin API token to create on start if absent (`TOUCHPOINT_ADMIN_TOKEN`).
    public var adminToken: String?
    /// A write key for the source named `default` (`TOUCHPOINT_WRITE_KEY`).
    public var writeKey: String?
    public var adminEmail: String?
    public var adminPassword: String?
    /// Load the demo company into an empty database.
    public var demo: Bool
    /// Country calling code for national phone numbers written without one (`TOUCHPOINT_DEFAULT_CALLING_CODE`).
    public var defaultCallingCode: String
    /// Seconds a connection may stay silent before it is closed (`TOUCHPOINT_IDLE_TIMEOUT`, 60).
    public var idleTimeoutSeconds: Int = 60
    /// The time zone the console shows times in (`TOUCHPOINT_TIME_ZONE`, an IANA name such as Europe/Warsaw).
    public var timeZone: String?
    /// Limits of the public surface (`TOUCHPOINT_COLLECT_RATE`, `TOUCHPOINT_CHAT_VISITORS_PER_HOUR`,
    /// `TOUCHPOINT_CHAT_CONVERSATIONS_PER_HOUR`): requests a second per write key, new chat visitors and new chat
    /// conversations an hour per address.
    public var collectRequestsPerSecond: Double = 500
    public var chatVisitorsPerHour: Double = 20
    public var chatConversationsPerHour: Double = 10
    /// The mail server for the outbox (`TOUCHPOINT_SMTP_URL`, e.g. `smtp://user:pass@mail.example.com:587?from=cx@example.com`);
    /// without it mails wait in the outbox.
    public var smtp: SMTPSettings?
    /// The address people reach the server at, for links in e-mails (`TOUCHPOINT_PUBLIC_URL`; default http://HOST:PORT).
    public var publicURL: String = "http://127.0.0.1:8080"
    /// The name invitations are signed with (`TOUCHPOINT_COMPANY_NAME`).
    public var companyName: String = "Touchpoint"
    /// The company's colour on public pages (help centre): `TOUCHPOINT_BRAND_COLOR`, a #RRGGBB hex colour.
    public var brandColor: String = "#0b6e4f"

    public init(host: String = "127.0.0.1", port: Int = 8080, database: DatabaseLocation = .default,
                adminToken: String? = nil, writeKey: String? = nil, adminEmail: String? = nil, adminPassword: String? = nil,
                demo: Bool = false, defaultCallingCode: String = "48") {
        self.host = host
        self.port = port
        self.database = database
        self.adminToken = adminToken
        self.writeKey = writeKey
        self.adminEmail = adminEmail
        self.adminPassword = adminPassword
        self.demo = demo
        self.defaultCallingCode = defaultCallingCode
    }

    public struct Problem: Error, CustomStringConvertible {
        public let description: String
    }

    /// Reads the configuration: flags first, then `TOUCHPOINT_*` variables, then defaults.
    /// Errors name the setting and say what a valid value looks like.
    public static func resolve(
        host: String? = nil, port: Int? = nil, database: String? = nil, demo: Bool = false,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws -> AppConfig {
        func value(_ name: String) -> String? {
            guard let text = environment[name]?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return nil }
            return text
        }
        var config = AppConfig()
        config.host = host ?? value("TOUCHPOINT_HOST") ?? "127.0.0.1"
        if let port {
            config.port = port
        } else if let text = value("TOUCHPOINT_PORT") {
            guard let parsed = Int(text), (1...65535).contains(parsed) else {
                throw Problem(description: "TOUCHPOINT_PORT must be a port number from 1 to 65535, got '\(text)'")
            }
            config.port = parsed
        }
        guard (1...65535).contains(config.port) else { throw Problem(description: "--port must be from 1 to 65535, got \(config.port)") }
        if let url = database ?? value("TOUCHPOINT_DATABASE_URL") {
            do {
                config.database = try DatabaseLocation(parsing: url)
            } catch {
                throw Problem(description: "\(database != nil ? "--database" : "TOUCHPOINT_DATABASE_URL"): \(error)")
            }
        }
        if case .sqlite(let path) = config.database {
            let setting = database != nil ? "--database" : (value("TOUCHPOINT_DATABASE_URL") != nil ? "TOUCHPOINT_DATABASE_URL" : "the default database")
            if path.hasSuffix("/") {
                throw Problem(description: "\(setting): '\(path)' is a folder; SQLite needs a file, e.g. sqlite:\(path)touchpoint.sqlite")
            }
            var isFolder: ObjCBool = false
            if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue {
                throw Problem(description: "\(setting): '\(path)' is a folder; SQLite needs a file, e.g. sqlite:\(path)/touchpoint.sqlite")
            }
            let folder = (path as NSString).deletingLastPathComponent
            if !folder.isEmpty, !FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder) || !isFolder.boolValue {
                throw Problem(description: "\(setting): the folder '\(folder)' does not exist: create it (mkdir -p \(folder)) or choose another path")
            }
        }
        if let url = value("TOUCHPOINT_DATABASE_READ_URL") {
            guard case .postgres = config.database else {
                throw Problem(description: "TOUCHPOINT_DATABASE_READ_URL names a PostgreSQL replica; the database itself must then be PostgreSQL too (--database postgres://…)")
            }
            guard let location = try? DatabaseLocation(parsing: url), case .postgres = location else {
                throw Problem(description: "TOUCHPOINT_DATABASE_READ_URL must be a postgres:// URL of a streaming replica, got '\(url)'")
            }
            config.readDatabase = location
        }
        config.adminToken = value("TOUCHPOINT_ADMIN_TOKEN")
        config.writeKey = value("TOUCHPOINT_WRITE_KEY")
        config.adminEmail = value("TOUCHPOINT_ADMIN_EMAIL")
        config.adminPassword = value("TOUCHPOINT_ADMIN_PASSWORD")
        if (config.adminEmail == nil) != (config.adminPassword == nil) {
            throw Problem(description: "set both TOUCHPOINT_ADMIN_EMAIL and TOUCHPOINT_ADMIN_PASSWORD to create the console admin, or neither")
        }
        if let password = config.adminPassword, password.count < 8 {
            throw Problem(description: "TOUCHPOINT_ADMIN_PASSWORD must have at least 8 characters")
        }
        if let token = config.adminToken, token.count < 16 {
            throw Problem(description: "TOUCHPOINT_ADMIN_TOKEN must have at least 16 characters")
        }
        for (name, path) in [("TOUCHPOINT_COLLECT_RATE", \AppConfig.collectRequestsPerSecond),
                             ("TOUCHPOINT_CHAT_VISITORS_PER_HOUR", \AppConfig.chatVisitorsPerHour),
                             ("TOUCHPOINT_CHAT_CONVERSATIONS_PER_HOUR", \AppConfig.chatConversationsPerHour)] {
            guard let text = value(name) else { continue }
            guard let number = Double(text), number >= 1, number <= 1_000_000 else {
                throw Problem(description: "\(name) is a number from 1 to 1,000,000, got '\(text)'")
            }
            config[keyPath: path] = number
        }
        if let zone = value("TOUCHPOINT_TIME_ZONE") {
            guard TimeZone(identifier: zone) != nil else {
                throw Problem(description: "TOUCHPOINT_TIME_ZONE must be an IANA time zone such as Europe/Warsaw or UTC, got '\(zone)'")
            }
            config.timeZone = zone
        }
        if let text = value("TOUCHPOINT_IDLE_TIMEOUT") {
            guard let seconds = Int(text), (5...3600).contains(seconds) else {
                throw Problem(description: "TOUCHPOINT_IDLE_TIMEOUT is seconds from 5 to 3600, got '\(text)'")
            }
            config.idleTimeoutSeconds = seconds
        }
        if let code = value("TOUCHPOINT_DEFAULT_CALLING_CODE") {
            guard code.allSatisfy(\.isNumber), (1...3).contains(code.count) else {
                throw Problem(description: "TOUCHPOINT_DEFAULT_CALLING_CODE must be 1 to 3 digits, e.g. 48 for Poland")
            }
            config.defaultCallingCode = code
        }
        config.demo = demo
        if let url = value("TOUCHPOINT_SMTP_URL") {
            do { config.smtp = try SMTPSettings(url: url) } catch { throw Problem(description: "TOUCHPOINT_SMTP_URL: \(error)") }
        }
        if let url = value("TOUCHPOINT_PUBLIC_URL") {
            guard let parsed = URL(string: url), ["http", "https"].contains(parsed.scheme ?? ""), parsed.host != nil else {
                throw Problem(description: "TOUCHPOINT_PUBLIC_URL must be the address people reach the server at, such as https://cx.example.com")
            }
            config.publicURL = url.hasSuffix("/") ? String(url.dropLast()) : url
        } else {
            config.publicURL = "http://\(config.host == "0.0.0.0" ? "127.0.0.1" : config.host):\(config.port)"
        }
        if let name = value("TOUCHPOINT_COMPANY_NAME") { config.companyName = String(name.prefix(100)) }
        if let color = value("TOUCHPOINT_BRAND_COLOR") {
            guard color.count == 7, color.first == "#", color.dropFirst().allSatisfy(\.isHexDigit) else {
                throw Problem(description: "TOUCHPOINT_BRAND_COLOR must be a hex colour such as #0b6e4f")
            }
            config.brandColor = color
        }
        return config
    }
}
