import Foundation
import Tagged

public typealias ArticleID = Tagged<Article, String>

/// Where an article is in its life: a draft nobody outside sees, published on the help centre (and to the assistant),
/// or archived (kept with its history, gone from every public place).
public enum ArticleStatus: String, Codable, Sendable, CaseIterable {
    case draft, published, archived
}

/// Who may read an article: everyone (help centre, assistant, search) or agents only (the case page, the console).
public enum ArticleAudience: String, Codable, Sendable, CaseIterable {
    case `public`, `internal`
}

/// The content of one version of an article: what an editor writes and what the index reads.
public struct ArticleContent: Codable, Sendable, Equatable {
    public var title: String
    /// Markdown.
    public var body: String
    public var category: String?
    public var tags: [String]

    public init(title: String, body: String, category: String? = nil, tags: [String] = []) {
        self.title = title
        self.body = body
        self.category = category
        self.tags = tags
    }

    /// Every problem of the content at once (an empty list when it is fine).
    public func problems() -> [String] {
        var problems = [String]()
        let title = self.title.trimmingCharacters(in: .whitespacesAndNewlines)
        if title.isEmpty { problems.append("title: write a title") }
        if title.count > 200 { problems.append("title: at most 200 characters (it has \(title.count))") }
        if body.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { problems.append("body: write the article's text (Markdown)") }
        if body.utf8.count > 200_000 { problems.append("body: at most 200,000 bytes") }
        if let category, category.count > 100 { problems.append("category: at most 100 characters") }
        if tags.count > 30 { problems.append("tags: at most 30") }
        if tags.contains(where: { $0.trimmingCharacters(in: .whitespaces).isEmpty || $0.count > 50 }) {
            problems.append("tags: each tag has 1–50 characters")
        }
        return problems
    }

    /// The content with surrounding blanks trimmed and tags lower-cased once each, in their order.
    public func normalized() -> ArticleContent {
        var seen = Set<String>()
        let tags = self.tags.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }.filter { !$0.isEmpty && seen.insert($0).inserted }
        let category = self.category?.trimmingCharacters(in: .whitespaces)
        return ArticleContent(title: title.trimmingCharacters(in: .whitespacesAndNewlines), body: body.trimmingCharacters(in: .whitespacesAndNewlines),
                              category: category?.isEmpty == true ? nil : category, tags: tags)
    }
}

/// A knowledge-base article in one language. Translations of one another share `translationKey`. The content shown
/// everywhere is `content` (the published version once there is one); a newer unpublished version waits in
/// `pending` until a manager publishes it, so a suggestion never changes what customers read.
public struct Article: Codable, Sendable, Equatable {
    public var id: ArticleID
    public var translationKey: String
    public var locale: TextLanguage
    public var slug: String
    public var status: ArticleStatus
    public var audience: ArticleAudience
    public var content: ArticleContent
    /// The version `content` is.
    public var version: Int
    /// A newer version waiting to be published (an agent's suggestion or a manager's draft).
    public var pending: ArticleVersion?
    public var createdAt: Date
    public var updatedAt: Date
    public var publishedAt: Date?
    public var author: String

    public init(id: ArticleID, translationKey: String, locale: TextLanguage, slug: String, status: ArticleStatus, audience: ArticleAudience,
                content: ArticleContent, version: Int = 1, pending: ArticleVersion? = nil, createdAt: Date, updatedAt: Date,
                publishedAt: Date? = nil, author: String) {
        self.id = id
        self.translationKey = translationKey
        self.locale = locale
        self.slug = slug
        self.status = status
        self.audience = audience
        self.content = content
        self.version = version
        self.pending = pending
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.publishedAt = publishedAt
        self.author = author
    }

    /// Whether anyone on the internet may read it: published and public.
    public var isPublic: Bool { status == .published && audience == .public }
    /// Whether agents find it in search and on the case page: published, public or internal.
    public var isSearchable: Bool { status == .published }
}

/// One saved version of an article, kept for its history.
public struct ArticleVersion: Codable, Sendable, Equatable {
    public enum State: String, Codable, Sendable {
        /// Was or is the live version.
        case published
        /// Saved by a manager, not yet published.
        case draft
        /// Proposed by an agent, waiting for a manager.
        case suggested
    }

    public var version: Int
    public var content: ArticleContent
    public var state: State
    public var author: String
    public var note: String?
    public var createdAt: Date

    public init(version: Int, content: ArticleContent, state: State, author: String, note: String? = nil, createdAt: Date) {
        self.version = version
        self.content = content
        self.state = state
        self.author = author
        self.note = note
        self.createdAt = createdAt
    }
}

/// An article refused: every problem found, each naming its field.
public struct KnowledgeRuleError: Error, Sendable, Equatable, CustomStringConvertible {
    public var problems: [String]
    public init(_ problems: [String]) { self.problems = problems }
    public var description: String { problems.joined(separator: "; ") }
}
