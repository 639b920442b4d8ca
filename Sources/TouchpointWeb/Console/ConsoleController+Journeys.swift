import Vapor
import TouchpointDomain
import TouchpointStorage

/// The journeys page: the CX cycle's funnel, transitions, time in stage and the cost of poor experiences.
extension ConsoleController {
    // MARK: Journeys

    func journeys(_ request: Request) async throws -> Response {
        let language = request.language
        let strings = Strings.all(language)
        let format = Formatting(language: language, timeZone: request.touchpoint.companyTimeZone.current)
        let analytics = try await request.touchpoint.lifecycle.analytics()
        // The page's filters: a period (whole UTC days, as the API reads them) and a channel.
        let fromText = request.query[String.self, at: "from"] ?? ""
        let toText = request.query[String.self, at: "to"] ?? ""
        let channelText = request.query[String.self, at: "channel"] ?? ""
        var filter = JourneyFilter()
        var filterError: String?
        if !fromText.isEmpty { if let date = Timestamps.parse(fromText) { filter.from = date } else { filterError = strings["filter_bad_date"] } }
        if !toText.isEmpty { if let date = Timestamps.parse(toText) { filter.to = date.addingTimeInterval(86400 - 0.001) } else { filterError = strings["filter_bad_date"] } }
        if let from = filter.from, let to = filter.to, from > to { filterError = strings["filter_order"]; filter = JourneyFilter(channel: filter.channel) }
        filter.channel = TouchpointDomain.Channel(rawValue: channelText)
        let report = analytics.aggregate.report(filter: filter)
        func stageName(_ stage: LifecycleStage?) -> String { stage.map { strings["stage_" + $0.rawValue] ?? $0.rawValue } ?? strings["entry"]! }
        /// Hours in a stage, as days once they pass two days (the demo's stages last weeks).
        func days(_ hours: Double?) -> String { hours.map { format.decimal($0 / 24, digits: 1) } ?? "—" }
        let funnelChart = SVGChart.bars(report.funnel.map { SVGChart.Point(label: stageName($0.stage), value: Double($0.profiles)) },
                                        title: strings["funnel"]!, valueText: { format.number(Int($0)) }, color: "#0b5cd5")
        let transitions = report.transitions.sorted { $0.count > $1.count }
        let flow = SVGChart.flows(transitions.filter { $0.from != nil }.map { (stageName($0.from), stageName($0.to), Double($0.count)) },
                                  stages: LifecycleStage.allCases.map { stageName($0) }, title: strings["transitions_chart"]!)
        let costs = analytics.costs.report(asOf: Date(), settings: ExperienceCostSettings())
        let page = JourneysPage(
            layout: LayoutContext(language: language, title: strings["journeys_title"]!, section: .journeys, user: request.consoleUser, path: request.url.string),
            from: fromText, to: toText,
            channels: [JourneysPage.ChannelOption(code: "", label: strings["all_channels"]!, selected: filter.channel == nil)]
                + TouchpointDomain.Channel.allCases.map { JourneysPage.ChannelOption(code: $0.rawValue, label: format.channel($0, strings: strings), selected: filter.channel == $0) },
            filterError: filterError,
            funnelChart: funnelChart, transitionsChart: flow,
            stages: report.funnel.map { stage in
                JourneysPage.StageRow(stage: stageName(stage.stage), profiles: format.number(stage.profiles),
                                      conversion: stage.conversionToNext.map(format.percent) ?? "—",
                                      dropOff: stage.dropOff.map { format.number($0) } ?? "—",
                                      median: days(stage.medianHoursInStage), p90: days(stage.p90HoursInStage))
            },
            transitions: transitions.prefix(15).map { JourneysPage.TransitionRow(from: stageName($0.from), to: stageName($0.to), count: format.number($0.count)) },
            costs: [
                Figure(label: strings["cost_negative"]!, value: format.number(costs.negativeExperiences), note: nil),
                Figure(label: strings["cost_unhappy"]!, value: format.number(costs.unhappyCustomers), note: nil),
                Figure(label: strings["cost_reach"]!, value: format.number(Int(costs.wordOfMouthReach.rounded())),
                       note: strings["cost_reach_note"]!.replacingOccurrences(of: "{n}", with: format.decimal(costs.peoplePerUnhappyCustomer))),
                Figure(label: strings["cost_abandon"]!, value: costs.afterPoorContact.abandonmentRate.map(format.percent) ?? "—",
                       note: strings["checkouts_note"]!.replacingOccurrences(of: "{n}", with: format.number(costs.afterPoorContact.checkouts))),
                Figure(label: strings["cost_baseline"]!, value: costs.baseline.abandonmentRate.map(format.percent) ?? "—",
                       note: strings["checkouts_note"]!.replacingOccurrences(of: "{n}", with: format.number(costs.baseline.checkouts))),
            ],
            isEmpty: report.profiles == 0)
        return try await render(request, "journeys", page)
    }
}
