import Foundation
import XCTVapor
import TouchpointApp
import TouchpointDomain
@testable import TouchpointWeb

/// The measurement pages in the console on both databases: the CX pyramid, an indicator's explanation and the
/// channels compared render in Polish, English and Russian with their charts; filters that cannot be used are
/// named and dropped; an unknown indicator is not found; agents are refused, as on the other manager pages.
final class MeasureConsoleHTTPTests: XCTestCase {
    func testThePyramidAnIndicatorAndTheChannelsInEveryLanguage() async throws {
        try await WebHarness.onEveryDatabase { app, database in
            // One order and one case a customer opened: level 1 has data (one contact per order, over its target).
            let order = try await app.collect("/v1/track", #"{"userId":"zofia","event":"Order Completed","properties":{"revenue":120},"context":{"channel":"web"}}"#)
            XCTAssertEqual(order.status, .ok, order.body.string)
            let opened = try await app.send(.POST, "/api/v1/cases", body: #"{"channel":"email","customer":{"email":"ola@example.com"},"subject":"Where is my parcel","message":"It has not come"}"#)
            XCTAssertEqual(opened.status, .created, opened.body.string)
            let manager = try await ConsoleHTTPTests.signIn(app, role: .manager)

            let expected: [(language: String, pyramid: [String], indicator: [String], channels: [String])] = [
                ("en", ["The CX pyramid", "Level reached: ", "Level 1: Useful information", "Level 5: Safety and extra value", "Contacts per order", "Blocking level: "],
                 ["Net Promoter Score (NPS)", "What it measures", "How it is computed", "Value and target"],
                 ["Channels compared", "Answered share by channel", "Spread across channels", "Channel switches", "App"]),
                ("pl", ["Piramida doświadczeń klienta (CX)", "Osiągnięty poziom: ", "Poziom 1: Przydatna informacja", "Kontakty na zamówienie"],
                 ["Net Promoter Score (NPS)", "Co mierzy", "Jak jest liczony"],
                 ["Porównanie kanałów", "Odebrane kontakty według kanału", "Zmiany kanału", "Aplikacja"]),
                ("ru", ["Пирамида клиентского опыта (CX)", "Достигнутый уровень: ", "Уровень 1: Полезная информация", "Обращения на заказ"],
                 ["Индекс лояльности (NPS)", "Что измеряет", "Как рассчитывается"],
                 ["Сравнение каналов", "Доля принятых обращений по каналам", "Смена канала", "Приложение"]),
            ]
            for page in expected {
                let pyramid = try await app.get("/cx/pyramid?lang=\(page.language)", headers: manager)
                XCTAssertEqual(pyramid.status, .ok, "\(database) \(page.language): \(pyramid.body.string.prefix(400))")
                for text in page.pyramid + ["<svg", "<desc", "href=\"/cx/indicators/contacts_per_order\"", "href=\"/cx/channels\"", "<main id=\"main\""] {
                    XCTAssertTrue(pyramid.body.string.contains(text), "\(database) \(page.language): the pyramid shows \(text)")
                }
                let indicator = try await app.get("/cx/indicators/nps?lang=\(page.language)", headers: manager)
                XCTAssertEqual(indicator.status, .ok, "\(database) \(page.language): \(indicator.body.string.prefix(400))")
                for text in page.indicator + ["<svg", "<desc", "href=\"/cx/pyramid\""] {
                    XCTAssertTrue(indicator.body.string.contains(text), "\(database) \(page.language): the indicator page shows \(text)")
                }
                let channels = try await app.get("/cx/channels?lang=\(page.language)", headers: manager)
                XCTAssertEqual(channels.status, .ok, "\(database) \(page.language): \(channels.body.string.prefix(400))")
                for text in page.channels + ["<svg", "<desc", "ch-mobile", "ch-store"] {
                    XCTAssertTrue(channels.body.string.contains(text), "\(database) \(page.language): the channels page shows \(text)")
                }
            }

            // The first level has data and misses its target, so nothing is reached and it blocks.
            let english = try await app.get("/cx/pyramid?lang=en", headers: manager).body.string
            XCTAssertTrue(english.contains("Level reached: 0 of 5"), database)
            XCTAssertTrue(english.contains("Blocking level: 1 · Useful information"), database)
            XCTAssertTrue(english.contains("CX pyramid: level 0 of 5 reached"), "\(database): the chart's title says the level reached")

            // One channel: indicators that cannot be read for one channel say so.
            let phone = try await app.get("/cx/pyramid?lang=en&channel=phone", headers: manager)
            XCTAssertEqual(phone.status, .ok, database)
            XCTAssertTrue(phone.body.string.contains("<option value=\"phone\" selected>"), database)
            XCTAssertTrue(phone.body.string.contains("this indicator cannot be read for one channel"), database)
            XCTAssertFalse(english.contains("this indicator cannot be read for one channel"), "\(database): no note without a channel")

            // Filters that cannot be used are named, and the page shows the rest.
            let unusable = try await app.get("/cx/pyramid?lang=en&channel=fax&segment=nope&from=2026-02-30", headers: manager)
            XCTAssertEqual(unusable.status, .ok, database)
            for text in ["There is no such channel", "There is no such segment", "Enter dates as YYYY-MM-DD.", "role=\"alert\""] {
                XCTAssertTrue(unusable.body.string.contains(text), "\(database): the page says \(text)")
            }

            let counted = try await app.get("/cx/indicators/contacts_per_order?lang=en", headers: manager).body.string
            XCTAssertTrue(counted.contains("cases customers opened") && counted.contains("“Order Completed” events"), database)
            XCTAssertTrue(counted.contains("≤ 0.15 per order"), "\(database): the target reads with its direction and unit")
            let missing = try await app.get("/cx/indicators/nope", headers: manager)
            XCTAssertEqual(missing.status, .notFound, database)

            let overview = try await app.get("/?lang=en", headers: manager).body.string
            XCTAssertTrue(overview.contains("href=\"/cx/pyramid\""), "\(database): the overview leads on to the pyramid")

            // Agents are refused, as on the decision report.
            let agent = try await ConsoleHTTPTests.signIn(app, role: .agent)
            for path in ["/cx/pyramid", "/cx/indicators/nps", "/cx/channels"] {
                let refused = try await app.get(path, headers: agent)
                XCTAssertEqual(refused.status, .forbidden, "\(database) \(path)")
            }
        }
    }
}

/// The measurement pages' words, numbers and pictures, without a server.
final class MeasureConsoleWordsTests: XCTestCase {
    let english = Strings.all(.en)
    let format = Formatting(language: .en)

    func testValuesReadAsTheirUnits() {
        XCTAssertEqual(MeasureWords.value(0.5, unit: .share, strings: english, format: format), format.percent(0.5))
        XCTAssertEqual(MeasureWords.value(0.12, unit: .ratio, strings: english, format: format), "0.12 per order")
        XCTAssertEqual(MeasureWords.value(23, unit: .score, strings: english, format: format), "+23")
        XCTAssertEqual(MeasureWords.value(-7, unit: .score, strings: english, format: format), format.decimal(-7, digits: 0))
        XCTAssertEqual(MeasureWords.value(0.05, unit: .change, strings: english, format: format), "+" + format.percent(0.05))
        XCTAssertEqual(MeasureWords.value(nil, unit: .share, strings: english, format: format), "—")
        XCTAssertEqual(MeasureWords.target(.nps, 20, strings: english, format: format), "≥ +20")
        XCTAssertEqual(MeasureWords.target(.contactsPerOrder, 0.15, strings: english, format: format), "≤ 0.15 per order")
        XCTAssertEqual(MeasureWords.count(12, format: format), "12")
        XCTAssertEqual(MeasureWords.duration(45, strings: english, format: format), "45 s")
        XCTAssertEqual(MeasureWords.duration(2 * 3_600, strings: english, format: format), "2 h")
    }

    /// Level 1 holds, level 2 does not, level 3 holds without counting, levels 4 and 5 have no data.
    func testLevelsReadTheirStatesAndTheNoteForOneChannel() throws {
        var facts = CXFacts()
        facts.searches = 10
        facts.orders = 10
        facts.customerContacts = 1
        facts.resolvedCases = 10
        facts.firstContactResolutions = 1
        facts.csatAnswers = 10
        facts.csatSatisfied = 9
        let pyramid = CXPyramid.evaluate(facts, settings: .standard)
        XCTAssertEqual(pyramid.reached, 1)
        XCTAssertEqual(pyramid.levels.map(MeasureWords.levelState), ["met", "missed", "gated", "none", "none"])
        XCTAssertEqual(MeasureWords.score(pyramid.levels[0], strings: english, format: format), "2 of 2 indicators on target")
        XCTAssertEqual(MeasureWords.score(pyramid.levels[3], strings: english, format: format), "no indicator has data")

        let first = ConsoleController.levelSection(pyramid.levels[0], channelChosen: true, strings: english, format: format)
        XCTAssertEqual(first.heading, "Level 1: Useful information")
        XCTAssertEqual(first.rows.map(\.key), ["self_service_resolution", "zero_result_searches", "contacts_per_order"])
        XCTAssertEqual(first.rows.map(\.verdictCode), ["none", "met", "met"])
        XCTAssertEqual(first.rows.map { $0.note != nil }, [true, true, false], "only indicators read per channel go without the note")
        XCTAssertEqual(first.rows[2].counts, "1 / 10")
        XCTAssertEqual(first.rows[2].href, "/cx/indicators/contacts_per_order")
        let unfiltered = ConsoleController.levelSection(pyramid.levels[0], channelChosen: false, strings: english, format: format)
        XCTAssertTrue(unfiltered.rows.allSatisfy { $0.note == nil })
    }

    func testThePyramidIsDrawnBottomUpWithATextAlternative() throws {
        let bands = (1...5).map { SVGChart.PyramidBand(label: "\($0) · L\($0)", detail: "d", state: $0 == 3 ? "gated" : "met", tooltip: "t") }
        let svg = SVGChart.pyramid(bands, title: "Level 2 of 5 reached", description: "Blocking level: 3.")
        XCTAssertEqual(svg.components(separatedBy: "<polygon").count - 1, 5)
        XCTAssertTrue(svg.contains("<title id=") && svg.contains("<desc id=") && svg.contains("Blocking level: 3."))
        XCTAssertTrue(svg.contains("stroke-dasharray"), "a level that holds without counting is drawn differently, not only in colour")
        func labelY(_ label: String) throws -> Double {
            let range = try XCTUnwrap(svg.range(of: ">" + label + "</text>"))
            let before = svg[..<range.lowerBound]
            let y = try XCTUnwrap(before.range(of: " y=\"", options: .backwards))
            return try XCTUnwrap(Double(before[y.upperBound...].prefix { $0 != "\"" }))
        }
        XCTAssertGreaterThan(try labelY("1 · L1"), try labelY("5 · L5"), "level 1 is at the bottom")
    }

    func testEveryIndicatorAndLevelIsWordedInEveryLanguageAndNoKeyIsTakenTwice() {
        for language in Language.allCases {
            let strings = Strings.all(language)
            for indicator in CXIndicator.all {
                for prefix in ["ms_ind_", "ms_def_", "ms_num_", "ms_den_"] {
                    XCTAssertFalse((strings[prefix + indicator.key] ?? "").isEmpty, "\(language) \(prefix)\(indicator.key)")
                }
            }
            for level in CXLevel.allCases {
                XCTAssertNotNil(strings["ms_level_" + level.key], "\(language) \(level.key)")
                XCTAssertNotNil(strings["ms_level_about_" + level.key], "\(language) \(level.key)")
            }
            for figure in ["answeredShare", "abandonedShare", "waitP50Seconds", "waitP90Seconds", "csat", "nps", "firstContactResolution", "resolutionMedianSeconds"] {
                XCTAssertNotNil(strings["ms_fig_" + figure], "\(language) \(figure)")
            }
        }
        for (key, entry) in Strings.measureTable.merging(Strings.measureIndicatorTable, uniquingKeysWith: { first, _ in first }) {
            XCTAssertFalse(entry.pl.isEmpty || entry.en.isEmpty || entry.ru.isEmpty, key)
        }
        let others = Set(Strings.table.keys).union(Strings.serviceTable.keys).union(Strings.feedbackTable.keys)
            .union(Strings.knowledgeTable.keys).union(Strings.decisionTable.keys)
        XCTAssertEqual(others.intersection(Strings.measureTable.keys), [])
        XCTAssertEqual(others.intersection(Strings.measureIndicatorTable.keys), [])
        XCTAssertEqual(Set(Strings.measureTable.keys).intersection(Strings.measureIndicatorTable.keys), [])
    }

    func testLinksAreTyped() {
        XCTAssertEqual(ConsoleLink.cxIndicator("nps").href, "/cx/indicators/nps")
        XCTAssertEqual(ConsoleLink.cxPyramid(from: "2026-01-01", channel: "phone").href, "/cx/pyramid?from=2026-01-01&channel=phone")
        XCTAssertEqual(ConsoleLink.cxChannels().href, "/cx/channels")
    }
}
