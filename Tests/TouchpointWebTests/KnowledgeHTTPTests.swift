import Foundation
import XCTVapor
import TouchpointDomain
@testable import TouchpointWeb

/// The knowledge base, help centre and assistant over HTTP on both databases: the CONTRACT's shapes, roles (agents
/// suggest, managers publish), versions, drafts and internal articles never public, every problem listed, escaping,
/// events on the visitor's profile and the self-service report, hand-over into a case.
final class KnowledgeHTTPTests: XCTestCase {
    static let returns = #"{"locale":"pl","title":"Zwrot towaru","body":"Towar możesz **zwrócić** w ciągu 30 dni.\n\n## Jak\n1. Zgłoś zwrot\n2. Nadaj paczkę","category":"Zwroty","tags":["zwrot"],"status":"published"}"#
    static let payments = #"{"locale":"pl","title":"Metody płatności","body":"Zapłacisz BLIKIEM, kartą albo przelewem. Płatność BLIK jest natychmiastowa.","category":"Płatności","status":"published"}"#
    static let warranty = #"{"locale":"ru","title":"Гарантия","body":"Все товары покрыты гарантией производителя 24 месяца.","status":"published"}"#

    func testArticlesSearchAndTheContractShapes() async throws {
        try await WebHarness.onEveryDatabase { app, database in
            for body in [Self.returns, Self.payments, Self.warranty] {
                let created = try await app.send(.POST, "/api/v1/kb/articles", body: body)
                XCTAssertEqual(created.status, .created, "\(database): \(created.body.string)")
                XCTAssertNotNil(created.json["id"]?.stringValue)
            }
            for (query, locale, title) in [("zwroty towarów", "pl", "Zwrot towaru"), ("platnosc blikiem", "pl", "Metody płatności"), ("гарантией", "ru", "Гарантия")] {
                let path = "/api/v1/kb/search?q=" + query.addingPercentEncoding(withAllowedCharacters: .alphanumerics)! + "&locale=" + locale
                let found = try await app.send(.GET, path)
                XCTAssertEqual(found.status, .ok, found.body.string)
                let first = found.json["results"]?.arrayValue?.first
                XCTAssertEqual(first?["title"]?.stringValue, title, "\(database): \(query)")
                XCTAssertNotNil(first?["id"]?.stringValue)
                XCTAssertNotNil(first?["snippet"]?.stringValue)
                XCTAssertNotNil(first?["score"]?.doubleValue)
            }
            // The language is detected when not given; any size or script is an empty result or a 400.
            let detected = try await app.send(.GET, "/api/v1/kb/search?q=" + "гарантия".addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)
            XCTAssertEqual(detected.json["locale"]?.stringValue, "ru")
            let odd = try await app.send(.GET, "/api/v1/kb/search?q=%E6%BC%A2%E5%AD%97%F0%9F%98%80&locale=pl")
            XCTAssertEqual(odd.json["results"]?.arrayValue?.count, 0)
            let long = try await app.send(.GET, "/api/v1/kb/search?q=" + String(repeating: "a", count: 501))
            XCTAssertEqual(long.status, .badRequest)
            XCTAssertEqual(long.errorCode, "query_too_long")
            let empty = try await app.send(.GET, "/api/v1/kb/search")
            XCTAssertEqual(empty.json["results"]?.arrayValue?.count, 0)

            let answer = try await app.send(.POST, "/api/v1/assistant/answer", body: #"{"question":"Czy mogę zapłacić blikiem?","locale":"pl"}"#)
            XCTAssertEqual(answer.status, .ok, answer.body.string)
            XCTAssertEqual(answer.json["handover"], .bool(false), answer.body.string)
            XCTAssertEqual(answer.json["articles"]?.arrayValue?.first?["title"]?.stringValue, "Metody płatności")
            XCTAssertTrue(answer.json["answer"]?.stringValue?.contains("BLIK") == true, answer.body.string)
            XCTAssertGreaterThan(answer.json["confidence"]?.doubleValue ?? 0, 0.5)
            let unknown = try await app.send(.POST, "/api/v1/assistant/answer", body: #"{"question":"Do you sell submarines?"}"#)
            XCTAssertEqual(unknown.json["answer"], .null)
            XCTAssertEqual(unknown.json["handover"], .bool(true))
            XCTAssertEqual(unknown.json["reason"]?.stringValue, "low_confidence")
            let human = try await app.send(.POST, "/api/v1/assistant/answer", body: #"{"question":"позовите человека"}"#)
            XCTAssertEqual(human.json["reason"]?.stringValue, "asked_for_human")
            let blank = try await app.send(.POST, "/api/v1/assistant/answer", body: #"{"question":"   "}"#)
            XCTAssertEqual(blank.status, .badRequest)
        }
    }

    func testAgentsSuggestManagersPublishAndEveryVersionIsKept() async throws {
        try await WebHarness.onEveryDatabase { app, database in
            let (_, agent) = try await ServiceHTTPTests.agent(app, email: "agent-\(database)@shop.pl")
            let refused = try await app.send(.POST, "/api/v1/kb/articles", headers: agent, body: Self.returns)
            XCTAssertEqual(refused.status, .forbidden, refused.body.string)
            let invalid = try await app.send(.POST, "/api/v1/kb/articles", body: #"{"locale":"de","title":"x","body":"y"}"#)
            XCTAssertEqual(invalid.status, .unprocessableEntity)
            XCTAssertEqual(invalid.json["problems"]?.arrayValue?.first?.stringValue, "locale: pl, en or ru, not 'de'")
            let wrongType = try await app.send(.POST, "/api/v1/kb/articles", body: #"{"locale":"pl","title":"x","body":"y","status":"live"}"#)
            XCTAssertEqual(wrongType.errorCode, "invalid_status")
            let problems = try await app.send(.POST, "/api/v1/kb/articles", body: #"{"locale":"pl","title":"","body":" ","tags":["\#(String(repeating: "t", count: 60))"]}"#)
            XCTAssertEqual(problems.status, .unprocessableEntity)
            XCTAssertEqual(problems.json["problems"]?.arrayValue?.count, 3, problems.body.string)

            let created = try await app.send(.POST, "/api/v1/kb/articles", body: Self.returns).json
            let id = try XCTUnwrap(created["id"]?.stringValue)
            // An agent's change waits: the help centre keeps showing the published text.
            var agentJSON = agent
            agentJSON.contentType = .json
            let suggested = try await app.send(.PATCH, "/api/v1/kb/articles/\(id)", headers: agentJSON, body: #"{"title":"Zwrot towaru w 30 dni"}"#)
            XCTAssertEqual(suggested.status, .ok, suggested.body.string)
            XCTAssertEqual(suggested.json["title"]?.stringValue, "Zwrot towaru")
            XCTAssertEqual(suggested.json["pending"]?["state"]?.stringValue, "suggested")
            let agentPublish = try await app.send(.POST, "/api/v1/kb/articles/\(id)/publish", headers: agent)
            XCTAssertEqual(agentPublish.status, .forbidden)
            let published = try await app.send(.POST, "/api/v1/kb/articles/\(id)/publish")
            XCTAssertEqual(published.json["title"]?.stringValue, "Zwrot towaru w 30 dni")
            XCTAssertEqual(published.json["version"]?.doubleValue, 2)
            let versions = try await app.send(.GET, "/api/v1/kb/articles/\(id)/versions")
            XCTAssertEqual(versions.json["versions"]?.arrayValue?.map { $0["version"]?.doubleValue ?? 0 }, [2, 1])

            // A translation shares the key; a second Polish one is refused.
            let english = try await app.send(.POST, "/api/v1/kb/articles", body: #"{"locale":"en","title":"Returns","body":"Return within 30 days.","status":"published","translationOf":"\#(id)"}"#)
            XCTAssertEqual(english.status, .created, english.body.string)
            let again = try await app.send(.POST, "/api/v1/kb/articles", body: #"{"locale":"pl","title":"Zwroty 2","body":"x","translationOf":"\#(id)"}"#)
            XCTAssertEqual(again.status, .conflict)
            let shown = try await app.send(.GET, "/api/v1/kb/articles/\(id)")
            XCTAssertEqual(shown.json["translations"]?.arrayValue?.first?["locale"]?.stringValue, "en")
            let listed = try await app.send(.GET, "/api/v1/kb/articles?locale=pl")
            XCTAssertEqual(listed.json["total"]?.doubleValue, 1)

            let archived = try await app.send(.POST, "/api/v1/kb/articles/\(id)/archive")
            XCTAssertEqual(archived.json["status"]?.stringValue, "archived")
            let gone = try await app.send(.GET, "/api/v1/kb/search?q=zwrot&locale=pl")
            XCTAssertEqual(gone.json["results"]?.arrayValue?.count, 0)
        }
    }

    func testTheHelpCentreShowsOnlyPublishedPublicArticlesEscapedAndRecordsVisitors() async throws {
        try await WebHarness.onEveryDatabase { app, database in
            let published = try await app.send(.POST, "/api/v1/kb/articles", body: #"{"locale":"pl","title":"Zwrot <script>alert(1)</script>","body":"Treść <img src=x onerror=alert(1)> i [link](javascript:alert(2)).","status":"published","slug":"zwrot"}"#)
            XCTAssertEqual(published.status, .created, published.body.string)
            _ = try await app.send(.POST, "/api/v1/kb/articles", body: #"{"locale":"pl","title":"Szkic","body":"Nie dla klientów.","status":"draft","slug":"szkic"}"#)
            _ = try await app.send(.POST, "/api/v1/kb/articles", body: #"{"locale":"pl","title":"Dla agentów","body":"Tylko wewnętrzne zasady zwrotu.","status":"published","internal":true,"slug":"wewnetrzny"}"#)

            let page = try await app.send(.GET, "/help/pl/a/zwrot", headers: [:])
            XCTAssertEqual(page.status, .ok)
            let html = page.body.string
            XCTAssertTrue(html.contains("Zwrot &lt;script&gt;alert(1)&lt;/script&gt;"))
            XCTAssertFalse(html.contains("<img src=x"))
            XCTAssertFalse(html.contains("javascript:"))
            XCTAssertTrue(html.contains(#"<link rel="canonical""#))
            let cookie = try XCTUnwrap(page.headers.setCookie?[HelpCentreController.cookie]?.string)
            for hidden in ["/help/pl/a/szkic", "/help/pl/a/wewnetrzny", "/help/de", "/help/pl/a/..%2F..%2Fetc"] {
                let response = try await app.send(.GET, hidden, headers: [:])
                XCTAssertEqual(response.status, .notFound, "\(database): \(hidden)")
            }
            let home = try await app.send(.GET, "/help/pl", headers: [:]).body.string
            XCTAssertTrue(home.contains("/help/pl/a/zwrot"))
            XCTAssertFalse(home.contains("szkic") || home.contains("wewnetrzny"))
            let sitemap = try await app.send(.GET, "/help/sitemap.xml", headers: [:]).body.string
            XCTAssertTrue(sitemap.contains("/help/pl/a/zwrot"))
            XCTAssertFalse(sitemap.contains("szkic") || sitemap.contains("wewnetrzny"))
            let suggest = try await app.send(.GET, "/help/pl/suggest?q=zwr", headers: [:])
            XCTAssertEqual(suggest.json["suggestions"]?.arrayValue?.count, 1, suggest.body.string)
            let internalSearch = try await app.send(.GET, "/help/pl/search?q=zasady%20zwrotu", headers: [:]).body.string
            XCTAssertFalse(internalSearch.contains("wewnetrzny"))

            // Searches, views and votes are events on the visitor's profile, and in the report.
            var visitor = HTTPHeaders()
            visitor.cookie = HTTPCookies(dictionaryLiteral: (HelpCentreController.cookie, HTTPCookies.Value(string: cookie)))
            _ = try await app.send(.GET, "/help/pl/search?q=zwrot", headers: visitor)
            _ = try await app.send(.GET, "/help/pl/search?q=kosmos", headers: visitor)
            var form = visitor
            form.contentType = .urlEncodedForm
            let vote = try await app.send(.POST, "/help/pl/a/zwrot/vote", headers: form, body: "helpful=yes")
            XCTAssertEqual(vote.status, .seeOther)
            let badVote = try await app.send(.POST, "/help/pl/a/zwrot/vote", headers: form, body: "helpful=maybe")
            XCTAssertEqual(badVote.status, .badRequest)
            let timeline = try await app.send(.GET, "/api/v1/profiles/anonymous_id:\(cookie)/timeline")
            let names = Set(timeline.json["events"]?.arrayValue?.compactMap { $0["name"]?.stringValue } ?? [])
            XCTAssertEqual(names, [SelfServiceEvent.articleViewed, SelfServiceEvent.searched, SelfServiceEvent.articleRated], timeline.body.string)
            let report = try await app.send(.GET, "/api/v1/self-service/report")
            // Three searches: the visitor's two and the anonymous one above, which found nothing a customer may read (the
            // internal article is hidden, and the public one shares one word of two): a content gap like "kosmos".
            XCTAssertEqual(report.json["searches"]?.doubleValue, 3, report.body.string)
            XCTAssertEqual(report.json["zeroResultSearches"]?.doubleValue, 2)
            XCTAssertEqual(report.json["contentGaps"]?.arrayValue?.compactMap { $0["query"]?.stringValue }, ["kosmos", "zasady zwrotu"])
            XCTAssertEqual(report.json["helpful"]?.doubleValue, 1)
            XCTAssertEqual(report.json["verifiedSelfService"]?.doubleValue, 1, "the answered search with no contact after it")
        }
    }

    func testAHandOverOpensTheCustomersCaseWithTheTranscript() async throws {
        try await WebHarness.onEveryDatabase { app, database in
            _ = try await app.collect("/v1/identify", #"{"userId":"u-\#(database)","traits":{"email":"ola@example.pl"}}"#)
            _ = try await app.send(.POST, "/api/v1/kb/articles", body: Self.payments)
            let answer = try await app.send(.POST, "/api/v1/assistant/answer",
                                            body: #"{"question":"chcę rozmawiać z konsultantem","profile":"user_id:u-\#(database)","transcript":["Gdzie jest moja paczka?"]}"#)
            XCTAssertEqual(answer.json["handover"], .bool(true), answer.body.string)
            let number = try XCTUnwrap(answer.json["caseNumber"]?.doubleValue)
            let cases = try await app.send(.GET, "/api/v1/profiles/user_id:u-\(database)/cases")
            let found = cases.json["cases"]?.arrayValue?.first { $0["number"]?.doubleValue == number }
            XCTAssertNotNil(found, cases.body.string)
            let caseID = try XCTUnwrap(found?["id"]?.stringValue)
            let messages = try await app.send(.GET, "/api/v1/cases/\(caseID)")
            let bodies = messages.json["messages"]?.arrayValue?.compactMap { $0["body"]?.stringValue } ?? []
            XCTAssertTrue(bodies.contains { $0.contains("Transcript") && $0.contains("Gdzie jest moja paczka?") && $0.contains("asked_for_human") }, "\(bodies)")
        }
    }
}
