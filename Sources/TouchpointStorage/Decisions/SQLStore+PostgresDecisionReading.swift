import Foundation
import FluentPostgresDriver
import SQLKit
import TouchpointApp
import TouchpointDomain

extension SQLStore {
    /// A decision's reading on PostgreSQL in one statement: the person by an identifier key, their profile, stage,
    /// value scores and open cases, and their answers, history and offer history as one JSON array of tagged rows.
    ///
    /// One by one these were five round trips, and five statements to parse and plan (the history's over every
    /// partition of the log): most of a decision's time on PostgreSQL. The rows are read into facts by the same
    /// functions as `facts(of:)`'s.
    func postgresDecisionReading(key: String, historyEvents: Set<String>?, offersSince: Date, now: Date) async throws -> DecisionReading? {
        let since = now.addingTimeInterval(-ProfileFacts.historyDays * 86_400)
        let statement = DecisionReadingStatement(key: key, since: Timestamps.millis(since), historyNames: historyEvents.map(HistoryNames.spellings(reading:)),
                                                 offersSince: Timestamps.millis(offersSince),
                                                 receivedBy: EventPartitions.receivedByNow(),
                                                 receivedFrom: EventPartitions.receivedFrom(happenedSince: since))
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
        var offers = [OfferContact]()
        for item in Self.jsonRows(try row.decode(column: "lists", as: String.self)) {
            switch item.first?.stringValue {
            case "a":
                guard item.count == 4, let type = item[1].stringValue, let score = item[2].doubleValue, let at = item[3].doubleValue else { continue }
                Self.addAnswer(type: type, score: Int(score), at: Timestamps.date(millis: Int64(at)), to: &facts)
            case "e":
                guard item.count == 5, let name = item[1].stringValue, let channel = item[2].stringValue, let ts = item[3].doubleValue,
                      let payload = item[4].stringValue else { continue }
                Self.addHistory(name: name, at: Timestamps.date(millis: Int64(ts)), channel: channel, payload: payload, to: &facts)
            case "o":
                guard item.count == 5, let action = item[1].stringValue, let kind = item[2].stringValue.flatMap(OfferContact.Kind.init(rawValue:)),
                      let at = item[3].doubleValue, let channel = item[4].stringValue else { continue }
                offers.append(OfferContact(actionID: ActionID(rawValue: action), kind: kind, at: Timestamps.date(millis: Int64(at)),
                                           channel: Channel(rawValue: channel) ?? .web))
            default:
                continue
            }
        }
        Self.settleMargin(&facts)
        // Oldest first, as the offer history is read on SQLite.
        offers.sort { $0.at < $1.at }
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
///
/// The answers, the history and the offer history come as one list of rows tagged `a`, `e` and `o`: three aggregates,
/// each a subplan the executor sets up and tears down on every run, cost a tenth more of the server's time than one.
///
/// A person's shows are found from their decisions, each decision's through the shows' key (`OFFSET 0` keeps the two
/// apart). Left to join them freely, a plan made while the statistics still described a nearly empty log scanned every
/// show of everyone for each reading (58 ms instead of under 0.5), and the connection kept that plan until the next
/// `ANALYZE`.
struct DecisionReadingStatement: PostgresPreparedStatement {
    static let name = "touchpoint_decision_reading"
    static let sql = """
        SELECT p.id AS id, p.traits AS traits, p.event_count AS event_count, l.stage AS stage,
               v.clv AS clv, v.p_alive AS p_alive, v.churn_risk AS churn_risk, v.value_tier AS value_tier,
               (SELECT COUNT(*) FROM cases c WHERE c.profile_id = p.id AND c.merged_into IS NULL AND c.status IN ('new', 'open', 'pending')) AS open_cases,
               (SELECT COALESCE(json_agg(u.item), '[]'::json)::text FROM (
                  SELECT json_build_array('a', a.survey_type, a.score, a.answered_at) AS item
                    FROM survey_answers a WHERE a.profile_id = p.id AND a.answered_at >= $2::bigint
                  UNION ALL
                  SELECT json_build_array('e', e.name, e.channel, e.ts, e.payload)
                    FROM events e WHERE e.profile_id = p.id AND e.type = 'track' AND e.ts >= $2::bigint
                     AND ($3::text[] IS NULL OR LOWER(e.name) = ANY($3::text[])) AND e.received_at BETWEEN $6::bigint AND $5::bigint
                  UNION ALL
                  SELECT json_build_array('o', s.action_id, 'shown', s.at, s.channel)
                    FROM decisions d CROSS JOIN LATERAL (
                         SELECT o.action_id, o.at, o.channel FROM offer_contacts o
                          WHERE o.decision_id = d.id AND o.kind = 'shown' OFFSET 0) s
                   WHERE d.profile_id = p.id AND d.at >= $4::bigint
                  UNION ALL
                  SELECT json_build_array('o', o.action_id, o.kind, o.at, o.channel)
                    FROM offer_contacts o
                   WHERE o.profile_id = p.id AND o.at >= $4::bigint AND o.kind IN ('viewed', 'accepted', 'dismissed')) u) AS lists
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
    /// No event of the history was received before this: the months received earlier are pruned too.
    var receivedFrom: Int64

    func makeBindings() throws -> PostgresBindings {
        var bindings = PostgresBindings(capacity: 6)
        bindings.append(key)
        bindings.append(since)
        if let historyNames { bindings.append(historyNames) } else { bindings.appendNull() }
        bindings.append(offersSince)
        bindings.append(receivedBy)
        bindings.append(receivedFrom)
        return bindings
    }

    func decodeRow(_ row: PostgresRow) throws -> PostgresRow { row }
}
