import SQLKit

/// How far each projection that follows the event log (lifecycle, feedback…) has read it. A projection saves its
/// checkpoint in the same transaction as what it derived, so a crash replays a batch rather than losing it.
extension SQLStore {
    /// The last log position the projection `name` has processed (0 before its first batch).
    static func checkpoint(_ name: String, on sql: any SQLDatabase) async throws -> Int64 {
        try await sql.rows("SELECT seq FROM projection_checkpoints WHERE name = \(bind: name)").first?.decode(column: "seq", as: Int64.self) ?? 0
    }

    static func saveCheckpoint(_ name: String, _ sequence: Int64, on sql: any SQLDatabase) async throws {
        try await sql.run("""
            INSERT INTO projection_checkpoints (name, seq) VALUES (\(bind: name), \(bind: sequence))
            ON CONFLICT (name) DO UPDATE SET seq = excluded.seq
            """)
    }

    /// The log's last position, or nil while it is empty.
    static func lastSequence(on sql: any SQLDatabase) async throws -> Int64? {
        try await sql.rows("SELECT MAX(seq) AS last FROM events").first?.decode(column: "last", as: Int64?.self)
    }
}
