import Foundation

/// Finds the topics a text talks about (delivery, price, returns, staff…) from trigger words, matched folded and
/// stemmed, so "kurierem", "kurier" and "kuriera" all say delivery. Multi-word triggers ("call center") match as a
/// sequence. Each mention keeps the words that triggered it, as written.
public struct TopicDetector: Sendable {
    public let language: TextLanguage
    /// Single-word triggers: stem → topics.
    let triggers: [String: [String]]
    /// Multi-word triggers by their first stem.
    let sequences: [String: [(stems: [String], topic: String)]]

    public init(language: TextLanguage) {
        self.language = language
        let stemmer = language.stemmer
        var triggers = [String: [String]]()
        var sequences = [String: [(stems: [String], topic: String)]]()
        for (topic, words) in TopicLexicon.words[language] ?? [:] {
            for word in words {
                let stems = TextTokenizer.foldedWords(word).map { stemmer.stem($0) }
                guard let first = stems.first else { continue }
                if stems.count == 1 {
                    if !(triggers[first]?.contains(topic) ?? false) { triggers[first, default: []].append(topic) }
                } else {
                    sequences[first, default: []].append((stems, topic))
                }
            }
        }
        self.triggers = triggers
        self.sequences = sequences
    }

    /// The topics in the order of the lexicon's topic list.
    /// - Parameter stems: `language.stems(of: tokens)`.
    public func topics(_ tokens: [TextToken], stems: [String]) -> [TopicMention] {
        var found = [String: [String]]()
        for index in tokens.indices where tokens[index].kind == .word {
            for topic in triggers[stems[index]] ?? [] { found[topic, default: []].append(tokens[index].text) }
            for sequence in sequences[stems[index]] ?? [] where index + sequence.stems.count <= tokens.count {
                if (0..<sequence.stems.count).allSatisfy({ stems[index + $0] == sequence.stems[$0] }) {
                    found[sequence.topic, default: []].append(tokens[index..<(index + sequence.stems.count)].map(\.text).joined(separator: " "))
                }
            }
        }
        return TopicLexicon.topics.compactMap { topic in
            guard let words = found[topic] else { return nil }
            var seen = Set<String>()
            return TopicMention(topic: topic, words: words.filter { seen.insert($0.lowercased()).inserted })
        }
    }
}
