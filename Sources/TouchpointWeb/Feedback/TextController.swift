import Vapor
import TouchpointDomain

/// `POST /api/v1/text/analyze`: language, sentiment and topics for up to 1,000 texts, in input order. The same
/// analyser reads survey comments, chat and e-mail messages.
struct TextController {
    /// The most texts one request may carry, and the longest text (longer texts are cut, not refused: a long e-mail
    /// says what it means in its first pages).
    static let maximumTexts = 1_000
    static let analysedCharacters = 20_000

    func register(on api: any RoutesBuilder) {
        api.on(.POST, "text", "analyze", body: .collect(maxSize: "8mb"), use: analyze)
    }

    func analyze(_ request: Request) async throws -> Response {
        _ = try request.require(.agent)
        let body = try request.decodeBody(AnalyzeTextsBody.self)
        guard let texts = body.texts else { throw APIError.badRequest("missing_field", "send {\"texts\":[{\"text\":\"…\",\"locale\":\"pl\"}]}") }
        guard texts.count <= Self.maximumTexts else {
            throw APIError(status: .payloadTooLarge, code: "too_many_texts", message: "at most \(Self.maximumTexts) texts a request; this one has \(texts.count)")
        }
        var items = [(String, TextLanguage?)]()
        items.reserveCapacity(texts.count)
        for (index, item) in texts.enumerated() {
            guard let text = item.text else { throw APIError.badRequest("missing_field", "texts[\(index)] needs \"text\"") }
            var locale: TextLanguage?
            if let code = item.locale {
                guard let parsed = TextLanguage(localeCode: code) else {
                    throw APIError.badRequest("invalid_locale", "texts[\(index)].locale must be pl, en or ru, not '\(code)'")
                }
                locale = parsed
            }
            items.append((String(text.prefix(Self.analysedCharacters)), locale))
        }
        let analyzer = TextAnalyzer.shared
        let results = items.map { analyzer.analyze($0.0, locale: $0.1) }
        return Response.json(.object(["results": .array(results.map(TextDTO.analysis))]))
    }
}

struct AnalyzeTextsBody: RequestBody {
    struct Item: Decodable {
        var text: String?
        var locale: String?
    }
    var texts: [Item]?
}

enum TextDTO {
    /// `{"locale","sentiment","score","topics":[id…],"mentions":[{"topic","words"}],"localeDetected"}`.
    static func analysis(_ analysis: TextAnalysis) -> JSONValue {
        .object([
            "locale": .string(analysis.language.rawValue),
            "localeDetected": .bool(analysis.languageDetected),
            "sentiment": .string(analysis.sentiment.rawValue),
            "score": .number(analysis.score),
            "topics": .array(analysis.topics.map { .string($0.topic) }),
            "mentions": .array(analysis.topics.map { .object(["topic": .string($0.topic), "words": .array($0.words.map(JSONValue.string))]) }),
        ])
    }
}
