import SQLKit

/// A membership row now exists only while the person is in the segment: an exit deletes it. The rows of people who
/// left go, and so does the index of members by segment, which the table's own key (segment, person) now serves.
/// Each entry or exit then changes two index pages at random places instead of three or four: at 5,000 events a
/// second the segment projection's commits were most of what the SQLite writer wrote.
struct M048KeepOnlySegmentMembers: SchemaMigration {
    static let migrationName = "048_keep_only_segment_members"

    func prepare(on sql: any SQLDatabase, dialect: SQLDialectKind) async throws {
        try await sql.run("DELETE FROM segment_members WHERE member = 0")
        try await sql.run("DROP INDEX IF EXISTS segment_members_list")
    }

    func revert(on sql: any SQLDatabase, dialect: SQLDialectKind) async throws {
        try await sql.run("CREATE INDEX IF NOT EXISTS segment_members_list ON segment_members (segment_id, member, profile_id)")
    }
}
