import Foundation

/// The writer's overall attitude.
public enum Sentiment: String, Codable, Sendable, CaseIterable {
    case positive, negative, neutral
}

/// A topic a text mentions, with the words that made it so (shown to people, so they can trust or correct it).
public struct TopicMention: Codable, Sendable, Equatable {
    public var topic: String
    public var words: [String]

    public init(topic: String, words: [String]) {
        self.topic = topic
        self.words = words
    }
}

/// What the text analytics say about one text.
public struct TextAnalysis: Codable, Sendable, Equatable {
    public var language: TextLanguage
    /// True when the language was detected rather than given.
    public var languageDetected: Bool
    public var sentiment: Sentiment
    /// From -1 (very negative) to 1 (very positive).
    public var score: Double
    public var topics: [TopicMention]
}
