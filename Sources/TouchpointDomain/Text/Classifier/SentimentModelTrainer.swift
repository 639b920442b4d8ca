import Foundation

/// Trains a `SentimentModel` by stochastic gradient descent on the cross-entropy with L2 regularisation. Pure and
/// seeded: the same examples and settings give the same weights on every machine.
public struct SentimentModelTrainer: Sendable {
    public var epochs: Int
    public var learningRate: Double
    /// The L2 penalty on sparse weights; the dense (lexicon) weights are penalised a tenth as much, since they are few.
    public var regularisation: Double
    /// Weights smaller than this in every class are dropped from the shipped model.
    public var pruneBelow: Double
    public var seed: UInt64

    public init(epochs: Int = 30, learningRate: Double = 0.2, regularisation: Double = 0.001, pruneBelow: Double = 0.01, seed: UInt64 = 7) {
        self.epochs = epochs
        self.learningRate = learningRate
        self.regularisation = regularisation
        self.pruneBelow = pruneBelow
        self.seed = seed
    }

    /// Trains on labelled feature sets. Classes are weighted so that each counts as much as the others whatever their
    /// share of the examples.
    public func train(_ examples: [(features: SentimentFeatures, label: Sentiment)]) -> SentimentModel {
        var model = SentimentModel()
        guard !examples.isEmpty else { return model }
        var counts = [Sentiment: Int]()
        for example in examples { counts[example.label, default: 0] += 1 }
        let classWeight = counts.mapValues { Double(examples.count) / (Double(counts.count) * Double($0)) }
        var order = Array(examples.indices)
        var random = SeededRandom(seed: seed)
        for epoch in 0..<epochs {
            order.shuffle(using: &random)
            let rate = learningRate / (1 + Double(epoch) * 0.2)
            for index in order {
                let (features, label) = examples[index]
                let probabilities = model.probabilities(features)
                var target = SIMD3<Double>.zero
                target[SentimentModel.classes.firstIndex(of: label)!] = 1
                // The gradient of the cross-entropy with respect to the logits.
                let gradient = (probabilities - target) * (classWeight[label] ?? 1)
                model.bias -= rate * gradient
                for (dense, value) in features.dense.enumerated() {
                    model.dense[dense] -= rate * (gradient * value + regularisation * 0.1 * model.dense[dense])
                }
                for name in features.sparse {
                    let weights = model.sparse[name] ?? .zero
                    model.sparse[name] = weights - rate * (gradient + regularisation * weights)
                }
            }
        }
        model.sparse = model.sparse.filter { max(abs($0.value.x), abs($0.value.y), abs($0.value.z)) >= pruneBelow }
        return model
    }
}
