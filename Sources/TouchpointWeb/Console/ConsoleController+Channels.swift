import Foundation
import Vapor
import TouchpointApp
import TouchpointDomain

/// The channels compared (managers, as `GET /api/v1/cx/channels`): every channel's contacts, answers, waits,
/// opening hours and service figures in one table; the answered share as a chart with that table as its data; how
/// far apart the channels are on each figure and which one drags the average down; and the switches customers made
/// when a channel gave no answer.
extension ConsoleController {
    func channelsPage(_ request: Request) async throws -> Response {
        let language = request.language
        let strings = Strings.all(language)
        let format = Formatting(language: language, timeZone: request.touchpoint.companyTimeZone.current)
        let title = strings["ms_channels_title"]!
        guard Self.mayReadMeasure(request) else { return try await measureRefusal(request, title: title, section: .cxChannels) }
        // The comparison is over every channel and every customer: only the period is read.
        let filter = try await MeasureFilter(request, strings: strings, format: format, readsChannelAndSegment: false)
        let desk = request.touchpoint.measure
        let report = try await desk.channels(from: filter.scope.from, to: filter.scope.to)
        let settings = try await desk.settings()

        func percent(_ value: Double?) -> String { value.map(format.percent) ?? "—" }
        func span(_ seconds: Double?) -> String { MeasureWords.duration(seconds, strings: strings, format: format) }
        func mark(_ channel: TouchpointDomain.Channel) -> ChannelMark {
            ChannelMark(code: channel.rawValue, label: format.channel(channel, strings: strings))
        }
        let rows = report.channels.map { figures in
            CXChannelsPage.Row(
                channel: mark(figures.channel), contacts: format.number(figures.offered),
                answered: percent(figures.answeredShare), abandoned: percent(figures.abandonedShare),
                waitP50: span(figures.waitP50Seconds), waitP90: span(figures.waitP90Seconds),
                hours: DecisionWords.fill(strings["ms_hours_week"]!, ["n": format.decimal(figures.hoursCovered, digits: 1)]),
                csat: percent(figures.service.csatSatisfiedShare),
                nps: MeasureWords.figure(figures.nps, kind: .score, strings: strings, format: format),
                fcr: percent(figures.service.firstContactResolutionRate), resolution: span(figures.service.resolutionMedianSeconds))
        }

        let bars = report.channels.map { figures in
            SVGChart.ShareRow(label: format.channel(figures.channel, strings: strings), value: figures.answeredShare,
                              text: figures.answeredShare.map { "\(format.percent($0)) (\(format.number(figures.answered)) / \(format.number(figures.offered)))" }
                                  ?? strings["ms_no_data"]!)
        }
        let chart = SVGChart.shares(bars, title: strings["ms_chart_answered"]!,
                                    description: DecisionWords.fill(strings["ms_chart_answered_desc"]!, ["list": bars.map { $0.label + " " + $0.text }.joined(separator: ", ")]))

        let spreads = report.spreads.map { spread -> CXChannelsPage.SpreadRow in
            let kind = MeasureWords.figureKind(spread.figure)
            let (best, worst) = spread.direction == .higherIsBetter ? (spread.maximum, spread.minimum) : (spread.minimum, spread.maximum)
            let show = { (value: Double) in MeasureWords.figure(value, kind: kind, strings: strings, format: format) }
            return CXChannelsPage.SpreadRow(
                figure: strings["ms_fig_" + spread.figure] ?? spread.figure,
                best: format.channel(spread.best, strings: strings) + " (" + show(best) + ")",
                worst: format.channel(spread.worst, strings: strings) + " (" + show(worst) + ")",
                range: MeasureWords.range(spread.range, kind: kind, strings: strings, format: format),
                average: show(spread.average),
                drag: spread.drag.map { format.channel($0, strings: strings) } ?? "—")
        }
        let switches = report.switches.map { CXChannelsPage.SwitchRow(from: mark($0.from), to: mark($0.to), count: format.number($0.count)) }
        let quiet = report.channels.allSatisfy { $0.offered == 0 && $0.service.cases == 0 && $0.npsAnswers == 0 }

        let page = CXChannelsPage(
            layout: LayoutContext(language: language, title: title, section: .cxChannels, user: request.consoleUser, path: request.url.string),
            action: ConsoleLink.cxChannels().href, from: filter.fromField, to: filter.toField, filterError: filter.error,
            scope: filter.period, rows: rows, chart: chart,
            spreads: spreads, hasSpreads: !spreads.isEmpty, switches: switches, hasSwitches: !switches.isEmpty,
            switchesNote: DecisionWords.fill(strings["ms_switches_note"]!, ["days": format.decimal(settings.repeatContactDays, digits: 1)]),
            pyramidHref: ConsoleLink.cxPyramid(from: filter.fromField, to: filter.toField).href,
            emptyMessage: quiet ? strings["ms_channels_empty"] : nil,
            csvHref: ConsoleLink.cxChannelsCSV(from: filter.fromField, to: filter.toField).href)
        return try await render(request, "cx-channels", page)
    }
}
