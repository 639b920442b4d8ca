import Foundation
import Crypto
import SQLKit
import TouchpointDomain

/// Secrets (write keys, API tokens) are stored only as SHA-256: they are long random strings,
/// so a fast hash is enough and lets every request be checked with one indexed look-up.
public func secretHash(_ secret: String) -> String {
    hexString(SHA256.hash(data: Data(secret.utf8)))
}

/// A new random secret with a readable prefix (`tp_wk_…`, `tp_at_…`).
public func makeSecret(prefix: String) -> String {
    var generator = SystemRandomNumberGenerator()
    let bytes = (0..<24).map { _ in UInt8.random(in: 0...255, using: &generator) }
    return prefix + hexString(bytes)
}

extension SQLStore {
    /// The source whose write key this is.
    public func source(forWriteKey writeKey: String) async throws -> SourceRecord? {
        var statement = SQLStatement("SELECT \(sql: SourceRecord.columns) FROM sources WHERE write_key_hash = ")
        statement.bind(secretHash(writeKey))
        return try await sql.rows(statement).first.map(SourceRecord.init(row:))
    }

    public func sources() async throws -> [SourceRecord] {
        try await sql.rows("SELECT \(sql: SourceRecord.columns) FROM sources ORDER BY created_at, name").map(SourceRecord.init(row:))
    }

    /// Creates a source with the given (or a new) write key. Returns the record and the key, which is not stored.
    public func createSource(name: String, writeKey: String? = nil, now: Date = Date()) async throws -> (SourceRecord, String) {
        let trimmed = name.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty, trimmed.count <= 100 else { throw StorageError.invalid("a source needs a name of 1 to 100 characters") }
        let key = writeKey ?? makeSecret(prefix: "tp_wk_")
        var existing = SQLStatement("SELECT id FROM sources WHERE name = ")
        existing.bind(trimmed)
        guard try await sql.rows(existing).isEmpty else { throw StorageError.conflict("a source named '\(trimmed)' already exists") }
        let record = SourceRecord(id: SourceID(rawValue: TimeOrderedID.make(at: now)), name: trimmed,
                                  writeKeyHint: String(key.prefix(10)) + "…", createdAt: Timestamps.millis(now))
        var insert = SQLStatement("INSERT INTO sources (id, name, write_key_hash, write_key_hint, created_at) VALUES (")
        insert.bind(record.id.rawValue); insert.append(", ")
        insert.bind(record.name); insert.append(", ")
        insert.bind(secretHash(key)); insert.append(", ")
        insert.bind(record.writeKeyHint); insert.append(", ")
        insert.bind(record.createdAt); insert.append(")")
        try await sql.run(insert)
        return (record, key)
    }

    /// Gives a source a new write key: the old one stops working (at once on this node; other nodes forget their cached
    /// copy within seconds). Returns the record and the new key, which is not stored.
    public func rotateWriteKey(of id: SourceID) async throws -> (SourceRecord, String) {
        let key = makeSecret(prefix: "tp_wk_")
        let hint = String(key.prefix(10)) + "…"
        return try await write { sql in
            try await sql.run("UPDATE sources SET write_key_hash = \(bind: secretHash(key)), write_key_hint = \(bind: hint) WHERE id = \(bind: id.rawValue)")
            let rows = try await sql.rows("SELECT \(sql: SourceRecord.columns) FROM sources WHERE id = \(bind: id.rawValue)")
            guard let row = rows.first else { throw StorageError.notFound("no source '\(id.rawValue)'") }
            return (try SourceRecord(row: row), key)
        }
    }

    /// Makes sure a source with this write key exists (the `TOUCHPOINT_WRITE_KEY` start-up setting).
    public func ensureSource(name: String, writeKey: String) async throws -> SourceRecord {
        if let existing = try await source(forWriteKey: writeKey) { return existing }
        var byName = SQLStatement("SELECT id FROM sources WHERE name = ")
        byName.bind(name)
        if !(try await sql.rows(byName).isEmpty) {
            // The name is taken by a source with another key: keep both, the new one named after its key.
            return try await createSource(name: name + " " + String(writeKey.prefix(6)), writeKey: writeKey).0
        }
        return try await createSource(name: name, writeKey: writeKey).0
    }

    /// The role of an API token, or nil when it is unknown.
    public func role(forToken token: String) async throws -> Role? {
        var statement = SQLStatement("SELECT role FROM api_tokens WHERE token_hash = ")
        statement.bind(secretHash(token))
        return try await sql.rows(statement).first.flatMap { Role(rawValue: try $0.decode(column: "role", as: String.self)) }
    }

    /// Stores a token (hashed). Returns false when it already existed.
    @discardableResult
    public func ensureToken(_ token: String, name: String, role: Role, now: Date = Date()) async throws -> Bool {
        if try await self.role(forToken: token) != nil { return false }
        var insert = SQLStatement("INSERT INTO api_tokens (id, name, token_hash, role, created_at) VALUES (")
        insert.bind(TimeOrderedID.make(at: now)); insert.append(", ")
        insert.bind(name); insert.append(", ")
        insert.bind(secretHash(token)); insert.append(", ")
        insert.bind(role.rawValue); insert.append(", ")
        insert.bind(Timestamps.millis(now)); insert.append(")")
        try await sql.run(insert)
        return true
    }

    public func countTokens(role: Role) async throws -> Int {
        var statement = SQLStatement("SELECT COUNT(*) AS n FROM api_tokens WHERE role = ")
        statement.bind(role.rawValue)
        return Int(try await sql.rows(statement).first?.decode(column: "n", as: Int64.self) ?? 0)
    }
}

extension SourceRecord {
    /// The columns `init(row:)` reads.
    static let columns = "id, name, write_key_hint, created_at, retention_days"

    init(row: any SQLRow) throws {
        self.init(id: SourceID(rawValue: try row.decode(column: "id", as: String.self)),
                  name: try row.decode(column: "name", as: String.self),
                  writeKeyHint: try row.decode(column: "write_key_hint", as: String.self),
                  createdAt: try row.decode(column: "created_at", as: Int64.self),
                  retentionDays: try row.decode(column: "retention_days", as: Int64?.self).map(Int.init))
    }
}
