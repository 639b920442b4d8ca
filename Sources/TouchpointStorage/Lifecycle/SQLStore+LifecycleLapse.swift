import Foundation
import SQLKit
import TouchpointDomain

/// A profile the lapse sweep may move back: its stored state and, when the value model scored it, its P(alive).
public struct LapseCandidate: Sendable {
    public var profileID: ProfileID
    public var state: LifecycleState
    public var pAlive: Double?

    public init(profileID: ProfileID, state: LifecycleState, pAlive: Double?) {
        self.profileID = profileID
        self.state = state
        self.pAlive = pAlive
    }
}

/// A `Customer Lapsed` event to write on a person's timeline.
public struct LapseEvent: Sendable {
    public var profileID: ProfileID
    /// Stable for one decision on one state, so a sweep repeated before the projector folded the first writes nothing.
    public var messageID: String
    public var decision: LapseDecision

    public init(profileID: ProfileID, messageID: String, decision: LapseDecision) {
        self.profileID = profileID
        self.messageID = messageID
        self.decision = decision
    }
}

extension SQLStore {
    /// The internal source the lapse sweep writes its `Customer Lapsed` events under.
    public static let lifecycleSourceName = "Lifecycle"

    /// Profiles whose lapse clock (see `LapseRule.clock`) started before `inactiveBefore`, then — when the value model
    /// is consulted — profiles whose clock started before the model's fit and whose P(alive) is below `pAliveBelow`;
    /// oldest clock first, at most `limit` of each. Both read the partial index on `lapse_clock`, which holds only the
    /// profiles in a stage that can lapse. The SQL only narrows: `LapseRule.decide` makes the call on each state.
    public func lapseCandidates(inactiveBefore: Date?, pAliveBelow: Double?, modelFittedAt: Date?, limit: Int) async throws -> [LapseCandidate] {
        var found = [LapseCandidate]()
        var seen = Set<String>()
        let decoder = JSONDecoder()
        func collect(_ statement: SQLStatement) async throws {
            for row in try await sql.rows(statement) {
                let id = try row.decode(column: "profile_id", as: String.self)
                guard seen.insert(id).inserted else { continue }
                let state = try decoder.decode(LifecycleState.self, from: Data(try row.decode(column: "state", as: String.self).utf8))
                found.append(LapseCandidate(profileID: ProfileID(rawValue: id), state: state,
                                            pAlive: try row.decode(column: "p_alive", as: Double?.self)))
            }
        }
        if let inactiveBefore {
            try await collect("""
                SELECT l.profile_id, l.state, v.p_alive FROM lifecycle_states l LEFT JOIN value_scores v ON v.profile_id = l.profile_id
                WHERE l.lapse_clock < \(bind: Timestamps.millis(inactiveBefore)) ORDER BY l.lapse_clock LIMIT \(bind: limit)
                """)
        }
        if let pAliveBelow, let modelFittedAt {
            try await collect("""
                SELECT l.profile_id, l.state, v.p_alive FROM lifecycle_states l JOIN value_scores v ON v.profile_id = l.profile_id
                WHERE l.lapse_clock < \(bind: Timestamps.millis(modelFittedAt)) AND v.p_alive < \(bind: pAliveBelow)
                ORDER BY l.lapse_clock LIMIT \(bind: limit)
                """)
        }
        return found
    }

    /// Writes `Customer Lapsed` events on the people's timelines (channel `server`, under the `Lifecycle` source); the
    /// lifecycle projector folds them like any other event, so a replay of the log reproduces every lapse.
    /// `now` is when the server received them (the events themselves are dated by their decisions).
    public func appendLapseEvents(_ lapses: [LapseEvent], source: SourceID, now: Date = Date()) async throws {
        guard !lapses.isEmpty else { return }
        let events = lapses.map { lapse in
            SystemTimelineEvent(messageID: lapse.messageID, profileID: lapse.profileID, name: LapseRule.eventName, channel: .server,
                                at: lapse.decision.at, properties: lapse.decision.eventProperties)
        }
        try await write { sql in
            try await Self.appendSystemEvents(events, source: source, now: now, on: sql)
        }
    }

    /// How many events of the log the lifecycle projection has not folded yet.
    public func lifecycleLag() async throws -> Int64 {
        let checkpoint = try await Self.checkpoint(Self.lifecycleCheckpoint, on: sql)
        let last = try await Self.lastSequence(on: sql) ?? 0
        return max(0, last - checkpoint)
    }
}
