import Foundation
import SQLKit
import TouchpointDomain

/// Profiles' states as the collection path reads and writes them (undoing a merge writes them the same way).
extension SQLStore {
    /// Profile states, with the stored JSON text of their traits so unchanged traits need not be written again.
    static func loadStatesWithText(_ ids: [ProfileID], on sql: any SQLDatabase) async throws -> LoadedStates {
        try await startLoadingStatesWithText(ids, on: sql).read()
    }

    /// `loadStatesWithText`, sent now and read later (in a pipeline the wait is shared with what is sent meanwhile).
    static func startLoadingStatesWithText(_ ids: [ProfileID], on sql: any SQLDatabase) async throws -> PendingStates {
        let postgres = SQLDialectKind(sql) == .postgres
        var pending = [PendingRows]()
        for chunk in chunked(ids.map(\.rawValue), size: postgres ? Int.max : 5000) {
            var statement = SQLStatement("SELECT id, traits, trait_times, first_seen, last_seen, event_count, channels FROM profiles WHERE ")
            statement.isMember("id", of: Array(chunk), postgres: postgres)
            pending.append(try await sql.start(statement))
        }
        return PendingStates(pending: pending)
    }

    /// Profiles' states and their stored trait texts.
    struct LoadedStates {
        var states = [ProfileID: ProfileState]()
        var texts = [ProfileID: (traits: String, times: String)]()
    }

    /// The states being loaded by `startLoadingStatesWithText`.
    struct PendingStates {
        fileprivate let pending: [PendingRows]

        func read() async throws -> LoadedStates {
            var loaded = LoadedStates()
            for rows in pending {
                for row in try await rows.rows() {
                    let state = try ProfileState(row: row)
                    loaded.states[state.id] = state
                    loaded.texts[state.id] = (try row.decode(column: "traits", as: String.self), try row.decode(column: "trait_times", as: String.self))
                }
            }
            return loaded
        }
    }

    static let millisPerHour: Int64 = 3_600_000

    /// The hour of a profile's `last_seen`: the indexed part of the profile list's order (see `M044AddProfileSeenHour`).
    static func seenHour(_ lastSeen: Int64) -> Int64 { lastSeen / millisPerHour }

    /// Writes the profiles' states; returns the trait texts written for each.
    @discardableResult
    static func saveStates(_ states: [ProfileState], createdAt: Int64, unchangedText: [ProfileID: (traits: String, times: String)] = [:],
                           on sql: any SQLDatabase) async throws -> [ProfileID: (traits: String, times: String)] {
        var written = [ProfileID: (traits: String, times: String)]()
        for chunk in chunked(states.sorted { $0.id.rawValue < $1.id.rawValue }, size: rowsPerStatement) {
            var upsert = SQLStatement("INSERT INTO profiles (id, traits, trait_times, first_seen, last_seen, seen_hour, event_count, channels, search_text, created_at) VALUES ")
            for (index, state) in chunk.enumerated() {
                upsert.append(index == 0 ? "(" : ", (")
                upsert.bind(state.id.rawValue); upsert.append(", ")
                let texts = unchangedText[state.id]
                    ?? (JSONCodec.serialize(.object(state.traits)), JSONCodec.serialize(.object(state.traitTimes.mapValues { .number(Double($0)) })))
                written[state.id] = texts
                upsert.bind(texts.traits); upsert.append(", ")
                upsert.bind(texts.times); upsert.append(", ")
                upsert.bind(state.eventCount > 0 ? state.firstSeen : createdAt); upsert.append(", ")
                let lastSeen = state.eventCount > 0 ? state.lastSeen : createdAt
                upsert.bind(lastSeen); upsert.append(", ")
                upsert.bind(seenHour(lastSeen)); upsert.append(", ")
                upsert.bind(state.eventCount); upsert.append(", ")
                upsert.bind(state.channels.map(\.rawValue).sorted().joined(separator: ",")); upsert.append(", ")
                upsert.bind(state.searchText); upsert.append(", ")
                upsert.bind(createdAt); upsert.append(")")
            }
            upsert.append("""
                 ON CONFLICT (id) DO UPDATE SET traits = excluded.traits, trait_times = excluded.trait_times,
                 first_seen = excluded.first_seen, last_seen = excluded.last_seen, seen_hour = excluded.seen_hour, event_count = excluded.event_count,
                 channels = excluded.channels, search_text = excluded.search_text
                """)
            try await sql.run(upsert)
        }
        return written
    }
}

extension ProfileState {
    init(row: any SQLRow) throws {
        let id = ProfileID(rawValue: try row.decode(column: "id", as: String.self))
        let traits = JSONValue.parse(try row.decode(column: "traits", as: String.self))?.objectValue ?? [:]
        let times = (JSONValue.parse(try row.decode(column: "trait_times", as: String.self))?.objectValue ?? [:])
            .compactMapValues { $0.integerValue }
        let channels = try row.decode(column: "channels", as: String.self).split(separator: ",").compactMap { Channel(rawValue: String($0)) }
        self.init(id: id, traits: traits, traitTimes: times,
                  firstSeen: try row.decode(column: "first_seen", as: Int64.self),
                  lastSeen: try row.decode(column: "last_seen", as: Int64.self),
                  eventCount: try row.decode(column: "event_count", as: Int64.self),
                  channels: Set(channels))
    }

    /// Lower-cased name, e-mail and phone: what `?q=` matches besides identifiers.
    var searchText: String {
        let fields = ["name", "firstName", "lastName", "first_name", "last_name", "email", "phone", "company"]
        return fields.compactMap { traits[$0]?.stringValue }.joined(separator: " ").lowercased()
    }
}
