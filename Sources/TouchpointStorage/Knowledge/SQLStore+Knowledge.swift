import Foundation
import SQLKit
import TouchpointApp
import TouchpointDomain

/// The knowledge base's articles, their versions and images.
extension SQLStore: KnowledgeRepository {
    static let articleColumns = "id, translation_key, locale, slug, status, audience, title, body, category, tags, version, pending_version, author, created_at, updated_at, published_at"

    public func saveArticle(_ article: Article, version: ArticleVersion?) async throws {
        try await write { sql in
            var statement = SQLStatement("INSERT INTO kb_articles (" + Self.articleColumns + ", revision) VALUES (")
            statement.bind(article.id.rawValue); statement.append(", ")
            statement.bind(article.translationKey); statement.append(", ")
            statement.bind(article.locale.rawValue); statement.append(", ")
            statement.bind(article.slug); statement.append(", ")
            statement.bind(article.status.rawValue); statement.append(", ")
            statement.bind(article.audience.rawValue); statement.append(", ")
            statement.bind(article.content.title); statement.append(", ")
            statement.bind(article.content.body); statement.append(", ")
            statement.bind(article.content.category); statement.append(", ")
            statement.bind(Self.tagsJSON(article.content.tags)); statement.append(", ")
            statement.bind(Int64(article.version)); statement.append(", ")
            statement.bind(article.pending.map { Int64($0.version) }); statement.append(", ")
            statement.bind(article.author); statement.append(", ")
            statement.bind(Timestamps.millis(article.createdAt)); statement.append(", ")
            statement.bind(Timestamps.millis(article.updatedAt)); statement.append(", ")
            statement.bind(article.publishedAt.map(Timestamps.millis)); statement.append(", ")
            statement.bind(Timestamps.millis(article.updatedAt))
            statement.append("""
                ) ON CONFLICT (id) DO UPDATE SET slug = excluded.slug, status = excluded.status, audience = excluded.audience,
                title = excluded.title, body = excluded.body, category = excluded.category, tags = excluded.tags, version = excluded.version,
                pending_version = excluded.pending_version, updated_at = excluded.updated_at, published_at = excluded.published_at,
                revision = excluded.revision
                """)
            do {
                try await sql.run(statement)
            } catch {
                if "\(error)".lowercased().contains("unique") { throw StorageError.conflict("an article with this address or translation exists in \(article.locale.rawValue)") }
                throw error
            }
            guard let version else { return }
            try await sql.run("""
                INSERT INTO kb_article_versions (article_id, version, state, title, body, category, tags, author, note, created_at)
                VALUES (\(bind: article.id.rawValue), \(bind: Int64(version.version)), \(bind: version.state.rawValue), \(bind: version.content.title),
                \(bind: version.content.body), \(bind: version.content.category), \(bind: Self.tagsJSON(version.content.tags)), \(bind: version.author),
                \(bind: version.note), \(bind: Timestamps.millis(version.createdAt)))
                ON CONFLICT (article_id, version) DO UPDATE SET state = excluded.state
                """)
        }
    }

    public func article(_ id: ArticleID) async throws -> Article? {
        try await articles(where: "id = ", id.rawValue).first
    }

    public func article(locale: TextLanguage, slug: String) async throws -> Article? {
        var statement = SQLStatement("SELECT " + Self.articleColumns + " FROM kb_articles WHERE locale = ")
        statement.bind(locale.rawValue)
        statement.append(" AND slug = ")
        statement.bind(slug)
        return try await withPending(try sql.rows(statement).map(Self.article(from:))).first
    }

    public func articles(_ filter: ArticleFilter) async throws -> [Article] {
        var statement = SQLStatement("SELECT " + Self.articleColumns + " FROM kb_articles")
        Self.filterClause(filter, into: &statement)
        statement.append(" ORDER BY locale, category, title, id LIMIT ")
        statement.bind(Int64(max(1, min(filter.limit, 20_000))))
        statement.append(" OFFSET ")
        statement.bind(Int64(max(0, filter.offset)))
        return try await withPending(try sql.rows(statement).map(Self.article(from:)))
    }

    public func countArticles(_ filter: ArticleFilter) async throws -> Int {
        var statement = SQLStatement("SELECT COUNT(*) AS n FROM kb_articles")
        Self.filterClause(filter, into: &statement)
        return Int(try await sql.rows(statement).first?.decode(column: "n", as: Int64.self) ?? 0)
    }

    static func filterClause(_ filter: ArticleFilter, into statement: inout SQLStatement) {
        var glue = " WHERE "
        func condition(_ text: String, _ value: String) {
            statement.append(glue + text)
            statement.bind(value)
            glue = " AND "
        }
        if let locale = filter.locale { condition("locale = ", locale.rawValue) }
        if let status = filter.status { condition("status = ", status.rawValue) }
        if let audience = filter.audience { condition("audience = ", audience.rawValue) }
        if let category = filter.category { condition("category = ", category) }
        if filter.pendingOnly { statement.append(glue + "pending_version IS NOT NULL") }
    }

    public func translations(of translationKey: String) async throws -> [Article] {
        try await articles(where: "translation_key = ", translationKey)
    }

    public func versions(of id: ArticleID) async throws -> [ArticleVersion] {
        try await sql.rows("""
            SELECT version, state, title, body, category, tags, author, note, created_at FROM kb_article_versions
            WHERE article_id = \(bind: id.rawValue) ORDER BY version DESC
            """).map(Self.version(from:))
    }

    public func articlesChanged(since revision: Int64) async throws -> [Article] {
        var statement = SQLStatement("SELECT " + Self.articleColumns + " FROM kb_articles WHERE revision >= ")
        statement.bind(revision)
        statement.append(" ORDER BY revision, id")
        // The index reads live content only: no need for the pending versions.
        return try await sql.rows(statement).map(Self.article(from:))
    }

    public func latestRevision() async throws -> Int64 {
        try await sql.rows("SELECT MAX(revision) AS r FROM kb_articles").first?.decode(column: "r", as: Int64?.self) ?? 0
    }

    public func saveAttachment(_ attachment: KnowledgeAttachment, now: Date) async throws {
        try await write { sql in
            try await sql.run("""
                INSERT INTO kb_attachments (id, content_type, size_bytes, content, created_at) VALUES (\(bind: attachment.id),
                \(bind: attachment.contentType), \(bind: Int64(attachment.data.count)), \(bind: attachment.data.base64EncodedString()), \(bind: Timestamps.millis(now)))
                """)
        }
    }

    public func knowledgeAttachment(_ id: String) async throws -> KnowledgeAttachment? {
        guard let row = try await sql.rows("SELECT content_type, content FROM kb_attachments WHERE id = \(bind: id)").first,
              let data = Data(base64Encoded: try row.decode(column: "content", as: String.self)) else { return nil }
        return KnowledgeAttachment(id: id, contentType: try row.decode(column: "content_type", as: String.self), data: data)
    }

    public func recordEvents(_ events: [JSONValue], sink: ServiceTimelineSink, now: Date) async throws {
        try await write { sql in try await Self.recordTimeline(events, sink: sink, now: now, on: sql, group: nil) }
    }

    // MARK: Rows

    private func articles(where condition: String, _ value: String) async throws -> [Article] {
        var statement = SQLStatement("SELECT " + Self.articleColumns + " FROM kb_articles WHERE " + condition)
        statement.bind(value)
        statement.append(" ORDER BY locale")
        return try await withPending(try sql.rows(statement).map(Self.article(from:)))
    }

    /// Fills in each article's waiting version from its history.
    private func withPending(_ articles: [Article]) async throws -> [Article] {
        var result = articles
        for index in result.indices {
            guard let waiting = result[index].pending?.version else { continue }
            let rows = try await sql.rows("""
                SELECT version, state, title, body, category, tags, author, note, created_at FROM kb_article_versions
                WHERE article_id = \(bind: result[index].id.rawValue) AND version = \(bind: Int64(waiting))
                """)
            result[index].pending = try rows.first.map(Self.version(from:))
        }
        return result
    }

    static func tagsJSON(_ tags: [String]) -> String { JSONCodec.serialize(.array(tags.map { .string($0) })) }

    static func tags(_ text: String) -> [String] { JSONValue.parse(text)?.arrayValue?.compactMap(\.stringValue) ?? [] }

    static func article(from row: any SQLRow) throws -> Article {
        let pending = try row.decode(column: "pending_version", as: Int64?.self)
        return Article(
            id: ArticleID(rawValue: try row.decode(column: "id", as: String.self)),
            translationKey: try row.decode(column: "translation_key", as: String.self),
            locale: TextLanguage(rawValue: try row.decode(column: "locale", as: String.self)) ?? .pl,
            slug: try row.decode(column: "slug", as: String.self),
            status: ArticleStatus(rawValue: try row.decode(column: "status", as: String.self)) ?? .draft,
            audience: ArticleAudience(rawValue: try row.decode(column: "audience", as: String.self)) ?? .internal,
            content: ArticleContent(title: try row.decode(column: "title", as: String.self), body: try row.decode(column: "body", as: String.self),
                                    category: try row.decode(column: "category", as: String?.self), tags: tags(try row.decode(column: "tags", as: String.self))),
            version: Int(try row.decode(column: "version", as: Int64.self)),
            // A placeholder carrying the number: `withPending` reads the version itself.
            pending: pending.map { ArticleVersion(version: Int($0), content: ArticleContent(title: "", body: ""), state: .draft, author: "", createdAt: Date(timeIntervalSince1970: 0)) },
            createdAt: Timestamps.date(millis: try row.decode(column: "created_at", as: Int64.self)),
            updatedAt: Timestamps.date(millis: try row.decode(column: "updated_at", as: Int64.self)),
            publishedAt: try row.decode(column: "published_at", as: Int64?.self).map { Timestamps.date(millis: $0) },
            author: try row.decode(column: "author", as: String.self))
    }

    static func version(from row: any SQLRow) throws -> ArticleVersion {
        ArticleVersion(
            version: Int(try row.decode(column: "version", as: Int64.self)),
            content: ArticleContent(title: try row.decode(column: "title", as: String.self), body: try row.decode(column: "body", as: String.self),
                                    category: try row.decode(column: "category", as: String?.self), tags: tags(try row.decode(column: "tags", as: String.self))),
            state: ArticleVersion.State(rawValue: try row.decode(column: "state", as: String.self)) ?? .draft,
            author: try row.decode(column: "author", as: String.self),
            note: try row.decode(column: "note", as: String?.self),
            createdAt: Timestamps.date(millis: try row.decode(column: "created_at", as: Int64.self)))
    }
}
