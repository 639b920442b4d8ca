import Vapor
import TouchpointApp
import TouchpointDomain

/// The self-service page: searches and the ones that found nothing (the content to write next), article views and
/// votes, assistant conversations, hand-overs and why, and verified self-service.
extension ConsoleController {
    func selfServicePage(_ request: Request) async throws -> Response {
        let language = request.language
        let strings = Strings.all(language)
        let format = Formatting(language: language, timeZone: request.touchpoint.companyTimeZone.current)
        let period = ConsolePeriod(request, defaultDays: 90, strings: strings)
        let (from, to, filterError) = (period.from, period.to, period.error)
        let report = try await request.touchpoint.selfService.report(from: from, to: to, gaps: 25)
        func share(_ value: Double?) -> String { value.map { format.percent($0) } ?? "—" }
        let figures: [SelfServicePage.Figure] = [
            .init(label: strings["ss_searches"]!, value: format.number(report.searches), note: strings["ss_zero"]! + ": " + share(report.zeroResultRate)),
            .init(label: strings["ss_views"]!, value: format.number(report.articleViews), note: strings["ss_helpful"]! + ": " + share(report.helpfulRate)),
            .init(label: strings["ss_conversations"]!, value: format.number(report.assistantConversations),
                  note: strings["ss_without_handover"]! + ": " + format.number(report.answeredWithoutHandover)),
            .init(label: strings["ss_handover_rate"]!, value: share(report.handoverRate), note: format.number(report.handovers)),
            .init(label: strings["ss_verified"]!, value: share(report.verifiedRate),
                  note: format.number(report.verifiedSelfService) + " / " + format.number(report.answered)),
        ]
        var articles = [SelfServicePage.ArticleRow]()
        for use in report.articles.prefix(15) {
            let article = try await request.touchpoint.knowledge.find(ArticleID(rawValue: use.articleID))
            articles.append(.init(title: article?.content.title ?? use.articleID, href: article.map { ConsoleLink.knowledgeArticle(id: $0.id.rawValue).href },
                                  views: format.number(use.views), helpful: format.number(use.helpful), notHelpful: format.number(use.notHelpful)))
        }
        let page = SelfServicePage(
            layout: LayoutContext(language: language, title: strings["ss_title"]!, section: .selfService, user: request.consoleUser, path: request.url.string),
            from: String(Timestamps.format(from).prefix(10)), to: String(Timestamps.format(to.addingTimeInterval(-86_400)).prefix(10)), filterError: filterError,
            isEmpty: report.searches == 0 && report.assistantConversations == 0, figures: figures,
            gaps: report.contentGaps.map { .init(query: $0.query, count: format.number($0.count)) }, hasGaps: !report.contentGaps.isEmpty,
            articles: articles, hasArticles: !articles.isEmpty,
            reasons: report.handoverReasons.sorted { $0.value > $1.value }.map { .init(query: strings["ss_reason_" + $0.key] ?? $0.key, count: format.number($0.value)) },
            hasReasons: !report.handoverReasons.isEmpty)
        return try await render(request, "self-service", page)
    }
}

/// The self-service page's view model.
struct SelfServicePage: Encodable {
    struct Figure: Encodable { var label: String; var value: String; var note: String }
    struct Gap: Encodable { var query: String; var count: String }
    struct ArticleRow: Encodable { var title: String; var href: String?; var views: String; var helpful: String; var notHelpful: String }
    var layout: LayoutContext
    var from: String
    var to: String
    var filterError: String?
    var isEmpty: Bool
    var figures: [Figure]
    var gaps: [Gap]
    var hasGaps: Bool
    var articles: [ArticleRow]
    var hasArticles: Bool
    var reasons: [Gap]
    var hasReasons: Bool
}
