import Foundation
import XCTest
@testable import TouchpointDomain

/// The knowledge index on a small named set of articles: the inflection, folding and typo examples, boosts,
/// audiences and removal.
final class KnowledgeSearchTests: XCTestCase {
    static let articles: [IndexableArticle] = [
        .init(id: "pl-returns", locale: .pl, audience: .public, title: "Zwrot towaru", category: "Zwroty i reklamacje", tags: ["zwrot", "odstąpienie"],
              body: "Towar kupiony online możesz zwrócić w ciągu 30 dni. Nadaj paczkę w Paczkomacie albo oddaj w sklepie."),
        .init(id: "pl-payments", locale: .pl, audience: .public, title: "Metody płatności", category: "Płatności", tags: ["blik", "karta"],
              body: "Zapłacisz BLIKIEM, kartą, szybkim przelewem lub przy odbiorze. Płatność BLIK jest natychmiastowa."),
        .init(id: "pl-delivery", locale: .pl, audience: .public, title: "Dostawa i koszty", category: "Zamówienia", tags: ["kurier"],
              body: "Kurier dostarcza zamówienia w 1–2 dni robocze. Dostawa jest darmowa od 99 zł."),
        .init(id: "pl-agents", locale: .pl, audience: .internal, title: "Zwroty poza regulaminem", category: "Zwroty i reklamacje", tags: ["zwrot"],
              body: "Agent może zatwierdzić zwrot towaru po terminie do kwoty 300 zł."),
        .init(id: "ru-warranty", locale: .ru, audience: .public, title: "Гарантия", category: "Гарантия и сервис", tags: ["гарантия"],
              body: "Все товары покрыты гарантией производителя 24 месяца. Ещё можно купить расширенную гарантию."),
        .init(id: "ru-delivery", locale: .ru, audience: .public, title: "Доставка", category: "Заказы", tags: ["курьер"],
              body: "Курьер доставит заказ за 1–2 рабочих дня. Доставка бесплатна от 99 злотых."),
        .init(id: "en-refunds", locale: .en, audience: .public, title: "Refund timing", category: "Returns", tags: ["refund", "money back"],
              body: "We send the refund within 14 days of receiving your return, to the card or account you paid with."),
        .init(id: "en-warranty", locale: .en, audience: .public, title: "Manufacturer warranty", category: "Warranty", tags: ["warranty"],
              body: "Every product has a 24-month manufacturer warranty. Keep the receipt."),
    ]

    var index: KnowledgeIndex {
        var index = KnowledgeIndex()
        for article in Self.articles { index.add(article) }
        return index
    }

    func top(_ text: String, _ language: TextLanguage, includeInternal: Bool = false) -> String? {
        index.search(SearchQuery(text: text, language: language, includeInternal: includeInternal)).first?.id
    }

    func testInflectedFormsFindTheArticle() {
        XCTAssertEqual(top("zwroty towarów", .pl), "pl-returns")
        XCTAssertEqual(top("гарантией", .ru), "ru-warranty")
        XCTAssertEqual(top("refunds", .en), "en-refunds")
    }

    func testTextWithoutDiacriticsFindsTheArticle() {
        XCTAssertEqual(top("platnosc blikiem", .pl), "pl-payments")
        XCTAssertEqual(top("ещё гарантия", .ru), "ru-warranty")
        XCTAssertEqual(top("еще гарантия", .ru), "ru-warranty")
    }

    func testOneTypoInALongWordIsForgiven() {
        XCTAssertEqual(top("warrenty", .en), "en-warranty")
        XCTAssertEqual(top("dostwa", .pl), "pl-delivery")
        // Short words are not corrected: "zwrt" is nothing.
        XCTAssertNil(top("zwrt", .pl))
    }

    func testCustomersNeverSeeInternalArticles() {
        let results = index.search(SearchQuery(text: "zwrot po terminie", language: .pl))
        XCTAssertFalse(results.contains { $0.id == "pl-agents" })
        XCTAssertEqual(top("zwrot po terminie 300 zł", .pl, includeInternal: true), "pl-agents")
    }

    func testStopWordsAndUnknownWordsFindNothingAndLowerCoverage() {
        XCTAssertTrue(index.search(SearchQuery(text: "jak to jest", language: .pl)).isEmpty)
        XCTAssertTrue(index.search(SearchQuery(text: "", language: .en)).isEmpty)
        XCTAssertTrue(index.search(SearchQuery(text: "😀 ☃︎ 漢字", language: .en)).isEmpty)
        let full = index.search(SearchQuery(text: "refund", language: .en)).first
        let partial = index.search(SearchQuery(text: "refund xylophone", language: .en)).first
        XCTAssertEqual(full?.coverage, 1)
        XCTAssertLessThan(partial?.coverage ?? 1, 0.6)
    }

    func testSnippetIsTheSentenceThatMatches() {
        let hit = index.search(SearchQuery(text: "darmowa dostawa", language: .pl)).first
        XCTAssertEqual(hit?.id, "pl-delivery")
        XCTAssertEqual(hit?.snippet, "Dostawa jest darmowa od 99 zł.")
    }

    func testTheLastWordIsCompletedWhileTyping() {
        XCTAssertNil(index.search(SearchQuery(text: "gwaran", language: .ru)).first)
        XCTAssertEqual(index.search(SearchQuery(text: "гаран", language: .ru, completesLastWord: true)).first?.id, "ru-warranty")
        XCTAssertEqual(index.completions(of: "kur", language: .pl), ["kurier"])
    }

    func testRemovingAndReplacingAnArticle() {
        var index = self.index
        index.remove("pl-returns")
        XCTAssertNil(index.search(SearchQuery(text: "zwrot towaru", language: .pl)).first { $0.id == "pl-returns" })
        var changed = Self.articles[0]
        changed.title = "Oddanie produktu"
        index.add(changed)
        XCTAssertEqual(index.search(SearchQuery(text: "oddanie", language: .pl)).first?.id, "pl-returns")
        XCTAssertEqual(index.count, Self.articles.count)
    }

    func testTitleMatchesRankAboveBodyMentions() {
        var index = KnowledgeIndex()
        index.add(.init(id: "body", locale: .en, audience: .public, title: "Delivery", category: nil, tags: [],
                        body: "Gift cards can be sent by courier. Gift cards gift cards."))
        index.add(.init(id: "title", locale: .en, audience: .public, title: "Gift cards", category: nil, tags: [], body: "Buy them in any store."))
        XCTAssertEqual(index.search(SearchQuery(text: "gift cards", language: .en)).first?.id, "title")
    }

    func testEvaluationCountsRecallAtThreeAndReciprocalRank() {
        let evaluation = SearchEvaluation.evaluate([("a", "x"), ("b", "y"), ("c", "z")]) { query in
            switch query {
            case "a": ["x", "p"]
            case "b": ["p", "q", "r", "y"]
            default: ["p", "z"]
            }
        }
        XCTAssertEqual(evaluation.recallAt3, 2.0 / 3.0, accuracy: 0.001)
        XCTAssertEqual(evaluation.meanReciprocalRank, (1 + 0.25 + 0.5) / 3, accuracy: 0.001)
        XCTAssertEqual(evaluation.misses.map(\.query), ["b"])
    }
}
