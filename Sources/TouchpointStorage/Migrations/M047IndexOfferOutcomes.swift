import SQLKit

/// The shows that have an outcome (`viewed`, `accepted`, `dismissed`), indexed apart: learning reads the beliefs from
/// them every few seconds, and a show nobody saw teaches nothing. Without it the read grouped every show ever logged.
struct M047IndexOfferOutcomes: SchemaMigration {
    static let migrationName = "047_index_offer_outcomes"

    func prepare(on sql: any SQLDatabase, dialect: SQLDialectKind) async throws {
        try await sql.run("""
            CREATE INDEX offer_contacts_outcomes ON offer_contacts (decision_id, action_id)
            WHERE kind IN ('viewed', 'accepted', 'dismissed')
            """)
    }

    func revert(on sql: any SQLDatabase, dialect: SQLDialectKind) async throws {
        try await sql.run("DROP INDEX IF EXISTS offer_contacts_outcomes")
    }
}
