import Vapor
import Tagged
import TouchpointApp
import TouchpointDomain
import TouchpointStorage

/// Turning the request bodies' fields into domain values, with errors that name the field.
extension ServiceController {

    /// Runs a service-desk or storage call, turning its errors into the API's: not found 404, conflict 409, invalid 422.
    static func mapping<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as StorageError {
            throw APIError(storage: error)
        } catch let error as ServiceRuleError {
            throw APIError(rule: error)
        } catch let error as ServiceDeskError {
            throw APIError(desk: error)
        }
    }

    /// A document decoded from the bytes as sent (no round trip through another JSON form, so numbers keep their exact text),
    /// with an error that names the field at fault.
    static func decode<T: Decodable>(_ data: Data, as type: T.Type, what: String) throws -> T {
        do {
            return try JSONDecoder().decode(T.self, from: data)
        } catch let error as DecodingError {
            let detail: String
            switch error {
            case .keyNotFound(let key, let context): detail = "missing \"\(key.stringValue)\" at \(Self.path(context.codingPath))"
            case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
                detail = "\(context.debugDescription) at \(Self.path(context.codingPath))"
            @unknown default: detail = "\(error)"
            }
            throw APIError(status: .unprocessableEntity, code: "invalid_document", message: "could not read the \(what): \(detail)")
        }
    }

    /// The request body's bytes (already checked to be JSON by `jsonBody()`).
    static func bodyData(_ request: Request) -> Data {
        request.body.data.map { Data($0.readableBytesView) } ?? Data()
    }

    private static func path(_ path: [any CodingKey]) -> String {
        path.isEmpty ? "the top" : path.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
    }

    static func channel(_ name: String?, default fallback: TouchpointDomain.Channel) throws -> TouchpointDomain.Channel {
        guard let name else { return fallback }
        guard let channel = TouchpointDomain.Channel(rawValue: name.lowercased()) else { throw ServiceFieldErrors.common["channel"]! }
        return channel
    }

    static func priority(_ name: String?) throws -> CasePriority? {
        guard let name else { return nil }
        guard let priority = CasePriority(rawValue: name) else { throw ServiceFieldErrors.common["priority"]! }
        return priority
    }

    static func date(_ text: String?) throws -> Date? {
        guard let text else { return nil }
        guard let date = Timestamps.parse(text) else { throw ServiceFieldErrors.timestamp }
        // Service times feed SLA clocks over business calendars: a date before 1970 is a sender's bug, not a contact.
        guard date.timeIntervalSince1970 >= 0 else {
            throw APIError.badRequest("invalid_timestamp", "'\(text.prefix(40))' is before 1970: send the time the contact happened")
        }
        return date
    }

    static func customer(_ body: CustomerBody?) throws -> CustomerContact {
        guard let body else {
            throw APIError.badRequest("missing_customer", "a case needs \"customer\": {\"email\" | \"phone\" | \"userId\" | \"anonymousId\", \"name\"}")
        }
        return body.contact
    }

    /// Attachments as `[{"fileName", "contentType", "content": base64}]`, checked for size and type (and that the bytes are what the type says).
    static func attachments(_ list: [AttachmentBody]?) throws -> [NewAttachment] {
        guard let list else { return [] }
        guard list.count <= 10 else { throw APIError.tooLarge("too_many_attachments", "at most 10 attachments a message") }
        return try list.enumerated().map { index, item in
            guard let name = item.fileName, let type = item.contentType?.lowercased(), let encoded = item.content else {
                throw APIError.badRequest("invalid_attachment", "attachment \(index) needs \"fileName\", \"contentType\" and \"content\" (base64)")
            }
            guard allowedAttachmentTypes.contains(type) else {
                throw APIError(status: .unsupportedMediaType, code: "attachment_type", message: "attachment \(index) is \(type); allowed: \(allowedAttachmentTypes.sorted().joined(separator: ", "))")
            }
            guard let data = Data(base64Encoded: encoded) else { throw APIError.badRequest("invalid_attachment", "attachment \(index): \"content\" is not base64") }
            guard data.count <= maximumAttachmentBytes else {
                throw APIError.tooLarge("attachment_too_large", "attachment \(index) is \(data.count / 1024) KB; the limit is \(maximumAttachmentBytes / 1024 / 1024) MB")
            }
            guard contentMatches(type, data) else {
                throw APIError(status: .unsupportedMediaType, code: "attachment_type", message: "attachment \(index) says \(type) but its bytes are not")
            }
            let safeName = name.components(separatedBy: CharacterSet(charactersIn: "/\\\u{0}\r\n\"")).joined(separator: "_")
            return NewAttachment(fileName: safeName.isEmpty ? "attachment" : safeName, contentType: type, content: data)
        }
    }

    /// The first bytes of binary formats, so an executable cannot be sent as a "PDF".
    static func contentMatches(_ type: String, _ data: Data) -> Bool {
        let bytes = [UInt8](data.prefix(12))
        func starts(_ signature: [UInt8]) -> Bool { bytes.count >= signature.count && Array(bytes.prefix(signature.count)) == signature }
        switch type {
        case "image/png": return starts([0x89, 0x50, 0x4E, 0x47])
        case "image/jpeg": return starts([0xFF, 0xD8, 0xFF])
        case "image/gif": return starts(Array("GIF8".utf8))
        case "image/webp": return starts(Array("RIFF".utf8)) && bytes.count >= 12 && Array(bytes[8..<12]) == Array("WEBP".utf8)
        case "application/pdf": return starts(Array("%PDF".utf8))
        default: return String(data: data, encoding: .utf8) != nil
        }
    }

    /// Text of an HTML e-mail body, for when no plain-text part was sent.
    static func plainText(_ html: String) -> String {
        var text = html.replacingOccurrences(of: "<br[^>]*>", with: "\n", options: .regularExpression)
        text = text.replacingOccurrences(of: "</p>", with: "\n\n")
        text = text.replacingOccurrences(of: "<[^>]+>", with: "", options: .regularExpression)
        for (entity, character) in [("&nbsp;", " "), ("&lt;", "<"), ("&gt;", ">"), ("&quot;", "\""), ("&#39;", "'"), ("&amp;", "&")] {
            text = text.replacingOccurrences(of: entity, with: character)
        }
        return text.trimmedWhitespace
    }
}
