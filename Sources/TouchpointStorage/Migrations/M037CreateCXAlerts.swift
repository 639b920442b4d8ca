import SQLKit

/// Alerts raised when an indicator crosses its threshold, one row per crossing (the id is the rule and the crossing's
/// number, so two nodes that see the same crossing store it once), with the webhook delivery's state.
struct M037CreateCXAlerts: SchemaMigration {
    static let migrationName = "037_create_cx_alerts"

    func prepare(on sql: any SQLDatabase, dialect: SQLDialectKind) async throws {
        try await sql.run("""
            CREATE TABLE cx_alerts (
                id TEXT PRIMARY KEY,
                rule_id TEXT NOT NULL,
                indicator TEXT NOT NULL,
                channel TEXT,
                value DOUBLE PRECISION NOT NULL,
                threshold DOUBLE PRECISION NOT NULL,
                direction TEXT NOT NULL,
                crossing TEXT NOT NULL,
                at BIGINT NOT NULL,
                period_from BIGINT NOT NULL,
                period_to BIGINT NOT NULL,
                delivery TEXT NOT NULL,
                attempts BIGINT NOT NULL,
                next_attempt_at BIGINT,
                delivered_at BIGINT,
                last_error TEXT
            )\(dialect.keyedByText)
            """)
        try await sql.run("CREATE INDEX cx_alerts_at ON cx_alerts (at)")
        try await sql.run("CREATE INDEX cx_alerts_delivery ON cx_alerts (delivery, next_attempt_at)")
    }

    func revert(on sql: any SQLDatabase, dialect: SQLDialectKind) async throws {
        try await sql.run("DROP TABLE cx_alerts")
    }
}
