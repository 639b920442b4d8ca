import ArgumentParser
import Foundation
import TouchpointApp
import TouchpointDemo
import TouchpointDomain

/// `touchpoint eval assistant`: how the assistant's rules behave on customer questions with a known answer (or none):
/// answered right, answered wrong, asked to choose, handed over; and for the questions no article answers, how often
/// it admits it (hands over) rather than answers.
struct AssistantEvalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "assistant",
        abstract: "The assistant on the demo's customer questions per language: right / wrong / clarify / hand-over, and honesty on unanswerable ones.")

    @ArgumentParser.Option(help: "A folder of article files (default: the demo help centre's)") var articles: String?
    @ArgumentParser.Flag(help: "List every question answered wrongly or handed over") var misses = false

    func run() throws {
        let files = try articles.map { try ArticleFolder.read(URL(fileURLWithPath: $0)) } ?? DemoHelpCentre.articles()
        var index = KnowledgeIndex()
        var keys = [String: String]()
        for (position, file) in files.enumerated() where file.status == .published && file.audience == .public {
            keys["a\(position)"] = file.translationKey
            index.add(IndexableArticle(id: "a\(position)", locale: file.locale, audience: file.audience, title: file.content.title,
                                       category: file.content.category, tags: file.content.tags, body: file.content.body))
        }
        print("Touchpoint assistant on the demo's customer questions (\(index.count) public articles)")
        print("  lang  answerable  right  wrong  clarify(right in 2)  handover | unanswerable  handed over")
        for language in TextLanguage.allCases {
            let questions = DemoHelpCentre.questions().filter { $0.language == language }
            var right = 0, wrong = 0, clarify = 0, clarifyRight = 0, handover = 0, unanswerable = 0, admitted = 0
            var lines = [String]()
            for question in questions {
                let hits = index.search(SearchQuery(text: question.text, language: language, limit: 5))
                let analysis = TextAnalyzer.shared.analyze(question.text, locale: language)
                let decision = AssistantRules.decide(question: question.text, language: language, hits: hits, sentimentScore: analysis.score, unhelpfulSoFar: 0)
                guard let expected = question.expected else {
                    unanswerable += 1
                    if case .handover = decision { admitted += 1 } else { lines.append("    [\(language.rawValue)] answered an unanswerable question: \(question.text)") }
                    continue
                }
                switch decision {
                case .answer(let hit, let confidence):
                    if keys[hit.id] == expected { right += 1 } else {
                        wrong += 1
                        lines.append(String(format: "    [%@] wrong (%.2f): %@ → %@, expected %@", language.rawValue, confidence, question.text, keys[hit.id] ?? "?", expected))
                    }
                case .clarify(let hits, _):
                    clarify += 1
                    if hits.contains(where: { keys[$0.id] == expected }) { clarifyRight += 1 }
                case .handover(let reason, _, let confidence):
                    handover += 1
                    lines.append(String(format: "    [%@] handed over (%@, %.2f): %@", language.rawValue, reason.rawValue, confidence, question.text))
                }
            }
            let answerable = questions.count - unanswerable
            print(String(format: "  %@    %10d  %5d  %5d  %7d (%d)          %8d | %12d  %11d", language.rawValue, answerable, right, wrong, clarify, clarifyRight,
                         handover, unanswerable, admitted))
            if misses { lines.forEach { print($0) } }
        }
    }
}
