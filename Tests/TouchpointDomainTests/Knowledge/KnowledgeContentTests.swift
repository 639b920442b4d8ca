import Foundation
import XCTest
@testable import TouchpointDomain

/// Markdown rendering (escaped, safe links), front-matter files, slugs and the assistant's rules.
final class KnowledgeContentTests: XCTestCase {
    func testMarkdownRendersTheSubsetAndEscapesEverythingElse() {
        let html = Markdown.html("""
            Intro with **bold**, *italic* and `code`.

            ## Steps
            1. First
            2. Second <script>alert(1)</script>

            - [a link](https://example.com) and [bad](javascript:alert(1))
            ![photo](/help/files/abc)
            """)
        XCTAssertTrue(html.contains("<p>Intro with <strong>bold</strong>, <em>italic</em> and <code>code</code>.</p>"))
        XCTAssertTrue(html.contains("<h2>Steps</h2>"))
        XCTAssertTrue(html.contains("<ol><li>First</li><li>Second &lt;script&gt;alert(1)&lt;/script&gt;</li></ol>"))
        XCTAssertTrue(html.contains("<a href=\"https://example.com\" rel=\"nofollow noopener\">a link</a>"))
        XCTAssertFalse(html.contains("javascript:"))
        XCTAssertTrue(html.contains("<img src=\"/help/files/abc\" alt=\"photo\" loading=\"lazy\">"))
        XCTAssertFalse(html.contains("<script"))
        XCTAssertEqual(Markdown.lead("# Title\n\nThe **answer** first.\n\nMore."), "The answer first.")
        XCTAssertEqual(Markdown.html("\"quoted\" & 'single'"), "<p>&quot;quoted&quot; &amp; &#39;single&#39;</p>\n")
    }

    func testArticleFilesRoundTrip() throws {
        let text = """
            ---
            translation: returns
            title: Zwrot towaru
            category: Zwroty i reklamacje
            tags: [zwrot, "14 dni"]
            status: published
            internal: false
            ---
            Body **here**.
            """
        let file = try ArticleFile.parse(text, name: "returns", folderLocale: .pl)
        XCTAssertEqual(file.locale, .pl)
        XCTAssertEqual(file.content.tags, ["zwrot", "14 dni"])
        XCTAssertEqual(file.audience, .public)
        let again = try ArticleFile.parse(file.rendered(), name: "returns", folderLocale: nil)
        XCTAssertEqual(again, file)
    }

    func testABadFileListsEveryProblem() {
        XCTAssertThrowsError(try ArticleFile.parse("---\nstatus: live\ninternal: maybe\n---\n", name: "x", folderLocale: nil)) { error in
            let problems = (error as? KnowledgeRuleError)?.problems ?? []
            XCTAssertEqual(problems.count, 5, "\(problems)")  // locale, status, internal, title, body
        }
    }

    func testSlugsAreReadableInEveryScript() {
        XCTAssertEqual(ArticleSlug.make("Zwrot towaru — 30 dni!"), "zwrot-towaru-30-dni")
        XCTAssertEqual(ArticleSlug.make("Гарантия производителя"), "garantiya-proizvoditelya")
        XCTAssertEqual(ArticleSlug.make("???"), "article")
        XCTAssertFalse(ArticleSlug.isValid("../etc"))
    }

    func hit(_ id: String, _ score: Double, coverage: Double = 1) -> SearchHit {
        SearchHit(id: id, title: id, snippet: "", score: score, coverage: coverage)
    }

    func testTheAssistantAnswersAsksOrHandsOver() {
        let clear = AssistantRules.decide(question: "zwrot", language: .pl, hits: [hit("a", 10), hit("b", 2)], sentimentScore: 0, unhelpfulSoFar: 0)
        guard case .answer(let answered, _) = clear else { return XCTFail("\(clear)") }
        XCTAssertEqual(answered.id, "a")

        let tie = AssistantRules.decide(question: "zwrot", language: .pl, hits: [hit("a", 10), hit("b", 9.5)], sentimentScore: 0, unhelpfulSoFar: 0)
        guard case .clarify(let choices, _) = tie else { return XCTFail("\(tie)") }
        XCTAssertEqual(choices.map(\.id), ["a", "b"])

        let unsure = AssistantRules.decide(question: "x", language: .en, hits: [hit("a", 3, coverage: 0.3)], sentimentScore: 0, unhelpfulSoFar: 0)
        XCTAssertEqual(unsure, .handover(.lowConfidence, considered: [hit("a", 3, coverage: 0.3)], confidence: unsure.confidence))
        XCTAssertEqual(AssistantRules.decide(question: "x", language: .en, hits: [], sentimentScore: nil, unhelpfulSoFar: 0).confidence, 0)

        for question in ["Chcę rozmawiać z konsultantem", "позовите человека", "I need a human agent", "Can I talk to a real person?"] {
            let decision = AssistantRules.decide(question: question, language: .pl, hits: [hit("a", 10)], sentimentScore: 0, unhelpfulSoFar: 0)
            guard case .handover(.askedForHuman, _, _) = decision else { return XCTFail("\(question): \(decision)") }
        }
        let angry = AssistantRules.decide(question: "skandal", language: .pl, hits: [hit("a", 10)], sentimentScore: -0.8, unhelpfulSoFar: 0)
        guard case .handover(.angry, _, _) = angry else { return XCTFail("\(angry)") }
        let tired = AssistantRules.decide(question: "zwrot", language: .pl, hits: [hit("a", 10)], sentimentScore: 0, unhelpfulSoFar: 2)
        guard case .handover(.unhelpfulAnswers, _, _) = tired else { return XCTFail("\(tired)") }
        // Words that only look like a request for a person do not hand over.
        XCTAssertFalse(AssistantRules.asksForHuman("Can someone else pick up my order in person?", language: .en))
        XCTAssertTrue(AssistantRules.saysUnhelpful("To nie pomogło"))
        XCTAssertTrue(AssistantRules.saysUnhelpful("that didn't help at all"))
    }

    func testSelfServiceFactsComeFromTheirEvents() {
        let fact = SelfServiceFact(eventID: "e1", name: SelfServiceEvent.searched, profileID: "p1", at: Date(timeIntervalSince1970: 0),
                                   properties: ["query": .string("zwrot"), "results": .number(0), "locale": .string("pl")])
        XCTAssertEqual(fact?.kind, .search)
        XCTAssertEqual(fact?.results, 0)
        XCTAssertEqual(SelfServiceFact(eventID: "e2", name: SelfServiceEvent.articleRated, profileID: "p1", at: Date(),
                                       properties: ["helpful": .bool(false)])?.helpful, false)
        XCTAssertNil(SelfServiceFact(eventID: "e3", name: "Order Completed", profileID: "p1", at: Date(), properties: [:]))
    }
}
