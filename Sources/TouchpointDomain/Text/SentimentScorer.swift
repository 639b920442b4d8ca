import Foundation

/// Scores the opinion in a text with a lexicon and rules, VADER-style: opinion words and emoji carry a valence; a
/// negator a few words before flips and weakens it ("nie jest zły", "не плохо", "not bad"); intensifiers scale it
/// ("bardzo", "очень", "very", "trochę"); a contrast ("ale", "но", "but") makes the clause after it count more than
/// the one before; a concessive clause ("chociaż", "хотя", "although") counts less; fixed phrases ("nie polecam",
/// "bez problemu", "waste of time") are matched before single words. Words are matched folded and stemmed, so
/// inflected forms and text without diacritics find their entry.
public struct SentimentScorer: Sendable {
    public let language: TextLanguage
    let exact: [String: Double]
    let stems: [String: Double]
    /// Phrases by their first stem, longest first.
    let phrases: [String: [(stems: [String], valence: Double)]]
    let negators: Set<String>
    let intensifiers: [String: Double]
    let contrast: Set<String>
    let concessive: Set<String>
    let emoji: [String: Double]

    /// How far a negator reaches, in words.
    static let negationReach = 3
    /// A negated opinion is flipped and weakened: "not bad" is less than "good".
    static let negationFactor = -0.75
    /// Weights of the clauses around a contrast word.
    static let beforeContrast = 0.5, afterContrast = 1.5
    /// A concessive clause weighs this much.
    static let concessiveWeight = 0.5
    /// Normalises a sum of valences into -1…1 (VADER's alpha).
    static let normalisation = 15.0

    public init(language: TextLanguage) {
        self.language = language
        let stemmer = language.stemmer
        var exact = [String: Double]()
        var stemSums = [String: (sum: Double, count: Double)]()
        // Service cues fill in where the general lexicon is silent; it wins where both speak.
        let words = SentimentLexicon.words(for: language).merging(SentimentLexicon.serviceCues[language] ?? [:]) { general, _ in general }
        for (word, valence) in words {
            let folded = TextFolding.fold(word)
            exact[folded] = valence
            let stem = stemmer.stem(folded)
            let previous = stemSums[stem] ?? (0, 0)
            stemSums[stem] = (previous.sum + valence, previous.count + 1)
        }
        self.exact = exact
        self.stems = stemSums.mapValues { $0.sum / $0.count }
        var phrases = [String: [(stems: [String], valence: Double)]]()
        for (phrase, valence) in SentimentLexicon.phrases[language] ?? [:] {
            let words = TextTokenizer.foldedWords(phrase).map { stemmer.stem($0) }
            guard let first = words.first else { continue }
            phrases[first, default: []].append((words, valence))
        }
        self.phrases = phrases.mapValues { $0.sorted { $0.stems.count > $1.stems.count } }
        func fold(_ words: Set<String>?) -> Set<String> { Set((words ?? []).map(TextFolding.fold)) }
        self.negators = fold(SentimentLexicon.negators[language])
        self.contrast = fold(SentimentLexicon.contrast[language])
        self.concessive = fold(SentimentLexicon.concessive[language])
        self.intensifiers = Dictionary((SentimentLexicon.intensifiers[language] ?? [:]).map { (TextFolding.fold($0.key), $0.value) },
                                       uniquingKeysWith: { first, _ in first })
        self.emoji = Dictionary(SentimentLexicon.emoji.map { (TextFolding.fold($0.key), $0.value) }, uniquingKeysWith: { first, _ in first })
    }

    /// The valence of a word on its own, if it has one.
    func valence(folded: String, stem: String) -> Double? {
        if let value = exact[folded] { return value }
        // A short word's stem is too short to trust: "zł" (złoty) must not read as "zły".
        return folded.unicodeScalars.count >= 4 ? stems[stem] : nil
    }

    /// The text's score (-1…1) and its raw sum of valences.
    /// - Parameter stemsOfTokens: `language.stems(of: tokens)`.
    public func score(_ tokens: [TextToken], stems stemsOfTokens: [String]) -> (score: Double, sum: Double) {
        var before = 0.0, after = 0.0
        var sawContrast = false
        var negationLeft = 0
        var pendingIntensity = 1.0, intensityLeft = 0
        var clauseWeight = 1.0
        var exclamations = 0
        var index = 0

        func add(_ value: Double) {
            let weighted = value * clauseWeight
            if sawContrast { after += weighted } else { before += weighted }
        }

        while index < tokens.count {
            let token = tokens[index]
            switch token.kind {
            case .boundary:
                negationLeft = 0; intensityLeft = 0; pendingIntensity = 1; clauseWeight = 1
                if token.folded == "!" { exclamations += 1 }
                index += 1
                continue
            case .emoji:
                if let value = emoji[token.folded] { add(value) }
                index += 1
                continue
            case .word:
                break
            }
            let folded = token.folded, stem = stemsOfTokens[index]
            if contrast.contains(folded) {
                // Everything said so far is outweighed by what follows ("szybko, ale porysowany").
                before += after; after = 0
                sawContrast = true
                negationLeft = 0; intensityLeft = 0; pendingIntensity = 1; clauseWeight = 1
                index += 1
                continue
            }
            if concessive.contains(folded) {
                clauseWeight = Self.concessiveWeight
                index += 1
                continue
            }
            if let (length, value) = phrase(at: index, stems: stemsOfTokens, tokens: tokens) {
                add(value * (intensityLeft > 0 ? pendingIntensity : 1))
                intensityLeft = 0; pendingIntensity = 1; negationLeft = 0
                index += length
                continue
            }
            if negators.contains(folded) {
                // Negative concord ("nikt nie odpowiada", "никто не"): several negators are one negation.
                negationLeft = Self.negationReach
                index += 1
                continue
            }
            if let multiplier = intensifiers[folded], nextOpinion(after: index, stems: stemsOfTokens, tokens: tokens) {
                pendingIntensity *= multiplier
                intensityLeft = 2
                index += 1
                continue
            }
            if var value = valence(folded: folded, stem: stem) {
                if intensityLeft > 0 { value *= pendingIntensity }
                if negationLeft > 0 { value *= Self.negationFactor }
                add(value)
                intensityLeft = 0; pendingIntensity = 1
            } else {
                if intensityLeft > 0 { intensityLeft -= 1; if intensityLeft == 0 { pendingIntensity = 1 } }
            }
            if negationLeft > 0 { negationLeft -= 1 }
            index += 1
        }
        var sum = sawContrast ? before * Self.beforeContrast + after * Self.afterContrast : before
        // Exclamation marks add emphasis in the direction already taken.
        if sum != 0 { sum += Double(min(exclamations, 3)) * 0.3 * (sum > 0 ? 1 : -1) }
        let score = sum / (sum * sum + Self.normalisation).squareRoot()
        return (score, sum)
    }

    /// True when an opinion word or emoji comes within the next two words, so "super" before "obsługa" intensifies
    /// nothing but "super szybko" is very fast.
    func nextOpinion(after index: Int, stems: [String], tokens: [TextToken]) -> Bool {
        var next = index + 1, seen = 0
        while next < tokens.count, seen < 2 {
            let token = tokens[next]
            if token.kind == .boundary { return false }
            if token.kind == .emoji { return emoji[token.folded] != nil }
            if valence(folded: token.folded, stem: stems[next]) != nil || intensifiers[token.folded] != nil { return true }
            seen += 1; next += 1
        }
        return false
    }

    /// The longest phrase starting at a word: its length in tokens and its valence.
    func phrase(at index: Int, stems: [String], tokens: [TextToken]) -> (Int, Double)? {
        guard let candidates = phrases[stems[index]] else { return nil }
        for candidate in candidates {
            guard index + candidate.stems.count <= tokens.count else { continue }
            var matches = true
            for offset in 1..<candidate.stems.count {
                let token = tokens[index + offset]
                if token.kind != .word || stems[index + offset] != candidate.stems[offset] { matches = false; break }
            }
            if matches { return (candidate.stems.count, candidate.valence) }
        }
        return nil
    }
}
