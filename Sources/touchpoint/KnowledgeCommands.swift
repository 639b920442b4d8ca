import ArgumentParser
import Foundation
import TouchpointApp
import TouchpointDomain
import TouchpointWeb

/// `touchpoint kb import DIR` and `touchpoint kb export DIR`: the knowledge base as a folder of Markdown files with
/// front matter, one sub-folder per language (`pl/returns.md`).
struct KnowledgeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kb", abstract: "The knowledge base as a folder of Markdown files with front matter.",
        subcommands: [KnowledgeImportCommand.self, KnowledgeExportCommand.self])
}

struct KnowledgeImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import a folder of article files: new ones are created, changed ones get a new version, the same ones are left alone.",
        discussion: """
            Each file is Markdown with front matter (translation, locale, title, category, tags, status, internal); \
            files of one translation key are linked as translations. Every problem of every file is listed and nothing \
            is imported while any is wrong.
            """)

    @Argument(help: "The folder") var folder: String
    @Option(help: "Whose name the versions carry") var author = "import"
    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        let files: [ArticleFile]
        do {
            files = try ArticleFolder.read(URL(fileURLWithPath: folder))
        } catch KnowledgeError.invalid(let problems) {
            for problem in problems { FileHandle.standardError.write(Data("touchpoint: \(problem)\n".utf8)) }
            FileHandle.standardError.write(Data("touchpoint: nothing imported; fix the \(problems.count) problem(s) above\n".utf8))
            throw ExitCode(2)
        }
        let config = try Runtime.config(database: database.database)
        let app = try await Runtime.makeApplication(config: config, serve: false)
        do {
            let started = Date()
            let result = try await app.touchpoint.knowledge.importFiles(files, by: KnowledgeEditor(name: author, mayPublish: true)) { done, total in
                FileHandle.standardError.write(Data(String(format: "\r%5.1f%%  %d of %d files", Double(done) * 100 / Double(max(total, 1)), done, total).utf8))
            }
            FileHandle.standardError.write(Data("\n".utf8))
            print("Imported \(files.count) files in \(String(format: "%.1f", Date().timeIntervalSince(started))) s: \(result.created) created, \(result.updated) updated, \(result.unchanged) unchanged")
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
    }
}

struct KnowledgeExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export", abstract: "Write every article (drafts, internal and archived ones too) as DIR/LOCALE/SLUG.md.")

    @Argument(help: "The folder (created if absent)") var folder: String
    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        let config = try Runtime.config(database: database.database)
        let app = try await Runtime.makeApplication(config: config, serve: false)
        do {
            let articles = try await app.touchpoint.knowledge.articles(ArticleFilter(limit: 20_000))
            let written = try ArticleFolder.write(articles, to: URL(fileURLWithPath: folder))
            print("Exported \(written) articles to \(folder)")
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
    }
}
