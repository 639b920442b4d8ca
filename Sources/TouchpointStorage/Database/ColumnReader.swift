import Foundation
import SQLKit
import SQLiteNIO
import TouchpointDomain

/// Typed reads of a result row for wide, hot reads (thousands of rows of a report): on SQLite the value is taken
/// straight from the row without the generic decode's dynamic casts, which were a fifth of a year-long report;
/// on PostgreSQL it is the ordinary decode.
struct ColumnReader {
    private let row: any SQLRow
    private let sqlite: SQLiteRow?

    init(_ row: any SQLRow) {
        self.row = row
        self.sqlite = (row as? DirectSQLiteRow)?.row
    }

    func string(_ column: String) throws -> String {
        guard let sqlite else { return try row.decode(column: column, as: String.self) }
        if case .text(let value)? = sqlite.column(column) { return value }
        return try row.decode(column: column, as: String.self)
    }

    func optionalString(_ column: String) throws -> String? {
        guard let sqlite else { return try row.decode(column: column, as: String?.self) }
        switch sqlite.column(column) {
        case .text(let value)?: return value
        case .null?: return nil
        default: return try row.decode(column: column, as: String?.self)
        }
    }

    func int64(_ column: String) throws -> Int64 {
        guard let sqlite else { return try row.decode(column: column, as: Int64.self) }
        if case .integer(let value)? = sqlite.column(column) { return Int64(value) }
        return try row.decode(column: column, as: Int64.self)
    }

    func optionalInt64(_ column: String) throws -> Int64? {
        guard let sqlite else { return try row.decode(column: column, as: Int64?.self) }
        switch sqlite.column(column) {
        case .integer(let value)?: return Int64(value)
        case .null?: return nil
        default: return try row.decode(column: column, as: Int64?.self)
        }
    }

    func double(_ column: String) throws -> Double {
        guard let sqlite else { return try row.decode(column: column, as: Double.self) }
        switch sqlite.column(column) {
        case .float(let value)?: return value
        case .integer(let value)?: return Double(value)
        default: return try row.decode(column: column, as: Double.self)
        }
    }

    /// Milliseconds since 1970 as an instant, or nil.
    func date(_ column: String) throws -> Date? { try optionalInt64(column).map(Timestamps.date(millis:)) }
}
