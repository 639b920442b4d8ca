import Foundation
import TouchpointDomain

/// Trains the shipped sentiment classifiers: features from `TextAnalyzer.features` (the language is known in training),
/// a `SentimentModelTrainer` a language, and the Swift source that ships the weights (`Weights/SentimentWeights+….swift`).
public struct SentimentTraining {
    public let trainer: SentimentModelTrainer
    let analyzer = TextAnalyzer(models: [:])

    public init(trainer: SentimentModelTrainer) { self.trainer = trainer }

    /// Trains one language's classifier on labelled texts.
    public func train(_ examples: [TextEvaluation.Example], language: TextLanguage) -> SentimentModel {
        trainer.train(examples.map { (analyzer.features($0.text, language: language), $0.sentiment) })
    }

    /// The shipped text form of a model (`Weights/sentiment-LANG.tsv`), with its header as comments.
    public static func weights(_ model: SentimentModel, header: String) -> String {
        model.text(header: header) + "\n"
    }

    /// The file name of a language's weights.
    public static func fileName(_ language: TextLanguage) -> String {
        SentimentModel.weightsName(language) + ".tsv"
    }
}
