import Foundation
import Vapor
import TouchpointApp
import TouchpointDomain

/// The decisions report (managers, as `GET /api/v1/decisions/report`): how many decisions for how many people, how
/// often service came first; per action what was shown, viewed and accepted and its uplift against the control group
/// with the 95 % interval ("not significant" when it spans zero); and which rules removed offers, as a chart with the
/// same figures in a table beside it.
extension ConsoleController {
    /// How long after the first show (or hold-out) a goal event counts for uplift; the legend says the same.
    static let upliftGoalDays = 14.0

    func decisionReportPage(_ request: Request) async throws -> Response {
        let language = request.language
        let strings = Strings.all(language)
        let format = Formatting(language: language, timeZone: request.touchpoint.companyTimeZone.current)
        guard Self.mayManageDecisions(request) else {
            let page = MessagePage(layout: LayoutContext(language: language, title: strings["dc_report_title"]!, section: .decisionReport,
                                                         user: request.consoleUser, path: request.url.string),
                                   heading: strings["dc_report_title"]!, text: strings["dc_report_managers"]!)
            return try await render(request, "message", page, status: .forbidden)
        }
        let period = ConsolePeriod(request, defaultDays: 30, strings: strings)
        let desk = request.touchpoint.decisions
        let report = try await desk.report(from: period.from, to: period.to, goalDays: Self.upliftGoalDays)
        let snapshot = try await desk.catalogue.current()

        let shown = report.actions.reduce(0) { $0 + $1.shown }
        let accepted = report.actions.reduce(0) { $0 + $1.accepted }
        let figures = [
            Figure(label: strings["dc_fig_decisions"]!, value: format.number(report.decisions), note: nil),
            Figure(label: strings["dc_fig_people"]!, value: format.number(report.people),
                   note: report.people > 0
                       ? DecisionWords.fill(strings["dc_fig_per_person"]!, ["n": format.decimal(Double(report.decisions) / Double(report.people), digits: 1)])
                       : nil),
            Figure(label: strings["dc_fig_service_first"]!,
                   value: report.decisions > 0 ? format.percent(Double(report.serviceFirst) / Double(report.decisions)) : "—",
                   note: DecisionWords.fill(strings["dc_fig_service_first_note"]!, ["n": format.number(report.serviceFirst)])),
            Figure(label: strings["dc_fig_shown"]!, value: format.number(shown),
                   note: DecisionWords.fill(strings["dc_fig_accepted_note"]!, ["n": format.number(accepted),
                                                                               "rate": shown > 0 ? format.percent(Double(accepted) / Double(shown)) : "—"])),
        ]

        let rows = report.actions.map { row in
            let uplift = row.uplift
            let verdict: String?
            if uplift == nil { verdict = strings["dc_no_control"] } else if uplift?.isSignificant == false { verdict = strings["dc_not_significant"] } else { verdict = nil }
            return DecisionReportPage.ActionRow(
                name: row.name, href: snapshot.action(row.actionID).map { ConsoleLink.decisionAction(id: $0.definition.id.rawValue).href },
                kind: DecisionWords.kind(row.kind, strings: strings),
                shown: format.number(row.shown), viewed: format.number(row.viewed), accepted: format.number(row.accepted),
                rate: row.acceptanceRate.map(format.percent) ?? "—",
                uplift: uplift.map { DecisionWords.points($0.difference, strings: strings, format: format) } ?? "—",
                interval: uplift.map {
                    DecisionWords.points($0.lower, strings: strings, format: format) + " … " + DecisionWords.points($0.upper, strings: strings, format: format)
                } ?? "—",
                verdict: verdict, significant: uplift?.isSignificant == true,
                groups: DecisionWords.fill(strings["dc_uplift_groups"]!, [
                    "treated": format.number(row.treated.people), "treatedRate": format.percent(row.treated.rate),
                    "control": format.number(row.control.people), "controlRate": format.percent(row.control.rate),
                ]))
        }

        // Suppressed offers by the rule that removed them, most first; a table gives the same figures as text.
        let removals = report.removals.filter { $0.value > 0 }.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
        let removedTotal = removals.reduce(0) { $0 + $1.value }
        let chart = SVGChart.bars(removals.map { SVGChart.Point(label: DecisionWords.removal($0.key, strings: strings), value: Double($0.value)) },
                                  title: strings["dc_chart_removals"]!, valueText: { format.number(Int($0)) }, color: "#bc4c00")
        let day: (Date) -> String = { String(Timestamps.format($0).prefix(10)) }
        let page = DecisionReportPage(
            layout: LayoutContext(language: language, title: strings["dc_report_title"]!, section: .decisionReport,
                                  user: request.consoleUser, path: request.url.string),
            action: ConsoleLink.decisionReport().href, from: day(period.from), to: day(period.to.addingTimeInterval(-86_400)),
            filterError: period.error, figures: figures, actions: rows, hasActions: !rows.isEmpty,
            removalsChart: chart,
            removals: removals.map { entry in
                .init(reason: DecisionWords.removal(entry.key, strings: strings), removed: format.number(entry.value),
                      share: format.percent(Double(entry.value) / Double(max(removedTotal, 1))))
            },
            hasRemovals: !removals.isEmpty,
            upliftNote: DecisionWords.fill(strings["dc_uplift_note"]!, ["days": format.decimal(Self.upliftGoalDays, digits: 0)]),
            emptyMessage: report.decisions > 0 ? nil : strings["dc_report_empty"])
        return try await render(request, "decision-report", page)
    }
}
