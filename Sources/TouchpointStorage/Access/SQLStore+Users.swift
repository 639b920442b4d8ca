import Foundation
import SQLKit
import TouchpointDomain

extension SQLStore {
    /// The user and their password hash, for signing in.
    public func userForSignIn(email: String) async throws -> (ConsoleUser, passwordHash: String)? {
        var statement = SQLStatement("SELECT id, email, name, password_hash, role, language, created_at FROM users WHERE email = ")
        statement.bind(email.trimmingCharacters(in: .whitespaces).lowercased())
        guard let row = try await sql.rows(statement).first else { return nil }
        return (try ConsoleUser(row: row), try row.decode(column: "password_hash", as: String.self))
    }

    public func users() async throws -> [ConsoleUser] {
        try await sql.rows("SELECT id, email, name, role, language, created_at FROM users ORDER BY email").map(ConsoleUser.init(row:))
    }

    /// Creates a user; the password arrives already hashed (bcrypt, in the web layer).
    @discardableResult
    public func createUser(email: String, name: String, passwordHash: String, role: Role, now: Date = Date()) async throws -> ConsoleUser {
        let normalized = email.trimmingCharacters(in: .whitespaces).lowercased()
        guard normalized.contains("@"), normalized.count <= 254 else { throw StorageError.invalid("an e-mail address is needed to sign in") }
        if try await userForSignIn(email: normalized) != nil { throw StorageError.conflict("a user with e-mail \(normalized) already exists") }
        let user = ConsoleUser(id: TimeOrderedID.make(at: now), email: normalized, name: name.isEmpty ? normalized : name,
                               role: role, language: nil, createdAt: Timestamps.millis(now))
        var insert = SQLStatement("INSERT INTO users (id, email, name, password_hash, role, language, created_at) VALUES (")
        insert.bind(user.id); insert.append(", ")
        insert.bind(user.email); insert.append(", ")
        insert.bind(user.name); insert.append(", ")
        insert.bind(passwordHash); insert.append(", ")
        insert.bind(user.role.rawValue); insert.append(", NULL, ")
        insert.bind(user.createdAt); insert.append(")")
        try await sql.run(insert)
        return user
    }

    public func setLanguage(userID: String, language: String) async throws {
        var update = SQLStatement("UPDATE users SET language = ")
        update.bind(language)
        update.append(" WHERE id = ")
        update.bind(userID)
        try await sql.run(update)
    }

    /// Starts a console session; returns the cookie token (only its hash is stored).
    public func createSession(userID: String, lifetime: TimeInterval = 12 * 3600, now: Date = Date()) async throws -> String {
        let token = makeSecret(prefix: "tp_s_")
        var insert = SQLStatement("INSERT INTO console_sessions (token_hash, user_id, expires_at, created_at) VALUES (")
        insert.bind(secretHash(token)); insert.append(", ")
        insert.bind(userID); insert.append(", ")
        insert.bind(Timestamps.millis(now.addingTimeInterval(lifetime))); insert.append(", ")
        insert.bind(Timestamps.millis(now)); insert.append(")")
        try await sql.run(insert)
        return token
    }

    public func user(forSession token: String, now: Date = Date()) async throws -> ConsoleUser? {
        var statement = SQLStatement("SELECT u.id, u.email, u.name, u.role, u.language, u.created_at FROM console_sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = ")
        statement.bind(secretHash(token))
        statement.append(" AND s.expires_at > ")
        statement.bind(Timestamps.millis(now))
        return try await sql.rows(statement).first.map(ConsoleUser.init(row:))
    }

    public func endSession(_ token: String) async throws {
        var delete = SQLStatement("DELETE FROM console_sessions WHERE token_hash = ")
        delete.bind(secretHash(token))
        try await sql.run(delete)
    }

    /// Events a day (UTC) and channel between two days inclusive, from the daily counters.
    public func dailyChannelCounts(from: String, to: String) async throws -> [(day: String, channel: Channel, events: Int)] {
        var statement = SQLStatement("SELECT day, channel, events FROM daily_channel_counts WHERE day >= ")
        statement.bind(from)
        statement.append(" AND day <= ")
        statement.bind(to)
        statement.append(" ORDER BY day, channel")
        return try await sql.rows(statement).map {
            (try $0.decode(column: "day", as: String.self),
             Channel(rawValue: try $0.decode(column: "channel", as: String.self)) ?? .server,
             Int(try $0.decode(column: "events", as: Int64.self)))
        }
    }

    /// Profiles with at least one userId (known people) and those seen since a moment.
    public func profileFigures(activeSince: Date) async throws -> (total: Int, identified: Int, active: Int) {
        let total = try await countProfiles()
        let identified = Int(try await sql.rows("SELECT COUNT(DISTINCT profile_id) AS n FROM identities WHERE kind = 'user_id'").first?.decode(column: "n", as: Int64.self) ?? 0)
        var activeStatement = SQLStatement("SELECT COUNT(*) AS n FROM profiles WHERE merged_into IS NULL AND seen_hour >= ")
        activeStatement.bind(SQLStore.seenHour(Timestamps.millis(activeSince)))
        activeStatement.append(" AND last_seen >= ")
        activeStatement.bind(Timestamps.millis(activeSince))
        let active = Int(try await sql.rows(activeStatement).first?.decode(column: "n", as: Int64.self) ?? 0)
        return (total, identified, active)
    }
}

extension ConsoleUser {
    init(row: any SQLRow) throws {
        self.init(id: try row.decode(column: "id", as: String.self),
                  email: try row.decode(column: "email", as: String.self),
                  name: try row.decode(column: "name", as: String.self),
                  role: Role(rawValue: try row.decode(column: "role", as: String.self)) ?? .agent,
                  language: try row.decode(column: "language", as: String?.self),
                  createdAt: try row.decode(column: "created_at", as: Int64.self))
    }
}
