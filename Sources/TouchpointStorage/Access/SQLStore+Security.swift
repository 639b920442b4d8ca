import Foundation
import SQLKit
import TouchpointDomain

extension SQLStore {
    /// A secret shared by every node, made by the first node that asks for it (24 random bytes, hex).
    public func serverSecret(named name: String, now: Date = Date()) async throws -> String {
        try await write { sql in
            var insert = SQLStatement("INSERT INTO server_secrets (name, value, created_at) VALUES (")
            insert.bind(name); insert.append(", ")
            insert.bind(makeSecret(prefix: "")); insert.append(", ")
            insert.bind(Timestamps.millis(now)); insert.append(") ON CONFLICT (name) DO NOTHING")
            try await sql.run(insert)
            var select = SQLStatement("SELECT value FROM server_secrets WHERE name = ")
            select.bind(name)
            guard let row = try await sql.rows(select).first else { throw StorageError.notFound("no server secret '\(name)'") }
            return try row.decode(column: "value", as: String.self)
        }
    }

    /// Records a sign-in attempt for the audit trail and the throttle.
    public func recordSignInAttempt(_ attempt: SignInAttempt) async throws {
        try await write { sql in
            var insert = SQLStatement("INSERT INTO sign_in_attempts (id, at, email, address, outcome) VALUES (")
            insert.bind(TimeOrderedID.make(at: attempt.at)); insert.append(", ")
            insert.bind(Timestamps.millis(attempt.at)); insert.append(", ")
            insert.bind(String(attempt.email.prefix(254))); insert.append(", ")
            insert.bind(String(attempt.address.prefix(64))); insert.append(", ")
            insert.bind(attempt.outcome.rawValue); insert.append(")")
            try await sql.run(insert)
        }
    }

    /// The failed attempts since `since` for an account and for an address: what the throttle counts.
    public func signInFailures(email: String, address: String, since: Date) async throws -> (account: [Date], address: [Date]) {
        let failures = SignInOutcome.allCases.filter(\.isFailure).map(\.rawValue)
        func times(_ column: String, _ value: String) async throws -> [Date] {
            var statement = SQLStatement("SELECT at FROM sign_in_attempts WHERE \(sql: column) = ")
            statement.bind(value)
            statement.append(" AND at >= ")
            statement.bind(Timestamps.millis(since))
            statement.append(" AND outcome IN ")
            statement.bindList(failures)
            statement.append(" ORDER BY at DESC LIMIT 100")
            return try await sql.rows(statement).map { Timestamps.date(millis: try $0.decode(column: "at", as: Int64.self)) }
        }
        return (try await times("email", email), try await times("address", address))
    }

    /// The newest sign-in attempts, newest first (admins read them as the audit trail).
    public func signInAttempts(limit: Int) async throws -> [SignInAttempt] {
        var statement = SQLStatement("SELECT at, email, address, outcome FROM sign_in_attempts ORDER BY at DESC LIMIT ")
        statement.bind(Int64(max(1, min(limit, 1000))))
        return try await sql.rows(statement).map { row in
            SignInAttempt(at: Timestamps.date(millis: try row.decode(column: "at", as: Int64.self)),
                          email: try row.decode(column: "email", as: String.self),
                          address: try row.decode(column: "address", as: String.self),
                          outcome: SignInOutcome(rawValue: try row.decode(column: "outcome", as: String.self)) ?? .wrongPassword)
        }
    }
}

extension SQLStore {
    /// Appends one administrative change to the audit log.
    public func appendAudit(_ entry: AuditEntry) async throws {
        try await write { sql in
            var insert = SQLStatement("INSERT INTO audit_log (id, at, actor, address, action, target, before_state, after_state) VALUES (")
            insert.bind(entry.id); insert.append(", ")
            insert.bind(Timestamps.millis(entry.at)); insert.append(", ")
            insert.bind(entry.actor); insert.append(", ")
            insert.bind(entry.address); insert.append(", ")
            insert.bind(entry.action); insert.append(", ")
            insert.bind(entry.target); insert.append(", ")
            insert.bind(entry.before.map(JSONCodec.serialize)); insert.append(", ")
            insert.bind(entry.after.map(JSONCodec.serialize)); insert.append(")")
            try await sql.run(insert)
        }
    }

    /// Audit entries, newest first, older than `before` (an entry id) when given, optionally of one action prefix.
    public func auditEntries(limit: Int, before: String? = nil, action: String? = nil) async throws -> [AuditEntry] {
        var statement = SQLStatement("SELECT id, at, actor, address, action, target, before_state, after_state FROM audit_log WHERE 1 = 1")
        if let before {
            statement.append(" AND id < ")
            statement.bind(before)
        }
        if let action, !action.isEmpty {
            statement.append(" AND (action = ")
            statement.bind(action)
            statement.append(" OR action LIKE ")
            statement.bind(action.replacingOccurrences(of: "%", with: "") + ".%")
            statement.append(")")
        }
        statement.append(" ORDER BY id DESC LIMIT ")
        statement.bind(Int64(max(1, min(limit, 500))))
        return try await sql.rows(statement).map { row in
            AuditEntry(id: try row.decode(column: "id", as: String.self),
                       at: Timestamps.date(millis: try row.decode(column: "at", as: Int64.self)),
                       actor: try row.decode(column: "actor", as: String.self),
                       address: try row.decode(column: "address", as: String.self),
                       action: try row.decode(column: "action", as: String.self),
                       target: try row.decode(column: "target", as: String.self),
                       before: try row.decode(column: "before_state", as: String?.self).flatMap(JSONValue.parse),
                       after: try row.decode(column: "after_state", as: String?.self).flatMap(JSONValue.parse))
        }
    }
}

extension SQLStore {
    /// Makes (or replaces) a source's identity-verification secret and returns it.
    public func rotateIdentitySecret(of source: SourceID) async throws -> String {
        try await write { sql in
            let secret = makeSecret(prefix: "tp_iv_")
            var update = SQLStatement("UPDATE sources SET identity_secret = ")
            update.bind(secret)
            update.append(" WHERE id = ")
            update.bind(source.rawValue)
            try await sql.run(update)
            var check = SQLStatement("SELECT id FROM sources WHERE id = ")
            check.bind(source.rawValue)
            guard try await !sql.rows(check).isEmpty else { throw StorageError.notFound("no source '\(source.rawValue)'") }
            return secret
        }
    }

    /// A source's identity-verification secret, nil when none was made.
    public func identitySecret(of source: SourceID) async throws -> String? {
        var statement = SQLStatement("SELECT identity_secret FROM sources WHERE id = ")
        statement.bind(source.rawValue)
        return try await sql.rows(statement).first?.decode(column: "identity_secret", as: String?.self)
    }
}
