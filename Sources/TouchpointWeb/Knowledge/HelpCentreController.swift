import Vapor
import TouchpointApp
import TouchpointDomain

/// The public help centre, `/help/{locale}` (CONTRACT): categories and their articles, article pages with their
/// translations (hreflang), related articles and "was this helpful?", search with suggestions as you type, a sitemap,
/// and the articles' images. Server-rendered, in the company's colour; only published public articles are reachable.
/// Every search, view and vote is a Segment-style event on the visitor's profile (an anonymous id kept in a cookie).
struct HelpCentreController {
    func register(on app: Application) {
        app.get("help", use: root)
        app.get("help", "sitemap.xml", use: sitemap)
        app.get("help", "files", ":id", use: file)
        app.get("help", "help-centre.js", use: script)
        app.get("help", ":locale", use: home)
        app.get("help", ":locale", "search", use: search)
        app.get("help", ":locale", "suggest", use: suggest)
        app.get("help", ":locale", "a", ":slug", use: article)
        app.post("help", ":locale", "a", ":slug", "vote", use: vote)
    }

    static let cookie = "tp_help"

    // MARK: Pages

    func root(_ request: Request) async throws -> Response {
        let preferred = (request.headers.first(name: .acceptLanguage) ?? "").split(separator: ",").compactMap { TextLanguage(localeCode: $0.trimmingCharacters(in: .whitespaces)) }.first
        return request.redirect(to: "/help/\((preferred ?? .pl).rawValue)")
    }

    struct Layout: Encodable {
        var lang: String
        var t: [String: String]
        var company: String
        var brand: String
        var title: String
        var canonical: String
        var alternates: [Alternate]
        var query: String
        var locale: String
    }

    struct Alternate: Encodable { var lang: String; var href: String }

    struct ArticleLink: Encodable { var title: String; var href: String; var snippet: String? }

    struct Category: Encodable { var name: String; var articles: [ArticleLink] }

    func layout(_ request: Request, language: TextLanguage, title: String, path: String, alternates: [Alternate], query: String = "") -> Layout {
        let base = request.touchpoint.config.publicURL
        return Layout(lang: language.rawValue, t: HelpStrings.all(language), company: request.touchpoint.companyName.current,
                      brand: request.touchpoint.config.brandColor, title: title, canonical: base + path,
                      alternates: alternates.map { Alternate(lang: $0.lang, href: base + $0.href) }, query: query, locale: language.rawValue)
    }

    func home(_ request: Request) async throws -> Response {
        let language = try Self.language(request)
        try Self.limit(request)
        struct Page: Encodable { var layout: Layout; var categories: [Category] }
        let articles = try await request.touchpoint.knowledge.articles(ArticleFilter(locale: language, status: .published, audience: .public, limit: 5_000))
        var groups = [String: [ArticleLink]]()
        for article in articles {
            groups[article.content.category ?? HelpStrings.all(language)["all_articles"]!, default: []]
                .append(ArticleLink(title: article.content.title, href: "/help/\(language.rawValue)/a/\(article.slug)"))
        }
        let categories = groups.keys.sorted().map { Category(name: $0, articles: groups[$0]!.sorted { $0.title < $1.title }) }
        let alternates = TextLanguage.allCases.map { Alternate(lang: $0.rawValue, href: "/help/\($0.rawValue)") }
        return try await render(request, "help-home", Page(layout: layout(request, language: language, title: HelpStrings.all(language)["help_centre"]!,
                                                                           path: "/help/\(language.rawValue)", alternates: alternates), categories: categories))
    }

    func article(_ request: Request) async throws -> Response {
        let language = try Self.language(request)
        try Self.limit(request)
        let knowledge = request.touchpoint.knowledge
        guard let slug = request.parameters.get("slug"), ArticleSlug.isValid(slug),
              let article = try await knowledge.article(locale: language, slug: slug), article.isPublic else {
            throw Abort(.notFound)
        }
        struct Page: Encodable {
            var layout: Layout
            var title: String
            var category: String?
            var html: String
            var updated: String
            var related: [ArticleLink]
            var hasRelated: Bool
            var translations: [Alternate]
            var hasTranslations: Bool
            var voteAction: String
            var voted: Bool
        }
        let translations = try await knowledge.translations(of: article).filter { $0.isPublic && $0.id != article.id }
        let links = translations.map { Alternate(lang: $0.locale.rawValue, href: "/help/\($0.locale.rawValue)/a/\($0.slug)") }
        let path = "/help/\(language.rawValue)/a/\(article.slug)"
        let relatedQuery = SearchQuery(text: ([article.content.title] + article.content.tags).joined(separator: " "), language: language, limit: 4)
        let relatedLinks = try await knowledge.customerResults(relatedQuery, minimumCoverage: 0).filter { $0.article.id != article.id }.prefix(3)
            .map { ArticleLink(title: $0.article.content.title, href: "/help/\(language.rawValue)/a/\($0.article.slug)") }
        try await record(request, SelfServiceEvent.articleViewed, ["article_id": .string(article.id.rawValue), "title": .string(article.content.title),
                                                                     "locale": .string(language.rawValue)])
        let page = Page(layout: layout(request, language: language, title: article.content.title, path: path,
                                       alternates: [Alternate(lang: language.rawValue, href: path)] + links),
                        title: article.content.title, category: article.content.category, html: Markdown.html(article.content.body),
                        updated: String(Timestamps.format(article.updatedAt).prefix(10)), related: relatedLinks, hasRelated: !relatedLinks.isEmpty,
                        translations: links, hasTranslations: !links.isEmpty, voteAction: path + "/vote", voted: request.query[String.self, at: "voted"] != nil)
        return try await render(request, "help-article", page)
    }

    func search(_ request: Request) async throws -> Response {
        let language = try Self.language(request)
        try Self.limit(request)
        let text = String((request.query[String.self, at: "q"] ?? "").prefix(500))
        struct Page: Encodable { var layout: Layout; var results: [ArticleLink]; var searched: Bool; var empty: Bool }
        var results = [ArticleLink]()
        if !text.trimmingCharacters(in: .whitespaces).isEmpty {
            results = try await request.touchpoint.knowledge.customerResults(SearchQuery(text: text, language: language, limit: 10)).map {
                ArticleLink(title: $0.article.content.title, href: "/help/\(language.rawValue)/a/\($0.article.slug)", snippet: $0.hit.snippet)
            }
            try await record(request, SelfServiceEvent.searched, ["query": .string(String(text.prefix(200))), "results": .int(results.count),
                                                                   "locale": .string(language.rawValue)])
        }
        let searched = !text.trimmingCharacters(in: .whitespaces).isEmpty
        let response = try await render(request, "help-search", Page(layout: layout(request, language: language, title: HelpStrings.all(language)["results_for"]! + " " + text,
                                                                                    path: "/help/\(language.rawValue)", alternates: [], query: text),
                                                                     results: results, searched: searched, empty: searched && results.isEmpty))
        response.headers.replaceOrAdd(name: "X-Robots-Tag", value: "noindex")
        return response
    }

    /// `GET /help/{locale}/suggest?q=` → `{"suggestions":[{"title","url","snippet"}]}`: articles while the visitor types
    /// (the last word completed). Not recorded: only the search the visitor sends is.
    func suggest(_ request: Request) async throws -> Response {
        let language = try Self.language(request)
        try Self.limit(request)
        let text = String((request.query[String.self, at: "q"] ?? "").prefix(200))
        let typing = SearchQuery(text: text, language: language, limit: 6, completesLastWord: true)
        let suggestions: [JSONValue] = try await request.touchpoint.knowledge.customerResults(typing).map {
            .object(["title": .string($0.article.content.title), "url": .string("/help/\(language.rawValue)/a/\($0.article.slug)"),
                     "snippet": .string($0.hit.snippet)])
        }
        return Response.json(.object(["suggestions": .array(suggestions)]))
    }

    func vote(_ request: Request) async throws -> Response {
        let language = try Self.language(request)
        try Self.limit(request)
        guard let slug = request.parameters.get("slug"), ArticleSlug.isValid(slug),
              let article = try await request.touchpoint.knowledge.article(locale: language, slug: slug), article.isPublic else {
            throw Abort(.notFound)
        }
        struct Form: Content { var helpful: String }
        guard let form = try? request.content.decode(Form.self), ["yes", "no"].contains(form.helpful) else {
            throw APIError.badRequest("invalid_vote", "helpful is yes or no")
        }
        try await record(request, SelfServiceEvent.articleRated, ["article_id": .string(article.id.rawValue), "helpful": .bool(form.helpful == "yes"),
                                                                   "locale": .string(language.rawValue)])
        return request.redirect(to: "/help/\(language.rawValue)/a/\(article.slug)?voted=1#vote")
    }

    func sitemap(_ request: Request) async throws -> Response {
        try Self.limit(request)
        let base = request.touchpoint.config.publicURL
        let articles = try await request.touchpoint.knowledge.articles(ArticleFilter(status: .published, audience: .public, limit: 20_000))
        var byKey = [String: [Article]]()
        for article in articles { byKey[article.translationKey, default: []].append(article) }
        var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n"
        for language in TextLanguage.allCases { xml += "<url><loc>\(Markdown.escape(base))/help/\(language.rawValue)</loc></url>\n" }
        for article in articles {
            xml += "<url><loc>\(Markdown.escape(base + "/help/\(article.locale.rawValue)/a/\(article.slug)"))</loc><lastmod>\(Timestamps.format(article.updatedAt).prefix(10))</lastmod>"
            for translation in byKey[article.translationKey] ?? [] {
                xml += "<xhtml:link rel=\"alternate\" hreflang=\"\(translation.locale.rawValue)\" href=\"\(Markdown.escape(base + "/help/\(translation.locale.rawValue)/a/\(translation.slug)"))\"/>"
            }
            xml += "</url>\n"
        }
        xml += "</urlset>\n"
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: "application/xml; charset=utf-8")
        return Response(status: .ok, headers: headers, body: .init(string: xml))
    }

    func file(_ request: Request) async throws -> Response {
        try Self.limit(request)
        guard let id = request.parameters.get("id"), id.count <= 64,
              let attachment = try await request.touchpoint.knowledge.attachment(id) else { throw Abort(.notFound) }
        let response = Response.asset(attachment.data, contentType: attachment.contentType)
        response.headers.replaceOrAdd(name: "Content-Security-Policy", value: "default-src 'none'; sandbox")
        return response
    }

    static let helpScript = ConsoleAssets.publicFile("help-centre", "js")

    func script(_ request: Request) async throws -> Response {
        Response.asset(Self.helpScript, contentType: "application/javascript; charset=utf-8")
    }

    // MARK: Helpers

    static func language(_ request: Request) throws -> TextLanguage {
        guard let code = request.parameters.get("locale"), code.count == 2, let language = TextLanguage(rawValue: code) else { throw Abort(.notFound) }
        return language
    }

    static func limit(_ request: Request) throws {
        try request.touchpoint.limits.helpCentre.check(request.clientAddress, what: "help-centre requests from this address")
    }

    /// The visitor's anonymous id: from the cookie, or a new one the response sets.
    static func visitor(_ request: Request) -> (id: String, isNew: Bool) {
        if let value = request.cookies[cookie]?.string, value.count <= 64, value.hasPrefix("hc-"),
           value.dropFirst(3).allSatisfy({ $0.isHexDigit || $0 == "-" }) {
            return (value, false)
        }
        if let id = request.storage[VisitorKey.self] { return (id, true) }
        let id = "hc-" + UUID().uuidString.lowercased()
        request.storage[VisitorKey.self] = id
        return (id, true)
    }

    struct VisitorKey: StorageKey { typealias Value = String }

    func record(_ request: Request, _ name: String, _ properties: [String: JSONValue]) async throws {
        let visitor = Self.visitor(request)
        try await request.touchpoint.selfService.record(name, properties: properties, visitor: .init(anonymousId: visitor.id))
    }

    func render<Page: Encodable>(_ request: Request, _ template: String, _ page: Page) async throws -> Response {
        let view = try await request.view.render(template, page)
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: "text/html; charset=utf-8")
        headers.replaceOrAdd(name: "Content-Security-Policy",
                             value: "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'; form-action 'self'")
        let response = Response(status: .ok, headers: headers, body: .init(buffer: view.data))
        let visitor = Self.visitor(request)
        if visitor.isNew {
            response.cookies[Self.cookie] = HTTPCookies.Value(string: visitor.id, expires: Date().addingTimeInterval(365 * 86_400), maxAge: nil, path: "/help",
                                                              isSecure: request.arrivedOverTLS, isHTTPOnly: true, sameSite: .lax)
        }
        return response
    }
}
