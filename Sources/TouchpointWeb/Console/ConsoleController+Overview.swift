import Foundation
import Vapor
import TouchpointApp
import TouchpointDomain

/// The executive overview (managers and admins, like the other measurement pages): the level reached this week
/// against last week, NPS and CSAT, every indicator with its change, twelve weeks of answers as a chart and a table,
/// what bad experiences cost week on week, and the journey steps where customers drop out. It prints without the
/// menu and forms (console.css); every table downloads as CSV. The same overview goes out by e-mail on Mondays.
extension ConsoleController {
    func cxOverviewPage(_ request: Request) async throws -> Response {
        let language = request.language
        let strings = Strings.all(language)
        let format = Formatting(language: language, timeZone: request.touchpoint.companyTimeZone.current)
        let title = strings["ov_title"]!
        guard Self.mayReadMeasure(request) else { return try await measureRefusal(request, title: title, section: .cxOverview) }
        let overview = try await request.touchpoint.measure.overview()
        let layout = LayoutContext(language: language, title: title, section: .cxOverview, user: request.consoleUser, path: request.url.string)
        return try await render(request, "cx-overview", Self.overviewPage(overview, layout: layout, strings: strings, format: format))
    }

    /// `GET /cx/overview.csv?table=indicators|trend|costs|journeys`: one table as a download; another table is a 400.
    func cxOverviewCSV(_ request: Request) async throws -> Response {
        let strings = Strings.all(request.language)
        guard Self.mayReadMeasure(request) else { return Self.plainText(strings["ms_managers"]!, status: .forbidden) }
        guard let table = OverviewTable(rawValue: request.query[String.self, at: "table"] ?? "") else {
            return Self.plainText(strings["ov_bad_table"]!, status: .badRequest)
        }
        let overview = try await request.touchpoint.measure.overview()
        let day = Timestamps.format(overview.generatedAt).prefix(10)
        let response = Response.download(Data(OverviewWords.csv(overview, table: table, strings: strings).utf8),
                                         fileName: "cx-overview-\(table.rawValue)-\(day).csv", contentType: "text/csv; charset=utf-8")
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return response
    }

    /// A short answer for a download link that cannot be served: the browser shows it as it is.
    static func plainText(_ text: String, status: HTTPResponseStatus) -> Response {
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: "text/plain; charset=utf-8")
        headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return Response(status: status, headers: headers, body: .init(string: text + "\n"))
    }

    static func overviewPage(_ overview: CXOverview, layout: LayoutContext, strings: [String: String], format: Formatting) -> CXOverviewPage {
        func fill(_ key: String, _ values: [String: String]) -> String { DecisionWords.fill(strings[key]!, values) }
        func stage(_ stage: LifecycleStage) -> String { strings["stage_" + stage.rawValue] ?? stage.rawValue }
        func csv(_ table: OverviewTable, _ heading: String) -> CXOverviewPage.CSVLink {
            CXOverviewPage.CSVLink(href: ConsoleLink.cxOverviewCSV(table: table.rawValue).href, label: fill("ov_csv_label", ["table": heading]))
        }
        func improvedWhenUp(_ delta: Double?) -> Bool? { delta.flatMap { abs($0) < 1e-12 ? nil : $0 > 0 } }
        /// Whole UTC days, written as the pyramid page writes its period.
        func period(_ week: CXWeek) -> String {
            MeasureWords.day(week.from, format: format) + " – " + MeasureWords.day(week.to.addingTimeInterval(-1), format: format)
        }

        let reached = overview.pyramid.reached
        let levelChange = OverviewWords.amount(Double(overview.reachedChange), digits: 0, lowerIsBetter: false, strings: strings, format: format)
        let blocking = overview.pyramid.blockingLevel.map {
            fill("ms_blocking", ["level": "\($0.rawValue) · " + MeasureWords.level($0, strings: strings)])
        } ?? strings["ms_blocking_none"]!

        let surveys = overview.surveysThisWeek ?? SurveyWeek(week: overview.thisWeek)
        func answers(_ count: Int, _ change: CXOverviewPage.Change) -> String {
            fill("ov_answers_note", ["n": format.number(count), "change": change.text + (change.word.map { " (" + $0 + ")" } ?? "")])
        }
        let npsChange = OverviewWords.change(overview.npsChange, improved: improvedWhenUp(overview.npsChange), unit: .score, strings: strings, format: format)
        let csatChange = OverviewWords.change(overview.csatChange, improved: improvedWhenUp(overview.csatChange), unit: .share, strings: strings, format: format)
        let surveyFigures = [
            Figure(label: strings["ov_nps_figure"]!, value: MeasureWords.value(surveys.nps, unit: .score, strings: strings, format: format),
                   note: answers(surveys.npsAnswers, npsChange)),
            Figure(label: strings["ov_csat_figure"]!, value: MeasureWords.value(surveys.csat, unit: .share, strings: strings, format: format),
                   note: answers(surveys.csatAnswers, csatChange)),
        ]

        let indicators = overview.indicators.map { item -> CXOverviewPage.IndicatorRow in
            let indicator = item.indicator
            let verdict = MeasureWords.verdict(item.thisWeek.met, strings: strings)
            return CXOverviewPage.IndicatorRow(
                level: "\(indicator.level.rawValue) · " + MeasureWords.level(indicator.level, strings: strings),
                name: MeasureWords.name(indicator, strings: strings), href: ConsoleLink.cxIndicator(indicator.key).href,
                thisWeek: MeasureWords.value(item.thisWeek.value, unit: indicator.unit, strings: strings, format: format),
                lastWeek: MeasureWords.value(item.lastWeek.value, unit: indicator.unit, strings: strings, format: format),
                change: OverviewWords.change(item.change, improved: item.improved, unit: indicator.unit, strings: strings, format: format),
                target: MeasureWords.target(indicator, item.thisWeek.target, strings: strings, format: format),
                verdict: verdict.text, verdictCode: verdict.code)
        }

        // CSAT is drawn in percent, so both lines share the −100…100 scale NPS is read on.
        let weekLabels = overview.trend.map { OverviewWords.shortDay($0.week.to.addingTimeInterval(-1), format: format) }
        let npsTexts = overview.trend.map { MeasureWords.value($0.nps, unit: .score, strings: strings, format: format) }
        let csatTexts = overview.trend.map { MeasureWords.value($0.csat, unit: .share, strings: strings, format: format) }
        // The description names the weeks with answers; the table beside the chart lists every week.
        let points = overview.trend.indices.filter { overview.trend[$0].npsAnswers + overview.trend[$0].csatAnswers > 0 }.map { index in
            fill("ov_chart_point", ["week": OverviewWords.week(overview.trend[index].week, format: format), "nps": npsTexts[index], "csat": csatTexts[index]])
        }
        let chart = SVGChart.trend([
            SVGChart.TrendSeries(name: "NPS", values: overview.trend.map(\.nps), texts: npsTexts, color: "#0b5cd5", dashed: false),
            SVGChart.TrendSeries(name: "CSAT", values: overview.trend.map { $0.csat.map { $0 * 100 } }, texts: csatTexts, color: "#bf5700", dashed: true),
        ], labels: weekLabels, range: -100...100, title: strings["ov_chart_title"]!,
           description: fill("ov_chart_desc", ["list": points.isEmpty ? strings["ms_no_data"]! + "." : points.joined(separator: " ")]))
        let trend = overview.trend.indices.map { index in
            let point = overview.trend[index]
            return CXOverviewPage.TrendRow(week: OverviewWords.week(point.week, format: format), nps: npsTexts[index], npsAnswers: format.number(point.npsAnswers),
                                           csat: csatTexts[index], csatAnswers: format.number(point.csatAnswers))
        }

        let costs = overview.costs.map { OverviewWords.costRows($0, strings: strings, format: format) } ?? []
        let journeys = overview.journeys.map { step in
            CXOverviewPage.JourneyRow(
                step: stage(step.from) + " → " + stage(step.to), reached: format.number(step.reached), wentOn: format.number(step.continued),
                conversion: step.conversion.map(format.percent) ?? "—", dropOff: format.number(step.droppedOff),
                weekAgo: step.conversionWeekAgo.map(format.percent) ?? "—",
                change: OverviewWords.change(step.change, improved: improvedWhenUp(step.change), unit: .share, strings: strings, format: format))
        }
        let hasData = overview.indicators.contains { $0.thisWeek.value != nil || $0.lastWeek.value != nil }
            || overview.trend.contains { $0.npsAnswers + $0.csatAnswers > 0 }

        return CXOverviewPage(
            layout: layout,
            weeks: fill("ov_weeks", ["this": period(overview.thisWeek), "last": period(overview.lastWeek)]),
            headline: fill("ms_reached", ["n": format.number(reached)]),
            headlineBefore: fill("ov_reached_before", ["n": format.number(overview.previousPyramid.reached)]),
            headlineChange: levelChange, blocking: blocking, pyramidHref: ConsoleLink.cxPyramid().href,
            surveys: surveyFigures, indicators: indicators, indicatorsCSV: csv(.indicators, strings["ov_indicators"]!),
            chart: chart, legend: [MeasureLegendItem(code: "nps", label: strings["ov_legend_nps"]!), MeasureLegendItem(code: "csat", label: strings["ov_legend_csat"]!)],
            trend: trend, trendCSV: csv(.trend, strings["ov_trend"]!),
            costs: costs, hasCosts: !costs.isEmpty,
            costsNote: overview.costs?.thisWeek == nil ? strings["ov_costs_pending"]! : strings["ov_costs_note"]!,
            costsMissing: overview.costs == nil ? strings["ov_costs_none"] : nil, costsCSV: csv(.costs, strings["cost_title"]!),
            journeys: journeys, hasJourneys: !journeys.isEmpty, journeysCSV: csv(.journeys, strings["ov_journeys"]!),
            journeysHref: ConsoleLink.journeys.href, emptyMessage: hasData ? nil : strings["ms_empty"])
    }
}
