import Foundation
import TouchpointDomain
import SQLKit
import SQLiteKit
import SQLiteNIO
import FluentPostgresDriver
import Synchronization

/// A SQL statement assembled from text and bound values, serialised with each driver's own placeholders.
///
/// Hot paths build multi-row statements with thousands of values; binding Swift primitives directly
/// (String, Int64, Double) keeps every driver on its fast encoding path.
struct SQLStatement: SQLExpression {
    /// Bound values are kept typed so each driver gets its own representation without dynamic casts.
    enum Value: Sendable {
        case text(String)
        case integer(Int64)
        case real(Double)
        /// An array bound as one value (`= ANY($1)`): PostgreSQL only, see `isMember`.
        case textArray([String])
    }

    enum Part: Sendable {
        case text(String)
        case bind(Value)
    }

    private(set) var parts: [Part] = []

    init(_ text: String = "") {
        if !text.isEmpty { parts.append(.text(text)) }
    }

    mutating func append(_ text: String) { parts.append(.text(text)) }
    mutating func append(_ other: SQLStatement) { parts += other.parts }

    mutating func bind(_ value: String) { parts.append(.bind(.text(value))) }
    mutating func bind(_ value: Int64) { parts.append(.bind(.integer(value))) }
    mutating func bind(_ value: Double) { parts.append(.bind(.real(value))) }
    mutating func bind(_ value: String?) {
        if let value { bind(value) } else { parts.append(.text("NULL")) }
    }
    mutating func bind(_ value: Int64?) {
        if let value { bind(value) } else { parts.append(.text("NULL")) }
    }
    mutating func bind(_ value: Double?) {
        if let value { bind(value) } else { parts.append(.text("NULL")) }
    }

    /// `column IN (…)` on SQLite; on PostgreSQL `column = ANY($n)` with the values as one array, so that a look-up of
    /// thousands of keys is one bind to encode and one parameter to plan instead of thousands.
    mutating func isMember(_ column: String, of values: [String], postgres: Bool) {
        append(column)
        if postgres {
            append(" = ANY(")
            parts.append(.bind(.textArray(values)))
            append(")")
        } else {
            append(" IN ")
            bindList(values)
        }
    }

    /// `(?, ?, ?)` list of strings, for `IN` clauses.
    mutating func bindList(_ values: [String]) {
        append("(")
        for (index, value) in values.enumerated() {
            if index > 0 { append(", ") }
            bind(value)
        }
        append(")")
    }

    /// The text with `?` placeholders and the values in SQLite's own form: what SQLiteNIO takes directly,
    /// without SQLKit's serialiser or a Codable encoder for every value (thousands a statement on the ingest path).
    var sqliteForm: (text: String, binds: [SQLiteData]) {
        var text = ""
        var binds = [SQLiteData]()
        for part in parts {
            switch part {
            case .text(let fragment): text += fragment
            case .bind(.text(let value)): text += "?"; binds.append(.text(value))
            case .bind(.integer(let value)): text += "?"; binds.append(.integer(Int(value)))
            case .bind(.real(let value)): text += "?"; binds.append(.float(value))
            case .bind(.textArray): preconditionFailure("arrays are bound on PostgreSQL only")
            }
        }
        return (text, binds)
    }

    func serialize(to serializer: inout SQLSerializer) {
        for part in parts {
            switch part {
            case .text(let text): serializer.write(text)
            case .bind(.text(let value)): serializer.write(bind: value)
            case .bind(.integer(let value)): serializer.write(bind: value)
            case .bind(.real(let value)): serializer.write(bind: value)
            case .bind(.textArray(let values)): serializer.write(bind: values)
            }
        }
    }
}

/// A statement written as one string with its values bound where they stand, as SQLKit's `\(bind:)` reads:
/// `"UPDATE cases SET sla_state = \(bind: state) WHERE id = \(bind: id)"`. Plain string literals stay plain text.
extension SQLStatement: ExpressibleByStringInterpolation {
    init(stringLiteral value: String) { self.init(value) }

    init(stringInterpolation: Interpolation) { self = stringInterpolation.statement }

    struct Interpolation: StringInterpolationProtocol {
        var statement = SQLStatement()

        init(literalCapacity: Int, interpolationCount: Int) {}

        mutating func appendLiteral(_ literal: String) { statement.append(literal) }
        mutating func appendInterpolation(bind value: String) { statement.bind(value) }
        mutating func appendInterpolation(bind value: String?) { statement.bind(value) }
        mutating func appendInterpolation(bind value: Int64) { statement.bind(value) }
        mutating func appendInterpolation(bind value: Int64?) { statement.bind(value) }
        mutating func appendInterpolation(bind value: Int) { statement.bind(Int64(value)) }
        mutating func appendInterpolation(bind value: Double) { statement.bind(value) }
        mutating func appendInterpolation(bind value: Double?) { statement.bind(value) }
        /// Instants are stored as milliseconds since 1970.
        mutating func appendInterpolation(bind value: Date?) { statement.bind(value.map(Timestamps.millis)) }
        /// `(?, ?, ?)` for `IN`.
        mutating func appendInterpolation(list values: [String]) { statement.bindList(values) }
        /// SQL text the code itself wrote (a column list, a table name): never outside input.
        mutating func appendInterpolation(sql text: String) { statement.append(text) }
        mutating func appendInterpolation(_ other: SQLStatement) { statement.append(other) }
    }
}

/// PostgreSQL advisory locks the nodes of a cluster share, by name; the numbers are arbitrary but must never change.
enum AdvisoryLock: Int64 {
    /// Identity resolution reads then writes the identity graph, and a new case takes the next number as MAX + 1:
    /// one such transaction at a time across all nodes. Every transaction that appends to the event log holds it too,
    /// so events commit in the order of their sequence numbers, which the projections follow.
    case identityGraph = 727001
    /// The event log's upkeep (months made ahead, retention): one node at a time, so two never make the same partition.
    case eventLogUpkeep = 727002

    /// Held until the transaction ends (taking it twice in one transaction is allowed). SQLite needs none: its single
    /// writer already runs one write at a time.
    func hold(on sql: any SQLDatabase) async throws {
        guard SQLDialectKind(sql) == .postgres else { return }
        try await sql.run("SELECT pg_advisory_xact_lock(\(bind: rawValue))")
    }

    /// `hold`, and for the rest of the transaction the planner told to answer look-ups by the thousand (`key IN (…)`,
    /// `message_id IN (…)`) with index probes, one worker: it otherwise scans whole tables once an IN list is long
    /// (a hashed list beats its cost estimate of probes), with parallel workers — 30 ms for a group's message ids in
    /// 200,000 events instead of 8, and growing with the log, on the one path every collection request waits for.
    func holdForIndexProbes(on sql: any SQLDatabase) async throws {
        guard SQLDialectKind(sql) == .postgres else { return }
        try await sql.run("""
            SELECT pg_advisory_xact_lock(\(bind: rawValue)), set_config('enable_seqscan', 'off', true),
                set_config('max_parallel_workers_per_gather', '0', true)
            """)
    }
}

/// Which SQL dialect a database speaks; Postgres-only SQL is written only behind this check.
public enum SQLDialectKind: String, Sendable {
    case sqlite, postgres

    init(_ database: any SQLDatabase) {
        self = database.dialect.name == "postgresql" ? .postgres : .sqlite
    }
}

/// Runs a `SQLStatement` through SQLKit's fetching machinery (`all`, `first`, `run`).
final class SQLStatementFetcher: SQLQueryFetcher {
    let query: any SQLExpression
    let database: any SQLDatabase

    init(_ statement: SQLStatement, on database: any SQLDatabase) {
        self.query = statement
        self.database = database
    }
}

extension SQLDatabase {
    /// Runs the statement; in a `PostgresPipeline` it is only queued (its failure is reported by the pipeline's `finish`).
    func run(_ statement: SQLStatement) async throws {
        if let pipeline = self as? PostgresPipeline {
            _ = pipeline.send(statement)
            return
        }
        if let own = self as? any OwnSQLiteConnectionDatabase {
            let (text, binds) = statement.sqliteForm
            _ = try own.connection.query(text, binds)
            return
        }
        if let sqlite = self as? any SQLiteDatabase {
            _ = try await sqlite.directQuery(statement)
            return
        }
        if let postgres = self as? any PostgresDatabase {
            // As reads do: typed binds straight to PostgresNIO, not PostgresKit's Codable encoder for every value
            // (an insert of 500 events binds 5,500 of them).
            _ = try await postgres.directQuery(statement)
            return
        }
        try await SQLStatementFetcher(statement, on: self).run()
    }

    func rows(_ statement: SQLStatement) async throws -> [any SQLRow] {
        if let pipeline = self as? PostgresPipeline {
            return DirectPostgresRow.rows(try await pipeline.rows(of: statement))
        }
        if let own = self as? any OwnSQLiteConnectionDatabase {
            let (text, binds) = statement.sqliteForm
            return try own.connection.query(text, binds)
        }
        if let sqlite = self as? any SQLiteDatabase {
            return try await sqlite.directQuery(statement).map(DirectSQLiteRow.init(row:))
        }
        if let postgres = self as? any PostgresDatabase {
            return DirectPostgresRow.rows(try await postgres.directQuery(statement))
        }
        return try await SQLStatementFetcher(statement, on: self).all()
    }

    func run(_ text: String) async throws {
        try await self.run(SQLStatement(text))
    }

    func rows(_ text: String) async throws -> [any SQLRow] {
        try await self.rows(SQLStatement(text))
    }
}

/// Splits work into chunks so one statement never exceeds a driver's bind limit (PostgreSQL: 65,535).
func chunked<T>(_ items: [T], size: Int) -> [ArraySlice<T>] {
    stride(from: 0, to: items.count, by: size).map { items[$0..<min($0 + size, items.count)] }
}

extension SQLiteDatabase {
    /// Runs a statement on the connection itself, collecting rows on the thread that steps the statement (the
    /// futures-based path hands every row to the event loop as a task of its own).
    func directQuery(_ statement: SQLStatement) async throws -> [SQLiteRow] {
        let (text, binds) = statement.sqliteForm
        return try await withConnection { (connection: SQLiteConnection) async throws -> [SQLiteRow] in
            let rows = Mutex<[SQLiteRow]>([])
            try await connection.query(text, binds) { row in rows.withLock { $0.append(row) } }
            return rows.withLock { $0 }
        }
    }
}

/// A SQLite result row read without a Codable decoder for the column types the storage code reads most
/// (text, integers, reals, their optionals); anything else goes through SQLiteKit's decoder as before.
struct DirectSQLiteRow: SQLRow {
    let row: SQLiteRow

    var allColumns: [String] { row.columns.map(\.name) }

    func contains(column: String) -> Bool { row.column(column) != nil }

    func decodeNil(column: String) throws -> Bool {
        guard let data = row.column(column) else { return true }
        return data == .null
    }

    func decode<D: Decodable>(column: String, as type: D.Type) throws -> D {
        guard let data = row.column(column) else { throw StorageError.invalid("internal: no column \(column) in the result") }
        return try decodeSQLiteValue(data, as: D.self)
    }
}

/// A SQLite value as `D`: text, integers, reals and their optionals directly, anything else through SQLiteKit's
/// decoder (a Codable decoder for every column of every row was a visible share of the ingest path).
func decodeSQLiteValue<D: Decodable>(_ data: SQLiteData, as type: D.Type) throws -> D {
    switch data {
    case .text(let value):
        if let value = value as? D { return value }
        if let value = Optional(value) as? D { return value }
    case .integer(let value):
        if let value = Int64(value) as? D { return value }
        if let value = Optional(Int64(value)) as? D { return value }
        if let value = value as? D { return value }
        if let value = Optional(value) as? D { return value }
    case .float(let value):
        if let value = value as? D { return value }
        if let value = Optional(value) as? D { return value }
    case .null:
        if let none = (nil as String?) as? D { return none }
        if let none = (nil as Int64?) as? D { return none }
        if let none = (nil as Int?) as? D { return none }
        if let none = (nil as Double?) as? D { return none }
    case .blob:
        break
    }
    return try SQLiteDataDecoder().decode(D.self, from: data)
}
