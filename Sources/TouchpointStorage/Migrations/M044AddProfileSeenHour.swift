import SQLKit

/// The profile list's order (most recently seen first) is indexed by the hour of `last_seen`, not by `last_seen` itself.
/// Every event moves `last_seen`, and a change to an indexed column keeps PostgreSQL from updating a row in place (a
/// HOT update, no new index entries): the collection path wrote a new entry into the profiles' indexes for every
/// profile of every group. The hour moves at most once an hour per profile, so most writes now stay in place; the
/// table keeps room on its pages for them (`fillfactor`). The list sorts the profiles of the same hour itself.
struct M044AddProfileSeenHour: SchemaMigration {
    static let migrationName = "044_add_profile_seen_hour"

    func prepare(on sql: any SQLDatabase, dialect: SQLDialectKind) async throws {
        try await sql.run("ALTER TABLE profiles ADD COLUMN seen_hour BIGINT NOT NULL DEFAULT 0")
        try await sql.run("UPDATE profiles SET seen_hour = last_seen / 3600000")
        try await sql.run("CREATE INDEX profiles_seen_hour ON profiles (seen_hour)")
        try await sql.run("DROP INDEX profiles_last_seen")
        if dialect == .postgres {
            try await sql.run("ALTER TABLE profiles SET (fillfactor = 85)")
        }
    }

    func revert(on sql: any SQLDatabase, dialect: SQLDialectKind) async throws {
        if dialect == .postgres {
            try await sql.run("ALTER TABLE profiles RESET (fillfactor)")
        }
        try await sql.run("CREATE INDEX profiles_last_seen ON profiles (last_seen)")
        try await sql.run("DROP INDEX profiles_seen_hour")
        try await sql.run("ALTER TABLE profiles DROP COLUMN seen_hour")
    }
}
