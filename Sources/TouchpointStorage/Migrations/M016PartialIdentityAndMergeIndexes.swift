import SQLKit

/// Three indexes narrowed to the rows their queries read, because every index entry is a page the ingest commit
/// writes: each group of about 3,000 events dirtied some 650 pages of these three alone.
///
/// - known people are counted from userIds only, so only userIds are indexed by profile;
/// - a typed identifier is found by value among e-mails, phones, userIds and external ids; anonymous ids (most new
///   identifiers, one per visitor) are found through the primary key (`anonymous_id:VALUE`) instead;
/// - the profiles merged into one are looked up by `merged_into`, which is empty for every profile still standing.
struct M016PartialIdentityAndMergeIndexes: SchemaMigration {
    static let migrationName = "016_partial_identity_and_merge_indexes"

    func prepare(on sql: any SQLDatabase, dialect: SQLDialectKind) async throws {
        try await sql.run("DROP INDEX identities_kind_profile")
        try await sql.run("CREATE INDEX identities_user_profile ON identities (profile_id) WHERE kind = 'user_id'")
        try await sql.run("DROP INDEX identities_value")
        try await sql.run("CREATE INDEX identities_typed_value ON identities (value) WHERE kind <> 'anonymous_id'")
        try await sql.run("DROP INDEX profiles_merged_into")
        try await sql.run("CREATE INDEX profiles_merged_into_set ON profiles (merged_into) WHERE merged_into IS NOT NULL")
    }

    func revert(on sql: any SQLDatabase, dialect: SQLDialectKind) async throws {
        try await sql.run("DROP INDEX profiles_merged_into_set")
        try await sql.run("CREATE INDEX profiles_merged_into ON profiles (merged_into)")
        try await sql.run("DROP INDEX identities_typed_value")
        try await sql.run("CREATE INDEX identities_value ON identities (value)")
        try await sql.run("DROP INDEX identities_user_profile")
        try await sql.run("CREATE INDEX identities_kind_profile ON identities (kind, profile_id)")
    }
}
