import SQLKit

/// Each engaged or loyal profile's lapse clock: the later of its last purchase and its entry into the stage, from
/// which inactivity is counted (`LapseRule.clock`). The sweep that finds customers who stopped coming back reads it
/// through an index instead of decoding every stored state. Only profiles that can lapse have one, so the index
/// leaves out the rest (most profiles never get past interaction).
struct M036AddLifecycleLapseClock: SchemaMigration {
    static let migrationName = "036_add_lifecycle_lapse_clock"

    func prepare(on sql: any SQLDatabase, dialect: SQLDialectKind) async throws {
        try await sql.run("ALTER TABLE lifecycle_states ADD COLUMN lapse_clock BIGINT")
        try await sql.run("CREATE INDEX lifecycle_states_lapse_clock ON lifecycle_states (lapse_clock) WHERE lapse_clock IS NOT NULL")
    }

    func revert(on sql: any SQLDatabase, dialect: SQLDialectKind) async throws {
        try await sql.run("DROP INDEX lifecycle_states_lapse_clock")
        try await sql.run("ALTER TABLE lifecycle_states DROP COLUMN lapse_clock")
    }
}
