import Foundation
import Vapor
import TouchpointApp
import TouchpointDomain

/// One indicator's page (managers; `ConsoleLink.cxIndicator`, which the API's readings link to as `explanation`):
/// what it measures and from which events and records, how its value is divided, its target and direction, and its
/// figures for the last 30 days (or the period, channel and segment asked for), beside its level's other indicators.
extension ConsoleController {
    func indicatorPage(_ request: Request) async throws -> Response {
        let language = request.language
        let strings = Strings.all(language)
        let format = Formatting(language: language, timeZone: request.touchpoint.companyTimeZone.current)
        guard Self.mayReadMeasure(request) else {
            return try await measureRefusal(request, title: strings["ms_pyramid_title"]!, section: .cxPyramid)
        }
        guard let indicator = CXIndicator.named(Self.pathParameter(request, "key")) else { return try await notFound(request) }
        let filter = try await MeasureFilter(request, strings: strings, format: format)
        let result = try await request.touchpoint.measure.pyramid(filter.scope)
        guard let level = result.pyramid.levels.first(where: { $0.level == indicator.level }),
              let reading = level.indicators.first(where: { $0.indicator.key == indicator.key }) else { return try await notFound(request) }

        let name = MeasureWords.name(indicator, strings: strings)
        let value = MeasureWords.value(reading.value, unit: indicator.unit, strings: strings, format: format)
        let target = MeasureWords.target(indicator, reading.target, strings: strings, format: format)
        let verdict = MeasureWords.verdict(reading.met, strings: strings)
        let direction = strings[indicator.direction == .higherIsBetter ? "ms_direction_higher" : "ms_direction_lower"]!
        let numerator = strings["ms_num_" + indicator.key] ?? indicator.key
        let denominator = strings["ms_den_" + indicator.key] ?? indicator.key
        let formula: String
        switch indicator.unit {
        case .score: formula = strings["ms_formula_nps"]!
        case .change: formula = strings["ms_formula_change"]!
        case .share, .ratio: formula = DecisionWords.fill(strings["ms_formula_ratio"]!, ["num": numerator, "den": denominator])
        }
        let targetNote = abs(reading.target - indicator.defaultTarget) < 1e-12 ? strings["ms_target_default"]!
            : DecisionWords.fill(strings["ms_target_custom"]!, ["target": MeasureWords.target(indicator, indicator.defaultTarget, strings: strings, format: format)])
        let color = verdict.code == "met" ? "#1a7f37" : verdict.code == "missed" ? "#bc4c00" : "#6e7781"
        let chart = SVGChart.gauge(
            value: reading.value, target: reading.target, range: Self.scale(indicator, value: reading.value, target: reading.target),
            valueText: DecisionWords.fill(strings["ms_gauge_value"]!, ["value": value]),
            targetText: DecisionWords.fill(strings["ms_gauge_target"]!, ["target": target]),
            scaleText: { MeasureWords.value($0, unit: indicator.unit, strings: strings, format: format) }, color: color,
            title: DecisionWords.fill(strings["ms_gauge_title"]!, ["name": name, "value": value, "target": target]),
            description: DecisionWords.fill(strings["ms_gauge_desc"]!, ["name": name, "value": value, "target": target,
                                                                        "direction": direction, "verdict": verdict.text]))

        let levelHeading = MeasureWords.levelHeading(indicator.level, strings: strings)
        let page = CXIndicatorPage(
            layout: LayoutContext(language: language, title: name, section: .cxPyramid, user: request.consoleUser, path: request.url.string),
            key: indicator.key, name: name, levelHeading: levelHeading,
            levelAbout: strings["ms_level_about_" + indicator.level.key] ?? "",
            levelHref: ConsoleLink.cxPyramid().href + "#" + Self.levelAnchor(indicator.level),
            pyramidHref: ConsoleLink.cxPyramid().href,
            definition: MeasureWords.definition(indicator, settings: result.settings, strings: strings, format: format),
            scope: filter.summary,
            figures: [
                Figure(label: strings["ms_col_value"]!, value: value, note: filter.period),
                Figure(label: strings["ms_col_target"]!, value: target, note: direction),
                Figure(label: strings["ms_col_verdict"]!, value: verdict.text, note: nil),
            ],
            formula: formula,
            parts: [
                ProfilePage.Pair(key: strings["ms_formula"]!, value: formula),
                ProfilePage.Pair(key: numerator, value: MeasureWords.count(reading.numerator, format: format)),
                ProfilePage.Pair(key: denominator, value: MeasureWords.count(reading.denominator, format: format)),
                ProfilePage.Pair(key: strings["ms_col_target"]!, value: target + " (" + targetNote + ")"),
                ProfilePage.Pair(key: strings["ms_direction"]!, value: direction),
                ProfilePage.Pair(key: strings["ms_per_channel"]!, value: strings[indicator.perChannel ? "ms_per_channel_yes" : "ms_per_channel_no"]!),
            ],
            chart: chart, targetNote: targetNote,
            levelState: DecisionWords.fill(strings["ms_level_state"]!, ["status": MeasureWords.levelStatus(level, strings: strings),
                                                                        "score": MeasureWords.score(level, strings: strings, format: format)]),
            levelIndicators: DecisionWords.fill(strings["ms_level_indicators"]!, ["n": String(indicator.level.rawValue)]),
            channelNote: filter.scope.channel != nil && !indicator.perChannel ? strings["ms_channel_note"] : nil,
            siblings: level.indicators.map { other -> CXIndicatorPage.Sibling in
                let otherVerdict = MeasureWords.verdict(other.met, strings: strings)
                return CXIndicatorPage.Sibling(
                    name: MeasureWords.name(other.indicator, strings: strings), href: ConsoleLink.cxIndicator(other.indicator.key).href,
                    value: MeasureWords.value(other.value, unit: other.indicator.unit, strings: strings, format: format),
                    verdict: otherVerdict.text, verdictCode: otherVerdict.code, current: other.indicator.key == indicator.key)
            })
        return try await render(request, "cx-indicator", page)
    }

    /// The gauge's scale: shares 0–100 %, NPS −100…100, a ratio up to a round figure past the value and the target,
    /// a change symmetric around zero so a fall reads as far from the target as a rise.
    static func scale(_ indicator: CXIndicator, value: Double?, target: Double) -> ClosedRange<Double> {
        switch indicator.unit {
        case .share: return 0...1
        case .score: return -100...100
        case .ratio: return 0...SVGChart.niceMaximum(max(value ?? 0, target) * 1.5)
        case .change:
            let reach = max(abs(value ?? 0), abs(target), 0.05) * 1.5
            return -reach...reach
        }
    }
}
