import SQLKit

/// The value model's totals over every scored customer (how many, the sum of predicted CLV, the sum of P(alive)), one
/// row written with the scores of each refit and lowered by erasure, so the pyramid does not sum 100,000 scores a request.
struct M040CreateValueTotals: SchemaMigration {
    static let migrationName = "040_create_value_totals"

    func prepare(on sql: any SQLDatabase, dialect: SQLDialectKind) async throws {
        try await sql.run("""
            CREATE TABLE value_totals (
                id BIGINT PRIMARY KEY,
                customers BIGINT NOT NULL,
                clv_sum DOUBLE PRECISION NOT NULL,
                alive_sum DOUBLE PRECISION NOT NULL
            )
            """)
        try await sql.run("""
            INSERT INTO value_totals (id, customers, clv_sum, alive_sum)
            SELECT 1, COUNT(*), COALESCE(SUM(clv), 0), COALESCE(SUM(p_alive), 0) FROM value_scores
            """)
    }

    func revert(on sql: any SQLDatabase, dialect: SQLDialectKind) async throws {
        try await sql.run("DROP TABLE value_totals")
    }
}
