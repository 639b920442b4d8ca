import Foundation

/// One word of a text as the knowledge index sees it: the folded form as written (for typo matching and prefixes) and
/// its stem (what is matched), in order, stop words left out.
public struct SearchTerm: Sendable, Equatable {
    public var word: String
    public var stem: String
}

/// Turns a title, a body or a query into search terms: tokens, folding (diacritics, ł, ё), stop words, stems.
/// The same function reads articles and queries, so both meet on the same keys on any database.
public enum SearchAnalyzer {
    public static func terms(_ text: String, language: TextLanguage) -> [SearchTerm] {
        let stemmer = language.stemmer
        var terms = [SearchTerm]()
        for token in TextTokenizer.tokens(text) where token.kind == .word {
            // Hyphenated words are also found by their parts ("e-mail" → e-mail; "wi-fi" → wifi).
            let word = token.folded.replacingOccurrences(of: "'", with: "")
            guard !word.isEmpty, word.count <= 40, !SearchStopWords.contains(word, language: language) else { continue }
            if word.contains("-") {
                let joined = word.replacingOccurrences(of: "-", with: "")
                terms.append(SearchTerm(word: joined, stem: stemmer.stem(joined)))
                continue
            }
            terms.append(SearchTerm(word: word, stem: stemmer.stem(word)))
        }
        return terms
    }
}
