import Foundation
import SQLKit
import TouchpointDomain

/// Steps of a collection group that stand alone: the de-duplication probe, moving merged profiles' rows, and the
/// counters a group adds to.
extension SQLStore {
    /// Which of these message ids of a source the log holds. On PostgreSQL compared as bytes, as the log's
    /// de-duplication index orders them (`EventPartitions.bytes`): with the database's collation the index is not used.
    static func storedMessageIDs(of source: SourceID, among ids: [String], postgres: Bool) -> SQLStatement {
        var statement = SQLStatement("SELECT message_id FROM events WHERE \(sql: postgres ? EventPartitions.bytes("source_id") : "source_id") = ")
        statement.bind(source.rawValue)
        statement.append(" AND ")
        statement.isMember(postgres ? EventPartitions.bytes("message_id") : "message_id", of: ids, postgres: postgres)
        return statement
    }

    /// Applies a group's merges with one statement per table: every absorbed profile's identifiers and events go to
    /// its final survivor (following chains inside the group), and earlier merges into it are redirected too.
    static func moveMerged(_ merges: [MergeRecord], on sql: any SQLDatabase) async throws {
        guard !merges.isEmpty else { return }
        var survivorOf = [String: String]()
        for merge in merges { survivorOf[merge.absorbed.rawValue] = merge.survivor.rawValue }
        func final(_ id: String) -> String {
            var current = id
            var hops = 0
            while let next = survivorOf[current], hops < 10_000 { current = next; hops += 1 }
            return current
        }
        let moves = survivorOf.keys.sorted().map { ($0, final($0)) }
        for chunk in chunked(moves, size: rowsPerStatement) {
            func caseExpression(_ column: String) -> SQLStatement {
                var expression = SQLStatement("CASE \(sql: column)")
                for (absorbed, survivor) in chunk {
                    expression.append(" WHEN ")
                    expression.bind(absorbed)
                    expression.append(" THEN ")
                    expression.bind(survivor)
                }
                expression.append(" END")
                return expression
            }
            for (table, column) in [("identities", "profile_id"), ("events", "profile_id"), ("profiles", "merged_into"), ("profiles", "id")] {
                let target = table == "profiles" ? "merged_into" : column
                var update = SQLStatement("UPDATE \(sql: table) SET \(sql: target) = ")
                update.append(caseExpression(column))
                update.append(" WHERE \(column) IN ")
                update.bindList(chunk.map(\.0))
                try await sql.run(update)
            }
        }
    }

    /// Profiles whose projections must be rebuilt from their events (their events moved).
    static func markDirty(_ ids: [String], on sql: any SQLDatabase) async throws {
        for chunk in chunked(Array(Set(ids)).sorted(), size: rowsPerStatement) {
            var insert = SQLStatement("INSERT INTO projection_dirty (profile_id) VALUES ")
            for (index, id) in chunk.enumerated() {
                insert.append(index == 0 ? "(" : ", (")
                insert.bind(id)
                insert.append(")")
            }
            insert.append(" ON CONFLICT (profile_id) DO NOTHING")
            try await sql.run(insert)
        }
    }

    /// Adds the group's events to the per-day, per-channel counters (`DAY|CHANNEL` of each event).
    static func countDaily(_ dayAndChannelOfEvents: [String], on sql: any SQLDatabase) async throws {
        var counts = [String: Int64]()
        for dayAndChannel in dayAndChannelOfEvents { counts[dayAndChannel, default: 0] += 1 }
        for chunk in chunked(counts.sorted { $0.key < $1.key }, size: rowsPerStatement) {
            var upsert = SQLStatement("INSERT INTO daily_channel_counts (day, channel, events) VALUES ")
            for (index, entry) in chunk.enumerated() {
                let parts = entry.key.split(separator: "|")
                upsert.append(index == 0 ? "(" : ", (")
                upsert.bind(String(parts[0])); upsert.append(", ")
                upsert.bind(String(parts[1])); upsert.append(", ")
                upsert.bind(entry.value); upsert.append(")")
            }
            upsert.append(" ON CONFLICT (day, channel) DO UPDATE SET events = daily_channel_counts.events + excluded.events")
            try await sql.run(upsert)
        }
    }
}
