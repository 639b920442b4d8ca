import Foundation

extension SentimentModel {
    /// The classifiers shipped with Touchpoint: `Weights/sentiment-LANG.tsv`, resources of this module written by
    /// `touchpoint eval train-sentiment --write`, read once. A language without weights has no classifier (the rules
    /// decide alone).
    public static let shipped: [TextLanguage: SentimentModel] = {
        var models = [TextLanguage: SentimentModel]()
        for language in TextLanguage.allCases {
            guard let url = Bundle.module.url(forResource: weightsName(language), withExtension: "tsv", subdirectory: "Weights"),
                  let text = try? String(contentsOf: url, encoding: .utf8) else { continue }
            let model = SentimentModel(text: text)
            if !model.sparse.isEmpty { models[language] = model }
        }
        return models
    }()

    /// The weights file of a language, without its extension.
    public static func weightsName(_ language: TextLanguage) -> String { "sentiment-" + language.rawValue }
}
