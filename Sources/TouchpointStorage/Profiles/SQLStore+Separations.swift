import Foundation
import SQLKit
import TouchpointDomain

/// "Do not merge" rules between profiles: made when a merge is undone, respected by identity resolution,
/// carried over when one of the two profiles is merged into a third, shown on both profiles, removable.
extension SQLStore {
    /// The profiles `profile` is kept apart from.
    public func separations(of profile: ProfileID) async throws -> [ProfileID] {
        var statement = SQLStatement("SELECT profile_a, profile_b FROM profile_separations WHERE profile_a = ")
        statement.bind(profile.rawValue)
        statement.append(" OR profile_b = ")
        statement.bind(profile.rawValue)
        return try await sql.rows(statement).map {
            ProfilePair(ProfileID(rawValue: try $0.decode(column: "profile_a", as: String.self)),
                        ProfileID(rawValue: try $0.decode(column: "profile_b", as: String.self))).other(than: profile)
        }
    }

    /// Removes the rule between two profiles: later messages may merge them again. Returns whether there was one.
    @discardableResult
    public func removeSeparation(_ pair: ProfilePair) async throws -> Bool {
        try await write { sql in
            var find = SQLStatement("SELECT profile_a FROM profile_separations WHERE profile_a = ")
            find.bind(pair.first.rawValue)
            find.append(" AND profile_b = ")
            find.bind(pair.second.rawValue)
            guard try await !sql.rows(find).isEmpty else { return false }
            var delete = SQLStatement("DELETE FROM profile_separations WHERE profile_a = ")
            delete.bind(pair.first.rawValue)
            delete.append(" AND profile_b = ")
            delete.bind(pair.second.rawValue)
            try await sql.run(delete)
            return true
        }
    }

    static func addSeparation(_ pair: ProfilePair, mergeID: MergeID?, now: Date, on sql: any SQLDatabase) async throws {
        guard pair.first != pair.second else { return }
        var insert = SQLStatement("INSERT INTO profile_separations (profile_a, profile_b, merge_id, created_at) VALUES (")
        insert.bind(pair.first.rawValue); insert.append(", ")
        insert.bind(pair.second.rawValue); insert.append(", ")
        insert.bind(mergeID?.rawValue); insert.append(", ")
        insert.bind(Timestamps.millis(now)); insert.append(") ON CONFLICT (profile_a, profile_b) DO NOTHING")
        try await sql.run(insert)
    }

    /// Whether any rule exists: the collection path reads the rules only then.
    static func anySeparation(on sql: any SQLDatabase) async throws -> Bool {
        try await !sql.rows(anySeparationStatement).isEmpty
    }

    /// One row when any rule exists.
    static let anySeparationStatement: SQLStatement = "SELECT profile_a FROM profile_separations LIMIT 1"

    /// The rules that involve any of these profiles.
    static func separations(involving profiles: [ProfileID], on sql: any SQLDatabase) async throws -> Set<ProfilePair> {
        var pairs = Set<ProfilePair>()
        for chunk in chunked(profiles.map(\.rawValue), size: rowsPerStatement) {
            var statement = SQLStatement("SELECT profile_a, profile_b FROM profile_separations WHERE profile_a IN ")
            statement.bindList(Array(chunk))
            statement.append(" OR profile_b IN ")
            statement.bindList(Array(chunk))
            for row in try await sql.rows(statement) {
                pairs.insert(ProfilePair(ProfileID(rawValue: try row.decode(column: "profile_a", as: String.self)),
                                         ProfileID(rawValue: try row.decode(column: "profile_b", as: String.self))))
            }
        }
        return pairs
    }

    /// After merges: the survivor takes over the absorbed profile's rules (a rule with itself is dropped).
    static func carrySeparations(over merges: [MergeRecord], now: Date, on sql: any SQLDatabase) async throws {
        for merge in merges {
            let pairs = try await separations(involving: [merge.absorbed], on: sql)
            guard !pairs.isEmpty else { continue }
            try await deleteSeparations(involving: [merge.absorbed.rawValue], on: sql)
            for pair in pairs {
                try await addSeparation(ProfilePair(merge.survivor, pair.other(than: merge.absorbed)), mergeID: nil, now: now, on: sql)
            }
        }
    }

    static func deleteSeparations(involving profiles: [String], on sql: any SQLDatabase) async throws {
        for chunk in chunked(profiles, size: rowsPerStatement) {
            var delete = SQLStatement("DELETE FROM profile_separations WHERE profile_a IN ")
            delete.bindList(Array(chunk))
            delete.append(" OR profile_b IN ")
            delete.bindList(Array(chunk))
            try await sql.run(delete)
        }
    }
}
