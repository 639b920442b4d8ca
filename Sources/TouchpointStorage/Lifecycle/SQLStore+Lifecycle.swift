import Foundation
import SQLKit
import TouchpointDomain
import Tagged

/// A batch of work for the lifecycle projector: new events since the checkpoint and profiles to rebuild.
public struct LifecycleWork: Sendable {
    public var events: [(sequence: Int64, profileID: ProfileID, event: LifecycleEvent)]
    public var dirty: [ProfileID]
    public var checkpoint: Int64
}

extension SQLStore {
    static let lifecycleCheckpoint = "lifecycle"

    /// Runs `body` in one write transaction with the projection's inputs; whatever it stores commits with the checkpoint.
    public func withLifecycleWork<T: Sendable>(limit: Int, _ body: @escaping @Sendable (LifecycleWork, LifecycleTransaction) async throws -> T) async throws -> T {
        try await write { sql in
            let checkpoint = try await Self.checkpoint(Self.lifecycleCheckpoint, on: sql)
            var statement = SQLStatement("SELECT seq, id, profile_id, type, name, channel, ts, payload FROM events WHERE seq > ")
            statement.bind(checkpoint)
            statement.append(" ORDER BY seq LIMIT ")
            statement.bind(Int64(limit))
            let events = try await sql.rows(statement).map { row in
                (try row.decode(column: "seq", as: Int64.self),
                 ProfileID(rawValue: try row.decode(column: "profile_id", as: String.self)),
                 try LifecycleEvent(row: row))
            }
            let dirty = try await sql.rows("SELECT profile_id FROM projection_dirty ORDER BY profile_id LIMIT 5000").map {
                ProfileID(rawValue: try $0.decode(column: "profile_id", as: String.self))
            }
            return try await body(LifecycleWork(events: events, dirty: dirty, checkpoint: checkpoint), LifecycleTransaction(sql: sql))
        }
    }

    /// The stored rule set, if one was set (otherwise the default applies).
    public func lifecycleRules() async throws -> StageRuleSet? {
        try await LifecycleTransaction(sql: sql).document("lifecycle_rules").flatMap { try? StageRuleSet.decode(json: Data($0.utf8)) }
    }

    /// Stores a new rule set and clears the projection, so the log is replayed under the new rules.
    public func replaceLifecycleRules(_ rules: StageRuleSet, now: Date = Date()) async throws {
        let text = String(decoding: rules.jsonData(), as: UTF8.self)
        try await write { sql in
            let transaction = LifecycleTransaction(sql: sql)
            try await transaction.saveDocument("lifecycle_rules", text, now: now)
            try await Self.clearLifecycleProjection(builtWith: text, now: now, on: sql)
        }
    }

    /// The rules the stored projection was built with, as their JSON: a release that changes the default rules
    /// (or a rule file changed behind the server's back) is noticed on start and the log replayed.
    static let appliedRulesDocument = "lifecycle_rules_applied"

    /// Clears the projection when it was built under other rules than `rules`, so the projector replays the whole
    /// log under them; returns whether it did. A projection from before this check existed has no record of its rules
    /// and is replayed once.
    public func replayLifecycleIfRulesChanged(_ rules: StageRuleSet, now: Date = Date()) async throws -> Bool {
        let text = String(decoding: rules.jsonData(), as: UTF8.self)
        return try await write { sql in
            if try await LifecycleTransaction(sql: sql).document(Self.appliedRulesDocument) == text { return false }
            try await Self.clearLifecycleProjection(builtWith: text, now: now, on: sql)
            return true
        }
    }

    /// Empties the projection and rewinds its checkpoint, keeping the stored rule file and noting the rules it will be rebuilt with.
    static func clearLifecycleProjection(builtWith rulesText: String, now: Date, on sql: any SQLDatabase) async throws {
        let transaction = LifecycleTransaction(sql: sql)
        try await sql.run("DELETE FROM lifecycle_states")
        try await sql.run("DELETE FROM lifecycle_stage_counts")
        try await sql.run("DELETE FROM projection_dirty")
        var delete = SQLStatement("DELETE FROM projection_documents WHERE name <> ")
        delete.bind("lifecycle_rules")
        try await sql.run(delete)
        try await transaction.saveDocument(appliedRulesDocument, rulesText, now: now)
        try await transaction.saveCheckpoint(0)
    }

    public func lifecycle(of profile: ProfileID) async throws -> StoredLifecycle? {
        try await LifecycleTransaction(sql: sql).states([profile])[profile]
    }

    /// The journey aggregate and cost tally as last committed by the projector, and the checkpoint they reflect.
    public func journeyDocuments() async throws -> (aggregate: String?, costs: String?, checkpoint: Int64, lastSequence: Int64) {
        let transaction = LifecycleTransaction(sql: sql)
        let aggregate = try await transaction.document("journey_aggregate")
        let costs = try await transaction.document("experience_costs")
        let checkpoint = try await Self.checkpoint(Self.lifecycleCheckpoint, on: sql)
        let last = try await Self.lastSequence(on: sql) ?? 0
        return (aggregate, costs, checkpoint, last)
    }
}

/// The projector's view of the database inside its transaction.
public struct LifecycleTransaction: Sendable {
    let sql: any SQLDatabase

    public func states(_ ids: [ProfileID]) async throws -> [ProfileID: StoredLifecycle] {
        var result = [ProfileID: StoredLifecycle]()
        let decoder = JSONDecoder()
        for chunk in chunked(ids.map(\.rawValue), size: 5000) {
            var statement = SQLStatement("SELECT profile_id, state, cost_state, value_tier FROM lifecycle_states WHERE profile_id IN ")
            statement.bindList(Array(chunk))
            for row in try await sql.rows(statement) {
                let id = ProfileID(rawValue: try row.decode(column: "profile_id", as: String.self))
                let state = try decoder.decode(LifecycleState.self, from: Data(try row.decode(column: "state", as: String.self).utf8))
                let cost = try decoder.decode(ExperienceCostState.self, from: Data(try row.decode(column: "cost_state", as: String.self).utf8))
                result[id] = StoredLifecycle(profileID: id, state: state, cost: cost, valueTier: try row.decode(column: "value_tier", as: String?.self))
            }
        }
        return result
    }

    /// Every event of a profile up to a sequence, in time order, for a full replay.
    public func events(of profile: ProfileID, upTo sequence: Int64) async throws -> [LifecycleEvent] {
        var statement = SQLStatement("SELECT seq, id, profile_id, type, name, channel, ts, payload FROM events WHERE profile_id = ")
        statement.bind(profile.rawValue)
        statement.append(" AND seq <= ")
        statement.bind(sequence)
        statement.append(" ORDER BY ts, seq")
        return try await sql.rows(statement).map(LifecycleEvent.init(row:))
    }

    /// Which of these profiles still exist and are not merged away, with their value tier and first-seen time.
    public func liveProfiles(_ ids: [ProfileID]) async throws -> [ProfileID: (tier: String?, firstSeen: Int64)] {
        var result = [ProfileID: (tier: String?, firstSeen: Int64)]()
        for chunk in chunked(ids.map(\.rawValue), size: 5000) {
            var statement = SQLStatement("SELECT p.id, p.first_seen, v.value_tier FROM profiles p LEFT JOIN value_scores v ON v.profile_id = p.id WHERE p.merged_into IS NULL AND p.id IN ")
            statement.bindList(Array(chunk))
            for row in try await sql.rows(statement) {
                result[ProfileID(rawValue: try row.decode(column: "id", as: String.self))] =
                    (try row.decode(column: "value_tier", as: String?.self), try row.decode(column: "first_seen", as: Int64.self))
            }
        }
        return result
    }

    /// Upserts the states and deletes the profiles gone. `lapse` (the rule set's) gives each state its lapse clock,
    /// kept in an indexed column so the lapse sweep finds due customers without reading every state.
    public func save(_ states: [StoredLifecycle], delete: [ProfileID], lapse: LapseRule? = nil) async throws {
        let encoder = JSONEncoder()
        try await updateStageCounts(replacing: states, deleting: delete)
        for chunk in chunked(delete.map(\.rawValue), size: 5000) {
            var statement = SQLStatement("DELETE FROM lifecycle_states WHERE profile_id IN ")
            statement.bindList(Array(chunk))
            try await sql.run(statement)
        }
        for chunk in chunked(states, size: 300) {
            var upsert = SQLStatement("INSERT INTO lifecycle_states (profile_id, stage, since, state, cost_state, value_tier, lapse_clock) VALUES ")
            for (index, stored) in chunk.enumerated() {
                upsert.append(index == 0 ? "(" : ", (")
                upsert.bind(stored.profileID.rawValue); upsert.append(", ")
                upsert.bind(stored.state.stage?.rawValue); upsert.append(", ")
                upsert.bind(stored.state.since.map(Timestamps.millis)); upsert.append(", ")
                upsert.bind(String(decoding: try encoder.encode(stored.state), as: UTF8.self)); upsert.append(", ")
                upsert.bind(String(decoding: try encoder.encode(stored.cost), as: UTF8.self)); upsert.append(", ")
                upsert.bind(stored.valueTier); upsert.append(", ")
                upsert.bind(lapse?.clock(of: stored.state).map(Timestamps.millis)); upsert.append(")")
            }
            upsert.append(" ON CONFLICT (profile_id) DO UPDATE SET stage = excluded.stage, since = excluded.since, state = excluded.state, cost_state = excluded.cost_state, value_tier = excluded.value_tier, lapse_clock = excluded.lapse_clock")
            try await sql.run(upsert)
        }
    }

    /// Moves the people whose states are about to be written or deleted between the stage counts: each leaves the stage
    /// stored now and joins the one written.
    func updateStageCounts(replacing states: [StoredLifecycle], deleting delete: [ProfileID]) async throws {
        var change = [String: Int64]()
        for state in states {
            if let stage = state.state.stage?.rawValue { change[stage, default: 0] += 1 }
        }
        for chunk in chunked(Array(Set(states.map(\.profileID.rawValue) + delete.map(\.rawValue))), size: 5000) {
            var statement = SQLStatement("SELECT stage FROM lifecycle_states WHERE stage IS NOT NULL AND profile_id IN ")
            statement.bindList(Array(chunk))
            for row in try await sql.rows(statement) {
                change[try row.decode(column: "stage", as: String.self), default: 0] -= 1
            }
        }
        let moved = change.filter { $0.value != 0 }.sorted { $0.key < $1.key }
        guard !moved.isEmpty else { return }
        var upsert = SQLStatement("INSERT INTO lifecycle_stage_counts (stage, people) VALUES ")
        for (index, entry) in moved.enumerated() {
            upsert.append(index == 0 ? "(" : ", (")
            upsert.bind(entry.key); upsert.append(", ")
            upsert.bind(entry.value); upsert.append(")")
        }
        upsert.append(" ON CONFLICT (stage) DO UPDATE SET people = lifecycle_stage_counts.people + excluded.people")
        try await sql.run(upsert)
    }

    public func clearDirty(_ ids: [ProfileID]) async throws {
        for chunk in chunked(ids.map(\.rawValue), size: 5000) {
            var statement = SQLStatement("DELETE FROM projection_dirty WHERE profile_id IN ")
            statement.bindList(Array(chunk))
            try await sql.run(statement)
        }
    }

    public func saveCheckpoint(_ sequence: Int64) async throws {
        try await SQLStore.saveCheckpoint(SQLStore.lifecycleCheckpoint, sequence, on: sql)
    }

    public func document(_ name: String) async throws -> String? {
        try await SQLStore.document(name, on: sql)
    }

    public func saveDocument(_ name: String, _ body: String, now: Date = Date()) async throws {
        try await SQLStore.saveDocument(name, body, now: now, on: sql)
    }
}

extension LifecycleEvent {
    init(row: any SQLRow) throws {
        let payload = JSONValue.parse(try row.decode(column: "payload", as: String.self)) ?? .null
        self.init(id: try row.decode(column: "id", as: String.self),
                  type: MessageType(rawValue: try row.decode(column: "type", as: String.self)) ?? .track,
                  name: try row.decode(column: "name", as: String?.self),
                  channel: Channel(rawValue: try row.decode(column: "channel", as: String.self)) ?? .server,
                  timestamp: Timestamps.date(millis: try row.decode(column: "ts", as: Int64.self)),
                  properties: payload["properties"]?.objectValue ?? [:],
                  context: payload["context"]?.objectValue ?? [:])
    }
}
