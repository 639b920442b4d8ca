import Foundation
import SQLKit
import TouchpointApp
import Tagged
import TouchpointDomain

/// The decision log: decisions as answered, shows and hold-outs, outcomes from the `Offer …` events, learning counts.
extension SQLStore {
    static let offerOutcomeProjection = "offer_outcomes"

    public func decisionReading(reference: String, historyEvents: Set<String>?, offersSince: Date, now: Date) async throws -> DecisionReading? {
        try await decisionLog.reading {
            try await readDecisionInputs(reference: reference, historyEvents: historyEvents, offersSince: offersSince, now: now)
        }
    }

    private func readDecisionInputs(reference: String, historyEvents: Set<String>?, offersSince: Date, now: Date) async throws -> DecisionReading? {
        if dialect == .postgres, reference.contains(":") {
            guard let identifier = Identifier.parse(reference: reference) else { return nil }
            return try await postgresDecisionReading(key: identifier.key, historyEvents: historyEvents, offersSince: offersSince, now: now)
        }
        return try await readingTogether { store in
            guard let profile = try await store.resolveProfileID(reference: reference),
                  let facts = try await store.facts(of: [profile], historyEvents: historyEvents, now: now)[profile] else { return nil }
            return DecisionReading(profileID: profile, facts: facts, offers: try await store.offerHistory(of: profile, since: offersSince))
        }
    }

    public func offerHistory(of profile: ProfileID, since: Date) async throws -> [OfferContact] {
        // The shows through the person's decisions, the outcomes through their own index (see M049).
        let person = profile.rawValue, from = Timestamps.millis(since)
        return try await sql.rows("""
            SELECT o.action_id AS action_id, o.kind AS kind, o.at AS at, o.channel AS channel
            FROM decisions d JOIN offer_contacts o ON o.decision_id = d.id
            WHERE d.profile_id = \(bind: person) AND d.at >= \(bind: from) AND o.kind = 'shown'
            UNION ALL
            SELECT action_id, kind, at, channel FROM offer_contacts
            WHERE profile_id = \(bind: person) AND at >= \(bind: from) AND kind IN ('viewed', 'accepted', 'dismissed')
            ORDER BY at
            """).compactMap { row in
            guard let kind = OfferContact.Kind(rawValue: try row.decode(column: "kind", as: String.self)) else { return nil }
            return OfferContact(actionID: ActionID(rawValue: try row.decode(column: "action_id", as: String.self)), kind: kind,
                                at: Timestamps.date(millis: try row.decode(column: "at", as: Int64.self)),
                                channel: Channel(rawValue: try row.decode(column: "channel", as: String.self)) ?? .web)
        }
    }

    public func budgetUsed() async throws -> [ActionID: Int] {
        var used = [ActionID: Int]()
        for row in try await sql.rows("SELECT action_id, shown FROM action_show_counts") {
            used[ActionID(rawValue: try row.decode(column: "action_id", as: String.self))] = Int(try row.decode(column: "shown", as: Int64.self))
        }
        return used
    }

    public func learnedCounts(settledBefore: Date) async throws -> [PropensityKey: LearnedCounts] {
        // One row per show: accepted is a success; dismissed, or viewed and settled unaccepted, a failure; else unseen.
        // Only shows with an outcome are read (`offer_contacts_outcomes`): an unseen show counts for nothing.
        let rows = try await sql.rows("""
            SELECT action_id, segment_id,
                SUM(CASE WHEN accepted = 1 THEN 1 ELSE 0 END) AS accepted,
                SUM(CASE WHEN accepted = 0 AND (dismissed = 1 OR (viewed = 1 AND shown_at < \(bind: Timestamps.millis(settledBefore)))) THEN 1 ELSE 0 END) AS declined
            FROM (
                SELECT action_id, MAX(segment_id) AS segment_id,
                    MAX(CASE WHEN kind = 'accepted' THEN 1 ELSE 0 END) AS accepted,
                    MAX(CASE WHEN kind = 'dismissed' THEN 1 ELSE 0 END) AS dismissed,
                    MAX(CASE WHEN kind = 'viewed' THEN 1 ELSE 0 END) AS viewed,
                    MIN(CASE WHEN kind = 'shown' THEN at END) AS shown_at
                FROM offer_contacts
                WHERE kind <> 'control' AND (decision_id, action_id) IN (
                    SELECT decision_id, action_id FROM offer_contacts WHERE kind IN ('viewed', 'accepted', 'dismissed'))
                GROUP BY decision_id, action_id
            ) shows
            WHERE shown_at IS NOT NULL
            GROUP BY action_id, segment_id
            """)
        var counts = [PropensityKey: LearnedCounts]()
        for row in rows {
            let key = PropensityKey(action: ActionID(rawValue: try row.decode(column: "action_id", as: String.self)),
                                    segment: try row.decode(column: "segment_id", as: String?.self).map(SegmentID.init(rawValue:)))
            counts[key] = LearnedCounts(accepted: Int(try row.decode(column: "accepted", as: Int64?.self) ?? 0),
                                        declined: Int(try row.decode(column: "declined", as: Int64?.self) ?? 0))
        }
        return counts
    }

    public func saveDecision(_ record: DecisionRecord) async throws {
        // Encoded here, on the caller's task: the batch's transaction runs on the one writer every write waits for.
        try await decisionLog.save(LoggedDecision(record: record, result: DecisionResultText.encode(record.result)), on: self)
    }

    /// A decision as the log stores it: the record and its result already encoded.
    struct LoggedDecision: Sendable {
        var record: DecisionRecord
        var result: String
    }

    /// Logs decisions in the caller's transaction: the decisions, their shows and hold-outs and the actions' counts of
    /// shows, each kind in as few statements as the binds allow. (On PostgreSQL `PostgresDecisionBatch` writes the same
    /// rows in one statement; a change to one is a change to the other.)
    ///
    /// No event goes into the log: the timeline reads a decision's `Decision Made` from `decisions` (see
    /// `decisionTimeline`). As an event it cost a batch the log's lock that orders events (PostgreSQL) and five of its
    /// pages (SQLite: the table's end, two indexes, the sequence, the daily count), for a row the log already had.
    static func insertDecisions(_ decisions: [LoggedDecision], on sql: any SQLDatabase) async throws {
        guard !decisions.isEmpty else { return }
        let records = decisions.map(\.record)
        for chunk in chunked(decisions, size: max(1, rowsPerStatement / 7)) {
            var insert = SQLStatement("INSERT INTO decisions (id, profile_id, at, channel, placement, service_first, result) VALUES ")
            for (index, (record, result)) in chunk.map({ ($0.record, $0.result) }).enumerated() {
                insert.append(index == 0 ? "(" : ", (")
                insert.bind(record.id); insert.append(", ")
                insert.bind(record.profileID.rawValue); insert.append(", ")
                insert.bind(Timestamps.millis(record.at)); insert.append(", ")
                insert.bind(record.channel.rawValue); insert.append(", ")
                insert.bind(record.placement); insert.append(", ")
                insert.bind(Int64(record.result.serviceFirst ? 1 : 0)); insert.append(", ")
                insert.bind(result); insert.append(")")
            }
            try await sql.run(insert)
        }
        let contacts = records.flatMap { record in
            (record.result.actions.map { ($0.id, "shown") } + record.result.controlGroup.map { ($0, "control") }).map { (record, $0.0, $0.1) }
        }
        for chunk in chunked(contacts, size: max(1, rowsPerStatement / 7)) {
            var insert = SQLStatement("INSERT INTO offer_contacts (decision_id, action_id, kind, profile_id, segment_id, channel, at) VALUES ")
            for (index, (record, action, kind)) in chunk.enumerated() {
                insert.append(index == 0 ? "(" : ", (")
                insert.bind(record.id); insert.append(", ")
                insert.bind(action.rawValue); insert.append(", ")
                insert.bind(kind); insert.append(", ")
                insert.bind(record.profileID.rawValue); insert.append(", ")
                insert.bind(record.learningSegments[action]?.rawValue); insert.append(", ")
                insert.bind(record.channel.rawValue); insert.append(", ")
                insert.bind(Timestamps.millis(record.at)); insert.append(")")
            }
            try await sql.run(insert)
        }
        try await countShows(records, on: sql)
    }

    /// Adds the batch's shows to each action's count, which budgets read (one row an action; in the actions' order, so
    /// that two nodes' batches lock the rows they share in the same order).
    private static func countShows(_ records: [DecisionRecord], on sql: any SQLDatabase) async throws {
        var shown = [String: Int64]()
        for record in records {
            for action in record.result.actions { shown[action.id.rawValue, default: 0] += 1 }
        }
        guard !shown.isEmpty else { return }
        for chunk in chunked(shown.sorted { $0.key < $1.key }, size: max(1, rowsPerStatement / 2)) {
            var upsert = SQLStatement("INSERT INTO action_show_counts (action_id, shown) VALUES ")
            for (index, (action, count)) in chunk.enumerated() {
                upsert.append(index == 0 ? "(" : ", (")
                upsert.bind(action); upsert.append(", ")
                upsert.bind(count); upsert.append(")")
            }
            upsert.append(" ON CONFLICT (action_id) DO UPDATE SET shown = action_show_counts.shown + excluded.shown")
            try await sql.run(upsert)
        }
    }

    public func decisions(of profile: ProfileID, limit: Int) async throws -> [DecisionRecord] {
        try await sql.rows("""
            SELECT id, profile_id, at, channel, placement, result FROM decisions WHERE profile_id = \(bind: profile.rawValue)
            ORDER BY at DESC, id DESC LIMIT \(bind: Int64(limit))
            """).map(Self.decisionRecord)
    }

    public func decision(_ id: String) async throws -> DecisionRecord? {
        try await sql.rows("SELECT id, profile_id, at, channel, placement, result FROM decisions WHERE id = \(bind: id)").first.map(Self.decisionRecord)
    }

    static func decisionRecord(_ row: any SQLRow) throws -> DecisionRecord {
        DecisionRecord(id: try row.decode(column: "id", as: String.self),
                       profileID: ProfileID(rawValue: try row.decode(column: "profile_id", as: String.self)),
                       at: Timestamps.date(millis: try row.decode(column: "at", as: Int64.self)),
                       channel: Channel(rawValue: try row.decode(column: "channel", as: String.self)) ?? .web,
                       placement: try row.decode(column: "placement", as: String?.self),
                       result: DecisionResultText.decode(try row.decode(column: "result", as: String.self))
                           ?? ArbitrationResult(actions: [], removed: [], serviceFirst: false, controlGroup: []))
    }

    public func pendingOfferEvents(limit: Int) async throws -> (events: [LoggedEvent], upTo: Int64)? {
        try await Self.trackEvents(after: Self.offerOutcomeProjection, named: Array(DecisionDesk.outcomeEvents.keys).sorted(), limit: limit, on: sql)
    }

    public func addOfferOutcomes(_ outcomes: [OfferOutcome], checkpoint: Int64) async throws {
        try await write { sql in
            for outcome in outcomes {
                // Only an action the decision really showed gets an outcome; it teaches the show's learning segment.
                try await sql.run("""
                    INSERT INTO offer_contacts (decision_id, action_id, kind, profile_id, segment_id, channel, at)
                    SELECT decision_id, action_id, \(bind: outcome.kind.rawValue), profile_id, segment_id, \(bind: outcome.channel.rawValue), \(bind: Timestamps.millis(outcome.at))
                    FROM offer_contacts WHERE decision_id = \(bind: outcome.decisionID) AND action_id = \(bind: outcome.actionID.rawValue) AND kind = 'shown'
                    ON CONFLICT (decision_id, action_id, kind) DO NOTHING
                    """)
            }
            try await Self.saveCheckpoint(Self.offerOutcomeProjection, checkpoint, on: sql)
        }
    }
}
