import XCTest
@testable import TouchpointDomain

/// The text toolkit's pieces: folding, tokens, language detection, the sentiment rules and topics. Each rule is
/// checked with texts written for the rule, not taken from the evaluation sets.
final class TextAnalyzerTests: XCTestCase {
    let analyzer = TextAnalyzer.shared

    func testFoldingDropsPolishDiacriticsAndTheDotsOfYo() {
        XCTAssertEqual(TextFolding.fold("Płatność Źle ŻÓŁW"), "platnosc zle zolw")
        XCTAssertEqual(TextFolding.fold("Ещё Ёлка"), "еще елка")
        XCTAssertEqual(TextFolding.fold("йогурт"), "йогурт", "й is a letter of its own, not an accented и")
        XCTAssertEqual(TextFolding.fold("Café"), "cafe")
    }

    func testTokensKeepEmojiEmoticonsAndClauseBoundariesAndSkipLinks() {
        let tokens = TextTokenizer.tokens("Super :) ale https://shop.example/x nie działa 👍🏽!")
        XCTAssertEqual(tokens.map(\.kind), [.word, .emoji, .word, .word, .word, .emoji, .boundary])
        XCTAssertEqual(tokens.map(\.folded), ["super", ":)", "ale", "nie", "dziala", "👍", "!"])
        XCTAssertEqual(TextTokenizer.foldedWords("don't e-mail по-моему"), ["don't", "e-mail", "по-моему"])
    }

    func testLanguageDetectionTellsPolishWithoutDiacriticsFromEnglish() {
        XCTAssertEqual(LanguageDetector.detect("kiedy przyjdzie moja paczka, czekam juz tydzien"), .pl)
        XCTAssertEqual(LanguageDetector.detect("When will my parcel arrive? I have been waiting a week"), .en)
        XCTAssertEqual(LanguageDetector.detect("Когда придёт моя посылка?"), .ru)
        XCTAssertNil(LanguageDetector.detect("👍 123"))
        XCTAssertEqual(analyzer.analyze("👍", fallback: .en).language, .en)
    }

    func testOpinionWordsMatchInflectedAndFoldedForms() {
        XCTAssertEqual(analyzer.analyze("Obsługa była bardzo uprzejma").sentiment, .positive)
        XCTAssertEqual(analyzer.analyze("obsluga byla bardzo uprzejma").sentiment, .positive)
        XCTAssertEqual(analyzer.analyze("Очень вежливый оператор").sentiment, .positive)
        XCTAssertEqual(analyzer.analyze("The courier was incredibly rude").sentiment, .negative)
    }

    func testNegationFlipsAndWeakens() {
        let good = analyzer.analyze("The agent was polite", locale: .en).score
        let notGood = analyzer.analyze("The agent was not polite", locale: .en).score
        XCTAssertGreaterThan(good, 0)
        XCTAssertLessThan(notGood, 0)
        XCTAssertLessThan(abs(notGood), abs(good), "a negated opinion is weaker than the plain one")
        XCTAssertEqual(analyzer.analyze("Это было не плохо").sentiment == .negative, false)
        XCTAssertEqual(analyzer.analyze("Nie jestem zadowolony z zakupu").sentiment, .negative)
    }

    func testNegationStopsAtTheEndOfAClause() {
        // "nie" belongs to the first clause; the praise after the full stop stands.
        XCTAssertEqual(analyzer.analyze("Nie wiem. Świetny sklep").sentiment, .positive)
    }

    func testIntensifiersScaleAndDiminishersSoften() {
        let plain = analyzer.analyze("good service", locale: .en).score
        XCTAssertGreaterThan(analyzer.analyze("very good service", locale: .en).score, plain)
        XCTAssertLessThan(analyzer.analyze("slightly good service", locale: .en).score, plain)
    }

    func testTheClauseAfterButOutweighsTheOneBefore() {
        XCTAssertEqual(analyzer.analyze("Szybka dostawa, ale telewizor uszkodzony").sentiment, .negative)
        XCTAssertEqual(analyzer.analyze("Долго ждал, но товар отличный").sentiment, .positive)
        XCTAssertEqual(analyzer.analyze("The price is high but the quality is excellent").sentiment, .positive)
    }

    func testPhrasesAreReadAsAWhole() {
        XCTAssertEqual(analyzer.analyze("nie polecam").sentiment, .negative)
        XCTAssertEqual(analyzer.analyze("Wszystko bez problemu").sentiment, .positive)
        XCTAssertEqual(analyzer.analyze("waste of time", locale: .en).sentiment, .negative)
        XCTAssertEqual(analyzer.analyze("Dzień dobry, gdzie znajdę fakturę?").sentiment, .neutral, "a greeting is not an opinion")
    }

    func testEmojiCarryOpinion() {
        XCTAssertEqual(analyzer.analyze("Dostawa 😡", locale: .pl).sentiment, .negative)
        XCTAssertEqual(analyzer.analyze("Thanks 👍", locale: .en).sentiment, .positive)
    }

    func testQuestionsWithoutOpinionAreNeutral() {
        XCTAssertEqual(analyzer.analyze("Kiedy przyjdzie moja paczka?").sentiment, .neutral)
        XCTAssertEqual(analyzer.analyze("Какой срок гарантии на телевизор?").sentiment, .neutral)
    }

    func testTopicsNameTheWordsThatTriggeredThem() {
        let analysis = analyzer.analyze("Kurier zgubił paczkę, a zwrot pieniędzy trwa wieki")
        let topics = Dictionary(uniqueKeysWithValues: analysis.topics.map { ($0.topic, $0.words) })
        XCTAssertEqual(topics["delivery"]?.contains("Kurier"), true)
        XCTAssertNotNil(topics["returns"])
        XCTAssertTrue(analyzer.analyze("Гарантийный ремонт занял месяц").topics.contains { $0.topic == "warranty" })
    }

    func testScoresStayWithinTheRange() {
        let angry = analyzer.analyze("Najgorszy sklep, oszustwo, skandal, masakra, nigdy więcej!!! 😡😡😡")
        XCTAssertEqual(angry.sentiment, .negative)
        XCTAssertGreaterThanOrEqual(angry.score, -1)
        XCTAssertEqual(analyzer.analyze("").sentiment, .neutral)
    }
}
