import ArgumentParser
import Foundation
import TouchpointApp
import TouchpointDemo
import TouchpointDomain

/// `touchpoint eval search`: the knowledge base search's recall@3 and MRR per language, on a relevance set (queries
/// with the article that should answer them) over the demo help centre's articles or a folder of your own.
struct SearchEvalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search",
        abstract: "Knowledge-base search quality per language: recall@3 and MRR on a relevance set (target recall@3 ≥ 0.9).")

    @ArgumentParser.Option(help: "A folder with pl.tsv, en.tsv and ru.tsv (query<TAB>translation key)") var set = "Evaluation/search"
    @ArgumentParser.Option(help: "A folder of article files (default: the demo help centre's)") var articles: String?
    @ArgumentParser.Flag(help: "List every query whose article is not in the first three") var misses = false

    func run() throws {
        let files = try articles.map { try ArticleFolder.read(URL(fileURLWithPath: $0)) } ?? DemoHelpCentre.articles()
        var index = KnowledgeIndex()
        var keys = [String: String]()
        for (position, file) in files.enumerated() where file.status == .published && file.audience == .public {
            let id = "a\(position)"
            keys[id] = file.translationKey
            index.add(IndexableArticle(id: id, locale: file.locale, audience: file.audience, title: file.content.title,
                                       category: file.content.category, tags: file.content.tags, body: file.content.body))
        }
        print("Touchpoint knowledge-base search on \(set) over \(index.count) public articles")
        print("  lang  queries  recall@3   MRR")
        var lowest = 1.0
        var reports = [(TextLanguage, SearchEvaluation)]()
        for language in TextLanguage.allCases {
            let file = URL(fileURLWithPath: set).appendingPathComponent("\(language.rawValue).tsv")
            guard let text = try? String(contentsOf: file, encoding: .utf8) else { throw ValidationError("\(file.path) is missing: one query<TAB>key per line") }
            let cases = text.split(separator: "\n").dropFirst().compactMap { line -> (query: String, expected: String)? in
                let parts = line.split(separator: "\t")
                return parts.count >= 2 ? (String(parts[0]), parts[1].trimmingCharacters(in: .whitespaces)) : nil
            }
            let report = SearchEvaluation.evaluate(cases) { query in
                index.search(SearchQuery(text: query, language: language, limit: 10)).compactMap { keys[$0.id] }
            }
            lowest = min(lowest, report.recallAt3)
            reports.append((language, report))
            print(String(format: "  %@    %5d     %.3f   %.3f", language.rawValue, report.queries, report.recallAt3, report.meanReciprocalRank))
        }
        if misses {
            for (language, report) in reports {
                for miss in report.misses { print("    [\(language.rawValue)] \(miss.query) → expected \(miss.expected), got \(miss.found.joined(separator: ", "))") }
            }
        }
        print(String(format: "  target: recall@3 ≥ 0.9 in each language — lowest %.3f: %@", lowest, lowest >= 0.9 ? "met" : "NOT met"))
    }
}
