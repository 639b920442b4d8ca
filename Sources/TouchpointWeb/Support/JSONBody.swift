import Vapor
import TouchpointDomain

/// JSON responses are built as `JSONValue` trees and written with the same fast writer the collection path uses.
typealias JSONBody = JSONValue

extension JSONValue {
    static func int<I: BinaryInteger>(_ value: I) -> JSONValue { .number(Double(value)) }
    static func date(_ value: Date?) -> JSONValue { value.map { .string(Timestamps.format($0)) } ?? .null }
    static func optional(_ value: String?) -> JSONValue { value.map(JSONValue.string) ?? .null }
}

extension Response {
    static func json(_ body: JSONValue, status: HTTPResponseStatus = .ok) -> Response {
        var headers = HTTPHeaders()
        headers.contentType = .json
        headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return Response(status: status, headers: headers, body: .init(string: JSONCodec.serialize(body)))
    }
}

extension Request {
    /// The request body parsed as JSON, with a 400 that says where it broke.
    func jsonBody() throws -> JSONValue {
        guard let buffer = body.data, buffer.readableBytes > 0 else { throw APIError.badRequest("empty_body", "the request needs a JSON body") }
        return try jsonBody(buffer.readableBytesView)
    }

    /// The given bytes parsed as JSON, with a 400 that says where it broke.
    func jsonBody<Bytes: Collection>(_ bytes: Bytes) throws -> JSONValue where Bytes.Element == UInt8 {
        do {
            return try JSONCodec.parse(bytes)
        } catch {
            throw APIError.badRequest("invalid_json", "the body is not valid JSON: \(error)")
        }
    }
}

extension Response {
    /// A file to save, never shown in the page's origin (customer uploads).
    static func download(_ content: Data, fileName: String, contentType: String) -> Response {
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: contentType)
        headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"\(fileName.replacingOccurrences(of: "\"", with: ""))\"")
        headers.replaceOrAdd(name: "X-Content-Type-Options", value: "nosniff")
        return Response(status: .ok, headers: headers, body: .init(data: content))
    }

    /// A script or stylesheet shipped with the server.
    static func asset(_ content: Data, contentType: String, crossOrigin: Bool = false) -> Response {
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: contentType)
        headers.replaceOrAdd(name: .cacheControl, value: "public, max-age=300")
        if crossOrigin { headers.replaceOrAdd(name: "Access-Control-Allow-Origin", value: "*") }
        return Response(status: .ok, headers: headers, body: .init(data: content))
    }
}

extension Sequence {
    /// `map` with an async transform, in order, one element at a time.
    func asyncMap<T>(_ transform: (Element) async throws -> T) async rethrows -> [T] {
        var result = [T]()
        for element in self { result.append(try await transform(element)) }
        return result
    }
}
