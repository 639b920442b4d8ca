import SQLKit

/// Customer value: the fitted models (one row a fit, newest wins) and each profile's scores from the latest fit.
struct M012CreateValueScores: SchemaMigration {
    static let migrationName = "012_create_value_scores"

    func prepare(on sql: any SQLDatabase, dialect: SQLDialectKind) async throws {
        try await sql.run("""
            CREATE TABLE value_models (
                id TEXT PRIMARY KEY,
                fitted_at BIGINT NOT NULL,
                fitted_until TEXT NOT NULL,
                last_order_seq BIGINT NOT NULL,
                customers BIGINT NOT NULL,
                parameters TEXT NOT NULL
            )
            """)
        try await sql.run("""
            CREATE TABLE value_scores (
                profile_id TEXT PRIMARY KEY,
                rfm TEXT NOT NULL,
                clv DOUBLE PRECISION NOT NULL,
                p_alive DOUBLE PRECISION NOT NULL,
                churn_risk TEXT NOT NULL,
                value_tier TEXT NOT NULL,
                model_id TEXT NOT NULL
            )
            """)
        try await sql.run("CREATE INDEX value_scores_tier ON value_scores (value_tier, churn_risk)")
    }

    func revert(on sql: any SQLDatabase, dialect: SQLDialectKind) async throws {
        try await sql.run("DROP TABLE value_scores")
        try await sql.run("DROP TABLE value_models")
    }
}
