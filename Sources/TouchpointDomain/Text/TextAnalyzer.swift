import Foundation

/// The text analytics in one call: the language (given or detected), the sentiment with its score, and the topics.
/// Built once (the lexicons are folded and stemmed at start), then shared by every request: it holds no mutable state.
public final class TextAnalyzer: Sendable {
    /// The analyser with the shipped lexicons; building it takes a few milliseconds, so it is made once.
    public static let shared = TextAnalyzer()

    let scorers: [TextLanguage: SentimentScorer]
    let detectors: [TextLanguage: TopicDetector]
    /// Scores closer to zero than this are neutral.
    public static let neutralBand = 0.2
    /// A question needs a stronger opinion to count as one: "Thanks, where is my parcel?" asks, it does not praise.
    public static let questionBand = 0.5

    public init() {
        var scorers = [TextLanguage: SentimentScorer]()
        var detectors = [TextLanguage: TopicDetector]()
        for language in TextLanguage.allCases {
            scorers[language] = SentimentScorer(language: language)
            detectors[language] = TopicDetector(language: language)
        }
        self.scorers = scorers
        self.detectors = detectors
    }

    /// Analyses one text. `locale` is the language when the caller knows it; otherwise it is detected, and `fallback`
    /// is used when the text is too short to tell ("OK", "👍").
    public func analyze(_ text: String, locale: TextLanguage? = nil, fallback: TextLanguage = .pl) -> TextAnalysis {
        let detected = locale == nil
        let tokens = TextTokenizer.tokens(text)
        let language = locale ?? LanguageDetector.detect(text, tokens: tokens) ?? fallback
        let stems = language.stems(of: tokens)
        let (score, _) = scorers[language]!.score(tokens, stems: stems)
        let isQuestion = tokens.contains { $0.kind == .boundary && $0.folded == "?" }
        let band = isQuestion ? Self.questionBand : Self.neutralBand
        let sentiment: Sentiment = score >= band ? .positive : score <= -band ? .negative : .neutral
        let rounded = (score * 1000).rounded() / 1000
        return TextAnalysis(language: language, languageDetected: detected, sentiment: sentiment, score: rounded,
                            topics: detectors[language]!.topics(tokens, stems: stems))
    }
}
