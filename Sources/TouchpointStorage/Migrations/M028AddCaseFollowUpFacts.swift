import SQLKit

/// What the closed loop's report needs from a case: when it was first given to someone (assigned within one business
/// hour?) and, for a follow-up, the root cause recorded when it was closed.
struct M028AddCaseFollowUpFacts: SchemaMigration {
    static let migrationName = "028_add_case_follow_up_facts"

    func prepare(on sql: any SQLDatabase, dialect: SQLDialectKind) async throws {
        try await sql.run("ALTER TABLE cases ADD COLUMN first_assigned_at BIGINT")
        try await sql.run("ALTER TABLE cases ADD COLUMN root_cause TEXT")
        // Cases assigned before this column existed: their creation is the best known moment.
        try await sql.run("UPDATE cases SET first_assigned_at = created_at WHERE assignee_id IS NOT NULL")
        try await sql.run("CREATE INDEX cases_origin ON cases (origin, created_at)")
    }

    func revert(on sql: any SQLDatabase, dialect: SQLDialectKind) async throws {
        try await sql.run("DROP INDEX cases_origin")
        try await sql.run("ALTER TABLE cases DROP COLUMN root_cause")
        try await sql.run("ALTER TABLE cases DROP COLUMN first_assigned_at")
    }
}
