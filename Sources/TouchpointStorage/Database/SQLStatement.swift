import SQLKit

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

    /// `(?, ?, ?)` list of strings, for `IN` clauses.
    mutating func bindList(_ values: [String]) {
        append("(")
        for (index, value) in values.enumerated() {
            if index > 0 { append(", ") }
            bind(value)
        }
        append(")")
    }

    func serialize(to serializer: inout SQLSerializer) {
        for part in parts {
            switch part {
            case .text(let text): serializer.write(text)
            case .bind(.text(let value)): serializer.write(bind: value)
            case .bind(.integer(let value)): serializer.write(bind: value)
            case .bind(.real(let value)): serializer.write(bind: value)
            }
        }
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
    func run(_ statement: SQLStatement) async throws {
        try await SQLStatementFetcher(statement, on: self).run()
    }

    func rows(_ statement: SQLStatement) async throws -> [any SQLRow] {
        try await SQLStatementFetcher(statement, on: self).all()
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
