import Foundation

/// One rejected row of a transactions file.
///
/// A row that repeats an earlier one exactly is not a rejection: see ``RepeatedTransactionRows``.
public struct TransactionRejection: Sendable, Equatable, Codable, CustomStringConvertible {
    /// Why a row was not taken.
    public enum Reason: Sendable, Equatable, Codable {
        /// The row has no value for this required column (too few fields, or the field is empty).
        case missingColumn(String)
        /// The date is not a calendar date written `YYYY-MM-DD`.
        case badDate(String)
        /// The amount is below zero.
        case negativeAmount(String)
        /// The amount is not a plain decimal number.
        case nonNumericAmount(String)
        /// A quoted field runs to the end of the file without its closing quote.
        case unterminatedQuote
    }

    /// The line where the record starts (the header is line 1).
    public var line: Int
    public var reason: Reason

    public init(line: Int, reason: Reason) {
        self.line = line
        self.reason = reason
    }

    /// What is wrong and what to do about it, in English.
    public var message: String {
        switch reason {
        case .missingColumn(let name):
            return "no value for \(name)"
        case .badDate(let text):
            return "date \"\(text)\" is not a calendar date written YYYY-MM-DD (e.g. 2024-03-15)"
        case .negativeAmount(let text):
            return "amount \"\(text)\" is negative; purchases must be 0 or more (leave refunds out)"
        case .nonNumericAmount(let text):
            return "amount \"\(text)\" is not a number; write it with a dot and no currency or thousands separators, e.g. 12.50"
        case .unterminatedQuote:
            return "a quoted field is never closed (missing \")"
        }
    }

    public var description: String { "line \(line): \(message)" }
}

/// A transactions file that cannot be read at all.
public enum TransactionsCSVError: Error, Equatable, CustomStringConvertible, LocalizedError {
    /// No header line (the file is empty or only blank lines).
    case emptyFile
    /// The header does not name all of `customer_id`, `date`, `amount`.
    case missingColumns(missing: [String], found: [String])
    /// The file could not be opened or read.
    case unreadable(path: String, reason: String)

    public var description: String {
        switch self {
        case .emptyFile:
            return "The transactions file is empty. Its first line must be the header customer_id,date,amount "
                + "and each further line one purchase, e.g. C001,2024-03-15,49.90."
        case .missingColumns(let missing, let found):
            let foundText = found.isEmpty ? "none" : found.joined(separator: ", ")
            return "The header lacks the column\(missing.count == 1 ? "" : "s") \(missing.joined(separator: ", ")) "
                + "(found: \(foundText)). The first line must name customer_id, date and amount, in any order; "
                + "other columns are ignored."
        case .unreadable(let path, let reason):
            return "Cannot read the transactions file \(path): \(reason). Check the path and permissions."
        }
    }

    public var errorDescription: String? { description }
}
