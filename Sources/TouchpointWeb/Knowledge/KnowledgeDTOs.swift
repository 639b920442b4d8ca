import Vapor
import TouchpointApp
import TouchpointDomain

/// `POST /api/v1/kb/articles` (CONTRACT) and `PUT|PATCH /api/v1/kb/articles/{id}`.
struct ArticleBody: RequestBody {
    var locale: String?
    var title: String?
    var body: String?
    var category: String?
    var tags: [String]?
    var status: ArticleStatus?
    var audience: ArticleAudience?
    /// Shorthand for `audience: internal`.
    var `internal`: Bool?
    var translationOf: String?
    var slug: String?
    /// On update: make this version live now (managers).
    var publish: Bool?
    var note: String?

    static var fieldErrors: [String: APIError] {
        ["status": .badRequest("invalid_status", "status must be draft or published"),
         "audience": .badRequest("invalid_audience", "audience must be public or internal")]
    }

    var language: TextLanguage? {
        get throws {
            guard let locale else { return nil }
            guard let language = TextLanguage(localeCode: locale) else {
                throw APIError(status: .unprocessableEntity, code: "invalid_article", message: "locale: pl, en or ru, not '\(locale)'",
                               details: ["problems": .array([.string("locale: pl, en or ru, not '\(locale)'")])])
            }
            return language
        }
    }

    var chosenAudience: ArticleAudience? { audience ?? self.internal.map { $0 ? .internal : .public } }
}

/// `POST /api/v1/assistant/answer` (CONTRACT), with optional conversation context.
struct AssistantBody: RequestBody {
    var question: String
    var locale: String?
    /// How many earlier answers in this conversation did not help (after two the assistant hands over).
    var unhelpfulAnswers: Int?
    /// A person to hand over for: their case gets the transcript (`TYPE:VALUE`).
    var profile: String?
    /// Earlier lines of the conversation, for the hand-over's transcript.
    var transcript: [String]?
    var conversationId: String?
}

enum KnowledgeDTO {
    static func article(_ article: Article, translations: [Article] = [], full: Bool = true) -> JSONValue {
        var fields: [String: JSONValue] = [
            "id": .string(article.id.rawValue), "locale": .string(article.locale.rawValue), "title": .string(article.content.title),
            "slug": .string(article.slug), "status": .string(article.status.rawValue), "audience": .string(article.audience.rawValue),
            "category": .optional(article.content.category), "tags": .array(article.content.tags.map { .string($0) }),
            "translationKey": .string(article.translationKey), "version": .int(article.version),
            "createdAt": .date(article.createdAt), "updatedAt": .date(article.updatedAt), "publishedAt": .date(article.publishedAt),
            "author": .string(article.author), "url": .string("/help/\(article.locale.rawValue)/a/\(article.slug)"),
            "pendingVersion": article.pending.map { .int($0.version) } ?? .null,
        ]
        if full {
            fields["body"] = .string(article.content.body)
            fields["pending"] = article.pending.map(version) ?? .null
            fields["translations"] = .array(translations.filter { $0.id != article.id }.map {
                .object(["id": .string($0.id.rawValue), "locale": .string($0.locale.rawValue), "title": .string($0.content.title), "status": .string($0.status.rawValue)])
            })
        }
        return .object(fields)
    }

    static func version(_ version: ArticleVersion) -> JSONValue {
        .object(["version": .int(version.version), "state": .string(version.state.rawValue), "title": .string(version.content.title),
                 "body": .string(version.content.body), "category": .optional(version.content.category),
                 "tags": .array(version.content.tags.map { .string($0) }), "author": .string(version.author), "note": .optional(version.note),
                 "createdAt": .date(version.createdAt)])
    }

    static func hit(_ hit: SearchHit, url: String?) -> JSONValue {
        .object(["id": .string(hit.id), "title": .string(hit.title), "snippet": .string(hit.snippet), "score": .number(hit.score),
                 "url": .optional(url)])
    }

    static func report(_ report: SelfServiceReport, titles: [String: String]) -> JSONValue {
        func rate(_ value: Double?) -> JSONValue { value.map { .number(($0 * 1000).rounded() / 1000) } ?? .null }
        return .object([
            "searches": .int(report.searches), "zeroResultSearches": .int(report.zeroResultSearches), "zeroResultRate": rate(report.zeroResultRate),
            "contentGaps": .array(report.contentGaps.map { .object(["query": .string($0.query), "count": .int($0.count)]) }),
            "articleViews": .int(report.articleViews), "helpful": .int(report.helpfulVotes), "notHelpful": .int(report.notHelpfulVotes),
            "helpfulRate": rate(report.helpfulRate),
            "articles": .array(report.articles.map {
                .object(["id": .string($0.articleID), "title": .optional(titles[$0.articleID]), "views": .int($0.views),
                         "helpful": .int($0.helpful), "notHelpful": .int($0.notHelpful)])
            }),
            "assistantConversations": .int(report.assistantConversations), "answeredWithoutHandover": .int(report.answeredWithoutHandover),
            "handovers": .int(report.handovers), "handoverRate": rate(report.handoverRate),
            "handoverReasons": .object(report.handoverReasons.mapValues { .int($0) }),
            "answered": .int(report.answered), "verifiedSelfService": .int(report.verifiedSelfService), "verifiedRate": rate(report.verifiedRate),
        ])
    }
}
