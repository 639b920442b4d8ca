import SQLKit

/// Counting known people (profiles with a userId) reads this index instead of the whole identity graph.
struct M014IndexIdentitiesByKind: SchemaMigration {
    static let migrationName = "014_index_identities_by_kind"

    func prepare(on sql: any SQLDatabase, dialect: SQLDialectKind) async throws {
        try await sql.run("CREATE INDEX identities_kind_profile ON identities (kind, profile_id)")
    }

    func revert(on sql: any SQLDatabase, dialect: SQLDialectKind) async throws {
        try await sql.run("DROP INDEX identities_kind_profile")
    }
}
