import Foundation
import SQLKit
import TouchpointApp
import Tagged
import TouchpointDomain

/// The action catalogue.
extension SQLStore {
    public func saveAction(_ definition: ActionDefinition, active: Bool, now: Date) async throws -> Bool {
        let body = try Self.decisionJSON(definition)
        return try await write { sql in
            let existing = try await sql.rows("SELECT id FROM actions WHERE id = \(bind: definition.id.rawValue)")
            let millis = Timestamps.millis(now)
            try await sql.run("""
                INSERT INTO actions (id, name, kind, definition, active, created_at, updated_at)
                VALUES (\(bind: definition.id.rawValue), \(bind: definition.name), \(bind: definition.kind.rawValue), \(bind: body),
                        \(bind: Int64(active ? 1 : 0)), \(bind: millis), \(bind: millis))
                ON CONFLICT (id) DO UPDATE SET name = excluded.name, kind = excluded.kind, definition = excluded.definition,
                    active = excluded.active, updated_at = excluded.updated_at
                """)
            return existing.isEmpty
        }
    }

    public func actions() async throws -> [StoredAction] {
        try await sql.rows("SELECT definition, active, created_at, updated_at FROM actions ORDER BY name, id").map { row in
            StoredAction(definition: try Self.decodeDecisionJSON(ActionDefinition.self, try row.decode(column: "definition", as: String.self)),
                         active: try row.decode(column: "active", as: Int64.self) != 0,
                         createdAt: Timestamps.date(millis: try row.decode(column: "created_at", as: Int64.self)),
                         updatedAt: Timestamps.date(millis: try row.decode(column: "updated_at", as: Int64.self)))
        }
    }
}
