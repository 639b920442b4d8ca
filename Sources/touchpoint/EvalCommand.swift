import ArgumentParser
import Foundation
import TouchpointDomain
import TouchpointBenchmarks

/// `touchpoint eval sentiment`: the text analytics' quality per language, on the labelled sets in `Evaluation/`.
struct EvalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "eval", abstract: "Quality figures measured on labelled evaluation sets.",
                                                    subcommands: [SentimentEvalCommand.self, SearchEvalCommand.self, AssistantEvalCommand.self, TrainSentimentCommand.self])
}

struct SentimentEvalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sentiment",
        abstract: "Sentiment (polarity and three-class accuracy), language detection and topics per language, on a labelled set.")

    @ArgumentParser.Option(help: "A folder with pl.jsonl, en.jsonl and ru.jsonl") var set = "Evaluation/sentiment"
    @ArgumentParser.Flag(help: "List every text given the wrong label") var misses = false

    func run() throws {
        let folder = URL(fileURLWithPath: set)
        print("Touchpoint text analytics on \(set) (language detected, not given)")
        print("  lang  texts  polarity  3-class  language  topics P/R")
        var reports = [TextEvaluation.Report]()
        for language in TextLanguage.allCases {
            let file = folder.appendingPathComponent("\(language.rawValue).jsonl")
            guard FileManager.default.fileExists(atPath: file.path) else { throw ValidationError(EvaluationError.missingSet(file.path).description) }
            let report = TextEvaluation().evaluate(try TextEvaluation.load(file), language: language)
            reports.append(report)
            print(String(format: "  %@    %5d    %.3f    %.3f     %.3f   %.2f / %.2f", language.rawValue, report.examples, report.polarityAccuracy,
                         report.threeClassAccuracy, report.languageAccuracy, report.topicPrecision, report.topicRecall))
        }
        for report in reports {
            let tags = report.byTag.map { String(format: "%@ %.2f (%d)", $0.tag, $0.accuracy, $0.count) }.joined(separator: ", ")
            print("  \(report.language.rawValue) by tag (3-class): \(tags)")
            let matrix = Sentiment.allCases.map { gold in
                "\(gold.rawValue) → " + Sentiment.allCases.map { "\($0.rawValue.prefix(3)) \(report.confusion[gold]?[$0] ?? 0)" }.joined(separator: " ")
            }.joined(separator: "; ")
            print("  \(report.language.rawValue) confusion: \(matrix)")
            if misses {
                for miss in report.misses {
                    print(String(format: "    [%@→%@ %+.2f] %@", miss.expected.rawValue, miss.got.rawValue, miss.score, miss.text))
                }
            }
        }
        let polarity = reports.map(\.polarityAccuracy).min() ?? 0
        print(String(format: "  target: polarity accuracy ≥ 0.85 in each language — lowest %.3f: %@", polarity, polarity >= 0.85 ? "met" : "NOT met"))
    }
}

/// `touchpoint bench text`: the analyser's throughput on one core and the p99 of one short text.
struct TextBenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "text",
        abstract: "Time the text analytics in the process on one core: 1,000 texts (limit 5,000 texts/s) and single short texts (p99 limit 1 ms).")

    @ArgumentParser.Option(help: "A folder with pl.jsonl, en.jsonl and ru.jsonl whose texts are analysed") var set = "Evaluation/sentiment"
    @ArgumentParser.Option(help: "Texts in the batch") var texts = 1_000

    func run() throws {
        var pool = [String]()
        for language in TextLanguage.allCases {
            let file = URL(fileURLWithPath: set).appendingPathComponent("\(language.rawValue).jsonl")
            guard FileManager.default.fileExists(atPath: file.path) else { throw ValidationError(EvaluationError.missingSet(file.path).description) }
            pool += try TextEvaluation.load(file).map(\.text)
        }
        let batch = (0..<texts).map { pool[$0 % pool.count] }
        let report = TextBenchmark(texts: batch).run()
        print("Touchpoint text analytics benchmark — \(report.texts) texts in pl, en and ru, one core, in process")
        print(String(format: "  analyser built in %.1f ms (once, at start)", report.buildMilliseconds))
        print(String(format: "  batch: %.1f ms, %.0f texts/s — %@ the 5,000 texts/s limit (ratio %.1f)", report.batchSeconds * 1000, report.textsPerSecond,
                     report.textsPerSecond >= 5000 ? "above" : "BELOW", report.textsPerSecond / 5000))
        print(String(format: "  one short text: p50 %.3f ms, p99 %.3f ms — %@ the 1 ms limit", report.singleP50, report.singleP99, report.singleP99 < 1 ? "under" : "OVER"))
    }
}
