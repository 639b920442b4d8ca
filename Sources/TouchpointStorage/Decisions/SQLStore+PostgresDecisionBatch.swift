import Foundation
import FluentPostgresDriver
import TouchpointApp
import TouchpointDomain

extension SQLStore {
    /// Logs a batch of decisions: on PostgreSQL in one statement outside any transaction (`PostgresDecisionBatch`), on
    /// the store's writing lane when it has one; on SQLite in a write transaction (`insertDecisions`).
    func logDecisions(_ decisions: [LoggedDecision]) async throws {
        guard dialect == .postgres, let postgres = database as? any PostgresDatabase else {
            try await write { sql in try await SQLStore.insertDecisions(decisions, on: sql) }
            return
        }
        let statement = PostgresDecisionBatch(decisions)
        let logger = sql.logger
        if let lanes {
            _ = try await lanes.writingConnection().collect(statement, logger: logger)
        } else {
            _ = try await postgres.collect(statement, logger: logger)
        }
    }
}

/// A batch of decisions as one PostgreSQL statement, prepared once per connection: the decisions, their shows and
/// hold-outs, and the actions' counts of shows, each kind as arrays of columns unnested into its table.
///
/// A statement is its own transaction, so the batch is atomic and its answer comes after its commit: one round trip,
/// where a transaction took three (`BEGIN`, the pipelined inserts, `COMMIT`) and the callers of the batch waited for
/// all of them. Its text does not depend on the batch's size, so the server plans it once per connection.
///
/// The arrays cannot hold a null (PostgresNIO encodes no optional element), so the nullable columns come with an array
/// that says which are present.
struct PostgresDecisionBatch: PostgresPreparedStatement {
    static let name = "touchpoint_decision_batch"
    static let sql = """
        WITH logged AS (
            INSERT INTO decisions (id, profile_id, at, channel, placement, service_first, result)
            SELECT id, profile_id, at, channel, CASE WHEN has_placement THEN placement END, service_first, result
            FROM unnest($1::text[], $2::text[], $3::bigint[], $4::text[], $5::text[], $6::bool[], $7::int4[], $8::text[])
                AS d(id, profile_id, at, channel, placement, has_placement, service_first, result)
        ), contacts AS (
            INSERT INTO offer_contacts (decision_id, action_id, kind, profile_id, segment_id, channel, at)
            SELECT decision_id, action_id, kind, profile_id, CASE WHEN has_segment THEN segment_id END, channel, at
            FROM unnest($9::text[], $10::text[], $11::text[], $12::text[], $13::text[], $14::bool[], $15::text[], $16::bigint[])
                AS o(decision_id, action_id, kind, profile_id, segment_id, has_segment, channel, at)
        )
        INSERT INTO action_show_counts (action_id, shown)
        SELECT action_id, shown FROM unnest($17::text[], $18::bigint[]) AS c(action_id, shown)
        ON CONFLICT (action_id) DO UPDATE SET shown = action_show_counts.shown + excluded.shown
        """

    private var decisionColumns = DecisionColumns()
    private var contactColumns = ContactColumns()
    /// Shows per action, in the actions' order: two nodes' batches lock the counts they share in the same order.
    private var countedActions = [String]()
    private var counts = [Int64]()

    init(_ decisions: [SQLStore.LoggedDecision]) {
        var shown = [String: Int64]()
        for decision in decisions {
            let record = decision.record
            decisionColumns.append(record, result: decision.result)
            for action in record.result.actions {
                contactColumns.append(record, action: action.id, kind: "shown")
                shown[action.id.rawValue, default: 0] += 1
            }
            for action in record.result.controlGroup { contactColumns.append(record, action: action, kind: "control") }
        }
        for (action, count) in shown.sorted(by: { $0.key < $1.key }) {
            countedActions.append(action)
            counts.append(count)
        }
    }

    func makeBindings() throws -> PostgresBindings {
        var bindings = PostgresBindings(capacity: 18)
        decisionColumns.bind(to: &bindings)
        contactColumns.bind(to: &bindings)
        bindings.append(countedActions)
        bindings.append(counts)
        return bindings
    }

    func decodeRow(_ row: PostgresRow) throws {}

    private struct DecisionColumns {
        var id = [String](), profile = [String](), at = [Int64](), channel = [String](), placement = [String]()
        var hasPlacement = [Bool](), serviceFirst = [Int32](), result = [String]()

        mutating func append(_ record: DecisionRecord, result text: String) {
            id.append(record.id); profile.append(record.profileID.rawValue); at.append(Timestamps.millis(record.at))
            channel.append(record.channel.rawValue); placement.append(record.placement ?? ""); hasPlacement.append(record.placement != nil)
            serviceFirst.append(record.result.serviceFirst ? 1 : 0); result.append(text)
        }

        func bind(to bindings: inout PostgresBindings) {
            bindings.append(id); bindings.append(profile); bindings.append(at); bindings.append(channel)
            bindings.append(placement); bindings.append(hasPlacement); bindings.append(serviceFirst); bindings.append(result)
        }
    }

    private struct ContactColumns {
        var decision = [String](), action = [String](), kind = [String](), profile = [String](), segment = [String]()
        var hasSegment = [Bool](), channel = [String](), at = [Int64]()

        mutating func append(_ record: DecisionRecord, action id: ActionID, kind name: String) {
            let learningSegment = record.learningSegments[id]
            decision.append(record.id); action.append(id.rawValue); kind.append(name); profile.append(record.profileID.rawValue)
            segment.append(learningSegment?.rawValue ?? ""); hasSegment.append(learningSegment != nil)
            channel.append(record.channel.rawValue); at.append(Timestamps.millis(record.at))
        }

        func bind(to bindings: inout PostgresBindings) {
            bindings.append(decision); bindings.append(action); bindings.append(kind); bindings.append(profile)
            bindings.append(segment); bindings.append(hasSegment); bindings.append(channel); bindings.append(at)
        }
    }
}
