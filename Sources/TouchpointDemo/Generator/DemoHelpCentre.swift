import Foundation
import TouchpointApp
import TouchpointDomain

/// Elektro Świat's help centre: 39 articles a language (two of them internal, for agents) written for the demo, and
/// the questions its customers ask (some no article answers), which the demo's year of searches and assistant
/// conversations draws from. The relevance set that measures search (`Evaluation/search`) was written separately.
public enum DemoHelpCentre {
    public static var folder: URL {
        guard let url = Bundle.module.url(forResource: "help", withExtension: nil, subdirectory: "Resources") else {
            fatalError("the demo's help-centre articles are missing from the bundle")
        }
        return url
    }

    public static func articles() throws -> [ArticleFile] { try ArticleFolder.read(folder) }

    /// A customer question and the translation key of the article that answers it (nil when none does).
    public struct Question: Sendable {
        public var text: String
        public var expected: String?
        public var language: TextLanguage
    }

    public static func questions() -> [Question] {
        TextLanguage.allCases.flatMap { language -> [Question] in
            guard let url = Bundle.module.url(forResource: language.rawValue, withExtension: "tsv", subdirectory: "Resources/help-questions"),
                  let text = try? String(contentsOf: url, encoding: .utf8) else { return [] }
            return text.split(separator: "\n").dropFirst().compactMap { line in
                let parts = line.split(separator: "\t", omittingEmptySubsequences: false)
                guard parts.count >= 2 else { return nil }
                let expected = parts[1].trimmingCharacters(in: .whitespaces)
                return Question(text: String(parts[0]), expected: expected == "none" ? nil : expected, language: language)
            }
        }
    }
}
