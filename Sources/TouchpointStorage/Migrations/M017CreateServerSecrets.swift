import SQLKit

/// Secrets every node of one installation shares (the key that signs the console's anti-forgery tokens), made once
/// by whichever node starts first, so a form rendered by one node is accepted by another.
struct M017CreateServerSecrets: SchemaMigration {
    static let migrationName = "017_create_server_secrets"

    func prepare(on sql: any SQLDatabase, dialect: SQLDialectKind) async throws {
        try await sql.run("CREATE TABLE server_secrets (name TEXT PRIMARY KEY, value TEXT NOT NULL, created_at BIGINT NOT NULL)")
    }

    func revert(on sql: any SQLDatabase, dialect: SQLDialectKind) async throws {
        try await sql.run("DROP TABLE server_secrets")
    }
}
