import Vapor
import TouchpointApp
import TouchpointDomain

/// The knowledge base in the console: the list of articles (search includes internal ones), and the editor — Markdown
/// with a preview rendered as the help centre will show it, images as attachments, versions, translations. Agents save
/// suggestions; managers publish and archive.
extension ConsoleController {
    func knowledgeList(_ request: Request) async throws -> Response {
        let language = request.language
        let strings = Strings.all(language)
        let format = Formatting(language: language, timeZone: request.touchpoint.companyTimeZone.current)
        let knowledge = request.touchpoint.knowledge
        let localeText = request.query[String.self, at: "locale"] ?? ""
        let statusText = request.query[String.self, at: "status"] ?? ""
        let query = String((request.query[String.self, at: "q"] ?? "").prefix(200))
        var articles: [Article]
        if !query.trimmingCharacters(in: .whitespaces).isEmpty {
            articles = []
            let languages = TextLanguage(rawValue: localeText).map { [$0] } ?? TextLanguage.allCases
            for searched in languages {
                for hit in try await knowledge.search(SearchQuery(text: query, language: searched, includeInternal: true, limit: 20)) {
                    if let article = try await knowledge.find(ArticleID(rawValue: hit.id)) { articles.append(article) }
                }
            }
        } else {
            articles = try await knowledge.articles(ArticleFilter(locale: TextLanguage(rawValue: localeText), status: ArticleStatus(rawValue: statusText), limit: 500))
        }
        let rows = articles.map { article in
            KnowledgeListPage.Row(title: article.content.title, href: ConsoleLink.knowledgeArticle(id: article.id.rawValue).href, language: article.locale.rawValue,
                                  category: article.content.category ?? "—", status: strings["kb_status_" + article.status.rawValue] ?? article.status.rawValue,
                                  audience: strings["kb_audience_" + article.audience.rawValue] ?? "", pending: article.pending != nil,
                                  version: String(article.version), updated: format.dateTime(article.updatedAt))
        }
        let page = KnowledgeListPage(
            layout: LayoutContext(language: language, title: strings["kb_title"]!, section: .knowledge, user: request.consoleUser, path: request.url.string),
            rows: rows, hasRows: !rows.isEmpty, query: query, newHref: ConsoleLink.knowledgeNew().href,
            locales: [KnowledgeListPage.Option(value: "", label: strings["kb_all_languages"]!, selected: localeText.isEmpty)]
                + TextLanguage.allCases.map { .init(value: $0.rawValue, label: $0.rawValue, selected: $0.rawValue == localeText) },
            statuses: [KnowledgeListPage.Option(value: "", label: strings["kb_all_statuses"]!, selected: statusText.isEmpty)]
                + ArticleStatus.allCases.map { .init(value: $0.rawValue, label: strings["kb_status_" + $0.rawValue]!, selected: $0.rawValue == statusText) })
        return try await render(request, "knowledge", page)
    }

    func knowledgeNew(_ request: Request) async throws -> Response {
        let translationOf = request.query[String.self, at: "translationOf"]
        var draft = KnowledgeEditorPage.Draft(locale: request.query[String.self, at: "locale"] ?? request.language.rawValue)
        if let translationOf, let original = try await request.touchpoint.knowledge.find(ArticleID(rawValue: translationOf)) {
            // A translation starts from the original's text, to be rewritten in the new language.
            draft = KnowledgeEditorPage.Draft(locale: draft.locale, title: original.content.title, body: original.content.body,
                                              category: original.content.category ?? "", tags: original.content.tags.joined(separator: ", "),
                                              audience: original.audience.rawValue, translationOf: translationOf)
        }
        return try await render(request, "knowledge-editor", try await editorPage(request, article: nil, draft: draft, message: nil, error: nil))
    }

    func knowledgeEdit(_ request: Request) async throws -> Response {
        let article = try await request.touchpoint.knowledge.article(ArticleID(rawValue: request.parameters.get("id") ?? ""))
        let content = article.pending?.content ?? article.content
        let draft = KnowledgeEditorPage.Draft(locale: article.locale.rawValue, title: content.title, body: content.body, category: content.category ?? "",
                                              tags: content.tags.joined(separator: ", "), audience: article.audience.rawValue)
        return try await render(request, "knowledge-editor", try await editorPage(request, article: article, draft: draft,
                                                                                   message: request.query[String.self, at: "saved"].map { _ in Strings.all(request.language)["kb_saved"]! },
                                                                                   error: nil))
    }

    /// `POST /knowledge` (new) and `POST /knowledge/{id}`: `action` is preview, save, publish or archive.
    func knowledgeSave(_ request: Request) async throws -> Response {
        struct Form: Content {
            var action: String?, locale: String?, title: String?, body: String?, category: String?, tags: String?, audience: String?, note: String?
            var translationOf: String?
        }
        guard let user = request.consoleUser else { throw APIError.unauthorized("sign in") }
        let editor = KnowledgeEditor(name: user.name, mayPublish: user.role.allows(.manager))
        let form = try request.content.decode(Form.self)
        let knowledge = request.touchpoint.knowledge
        var existing: Article?
        if let id = request.parameters.get("id") { existing = try await knowledge.article(ArticleID(rawValue: id)) }
        let draft = KnowledgeEditorPage.Draft(locale: form.locale ?? existing?.locale.rawValue ?? "pl", title: form.title ?? "", body: form.body ?? "",
                                              category: form.category ?? "", tags: form.tags ?? "", audience: form.audience ?? "public",
                                              translationOf: form.translationOf)
        let content = ArticleContent(title: draft.title, body: draft.body, category: draft.category.isEmpty ? nil : draft.category,
                                     tags: draft.tags.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty })
        let audience = ArticleAudience(rawValue: draft.audience) ?? .public
        let action = form.action ?? "save"
        if action == "preview" {
            return try await render(request, "knowledge-editor", try await editorPage(request, article: existing, draft: draft, message: nil, error: nil,
                                                                                       preview: Markdown.html(draft.body)))
        }
        do {
            var article: Article
            if let existing {
                if action == "archive" {
                    article = try await knowledge.archive(existing.id, by: editor)
                } else {
                    article = try await knowledge.update(existing.id, content: content, audience: editor.mayPublish ? audience : nil,
                                                         publish: action == "publish", note: form.note.flatMap { $0.isEmpty ? nil : String($0.prefix(500)) }, by: editor)
                }
                await request.audit("knowledge." + action, target: article.id.rawValue)
            } else {
                article = try await knowledge.create(NewArticle(locale: TextLanguage(rawValue: draft.locale), content: content,
                                                                status: action == "publish" ? .published : .draft, audience: editor.mayPublish ? audience : .public,
                                                                translationOf: form.translationOf.flatMap { $0.isEmpty ? nil : ArticleID(rawValue: $0) }), by: editor)
                await request.audit("knowledge.create", target: article.id.rawValue)
            }
            return request.redirect(to: ConsoleLink.knowledgeArticle(id: article.id.rawValue).href + "?saved=1&lang=" + request.language.rawValue)
        } catch let error as KnowledgeError {
            let message: String
            switch error {
            case .invalid(let problems): message = problems.joined(separator: "; ")
            case .forbidden(let text), .notFound(let text), .conflict(let text): message = text
            }
            return try await render(request, "knowledge-editor", try await editorPage(request, article: existing, draft: draft, message: nil, error: message),
                                    status: .unprocessableEntity)
        }
    }

    /// `POST /knowledge/{id}/images` (multipart, field `image`): stores the image and shows the Markdown to paste.
    func knowledgeImage(_ request: Request) async throws -> Response {
        struct Form: Content { var image: File? }
        let strings = Strings.all(request.language)
        let knowledge = request.touchpoint.knowledge
        let article = try await knowledge.article(ArticleID(rawValue: request.parameters.get("id") ?? ""))
        let content = article.pending?.content ?? article.content
        let draft = KnowledgeEditorPage.Draft(locale: article.locale.rawValue, title: content.title, body: content.body, category: content.category ?? "",
                                              tags: content.tags.joined(separator: ", "), audience: article.audience.rawValue)
        guard let file = try? request.content.decode(Form.self).image, file.data.readableBytes > 0, file.data.readableBytes <= 2_000_000,
              let type = file.contentType.map({ "\($0.type)/\($0.subType)".lowercased() }),
              KnowledgeController.looksLike(type, Data(file.data.readableBytesView)) else {
            return try await render(request, "knowledge-editor", try await editorPage(request, article: article, draft: draft, message: nil, error: strings["kb_image_invalid"]),
                                    status: .unprocessableEntity)
        }
        let attachment = try await knowledge.saveAttachment(contentType: type, data: Data(file.data.readableBytesView))
        let alt = file.filename.split(separator: ".").first.map(String.init) ?? "image"
        let markdown = "![\(alt.filter { $0 != "]" && $0 != "[" })](/help/files/\(attachment.id))"
        return try await render(request, "knowledge-editor", try await editorPage(request, article: article, draft: draft,
                                                                                   message: strings["kb_image_added"]! + " " + markdown, error: nil))
    }

    func editorPage(_ request: Request, article: Article?, draft: KnowledgeEditorPage.Draft, message: String?, error: String?,
                    preview: String? = nil) async throws -> KnowledgeEditorPage {
        let language = request.language
        let strings = Strings.all(language)
        let format = Formatting(language: language, timeZone: request.touchpoint.companyTimeZone.current)
        let knowledge = request.touchpoint.knowledge
        let mayPublish = request.consoleUser?.role.allows(.manager) == true
        var versions = [KnowledgeEditorPage.Version]()
        var translations = [KnowledgeEditorPage.Link]()
        var missing = [KnowledgeEditorPage.Link]()
        if let article {
            versions = try await knowledge.versions(of: article.id).map {
                .init(number: String($0.version), state: $0.state.rawValue, author: $0.author, note: $0.note.flatMap { $0.isEmpty ? nil : $0 }, at: format.dateTime($0.createdAt))
            }
            let others = try await knowledge.translations(of: article)
            translations = others.filter { $0.id != article.id }.map { .init(label: $0.locale.rawValue + " · " + $0.content.title, href: ConsoleLink.knowledgeArticle(id: $0.id.rawValue).href) }
            missing = TextLanguage.allCases.filter { code in !others.contains { $0.locale == code } }
                .map { .init(label: strings["kb_translate"]! + " " + $0.rawValue, href: ConsoleLink.knowledgeNew(translationOf: article.id.rawValue, locale: $0.rawValue).href) }
        }
        return KnowledgeEditorPage(
            layout: LayoutContext(language: language, title: article == nil ? strings["kb_new"]! : strings["kb_edit"]!, section: .knowledge,
                                  user: request.consoleUser, path: request.url.string),
            isNew: article == nil, action: article.map { ConsoleLink.knowledgeArticle(id: $0.id.rawValue).href } ?? "/knowledge",
            imageAction: article.map { ConsoleLink.knowledgeImages(id: $0.id.rawValue).href } ?? "",
            draft: draft, mayPublish: mayPublish,
            status: article.map { strings["kb_status_" + $0.status.rawValue] ?? "" } ?? strings["kb_status_draft"]!,
            hasPending: article?.pending != nil, isPublished: article?.status == .published,
            publicHref: article.flatMap { $0.isPublic ? ConsoleLink.helpArticle(locale: $0.locale.rawValue, slug: $0.slug).href : nil },
            locales: TextLanguage.allCases.map { .init(value: $0.rawValue, label: $0.rawValue, selected: $0.rawValue == draft.locale) },
            audiences: ArticleAudience.allCases.map { .init(value: $0.rawValue, label: strings["kb_audience_" + $0.rawValue]!, selected: $0.rawValue == draft.audience) },
            preview: preview, message: message, error: error, versions: versions, hasVersions: !versions.isEmpty,
            translations: translations, missingTranslations: missing)
    }
}

/// The knowledge base list's view model.
struct KnowledgeListPage: Encodable {
    struct Row: Encodable { var title: String; var href: String; var language: String; var category: String; var status: String; var audience: String; var pending: Bool; var version: String; var updated: String }
    struct Option: Encodable { var value: String; var label: String; var selected: Bool }
    var layout: LayoutContext
    var rows: [Row]
    var hasRows: Bool
    var query: String
    var newHref: String
    var locales: [Option]
    var statuses: [Option]
}

/// The article editor's view model.
struct KnowledgeEditorPage: Encodable {
    struct Draft: Encodable {
        var locale: String
        var title = ""
        var body = ""
        var category = ""
        var tags = ""
        var audience = "public"
        var translationOf: String?
    }
    struct Version: Encodable { var number: String; var state: String; var author: String; var note: String?; var at: String }
    struct Link: Encodable { var label: String; var href: String }
    var layout: LayoutContext
    var isNew: Bool
    var action: String
    var imageAction: String
    var draft: Draft
    var mayPublish: Bool
    var status: String
    var hasPending: Bool
    var isPublished: Bool
    var publicHref: String?
    var locales: [KnowledgeListPage.Option]
    var audiences: [KnowledgeListPage.Option]
    var preview: String?
    var message: String?
    var error: String?
    var versions: [Version]
    var hasVersions: Bool
    var translations: [Link]
    var missingTranslations: [Link]
}
