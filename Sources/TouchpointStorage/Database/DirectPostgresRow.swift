import Foundation
import FluentPostgresDriver
import SQLKit

extension SQLStatement {
    /// The text with `$1, $2…` placeholders and the values bound in PostgreSQL's binary form, as PostgresNIO takes them.
    var postgresForm: PostgresQuery {
        var text = ""
        var bindings = PostgresBindings(capacity: parts.count)
        var position = 0
        for part in parts {
            guard case .bind(let value) = part else {
                if case .text(let fragment) = part { text += fragment }
                continue
            }
            position += 1
            text += "$\(position)"
            switch value {
            case .text(let string): bindings.append(string)
            case .integer(let integer): bindings.append(integer)
            case .real(let real): bindings.append(real)
            case .textArray(let values): bindings.append(values)
            }
        }
        return PostgresQuery(unsafeSQL: text, binds: bindings)
    }
}

extension PostgresDatabase {
    /// Runs a statement on PostgresNIO directly and keeps its rows for `DirectPostgresRow`: SQLKit's PostgreSQL rows
    /// decode every cell through a Codable path with a dynamic cast and a coding key each, which was half the CPU of
    /// a year-long measurement page (10,000 cases × 19 columns).
    func directQuery(_ statement: SQLStatement) async throws -> [PostgresRow] {
        let query = statement.postgresForm
        let logger = self.logger
        return try await withConnection { connection in
            connection.query(query, logger: logger).map(\.rows)
        }.get()
    }
}

/// A PostgreSQL result row that decodes the column types the storage code reads most (text, integers, reals, booleans
/// and their optionals) straight from the cell; anything else goes through PostgresKit's own decode as before.
struct DirectPostgresRow: SQLRow {
    /// Every row of a result has the same columns: their positions are looked up once per result, not per cell.
    final class Columns: Sendable {
        let positions: [String: Int]
        init(_ row: PostgresRandomAccessRow) {
            positions = Dictionary(row.enumerated().map { ($1.columnName, $0) }, uniquingKeysWith: { first, _ in first })
        }
    }

    let row: PostgresRow
    private let cells: PostgresRandomAccessRow
    private let columns: Columns

    /// The rows of one result, sharing one column table.
    static func rows(_ rows: [PostgresRow]) -> [DirectPostgresRow] {
        guard let first = rows.first else { return [] }
        let columns = Columns(first.makeRandomAccess())
        return rows.map { DirectPostgresRow(row: $0, columns: columns) }
    }

    private init(row: PostgresRow, columns: Columns) {
        self.row = row
        self.cells = row.makeRandomAccess()
        self.columns = columns
    }

    var allColumns: [String] { cells.map(\.columnName) }

    func contains(column: String) -> Bool { columns.positions[column] != nil }

    func decodeNil(column: String) throws -> Bool {
        guard let position = columns.positions[column] else { return true }
        return cells[position].bytes == nil
    }

    func decode<D: Decodable>(column: String, as type: D.Type) throws -> D {
        guard let position = columns.positions[column] else { throw StorageError.invalid("internal: no column \(column) in the result") }
        let cell = cells[position]
        // Metadata comparisons, not casts: each is a pointer compare.
        if D.self == String.self { return try cell.decode(String.self) as! D }
        if D.self == Int64.self { return try cell.decode(Int64.self) as! D }
        if D.self == Double.self { return try cell.decode(Double.self) as! D }
        if D.self == String?.self { return try cell.decode(String?.self) as! D }
        if D.self == Int64?.self { return try cell.decode(Int64?.self) as! D }
        if D.self == Double?.self { return try cell.decode(Double?.self) as! D }
        if D.self == Int.self { return try cell.decode(Int.self) as! D }
        if D.self == Int?.self { return try cell.decode(Int?.self) as! D }
        if D.self == Bool.self { return try cell.decode(Bool.self) as! D }
        if D.self == Bool?.self { return try cell.decode(Bool?.self) as! D }
        return try row.sql().decode(column: column, as: D.self)
    }
}
