import ArgumentParser
import Foundation
import TouchpointDomain
import TouchpointBenchmarks

/// `touchpoint eval train-sentiment`: trains the sentiment classifier a language on `Evaluation/sentiment-train`,
/// compares it with the rules alone on the development set, and with `--write` regenerates the shipped weights.
struct TrainSentimentCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train-sentiment",
        abstract: "Train the sentiment classifier per language and compare it with the rules on the development set; --write ships it.")

    @ArgumentParser.Option(help: "A folder with the training texts (pl.jsonl, en.jsonl, ru.jsonl)") var train = "Evaluation/sentiment-train"
    @ArgumentParser.Option(help: "A folder with the development texts, used to choose the settings") var dev = "Evaluation/sentiment-dev"
    @ArgumentParser.Option(help: "Passes over the training texts") var epochs = 30
    @ArgumentParser.Option(help: "The first step size") var rate = 0.2
    @ArgumentParser.Option(help: "The L2 penalty") var regularisation = 0.001
    @ArgumentParser.Option(help: "Drop weights smaller than this in every class") var prune = 0.01
    @ArgumentParser.Flag(help: "Train the shipped model on the training and development texts together (after choosing the settings)") var withDev = false
    @ArgumentParser.Option(help: "Where --write puts the weights") var output = "Sources/TouchpointDomain/Text/Classifier/Weights"
    @ArgumentParser.Flag(help: "Write the weights (Weights/sentiment-LANG.tsv; rebuild to ship them)") var write = false

    func run() throws {
        let trainer = SentimentModelTrainer(epochs: epochs, learningRate: rate, regularisation: regularisation, pruneBelow: prune)
        let training = SentimentTraining(trainer: trainer)
        print("Sentiment classifier: \(epochs) epochs, rate \(rate), L2 \(regularisation), prune \(prune)\(withDev ? ", trained on train + dev" : "")")
        print("  lang  train  features  dev polarity rules → model  dev 3-class rules → model")
        for language in TextLanguage.allCases {
            let trainExamples = try Self.load(train, language)
            let devExamples = try Self.load(dev, language)
            let model = training.train(trainExamples + (withDev ? devExamples : []), language: language)
            let rules = TextEvaluation(analyzer: TextAnalyzer(models: [:])).evaluate(devExamples, language: language)
            let learnt = TextEvaluation(analyzer: TextAnalyzer(models: [language: model])).evaluate(devExamples, language: language)
            print(String(format: "  %@    %5d    %6d        %.3f → %.3f            %.3f → %.3f", language.rawValue, trainExamples.count + (withDev ? devExamples.count : 0),
                         model.sparse.count, rules.polarityAccuracy, learnt.polarityAccuracy, rules.threeClassAccuracy, learnt.threeClassAccuracy))
            if write {
                let header = """
                Touchpoint sentiment classifier, \(language.rawValue): multinomial logistic regression over SentimentFeatures.
                Trained on \(train)\(withDev ? " and \(dev)" : "") (\(trainExamples.count + (withDev ? devExamples.count : 0)) texts written for Touchpoint), \
                \(epochs) epochs, rate \(rate), L2 \(regularisation), pruned below \(prune).
                Columns: feature, weight for negative, neutral, positive.
                """
                let file = URL(fileURLWithPath: output).appendingPathComponent(SentimentTraining.fileName(language))
                try SentimentTraining.weights(model, header: header).write(to: file, atomically: true, encoding: .utf8)
                print("    wrote \(file.path)")
            }
        }
    }

    static func load(_ folder: String, _ language: TextLanguage) throws -> [TextEvaluation.Example] {
        let file = URL(fileURLWithPath: folder).appendingPathComponent("\(language.rawValue).jsonl")
        guard FileManager.default.fileExists(atPath: file.path) else { throw ValidationError(EvaluationError.missingSet(file.path).description) }
        return try TextEvaluation.load(file)
    }
}
