import Foundation
import Vapor

/// A request body the API decodes with `Codable`: the shapes of the HTTP contract, checked field by field.
///
/// A field of the wrong type is a 400 that names it; a DTO can give a field its own code (`invalid_channel` rather than
/// `invalid_field`) so clients that branch on codes keep working.
protocol RequestBody: Decodable {
    /// The error for a field whose value has the wrong type, by the field's name at the top of the body.
    static var fieldErrors: [String: APIError] { get }
}

extension RequestBody {
    static var fieldErrors: [String: APIError] { [:] }
}

extension Request {
    /// The body decoded as `T`. No body or invalid JSON is a 400 (`empty_body`, `invalid_json`), a body that is not an
    /// object `invalid_body`, a field of the wrong type the DTO's code for it or `invalid_field`.
    /// - Parameter allowEmpty: read an absent body as `{}` (endpoints whose fields are all optional).
    func decodeBody<T: RequestBody>(_ type: T.Type, allowEmpty: Bool = false, decoder: JSONDecoder = JSONDecoder()) throws -> T {
        var data = body.data.map { Data($0.readableBytesView) } ?? Data()
        if data.isEmpty {
            guard allowEmpty else { throw APIError.badRequest("empty_body", "the request needs a JSON body") }
            data = Data("{}".utf8)
        }
        // Parsed once by the project's own reader first: it is what decides "valid JSON" everywhere else in the API.
        let parsed = try jsonBody(data)
        guard parsed.objectValue != nil else { throw APIError.badRequest("invalid_body", "the body must be a JSON object, got \(parsed.typeName)") }
        do {
            return try decoder.decode(T.self, from: data)
        } catch let error as DecodingError {
            throw RequestBodyError.apiError(for: error, in: T.self)
        }
    }
}

/// Turning a decoding error into the API's answer for the field at fault.
enum RequestBodyError {
    static func apiError<T: RequestBody>(for error: DecodingError, in type: T.Type) -> APIError {
        let (path, detail): ([any CodingKey], String) = {
            switch error {
            case .typeMismatch(let expected, let context): return (context.codingPath, "must be \(describe(expected))")
            case .valueNotFound(let expected, let context): return (context.codingPath, "must be \(describe(expected)), not null")
            case .keyNotFound(let key, let context): return (context.codingPath + [key], "is missing")
            case .dataCorrupted(let context): return (context.codingPath, "is out of range or malformed")
            @unknown default: return ([], "could not be read")
            }
        }()
        let field = path.first?.stringValue ?? ""
        let location = path.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
        if let specific = T.fieldErrors[field] { return specific }
        return APIError.badRequest("invalid_field", "\"\(location.isEmpty ? "body" : location)\" \(detail)")
    }

    private static func describe(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: return "a string"
        case is Bool.Type: return "true or false"
        case is Int.Type, is Int64.Type: return "a whole number"
        case is Double.Type: return "a number"
        case is [String].Type: return "an array of strings"
        default: return type is any Collection.Type ? "an array" : "an object"
        }
    }
}

/// A reference that clients send either as text or as a number (a case's id or its number).
struct TextOrNumber: Decodable, Sendable {
    let text: String

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let text = try? container.decode(String.self) {
            self.text = text
        } else {
            // Checked conversion: a number beyond Int64 is refused with the field's error, never trapped on.
            self.text = String(try container.decode(Int64.self))
        }
    }
}

/// The keys a body actually carries, for endpoints that refuse fields they do not change rather than ignore them.
struct AnyCodingKey: CodingKey {
    let stringValue: String
    var intValue: Int? { nil }
    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}
