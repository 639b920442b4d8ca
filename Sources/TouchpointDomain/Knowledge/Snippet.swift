import Foundation

/// The extract a result shows: the sentence of the article that holds most of the query's words (ties to the earlier
/// one), or the article's opening paragraph when no sentence does; at most about 240 characters, cut at a word.
enum Snippet {
    static let maximumLength = 240

    static func best(in plainBody: String, lead: String, stems: Set<Int32>, index: KnowledgeIndex.LanguageIndex) -> String {
        // Matched words count most; a sentence of the opening paragraph (the article's answer) is preferred on a tie, and
        // a heading-like fragment of a few words yields to a real sentence.
        var best: (sentence: Substring, score: Double)?
        for sentence in sentences(plainBody) {
            var matched = Set<Int32>()
            var words = 0
            for token in TextTokenizer.tokens(String(sentence)) where token.kind == .word {
                words += 1
                if let stem = index.words[token.folded], stems.contains(stem) { matched.insert(stem) }
            }
            guard !matched.isEmpty else { continue }
            let score = Double(matched.count) + (lead.contains(sentence) ? 0.5 : 0) - (words < 6 ? 0.75 : 0)
            if score > (best?.score ?? 0) { best = (sentence, score) }
        }
        return shorten(best.map { String($0.sentence) } ?? (lead.isEmpty ? String(plainBody.prefix(maximumLength * 2)) : lead))
    }

    static func sentences(_ text: String) -> [Substring] {
        var result = [Substring]()
        var start = text.startIndex
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            let next = text.index(after: index)
            if character == "\n" || ((character == "." || character == "!" || character == "?") && (next == text.endIndex || text[next] == " ")) {
                let sentence = text[start..<(character == "\n" ? index : next)].trimmingCharacters(in: .whitespaces)
                if !sentence.isEmpty { result.append(Substring(sentence)) }
                start = next
            }
            index = next
        }
        let rest = text[start...].trimmingCharacters(in: .whitespaces)
        if !rest.isEmpty { result.append(Substring(rest)) }
        return result
    }

    static func shorten(_ text: String) -> String {
        guard text.count > maximumLength else { return text }
        let cut = text.prefix(maximumLength)
        let atWord = cut.lastIndex(of: " ").map { cut[cut.startIndex..<$0] } ?? cut
        return atWord.trimmingCharacters(in: CharacterSet(charactersIn: " ,;:-")) + "…"
    }
}
