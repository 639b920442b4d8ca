import Vapor
import TouchpointApp
import TouchpointDomain

/// The knowledge base over the API: articles (CONTRACT's create, plus list, get, update, publish, archive and the
/// history), search, images for articles, the Markdown preview the editor uses, and the self-service report.
struct KnowledgeController {
    func register(on api: any RoutesBuilder) {
        api.post("kb", "articles", use: create)
        api.get("kb", "articles", use: list)
        api.get("kb", "articles", ":id", use: show)
        api.put("kb", "articles", ":id", use: update)
        api.patch("kb", "articles", ":id", use: update)
        api.post("kb", "articles", ":id", "publish", use: publish)
        api.post("kb", "articles", ":id", "archive", use: archive)
        api.get("kb", "articles", ":id", "versions", use: versions)
        api.get("kb", "search", use: search)
        api.on(.POST, "kb", "attachments", body: .collect(maxSize: "2mb"), use: upload)
        api.post("kb", "preview", use: preview)
        api.get("self-service", "report", use: report)
    }

    static func editor(_ request: Request) throws -> KnowledgeEditor {
        let principal = try request.require(.agent)
        return KnowledgeEditor(name: principal.name, mayPublish: principal.role.allows(.manager))
    }

    func articleID(_ request: Request) -> ArticleID { ArticleID(rawValue: request.parameters.get("id") ?? "") }

    func create(_ request: Request) async throws -> Response {
        let editor = try Self.editor(request)
        let body = try request.decodeBody(ArticleBody.self)
        let new = NewArticle(locale: try body.language, content: ArticleContent(title: body.title ?? "", body: body.body ?? "", category: body.category, tags: body.tags ?? []),
                             status: body.status ?? .draft, audience: body.chosenAudience ?? .public,
                             translationOf: body.translationOf.map(ArticleID.init(rawValue:)), slug: body.slug)
        let article = try await request.touchpoint.knowledge.create(new, by: editor)
        return Response.json(KnowledgeDTO.article(article, translations: try await request.touchpoint.knowledge.translations(of: article)), status: .created)
    }

    func list(_ request: Request) async throws -> Response {
        _ = try request.require(.agent)
        var filter = ArticleFilter(limit: min(max(request.query[Int.self, at: "limit"] ?? 100, 1), 1_000), offset: max(request.query[Int.self, at: "offset"] ?? 0, 0))
        if let locale = request.query[String.self, at: "locale"] {
            guard let language = TextLanguage(localeCode: locale) else { throw APIError.badRequest("invalid_locale", "locale must be pl, en or ru") }
            filter.locale = language
        }
        if let status = request.query[String.self, at: "status"] {
            guard let parsed = ArticleStatus(rawValue: status) else { throw APIError.badRequest("invalid_status", "status must be draft, published or archived") }
            filter.status = parsed
        }
        if let audience = request.query[String.self, at: "audience"] {
            guard let parsed = ArticleAudience(rawValue: audience) else { throw APIError.badRequest("invalid_audience", "audience must be public or internal") }
            filter.audience = parsed
        }
        filter.category = request.query[String.self, at: "category"]
        filter.pendingOnly = request.query[Bool.self, at: "pending"] ?? false
        let knowledge = request.touchpoint.knowledge
        let articles = try await knowledge.articles(filter)
        return Response.json(.object(["articles": .array(articles.map { KnowledgeDTO.article($0, full: false) }),
                                      "total": .int(try await knowledge.count(filter))]))
    }

    func show(_ request: Request) async throws -> Response {
        _ = try request.require(.agent)
        let knowledge = request.touchpoint.knowledge
        let article = try await knowledge.article(articleID(request))
        return Response.json(KnowledgeDTO.article(article, translations: try await knowledge.translations(of: article)))
    }

    func update(_ request: Request) async throws -> Response {
        let editor = try Self.editor(request)
        let body = try request.decodeBody(ArticleBody.self)
        let knowledge = request.touchpoint.knowledge
        let stored = try await knowledge.article(articleID(request))
        let base = stored.pending?.content ?? stored.content
        let changed = body.title != nil || body.body != nil || body.category != nil || body.tags != nil
        let content = changed ? ArticleContent(title: body.title ?? base.title, body: body.body ?? base.body, category: body.category ?? base.category,
                                               tags: body.tags ?? base.tags) : nil
        var article = stored
        if content != nil || body.chosenAudience != nil || body.publish == true {
            article = try await knowledge.update(stored.id, content: content, audience: body.chosenAudience, publish: body.publish == true || body.status == .published,
                                                 note: body.note, by: editor)
        }
        if body.status == .archived { article = try await knowledge.archive(stored.id, by: editor) }
        return Response.json(KnowledgeDTO.article(article, translations: try await knowledge.translations(of: article)))
    }

    func publish(_ request: Request) async throws -> Response {
        let article = try await request.touchpoint.knowledge.publish(articleID(request), by: try Self.editor(request))
        return Response.json(KnowledgeDTO.article(article))
    }

    func archive(_ request: Request) async throws -> Response {
        let article = try await request.touchpoint.knowledge.archive(articleID(request), by: try Self.editor(request))
        return Response.json(KnowledgeDTO.article(article))
    }

    func versions(_ request: Request) async throws -> Response {
        _ = try request.require(.agent)
        let article = try await request.touchpoint.knowledge.article(articleID(request))
        let versions = try await request.touchpoint.knowledge.versions(of: article.id)
        return Response.json(.object(["versions": .array(versions.map(KnowledgeDTO.version))]))
    }

    /// `GET /api/v1/kb/search?q=TEXT&locale=pl` (CONTRACT). Agents may add `internal=true` to include internal articles.
    func search(_ request: Request) async throws -> Response {
        _ = try request.require(.agent)
        let (text, language) = try Self.query(request)
        let hits = try await request.touchpoint.knowledge.search(SearchQuery(text: text, language: language,
                                                                             includeInternal: request.query[Bool.self, at: "internal"] ?? false,
                                                                             limit: min(max(request.query[Int.self, at: "limit"] ?? 10, 1), 50)))
        return Response.json(.object(["results": .array(hits.map { KnowledgeDTO.hit($0, url: nil) }), "locale": .string(language.rawValue)]))
    }

    /// The query text and its language (given, or detected; Polish when it cannot be told): any size or script is
    /// handled, and only text longer than 500 characters is refused.
    static func query(_ request: Request) throws -> (String, TextLanguage) {
        let text = request.query[String.self, at: "q"] ?? ""
        guard text.count <= 500 else { throw APIError.badRequest("query_too_long", "a search is at most 500 characters") }
        var language: TextLanguage
        if let locale = request.query[String.self, at: "locale"] {
            guard let parsed = TextLanguage(localeCode: locale) else { throw APIError.badRequest("invalid_locale", "locale must be pl, en or ru") }
            language = parsed
        } else {
            language = LanguageDetector.detect(text) ?? .pl
        }
        return (text, language)
    }

    /// `POST /api/v1/kb/attachments` with an image as the body (PNG, JPEG, GIF or WebP, up to 2 MB) → `{"id","url","markdown"}`.
    func upload(_ request: Request) async throws -> Response {
        _ = try request.require(.agent)
        let types = ["image/png", "image/jpeg", "image/gif", "image/webp"]
        guard let type = request.headers.contentType.map({ "\($0.type)/\($0.subType)".lowercased() }), types.contains(type) else {
            throw APIError(status: .unsupportedMediaType, code: "unsupported_media_type", message: "send the image itself with Content-Type image/png, image/jpeg, image/gif or image/webp")
        }
        guard let buffer = request.body.data, buffer.readableBytes > 0 else { throw APIError.badRequest("empty_body", "send the image as the body") }
        let data = Data(buffer.readableBytesView)
        guard Self.looksLike(type, data) else { throw APIError.badRequest("invalid_image", "the body is not a \(type) image") }
        let attachment = try await request.touchpoint.knowledge.saveAttachment(contentType: type, data: data)
        let url = "/help/files/\(attachment.id)"
        return Response.json(.object(["id": .string(attachment.id), "url": .string(url), "markdown": .string("![](\(url))")]), status: .created)
    }

    /// The file starts with its format's signature (so a script cannot be served as an "image").
    static func looksLike(_ type: String, _ data: Data) -> Bool {
        let bytes = [UInt8](data.prefix(12))
        switch type {
        case "image/png": return bytes.starts(with: [0x89, 0x50, 0x4E, 0x47])
        case "image/jpeg": return bytes.starts(with: [0xFF, 0xD8, 0xFF])
        case "image/gif": return bytes.starts(with: Array("GIF8".utf8))
        case "image/webp": return bytes.count >= 12 && bytes.starts(with: Array("RIFF".utf8)) && Array(bytes[8..<12]) == Array("WEBP".utf8)
        default: return false
        }
    }

    /// `POST /api/v1/kb/preview` `{"body":"markdown"}` → `{"html"}`: the editor's preview, rendered as the help centre will.
    func preview(_ request: Request) async throws -> Response {
        _ = try request.require(.agent)
        struct Body: RequestBody { var body: String }
        let markdown = try request.decodeBody(Body.self).body
        guard markdown.utf8.count <= 200_000 else { throw APIError.tooLarge("body_too_large", "an article's body is at most 200,000 bytes") }
        return Response.json(.object(["html": .string(Markdown.html(markdown))]))
    }

    /// `GET /api/v1/self-service/report?from=DATE&to=DATE`.
    func report(_ request: Request) async throws -> Response {
        _ = try request.require(.agent)
        let (from, to) = try FeedbackController.period(request)
        let report = try await request.touchpoint.selfService.report(from: from, to: to)
        var titles = [String: String]()
        for use in report.articles {
            if let article = try? await request.touchpoint.knowledge.article(ArticleID(rawValue: use.articleID)) { titles[use.articleID] = article.content.title }
        }
        return Response.json(KnowledgeDTO.report(report, titles: titles))
    }
}
