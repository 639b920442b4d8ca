import SQLKit

/// Shows and hold-outs are found through their decision, and the shows of each action are counted apart.
///
/// A decision writes a row in `offer_contacts` for every action it shows or holds out, three or four of them, and each
/// row went into two indexes at random places: by person (`offer_contacts_profile`) and by action
/// (`offer_contacts_action`). On SQLite that was half the log pages a decision wrote (11 and 5 of 48 for a batch of
/// three), and every page is written to the log, copied into the file and synced: the commits that waited behind those
/// syncs were the decisions' slowest answers. Now a show reaches only the table, whose key begins with its decision's
/// time-ordered id, so a batch's shows share the table's last page or two:
/// - a person's shows are read through `decisions (profile_id, at)` and the table's key, and their outcomes (few
///   beside the shows) through a partial index;
/// - the budget's count of shows per action is kept in `action_show_counts`, a row an action, added to by each batch;
/// - the report and the measures count from the decisions of their period (`decisions (at)`).
struct M049FindShowsThroughDecisions: SchemaMigration {
    static let migrationName = "049_find_shows_through_decisions"

    func prepare(on sql: any SQLDatabase, dialect: SQLDialectKind) async throws {
        try await sql.run("""
            CREATE TABLE action_show_counts (
                action_id TEXT PRIMARY KEY,
                shown BIGINT NOT NULL
            )\(dialect.keyedByText)
            """)
        try await sql.run("""
            INSERT INTO action_show_counts (action_id, shown)
            SELECT action_id, COUNT(*) FROM offer_contacts WHERE kind = 'shown' GROUP BY action_id
            """)
        try await sql.run("""
            CREATE INDEX offer_contacts_profile_outcomes ON offer_contacts (profile_id, at)
            WHERE kind IN ('viewed', 'accepted', 'dismissed')
            """)
        try await sql.run("DROP INDEX IF EXISTS offer_contacts_action")
        try await sql.run("DROP INDEX IF EXISTS offer_contacts_profile")
    }

    func revert(on sql: any SQLDatabase, dialect: SQLDialectKind) async throws {
        try await sql.run("CREATE INDEX IF NOT EXISTS offer_contacts_profile ON offer_contacts (profile_id, at)")
        try await sql.run("CREATE INDEX IF NOT EXISTS offer_contacts_action ON offer_contacts (action_id, kind, at)")
        try await sql.run("DROP INDEX IF EXISTS offer_contacts_profile_outcomes")
        try await sql.run("DROP TABLE IF EXISTS action_show_counts")
    }
}
