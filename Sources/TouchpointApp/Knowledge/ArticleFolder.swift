import Foundation
import TouchpointDomain

/// A folder of Markdown articles with front matter (`ArticleFile`): what `touchpoint kb import` reads and `kb export`
/// writes, one sub-folder per language (`pl/returns.md`).
public enum ArticleFolder {
    /// Every `.md` file under `folder`, parsed; all problems of all files at once when any is wrong.
    public static func read(_ folder: URL) throws -> [ArticleFile] {
        guard let enumerator = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil) else {
            throw KnowledgeError.invalid(["\(folder.path): no such folder"])
        }
        var files = [ArticleFile]()
        var problems = [String]()
        let paths = enumerator.compactMap { $0 as? URL }.filter { $0.pathExtension.lowercased() == "md" }.sorted { $0.path < $1.path }
        for url in paths {
            let name = url.deletingPathExtension().lastPathComponent
            let folderLocale = TextLanguage(rawValue: url.deletingLastPathComponent().lastPathComponent.lowercased())
            do {
                let text = try String(contentsOf: url, encoding: .utf8)
                files.append(try ArticleFile.parse(text, name: name, folderLocale: folderLocale))
            } catch let error as KnowledgeRuleError {
                problems += error.problems
            } catch {
                problems.append("\(url.path): cannot be read as UTF-8 text")
            }
        }
        guard problems.isEmpty else { throw KnowledgeError.invalid(problems) }
        return files
    }

    /// Writes articles as `folder/LOCALE/SLUG.md`. Returns how many files were written.
    @discardableResult
    public static func write(_ articles: [Article], to folder: URL) throws -> Int {
        for article in articles {
            let directory = folder.appendingPathComponent(article.locale.rawValue, isDirectory: true)
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            let file = ArticleFile(translationKey: article.translationKey, locale: article.locale, slug: article.slug, status: article.status,
                                   audience: article.audience, content: article.content)
            try file.rendered().write(to: directory.appendingPathComponent(article.slug + ".md"), atomically: true, encoding: .utf8)
        }
        return articles.count
    }
}

extension KnowledgeBase {
    /// Imports article files: a file whose translation key and language exist updates that article (a new published
    /// version when its content changed), a new one is created. Progress is reported every 100 files.
    public func importFiles(_ files: [ArticleFile], by editor: KnowledgeEditor, progress: (Int, Int) -> Void = { _, _ in }, now: Date = Date()) async throws
        -> (created: Int, updated: Int, unchanged: Int) {
        var created = 0, updated = 0, unchanged = 0
        for (position, file) in files.enumerated() {
            let existing = try await repository.translations(of: file.translationKey).first { $0.locale == file.locale }
            if let existing {
                if existing.content == file.content && existing.status == file.status && existing.audience == file.audience {
                    unchanged += 1
                } else {
                    _ = try await update(existing.id, content: file.content, audience: file.audience, publish: file.status == .published, by: editor, now: now)
                    if file.status == .archived { _ = try await archive(existing.id, by: editor, now: now) }
                    updated += 1
                }
            } else {
                var article = try await create(NewArticle(locale: file.locale, content: file.content, status: file.status == .archived ? .draft : file.status,
                                                          audience: file.audience, translationKey: file.translationKey, slug: file.slug), by: editor, now: now)
                if file.status == .archived { article = try await archive(article.id, by: editor, now: now) }
                created += 1
            }
            if (position + 1) % 100 == 0 || position + 1 == files.count { progress(position + 1, files.count) }
        }
        return (created, updated, unchanged)
    }
}
