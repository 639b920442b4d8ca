import Foundation
import TouchpointDomain

/// Which articles a list shows.
public struct ArticleFilter: Sendable {
    public var locale: TextLanguage?
    public var status: ArticleStatus?
    public var audience: ArticleAudience?
    public var category: String?
    /// Only articles with a version waiting to be published.
    public var pendingOnly: Bool
    public var limit: Int
    public var offset: Int

    public init(locale: TextLanguage? = nil, status: ArticleStatus? = nil, audience: ArticleAudience? = nil, category: String? = nil,
                pendingOnly: Bool = false, limit: Int = 100, offset: Int = 0) {
        self.locale = locale
        self.status = status
        self.audience = audience
        self.category = category
        self.pendingOnly = pendingOnly
        self.limit = limit
        self.offset = offset
    }
}

/// An image uploaded for articles.
public struct KnowledgeAttachment: Sendable {
    public var id: String
    public var contentType: String
    public var data: Data
    public init(id: String, contentType: String, data: Data) { self.id = id; self.contentType = contentType; self.data = data }
}

/// What the knowledge base needs from storage.
public protocol KnowledgeRepository: Sendable {
    /// Saves the article's row and adds `version` to its history, in one transaction. A slug or translation already
    /// taken in the language is `StorageError.conflict`.
    func saveArticle(_ article: Article, version: ArticleVersion?) async throws
    func article(_ id: ArticleID) async throws -> Article?
    func article(locale: TextLanguage, slug: String) async throws -> Article?
    func articles(_ filter: ArticleFilter) async throws -> [Article]
    func countArticles(_ filter: ArticleFilter) async throws -> Int
    /// The article in every language it has.
    func translations(of translationKey: String) async throws -> [Article]
    func versions(of id: ArticleID) async throws -> [ArticleVersion]
    /// Articles changed at or after `revision` (milliseconds), oldest change first.
    func articlesChanged(since revision: Int64) async throws -> [Article]
    func latestRevision() async throws -> Int64
    func saveAttachment(_ attachment: KnowledgeAttachment, now: Date) async throws
    func knowledgeAttachment(_ id: String) async throws -> KnowledgeAttachment?

    /// Self-service events after the projection's checkpoint, and the log position the batch reaches.
    func pendingSelfServiceEvents(limit: Int) async throws -> (events: [LoggedEvent], upTo: Int64)?
    /// Stores facts (a repeat is ignored) and moves the checkpoint, in one transaction.
    func addSelfServiceFacts(_ facts: [SelfServiceFact], checkpoint: Int64) async throws
    func selfServiceReport(from: Date, to: Date, gaps: Int) async throws -> SelfServiceReport
    /// Records Segment-style events (the help centre's, the assistant's) on the log under the sink's source.
    func recordEvents(_ events: [JSONValue], sink: ServiceTimelineSink, now: Date) async throws
}
