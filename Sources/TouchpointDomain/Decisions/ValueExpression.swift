import Foundation
import Tagged

/// A tiny arithmetic expression for an action's business value over the person's `clv` and `margin`:
/// numbers, those two names, `+ - * /`, unary minus and parentheses — `0.1 * clv + 20`, `(margin - 5) / 2`.
///
/// A hand-written recursive-descent parser rather than `NSExpression`, which would evaluate key paths and function
/// calls from text an API client sent; here nothing but arithmetic can be written. The text is kept even when it
/// does not parse, so an action's validation reports the expression's error together with every other problem.
public struct ValueExpression: Sendable, Equatable, Codable, CustomStringConvertible {
    /// The text as written.
    public let source: String
    let parsed: Result<ValueNode, ValueExpressionError>

    public init(_ source: String) {
        self.source = source
        do {
            parsed = .success(try ValueExpressionParser.parse(source))
        } catch {
            parsed = .failure(error)
        }
    }

    /// Parses, throwing the first error found.
    public static func parse(_ text: String) throws(ValueExpressionError) -> ValueExpression {
        let expression = ValueExpression(text)
        if let error = expression.error { throw error }
        return expression
    }

    /// Why the text does not parse; nil when it does.
    public var error: ValueExpressionError? {
        if case .failure(let error) = parsed { return error }
        return nil
    }

    /// The value for one person; nil when the text does not parse. May be infinite or NaN (a division by zero):
    /// callers decide what such a value is worth.
    public func evaluate(clv: Double, margin: Double) -> Double? {
        guard case .success(let node) = parsed else { return nil }
        return node.evaluate(clv: clv, margin: margin)
    }

    public var description: String { source }

    /// The parse follows from the text, so the text alone decides equality.
    public static func == (lhs: ValueExpression, rhs: ValueExpression) -> Bool { lhs.source == rhs.source }

    public init(from decoder: Decoder) throws {
        self.init(try decoder.singleValueContainer().decode(String.self))
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(source)
    }
}

/// Why a value expression does not parse. Columns count characters from 1.
public enum ValueExpressionError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Nothing but spaces.
    case empty
    case tooLong(limit: Int)
    /// A character that is no part of the language (`%`, `^`, `$`, …).
    case unexpectedCharacter(String, column: Int)
    /// A name other than `clv` and `margin`.
    case unknownName(String, column: Int)
    /// Digits and dots that are not a number (`1.2.3`).
    case malformedNumber(String, column: Int)
    /// An operator or a parenthesis where a number, a name or `(` should be (`1 +`, `* 2`, `()`).
    case missingOperand(column: Int)
    /// Two operands side by side (`2 clv`, `(1)(2)`).
    case missingOperator(column: Int)
    /// A `(` never closed; the column is the `(`'s.
    case unclosedParenthesis(column: Int)
    /// A `)` with no `(` before it.
    case unmatchedClosingParenthesis(column: Int)
    /// Parentheses and unary signs nested deeper than the limit: no real formula needs it, and it bounds recursion.
    case tooDeeplyNested(limit: Int)

    /// A stable name, for API error bodies and tests.
    public var code: String {
        switch self {
        case .empty: "empty"
        case .tooLong: "too_long"
        case .unexpectedCharacter: "unexpected_character"
        case .unknownName: "unknown_name"
        case .malformedNumber: "malformed_number"
        case .missingOperand: "missing_operand"
        case .missingOperator: "missing_operator"
        case .unclosedParenthesis: "unclosed_parenthesis"
        case .unmatchedClosingParenthesis: "unmatched_closing_parenthesis"
        case .tooDeeplyNested: "too_deeply_nested"
        }
    }

    public var description: String {
        switch self {
        case .empty: "the expression is empty"
        case .tooLong(let limit): "the expression is longer than \(limit) characters"
        case .unexpectedCharacter(let text, let column): "unexpected \"\(text)\" at column \(column) (use numbers, clv, margin, + - * / and parentheses)"
        case .unknownName(let name, let column): "unknown name \"\(name)\" at column \(column) (only clv and margin)"
        case .malformedNumber(let text, let column): "\"\(text)\" at column \(column) is not a number"
        case .missingOperand(let column): "a number, clv, margin or \"(\" is missing at column \(column)"
        case .missingOperator(let column): "an operator (+ - * /) is missing at column \(column)"
        case .unclosedParenthesis(let column): "the \"(\" at column \(column) is never closed"
        case .unmatchedClosingParenthesis(let column): "the \")\" at column \(column) has no \"(\""
        case .tooDeeplyNested(let limit): "nested deeper than \(limit) levels"
        }
    }
}

/// The parsed form: a tree evaluated per person.
indirect enum ValueNode: Sendable, Equatable {
    case number(Double)
    case clv
    case margin
    case negate(ValueNode)
    case add(ValueNode, ValueNode)
    case subtract(ValueNode, ValueNode)
    case multiply(ValueNode, ValueNode)
    case divide(ValueNode, ValueNode)

    func evaluate(clv: Double, margin: Double) -> Double {
        switch self {
        case .number(let value): return value
        case .clv: return clv
        case .margin: return margin
        case .negate(let operand): return -operand.evaluate(clv: clv, margin: margin)
        case .add(let left, let right): return left.evaluate(clv: clv, margin: margin) + right.evaluate(clv: clv, margin: margin)
        case .subtract(let left, let right): return left.evaluate(clv: clv, margin: margin) - right.evaluate(clv: clv, margin: margin)
        case .multiply(let left, let right): return left.evaluate(clv: clv, margin: margin) * right.evaluate(clv: clv, margin: margin)
        case .divide(let left, let right): return left.evaluate(clv: clv, margin: margin) / right.evaluate(clv: clv, margin: margin)
        }
    }
}

/// expression := term (("+" | "-") term)* ; term := unary (("*" | "/") unary)* ;
/// unary := ("-" | "+") unary | primary ; primary := number | "clv" | "margin" | "(" expression ")".
struct ValueExpressionParser {
    enum Token: Equatable { case number(Double), clv, margin, plus, minus, times, divide, open, close, end }

    struct Located {
        var token: Token
        var column: Int
    }

    static let maximumLength = 200
    static let maximumDepth = 32

    private let tokens: [Located]
    private var position = 0

    private init(tokens: [Located]) { self.tokens = tokens }

    static func parse(_ source: String) throws(ValueExpressionError) -> ValueNode {
        guard source.count <= maximumLength else { throw .tooLong(limit: maximumLength) }
        let tokens = try tokenize(source)
        guard tokens.count > 1 else { throw .empty }  // only the end marker
        var parser = ValueExpressionParser(tokens: tokens)
        let node = try parser.expression(depth: 0)
        let rest = parser.current
        switch rest.token {
        case .end: return node
        case .close: throw .unmatchedClosingParenthesis(column: rest.column)
        default: throw .missingOperator(column: rest.column)
        }
    }

    static func tokenize(_ source: String) throws(ValueExpressionError) -> [Located] {
        let characters = Array(source)
        var tokens = [Located]()
        var index = 0
        func isDigitOrDot(_ character: Character) -> Bool { character.isASCII && (character.isNumber || character == ".") }
        while index < characters.count {
            let character = characters[index]
            let column = index + 1
            if character.isWhitespace {
                index += 1
            } else if isDigitOrDot(character) {
                var text = ""
                while index < characters.count, isDigitOrDot(characters[index]) {
                    text.append(characters[index])
                    index += 1
                }
                guard let number = Double(text), number.isFinite else { throw .malformedNumber(text, column: column) }
                tokens.append(Located(token: .number(number), column: column))
            } else if character.isLetter || character == "_" {
                var text = ""
                while index < characters.count, characters[index].isLetter || characters[index].isNumber || characters[index] == "_" {
                    text.append(characters[index])
                    index += 1
                }
                switch text.lowercased() {
                case "clv": tokens.append(Located(token: .clv, column: column))
                case "margin": tokens.append(Located(token: .margin, column: column))
                default: throw .unknownName(text, column: column)
                }
            } else {
                let token: Token
                switch character {
                case "+": token = .plus
                case "-": token = .minus
                case "*": token = .times
                case "/": token = .divide
                case "(": token = .open
                case ")": token = .close
                default: throw .unexpectedCharacter(String(character), column: column)
                }
                tokens.append(Located(token: token, column: column))
                index += 1
            }
        }
        tokens.append(Located(token: .end, column: characters.count + 1))
        return tokens
    }

    /// Never past the end marker: the parser only steps over tokens it has matched.
    private var current: Located { tokens[position] }

    private mutating func expression(depth: Int) throws(ValueExpressionError) -> ValueNode {
        var left = try term(depth: depth)
        while true {
            switch current.token {
            case .plus:
                position += 1
                left = .add(left, try term(depth: depth))
            case .minus:
                position += 1
                left = .subtract(left, try term(depth: depth))
            default:
                return left
            }
        }
    }

    private mutating func term(depth: Int) throws(ValueExpressionError) -> ValueNode {
        var left = try unary(depth: depth)
        while true {
            switch current.token {
            case .times:
                position += 1
                left = .multiply(left, try unary(depth: depth))
            case .divide:
                position += 1
                left = .divide(left, try unary(depth: depth))
            default:
                return left
            }
        }
    }

    private mutating func unary(depth: Int) throws(ValueExpressionError) -> ValueNode {
        switch current.token {
        case .minus, .plus:
            guard depth < Self.maximumDepth else { throw .tooDeeplyNested(limit: Self.maximumDepth) }
            let negative = current.token == .minus
            position += 1
            let operand = try unary(depth: depth + 1)
            return negative ? .negate(operand) : operand
        default:
            return try primary(depth: depth)
        }
    }

    private mutating func primary(depth: Int) throws(ValueExpressionError) -> ValueNode {
        let opening = current
        switch opening.token {
        case .number(let value):
            position += 1
            return .number(value)
        case .clv:
            position += 1
            return .clv
        case .margin:
            position += 1
            return .margin
        case .open:
            guard depth < Self.maximumDepth else { throw .tooDeeplyNested(limit: Self.maximumDepth) }
            position += 1
            let inner = try expression(depth: depth + 1)
            switch current.token {
            case .close:
                position += 1
                return inner
            case .end:
                throw .unclosedParenthesis(column: opening.column)
            default:
                throw .missingOperator(column: current.column)
            }
        case .plus, .minus, .times, .divide, .close, .end:
            throw .missingOperand(column: opening.column)
        }
    }
}
