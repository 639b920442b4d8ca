import Foundation

/// A test of one field of an event, such as `score <= 6` or `context.campaign exists`.
///
/// The path is dotted. It starts at `properties` unless its first segment is `context` or `properties`,
/// so `score`, `properties.score` and `context.campaign.medium` all read what a Segment message would carry.
/// A numeric segment indexes an array (`products.0.price`).
///
/// In rule files a condition is written either as an object `{"path": "score", "op": "<=", "value": 6}` or,
/// more readably, as the same thing in one string: `"score <= 6"`, `"survey_type in [\"csat\",\"ces\"]"`,
/// `"context.campaign exists"`. The value after the operator is read as JSON, and as a plain string when it
/// is not JSON (`outcome == escalated`).
public struct PropertyCondition: Sendable, Equatable, Codable, CustomStringConvertible {
    /// How the field is compared with `value`.
    public enum Operator: String, Sendable, Codable, CaseIterable {
        /// Equal: numbers numerically (a numeric string counts), strings ignoring case, anything else exactly.
        case equals = "=="
        /// Not equal; also true when the field is missing.
        case notEquals = "!="
        case lessThan = "<"
        case lessThanOrEqual = "<="
        case greaterThan = ">"
        case greaterThanOrEqual = ">="
        /// Equal to one element of the array `value`.
        case oneOf = "in"
        /// Equal to none of the elements of the array `value`; also true when the field is missing.
        case noneOf = "notIn"
        /// Present and not null.
        case exists = "exists"
        /// Absent or null.
        case missing = "missing"

        /// Numeric comparisons: false when either side is not a number.
        var isComparison: Bool { [.lessThan, .lessThanOrEqual, .greaterThan, .greaterThanOrEqual].contains(self) }
        var takesValue: Bool { self != .exists && self != .missing }
    }

    public var path: String
    public var op: Operator
    /// The operand; nil for `exists` and `missing`.
    public var value: JSONValue?

    public init(_ path: String, _ op: Operator, _ value: JSONValue? = nil) {
        self.path = path
        self.op = op
        self.value = value
    }

    /// Reads the one-string form, e.g. `score <= 6`.
    public init(parsing text: String) throws(StageRuleError) {
        let scalars = Array(text.trimmingCharacters(in: .whitespaces).unicodeScalars)
        let symbolCharacters = Set("<>=!".unicodeScalars)
        var index = 0
        var path = String.UnicodeScalarView()
        while index < scalars.count, !scalars[index].properties.isWhitespace, !symbolCharacters.contains(scalars[index]) {
            path.append(scalars[index])
            index += 1
        }
        while index < scalars.count, scalars[index].properties.isWhitespace { index += 1 }
        var opText = String.UnicodeScalarView()
        if index < scalars.count, symbolCharacters.contains(scalars[index]) {
            while index < scalars.count, symbolCharacters.contains(scalars[index]) {
                opText.append(scalars[index])
                index += 1
            }
        } else {
            while index < scalars.count, !scalars[index].properties.isWhitespace {
                opText.append(scalars[index])
                index += 1
            }
        }
        let rest = String(String.UnicodeScalarView(scalars[index...])).trimmingCharacters(in: .whitespaces)
        let pathText = String(path)
        guard !pathText.isEmpty else { throw StageRuleError("condition \"\(text)\": no field path") }
        // `=` is what people type in a hurry; it can only mean equality here.
        let opString = String(opText) == "=" ? "==" : String(opText)
        guard let op = Operator(rawValue: opString) else {
            throw StageRuleError("condition \"\(text)\": unknown operator \"\(opString)\" (use ==, !=, <, <=, >, >=, in, notIn, exists, missing)")
        }
        var value: JSONValue?
        if op.takesValue {
            guard !rest.isEmpty else { throw StageRuleError("condition \"\(text)\": \(op.rawValue) needs a value") }
            value = JSONValue.parse(rest) ?? .string(rest)
        } else if !rest.isEmpty {
            throw StageRuleError("condition \"\(text)\": \(op.rawValue) takes no value")
        }
        self.init(pathText, op, value)
    }

    /// The one-string form.
    public var description: String {
        var text = "\(path) \(op.rawValue)"
        if let value { text += " " + value.jsonText() }
        return text
    }

    /// Problems that make the condition unusable, for rule-set validation.
    var problems: [String] {
        var found = [String]()
        if path.isEmpty || path.split(separator: ".", omittingEmptySubsequences: false).contains(where: \.isEmpty) {
            found.append("condition \"\(description)\": the path must be dotted names")
        }
        switch op {
        case .exists, .missing:
            if value != nil { found.append("condition \"\(description)\": \(op.rawValue) takes no value") }
        case .oneOf, .noneOf:
            if value?.arrayValue == nil { found.append("condition \"\(description)\": \(op.rawValue) needs an array") }
        case .lessThan, .lessThanOrEqual, .greaterThan, .greaterThanOrEqual:
            if value?.doubleValue == nil { found.append("condition \"\(description)\": \(op.rawValue) needs a number") }
        case .equals, .notEquals:
            if value == nil { found.append("condition \"\(description)\": \(op.rawValue) needs a value") }
        }
        return found
    }

    // MARK: Evaluation

    /// Whether the event's field satisfies the condition.
    public func holds(for event: LifecycleEvent) -> Bool {
        CompiledCondition(self).holds(for: event)
    }

    // MARK: Codable

    private enum CodingKeys: String, CodingKey { case path, op, value }

    public init(from decoder: Decoder) throws {
        if let text = try? decoder.singleValueContainer().decode(String.self) {
            do {
                self = try PropertyCondition(parsing: text)
            } catch {
                throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: error.description))
            }
            return
        }
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.path = try container.decode(String.self, forKey: .path)
        let opText = try container.decode(String.self, forKey: .op)
        guard let op = Operator(rawValue: opText == "=" ? "==" : opText) else {
            throw DecodingError.dataCorruptedError(forKey: .op, in: container, debugDescription: "unknown operator \"\(opText)\"")
        }
        self.op = op
        self.value = try container.decodeIfPresent(JSONValue.self, forKey: .value)
    }

    /// Written as the one-string form whenever that reads back to the same condition, which is almost always.
    public func encode(to encoder: Encoder) throws {
        if let reread = try? PropertyCondition(parsing: description), reread == self {
            var container = encoder.singleValueContainer()
            try container.encode(description)
        } else {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(path, forKey: .path)
            try container.encode(op.rawValue, forKey: .op)
            try container.encodeIfPresent(value, forKey: .value)
        }
    }
}

/// A condition prepared for the hot path: the path split once, the operand's number read once.
struct CompiledCondition: Sendable {
    private enum Root: Sendable { case properties, context }
    private let root: Root
    private let segments: [String]
    private let op: PropertyCondition.Operator
    private let value: JSONValue?
    private let number: Double?
    private let options: [JSONValue]

    init(_ condition: PropertyCondition) {
        var segments = condition.path.split(separator: ".").map(String.init)
        if segments.first == "context" {
            root = .context
            segments.removeFirst()
        } else {
            root = .properties
            if segments.first == "properties" { segments.removeFirst() }
        }
        self.segments = segments
        self.op = condition.op
        self.value = condition.value
        self.number = condition.value?.doubleValue
        self.options = condition.value?.arrayValue ?? []
    }

    func holds(for event: LifecycleEvent) -> Bool {
        let field = lookup(in: root == .context ? event.context : event.properties)
        switch op {
        case .exists: return field.map { !$0.isNull } ?? false
        case .missing: return field.map(\.isNull) ?? true
        case .equals: return field.map { Self.equal($0, value) } ?? false
        case .notEquals: return !(field.map { Self.equal($0, value) } ?? false)
        case .oneOf: return field.map { actual in options.contains { Self.equal(actual, $0) } } ?? false
        case .noneOf: return !(field.map { actual in options.contains { Self.equal(actual, $0) } } ?? false)
        case .lessThan, .lessThanOrEqual, .greaterThan, .greaterThanOrEqual:
            guard let actual = field?.doubleValue, let bound = number else { return false }
            switch op {
            case .lessThan: return actual < bound
            case .lessThanOrEqual: return actual <= bound
            case .greaterThan: return actual > bound
            default: return actual >= bound
            }
        }
    }

    private func lookup(in fields: [String: JSONValue]) -> JSONValue? {
        // An empty path ("context" alone) means the whole object.
        guard let first = segments.first else { return .object(fields) }
        var current = fields[first]
        for segment in segments.dropFirst() {
            guard let value = current else { return nil }
            switch value {
            case .object(let object): current = object[segment]
            case .array(let items):
                guard let position = Int(segment), items.indices.contains(position) else { return nil }
                current = items[position]
            default: return nil
            }
        }
        return current
    }

    /// Data from many systems disagrees on `6` vs `"6"` and `"NPS"` vs `"nps"`; rules should not care.
    static func equal(_ actual: JSONValue, _ expected: JSONValue?) -> Bool {
        guard let expected else { return false }
        switch expected {
        case .number(let number):
            return actual.doubleValue == number
        case .string(let text):
            if case .string(let other) = actual { return equalIgnoringCase(other, text) }
            if case .number(let number) = actual, let parsed = Double(text) { return number == parsed }
            if case .bool(let flag) = actual { return text.lowercased() == (flag ? "true" : "false") }
            return false
        default:
            return actual == expected
        }
    }

    /// Strings equal ignoring case: bytes when both are ASCII (nearly every property value and trait), Foundation's
    /// comparison otherwise. Segments compare thousands of values a second, and Foundation's is a hundred times slower.
    static func equalIgnoringCase(_ left: String, _ right: String) -> Bool {
        var leftBytes = left.utf8.makeIterator(), rightBytes = right.utf8.makeIterator()
        while true {
            switch (leftBytes.next(), rightBytes.next()) {
            case (nil, nil): return true
            case (let a?, let b?):
                if a >= 0x80 || b >= 0x80 { return left.caseInsensitiveCompare(right) == .orderedSame }
                if a == b { continue }
                let lowerA = a >= 0x41 && a <= 0x5A ? a + 0x20 : a, lowerB = b >= 0x41 && b <= 0x5A ? b + 0x20 : b
                if lowerA != lowerB { return false }
            default:
                // One ended first: unequal, unless a non-ASCII rest could fold to the same (ß and SS).
                return left.utf8.contains { $0 >= 0x80 } || right.utf8.contains { $0 >= 0x80 } ? left.caseInsensitiveCompare(right) == .orderedSame : false
            }
        }
    }
}
