import Foundation
import SQLKit
import TouchpointApp
import TouchpointDomain

extension SQLStore: WorkLease {
    /// Takes or renews the lease on `name` for this node (`SQLStore.node`) when it is free, expired or already this
    /// node's; one statement, so two nodes asking at once cannot both get it.
    public func holdLease(_ name: String, for duration: Duration, now: Date) async throws -> Bool {
        let nowMillis = Timestamps.millis(now)
        let until = nowMillis + duration.components.seconds * 1_000 + duration.components.attoseconds / 1_000_000_000_000_000
        return try await write { sql in
            let held = try await sql.rows("""
                INSERT INTO work_leases (name, holder, expires_at, renewed_at) VALUES (\(bind: name), \(bind: node), \(bind: until), \(bind: nowMillis))
                ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at, renewed_at = excluded.renewed_at
                WHERE work_leases.holder = excluded.holder OR work_leases.expires_at <= \(bind: nowMillis)
                RETURNING holder
                """)
            return !held.isEmpty
        }
    }

    /// Gives a lease back at once (a node stopping cleanly), so another node need not wait for it to expire.
    public func releaseLease(_ name: String) async throws {
        try await write { sql in
            try await sql.run("DELETE FROM work_leases WHERE name = \(bind: name) AND holder = \(bind: node)")
        }
    }

    /// Every lease: what runs where, for `/health` and the operations docs.
    public func leases() async throws -> [(name: String, holder: String, expiresAt: Date)] {
        try await sql.rows("SELECT name, holder, expires_at FROM work_leases ORDER BY name").map { row in
            (try row.decode(column: "name", as: String.self), try row.decode(column: "holder", as: String.self),
             Timestamps.date(millis: try row.decode(column: "expires_at", as: Int64.self)))
        }
    }
}
