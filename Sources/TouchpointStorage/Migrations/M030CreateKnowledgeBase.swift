import SQLKit

/// The knowledge base: articles (the live content as columns, one row per language; translations share a key), every
/// saved version for the history, and images uploaded for articles. `revision` is the moment of the last change in
/// milliseconds: each node's search index reads the articles changed since the last it saw.
struct M030CreateKnowledgeBase: SchemaMigration {
    static let migrationName = "030_create_knowledge_base"

    func prepare(on sql: any SQLDatabase, dialect: SQLDialectKind) async throws {
        try await sql.run("""
            CREATE TABLE kb_articles (
                id TEXT PRIMARY KEY,
                translation_key TEXT NOT NULL,
                locale TEXT NOT NULL,
                slug TEXT NOT NULL,
                status TEXT NOT NULL,
                audience TEXT NOT NULL,
                title TEXT NOT NULL,
                body TEXT NOT NULL,
                category TEXT,
                tags TEXT NOT NULL,
                version BIGINT NOT NULL,
                pending_version BIGINT,
                revision BIGINT NOT NULL,
                author TEXT NOT NULL,
                created_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL,
                published_at BIGINT
            )\(dialect.keyedByText)
            """)
        try await sql.run("CREATE UNIQUE INDEX kb_articles_slug ON kb_articles (locale, slug)")
        try await sql.run("CREATE UNIQUE INDEX kb_articles_translation ON kb_articles (translation_key, locale)")
        try await sql.run("CREATE INDEX kb_articles_revision ON kb_articles (revision)")
        try await sql.run("""
            CREATE TABLE kb_article_versions (
                article_id TEXT NOT NULL,
                version BIGINT NOT NULL,
                state TEXT NOT NULL,
                title TEXT NOT NULL,
                body TEXT NOT NULL,
                category TEXT,
                tags TEXT NOT NULL,
                author TEXT NOT NULL,
                note TEXT,
                created_at BIGINT NOT NULL,
                PRIMARY KEY (article_id, version)
            )\(dialect.keyedByText)
            """)
        try await sql.run("""
            CREATE TABLE kb_attachments (
                id TEXT PRIMARY KEY,
                content_type TEXT NOT NULL,
                size_bytes BIGINT NOT NULL,
                content TEXT NOT NULL,
                created_at BIGINT NOT NULL
            )\(dialect.keyedByText)
            """)
    }

    func revert(on sql: any SQLDatabase, dialect: SQLDialectKind) async throws {
        try await sql.run("DROP TABLE kb_attachments")
        try await sql.run("DROP TABLE kb_article_versions")
        try await sql.run("DROP TABLE kb_articles")
    }
}
