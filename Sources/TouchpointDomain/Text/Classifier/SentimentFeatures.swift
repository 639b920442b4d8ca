import Foundation

/// What the sentiment classifier sees of a text: sparse binary features (stems, stems under a negation, the stems
/// after a contrast word, neighbouring stem pairs, emoji, question and exclamation marks) and the lexicon's own score,
/// so the learnt weights correct the rules instead of starting from nothing.
public struct SentimentFeatures: Sendable, Equatable {
    /// Distinct feature names, e.g. `w:dostaw`, `n:polec` (negated), `c:porysowa` (after "ale"), `b:nie_polec`, `e:😡`.
    public var sparse: [String]
    /// The dense inputs, in the order of `SentimentModel.denseNames`.
    public var dense: [Double]

    public init(sparse: [String], dense: [Double]) {
        self.sparse = sparse
        self.dense = dense
    }

    /// How far a negator reaches for the `n:` features, in words (the same as the rules').
    static let negationReach = 3

    /// Extracts the features of a tokenised, stemmed text; `lexiconScore` is `SentimentScorer.score`.
    public static func extract(_ tokens: [TextToken], stems: [String], scorer: SentimentScorer, lexiconScore: Double) -> SentimentFeatures {
        var names = Set<String>()
        var negationLeft = 0
        var afterContrast = false
        var previousStem: String?
        for (index, token) in tokens.enumerated() {
            switch token.kind {
            case .boundary:
                negationLeft = 0
                previousStem = nil
                if token.folded == "?" { names.insert("q") }
                if token.folded == "!" { names.insert("x") }
            case .emoji:
                names.insert("e:" + token.folded)
                previousStem = nil
            case .word:
                let stem = stems[index]
                if scorer.contrast.contains(token.folded) { afterContrast = true; negationLeft = 0 }
                if scorer.negators.contains(token.folded) {
                    negationLeft = negationReach
                    names.insert("w:" + stem)
                } else if negationLeft > 0 {
                    names.insert("n:" + stem)
                    negationLeft -= 1
                } else {
                    names.insert("w:" + stem)
                }
                if afterContrast { names.insert("c:" + stem) }
                if let previousStem { names.insert("b:" + previousStem + "_" + stem) }
                previousStem = stem
            }
        }
        let dense = [lexiconScore, max(lexiconScore, 0), min(lexiconScore, 0), tokens.isEmpty ? 0 : min(Double(tokens.count), 40) / 40]
        return SentimentFeatures(sparse: names.sorted(), dense: dense)
    }
}
