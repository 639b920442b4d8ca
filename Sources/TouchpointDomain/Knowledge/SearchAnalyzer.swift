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
            let folded = token.folded
            let word = folded.utf8.contains(39) ? String(folded.filter { $0 != "'" }) : folded
            guard !word.isEmpty, word.utf8.count <= 80, !SearchStopWords.contains(word, language: language) else { continue }
            if word.utf8.contains(45) {
                let joined = String(word.filter { $0 != "-" })
                terms.append(SearchTerm(word: joined, stem: stemmer.stem(joined)))
                continue
            }
            terms.append(SearchTerm(word: word, stem: stemmer.stem(word)))
        }
        return terms
    }
}
