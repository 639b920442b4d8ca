import Foundation

/// The text analytics in one call: the language (given or detected), the sentiment with its score, and the topics.
/// Built once (the lexicons are folded and stemmed at start, the classifier's weights read), then shared by every
/// request: it holds no mutable state.
public final class TextAnalyzer: Sendable {
    /// The analyser with the shipped lexicons and classifier; building it takes a few milliseconds, so it is made once.
    public static let shared = TextAnalyzer()

    let scorers: [TextLanguage: SentimentScorer]
    let detectors: [TextLanguage: TopicDetector]
    /// The classifier a language, when one is shipped; without it the lexicon and rules decide alone.
    let models: [TextLanguage: SentimentModel]
    /// Scores closer to zero than this are neutral (rules only).
    public static let neutralBand = 0.2
    /// A question needs a stronger opinion to count as one: "Thanks, where is my parcel?" asks, it does not praise.
    public static let questionBand = 0.5

    /// - Parameter models: the classifier per language; `nil` takes the shipped ones, `[:]` leaves the rules alone.
    public init(models: [TextLanguage: SentimentModel]? = nil) {
        var scorers = [TextLanguage: SentimentScorer]()
        var detectors = [TextLanguage: TopicDetector]()
        for language in TextLanguage.allCases {
            scorers[language] = SentimentScorer(language: language)
            detectors[language] = TopicDetector(language: language)
        }
        self.scorers = scorers
        self.detectors = detectors
        self.models = models ?? SentimentModel.shipped
    }

    /// Analyses one text. `locale` is the language when the caller knows it; otherwise it is detected, and `fallback`
    /// is used when the text is too short to tell ("OK", "👍").
    public func analyze(_ text: String, locale: TextLanguage? = nil, fallback: TextLanguage = .pl) -> TextAnalysis {
        let detected = locale == nil
        let tokens = TextTokenizer.tokens(text)
        let language = locale ?? LanguageDetector.detect(text, tokens: tokens) ?? fallback
        let stems = language.stems(of: tokens)
        let scorer = scorers[language]!
        let (lexiconScore, _) = scorer.score(tokens, stems: stems)
        let sentiment: Sentiment, score: Double
        if let model = models[language] {
            let features = SentimentFeatures.extract(tokens, stems: stems, scorer: scorer, lexiconScore: lexiconScore)
            (sentiment, score) = model.classify(features)
        } else {
            let isQuestion = tokens.contains { $0.kind == .boundary && $0.folded == "?" }
            let band = isQuestion ? Self.questionBand : Self.neutralBand
            sentiment = lexiconScore >= band ? .positive : lexiconScore <= -band ? .negative : .neutral
            score = lexiconScore
        }
        let rounded = (score * 1000).rounded() / 1000
        return TextAnalysis(language: language, languageDetected: detected, sentiment: sentiment, score: rounded,
                            topics: detectors[language]!.topics(tokens, stems: stems))
    }

    /// The classifier's view of a text in a known language (for training and evaluation).
    public func features(_ text: String, language: TextLanguage) -> SentimentFeatures {
        let tokens = TextTokenizer.tokens(text)
        let stems = language.stems(of: tokens)
        let scorer = scorers[language]!
        return SentimentFeatures.extract(tokens, stems: stems, scorer: scorer, lexiconScore: scorer.score(tokens, stems: stems).score)
    }
}
