import Foundation

/// Reads a transactions CSV (header `customer_id,date,amount`) into purchases plus a per-row
/// rejection report and a list of the rows that repeat an earlier one.
///
/// What it accepts, and why:
/// - The three columns in any order, matched case-insensitively; extra columns are ignored, because
///   exports from shops and CRMs carry many more (order id, currency, channel …).
/// - `date` as `YYYY-MM-DD` (a real calendar date); `amount` as a plain decimal number ≥ 0 with a
///   dot (`12.50`, `7`, `.5`). Comma decimals or currency signs are rejected rather than guessed at.
/// - RFC 4180 quoting (`"…"`, `""` for a quote inside), LF or CRLF line ends, a UTF-8 byte-order
///   mark, blank lines anywhere (skipped, not rejected).
/// - A row identical to an earlier one in every field — the extra columns included — is kept as one
///   more purchase by default and listed in ``Result/repeated``: in an export without an order id it
///   is usually two identical items bought the same day, which the CDNOW preparation sums into that
///   day's amount. ``RepeatedRowPolicy/drop`` leaves such rows out instead, for files exported twice over.
///
/// Bad rows never stop the import: each is reported with its line number (the physical line where
/// the record starts, the header being line 1) and a reason a person can act on. Only a file that
/// cannot be read as a transactions file at all (empty, or header columns missing) throws.
public enum TransactionsCSV {
    /// The columns every transactions file must have.
    public static let requiredColumns = ["customer_id", "date", "amount"]

    /// The outcome of reading a file.
    public struct Result: Sendable, Equatable {
        /// Rows that passed every check, in file order; repeated rows included unless they were dropped.
        public var accepted: [Transaction]
        /// The line of each accepted row (parallel to ``accepted``), for reports that point into the file.
        public var acceptedLines: [Int]
        /// Rows that did not, in file order.
        public var rejected: [TransactionRejection]
        /// Rows identical to an earlier row, and whether they are in ``accepted`` or were dropped.
        public var repeated: RepeatedTransactionRows
        /// Non-blank rows after the header (accepted + rejected + dropped repeats).
        public var dataRows: Int { accepted.count + rejected.count + repeated.dropped }

        public init(accepted: [Transaction], acceptedLines: [Int], rejected: [TransactionRejection], repeated: RepeatedTransactionRows) {
            self.accepted = accepted
            self.acceptedLines = acceptedLines
            self.rejected = rejected
            self.repeated = repeated
        }
    }

    /// Parses CSV text.
    public static func parse(_ text: String, repeatedRows: RepeatedRowPolicy = .keep) throws(TransactionsCSVError) -> Result {
        var text = text
        return try text.withUTF8 { parseResult(bytes: $0, repeatedRows: repeatedRows) }.get()
    }

    /// Parses CSV bytes (UTF-8).
    public static func parse(data: Data, repeatedRows: RepeatedRowPolicy = .keep) throws(TransactionsCSVError) -> Result {
        let bytes = [UInt8](data)
        return try bytes.withUnsafeBufferPointer { parseResult(bytes: $0, repeatedRows: repeatedRows) }.get()
    }

    /// Reads and parses a file.
    public static func parse(contentsOf url: URL, repeatedRows: RepeatedRowPolicy = .keep) throws(TransactionsCSVError) -> Result {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            var isDirectory: ObjCBool = false
            let exists = FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory)
            let reason = !exists ? "no such file" : isDirectory.boolValue ? "it is a directory"
                : error.localizedDescription.trimmingCharacters(in: CharacterSet(charactersIn: ". "))
            throw .unreadable(path: url.path, reason: reason)
        }
        return try parse(data: data, repeatedRows: repeatedRows)
    }

    /// Reads and parses the file at a path.
    public static func parse(path: String, repeatedRows: RepeatedRowPolicy = .keep) throws(TransactionsCSVError) -> Result {
        try parse(contentsOf: URL(fileURLWithPath: path), repeatedRows: repeatedRows)
    }

    /// `parse(bytes:)` as a value, for use inside non-throwing buffer closures.
    static func parseResult(
        bytes: UnsafeBufferPointer<UInt8>, repeatedRows: RepeatedRowPolicy
    ) -> Swift.Result<Result, TransactionsCSVError> {
        do throws(TransactionsCSVError) {
            return .success(try parse(bytes: bytes, repeatedRows: repeatedRows))
        } catch {
            return .failure(error)
        }
    }

    /// The parser proper: one pass over the bytes, no String per field except the customer id.
    static func parse(
        bytes input: UnsafeBufferPointer<UInt8>, repeatedRows policy: RepeatedRowPolicy
    ) throws(TransactionsCSVError) -> Result {
        var b = input
        // A UTF-8 byte-order mark (Excel writes one) is not part of the first column name.
        if b.count >= 3, b[0] == 0xEF, b[1] == 0xBB, b[2] == 0xBF {
            b = UnsafeBufferPointer(rebasing: b[3...])
        }
        var reader = TransactionsCSVReader(bytes: b)
        var fields: [TransactionsCSVField] = []
        fields.reserveCapacity(8)

        // Header: the first non-blank record.
        var header: [String]?
        while reader.next(into: &fields) != nil {
            if isBlank(fields) { continue }
            header = fields.map { reader.string($0).trimmingCharacters(in: .whitespaces).lowercased() }
            break
        }
        guard let header else { throw .emptyFile }
        var columnIndex: [String: Int] = [:]
        for (i, name) in header.enumerated() where columnIndex[name] == nil { columnIndex[name] = i }
        let missing = requiredColumns.filter { columnIndex[$0] == nil }
        if !missing.isEmpty { throw .missingColumns(missing: missing, found: header) }
        let idIndex = columnIndex["customer_id"]!, dateIndex = columnIndex["date"]!, amountIndex = columnIndex["amount"]!
        let maxRequired = max(idIndex, dateIndex, amountIndex)

        // Room for the shortest plausible rows ("c,2024-01-01,1"): growing a large array by
        // doubling would copy it a dozen times.
        let expectedRows = b.count / 16 + 1
        var accepted: [Transaction] = []
        var acceptedLines: [Int] = []
        var acceptedExtrasHash: [UInt64] = []
        accepted.reserveCapacity(expectedRows)
        acceptedLines.reserveCapacity(expectedRows)
        acceptedExtrasHash.reserveCapacity(expectedRows)
        var rejected: [TransactionRejection] = []
        var repeats: [RepeatedTransactionRow] = []
        // Row hash → index into `accepted` of the first row with that content (repeats are not
        // inserted, so every repeat names the first line).
        var seen = ValueHashIndex(expectedCount: b.count / 32)

        while let record = reader.next(into: &fields) {
            if isBlank(fields) { continue }
            let line = record.line
            func reject(_ reason: TransactionRejection.Reason) {
                rejected.append(TransactionRejection(line: line, reason: reason))
            }
            if record.unterminatedQuote {
                reject(.unterminatedQuote)
                continue
            }
            if fields.count <= maxRequired {
                // Name the first required column (customer_id, date, amount) the short row lacks.
                let absent = requiredColumns.first { columnIndex[$0]! >= fields.count } ?? "amount"
                reject(.missingColumn(absent))
                continue
            }
            // Required fields without surrounding spaces (quoted ones may carry them).
            let idField = reader.trim(fields[idIndex])
            let dateField = reader.trim(fields[dateIndex])
            let amountField = reader.trim(fields[amountIndex])
            if idField.start == idField.end || dateField.start == dateField.end || amountField.start == amountField.end {
                reject(.missingColumn(idField.start == idField.end ? "customer_id" : dateField.start == dateField.end ? "date" : "amount"))
                continue
            }
            guard let date = reader.withBytes(dateField, CalendarDay.parse) else {
                reject(.badDate(reader.string(fields[dateIndex])))
                continue
            }
            let amount: TransactionAmount
            let amountKey: (UInt64, Int)
            switch reader.withBytes(amountField, parseAmount) {
            case .value(let value, let key):
                amount = value
                amountKey = key
            case .negative:
                reject(.negativeAmount(reader.string(fields[amountIndex])))
                continue
            case .notANumber:
                reject(.nonNumericAmount(reader.string(fields[amountIndex])))
                continue
            }

            // Repeat detection hashes the row's content; a hit is then confirmed exactly on
            // customer, date and amount, and on the extra columns through their own hash.
            var extrasHash = ValueHashIndex.mix(seen.seed, UInt64(fields.count))
            for i in fields.indices where i != idIndex && i != dateIndex && i != amountIndex {
                extrasHash = reader.withBytes(fields[i]) { ValueHashIndex.mix(extrasHash, bytes: $0) }
            }
            var rowHash = reader.withBytes(idField) { ValueHashIndex.mix(extrasHash, bytes: $0) }
            rowHash = ValueHashIndex.mix(rowHash, UInt64(bitPattern: Int64(date.dayNumber)))
            rowHash = ValueHashIndex.mix(rowHash, amountKey.0)
            rowHash = ValueHashIndex.finish(ValueHashIndex.mix(rowHash, UInt64(bitPattern: Int64(amountKey.1))))
            let customerID = reader.string(idField)

            if let earlier = seen.find(hash: rowHash, matches: { index in
                let other = accepted[Int(index)]
                return other.customerID == customerID && other.date == date && other.storedAmount == amount
                    && acceptedExtrasHash[Int(index)] == extrasHash
            }) {
                repeats.append(RepeatedTransactionRow(line: line, firstLine: acceptedLines[Int(earlier)]))
                if policy == .drop { continue }
            } else {
                seen.insert(hash: rowHash, value: Int32(accepted.count))
            }
            accepted.append(Transaction(customerID: customerID, date: date, exactAmount: amount))
            acceptedLines.append(line)
            acceptedExtrasHash.append(extrasHash)
        }
        return Result(accepted: accepted, acceptedLines: acceptedLines, rejected: rejected,
                      repeated: RepeatedTransactionRows(rows: repeats, policy: policy))
    }

    private static func isBlank(_ fields: [TransactionsCSVField]) -> Bool {
        fields.count == 1 && fields[0].isBlankUnquoted
    }

    enum AmountParse {
        /// The amount and a canonical (mantissa, exponent) key with trailing zeros removed, so that
        /// 10.5 and 10.50 hash alike.
        case value(TransactionAmount, key: (UInt64, Int))
        case negative
        case notANumber
    }

    /// `[+-]? (digits [. digits?] | . digits)` — exact decimal, no exponent, no separators.
    static func parseAmount(_ b: UnsafeBufferPointer<UInt8>) -> AmountParse {
        var i = 0
        var negative = false
        if i < b.count, b[i] == 0x2B || b[i] == 0x2D {
            negative = b[i] == 0x2D
            i += 1
        }
        var mantissa: UInt64 = 0
        var exponent = 0
        var pendingZeros = 0
        var digits = 0
        var seenPoint = false
        var overflow = false
        let limit = (UInt64.max - 9) / 10
        while i < b.count {
            let c = b[i]
            i += 1
            if c == 0x2E {
                if seenPoint { return .notANumber }
                seenPoint = true
                continue
            }
            guard c >= 0x30, c <= 0x39 else { return .notANumber }
            digits += 1
            if seenPoint { exponent -= 1 }
            if c == 0x30 {
                // Zeros count only once a non-zero digit follows them.
                if mantissa != 0 { pendingZeros += 1 }
                continue
            }
            while pendingZeros > 0 {
                if mantissa > limit { overflow = true }
                mantissa = mantissa &* 10
                pendingZeros -= 1
            }
            if mantissa > limit { overflow = true }
            mantissa = mantissa &* 10 &+ UInt64(c - 0x30)
        }
        guard digits > 0 else { return .notANumber }
        exponent += pendingZeros
        if mantissa == 0 { return .value(.zero, key: (0, 0)) }
        if negative { return .negative }
        if overflow {
            // More significant digits than a UInt64 holds: rare enough for Foundation's slower parser.
            let text = String(decoding: UnsafeBufferPointer(rebasing: b[(b[0] == 0x2B ? 1 : 0)...]), as: UTF8.self)
            guard let parsed = Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")) else { return .notANumber }
            return .value(TransactionAmount(parsed), key: (UInt64(truncatingIfNeeded: parsed.hashValue), Int.min))
        }
        return .value(TransactionAmount(mantissa: mantissa, exponent: exponent), key: (mantissa, exponent))
    }
}

// MARK: - Record reader

/// Where a field's bytes are: in the input, or (for quoted fields with `""` escapes) in a scratch buffer.
struct TransactionsCSVField {
    var start: Int
    var end: Int
    var inScratch: Bool
    var quoted: Bool

    var isBlankUnquoted: Bool { !quoted && start == end }
}

/// Splits bytes into RFC 4180 records, tracking physical line numbers.
struct TransactionsCSVReader {
    let b: UnsafeBufferPointer<UInt8>
    var i = 0
    /// Physical line number of the next record's first byte.
    var line = 1
    var scratch: [UInt8] = []

    init(bytes: UnsafeBufferPointer<UInt8>) { self.b = bytes }

    struct Record {
        var line: Int
        var unterminatedQuote: Bool
    }

    /// Reads the next record's fields into `fields`, or returns `nil` at the end of input.
    mutating func next(into fields: inout [TransactionsCSVField]) -> Record? {
        guard i < b.count else { return nil }
        fields.removeAll(keepingCapacity: true)
        scratch.removeAll(keepingCapacity: true)
        let recordLine = line
        let n = b.count
        while true {
            // Leading spaces before a quote are tolerated; for unquoted fields they are trimmed later.
            var j = i
            while j < n, b[j] == 0x20 || b[j] == 0x09 { j += 1 }
            if j < n, b[j] == 0x22 {
                // Quoted field. Bytes are referenced in place unless a `""` escape forces a copy.
                var k = j + 1
                let contentStart = k
                var segmentStart = k
                var scratchStart = -1
                var closed = false
                while k < n {
                    let c = b[k]
                    if c == 0x22 {
                        if k + 1 < n, b[k + 1] == 0x22 {
                            if scratchStart < 0 { scratchStart = scratch.count }
                            scratch.append(contentsOf: UnsafeBufferPointer(rebasing: b[segmentStart..<k]))
                            scratch.append(0x22)
                            k += 2
                            segmentStart = k
                            continue
                        }
                        closed = true
                        break
                    }
                    if c == 0x0A || (c == 0x0D && !(k + 1 < n && b[k + 1] == 0x0A)) { line += 1 }
                    k += 1
                }
                if !closed {
                    i = n
                    return Record(line: recordLine, unterminatedQuote: true)
                }
                let field: TransactionsCSVField
                if scratchStart >= 0 {
                    scratch.append(contentsOf: UnsafeBufferPointer(rebasing: b[segmentStart..<k]))
                    field = TransactionsCSVField(start: scratchStart, end: scratch.count, inScratch: true, quoted: true)
                } else {
                    field = TransactionsCSVField(start: contentStart, end: k, inScratch: false, quoted: true)
                }
                fields.append(field)
                // Skip anything between the closing quote and the separator (lenient, like most readers).
                k += 1
                while k < n, b[k] != 0x2C, b[k] != 0x0A, b[k] != 0x0D { k += 1 }
                j = k
            } else {
                var k = j
                while k < n, b[k] != 0x2C, b[k] != 0x0A, b[k] != 0x0D { k += 1 }
                var end = k
                while end > j, b[end - 1] == 0x20 || b[end - 1] == 0x09 { end -= 1 }
                fields.append(TransactionsCSVField(start: j, end: end, inScratch: false, quoted: false))
                j = k
            }
            if j >= n {
                i = n
                return Record(line: recordLine, unterminatedQuote: false)
            }
            if b[j] == 0x2C {
                i = j + 1
                continue
            }
            // End of line: LF, CRLF or a lone CR.
            if b[j] == 0x0D, j + 1 < n, b[j + 1] == 0x0A { j += 1 }
            i = j + 1
            line += 1
            return Record(line: recordLine, unterminatedQuote: false)
        }
    }

    func withBytes<T>(_ f: TransactionsCSVField, _ body: (UnsafeBufferPointer<UInt8>) -> T) -> T {
        if f.inScratch {
            return scratch.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[f.start..<f.end])) }
        }
        return body(UnsafeBufferPointer(rebasing: b[f.start..<f.end]))
    }

    func string(_ f: TransactionsCSVField) -> String {
        withBytes(f) { String(decoding: $0, as: UTF8.self) }
    }

    /// The field without leading and trailing spaces and tabs.
    @inline(__always)
    func trim(_ f: TransactionsCSVField) -> TransactionsCSVField {
        if !f.quoted {
            // The reader already trimmed unquoted fields.
            return f
        }
        return withBytes(f) { bytes in
            var lo = 0, hi = bytes.count
            while lo < hi, bytes[lo] == 0x20 || bytes[lo] == 0x09 { lo += 1 }
            while hi > lo, bytes[hi - 1] == 0x20 || bytes[hi - 1] == 0x09 { hi -= 1 }
            var trimmed = f
            trimmed.start = f.start + lo
            trimmed.end = f.start + hi
            return trimmed
        }
    }
}
