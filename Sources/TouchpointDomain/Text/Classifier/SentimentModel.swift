import Foundation

/// A small multinomial logistic regression over `SentimentFeatures`: one weight a class for every feature, trained by
/// `touchpoint eval train-sentiment` on the labelled texts in `Evaluation/sentiment-train` and shipped as a resource
/// (`Weights/sentiment-LANG.tsv`), so nothing is downloaded at run time. It corrects the lexicon where customers' wording is not what a
/// dictionary expects ("czekam trzeci tydzień", "ни разу не перезвонили", "third time asking").
public struct SentimentModel: Sendable, Equatable {
    /// The classes in the order of every weight triple.
    public static let classes: [Sentiment] = [.negative, .neutral, .positive]
    /// The names of `SentimentFeatures.dense`, in order.
    public static let denseNames = ["lexicon", "lexicon_positive", "lexicon_negative", "length"]

    public var bias: SIMD3<Double>
    public var dense: [SIMD3<Double>]
    public var sparse: [String: SIMD3<Double>]

    public init(bias: SIMD3<Double> = .zero, dense: [SIMD3<Double>] = Array(repeating: .zero, count: denseNames.count),
                sparse: [String: SIMD3<Double>] = [:]) {
        self.bias = bias
        self.dense = dense
        self.sparse = sparse
    }

    /// The raw class scores before the softmax.
    func logits(_ features: SentimentFeatures) -> SIMD3<Double> {
        var total = bias
        for (index, value) in features.dense.enumerated() where index < dense.count { total += dense[index] * value }
        for name in features.sparse { if let weights = sparse[name] { total += weights } }
        return total
    }

    /// The probability of each class (negative, neutral, positive).
    public func probabilities(_ features: SentimentFeatures) -> SIMD3<Double> {
        let raw = logits(features)
        let top = raw.max()
        let exponentials = SIMD3(exp(raw.x - top), exp(raw.y - top), exp(raw.z - top))
        return exponentials / exponentials.sum()
    }

    /// The most likely class and a score from -1 to 1 (the positive probability minus the negative one).
    public func classify(_ features: SentimentFeatures) -> (sentiment: Sentiment, score: Double) {
        let probabilities = probabilities(features)
        var best = 0
        for index in 1..<3 where probabilities[index] > probabilities[best] { best = index }
        return (Self.classes[best], probabilities.z - probabilities.x)
    }
}

// MARK: - The shipped text form

extension SentimentModel {
    /// Reads the text form: a line `bias<TAB>neg<TAB>neu<TAB>pos`, a line per dense input `dense:NAME<TAB>…`, then a line
    /// per feature. Lines starting with `#` are comments. A malformed line is a programming error in the generator.
    public init(text: String) {
        self.init()
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard fields.count == 4, let negative = Double(fields[1]), let neutral = Double(fields[2]),
                  let positive = Double(fields[3]) else { preconditionFailure("bad sentiment model line: \(line)") }
            let weights = SIMD3(negative, neutral, positive)
            let name = String(fields[0])
            if name == "bias" {
                bias = weights
            } else if name.hasPrefix("dense:"), let index = Self.denseNames.firstIndex(of: String(name.dropFirst(6))) {
                dense[index] = weights
            } else {
                sparse[name] = weights
            }
        }
    }

    /// The text form `init(text:)` reads, features sorted so a retrained model diffs line by line.
    public func text(header: String) -> String {
        func line(_ name: String, _ weights: SIMD3<Double>) -> String {
            "\(name)\t\(Self.format(weights.x))\t\(Self.format(weights.y))\t\(Self.format(weights.z))"
        }
        var lines = header.split(separator: "\n").map { "# " + $0 }
        lines.append(line("bias", bias))
        for (index, name) in Self.denseNames.enumerated() { lines.append(line("dense:" + name, dense[index])) }
        for name in sparse.keys.sorted() { lines.append(line(name, sparse[name]!)) }
        return lines.joined(separator: "\n")
    }

    static func format(_ value: Double) -> String {
        let rounded = (value * 10_000).rounded() / 10_000
        return rounded == 0 ? "0" : String(rounded)
    }
}
