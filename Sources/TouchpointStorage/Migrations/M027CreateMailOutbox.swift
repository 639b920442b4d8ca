import SQLKit

/// The mail outbox: every mail Touchpoint sends (survey invitations, service replies) is written here in the
/// transaction that decided it, then sent with retries. `lease_until` keeps two nodes from sending one mail at once.
struct M027CreateMailOutbox: SchemaMigration {
    static let migrationName = "027_create_mail_outbox"

    func prepare(on sql: any SQLDatabase, dialect: SQLDialectKind) async throws {
        try await sql.run("""
            CREATE TABLE mail_outbox (
                id TEXT PRIMARY KEY,
                purpose TEXT NOT NULL,
                reference TEXT,
                recipient TEXT NOT NULL,
                subject TEXT NOT NULL,
                body_text TEXT NOT NULL,
                body_html TEXT,
                message_id TEXT NOT NULL,
                in_reply_to TEXT,
                status TEXT NOT NULL,
                attempts INTEGER NOT NULL DEFAULT 0,
                next_attempt_at BIGINT NOT NULL,
                lease_until BIGINT NOT NULL DEFAULT 0,
                last_error TEXT,
                created_at BIGINT NOT NULL,
                sent_at BIGINT
            )\(dialect.keyedByText)
            """)
        try await sql.run("CREATE INDEX mail_outbox_due ON mail_outbox (status, next_attempt_at)")
        try await sql.run("CREATE INDEX mail_outbox_reference ON mail_outbox (reference)")
    }

    func revert(on sql: any SQLDatabase, dialect: SQLDialectKind) async throws {
        try await sql.run("DROP TABLE mail_outbox")
    }
}
