import Vapor
import TouchpointApp
import TouchpointDomain

/// While agents write: the case page suggests knowledge-base articles (internal ones too) for the customer's last
/// message, in the case's language, and inserts the chosen one's answer and link into the reply (service.js).
extension ServiceConsoleController {
    func withArticles(_ page: ServiceCasePage, for serviceCase: ServiceCase, _ request: Request) async throws -> ServiceCasePage {
        var page = page
        let messages = try await request.touchpoint.serviceDesk.messages(of: serviceCase.id)
        guard let last = messages.last(where: { $0.direction == .inbound }) else { return page }
        let language = serviceCase.language.flatMap(TextLanguage.init(localeCode:)) ?? LanguageDetector.detect(last.body) ?? .pl
        let knowledge = request.touchpoint.knowledge
        let base = request.touchpoint.config.publicURL
        for hit in try await knowledge.search(SearchQuery(text: String(last.body.prefix(500)), language: language, includeInternal: true, limit: 3)) {
            guard let article = try await knowledge.find(ArticleID(rawValue: hit.id)) else { continue }
            let answer = Markdown.lead(article.content.body) ?? hit.snippet
            let link = "/help/\(article.locale.rawValue)/a/\(article.slug)"
            page.articles.append(.init(title: article.content.title,
                                       href: article.isPublic ? link : ConsoleLink.knowledgeArticle(id: article.id.rawValue).href,
                                       snippet: hit.snippet, insert: article.isPublic ? answer + "\n\n" + article.content.title + ": " + base + link : answer,
                                       isInternal: article.audience == .internal))
        }
        page.hasArticles = !page.articles.isEmpty
        return page
    }
}
