import Foundation

/// Why a JSON text could not be read, with the byte offset so a client can find the fault.
public struct JSONSyntaxError: Error, Sendable, Equatable, CustomStringConvertible {
    public let offset: Int
    public let reason: String
    public var description: String { "\(reason) at byte \(offset)" }

    public init(offset: Int, reason: String) {
        self.offset = offset
        self.reason = reason
    }
}

/// A strict, allocation-light JSON reader and writer for the ingestion hot path.
///
/// Foundation's coders are general and reflective; events arrive by the tens of thousands a second,
/// so the collection path reads bytes straight into `JSONValue` and writes them back the same way.
public enum JSONCodec {
    /// Nesting deeper than this is refused: it protects the stack from hostile input.
    public static let maximumDepth = 64

    public static func parse<Bytes: Collection>(_ bytes: Bytes) throws(JSONSyntaxError) -> JSONValue where Bytes.Element == UInt8 {
        let buffer = Array(bytes)
        var reader = Reader(bytes: buffer)
        reader.skipWhitespace()
        let value = try reader.readValue(depth: 0)
        reader.skipWhitespace()
        guard reader.index == buffer.count else { throw reader.fail("unexpected text after the JSON value") }
        return value
    }

    /// The value of one key of a JSON object, the other members skipped without being built: a stored event's
    /// `properties` without its `context`, which is most of a real payload. Nil when the text is not an object or the
    /// key is missing; a fault inside a skipped member is not looked for.
    public static func member<Bytes: Collection>(_ key: String, ofObject bytes: Bytes) -> JSONValue? where Bytes.Element == UInt8 {
        var reader = Reader(bytes: Array(bytes))
        reader.skipWhitespace()
        guard reader.index < reader.bytes.count, reader.bytes[reader.index] == 123 else { return nil }
        reader.index += 1
        while true {
            reader.skipWhitespace()
            guard reader.index < reader.bytes.count, reader.bytes[reader.index] == 34, let name = try? reader.readString() else { return nil }
            reader.skipWhitespace()
            guard reader.index < reader.bytes.count, reader.bytes[reader.index] == 58 else { return nil }
            reader.index += 1
            reader.skipWhitespace()
            if name == key { return try? reader.readValue(depth: 1) }
            guard reader.skipValue() else { return nil }
            reader.skipWhitespace()
            guard reader.index < reader.bytes.count, reader.bytes[reader.index] == 44 else { return nil }
            reader.index += 1
        }
    }

    /// Compact JSON text of a value. Object keys keep a stable (sorted) order.
    public static func serialize(_ value: JSONValue) -> String {
        var output = [UInt8]()
        output.reserveCapacity(256)
        write(value, into: &output)
        return String(decoding: output, as: UTF8.self)
    }

    /// The length in bytes of `serialize(value)`, without building it.
    public static func encodedSize(_ value: JSONValue) -> Int {
        switch value {
        case .null: return 4
        case .bool(let flag): return flag ? 4 : 5
        case .number:
            var output = [UInt8]()
            write(value, into: &output)
            return output.count
        case .string(let text): return stringSize(text)
        case .array(let items): return 2 + max(0, items.count - 1) + items.reduce(0) { $0 + encodedSize($1) }
        case .object(let fields):
            return 2 + max(0, fields.count - 1) + fields.reduce(0) { $0 + stringSize($1.key) + 1 + encodedSize($1.value) }
        }
    }

    private static func stringSize(_ text: String) -> Int {
        var size = 2
        for byte in text.utf8 {
            switch byte {
            case 34, 92, 10, 13, 9: size += 2
            case 0..<32: size += 6
            default: size += 1
            }
        }
        return size
    }

    public static func write(_ value: JSONValue, into output: inout [UInt8]) {
        switch value {
        case .null: output.append(contentsOf: [110, 117, 108, 108])
        case .bool(let flag): output.append(contentsOf: flag ? trueBytes : falseBytes)
        case .number(let number): writeNumber(number, into: &output)
        case .string(let text): writeString(text, into: &output)
        case .array(let items):
            output.append(91)
            for (index, item) in items.enumerated() {
                if index > 0 { output.append(44) }
                write(item, into: &output)
            }
            output.append(93)
        case .object(let fields):
            output.append(123)
            // The pairs sorted together: sorting the keys alone meant looking each value up again.
            for (index, field) in fields.sorted(by: { $0.key < $1.key }).enumerated() {
                if index > 0 { output.append(44) }
                writeString(field.key, into: &output)
                output.append(58)
                write(field.value, into: &output)
            }
            output.append(125)
        }
    }

    private static func writeNumber(_ number: Double, into output: inout [UInt8]) {
        guard number.isFinite else { output.append(contentsOf: [110, 117, 108, 108]); return }
        if number.rounded() == number, abs(number) < 9.0e15 {
            output.append(contentsOf: String(Int64(number)).utf8)
        } else {
            output.append(contentsOf: "\(number)".utf8)
        }
    }

    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

    private static let trueBytes: [UInt8] = Array("true".utf8)
    private static let falseBytes: [UInt8] = Array("false".utf8)

    private static func writeString(_ text: String, into output: inout [UInt8]) {
        output.append(34)
        // Most strings need no escaping: copied whole.
        let plain = text.utf8.withContiguousStorageIfAvailable { bytes -> Bool in
            guard !bytes.contains(where: { $0 < 32 || $0 == 34 || $0 == 92 }) else { return false }
            output.append(contentsOf: bytes)
            return true
        }
        if plain == true {
            output.append(34)
            return
        }
        for byte in text.utf8 {
            switch byte {
            case 34: output.append(contentsOf: [92, 34])
            case 92: output.append(contentsOf: [92, 92])
            case 10: output.append(contentsOf: [92, 110])
            case 13: output.append(contentsOf: [92, 114])
            case 9: output.append(contentsOf: [92, 116])
            case 0..<32:
                output.append(contentsOf: [92, 117, 48, 48])
                output.append(hexDigits[Int(byte >> 4)])
                output.append(hexDigits[Int(byte & 0x0F)])
            default: output.append(byte)
            }
        }
        output.append(34)
    }

    private struct Reader {
        let bytes: [UInt8]
        var index = 0

        init(bytes: [UInt8]) { self.bytes = bytes }

        func fail(_ reason: String) -> JSONSyntaxError { JSONSyntaxError(offset: index, reason: reason) }

        mutating func skipWhitespace() {
            while index < bytes.count {
                switch bytes[index] {
                case 32, 9, 10, 13: index += 1
                default: return
                }
            }
        }

        mutating func readValue(depth: Int) throws(JSONSyntaxError) -> JSONValue {
            guard depth < JSONCodec.maximumDepth else { throw fail("JSON nested deeper than \(JSONCodec.maximumDepth) levels") }
            guard index < bytes.count else { throw fail("unexpected end of JSON") }
            switch bytes[index] {
            case 123: return try readObject(depth: depth)
            case 91: return try readArray(depth: depth)
            case 34: return .string(try readString())
            case 116: try expectLiteral("true"); return .bool(true)
            case 102: try expectLiteral("false"); return .bool(false)
            case 110: try expectLiteral("null"); return .null
            case 45, 48...57: return .number(try readNumber())
            default: throw fail("unexpected character '\(Character(Unicode.Scalar(bytes[index])))'")
            }
        }

        /// Moves past one value without building it; false at a fault found on the way (an unterminated string or
        /// nesting, an unexpected end).
        mutating func skipValue() -> Bool {
            var depth = 0
            repeat {
                guard index < bytes.count else { return false }
                switch bytes[index] {
                case 34:
                    index += 1
                    while index < bytes.count, bytes[index] != 34 { index += bytes[index] == 92 ? 2 : 1 }
                    guard index < bytes.count else { return false }
                    index += 1
                case 123, 91:
                    depth += 1
                    index += 1
                case 125, 93:
                    guard depth > 0 else { return false }
                    depth -= 1
                    index += 1
                default:
                    // A number, a literal, or the separators and spaces inside an object or array being skipped.
                    let start = index
                    scalar: while index < bytes.count {
                        switch bytes[index] {
                        case 34, 123, 91, 125, 93: break scalar
                        case 44, 32, 9, 10, 13:
                            // Separators end a value at the top; inside an object or array they are skipped.
                            if depth == 0 { break scalar }
                            index += 1
                        default: index += 1
                        }
                    }
                    if index == start { return false }
                }
            } while depth > 0
            return true
        }

        mutating func expectLiteral(_ literal: StaticString) throws(JSONSyntaxError) {
            let count = literal.utf8CodeUnitCount
            guard index + count <= bytes.count else { throw fail("unexpected end of JSON") }
            let pointer = literal.utf8Start
            for offset in 0..<count where bytes[index + offset] != pointer[offset] {
                throw fail("invalid literal")
            }
            index += count
        }

        mutating func readObject(depth: Int) throws(JSONSyntaxError) -> JSONValue {
            index += 1
            var fields = [String: JSONValue]()
            skipWhitespace()
            if index < bytes.count, bytes[index] == 125 { index += 1; return .object(fields) }
            while true {
                skipWhitespace()
                guard index < bytes.count, bytes[index] == 34 else { throw fail("expected a quoted object key") }
                let key = try readString()
                skipWhitespace()
                guard index < bytes.count, bytes[index] == 58 else { throw fail("expected ':' after an object key") }
                index += 1
                skipWhitespace()
                fields[key] = try readValue(depth: depth + 1)
                skipWhitespace()
                guard index < bytes.count else { throw fail("unexpected end of JSON inside an object") }
                if bytes[index] == 44 { index += 1; continue }
                if bytes[index] == 125 { index += 1; return .object(fields) }
                throw fail("expected ',' or '}' in an object")
            }
        }

        mutating func readArray(depth: Int) throws(JSONSyntaxError) -> JSONValue {
            index += 1
            var items = [JSONValue]()
            skipWhitespace()
            if index < bytes.count, bytes[index] == 93 { index += 1; return .array(items) }
            while true {
                skipWhitespace()
                items.append(try readValue(depth: depth + 1))
                skipWhitespace()
                guard index < bytes.count else { throw fail("unexpected end of JSON inside an array") }
                if bytes[index] == 44 { index += 1; continue }
                if bytes[index] == 93 { index += 1; return .array(items) }
                throw fail("expected ',' or ']' in an array")
            }
        }

        mutating func readString() throws(JSONSyntaxError) -> String {
            index += 1
            let start = index
            // Fast path: no escapes, validated as UTF-8 in one go.
            while index < bytes.count {
                let byte = bytes[index]
                if byte == 34 {
                    let slice = bytes[start..<index]
                    index += 1
                    guard let text = String(validating: slice, as: UTF8.self) else {
                        index = start
                        throw fail("invalid UTF-8 in a string")
                    }
                    return text
                }
                if byte == 92 { break }
                if byte < 32 { throw fail("control character in a string") }
                index += 1
            }
            var scratch = [UInt8](bytes[start..<index])
            while index < bytes.count {
                let byte = bytes[index]
                if byte == 34 {
                    index += 1
                    guard let text = String(validating: scratch, as: UTF8.self) else { throw fail("invalid UTF-8 in a string") }
                    return text
                }
                if byte < 32 { throw fail("control character in a string") }
                if byte != 92 { scratch.append(byte); index += 1; continue }
                index += 1
                guard index < bytes.count else { break }
                let escape = bytes[index]
                index += 1
                switch escape {
                case 34: scratch.append(34)
                case 92: scratch.append(92)
                case 47: scratch.append(47)
                case 98: scratch.append(8)
                case 102: scratch.append(12)
                case 110: scratch.append(10)
                case 114: scratch.append(13)
                case 116: scratch.append(9)
                case 117:
                    var scalar = try readHex4()
                    if (0xD800..<0xDC00).contains(scalar) {
                        guard index + 1 < bytes.count, bytes[index] == 92, bytes[index + 1] == 117 else { throw fail("unpaired surrogate in a string") }
                        index += 2
                        let low = try readHex4()
                        guard (0xDC00..<0xE000).contains(low) else { throw fail("unpaired surrogate in a string") }
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    } else if (0xDC00..<0xE000).contains(scalar) {
                        throw fail("unpaired surrogate in a string")
                    }
                    guard let unicode = Unicode.Scalar(scalar) else { throw fail("invalid \\u escape") }
                    scratch.append(contentsOf: Array(String(Character(unicode)).utf8))
                default: throw fail("invalid escape in a string")
                }
            }
            throw fail("unterminated string")
        }

        mutating func readHex4() throws(JSONSyntaxError) -> UInt32 {
            guard index + 4 <= bytes.count else { throw fail("truncated \\u escape") }
            var value: UInt32 = 0
            for _ in 0..<4 {
                let byte = bytes[index]
                let digit: UInt32
                switch byte {
                case 48...57: digit = UInt32(byte - 48)
                case 97...102: digit = UInt32(byte - 87)
                case 65...70: digit = UInt32(byte - 55)
                default: throw fail("invalid \\u escape")
                }
                value = value * 16 + digit
                index += 1
            }
            return value
        }

        mutating func readNumber() throws(JSONSyntaxError) -> Double {
            let start = index
            if bytes[index] == 45 { index += 1 }
            guard index < bytes.count, (48...57).contains(bytes[index]) else { throw fail("invalid number") }
            if bytes[index] == 48 {
                index += 1
            } else {
                while index < bytes.count, (48...57).contains(bytes[index]) { index += 1 }
            }
            if index < bytes.count, bytes[index] == 46 {
                index += 1
                guard index < bytes.count, (48...57).contains(bytes[index]) else { throw fail("invalid number") }
                while index < bytes.count, (48...57).contains(bytes[index]) { index += 1 }
            }
            if index < bytes.count, bytes[index] == 101 || bytes[index] == 69 {
                index += 1
                if index < bytes.count, bytes[index] == 43 || bytes[index] == 45 { index += 1 }
                guard index < bytes.count, (48...57).contains(bytes[index]) else { throw fail("invalid number") }
                while index < bytes.count, (48...57).contains(bytes[index]) { index += 1 }
            }
            let text = String(decoding: bytes[start..<index], as: UTF8.self)
            guard let number = Double(text), number.isFinite else { throw fail("number out of range") }
            return number
        }
    }
}
