import Foundation
import TouchpointDomain

/// Measures the text analytics against a labelled set: one JSONL file a language (`pl.jsonl`, `en.jsonl`,
/// `ru.jsonl`), each line `{"text","sentiment","topics":[…],"tags":[…]}`. The language is not given to the analyser:
/// detection is measured with the rest.
public struct TextEvaluation {
    public struct Example: Decodable {
        public var text: String
        public var sentiment: Sentiment
        public var topics: [String]
        public var tags: [String]

        enum CodingKeys: String, CodingKey { case text, sentiment, topics, tags }

        /// Training lines carry only the text and its label.
        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            text = try container.decode(String.self, forKey: .text)
            sentiment = try container.decode(Sentiment.self, forKey: .sentiment)
            topics = try container.decodeIfPresent([String].self, forKey: .topics) ?? []
            tags = try container.decodeIfPresent([String].self, forKey: .tags) ?? []
        }
    }

    public struct Report {
        public var language: TextLanguage
        public var examples: Int
        /// Share of positive and negative texts given their own label (a neutral answer counts as wrong).
        public var polarityAccuracy: Double
        /// Share of all texts given the right one of three labels.
        public var threeClassAccuracy: Double
        public var languageAccuracy: Double
        public var topicPrecision: Double
        public var topicRecall: Double
        /// Three-class accuracy per tag (negation, mixed, no_diacritics, emoji, sarcasm…), with the count.
        public var byTag: [(tag: String, count: Int, accuracy: Double)]
        /// The confusion matrix: gold label → predicted label → count.
        public var confusion: [Sentiment: [Sentiment: Int]]
        public var misses: [(text: String, expected: Sentiment, got: Sentiment, score: Double)]
    }

    public let analyzer: TextAnalyzer

    public init(analyzer: TextAnalyzer = .shared) { self.analyzer = analyzer }

    public static func load(_ url: URL) throws -> [Example] {
        let text = try String(contentsOf: url, encoding: .utf8)
        let decoder = JSONDecoder()
        return try text.split(separator: "\n").enumerated().compactMap { index, line in
            guard !line.trimmingCharacters(in: .whitespaces).isEmpty else { return nil }
            do { return try decoder.decode(Example.self, from: Data(line.utf8)) } catch {
                throw EvaluationError.badLine(file: url.lastPathComponent, line: index + 1, reason: "\(error)")
            }
        }
    }

    public func evaluate(_ examples: [Example], language: TextLanguage) -> Report {
        var polarTotal = 0, polarRight = 0, right = 0, languageRight = 0
        var topicTrue = 0, topicPredicted = 0, topicGold = 0
        var tagCounts = [String: (count: Int, right: Int)]()
        var confusion = [Sentiment: [Sentiment: Int]]()
        var misses = [(text: String, expected: Sentiment, got: Sentiment, score: Double)]()
        for example in examples {
            let analysis = analyzer.analyze(example.text)
            let correct = analysis.sentiment == example.sentiment
            if correct { right += 1 } else { misses.append((example.text, example.sentiment, analysis.sentiment, analysis.score)) }
            if example.sentiment != .neutral {
                polarTotal += 1
                if correct { polarRight += 1 }
            }
            if analysis.language == language { languageRight += 1 }
            confusion[example.sentiment, default: [:]][analysis.sentiment, default: 0] += 1
            let predicted = Set(analysis.topics.map(\.topic)), gold = Set(example.topics)
            topicTrue += predicted.intersection(gold).count
            topicPredicted += predicted.count
            topicGold += gold.count
            for tag in example.tags {
                let previous = tagCounts[tag] ?? (0, 0)
                tagCounts[tag] = (previous.count + 1, previous.right + (correct ? 1 : 0))
            }
        }
        func share(_ part: Int, _ whole: Int) -> Double { whole == 0 ? 0 : Double(part) / Double(whole) }
        return Report(
            language: language, examples: examples.count,
            polarityAccuracy: share(polarRight, polarTotal), threeClassAccuracy: share(right, examples.count),
            languageAccuracy: share(languageRight, examples.count),
            topicPrecision: share(topicTrue, topicPredicted), topicRecall: share(topicTrue, topicGold),
            byTag: tagCounts.sorted { $0.key < $1.key }.map { ($0.key, $0.value.count, share($0.value.right, $0.value.count)) },
            confusion: confusion, misses: misses)
    }
}

public enum EvaluationError: Error, CustomStringConvertible {
    case badLine(file: String, line: Int, reason: String)
    case missingSet(String)

    public var description: String {
        switch self {
        case .badLine(let file, let line, let reason): "\(file):\(line) is not an example {\"text\",\"sentiment\",\"topics\",\"tags\"}: \(reason)"
        case .missingSet(let path): "no evaluation set at \(path): run from the repository's root or pass --set DIR (a folder with pl.jsonl, en.jsonl, ru.jsonl)"
        }
    }
}
