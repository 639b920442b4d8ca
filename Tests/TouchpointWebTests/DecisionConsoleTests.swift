import Foundation
import XCTVapor
import TouchpointApp
import TouchpointDomain
@testable import TouchpointWeb

/// The decisions area in the console on both databases: the segment builder's live count (the form posted with its
/// token, every problem by its line), saving and its refusals, read-only pages for agents; the action catalogue with
/// retire and activate; the report; a profile's segments and decisions; next best actions beside a case.
final class DecisionConsoleHTTPTests: XCTestCase {
    static func form(_ text: String) -> String { text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? text }

    static let tvLine = #"{"did":"Order Completed","where":["category == tv"],"withinDays":90}"#

    func testManagersBuildSegmentsWithALiveCountAndAgentsOnlyRead() async throws {
        try await WebHarness.onEveryDatabase { app, database in
            let order = try await app.collect("/v1/batch", #"{"batch":[{"type":"identify","userId":"zofia","traits":{"name":"Zofia Nowak","city":"Warszawa"}},{"type":"track","userId":"zofia","event":"Order Completed","properties":{"category":"tv"}}]}"#)
            XCTAssertEqual(order.status, .ok, order.body.string)
            let manager = try await ConsoleHTTPTests.signIn(app, role: .manager)
            var post = manager
            post.contentType = .urlEncodedForm

            // The live count: the builder's fields as the script posts them; no name needed yet; CRLF line breaks.
            let draft = "traits.city == Warszawa\r\n\r\n" + Self.tvLine
            let count = try await app.send(.POST, "/decisions/segments/preview?lang=en", headers: post,
                                           body: "name=&mode=all&action=preview&conditions=" + Self.form(draft))
            XCTAssertEqual(count.status, .ok, "\(database): \(count.body.string)")
            XCTAssertEqual(count.json["members"], .number(1), count.body.string)
            XCTAssertEqual(count.json["text"]?.stringValue, "1 person", count.body.string)
            let polish = try await app.send(.POST, "/decisions/segments/preview?lang=pl", headers: post,
                                            body: "name=&mode=any&conditions=" + Self.form("value.clv missing"))
            XCTAssertEqual(polish.json["text"]?.stringValue, "1 osoba", polish.body.string)

            // Every problem, each by its line.
            let invalid = try await app.send(.POST, "/decisions/segments/preview?lang=en", headers: post,
                                             body: "name=x&mode=all&conditions=" + Self.form("value.cvl >= 5\n\nnonsense\n{\"did\":\"X\",\"withinDays\":400}"))
            XCTAssertEqual(invalid.status, .unprocessableEntity, invalid.body.string)
            let problems = invalid.json["problems"]?.arrayValue?.compactMap(\.stringValue) ?? []
            XCTAssertTrue(problems.contains { $0.hasPrefix("Line 1: ") && $0.contains("value.cvl") }, "\(problems)")
            XCTAssertTrue(problems.contains { $0.hasPrefix("Line 3: ") }, "\(problems)")
            XCTAssertTrue(problems.contains { $0.hasPrefix("Line 4: ") && $0.contains("withinDays") }, "\(problems)")

            // The form without its token is refused, as every console form is.
            var forged = post
            forged.remove(name: "X-CSRF-Token")
            let refusedForgery = try await app.send(.POST, "/decisions/segments/preview", headers: forged, body: "name=x&conditions=value.clv+exists")
            XCTAssertEqual(refusedForgery.status, .forbidden, database)

            // Saving: back to the list at the new row; the same name again does not replace it.
            let body = "name=Warsaw+TV+buyers&mode=all&action=save&conditions=" + Self.form(draft)
            let saved = try await app.send(.POST, "/decisions/segments", headers: post, body: body)
            XCTAssertEqual(saved.status, .seeOther, "\(database): \(saved.body.string)")
            XCTAssertEqual(saved.headers.first(name: .location), "/decisions/segments?saved=warsaw-tv-buyers#seg-warsaw-tv-buyers")
            let again = try await app.send(.POST, "/decisions/segments?lang=en", headers: post, body: body)
            XCTAssertEqual(again.status, .unprocessableEntity, database)
            XCTAssertTrue(again.body.string.contains("already exists"), database)
            let stored = try await app.get("/api/v1/segments/warsaw-tv-buyers")
            XCTAssertEqual(stored.status, .ok, stored.body.string)

            try await app.touchpoint.decisions.segments.catchUp()
            let page = try await app.get("/decisions/segments?lang=en", headers: manager)
            XCTAssertEqual(page.status, .ok, database)
            for text in ["Warsaw TV buyers", "id=\"seg-warsaw-tv-buyers\"", "City = Warszawa", "did “Order Completed”", "/segment-builder.js", "name=\"_csrf\""] {
                XCTAssertTrue(page.body.string.contains(text), "\(database): the page shows \(text)")
            }
            let editing = try await app.get("/decisions/segments?lang=en&edit=warsaw-tv-buyers", headers: manager).body.string
            XCTAssertTrue(editing.contains("name=\"id\" value=\"warsaw-tv-buyers\""), database)
            XCTAssertTrue(editing.contains("traits.city == &quot;Warszawa&quot;"), "\(database): the builder's lines are the written form")

            let profile = try await app.get("/profiles/user_id:zofia?lang=en", headers: manager).body.string
            XCTAssertTrue(profile.contains("class=\"chips\"") && profile.contains("Warsaw TV buyers"), "\(database): the profile shows the segment chip")

            // Agents read the list; they get no builder and cannot save or count.
            let agent = try await ConsoleHTTPTests.signIn(app, role: .agent)
            let read = try await app.get("/decisions/segments", headers: agent)
            XCTAssertEqual(read.status, .ok, database)
            XCTAssertFalse(read.body.string.contains("segment-builder"), database)
            var agentPost = agent
            agentPost.contentType = .urlEncodedForm
            let refused = try await app.send(.POST, "/decisions/segments", headers: agentPost, body: "name=X&action=save&conditions=value.clv+exists")
            XCTAssertEqual(refused.status, .forbidden, database)
            let refusedCount = try await app.send(.POST, "/decisions/segments/preview", headers: agentPost, body: "name=X&conditions=value.clv+exists")
            XCTAssertEqual(refusedCount.status, .forbidden, database)
        }
    }

    func testTheCatalogueTheReportAndNextBestActionsBesideACase() async throws {
        try await WebHarness.onEveryDatabase { app, database in
            let person = try await app.collect("/v1/identify", #"{"userId":"ewa","traits":{"name":"Ewa Nowak","email":"ewa@example.pl"}}"#)
            XCTAssertEqual(person.status, .ok)
            let action = #"{"id":"warranty-check","name":"Warranty check","kind":"service","channels":["chat","email"],"placements":["agent_sidebar"],"texts":{"pl":{"title":"Sprawdź gwarancję","body":"Zaproponuj sprawdzenie gwarancji."},"en":{"title":"Check the warranty","body":"Offer a warranty check."}},"value":20,"caps":{"perPersonPerWeek":5},"controlGroupPercent":0}"#
            let created = try await app.send(.POST, "/api/v1/actions", body: action)
            XCTAssertEqual(created.status, .created, created.body.string)
            let admin = try await ConsoleHTTPTests.signIn(app)

            let catalogue = try await app.get("/decisions/actions?lang=en", headers: admin)
            XCTAssertEqual(catalogue.status, .ok, database)
            for text in ["Warranty check", "service", "≤ 5 per person a week", "agent_sidebar", "Retire"] {
                XCTAssertTrue(catalogue.body.string.contains(text), "\(database): the catalogue shows \(text)")
            }
            let detail = try await app.get("/decisions/actions/warranty-check?lang=en", headers: admin).body.string
            XCTAssertTrue(detail.contains("Sprawdź gwarancję") && detail.contains("Check the warranty"), database)
            XCTAssertTrue(detail.contains("No text in this language"), "\(database): Russian falls back")

            // A case for her: next best actions beside it, in the agent's language, with service first.
            let opened = try await app.send(.POST, "/api/v1/cases", body: #"{"channel":"chat","customer":{"name":"Ewa Nowak","email":"ewa@example.pl"},"subject":"Broken TV","message":"My TV does not turn on"}"#)
            XCTAssertEqual(opened.status, .created, opened.body.string)
            let number = try XCTUnwrap(opened.json["number"]?.doubleValue).formatted(.number.grouping(.never))
            let workspace = try await app.get("/service/cases/\(number)?lang=en", headers: admin)
            XCTAssertEqual(workspace.status, .ok, database)
            for text in ["Next best actions", "Check the warranty", "Offer a warranty check.", "Service first", "agent_sidebar"] {
                XCTAssertTrue(workspace.body.string.contains(text), "\(database): the case page shows \(text)")
            }
            let logged = try await app.get("/api/v1/profiles/user_id:ewa/decisions").json["decisions"]?.arrayValue ?? []
            XCTAssertEqual(logged.first?["placement"]?.stringValue, "agent_sidebar", database)
            XCTAssertEqual(logged.first?["channel"]?.stringValue, "chat", database)

            let profile = try await app.get("/profiles/user_id:ewa?lang=en", headers: admin).body.string
            XCTAssertTrue(profile.contains("Recent decisions") && profile.contains("Warranty check") && profile.contains("agent_sidebar"), database)

            let report = try await app.get("/decisions/report?lang=en", headers: admin)
            XCTAssertEqual(report.status, .ok, database)
            XCTAssertTrue(report.body.string.contains("Warranty check") && report.body.string.contains("no control group"), database)
            let agent = try await ConsoleHTTPTests.signIn(app, role: .agent)
            let forbidden = try await app.get("/decisions/report", headers: agent)
            XCTAssertEqual(forbidden.status, .forbidden, database)

            // Retire from the list, then the API says so; agents cannot.
            var post = admin
            post.contentType = .urlEncodedForm
            let retired = try await app.send(.POST, "/decisions/actions/warranty-check/state", headers: post, body: "active=false&returnTo=%2Fdecisions%2Factions")
            XCTAssertEqual(retired.status, .seeOther, "\(database): \(retired.body.string)")
            XCTAssertEqual(retired.headers.first(name: .location), "/decisions/actions")
            let afterRetiring = try await app.get("/api/v1/actions/warranty-check")
            XCTAssertEqual(afterRetiring.json["active"], .bool(false), "\(database): \(afterRetiring.body.string)")
            var agentPost = agent
            agentPost.contentType = .urlEncodedForm
            let refused = try await app.send(.POST, "/decisions/actions/warranty-check/state", headers: agentPost, body: "active=true")
            XCTAssertEqual(refused.status, .forbidden, database)
        }
    }
}

/// The builder's lines and the words of conditions, without a server.
final class DecisionConsoleWordsTests: XCTestCase {
    let english = Strings.all(.en)

    func testTheBuilderReadsOneConditionALineAndNamesProblemsByLine() {
        let draft = SegmentDraft(id: "", name: "Zakupy TV", conditions: "value.clv >= 500\r\n\r\n\"traits.city == Warszawa\",\n" + DecisionConsoleHTTPTests.tvLine,
                                 mode: .anyOf)
        let (definition, problems) = draft.parsed(strings: english, forPreview: false)
        XCTAssertEqual(problems, [])
        XCTAssertEqual(definition.id.rawValue, "zakupy-tv")
        XCTAssertEqual(definition.groups.count, 1)
        XCTAssertEqual(definition.groups.first?.mode, .anyOf)
        XCTAssertEqual(definition.groups.first?.conditions.count, 3)
        // Back into the builder, and read again to the same definition.
        let reread = SegmentDraft(editing: definition).map { $0.parsed(strings: english, forPreview: false).definition }
        XCTAssertEqual(reread, definition)

        let broken = SegmentDraft(id: "", name: "!!!", conditions: "\nvalue.clv >>= 1\nstage == teenager", mode: .allOf)
        let found = broken.parsed(strings: english, forPreview: false).problems
        XCTAssertTrue(found.contains { $0.hasPrefix("Line 2: ") }, "\(found)")
        XCTAssertTrue(found.contains { $0.hasPrefix("Line 3: ") && $0.contains("teenager") }, "\(found)")
        XCTAssertTrue(found.contains(english["dc_name_needs_letters"]!), "\(found)")
        XCTAssertEqual(SegmentDraft(id: "", name: "", conditions: "", mode: .allOf).parsed(strings: english, forPreview: true).problems.count, 1,
                       "a preview needs no name, only a condition")
    }

    func testConditionsReadAsSentences() {
        let format = Formatting(language: .en)
        func words(_ line: String) throws -> String {
            DecisionWords.condition(try SegmentDraft.condition(line), strings: english, format: format)
        }
        XCTAssertEqual(try words("value.clv >= 500"), "CLV ≥ 500")
        XCTAssertEqual(try words("stage in [\"experience\", \"loyalty\"]"), "lifecycle stage is one of: experience, loyalty")
        XCTAssertEqual(try words("feedback.detractorRecently == true"), "a detractor in the last 30 days: yes")
        XCTAssertEqual(try words(#"{"didNot":"Order Completed","where":["category == soundbar"],"withinDays":90}"#),
                       "did not do “Order Completed” (where category = soundbar) within the last 90 days")
        XCTAssertEqual(try words(#"{"did":"Contact","atLeast":2,"withinDays":7}"#), "did “Contact” at least 2 times within the last 7 days")
    }

    func testNumbersTakeTheirPluralForm() {
        XCTAssertEqual([1, 2, 5, 12, 22, 101].map { DecisionWords.pluralForm($0, .pl) }, ["one", "few", "many", "many", "few", "many"])
        XCTAssertEqual([1, 2, 5, 11, 21, 24].map { DecisionWords.pluralForm($0, .ru) }, ["one", "few", "many", "many", "one", "few"])
        XCTAssertEqual([1, 2].map { DecisionWords.pluralForm($0, .en) }, ["one", "many"])
    }

    func testEveryDecisionStringExistsInEveryLanguageAndNoKeyIsTakenTwice() {
        for (key, entry) in Strings.decisionTable {
            XCTAssertFalse(entry.pl.isEmpty || entry.en.isEmpty || entry.ru.isEmpty, key)
        }
        let others = Set(Strings.table.keys).union(Strings.serviceTable.keys).union(Strings.feedbackTable.keys).union(Strings.knowledgeTable.keys)
        XCTAssertEqual(others.intersection(Strings.decisionTable.keys), [])
        for reason in RemovalReason.allCases { XCTAssertNotNil(english["dc_reason_" + reason.rawValue], reason.rawValue) }
        for kind in ActionKind.allCases { XCTAssertNotNil(english["dc_kind_" + kind.rawValue.replacingOccurrences(of: "-", with: "_")], kind.rawValue) }
    }

    func testLinksAreTyped() {
        XCTAssertEqual(ConsoleLink.decisionAction(id: "a/b c").href, "/decisions/actions/a%2Fb%20c")
        XCTAssertEqual(ConsoleLink.decisionSegments(focus: "tv-buyers").href, "/decisions/segments#seg-tv-buyers")
        XCTAssertEqual(ConsoleLink.decisionReport(from: "2026-01-01").href, "/decisions/report?from=2026-01-01")
    }
}
