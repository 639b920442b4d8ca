import SQLKit

/// A source's identity-verification secret: the site that embeds the chat signs its signed-in user's id with it, and
/// only identities so proven join a chat to a customer's profile. Kept readable (an HMAC needs the key itself).
struct M020AddSourceIdentitySecret: SchemaMigration {
    static let migrationName = "020_add_source_identity_secret"

    func prepare(on sql: any SQLDatabase, dialect: SQLDialectKind) async throws {
        try await sql.run("ALTER TABLE sources ADD COLUMN identity_secret TEXT")
    }

    func revert(on sql: any SQLDatabase, dialect: SQLDialectKind) async throws {
        try await sql.run("ALTER TABLE sources DROP COLUMN identity_secret")
    }
}
