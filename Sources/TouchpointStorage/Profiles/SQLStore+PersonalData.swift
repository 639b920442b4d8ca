import Foundation
import SQLKit
import TouchpointDomain

/// What each product area holds about one person, found for export (GDPR art. 15) and removed on erasure (art. 17).
///
/// Every area that stores personal data outside the event log adds itself here — its rows are found by the person's
/// profiles and identifiers, exported by `personalRecords`, and removed inside the erasure transaction by
/// `erasePersonalRecords`. Today: the service desk (cases with their messages, attachments, calls, status history,
/// SLA alerts, CSAT and chat visitors).
extension SQLStore {
    /// The cases that belong to a person: linked to one of their profiles, or naming one of their identifiers as the customer
    /// (a case can be opened before its customer's profile exists). Merged-away duplicates are included.
    public func personalCaseIDs(of profile: ProfileID) async throws -> [CaseID] {
        var profiles = SQLStatement("SELECT id FROM profiles WHERE id = ")
        profiles.bind(profile.rawValue)
        profiles.append(" OR merged_into = ")
        profiles.bind(profile.rawValue)
        let ids = Array(Set(try await sql.rows(profiles).map { try $0.decode(column: "id", as: String.self) } + [profile.rawValue]))
        var keysStatement = SQLStatement("SELECT kind, value FROM identities WHERE profile_id IN ")
        keysStatement.bindList(ids)
        let identifiers = try await sql.rows(keysStatement).map {
            Identifier(kind: IdentifierKind(rawValue: try $0.decode(column: "kind", as: String.self)),
                       value: try $0.decode(column: "value", as: String.self))
        }
        return try await Self.personalCaseIDs(profiles: ids, identifiers: identifiers, on: sql)
    }

    static func personalCaseIDs(profiles: [String], identifiers: [Identifier], on sql: any SQLDatabase) async throws -> [CaseID] {
        guard !profiles.isEmpty else { return [] }
        var statement = SQLStatement("SELECT id FROM cases WHERE profile_id IN ")
        statement.bindList(profiles)
        for pattern in customerPatterns(identifiers) {
            statement.append(" OR LOWER(customer) LIKE ")
            statement.bind(pattern)
        }
        var found = Set(try await sql.rows(statement).map { try $0.decode(column: "id", as: String.self) })
        // Duplicates merged into the person's cases carry the same conversation.
        var frontier = Array(found)
        while !frontier.isEmpty {
            var merged = SQLStatement("SELECT id FROM cases WHERE merged_into IN ")
            merged.bindList(frontier)
            frontier = try await sql.rows(merged).map { try $0.decode(column: "id", as: String.self) }.filter { found.insert($0).inserted }
        }
        return found.sorted().map(CaseID.init(rawValue:))
    }

    /// `LIKE` patterns matching a case's stored customer (JSON of `CustomerContact`) by an identifier it names exactly.
    static func customerPatterns(_ identifiers: [Identifier]) -> [String] {
        identifiers.compactMap { identifier -> String? in
            let field: String
            switch identifier.kind {
            case .userID: field = "userid"
            case .anonymousID: field = "anonymousid"
            case .email: field = "email"
            default: return nil
            }
            let value = identifier.value.lowercased()
            // Values with LIKE's wildcards or JSON escapes are left to the profile link: a loose pattern could match a stranger.
            guard !value.contains(where: { "%_\\\"/".contains($0) }) else { return nil }
            return "%\"\(field)\":\"\(value)\"%"
        }
    }

    /// Removes every service record of the given cases: the conversation, files, calls, status history, alerts, chat
    /// visitors and the cases themselves. Service reports are computed from these rows, so they no longer count them.
    static func erasePersonalRecords(cases: [CaseID], on sql: any SQLDatabase) async throws {
        let ids = cases.map(\.rawValue)
        for chunk in chunked(ids, size: rowsPerStatement) {
            let list = Array(chunk)
            for table in ["case_attachments", "case_messages", "case_calls", "case_status_changes", "sla_alerts"] {
                var delete = SQLStatement("DELETE FROM \(sql: table) WHERE case_id IN ")
                delete.bindList(list)
                try await sql.run(delete)
            }
            var delete = SQLStatement("DELETE FROM cases WHERE id IN ")
            delete.bindList(list)
            try await sql.run(delete)
        }
    }

    /// Whether any of these identifiers belongs to a person who was erased: nothing new is stored for them.
    public func isSuppressed(_ identifiers: [Identifier]) async throws -> Bool {
        try await Self.isSuppressed(identifiers.map(\.key), on: sql)
    }

    static func isSuppressed(_ keys: [String], on sql: any SQLDatabase) async throws -> Bool {
        guard !keys.isEmpty else { return false }
        var statement = SQLStatement("SELECT key_hash FROM suppressions WHERE key_hash IN ")
        statement.bindList(keys.map(suppressionHash))
        statement.append(" LIMIT 1")
        return try await !sql.rows(statement).isEmpty
    }

    /// Lifts the suppression of one identifier (the person came back and agreed to be known again).
    /// Returns whether it was suppressed.
    @discardableResult
    public func liftSuppression(_ identifier: Identifier) async throws -> Bool {
        try await write { sql in
            let hash = suppressionHash(identifier.key)
            var find = SQLStatement("SELECT key_hash FROM suppressions WHERE key_hash = ")
            find.bind(hash)
            guard try await !sql.rows(find).isEmpty else { return false }
            var delete = SQLStatement("DELETE FROM suppressions WHERE key_hash = ")
            delete.bind(hash)
            try await sql.run(delete)
            return true
        }
    }

    /// Takes the erased events out of the daily counters they were added to.
    static func subtractFromDailyCounts(profiles: [String], on sql: any SQLDatabase) async throws {
        let dialect = SQLDialectKind(sql)
        var counts = SQLStatement("SELECT \(sql: dialect.dayOfMillis("ts")) AS day, channel, COUNT(*) AS n FROM events WHERE profile_id IN ")
        counts.bindList(profiles)
        counts.append(" GROUP BY 1, 2")
        for row in try await sql.rows(counts) {
            var update = SQLStatement("UPDATE daily_channel_counts SET events = events - ")
            update.bind(try row.decode(column: "n", as: Int64.self))
            update.append(" WHERE day = ")
            update.bind(try row.decode(column: "day", as: String.self))
            update.append(" AND channel = ")
            update.bind(try row.decode(column: "channel", as: String.self))
            try await sql.run(update)
        }
        try await sql.run("DELETE FROM daily_channel_counts WHERE events <= 0")
    }
}
