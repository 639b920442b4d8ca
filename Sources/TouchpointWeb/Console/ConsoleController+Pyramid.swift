import Foundation
import Vapor
import TouchpointApp
import TouchpointDomain

/// The CX pyramid page (managers, as `GET /api/v1/cx/pyramid`): the five levels drawn bottom up and coloured by
/// whether each holds, the level reached and the level that blocks, and per level its indicators with value,
/// target, verdict and the two counts each is divided from.
extension ConsoleController {
    func pyramidPage(_ request: Request) async throws -> Response {
        let language = request.language
        let strings = Strings.all(language)
        let format = Formatting(language: language, timeZone: request.touchpoint.companyTimeZone.current)
        let title = strings["ms_pyramid_title"]!
        guard Self.mayReadMeasure(request) else { return try await measureRefusal(request, title: title, section: .cxPyramid) }
        let filter = try await MeasureFilter(request, strings: strings, format: format)
        let pyramid = try await request.touchpoint.measure.pyramid(filter.scope).pyramid
        let channelChosen = filter.scope.channel != nil
        let sections = pyramid.levels.map { Self.levelSection($0, channelChosen: channelChosen, strings: strings, format: format) }

        let reached = format.number(pyramid.reached)
        let headline = DecisionWords.fill(strings["ms_reached"]!, ["n": reached])
        let blocking = pyramid.blockingLevel
        let blockingText = blocking.map {
            DecisionWords.fill(strings["ms_blocking"]!, ["level": "\($0.rawValue) · " + MeasureWords.level($0, strings: strings)])
        } ?? strings["ms_blocking_none"]!
        let bands = pyramid.levels.map { level -> SVGChart.PyramidBand in
            let state = MeasureWords.levelState(level)
            let score = MeasureWords.score(level, strings: strings, format: format)
            // Inside the band the state is named briefly; the tooltip, the description and the table say it in full.
            let brief = state == "gated" ? strings["ms_short_gated"]! : strings["ms_status_" + state]!
            return SVGChart.PyramidBand(label: "\(level.level.rawValue) · " + MeasureWords.level(level.level, strings: strings),
                                        detail: state == "none" ? score : score + " · " + brief, state: state,
                                        tooltip: MeasureWords.levelHeading(level.level, strings: strings) + ": " + MeasureWords.levelStatus(level, strings: strings))
        }
        let levelsInWords = pyramid.levels.reversed().map { level in
            DecisionWords.fill(strings["ms_chart_level"]!, [
                "n": String(level.level.rawValue), "name": MeasureWords.level(level.level, strings: strings),
                "status": MeasureWords.levelStatus(level, strings: strings), "score": MeasureWords.score(level, strings: strings, format: format),
            ])
        }
        let chart = SVGChart.pyramid(bands, title: DecisionWords.fill(strings["ms_chart_title"]!, ["n": reached]),
                                     description: ([blockingText] + levelsInWords).joined(separator: " "))
        let legend = ["met", "missed", "gated", "none"].map {
            MeasureLegendItem(code: $0, label: strings[$0 == "gated" ? "ms_short_gated" : "ms_status_" + $0]!)
        }
        let readsAllChannels = pyramid.levels.contains { level in level.indicators.contains { !$0.indicator.perChannel } }
        let hasData = pyramid.levels.contains { $0.score != nil }

        let page = CXPyramidPage(
            layout: LayoutContext(language: language, title: title, section: .cxPyramid, user: request.consoleUser, path: request.url.string),
            action: ConsoleLink.cxPyramid().href, from: filter.fromField, to: filter.toField,
            channels: filter.channels, segments: filter.segments, filterError: filter.error, scope: filter.summary,
            headline: headline, blocking: blockingText, blockingHref: blocking.map { "#" + Self.levelAnchor($0) },
            blockingNote: blocking == nil ? nil : strings["ms_blocking_note"],
            chart: chart, legend: legend, summary: Array(sections.reversed()), levels: sections,
            channelNote: channelChosen && readsAllChannels ? strings["ms_channel_note"] : nil,
            emptyMessage: hasData ? nil : strings["ms_empty"],
            channelsHref: ConsoleLink.cxChannels(from: filter.fromField, to: filter.toField).href,
            alerts: Self.alertRows(try await request.touchpoint.measure.alerts(limit: 10), strings: strings, format: format),
            csvHref: ConsoleLink.cxPyramidCSV(from: filter.fromField, to: filter.toField, channel: filter.scope.channel?.rawValue,
                                              segment: filter.scope.segment?.rawValue).href)
        return try await render(request, "cx-pyramid", page)
    }

    /// The element id of a level's table on the pyramid page, which the blocking level and indicator pages link to.
    static func levelAnchor(_ level: CXLevel) -> String { "level-\(level.rawValue)" }

    static func levelSection(_ level: CXPyramid.Level, channelChosen: Bool, strings: [String: String], format: Formatting) -> CXPyramidPage.LevelSection {
        let anchor = levelAnchor(level.level)
        return CXPyramidPage.LevelSection(
            number: level.level.rawValue, anchor: anchor, anchorHref: "#" + anchor,
            heading: MeasureWords.levelHeading(level.level, strings: strings),
            about: strings["ms_level_about_" + level.level.key] ?? "",
            status: MeasureWords.levelStatus(level, strings: strings), state: MeasureWords.levelState(level),
            score: MeasureWords.score(level, strings: strings, format: format),
            rule: MeasureWords.rule(level, strings: strings, format: format),
            rows: level.indicators.map { indicatorRow($0, channelChosen: channelChosen, strings: strings, format: format) })
    }

    static func indicatorRow(_ reading: IndicatorReading, channelChosen: Bool, strings: [String: String], format: Formatting) -> MeasureIndicatorRow {
        let indicator = reading.indicator
        let verdict = MeasureWords.verdict(reading.met, strings: strings)
        return MeasureIndicatorRow(
            key: indicator.key, name: MeasureWords.name(indicator, strings: strings), href: ConsoleLink.cxIndicator(indicator.key).href,
            value: MeasureWords.value(reading.value, unit: indicator.unit, strings: strings, format: format),
            target: MeasureWords.target(indicator, reading.target, strings: strings, format: format),
            verdict: verdict.text, verdictCode: verdict.code, counts: MeasureWords.counts(reading, format: format),
            // Read for every channel whatever the filter says: the row says so rather than pass it off as the channel's.
            note: channelChosen && !indicator.perChannel ? strings["ms_not_per_channel"] : nil)
    }
}
