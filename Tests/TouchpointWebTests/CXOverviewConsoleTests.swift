import Foundation
import XCTVapor
import TouchpointApp
import TouchpointDomain
@testable import TouchpointWeb

/// The executive overview on both databases: the page in Polish, English and Russian with its chart, every table as
/// CSV, an unknown table refused, agents refused; and the Monday mail enqueued once per recipient and week.
final class CXOverviewConsoleTests: XCTestCase {
    func testTheOverviewItsTablesAsCSVAndWhoMayReadThem() async throws {
        try await WebHarness.onEveryDatabase { app, database in
            let order = try await app.collect("/v1/track", #"{"userId":"zofia","event":"Order Completed","properties":{"revenue":120},"context":{"channel":"web"}}"#)
            XCTAssertEqual(order.status, .ok, order.body.string)
            let manager = try await ConsoleHTTPTests.signIn(app, role: .manager)

            let expected: [(language: String, texts: [String])] = [
                ("en", ["The week in customer experience", "Level reached: ", "A week earlier: ", "indicators: this week and last",
                        "NPS and CSAT over the last 12 weeks", "What bad experiences cost", "Where customers drop out", "Contacts per order",
                        "use the browser", "CX overview"]),
                ("pl", ["Tydzień w doświadczeniach klientów", "Osiągnięty poziom: ", "Tydzień wcześniej: ", "NPS i CSAT w ostatnich 12 tygodniach",
                        "Koszt złych doświadczeń", "Gdzie klienci odpadają", "Kontakty na zamówienie", "Przegląd CX"]),
                ("ru", ["Неделя клиентского опыта", "Достигнутый уровень: ", "Неделей раньше: ", "NPS и CSAT за последние 12 недель",
                        "Цена плохого опыта", "Где клиенты уходят", "Обращения на заказ", "Обзор CX"]),
            ]
            for page in expected {
                let response = try await app.get("/cx/overview?lang=\(page.language)", headers: manager)
                XCTAssertEqual(response.status, .ok, "\(database) \(page.language): \(response.body.string.prefix(400))")
                let body = response.body.string
                for text in page.texts + ["<svg", "<desc", "<title", "href=\"/cx/overview\" aria-current=\"page\"",
                                          "href=\"/cx/overview.csv?table=indicators\"", "href=\"/cx/overview.csv?table=trend\"",
                                          "href=\"/cx/overview.csv?table=costs\"", "href=\"/cx/overview.csv?table=journeys\"",
                                          "href=\"/cx/indicators/contacts_per_order\"", "href=\"/cx/pyramid\"", "<main id=\"main\""] {
                    XCTAssertTrue(body.contains(text), "\(database) \(page.language): the overview shows \(text)")
                }
                XCTAssertFalse(body.contains("onclick"), "\(database): the console runs no inline script (its CSP forbids it)")
            }
            let pyramid = try await app.get("/cx/pyramid?lang=en", headers: manager).body.string
            XCTAssertTrue(pyramid.contains("href=\"/cx/overview\""), "\(database): the menu leads to the overview next to the pyramid")

            let headers: [String: String] = [
                "indicators": "level,indicator,name,unit,direction,this_week,last_week,change,target,met_this_week,",
                "trend": "week_from,week_to,nps,nps_answers,promoters,detractors,csat,csat_answers,csat_satisfied",
                "costs": "figure,name,this_week,last_week,change,to_date",
                "journeys": "from_stage,to_stage,reached,went_on,dropped_off,conversion,conversion_week_ago,change",
            ]
            let rows = ["indicators": CXIndicator.all.count, "trend": 12, "costs": OverviewWords.costFigures.count, "journeys": 0]
            for (table, header) in headers {
                let csv = try await app.get("/cx/overview.csv?table=\(table)&lang=en", headers: manager)
                XCTAssertEqual(csv.status, .ok, "\(database) \(table): \(csv.body.string.prefix(300))")
                XCTAssertEqual(csv.headers.first(name: .contentType), "text/csv; charset=utf-8", "\(database) \(table)")
                let disposition = csv.headers.first(name: .contentDisposition) ?? ""
                XCTAssertTrue(disposition.hasPrefix("attachment; filename=\"cx-overview-\(table)-") && disposition.hasSuffix(".csv\""), "\(database): \(disposition)")
                let lines = csv.body.string.components(separatedBy: "\r\n")
                XCTAssertTrue(lines.first?.hasPrefix(header) == true, "\(database) \(table): \(lines.first ?? "")")
                XCTAssertEqual(lines.last, "", "\(database) \(table): every line ends with CRLF")
                XCTAssertEqual(lines.count - 2, rows[table], "\(database) \(table): a row per entry")
            }
            let indicators = try await app.get("/cx/overview.csv?table=indicators&lang=en", headers: manager).body.string
            XCTAssertTrue(indicators.contains("\r\n1,contacts_per_order,Contacts per order,ratio,lower,"), "\(database): \(indicators.prefix(600))")

            for query in ["?table=nope", "", "?table="] {
                let refused = try await app.get("/cx/overview.csv" + query, headers: manager)
                XCTAssertEqual(refused.status, .badRequest, "\(database) \(query)")
                XCTAssertTrue(refused.body.string.contains("indicators, trend, costs"), "\(database): the answer names the tables")
            }

            let agent = try await ConsoleHTTPTests.signIn(app, role: .agent)
            for path in ["/cx/overview", "/cx/overview.csv?table=indicators"] {
                let refused = try await app.get(path, headers: agent)
                XCTAssertEqual(refused.status, .forbidden, "\(database) \(path)")
            }
            let signedOut = try await app.get("/cx/overview", headers: [:])
            XCTAssertNotEqual(signedOut.status, .ok, "\(database): the overview needs a sign-in")
        }
    }

    func testTheWeeklyMailIsEnqueuedOncePerRecipientAndWeek() async throws {
        try await WebHarness.onEveryDatabase { app, database in
            _ = try await ConsoleHTTPTests.signIn(app, role: .manager)
            _ = try await ConsoleHTTPTests.signIn(app, role: .agent)
            let store = app.touchpoint.store
            let users = try await store.users()
            let readers = users.filter { $0.role.allows(.manager) }
            XCTAssertGreaterThanOrEqual(readers.count, 2, "\(database): the first-start admin and the manager")
            XCTAssertTrue(users.contains { $0.role == .agent }, database)
            let measure = app.touchpoint.measure
            let warsaw = TimeZone(identifier: "Europe/Warsaw")!
            let link = "http://127.0.0.1:8080/cx/overview"
            let monday = Timestamps.parse("2026-11-30T06:30:00Z")!   // 07:30 in Warsaw

            let early = try await measure.sendWeeklyReport(now: Timestamps.parse("2026-11-30T05:30:00Z")!, recipients: users, link: link,
                                                           company: "Elektro Świat", timeZone: warsaw)
            XCTAssertEqual(early, 0, "\(database): nothing before 07:00 on Monday in the company's zone")
            let first = try await measure.sendWeeklyReport(now: monday, recipients: users, link: link, company: "Elektro Świat", timeZone: warsaw)
            XCTAssertEqual(first, readers.count, "\(database): one mail per admin and manager, none for agents")
            let again = try await measure.sendWeeklyReport(now: monday.addingTimeInterval(3_600), recipients: users, link: link,
                                                           company: "Elektro Świat", timeZone: warsaw)
            XCTAssertEqual(again, 0, "\(database): a second run in the same week enqueues nothing")

            var mails = try await store.recentMails(status: nil, limit: 100).filter { $0.purpose == WeeklyReportMail.purpose }
            XCTAssertEqual(mails.count, readers.count, database)
            XCTAssertEqual(Set(mails.map(\.to)), Set(readers.map(\.email)), database)
            for mail in mails {
                XCTAssertTrue(mail.id.rawValue.hasPrefix("cx-weekly-2026-W49-"), mail.id.rawValue)
                XCTAssertEqual(mail.reference, "2026-W49")
                XCTAssertTrue(mail.subject.hasPrefix("Elektro Świat · CX week "), mail.subject)
                XCTAssertTrue(mail.text.contains("Open the overview: " + link), mail.text)
                XCTAssertTrue(mail.html?.contains("href=\"" + link + "\"") == true, database)
                XCTAssertEqual(mail.status, .pending)
            }

            let nextMonday = monday.addingTimeInterval(7 * 86_400)
            let next = try await measure.sendWeeklyReport(now: nextMonday, recipients: users, link: link, company: "Elektro Świat", timeZone: warsaw)
            XCTAssertEqual(next, readers.count, "\(database): a new week, a new mail")
            mails = try await store.recentMails(status: nil, limit: 100).filter { $0.purpose == WeeklyReportMail.purpose }
            XCTAssertEqual(mails.count, 2 * readers.count, database)
            let nobody = try await measure.sendWeeklyReport(now: nextMonday, recipients: [], link: link, company: "C", timeZone: warsaw)
            XCTAssertEqual(nobody, 0, "\(database): nobody to send to")

            // The background round (wired in `TouchpointServices`: the store's users, the company's zone, UTC here) does
            // the same once, and remembers the week so its later rounds skip the work.
            let thirdMonday = monday.addingTimeInterval(14 * 86_400 + 2 * 3_600)   // 08:30 UTC
            let round = try await measure.weeklyReportRound(now: thirdMonday)
            XCTAssertEqual(round, readers.count, database)
            let secondRound = try await measure.weeklyReportRound(now: thirdMonday.addingTimeInterval(300))
            XCTAssertEqual(secondRound, 0, database)
            mails = try await store.recentMails(status: nil, limit: 100).filter { $0.purpose == WeeklyReportMail.purpose }
            XCTAssertEqual(mails.count, 3 * readers.count, database)
            XCTAssertTrue(mails.contains { $0.text.contains("/cx/overview") && $0.reference == "2026-W51" }, database)
        }
    }

    func testTheOverviewsWordsAreThereInEveryLanguageAndTakeNoOtherTablesKey() {
        for (key, entry) in Strings.overviewTable {
            XCTAssertFalse(entry.pl.isEmpty || entry.en.isEmpty || entry.ru.isEmpty, key)
        }
        let others = Set(Strings.table.keys).union(Strings.serviceTable.keys).union(Strings.feedbackTable.keys).union(Strings.knowledgeTable.keys)
            .union(Strings.decisionTable.keys).union(Strings.measureTable.keys).union(Strings.measureIndicatorTable.keys)
        XCTAssertEqual(others.intersection(Strings.overviewTable.keys), [])
        for language in Language.allCases {
            let strings = Strings.all(language)
            for figure in OverviewWords.costFigures { XCTAssertNotNil(strings[figure.label], "\(language) \(figure.label)") }
            for key in ["ms_reached", "ms_blocking", "ms_blocking_none", "ms_points", "cost_title", "no_journeys", "col_conversion", "col_dropoff"] {
                XCTAssertNotNil(strings[key], "\(language) \(key)")
            }
        }
    }

    func testChangesReadWithArrowsAndWhetherTheyAreBetter() {
        let english = Strings.all(.en)
        let format = Formatting(language: .en)
        let up = OverviewWords.change(0.025, improved: true, unit: .share, strings: english, format: format)
        XCTAssertEqual(up.text, "▲ +2.5 pp")
        XCTAssertEqual(up.code, "better")
        XCTAssertEqual(up.word, "better")
        let down = OverviewWords.change(-4, improved: false, unit: .score, strings: english, format: format)
        XCTAssertEqual(down.text, "▼ −4 pts")
        XCTAssertEqual(down.code, "worse")
        XCTAssertEqual(OverviewWords.change(0.0001, improved: true, unit: .share, strings: english, format: format).text, "±0",
                       "a change below the precision shown is no change")
        XCTAssertEqual(OverviewWords.change(nil, improved: nil, unit: .share, strings: english, format: format).code, "none")
        let cost = OverviewWords.amount(3, digits: 0, lowerIsBetter: true, strings: english, format: format)
        XCTAssertEqual(cost.text, "▲ +3")
        XCTAssertEqual(cost.code, "worse", "more bad experiences is worse")
        XCTAssertEqual(OverviewWords.number(0.123456), "0.1235")
        XCTAssertEqual(OverviewWords.number(-2), "-2")
        XCTAssertEqual(OverviewWords.number(nil), "")
        XCTAssertEqual(ConsoleLink.cxOverview.href, "/cx/overview")
        XCTAssertEqual(ConsoleLink.cxOverviewCSV(table: "trend").href, "/cx/overview.csv?table=trend")
    }

    func testTheTrendChartBreaksWhereAWeekHasNoAnswers() {
        let svg = SVGChart.trend([SVGChart.TrendSeries(name: "NPS", values: [10, nil, 30, 40], texts: ["+10", "—", "+30", "+40"], color: "#0b5cd5", dashed: false),
                                  SVGChart.TrendSeries(name: "CSAT", values: [80, 70, 60, 50], texts: ["80%", "70%", "60%", "50%"], color: "#bf5700", dashed: true)],
                                 labels: ["w1", "w2", "w3", "w4"], range: -100...100, title: "NPS and CSAT", description: "Four weeks.")
        XCTAssertTrue(svg.contains("<title id=") && svg.contains("<desc id=") && svg.contains("Four weeks."))
        XCTAssertEqual(svg.components(separatedBy: "<polyline").count - 1, 2, "NPS: one run of two weeks (a lone week is a dot); CSAT: one line")
        XCTAssertEqual(svg.components(separatedBy: "<circle").count - 1, 7, "a dot per week with answers")
        XCTAssertTrue(svg.contains("stroke-dasharray"), "CSAT is told apart by more than its colour")
    }
}
