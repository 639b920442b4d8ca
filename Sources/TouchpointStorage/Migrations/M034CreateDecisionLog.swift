import SQLKit

/// The decision log. `decisions` keeps every answer as it was given (the shown actions with their score parts, the
/// removed ones with their reasons); `offer_contacts` keeps one row per action and what happened to it — `shown`,
/// `control` (held out to measure uplift), then `viewed`, `accepted`, `dismissed` from the outcome events — which caps,
/// dismissal cool-downs, budgets, learning and the report read. `segment_id` is the learning segment the outcome teaches.
struct M034CreateDecisionLog: SchemaMigration {
    static let migrationName = "034_create_decision_log"

    func prepare(on sql: any SQLDatabase, dialect: SQLDialectKind) async throws {
        try await sql.run("""
            CREATE TABLE decisions (
                id TEXT PRIMARY KEY,
                profile_id TEXT NOT NULL,
                at BIGINT NOT NULL,
                channel TEXT NOT NULL,
                placement TEXT,
                service_first INTEGER NOT NULL,
                result TEXT NOT NULL
            )\(dialect.keyedByText)
            """)
        try await sql.run("CREATE INDEX decisions_profile ON decisions (profile_id, at)")
        try await sql.run("CREATE INDEX decisions_time ON decisions (at)")
        try await sql.run("""
            CREATE TABLE offer_contacts (
                decision_id TEXT NOT NULL,
                action_id TEXT NOT NULL,
                kind TEXT NOT NULL,
                profile_id TEXT NOT NULL,
                segment_id TEXT,
                channel TEXT NOT NULL,
                at BIGINT NOT NULL,
                PRIMARY KEY (decision_id, action_id, kind)
            )\(dialect.keyedByText)
            """)
        try await sql.run("CREATE INDEX offer_contacts_profile ON offer_contacts (profile_id, at)")
        try await sql.run("CREATE INDEX offer_contacts_action ON offer_contacts (action_id, kind, at)")
    }

    func revert(on sql: any SQLDatabase, dialect: SQLDialectKind) async throws {
        for table in ["offer_contacts", "decisions"] { try await sql.run(SQLStatement("DROP TABLE " + table)) }
    }
}
