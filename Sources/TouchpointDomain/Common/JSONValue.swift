import Foundation

/// A JSON value as it arrived, kept loss-free so a message can be stored and replayed exactly.
public enum JSONValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    public subscript(key: String) -> JSONValue? {
        if case .object(let fields) = self { return fields[key] }
        return nil
    }

    public var stringValue: String? {
        if case .string(let text) = self { return text }
        return nil
    }

    public var objectValue: [String: JSONValue]? {
        if case .object(let fields) = self { return fields }
        return nil
    }

    public var arrayValue: [JSONValue]? {
        if case .array(let items) = self { return items }
        return nil
    }

    public var doubleValue: Double? {
        switch self {
        case .number(let number): return number
        case .string(let text): return Double(text)
        default: return nil
        }
    }

    /// A whole number that JSON's doubles carry exactly (|n| ≤ 2^53), from a number or a numeric string;
    /// nil for fractions, NaN, infinities and anything larger, so converting outside input can never trap.
    public var integerValue: Int64? {
        guard let number = doubleValue, let exact = Int64(exactly: number), exact.magnitude <= Self.largestExactInteger else { return nil }
        return exact
    }

    /// The largest integer a JSON number (an IEEE double) holds exactly: 2^53.
    public static let largestExactInteger: UInt64 = 1 << 53

    /// An identifier sent as a JSON number (`"userId": 42`), kept as its decimal text as the Segment libraries do;
    /// nil when it is not a whole number that JSON carries exactly.
    public var integerIdentifierText: String? {
        guard case .number = self, let exact = integerValue else { return nil }
        return String(exact)
    }

    public var isNull: Bool {
        if case .null = self { return true }
        return false
    }

    /// The JSON type name, used in error messages ("expected a string, got number").
    public var typeName: String {
        switch self {
        case .null: return "null"
        case .bool: return "boolean"
        case .number: return "number"
        case .string: return "string"
        case .array: return "array"
        case .object: return "object"
        }
    }
}

extension JSONValue: Codable {
    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let bool = try? container.decode(Bool.self) {
            self = .bool(bool)
        } else if let number = try? container.decode(Double.self) {
            self = .number(number)
        } else if let text = try? container.decode(String.self) {
            self = .string(text)
        } else if let items = try? container.decode([JSONValue].self) {
            self = .array(items)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let bool): try container.encode(bool)
        case .number(let number):
            if number.rounded() == number, abs(number) < 9.0e15 {
                try container.encode(Int64(number))
            } else {
                try container.encode(number)
            }
        case .string(let text): try container.encode(text)
        case .array(let items): try container.encode(items)
        case .object(let fields): try container.encode(fields)
        }
    }
}

extension JSONValue {
    /// Compact JSON text, keys sorted so equal values always give equal text.
    public func jsonText() -> String { JSONCodec.serialize(self) }

    /// Parses JSON text; nil when it is not valid JSON.
    public static func parse(_ text: String) -> JSONValue? { try? JSONCodec.parse(text.utf8) }
}
