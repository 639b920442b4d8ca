import Foundation
import TouchpointDomain

/// The overview's tables, for `/cx/overview.csv?table=…`.
enum OverviewTable: String, CaseIterable {
    case indicators, trend, costs, journeys
}

/// The overview's changes in words and its tables as CSV. Changes are written as the weekly mail writes them
/// (`WeeklyReportMail`): ▲/▼ for the way the number moved, a sign spelled out, shares in percentage points.
enum OverviewWords {
    // MARK: Changes

    /// A change of an indicator's value: "▲ +2.5 pp", "▼ −4 pts", "±0"; "—" when there is nothing to compare.
    static func change(_ delta: Double?, improved: Bool?, unit: IndicatorUnit, strings: [String: String], format: Formatting) -> CXOverviewPage.Change {
        guard let delta, delta.isFinite else { return CXOverviewPage.Change(text: "—", code: "none", word: nil) }
        let text: String
        switch unit {
        case .share, .change: text = arrow(delta * 100, digits: 1, format: format) { DecisionWords.fill(strings["ms_points"]!, ["n": $0]) }
        case .score: text = arrow(delta, digits: 0, format: format) { DecisionWords.fill(strings["ov_score_points"]!, ["n": $0]) }
        case .ratio: text = arrow(delta, digits: 2, format: format) { $0 }
        }
        return verdict(text, improved: text == "±0" ? nil : improved, strings: strings)
    }

    /// A change of a count or an amount ("▲ +3"); `lowerIsBetter` for costs, where growth is bad news.
    static func amount(_ delta: Double?, digits: Int, lowerIsBetter: Bool, strings: [String: String], format: Formatting) -> CXOverviewPage.Change {
        guard let delta, delta.isFinite else { return CXOverviewPage.Change(text: "—", code: "none", word: nil) }
        let text = arrow(delta, digits: digits, format: format) { $0 }
        return verdict(text, improved: text == "±0" ? nil : (delta < 0) == lowerIsBetter, strings: strings)
    }

    static func verdict(_ text: String, improved: Bool?, strings: [String: String]) -> CXOverviewPage.Change {
        switch improved {
        case true?: return CXOverviewPage.Change(text: text, code: "better", word: strings["ov_better"])
        case false?: return CXOverviewPage.Change(text: text, code: "worse", word: strings["ov_worse"])
        case nil: return CXOverviewPage.Change(text: text, code: "same", word: text == "±0" ? strings["ov_same"] : nil)
        }
    }

    /// "▲ +" or "▼ −" and the magnitude; a change too small for the precision reads "±0", not "▲ +0".
    static func arrow(_ delta: Double, digits: Int, format: Formatting, unit: (String) -> String) -> String {
        guard (abs(delta) * pow(10, Double(digits))).rounded() > 0 else { return "±0" }
        return (delta > 0 ? "▲ +" : "▼ −") + unit(format.decimal(abs(delta), digits: digits))
    }

    /// "23 Nov": a UTC day, as the measurement pages write periods (the overview's weeks are whole UTC days).
    static func shortDay(_ date: Date, format: Formatting) -> String {
        var style = Date.FormatStyle().day().month(.abbreviated).locale(format.language.locale)
        style.timeZone = TimeZone(identifier: "UTC")!
        return date.formatted(style)
    }

    /// "23 Nov – 29 Nov": a week's first and last day.
    static func week(_ week: CXWeek, format: Formatting) -> String {
        shortDay(week.from, format: format) + " – " + shortDay(week.to.addingTimeInterval(-1), format: format)
    }

    // MARK: The cost of bad experiences

    /// One row of the cost table: read the same from a week's growth and from the totals to date.
    struct CostFigure {
        enum Kind { case count, share, amount }
        var key: String
        var label: String
        var kind: Kind
        var week: (ExperienceCostPeriod) -> Double?
        var toDate: (ExperienceCostReport) -> Double?
    }

    /// Every figure is a cost, so each is better when it falls. (Computed: closures are not `Sendable` state.)
    static var costFigures: [CostFigure] {
        [
            CostFigure(key: "negative_experiences", label: "cost_negative", kind: .count,
                       week: { Double($0.negativeExperiences) }, toDate: { Double($0.negativeExperiences) }),
            CostFigure(key: "newly_unhappy_customers", label: "ov_cost_new_unhappy", kind: .count,
                       week: { Double($0.newlyUnhappyCustomers) }, toDate: { Double($0.unhappyCustomers) }),
            CostFigure(key: "word_of_mouth_reach", label: "cost_reach", kind: .count,
                       week: { $0.wordOfMouthReach.rounded() }, toDate: { $0.wordOfMouthReach.rounded() }),
            CostFigure(key: "checkouts_after_poor_contact", label: "ov_cost_checkouts_after", kind: .count,
                       week: { Double($0.afterPoorContact.checkouts) }, toDate: { Double($0.afterPoorContact.checkouts) }),
            CostFigure(key: "abandoned_after_poor_contact", label: "ov_cost_abandoned_after", kind: .count,
                       week: { Double($0.afterPoorContact.abandoned) }, toDate: { Double($0.afterPoorContact.abandoned) }),
            CostFigure(key: "abandonment_after_poor_contact", label: "ov_cost_abandon_rate", kind: .share,
                       week: { $0.afterPoorContact.abandonmentRate }, toDate: { $0.afterPoorContact.abandonmentRate }),
            CostFigure(key: "baseline_abandonment", label: "cost_baseline", kind: .share,
                       week: { $0.baseline.abandonmentRate }, toDate: { $0.baseline.abandonmentRate }),
            CostFigure(key: "lost_orders", label: "ov_cost_lost_orders", kind: .amount,
                       week: { $0.lostOrders }, toDate: { $0.lostOrders }),
        ]
    }

    static func costValue(_ value: Double?, kind: CostFigure.Kind, format: Formatting) -> String {
        guard let value, value.isFinite else { return "—" }
        switch kind {
        case .count: return format.number(Int(value.rounded()))
        case .share: return format.percent(value)
        case .amount: return format.decimal(value, digits: 1)
        }
    }

    static func costRows(_ costs: ExperienceCostComparison, strings: [String: String], format: Formatting) -> [CXOverviewPage.CostRow] {
        costFigures.map { figure in
            let now = costs.thisWeek.flatMap(figure.week)
            let before = costs.lastWeek.flatMap(figure.week)
            let delta = now.flatMap { current in before.map { current - $0 } }
            let change = figure.kind == .share
                ? OverviewWords.change(delta, improved: delta.map { $0 < 0 }, unit: .share, strings: strings, format: format)
                : amount(delta, digits: figure.kind == .amount ? 1 : 0, lowerIsBetter: true, strings: strings, format: format)
            return CXOverviewPage.CostRow(label: strings[figure.label] ?? figure.key, thisWeek: costValue(now, kind: figure.kind, format: format),
                                          lastWeek: costValue(before, kind: figure.kind, format: format), change: change,
                                          toDate: costValue(figure.toDate(costs.toDate), kind: figure.kind, format: format))
        }
    }

    // MARK: CSV

    /// One table as CSV (RFC 4180, formula-safe): stable English column names and plain numbers (a dot for decimals,
    /// shares as fractions), so a spreadsheet or a script reads every language's export alike; names in the reader's
    /// language beside the keys.
    static func csv(_ overview: CXOverview, table: OverviewTable, strings: [String: String]) -> String {
        var lines = [[String]]()
        switch table {
        case .indicators:
            lines.append(["level", "indicator", "name", "unit", "direction", "this_week", "last_week", "change", "target", "met_this_week",
                          "this_week_numerator", "this_week_denominator", "last_week_numerator", "last_week_denominator"])
            for item in overview.indicators {
                let indicator = item.indicator
                lines.append([String(indicator.level.rawValue), indicator.key, strings["ms_ind_" + indicator.key] ?? indicator.key,
                              indicator.unit.rawValue, indicator.direction.rawValue, number(item.thisWeek.value), number(item.lastWeek.value),
                              number(item.change), number(item.thisWeek.target), item.thisWeek.met.map { $0 ? "true" : "false" } ?? "",
                              number(item.thisWeek.numerator), number(item.thisWeek.denominator),
                              number(item.lastWeek.numerator), number(item.lastWeek.denominator)])
            }
        case .trend:
            lines.append(["week_from", "week_to", "nps", "nps_answers", "promoters", "detractors", "csat", "csat_answers", "csat_satisfied"])
            for point in overview.trend {
                lines.append([Timestamps.format(point.week.from), Timestamps.format(point.week.to), number(point.nps), String(point.npsAnswers),
                              String(point.promoters), String(point.detractors), number(point.csat), String(point.csatAnswers), String(point.csatSatisfied)])
            }
        case .costs:
            lines.append(["figure", "name", "this_week", "last_week", "change", "to_date"])
            if let costs = overview.costs {
                for figure in costFigures {
                    let now = costs.thisWeek.flatMap(figure.week)
                    let before = costs.lastWeek.flatMap(figure.week)
                    lines.append([figure.key, strings[figure.label] ?? figure.key, number(now), number(before),
                                  number(now.flatMap { current in before.map { current - $0 } }), number(figure.toDate(costs.toDate))])
                }
            }
        case .journeys:
            lines.append(["from_stage", "to_stage", "reached", "went_on", "dropped_off", "conversion", "conversion_week_ago", "change"])
            for step in overview.journeys {
                lines.append([step.from.rawValue, step.to.rawValue, String(step.reached), String(step.continued), String(step.droppedOff),
                              number(step.conversion), number(step.conversionWeekAgo), number(step.change)])
            }
        }
        return lines.map(CSVWriter.line).joined()
    }

    /// A number as a spreadsheet reads it in any locale: a dot for decimals, at most four places, empty without data.
    static func number(_ value: Double?) -> String {
        guard let value, value.isFinite else { return "" }
        let rounded = (value * 10_000).rounded() / 10_000
        if rounded == rounded.rounded(), abs(rounded) < 1e15 { return String(Int64(rounded)) }
        return String(rounded)
    }
}
