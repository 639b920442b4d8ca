import Foundation
import Synchronization
import TouchpointDomain

/// Who edits the knowledge base: agents suggest (their versions wait for a manager), managers publish.
public struct KnowledgeEditor: Sendable {
    public var name: String
    public var mayPublish: Bool
    public init(name: String, mayPublish: Bool) { self.name = name; self.mayPublish = mayPublish }
}

/// Why the knowledge base refused a request.
public enum KnowledgeError: Error, Sendable, Equatable {
    case invalid([String])
    case notFound(String)
    case forbidden(String)
    case conflict(String)
}

/// A new article as an editor writes it.
public struct NewArticle: Sendable {
    public var locale: TextLanguage?
    public var content: ArticleContent
    public var status: ArticleStatus
    public var audience: ArticleAudience
    /// Another article this one translates (they share a translation key).
    public var translationOf: ArticleID?
    /// The translation key to use (import); by default the translated article's or a new one.
    public var translationKey: String?
    public var slug: String?

    public init(locale: TextLanguage?, content: ArticleContent, status: ArticleStatus = .draft, audience: ArticleAudience = .public,
                translationOf: ArticleID? = nil, translationKey: String? = nil, slug: String? = nil) {
        self.locale = locale
        self.content = content
        self.status = status
        self.audience = audience
        self.translationOf = translationOf
        self.translationKey = translationKey
        self.slug = slug
    }
}

/// The knowledge base's one door: articles with their versions and translations, the roles that may publish, and the
/// search index every node keeps in memory and brings up to date from the articles' revisions (so a change made on
/// one node is found on the others within a second).
public final class KnowledgeBase: Sendable {
    let repository: any KnowledgeRepository
    private struct IndexState {
        var index = KnowledgeIndex()
        /// The newest revision read into the index.
        var revision: Int64 = -1
        /// The revision each article was indexed at: a refresh skips what this node already has (its own changes).
        var indexed = [String: Int64]()
        var checkedAt: UInt64 = 0
    }
    private let state = Mutex(IndexState())
    /// How long a node trusts its index before asking the database for newer revisions.
    let freshness: UInt64

    public init(repository: any KnowledgeRepository, freshnessMilliseconds: UInt64 = 1_000) {
        self.repository = repository
        self.freshness = freshnessMilliseconds * 1_000_000
    }

    // MARK: Articles

    public func create(_ new: NewArticle, by editor: KnowledgeEditor, now: Date = Date()) async throws -> Article {
        let content = new.content.normalized()
        var problems = content.problems()
        if new.status == .archived { problems.append("status: a new article is draft or published") }
        if let slug = new.slug, !ArticleSlug.isValid(slug) { problems.append("slug: lower-case letters, digits and hyphens") }
        var translationKey = new.translationKey
        var locale = new.locale
        if let source = new.translationOf {
            guard let original = try await repository.article(source) else { throw KnowledgeError.invalid(["translationOf: no article '\(source.rawValue)'"]) }
            translationKey = original.translationKey
        }
        if locale == nil { locale = LanguageDetector.detect(content.title + "\n" + content.body) }
        guard problems.isEmpty, let language = locale else {
            throw KnowledgeError.invalid(problems + (locale == nil ? ["locale: say pl, en or ru (it could not be told from the text)"] : []))
        }
        if new.status == .published && !editor.mayPublish {
            throw KnowledgeError.forbidden("agents suggest articles as drafts; a manager publishes them (send status \"draft\")")
        }
        let id = ArticleID(rawValue: TimeOrderedID.make(at: now))
        let key = translationKey ?? id.rawValue
        if try await repository.translations(of: key).contains(where: { $0.locale == language }) {
            throw KnowledgeError.conflict("the article already has a \(language.rawValue) translation")
        }
        let slug = try await freeSlug(new.slug ?? ArticleSlug.make(content.title), locale: language, except: nil)
        let published = new.status == .published
        let article = Article(id: id, translationKey: key, locale: language, slug: slug, status: new.status, audience: new.audience, content: content,
                              version: 1, createdAt: now, updatedAt: now, publishedAt: published ? now : nil, author: editor.name)
        let version = ArticleVersion(version: 1, content: content, state: published ? .published : (editor.mayPublish ? .draft : .suggested),
                                     author: editor.name, createdAt: now)
        try await save(article, version: version)
        return article
    }

    /// Saves a new version. A manager's with `publish` goes live at once; otherwise a published article keeps showing
    /// its live version and the new one waits (`pending`); a draft simply changes.
    public func update(_ id: ArticleID, content: ArticleContent?, audience: ArticleAudience?, publish: Bool, note: String? = nil,
                       by editor: KnowledgeEditor, now: Date = Date()) async throws -> Article {
        var article = try await self.article(id)
        if publish && !editor.mayPublish { throw KnowledgeError.forbidden("only a manager publishes; save your change as a suggestion (without publish)") }
        if let audience, audience != article.audience {
            guard editor.mayPublish else { throw KnowledgeError.forbidden("only a manager changes who may read an article") }
            article.audience = audience
        }
        let newContent = (content ?? article.pending?.content ?? article.content).normalized()
        let problems = newContent.problems()
        guard problems.isEmpty else { throw KnowledgeError.invalid(problems) }
        let number = max(article.version, article.pending?.version ?? 0) + 1
        let goesLive = publish
        var version = ArticleVersion(version: number, content: newContent, state: editor.mayPublish ? .draft : .suggested, author: editor.name,
                                     note: note, createdAt: now)
        if goesLive {
            version.state = .published
            article.content = newContent
            article.version = number
            article.pending = nil
            if article.status != .published { article.status = .published; article.publishedAt = now }
        } else if article.status == .draft && editor.mayPublish {
            // A manager's draft changes in place (nobody outside reads it yet).
            article.content = newContent
            article.version = number
            article.pending = nil
        } else {
            article.pending = version
        }
        article.updatedAt = now
        try await save(article, version: version)
        return article
    }

    /// Makes the newest version live (a waiting suggestion or the draft).
    public func publish(_ id: ArticleID, by editor: KnowledgeEditor, now: Date = Date()) async throws -> Article {
        guard editor.mayPublish else { throw KnowledgeError.forbidden("only a manager publishes articles") }
        var article = try await self.article(id)
        var version: ArticleVersion?
        if let pending = article.pending {
            article.content = pending.content
            article.version = pending.version
            article.pending = nil
            version = ArticleVersion(version: pending.version, content: pending.content, state: .published, author: pending.author,
                                     note: pending.note, createdAt: pending.createdAt)
        } else if article.status != .published {
            version = ArticleVersion(version: article.version, content: article.content, state: .published, author: editor.name, createdAt: now)
        }
        article.status = .published
        article.publishedAt = article.publishedAt ?? now
        article.updatedAt = now
        try await save(article, version: version)
        return article
    }

    /// Takes an article off every public place, keeping it and its history.
    public func archive(_ id: ArticleID, by editor: KnowledgeEditor, now: Date = Date()) async throws -> Article {
        guard editor.mayPublish else { throw KnowledgeError.forbidden("only a manager archives articles") }
        var article = try await self.article(id)
        article.status = .archived
        article.updatedAt = now
        try await save(article, version: nil)
        return article
    }

    public func article(_ id: ArticleID) async throws -> Article {
        guard let article = try await repository.article(id) else { throw KnowledgeError.notFound("no article '\(id.rawValue)'") }
        return article
    }

    /// The article, or nil when there is none (search hits name articles by id).
    public func find(_ id: ArticleID) async throws -> Article? { try await repository.article(id) }

    public func article(locale: TextLanguage, slug: String) async throws -> Article? { try await repository.article(locale: locale, slug: slug) }
    public func articles(_ filter: ArticleFilter) async throws -> [Article] { try await repository.articles(filter) }
    public func count(_ filter: ArticleFilter) async throws -> Int { try await repository.countArticles(filter) }
    public func translations(of article: Article) async throws -> [Article] { try await repository.translations(of: article.translationKey) }
    public func versions(of id: ArticleID) async throws -> [ArticleVersion] { try await repository.versions(of: id) }

    public func saveAttachment(contentType: String, data: Data, now: Date = Date()) async throws -> KnowledgeAttachment {
        let attachment = KnowledgeAttachment(id: UUID().uuidString.lowercased(), contentType: contentType, data: data)
        try await repository.saveAttachment(attachment, now: now)
        return attachment
    }

    public func attachment(_ id: String) async throws -> KnowledgeAttachment? { try await repository.knowledgeAttachment(id) }

    private func save(_ article: Article, version: ArticleVersion?) async throws {
        try await repository.saveArticle(article, version: version)
        // This node sees its own change at once; the others within `freshness`.
        state.withLock { state in
            if article.isSearchable { state.index.add(IndexableArticle(article)) } else { state.index.remove(article.id.rawValue) }
            state.indexed[article.id.rawValue] = Timestamps.millis(article.updatedAt)
        }
    }

    private func freeSlug(_ wanted: String, locale: TextLanguage, except: ArticleID?) async throws -> String {
        var slug = wanted
        var suffix = 2
        while let existing = try await repository.article(locale: locale, slug: slug), existing.id != except {
            slug = wanted + "-\(suffix)"
            suffix += 1
        }
        return slug
    }

    // MARK: Search

    /// Articles for a query, best first (published only; internal ones only when `includeInternal`).
    public func search(_ query: SearchQuery) async throws -> [SearchHit] {
        try await refreshIndex()
        return state.withLock { $0.index }.search(query)
    }

    /// What a customer may be shown for a question (the help centre, its suggestions, the demo's history): published
    /// public articles that match at least `minimumCoverage` of it, each with its hit.
    public func customerResults(_ query: SearchQuery, minimumCoverage: Double = KnowledgeIndex.customerCoverage) async throws
        -> [(hit: SearchHit, article: Article)] {
        var query = query
        query.includeInternal = false
        var results = [(hit: SearchHit, article: Article)]()
        for hit in try await search(query) where hit.coverage >= minimumCoverage {
            if let article = try await repository.article(ArticleID(rawValue: hit.id)), article.isPublic { results.append((hit, article)) }
        }
        return results
    }

    /// Reads articles changed since the index's revision (all of them the first time). Asks the database at most once
    /// per `freshness` unless `force`.
    public func refreshIndex(force: Bool = false) async throws {
        let now = DispatchTime.now().uptimeNanoseconds
        let since: Int64? = state.withLock { state in
            if !force && state.revision >= 0 && now - state.checkedAt < freshness { return nil }
            state.checkedAt = now
            return state.revision
        }
        guard let since else { return }
        let latest = try await repository.latestRevision()
        if since >= 0 && latest <= since { return }
        // Changes from other nodes may carry a revision a little older than ours (clocks differ): re-read 5 s back.
        let from = since < 0 ? 0 : since - 5_000
        let changed = try await repository.articlesChanged(since: from)
        let known = state.withLock { $0.indexed }
        let indexable = changed.filter { known[$0.id.rawValue] != Timestamps.millis($0.updatedAt) }
            .map { ($0.id.rawValue, Timestamps.millis($0.updatedAt), $0.isSearchable ? IndexableArticle($0) : nil) }
        state.withLock { state in
            for (id, revision, article) in indexable {
                if let article { state.index.add(article) } else { state.index.remove(id) }
                state.indexed[id] = revision
            }
            state.revision = max(state.revision, latest)
        }
    }

    /// How many articles the index holds.
    public var indexedCount: Int { state.withLock { $0.index.count } }

    /// The index as it is now (for the evaluation and benchmarks).
    public var indexSnapshot: KnowledgeIndex { state.withLock { $0.index } }
}
