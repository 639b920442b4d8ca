import Foundation
import SQLKit
import TouchpointApp
import Tagged
import TouchpointDomain

/// Segments, their members and the segment projection's reads and writes.
extension SQLStore {
    static let segmentProjection = "segments"

    static func decisionJSON<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.dateEncodingStrategy = .iso8601
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    static func decodeDecisionJSON<T: Decodable>(_ type: T.Type, _ text: String) throws -> T {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try decoder.decode(type, from: Data(text.utf8))
    }

    public func saveSegment(_ definition: SegmentDefinition, now: Date) async throws -> Bool {
        let body = try Self.decisionJSON(definition)
        return try await write { sql in
            let existing = try await sql.rows("SELECT id FROM segments WHERE id = \(bind: definition.id.rawValue)")
            let millis = Timestamps.millis(now)
            try await sql.run("""
                INSERT INTO segments (id, name, definition, created_at, updated_at)
                VALUES (\(bind: definition.id.rawValue), \(bind: definition.name), \(bind: body), \(bind: millis), \(bind: millis))
                ON CONFLICT (id) DO UPDATE SET name = excluded.name, definition = excluded.definition, updated_at = excluded.updated_at
                """)
            return existing.isEmpty
        }
    }

    public func segments() async throws -> [StoredSegment] {
        try await sql.rows("SELECT definition, created_at, updated_at FROM segments ORDER BY name, id").map { row in
            StoredSegment(definition: try Self.decodeDecisionJSON(SegmentDefinition.self, try row.decode(column: "definition", as: String.self)),
                          createdAt: Timestamps.date(millis: try row.decode(column: "created_at", as: Int64.self)),
                          updatedAt: Timestamps.date(millis: try row.decode(column: "updated_at", as: Int64.self)))
        }
    }

    public func catalogueVersion() async throws -> String {
        let row = try await sql.rows("""
            SELECT (SELECT COUNT(*) FROM segments) AS segments, (SELECT MAX(updated_at) FROM segments) AS segments_at,
                   (SELECT COUNT(*) FROM actions) AS actions, (SELECT MAX(updated_at) FROM actions) AS actions_at
            """).first
        let parts = try ["segments", "segments_at", "actions", "actions_at"].map { try row?.decode(column: $0, as: Int64?.self).map(String.init) ?? "-" }
        return parts.joined(separator: "/")
    }

    public func deleteSegment(_ id: SegmentID) async throws -> Bool {
        try await write { sql in
            guard try await !sql.rows("SELECT id FROM segments WHERE id = \(bind: id.rawValue)").isEmpty else { return false }
            try await sql.run("DELETE FROM segment_members WHERE segment_id = \(bind: id.rawValue)")
            try await sql.run("DELETE FROM segments WHERE id = \(bind: id.rawValue)")
            return true
        }
    }

    public func segmentMembers(_ id: SegmentID, limit: Int, after cursor: ProfileID?) async throws -> [SegmentMember] {
        var statement = SQLStatement("SELECT profile_id, since FROM segment_members WHERE segment_id = ")
        statement.bind(id.rawValue)
        statement.append(" AND member = 1")
        if let cursor {
            statement.append(" AND profile_id > ")
            statement.bind(cursor.rawValue)
        }
        statement.append(" ORDER BY profile_id LIMIT ")
        statement.bind(Int64(limit))
        return try await sql.rows(statement).map { row in
            SegmentMember(profileID: ProfileID(rawValue: try row.decode(column: "profile_id", as: String.self)),
                          since: Timestamps.date(millis: try row.decode(column: "since", as: Int64.self)))
        }
    }

    public func memberCounts() async throws -> [SegmentID: Int] {
        var counts = [SegmentID: Int]()
        for row in try await sql.rows("SELECT segment_id, COUNT(*) AS n FROM segment_members WHERE member = 1 GROUP BY segment_id") {
            counts[SegmentID(rawValue: try row.decode(column: "segment_id", as: String.self))] = Int(try row.decode(column: "n", as: Int64.self))
        }
        return counts
    }

    public func segments(of profile: ProfileID) async throws -> [SegmentID] {
        try await sql.rows("SELECT segment_id FROM segment_members WHERE profile_id = \(bind: profile.rawValue) AND member = 1 ORDER BY segment_id")
            .map { SegmentID(rawValue: try $0.decode(column: "segment_id", as: String.self)) }
    }

    public func livingProfiles(after cursor: ProfileID?, limit: Int) async throws -> [ProfileID] {
        var statement = SQLStatement("SELECT id FROM profiles WHERE merged_into IS NULL")
        if let cursor {
            statement.append(" AND id > ")
            statement.bind(cursor.rawValue)
        }
        statement.append(" ORDER BY id LIMIT ")
        statement.bind(Int64(limit))
        return try await sql.rows(statement).map { ProfileID(rawValue: try $0.decode(column: "id", as: String.self)) }
    }

    public func countLivingProfiles() async throws -> Int {
        Int(try await sql.rows("SELECT COUNT(*) AS n FROM profiles WHERE merged_into IS NULL").first?.decode(column: "n", as: Int64.self) ?? 0)
    }

    public func newSegmentInputs(after position: Int64?, ignoring: Set<String>, limit: Int) async throws -> (changes: [ProfileID: FactChanges], upTo: Int64)? {
        let checkpoint: Int64
        if let position { checkpoint = position } else { checkpoint = try await Self.checkpoint(Self.segmentProjection, on: sql) }
        guard let last = try await Self.lastSequence(on: sql), last > checkpoint else { return nil }
        var statement = SQLStatement("SELECT e.seq AS seq, e.type AS type, e.name AS name, e.channel AS channel, e.ts AS ts, CASE WHEN e.type = 'track' THEN e.payload END AS payload, COALESCE(p.merged_into, e.profile_id) AS profile_id FROM events e LEFT JOIN profiles p ON p.id = e.profile_id WHERE e.seq > ")
        statement.bind(checkpoint)
        statement.append(" AND e.seq <= ")
        statement.bind(last)
        statement.append(" ORDER BY e.seq LIMIT ")
        statement.bind(Int64(limit))
        let rows = try await sql.rows(statement)
        var changes = [ProfileID: FactChanges]()
        var lastSeen = checkpoint
        for row in rows {
            lastSeen = try row.decode(column: "seq", as: Int64.self)
            let name = try row.decode(column: "name", as: String?.self)
            if let name, ignoring.contains(name) { continue }
            let profile = ProfileID(rawValue: try row.decode(column: "profile_id", as: String.self))
            var change = changes[profile] ?? FactChanges()
            changes[profile] = nil
            if try row.decode(column: "type", as: String.self) == "track", let name {
                let properties = try row.decode(column: "payload", as: String?.self).flatMap { JSONCodec.member("properties", ofObject: $0.utf8)?.objectValue } ?? [:]
                change.events.append(FactEvent(name: name, at: Timestamps.date(millis: try row.decode(column: "ts", as: Int64.self)),
                                               channel: Channel(rawValue: try row.decode(column: "channel", as: String.self)), properties: properties))
            } else {
                change.traitsChanged = true
            }
            changes[profile] = change
        }
        return (changes, rows.count == limit ? lastSeen : last)
    }

    public func segmentChecks(of profiles: [ProfileID]) async throws -> [ProfileID: Date] {
        var found = [ProfileID: Date]()
        for chunk in chunked(profiles.map(\.rawValue), size: Self.rowsPerStatement) {
            var statement = SQLStatement("SELECT profile_id, due_at FROM segment_checks WHERE profile_id IN ")
            statement.bindList(Array(chunk))
            for row in try await sql.rows(statement) {
                found[ProfileID(rawValue: try row.decode(column: "profile_id", as: String.self))] = Timestamps.date(millis: try row.decode(column: "due_at", as: Int64.self))
            }
        }
        return found
    }

    public func dueSegmentChecks(now: Date, limit: Int) async throws -> [ProfileID] {
        try await sql.rows("SELECT profile_id FROM segment_checks WHERE due_at <= \(bind: Timestamps.millis(now)) ORDER BY due_at LIMIT \(bind: Int64(limit))")
            .map { ProfileID(rawValue: try $0.decode(column: "profile_id", as: String.self)) }
    }

    public func memberships(of profiles: [ProfileID]) async throws -> [ProfileID: [SegmentID: MembershipState]] {
        var found = [ProfileID: [SegmentID: MembershipState]]()
        for chunk in chunked(profiles.map(\.rawValue), size: Self.rowsPerStatement) {
            var statement = SQLStatement("SELECT segment_id, profile_id, member, since, transitions FROM segment_members WHERE profile_id IN ")
            statement.bindList(Array(chunk))
            for row in try await sql.rows(statement) {
                let profile = ProfileID(rawValue: try row.decode(column: "profile_id", as: String.self))
                found[profile, default: [:]][SegmentID(rawValue: try row.decode(column: "segment_id", as: String.self))] = MembershipState(
                    member: try row.decode(column: "member", as: Int64.self) != 0,
                    since: Timestamps.date(millis: try row.decode(column: "since", as: Int64.self)),
                    transitions: try row.decode(column: "transitions", as: Int64.self))
            }
        }
        return found
    }

    /// A membership row exists while the person is a member (migration 048): an entry writes it, an exit deletes it.
    /// Each entry and exit is a row of `segment_transitions`, which the timeline shows (migration 051), not an event
    /// in the log: the round takes no lock that collection holds. It commits with the memberships that number its
    /// transitions, so a round is never stored twice.
    public func applySegmentRound(_ round: SegmentRound, timeline: SourceID) async throws {
        // In key order: neighbouring rows share their pages.
        let entries = round.transitions.filter(\.entered).sorted { ($0.segment, $0.profileID) < ($1.segment, $1.profileID) }
        let exits = Dictionary(grouping: round.transitions.filter { !$0.entered }, by: \.segment)
        try await writePipelined(derived: true) { sql in
            for chunk in chunked(entries, size: 200) {
                var upsert = SQLStatement("INSERT INTO segment_members (segment_id, profile_id, member, since, transitions) VALUES ")
                for (index, transition) in chunk.enumerated() {
                    upsert.append(index == 0 ? "(" : ", (")
                    upsert.bind(transition.segment.rawValue); upsert.append(", ")
                    upsert.bind(transition.profileID.rawValue); upsert.append(", 1, ")
                    upsert.bind(Timestamps.millis(transition.at)); upsert.append(", ")
                    upsert.bind(transition.number); upsert.append(")")
                }
                upsert.append(" ON CONFLICT (segment_id, profile_id) DO UPDATE SET member = excluded.member, since = excluded.since, transitions = excluded.transitions")
                try await sql.run(upsert)
            }
            for (segment, leaving) in exits.sorted(by: { $0.key < $1.key }) {
                for chunk in chunked(leaving.map(\.profileID.rawValue).sorted(), size: Self.rowsPerStatement) {
                    var delete = SQLStatement("DELETE FROM segment_members WHERE segment_id = ")
                    delete.bind(segment.rawValue)
                    delete.append(" AND profile_id IN ")
                    delete.bindList(Array(chunk))
                    try await sql.run(delete)
                }
            }
            try await Self.insertSegmentTransitions(round.transitions, source: timeline, storedAt: Date(), on: sql)
            let due = round.checks.map { ($0.key, $0.value) }.sorted { $0.0 < $1.0 }
            for chunk in chunked(due, size: Self.rowsPerStatement) {
                var upsert = SQLStatement("INSERT INTO segment_checks (profile_id, due_at) VALUES ")
                for (index, check) in chunk.enumerated() {
                    upsert.append(index == 0 ? "(" : ", (")
                    upsert.bind(check.0.rawValue); upsert.append(", ")
                    upsert.bind(Timestamps.millis(check.1)); upsert.append(")")
                }
                upsert.append(" ON CONFLICT (profile_id) DO UPDATE SET due_at = excluded.due_at")
                try await sql.run(upsert)
            }
            for chunk in chunked(round.gone.map(\.rawValue).sorted(), size: Self.rowsPerStatement) {
                var delete = SQLStatement("DELETE FROM segment_checks WHERE profile_id IN ")
                delete.bindList(Array(chunk))
                try await sql.run(delete)
            }
            for chunk in chunked(round.gone.map(\.rawValue).sorted(), size: Self.rowsPerStatement) {
                var delete = SQLStatement("DELETE FROM segment_members WHERE profile_id IN ")
                delete.bindList(Array(chunk))
                try await sql.run(delete)
            }
            if let checkpoint = round.checkpoint { try await Self.saveCheckpoint(Self.segmentProjection, checkpoint, on: sql) }
        }
    }
}

extension SQLStore: DecisionRepository {}
extension SQLStore: ProfileLookup {}

extension SQLStore {
    /// Erasure's part for decisions: the person's decisions, shows and outcomes, segment memberships, checks and
    /// entries and exits.
    /// (An action's count of shows keeps theirs: a budget spent stays spent.)
    static func eraseDecisionRecords(profiles: [String], on sql: any SQLDatabase) async throws {
        // Shows, hold-outs and outcomes through the person's decisions (the table has no index by person, see M049),
        // then any outcome left through the outcomes' own.
        var contacts = SQLStatement("DELETE FROM offer_contacts WHERE decision_id IN (SELECT id FROM decisions WHERE profile_id IN ")
        contacts.bindList(profiles)
        contacts.append(")")
        try await sql.run(contacts)
        var outcomes = SQLStatement("DELETE FROM offer_contacts WHERE kind IN ('viewed', 'accepted', 'dismissed') AND profile_id IN ")
        outcomes.bindList(profiles)
        try await sql.run(outcomes)
        for (table, column) in [("decisions", "profile_id"), ("segment_members", "profile_id"), ("segment_checks", "profile_id"),
                                ("segment_transitions", "profile_id")] {
            var delete = SQLStatement("DELETE FROM \(sql: table) WHERE \(sql: column) IN ")
            delete.bindList(profiles)
            try await sql.run(delete)
        }
    }
}
