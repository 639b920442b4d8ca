import Foundation

extension SentimentModel {
    /// The classifiers shipped with Touchpoint, read once from their text form in `Weights/`. A language whose weights
    /// are empty has no classifier.
    public static let shipped: [TextLanguage: SentimentModel] = {
        var models = [TextLanguage: SentimentModel]()
        for (language, text) in [(TextLanguage.pl, polishWeights), (.en, englishWeights), (.ru, russianWeights)] {
            let model = SentimentModel(text: text)
            if !model.sparse.isEmpty { models[language] = model }
        }
        return models
    }()
}
