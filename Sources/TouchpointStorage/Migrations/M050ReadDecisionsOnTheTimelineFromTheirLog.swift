import SQLKit

/// The timeline reads a decision's `Decision Made` from the decision log (`decisionTimeline`), and decisions no longer
/// write an event into the event log: the events they wrote before go, or every older decision would show twice.
///
/// The daily channel counters keep what they counted of them: those are the counts of their days as they were, and
/// erasure, which subtracts a person's events from the counters, now finds none of these to subtract.
struct M050ReadDecisionsOnTheTimelineFromTheirLog: SchemaMigration {
    static let migrationName = "050_read_decisions_on_the_timeline_from_their_log"

    func prepare(on sql: any SQLDatabase, dialect: SQLDialectKind) async throws {
        // The decisions' internal source ("Decisions", `DecisionCatalogue.timelineSourceName`), by its name as it was.
        try await sql.run("""
            DELETE FROM events WHERE source_id IN (SELECT id FROM sources WHERE name = 'Decisions')
            AND type = 'track' AND name = 'Decision Made'
            """)
    }

    func revert(on sql: any SQLDatabase, dialect: SQLDialectKind) async throws {}
}
