import SQLKit

/// The append-only log of administrative changes (users, roles, tokens, sources, rules, settings, merges undone,
/// erasures, suppressions lifted). Nothing updates or deletes its rows.
struct M019CreateAuditLog: SchemaMigration {
    static let migrationName = "019_create_audit_log"

    func prepare(on sql: any SQLDatabase, dialect: SQLDialectKind) async throws {
        try await sql.run("""
            CREATE TABLE audit_log (
                id TEXT PRIMARY KEY,
                at BIGINT NOT NULL,
                actor TEXT NOT NULL,
                address TEXT NOT NULL,
                action TEXT NOT NULL,
                target TEXT NOT NULL,
                before_state TEXT,
                after_state TEXT
            )
            """)
        try await sql.run("CREATE INDEX audit_log_at ON audit_log (at)")
    }

    func revert(on sql: any SQLDatabase, dialect: SQLDialectKind) async throws {
        try await sql.run("DROP TABLE audit_log")
    }
}
