import Foundation
import FluentPostgresDriver
import SQLKit
import TouchpointApp
import TouchpointDomain

extension SQLStore {
    /// A decision's reading on PostgreSQL in one statement: the person by an identifier key, their profile, stage,
    /// value scores and open cases, and their answers, history and offer history as JSON arrays.
    ///
    /// One by one these were five round trips, and five statements to parse and plan (the history's over every
    /// partition of the log): most of a decision's time on PostgreSQL. The rows are read into facts by the same
    /// functions as `facts(of:)`'s.
    func postgresDecisionReading(key: String, historyEvents: Set<String>?, offersSince: Date, now: Date) async throws -> DecisionReading? {
        let since = Timestamps.millis(now.addingTimeInterval(-ProfileFacts.historyDays * 86_400))
        let statement = DecisionReadingStatement(key: key, since: since, historyNames: historyEvents.map(HistoryNames.spellings(reading:)),
                                                 offersSince: Timestamps.millis(offersSince),
                                                 receivedBy: EventPartitions.receivedByNow())
        guard let postgres = sql as? any PostgresDatabase else { throw StorageError.unsupportedDatabase }
        let logger = sql.logger
        let rows: [PostgresRow]
        if let lanes {
            rows = try await lanes.reading { connection in try await connection.collect(statement, logger: logger) }
        } else {
            rows = try await postgres.collect(statement, logger: logger)
        }
        guard let row = DirectPostgresRow.rows(rows).first else { return nil }
        var facts = try Self.personFacts(row)
        for answer in Self.jsonRows(try row.decode(column: "answers", as: String.self)) {
            guard answer.count == 3, let type = answer[0].stringValue, let score = answer[1].doubleValue, let at = answer[2].doubleValue else { continue }
            Self.addAnswer(type: type, score: Int(score), at: Timestamps.date(millis: Int64(at)), to: &facts)
        }
        for event in Self.jsonRows(try row.decode(column: "history", as: String.self)) {
            guard event.count == 4, let name = event[0].stringValue, let channel = event[1].stringValue, let ts = event[2].doubleValue,
                  let payload = event[3].stringValue else { continue }
            Self.addHistory(name: name, at: Timestamps.date(millis: Int64(ts)), channel: channel, payload: payload, to: &facts)
        }
        Self.settleMargin(&facts)
        let offers: [OfferContact] = Self.jsonRows(try row.decode(column: "offers", as: String.self)).compactMap { offer in
            guard offer.count == 4, let action = offer[0].stringValue, let kind = offer[1].stringValue.flatMap(OfferContact.Kind.init(rawValue:)),
                  let at = offer[2].doubleValue, let channel = offer[3].stringValue else { return nil }
            return OfferContact(actionID: ActionID(rawValue: action), kind: kind, at: Timestamps.date(millis: Int64(at)), channel: Channel(rawValue: channel) ?? .web)
        }
        return DecisionReading(profileID: facts.profileID, facts: facts, offers: offers)
    }

    /// A JSON array of arrays (`json_agg` of `json_build_array`) as Swift arrays.
    private static func jsonRows(_ text: String) -> [[JSONValue]] {
        (JSONValue.parse(text)?.arrayValue ?? []).compactMap(\.arrayValue)
    }
}

/// The decision reading as a statement prepared once per connection. Planning it (the history's subquery over every
/// partition of the log) was more than half of PostgreSQL's work for a decision, done afresh for each one; prepared,
/// the server keeps a generic plan after its first few runs. The text is therefore fixed: the history's names are one
/// array, or null for all.
struct DecisionReadingStatement: PostgresPreparedStatement {
    static let name = "touchpoint_decision_reading"
    static let sql = """
        SELECT p.id AS id, p.traits AS traits, p.event_count AS event_count, l.stage AS stage,
               v.clv AS clv, v.p_alive AS p_alive, v.churn_risk AS churn_risk, v.value_tier AS value_tier,
               (SELECT COUNT(*) FROM cases c WHERE c.profile_id = p.id AND c.merged_into IS NULL AND c.status IN ('new', 'open', 'pending')) AS open_cases,
               (SELECT COALESCE(json_agg(json_build_array(a.survey_type, a.score, a.answered_at)), '[]'::json)::text
                  FROM survey_answers a WHERE a.profile_id = p.id AND a.answered_at >= $2::bigint) AS answers,
               (SELECT COALESCE(json_agg(json_build_array(e.name, e.channel, e.ts, e.payload)), '[]'::json)::text
                  FROM events e WHERE e.profile_id = p.id AND e.type = 'track' AND e.ts >= $2::bigint
                   AND ($3::text[] IS NULL OR LOWER(e.name) = ANY($3::text[])) AND e.received_at <= $5::bigint) AS history,
               (SELECT COALESCE(json_agg(json_build_array(x.action_id, x.kind, x.at, x.channel) ORDER BY x.at), '[]'::json)::text
                  FROM (SELECT o.action_id, o.kind, o.at, o.channel FROM decisions d JOIN offer_contacts o ON o.decision_id = d.id
                         WHERE d.profile_id = p.id AND d.at >= $4::bigint AND o.kind = 'shown'
                        UNION ALL
                        SELECT o.action_id, o.kind, o.at, o.channel FROM offer_contacts o
                         WHERE o.profile_id = p.id AND o.at >= $4::bigint AND o.kind IN ('viewed', 'accepted', 'dismissed')) x) AS offers
        FROM identities i
        JOIN profiles p ON p.id = i.profile_id
        LEFT JOIN lifecycle_states l ON l.profile_id = p.id
        LEFT JOIN value_scores v ON v.profile_id = p.id
        WHERE i.key = $1::text AND p.merged_into IS NULL
        """

    var key: String
    var since: Int64
    /// The stored spellings of the history's event names (lower case); nil reads every event.
    var historyNames: [String]?
    var offersSince: Int64
    /// No event was received after this (now and a leeway): the months made ahead of now are pruned at the
    /// statement's start instead of each opening its indexes for nothing.
    var receivedBy: Int64

    func makeBindings() throws -> PostgresBindings {
        var bindings = PostgresBindings(capacity: 5)
        bindings.append(key)
        bindings.append(since)
        if let historyNames { bindings.append(historyNames) } else { bindings.appendNull() }
        bindings.append(offersSince)
        bindings.append(receivedBy)
        return bindings
    }

    func decodeRow(_ row: PostgresRow) throws -> PostgresRow { row }
}
