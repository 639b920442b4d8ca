import Foundation
import XCTest
@testable import TouchpointDomain

/// The shipped classifier: its text form, its training, and that it decides where the lexicon alone is silent.
final class SentimentClassifierTests: XCTestCase {
    func testTheShippedModelsAreLoadedForEveryLanguage() {
        for language in TextLanguage.allCases {
            XCTAssertGreaterThan(SentimentModel.shipped[language]?.sparse.count ?? 0, 1_000, "\(language)")
        }
    }

    func testTheTextFormRoundTrips() {
        let model = SentimentModel(bias: SIMD3(0.5, -0.25, 0), dense: [SIMD3(1, 0, -1), .zero, .zero, SIMD3(0.1, 0.2, 0.3)],
                                   sparse: ["w:dostaw": SIMD3(-0.5, 0, 0.5), "e:😡": SIMD3(2, 0, -2)])
        XCTAssertEqual(SentimentModel(text: model.text(header: "test\nmodel")), model)
    }

    func testTrainingLearnsASeparableSignalAndIsRepeatable() {
        func features(_ words: [String]) -> SentimentFeatures { SentimentFeatures(sparse: words, dense: [0, 0, 0, 0]) }
        var examples = [(features: SentimentFeatures, label: Sentiment)]()
        for index in 0..<30 {
            examples.append((features(["w:great", "w:x\(index)"]), .positive))
            examples.append((features(["w:awful", "w:y\(index)"]), .negative))
            examples.append((features(["w:when", "w:z\(index)"]), .neutral))
        }
        let trainer = SentimentModelTrainer(epochs: 20)
        let model = trainer.train(examples)
        XCTAssertEqual(model.classify(features(["w:great"])).sentiment, .positive)
        XCTAssertEqual(model.classify(features(["w:awful"])).sentiment, .negative)
        XCTAssertEqual(model.classify(features(["w:when"])).sentiment, .neutral)
        XCTAssertEqual(trainer.train(examples), model)
    }

    func testNegationIsAFeatureOfItsOwn() {
        let analyzer = TextAnalyzer.shared
        let features = analyzer.features("Nie polecam tego sklepu", language: .pl)
        XCTAssertTrue(features.sparse.contains { $0.hasPrefix("n:") }, "\(features.sparse)")
        XCTAssertTrue(features.sparse.contains("b:nie_polec") || features.sparse.contains { $0.hasPrefix("b:nie_") })
    }

    func testCustomerWordingTheLexiconMisses() {
        // Waiting and repeated contact are complaints without a single opinion word.
        XCTAssertEqual(TextAnalyzer.shared.analyze("Trzeci raz piszę w tej sprawie i dalej nic", locale: .pl).sentiment, .negative)
        XCTAssertEqual(TextAnalyzer.shared.analyze("Third time I'm asking for my refund", locale: .en).sentiment, .negative)
        XCTAssertEqual(TextAnalyzer.shared.analyze("Когда будет доставка?", locale: .ru).sentiment, .neutral)
        XCTAssertEqual(TextAnalyzer.shared.analyze("Dostawa ekspresowa, kurier bardzo uprzejmy", locale: .pl).sentiment, .positive)
    }
}
