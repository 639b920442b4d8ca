import Foundation
import XCTest
import TouchpointApp
import TouchpointDomain
@testable import TouchpointStorage

/// The knowledge base on SQLite and PostgreSQL: articles with their history and waiting versions, one article per
/// language and slug, a second node's index catching up from the revisions, and self-service facts read once and
/// erased with the person.
final class KnowledgeStorageTests: XCTestCase {
    let now = Date(timeIntervalSince1970: 1_781_092_800)
    let editor = KnowledgeEditor(name: "Ola", mayPublish: true)

    func testArticlesKeepTheirHistoryAndTwoNodesFindTheSameResults() async throws {
        try await StorageHarness.onEveryDatabase { store, database in
            let nodeA = KnowledgeBase(repository: store, freshnessMilliseconds: 0)
            let nodeB = KnowledgeBase(repository: store, freshnessMilliseconds: 0)
            try await nodeB.refreshIndex(force: true)
            let created = try await nodeA.create(NewArticle(locale: .pl, content: ArticleContent(title: "Zwrot towaru", body: "Masz 30 dni na zwrot.", tags: ["zwrot"]),
                                                            status: .published), by: editor, now: now)
            let stored = try await store.article(created.id)
            XCTAssertEqual(stored, created, database)
            let value1 = try await store.article(locale: .pl, slug: "zwrot-towaru")?.id
            XCTAssertEqual(value1, created.id)
            // Node B sees node A's article on its next search.
            let hits = try await nodeB.search(SearchQuery(text: "zwroty", language: .pl))
            XCTAssertEqual(hits.map(\.id), [created.id.rawValue], database)

            // An agent's suggestion waits; publishing makes it live and both nodes rank the same.
            let agent = KnowledgeEditor(name: "Kasia", mayPublish: false)
            let suggested = try await nodeA.update(created.id, content: ArticleContent(title: "Zwrot towaru w 30 dni", body: "Masz 30 dni na zwrot pieniędzy.", tags: ["zwrot"]),
                                                   audience: nil, publish: false, by: agent, now: now.addingTimeInterval(60))
            XCTAssertEqual(suggested.content.title, "Zwrot towaru")
            let value2 = try await store.article(created.id)?.pending?.state
            XCTAssertEqual(value2, .suggested, database)
            _ = try await nodeA.publish(created.id, by: editor, now: now.addingTimeInterval(120))
            let second = try await nodeA.create(NewArticle(locale: .pl, content: ArticleContent(title: "Metody płatności", body: "BLIK, karta, przelew."),
                                                           status: .published), by: editor, now: now.addingTimeInterval(180))
            let a = try await nodeA.search(SearchQuery(text: "zwrot pieniędzy blik", language: .pl))
            let b = try await nodeB.search(SearchQuery(text: "zwrot pieniędzy blik", language: .pl))
            XCTAssertEqual(a, b, database)
            XCTAssertEqual(Set(a.map(\.id)), [created.id.rawValue, second.id.rawValue])
            let value3 = try await store.versions(of: created.id).map(\.version)
            XCTAssertEqual(value3, [2, 1])
            let value4 = try await store.versions(of: created.id).first?.state
            XCTAssertEqual(value4, .published)

            // A draft is never indexed; archiving takes an article out on every node.
            _ = try await nodeA.create(NewArticle(locale: .pl, content: ArticleContent(title: "Szkic o zwrotach", body: "zwrot")), by: editor, now: now)
            _ = try await nodeA.archive(second.id, by: editor, now: now.addingTimeInterval(240))
            let after = try await nodeB.search(SearchQuery(text: "zwrot blik", language: .pl))
            XCTAssertEqual(after.map(\.id), [created.id.rawValue], database)
            let value5 = try await store.countArticles(ArticleFilter(status: .published))
            XCTAssertEqual(value5, 1)
            let value6 = try await store.countArticles(ArticleFilter(locale: .pl))
            XCTAssertEqual(value6, 3)

            let image = KnowledgeAttachment(id: "img-1", contentType: "image/png", data: Data([0x89, 0x50, 0x4E, 0x47, 1, 2, 3]))
            try await store.saveAttachment(image, now: now)
            let value7 = try await store.knowledgeAttachment("img-1")?.data
            XCTAssertEqual(value7, image.data)
        }
    }

    func testSelfServiceFactsAreReadOnceCountedAndErasedWithThePerson() async throws {
        try await StorageHarness.onEveryDatabase { store, database in
            let desk = SelfServiceDesk(repository: store, validator: Sample.validator)
            let visitor = SelfServiceDesk.Visitor(userId: "ann-\(database)")
            try await desk.record([
                .init(name: SelfServiceEvent.searched, properties: ["query": .string("zwrot"), "results": .number(2)], visitor: visitor, channel: .web, at: now),
                .init(name: SelfServiceEvent.searched, properties: ["query": .string("Kosmos"), "results": .number(0)], visitor: visitor, channel: .web, at: now),
                .init(name: SelfServiceEvent.assistantAnswered, properties: ["question": .string("blik?"), "conversation_id": .string("c1"), "outcome": .string("answered")],
                      visitor: visitor, channel: .chat, at: now),
                .init(name: SelfServiceEvent.assistantHandedOver, properties: ["question": .string("człowiek"), "conversation_id": .string("c2"), "reason": .string("asked_for_human")],
                      visitor: visitor, channel: .chat, at: now),
            ])
            let value8 = try await desk.catchUp()
            XCTAssertEqual(value8, 4, database)
            let value9 = try await desk.catchUp()
            XCTAssertEqual(value9, 0)
            let report = try await store.selfServiceReport(from: now.addingTimeInterval(-86_400), to: now.addingTimeInterval(86_400), gaps: 10)
            XCTAssertEqual(report.searches, 2)
            XCTAssertEqual(report.zeroResultSearches, 1)
            XCTAssertEqual(report.contentGaps, [SelfServiceReport.Gap(query: "kosmos", count: 1)])
            XCTAssertEqual(report.assistantConversations, 2)
            XCTAssertEqual(report.answeredWithoutHandover, 1)
            XCTAssertEqual(report.handoverReasons, ["asked_for_human": 1])
            XCTAssertEqual(report.answered, 2)
            XCTAssertEqual(report.verifiedSelfService, 2, "no contact after either answer")

            let annID = try await store.resolveProfileID(reference: "user_id:ann-\(database)")
            let ann = try XCTUnwrap(annID)
            try await store.erase(ann, now: now)
            let erased = try await store.selfServiceReport(from: now.addingTimeInterval(-86_400), to: now.addingTimeInterval(86_400), gaps: 10)
            XCTAssertEqual(erased.searches, 0, database)
            XCTAssertEqual(erased.assistantConversations, 0)
        }
    }
}
