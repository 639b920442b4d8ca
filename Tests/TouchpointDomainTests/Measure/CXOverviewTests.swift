import Foundation
import XCTest
@testable import TouchpointDomain

/// The executive overview's arithmetic: each indicator's change and whether it is for the better, NPS and CSAT per
/// week, the cost of bad experiences as the growth between daily snapshots, the worst journey steps, and the Monday
/// e-mail in Polish, English and Russian.
final class CXOverviewTests: XCTestCase {
    let now = Timestamps.parse("2026-11-30T09:00:00Z")!

    /// This week: levels 1–3 hold (FCR 80 %, CSAT 90 %, 0.1 contacts an order), offers are accepted less (2 % < 5 %).
    static var thisWeekFacts: CXFacts {
        var facts = CXFacts()
        facts.searches = 10; facts.zeroResultSearches = 0
        facts.orders = 10; facts.customerContacts = 1
        facts.resolvedCases = 10; facts.firstContactResolutions = 8
        facts.csatAnswers = 10; facts.csatSatisfied = 9
        facts.offersShown = 100; facts.offersAccepted = 2
        facts.npsAnswers = 10; facts.promoters = 5; facts.detractors = 1
        return facts
    }

    /// Last week: three contacts an order, so level 1 and everything above it failed.
    static var lastWeekFacts: CXFacts {
        var facts = CXFacts()
        facts.searches = 10; facts.zeroResultSearches = 0
        facts.orders = 10; facts.customerContacts = 3
        facts.resolvedCases = 10; facts.firstContactResolutions = 6
        facts.csatAnswers = 10; facts.csatSatisfied = 7
        facts.offersShown = 100; facts.offersAccepted = 5
        facts.npsAnswers = 10; facts.promoters = 3; facts.detractors = 3
        return facts
    }

    static func funnel(_ reached: [Int]) -> [FunnelStage] {
        LifecycleStage.allCases.map { stage in
            FunnelStage(stage: stage, profiles: reached[stage.index], conversionToNext: nil, dropOff: nil, current: 0, stays: 0,
                        medianHoursInStage: nil, p90HoursInStage: nil)
        }
    }

    func snapshot(_ day: Int64, negative: Int, unhappy: Int, after: (Int, Int), baseline: (Int, Int),
                  reached: [Int] = [100, 80, 60, 40, 20, 10]) -> ExperienceCostSnapshot {
        ExperienceCostSnapshot(day: day, negativeExperiences: negative, unhappyCustomers: unhappy, checkoutsAfterPoorContact: after.0,
                               abandonedAfterPoorContact: after.1, baselineCheckouts: baseline.0, baselineAbandoned: baseline.1, reached: reached)
    }

    /// The overview of the test company as `MeasureDesk.overview` makes it on Monday 30 November: weeks of whole UTC
    /// days up to the start of that day, two pyramids, two weeks of answers, costs with a week of history each side.
    func overview(withCostHistory: Bool = true) -> CXOverview {
        let startOfToday = Timestamps.parse("2026-11-30T00:00:00Z")!
        let weeks = CXWeek.ending(at: startOfToday, count: 12)
        var trend = weeks.map { SurveyWeek(week: $0) }
        trend[10] = SurveyWeek(week: weeks[10], npsAnswers: 10, promoters: 3, detractors: 3, csatAnswers: 10, csatSatisfied: 7)
        trend[11] = SurveyWeek(week: weeks[11], npsAnswers: 10, promoters: 5, detractors: 1, csatAnswers: 10, csatSatisfied: 9)
        let today = ExperienceCostSnapshot.day(of: now)
        var tally = ExperienceCostTally()
        tally.profiles = 500; tally.unhappyProfiles = 12; tally.negativeEvents = 30
        tally.afterPoorContact = CheckoutOutcomes(checkouts: 40, abandoned: 14)
        tally.baseline = CheckoutOutcomes(checkouts: 210, abandoned: 22)
        let report = tally.report(asOf: now)
        let current = ExperienceCostSnapshot(day: today, report: report, funnel: Self.funnel([100, 80, 60, 40, 20, 10]))
        let history = withCostHistory ? [
            snapshot(today - 14, negative: 10, unhappy: 5, after: (20, 5), baseline: (100, 10)),
            snapshot(today - 7, negative: 16, unhappy: 8, after: (30, 9), baseline: (150, 16), reached: [90, 70, 54, 30, 18, 9]),
        ] : []
        let costs = ExperienceCostComparison.make(end: startOfToday, report: report, current: current, snapshots: history + [current])
        let journeys = JourneyStep.worst(Self.funnel([100, 80, 60, 40, 20, 10]),
                                         weekAgo: ExperienceCostSnapshot.at(startOfToday.addingTimeInterval(-CXWeek.length), in: history)?.reached)
        return CXOverview(generatedAt: now, thisWeek: weeks[11], lastWeek: weeks[10],
                          pyramid: CXPyramid.evaluate(Self.thisWeekFacts, settings: .standard),
                          previousPyramid: CXPyramid.evaluate(Self.lastWeekFacts, settings: .standard),
                          trend: trend, costs: costs, journeys: journeys)
    }

    // MARK: The figures

    func testWeeksRunBackToBackEndingNow() {
        let weeks = CXWeek.ending(at: now, count: 12)
        XCTAssertEqual(weeks.count, 12)
        XCTAssertEqual(weeks.last?.to, now)
        XCTAssertEqual(weeks.first?.from, now.addingTimeInterval(-84 * 86_400))
        for (earlier, later) in zip(weeks, weeks.dropFirst()) { XCTAssertEqual(earlier.to, later.from) }
    }

    func testEachIndicatorChangesTheWayItsDirectionReads() throws {
        let overview = self.overview()
        XCTAssertEqual(overview.pyramid.reached, 3)
        XCTAssertEqual(overview.previousPyramid.reached, 0)
        XCTAssertEqual(overview.reachedChange, 3)
        XCTAssertEqual(overview.indicators.map(\.indicator.key), CXIndicator.all.map(\.key), "level by level, as the pyramid lists them")
        func change(_ key: String) throws -> IndicatorChange { try XCTUnwrap(overview.indicators.first { $0.indicator.key == key }) }

        let fcr = try change("first_contact_resolution")
        XCTAssertEqual(try XCTUnwrap(fcr.change), 0.2, accuracy: 1e-9)
        XCTAssertEqual(fcr.improved, true)
        let contacts = try change("contacts_per_order")
        XCTAssertEqual(try XCTUnwrap(contacts.change), -0.2, accuracy: 1e-9)
        XCTAssertEqual(contacts.improved, true, "fewer contacts an order is better")
        let offers = try change("offer_acceptance")
        XCTAssertEqual(try XCTUnwrap(offers.change), -0.03, accuracy: 1e-9)
        XCTAssertEqual(offers.improved, false)
        XCTAssertEqual(try XCTUnwrap(change("nps").change), 40, accuracy: 1e-9)
        let returns = try change("returns_and_complaints_per_order")
        XCTAssertEqual(returns.change, 0)
        XCTAssertNil(returns.improved, "no change is neither better nor worse")
        let selfService = try change("self_service_resolution")
        XCTAssertNil(selfService.change, "no data is not a change")
        XCTAssertNil(selfService.improved)
    }

    func testNPSAndCSATPerWeekAreBandedAsThePyramidBandsThem() throws {
        let week = CXWeek(from: now.addingTimeInterval(-CXWeek.length), to: now)
        let point = SurveyWeek(week: week, histogram: [.nps: [10: 5, 9: 1, 8: 2, 3: 2, 11: 4], .csat: [5: 3, 4: 1, 3: 1, 1: 1, 0: 9]])
        XCTAssertEqual(point.npsAnswers, 10, "a score off the scale is not an answer")
        XCTAssertEqual(point.promoters, 6)
        XCTAssertEqual(point.detractors, 2)
        XCTAssertEqual(try XCTUnwrap(point.nps), 40, accuracy: 1e-9)
        XCTAssertEqual(point.csatAnswers, 6)
        XCTAssertEqual(try XCTUnwrap(point.csat), 4.0 / 6, accuracy: 1e-9)
        XCTAssertNil(SurveyWeek(week: week).nps)
        XCTAssertNil(SurveyWeek(week: week).csat)

        let overview = self.overview()
        XCTAssertEqual(try XCTUnwrap(overview.npsChange), 40, accuracy: 1e-9)
        XCTAssertEqual(try XCTUnwrap(overview.csatChange), 0.2, accuracy: 1e-9)
    }

    func testAWeeksCostIsHowMuchTheCountersGrew() throws {
        let costs = try XCTUnwrap(overview().costs)
        XCTAssertEqual(costs.toDate.negativeExperiences, 30)
        let now = try XCTUnwrap(costs.thisWeek)
        XCTAssertEqual(now.negativeExperiences, 14)
        XCTAssertEqual(now.newlyUnhappyCustomers, 4)
        XCTAssertEqual(now.wordOfMouthReach, 32, "four newly unhappy customers each tell eight people")
        XCTAssertEqual(now.afterPoorContact, CheckoutOutcomes(checkouts: 10, abandoned: 5))
        XCTAssertEqual(now.baseline, CheckoutOutcomes(checkouts: 60, abandoned: 6))
        XCTAssertEqual(try XCTUnwrap(now.excessAbandonment), 0.4, accuracy: 1e-9)
        XCTAssertEqual(try XCTUnwrap(now.lostOrders), 4, accuracy: 1e-9)
        let before = try XCTUnwrap(costs.lastWeek)
        XCTAssertEqual(before.negativeExperiences, 6)
        XCTAssertEqual(before.wordOfMouthReach, 24)
        XCTAssertEqual(try XCTUnwrap(before.lostOrders), 2.8, accuracy: 1e-9)

        let pending = try XCTUnwrap(overview(withCostHistory: false).costs)
        XCTAssertNil(pending.thisWeek, "without a snapshot from a week ago there is no week to show")
        XCTAssertNil(pending.lastWeek)
    }

    func testSnapshotsAreOneADayKeptFiveWeeksAndNeverNegative() {
        let day: Int64 = 20_000
        let first = snapshot(day, negative: 1, unhappy: 1, after: (0, 0), baseline: (0, 0))
        let (kept, changed) = ExperienceCostSnapshot.recording(first, into: [snapshot(day - 40, negative: 0, unhappy: 0, after: (0, 0), baseline: (0, 0))])
        XCTAssertTrue(changed)
        XCTAssertEqual(kept.map(\.day), [day], "older than 35 days is dropped")
        let later = snapshot(day, negative: 9, unhappy: 9, after: (0, 0), baseline: (0, 0))
        let (again, changedAgain) = ExperienceCostSnapshot.recording(later, into: kept)
        XCTAssertFalse(changedAgain)
        XCTAssertEqual(again.first?.negativeExperiences, 1, "the day's first snapshot stands for the day")

        let noon = Date(timeIntervalSince1970: Double(day) * 86_400 + 43_200)
        XCTAssertEqual(ExperienceCostSnapshot.at(noon, in: kept)?.day, day)
        XCTAssertEqual(ExperienceCostSnapshot.at(noon.addingTimeInterval(86_400), in: kept)?.day, day, "the day before stands in")
        XCTAssertNil(ExperienceCostSnapshot.at(noon.addingTimeInterval(2 * 86_400), in: kept))

        // Erasing profiles makes totals shrink: the week counts nothing rather than a negative cost.
        let shrunk = ExperienceCostPeriod.between(snapshot(day, negative: 10, unhappy: 5, after: (10, 4), baseline: (10, 1)),
                                                  snapshot(day + 7, negative: 8, unhappy: 4, after: (10, 4), baseline: (12, 1)),
                                                  peoplePerUnhappyCustomer: 8)
        XCTAssertEqual(shrunk.negativeExperiences, 0)
        XCTAssertEqual(shrunk.newlyUnhappyCustomers, 0)
        XCTAssertEqual(shrunk.afterPoorContact, CheckoutOutcomes(checkouts: 0, abandoned: 0))
        XCTAssertNil(shrunk.excessAbandonment, "no checkouts after a poor contact: no rate")
    }

    func testTheWorstJourneyStepComesFirstWithItsChange() throws {
        let steps = overview().journeys
        XCTAssertEqual(steps.map { "\($0.from.rawValue)>\($0.to.rawValue)" },
                       ["experience>engagement", "engagement>loyalty", "interaction>experience", "awareness>interaction", "need>awareness"],
                       "the lowest share going on first; of two equal, the one losing more people")
        let worst = try XCTUnwrap(steps.first)
        XCTAssertEqual(worst.reached, 40)
        XCTAssertEqual(worst.continued, 20)
        XCTAssertEqual(worst.droppedOff, 20)
        XCTAssertEqual(try XCTUnwrap(worst.conversion), 0.5, accuracy: 1e-9)
        XCTAssertEqual(try XCTUnwrap(worst.conversionWeekAgo), 0.6, accuracy: 1e-9)
        XCTAssertEqual(try XCTUnwrap(worst.change), -0.1, accuracy: 1e-9)

        let early = JourneyStep.worst(Self.funnel([10, 0, 0, 0, 0, 0]))
        XCTAssertEqual(early.count, 1, "steps nobody reached are left out")
        XCTAssertEqual(early.first?.droppedOff, 10)
        XCTAssertNil(early.first?.change)
    }

    // MARK: The e-mail

    func testTheMailInEnglish() {
        let mail = WeeklyReportMail.compose(overview(), language: .en, link: "https://cx.example.com/cx/overview?a=1&b=2",
                                            company: "Elektro <Świat>")
        XCTAssertEqual(mail.subject, "Elektro <Świat> · CX week 23 Nov – 29 Nov 2026: level 3 of 5 (▲ +3)", "Monday to Sunday just gone")
        XCTAssertTrue(mail.subject.hasSuffix(": level 3 of 5 (▲ +3)"), mail.subject)
        for text in ["Hello,", "Level reached: 3 of 5 (a week earlier: 0 of 5) (▲ +3)", "Blocking level: 4 · Needs anticipated",
                     "NPS: +40 ▲ +40 pts · 10 answers", "satisfied ▲ +20 pp · 10 answers",
                     "- First-contact resolution: ", " · ▲ +20 pp\n", "- Offer acceptance: ", " · ▼ −3 pp\n",
                     "- Contacts per order: 0.1 per order · 0.3 per order · ▼ −0.2\n",
                     "- Negative experiences: 14 · 6 · ▲ +8\n", "- Word-of-mouth reach: 32 · 24 · ▲ +8\n",
                     "- experience → engagement: ", "go on ▼ −10 pp · 20 dropped off",
                     "Open the overview: https://cx.example.com/cx/overview?a=1&b=2", "as an admin or a manager at Elektro <Świat>"] {
            XCTAssertTrue(mail.text.contains(text), "the text says \(text)\n\(mail.text)")
        }
        XCTAssertFalse(mail.text.contains("Self-service resolution"), "an indicator without data in either week is left out")
        XCTAssertTrue(mail.html.contains("<html lang=\"en\">"))
        XCTAssertTrue(mail.html.contains("href=\"https://cx.example.com/cx/overview?a=1&amp;b=2\""), "the link is escaped")
        XCTAssertTrue(mail.html.contains("Elektro &lt;Świat&gt;") && !mail.html.contains("<Świat>"), "the company's name is escaped")
        XCTAssertTrue(mail.html.contains("color:#1a7f37") && mail.html.contains("color:#cf222e"), "better is green, worse is red")
    }

    func testTheMailInPolishAndRussian() {
        let polish = WeeklyReportMail.compose(overview(), language: .pl, link: "https://cx.example.com/cx/overview", company: "Elektro Świat")
        XCTAssertTrue(polish.subject.contains("tydzień CX") && polish.subject.hasSuffix("poziom 3 z 5 (▲ +3)"), polish.subject)
        for text in ["Dzień dobry,", "Osiągnięty poziom: 3 z 5 (tydzień wcześniej: 0 z 5) (▲ +3)", "Poziom blokujący: 4 · Przewidywanie potrzeb",
                     "NPS: +40 ▲ +40 pkt · odpowiedzi: 10", "▲ +20 p.p.", "- Negatywne doświadczenia: 14 · 6 · ▲ +8",
                     "- doświadczenie → zaangażowanie: dalej przechodzi ", "Otwórz przegląd: https://cx.example.com/cx/overview"] {
            XCTAssertTrue(polish.text.contains(text), "Polish: \(text)\n\(polish.text)")
        }
        let russian = WeeklyReportMail.compose(overview(), language: .ru, link: "https://cx.example.com/cx/overview", company: "Elektro Świat")
        XCTAssertTrue(russian.subject.contains("неделя CX") && russian.subject.hasSuffix("уровень 3 из 5 (▲ +3)"), russian.subject)
        for text in ["Здравствуйте!", "Достигнутый уровень: 3 из 5 (неделей раньше: 0 из 5) (▲ +3)", "NPS: +40 ▲ +40 п. · ответов: 10",
                     "▲ +20 п.п.", "- Негативный опыт: 14 · 6 · ▲ +8", "- опыт → вовлечённость: дальше идут ", "Открыть обзор: https://cx.example.com/cx/overview"] {
            XCTAssertTrue(russian.text.contains(text), "Russian: \(text)\n\(russian.text)")
        }
        XCTAssertTrue(russian.html.contains("<html lang=\"ru\">"))
    }

    func testWithoutAWeekOfCostHistoryTheMailGivesTheTotals() {
        let mail = WeeklyReportMail.compose(overview(withCostHistory: false), language: .en, link: "https://x", company: "C")
        XCTAssertTrue(mail.text.contains("To date: 30 negative experiences, word of mouth reaching about 96 people."), mail.text)
    }

    func testEveryWordIsThereInEveryLanguage() {
        for (key, entry) in WeeklyReportWords.table {
            XCTAssertFalse(entry.pl.isEmpty || entry.en.isEmpty || entry.ru.isEmpty, key)
        }
        for language in TextLanguage.allCases {
            let words = WeeklyReportWords.all(language)
            for indicator in CXIndicator.all { XCTAssertNotNil(words["ind_" + indicator.key], "\(language) \(indicator.key)") }
            for level in CXLevel.allCases { XCTAssertNotNil(words["level_" + level.key], "\(language) \(level.key)") }
            for stage in LifecycleStage.allCases { XCTAssertNotNil(words["stage_" + stage.rawValue], "\(language) \(stage.rawValue)") }
        }
    }

    // MARK: Once a week

    func testTheReportIsDueFromMondaySevenInTheCompanysZone() {
        let warsaw = TimeZone(identifier: "Europe/Warsaw")!
        XCTAssertEqual(WeeklyReportMail.weekKey(now, timeZone: warsaw), "2026-W49")
        XCTAssertEqual(WeeklyReportMail.weekKey(Timestamps.parse("2027-01-01T12:00:00Z")!, timeZone: warsaw), "2026-W53")
        XCTAssertEqual(WeeklyReportMail.weekKey(Timestamps.parse("2026-11-29T22:30:00Z")!, timeZone: warsaw), "2026-W48", "Sunday 23:30 in Warsaw")
        XCTAssertEqual(WeeklyReportMail.weekKey(Timestamps.parse("2026-11-29T23:30:00Z")!, timeZone: warsaw), "2026-W49", "Monday 00:30 in Warsaw")
        XCTAssertFalse(WeeklyReportMail.isDue(Timestamps.parse("2026-11-30T05:59:00Z")!, timeZone: warsaw), "06:59 in Warsaw")
        XCTAssertTrue(WeeklyReportMail.isDue(Timestamps.parse("2026-11-30T06:00:00Z")!, timeZone: warsaw), "07:00 in Warsaw")
        XCTAssertTrue(WeeklyReportMail.isDue(Timestamps.parse("2026-11-30T20:00:00Z")!, timeZone: warsaw), "later on Monday it is still due")
        XCTAssertFalse(WeeklyReportMail.isDue(Timestamps.parse("2026-12-01T06:00:00Z")!, timeZone: warsaw), "Tuesday 07:00 is a day late")
        XCTAssertFalse(WeeklyReportMail.isDue(Timestamps.parse("2026-12-05T12:00:00Z")!, timeZone: warsaw), "a Saturday install mails nothing")
        XCTAssertFalse(WeeklyReportMail.isDue(Timestamps.parse("2026-11-30T06:30:00Z")!, timeZone: TimeZone(identifier: "America/New_York")!),
                       "01:30 on Monday in New York")
        XCTAssertEqual(WeeklyReportMail.mailID(week: "2026-W49", recipient: "u1"), "cx-weekly-2026-W49-u1")
    }
}
