import Vapor
import TouchpointApp
import TouchpointDomain

/// The feedback page: NPS, CSAT and CES over time with their confidence interval, by channel, lifecycle stage, value
/// tier and agent; sentiment and topics with example comments; the touchpoints before detractors; the surveys with
/// their invitations and why unsent ones were not sent.
extension ConsoleController {
    func feedback(_ request: Request) async throws -> Response {
        try await render(request, "feedback", try await feedbackPage(request, error: nil))
    }

    func feedbackPage(_ request: Request, error: String?) async throws -> FeedbackPage {
        let language = request.language
        let strings = Strings.all(language)
        let format = Formatting(language: language, timeZone: request.touchpoint.companyTimeZone.current)
        let desk = request.touchpoint.feedback
        // A year by default (whole UTC days, so the report reads the daily roll-ups): the trend needs months, the
        // breakdowns enough answers.
        let chosen = ConsolePeriod(request, defaultDays: 365, strings: strings)
        let (from, to, fromText, toText, filterError) = (chosen.from, chosen.to, chosen.fromText, chosen.toText, chosen.error)
        let period = FeedbackFilter(from: from, to: to)
        try await desk.catchUp()
        let overall = try await desk.report(period, topics: 8)

        func headline(_ type: SurveyType, _ report: FeedbackReport) -> FeedbackPage.Headline {
            switch type {
            case .nps: FeedbackPage.Headline(label: "NPS", value: report.nps.map { format.decimal($0, digits: 1) } ?? "—",
                                              note: report.npsMargin.map { "± " + format.decimal($0, digits: 1) + " · " } .map { $0 + strings["fb_answers"]!.replacingOccurrences(of: "{n}", with: format.number(report.responses)) })
            case .csat: FeedbackPage.Headline(label: "CSAT", value: report.csat.map { format.decimal($0, digits: 1) + " %" } ?? "—",
                                               note: strings["fb_answers"]!.replacingOccurrences(of: "{n}", with: format.number(report.responses)))
            case .ces: FeedbackPage.Headline(label: "CES", value: report.ces.map { format.decimal($0, digits: 2) } ?? "—",
                                              note: strings["fb_answers"]!.replacingOccurrences(of: "{n}", with: format.number(report.responses)))
            }
        }
        var headlines = [FeedbackPage.Headline]()
        for type in SurveyType.allCases {
            var filter = period
            filter.type = type
            headlines.append(headline(type, try await desk.report(filter, topics: 0)))
        }

        var npsOnly = period
        npsOnly.type = .nps
        let months = try await desk.breakdown(npsOnly, by: .month)
        let scored = months.filter { $0.report.nps != nil }
        let trend = SVGChart.line(scored.map { SVGChart.Point(label: $0.group, value: $0.report.nps!) }, title: strings["fb_trend"]!,
                                  range: -100...100,
                                  bands: scored.map { row in (row.report.nps! - (row.report.npsMargin ?? 0), row.report.nps! + (row.report.npsMargin ?? 0)) })
        let trendRows = months.map { row in
            FeedbackPage.Row(group: row.group, responses: format.number(row.report.responses),
                             nps: row.report.nps.map { format.decimal($0, digits: 1) } ?? "—",
                             interval: row.report.nps.flatMap { nps in row.report.npsMargin.map { "\(format.decimal(nps - $0, digits: 1)) … \(format.decimal(nps + $0, digits: 1))" } } ?? "—",
                             csat: "—", ces: "—")
        }

        func rows(_ grouping: FeedbackGrouping, name: (String) -> String) async throws -> [FeedbackPage.Row] {
            try await desk.breakdown(period, by: grouping).prefix(12).map { row in
                FeedbackPage.Row(group: name(row.group), responses: format.number(row.report.responses),
                                 nps: row.report.nps.map { format.decimal($0, digits: 1) } ?? "—",
                                 interval: row.report.npsMargin.map { "± " + format.decimal($0, digits: 1) } ?? "—",
                                 csat: row.report.csat.map { format.decimal($0, digits: 1) + " %" } ?? "—",
                                 ces: row.report.ces.map { format.decimal($0, digits: 2) } ?? "—")
            }
        }
        let agents = Dictionary(uniqueKeysWithValues: try await request.touchpoint.serviceDesk.agents().map { ($0.id.rawValue, $0.name) })
        let unknown = strings["fb_none"]!
        let byChannel = try await rows(.channel) { TouchpointDomain.Channel(rawValue: $0).map { format.channel($0, strings: strings) } ?? ($0.isEmpty ? unknown : $0) }
        let byStage = try await rows(.stage) { $0.isEmpty ? unknown : strings["stage_" + $0] ?? $0 }
        let byTier = try await rows(.tier) { $0.isEmpty ? unknown : strings["tier_" + $0] ?? $0 }
        let byAgent = try await rows(.agent) { $0.isEmpty ? strings["fb_no_agent"]! : agents[$0] ?? $0 }

        var topics = [FeedbackPage.Topic]()
        for figure in overall.topics {
            let examples = try await desk.examples(period, topic: figure.topic, limit: 2)
            topics.append(FeedbackPage.Topic(name: strings["topic_" + figure.topic] ?? figure.topic, count: format.number(figure.count),
                                             sentiment: format.decimal(figure.sentiment, digits: 2), negative: figure.sentiment < 0,
                                             examples: examples.compactMap(\.comment).map { String($0.prefix(200)) }))
        }
        let drivers = try await desk.drivers(period)
        func touchpoint(_ name: String) -> String {
            if name.hasPrefix("channel:"), let channel = TouchpointDomain.Channel(rawValue: String(name.dropFirst(8))) {
                return strings["fb_channel"]! + ": " + format.channel(channel, strings: strings)
            }
            return name.hasPrefix("event:") ? String(name.dropFirst(6)) : name
        }

        let loop = try await desk.loopReport(period)
        let loopFigures = [
            Figure(label: strings["fb_loop_opened"]!, value: format.number(loop.opened), note: nil),
            Figure(label: strings["fb_loop_assigned"]!, value: loop.assignedWithinBusinessHour.map(format.percent) ?? "—", note: nil),
            Figure(label: strings["fb_loop_closed"]!, value: loop.closedWithin48Hours.map(format.percent) ?? "—", note: nil),
            Figure(label: strings["fb_loop_recovered"]!, value: loop.recoveryRate.map(format.percent) ?? "—", note: strings["fb_loop_recovered_note"]),
        ]
        let causes = loop.rootCauses.map { "\(strings["root_" + $0.cause] ?? $0.cause) \(format.number($0.count))" }.joined(separator: ", ")

        var surveys = [FeedbackPage.SurveyRow]()
        for survey in try await request.touchpoint.surveys.surveys() {
            let counts = try await request.touchpoint.surveys.counts(of: survey.id)
            let notSent = counts.skipped.sorted { $0.value > $1.value }.map { "\(strings["skip_" + $0.key.rawValue] ?? $0.key.rawValue) \(format.number($0.value))" }
            surveys.append(FeedbackPage.SurveyRow(
                id: survey.id.rawValue, statusAction: ConsoleLink.surveyStatus(id: survey.id.rawValue).href,
                nextStatus: survey.status == .active ? SurveyStatus.paused.rawValue : SurveyStatus.active.rawValue,
                nextStatusLabel: strings[survey.status == .active ? "survey_pause" : "survey_resume"]!,
                name: survey.name, type: survey.type.rawValue.uppercased(), trigger: strings["trigger_" + survey.trigger.event.rawValue] ?? survey.trigger.event.rawValue,
                status: strings["survey_" + survey.status.rawValue] ?? survey.status.rawValue,
                sent: format.number((counts.byStatus[.sent] ?? 0) + (counts.byStatus[.answered] ?? 0)), answered: format.number(counts.byStatus[.answered] ?? 0),
                notSent: notSent.isEmpty ? "—" : notSent.joined(separator: ", ")))
        }

        let page = FeedbackPage(
            layout: LayoutContext(language: language, title: strings["fb_title"]!, section: .feedback, user: request.consoleUser, path: request.url.string),
            from: fromText, to: toText, filterError: filterError, headlines: headlines,
            sentiment: Sentiment.allCases.map { Figure(label: strings["sentiment_" + $0.rawValue]!, value: format.number(overall.sentiment[$0] ?? 0), note: nil) },
            trendChart: trend, trend: trendRows, byChannel: byChannel, byStage: byStage, byTier: byTier, byAgent: byAgent, topics: topics,
            drivers: drivers.drivers.map { driver in
                FeedbackPage.DriverRow(touchpoint: touchpoint(driver.name), answers: format.number(driver.answers),
                                       npsWith: format.decimal(driver.npsWith, digits: 1), npsWithout: format.decimal(driver.npsWithout, digits: 1),
                                       gap: (driver.gap > 0 ? "+" : "") + format.decimal(driver.gap, digits: 1), negative: driver.gap < 0,
                                       detractors: format.decimal(driver.detractorShareWith, digits: 1) + " %")
            },
            hasDrivers: !drivers.drivers.isEmpty,
            driversNote: strings["fb_drivers_note"]!.replacingOccurrences(of: "{n}", with: format.number(drivers.answers)),
            loop: loopFigures, rootCauses: causes.isEmpty ? "—" : causes,
            surveys: surveys, isEmpty: overall.responses == 0,
            canDefine: request.consoleUser?.role.allows(.manager) == true, createAction: ConsoleLink.surveys.href, error: error,
            types: SurveyType.allCases.map { ServiceInboxPage.Option(value: $0.rawValue, label: $0.rawValue.uppercased(), selected: false) },
            triggers: SurveyTrigger.Event.allCases.map { ServiceInboxPage.Option(value: $0.rawValue, label: strings["trigger_" + $0.rawValue] ?? $0.rawValue, selected: $0 == .manual) })
        return page
    }

    /// `POST /feedback/surveys` (managers): a survey defined in the console, with the same checks as the API.
    func createSurvey(_ request: Request) async throws -> Response {
        struct Form: Content {
            var name: String?, type: String?, questionPl: String?, questionEn: String?, questionRu: String?
            var trigger: String?, delayHours: String?, stage: String?, samplingPercent: String?, recontactDays: String?, endsOn: String?
        }
        let strings = Strings.all(request.language)
        guard request.consoleUser?.role.allows(.manager) == true else { throw APIError.forbidden(strings["manager_only"]!) }
        let form = try request.content.decode(Form.self)
        do {
            var question = [TextLanguage: String]()
            for (language, text) in [(TextLanguage.pl, form.questionPl), (.en, form.questionEn), (.ru, form.questionRu)] {
                if let text = text?.trimmingCharacters(in: .whitespacesAndNewlines), !text.isEmpty { question[language] = text }
            }
            guard let type = form.type.flatMap(SurveyType.init(rawValue:)) else { throw SurveyDeskError.invalid(strings["survey_type_required"]!) }
            func number(_ text: String?, _ fallback: Double) throws -> Double {
                guard let text = text?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return fallback }
                guard let value = Double(text.replacingOccurrences(of: ",", with: ".")) else { throw SurveyDeskError.invalid(strings["survey_number"]!) }
                return value
            }
            var endsAt: Date?
            if let day = form.endsOn, !day.isEmpty {
                guard let date = Timestamps.parse(day + "T00:00:00Z") else { throw SurveyDeskError.invalid(strings["filter_bad_date"]!) }
                endsAt = date.addingTimeInterval(86_400)
            }
            let now = Date()
            let survey = Survey(
                id: SurveyID(rawValue: TimeOrderedID.make(at: now)), name: form.name ?? "", type: type, question: question,
                trigger: SurveyTrigger(event: form.trigger.flatMap(SurveyTrigger.Event.init(rawValue:)) ?? .manual,
                                       delayHours: try number(form.delayHours, 0), stage: form.stage.flatMap { $0.isEmpty ? nil : $0 }),
                samplingPercent: Int(try number(form.samplingPercent, 100)), endsAt: endsAt, recontactDays: Int(try number(form.recontactDays, 90)),
                createdAt: now, ignoresCooldown: form.trigger == SurveyTrigger.Event.followUpClosed.rawValue)
            let defined = try await request.touchpoint.surveys.define(survey)
            await request.audit("surveys.create", target: defined.id.rawValue, after: SurveyDTO.survey(defined, counts: nil))
            return request.redirect(to: ConsoleLink.feedback.href + "?lang=" + request.language.rawValue)
        } catch let error as SurveyDeskError {
            return try await render(request, "feedback", try await feedbackPage(request, error: error.description), status: .unprocessableEntity)
        }
    }

    /// `POST /feedback/surveys/{id}/status` (managers): pause or resume.
    func changeSurveyStatus(_ request: Request) async throws -> Response {
        struct Form: Content { var status: String? }
        let strings = Strings.all(request.language)
        guard request.consoleUser?.role.allows(.manager) == true else { throw APIError.forbidden(strings["manager_only"]!) }
        let desk = request.touchpoint.surveys
        var survey = try await desk.survey(SurveyID(rawValue: request.parameters.get("id") ?? ""))
        guard let status = try request.content.decode(Form.self).status.flatMap(SurveyStatus.init(rawValue:)) else {
            throw APIError.badRequest("invalid_status", "status must be active or paused")
        }
        survey.status = status
        _ = try await desk.define(survey)
        await request.audit("surveys.status", target: survey.id.rawValue, after: .object(["status": .string(status.rawValue)]))
        return request.redirect(to: ConsoleLink.feedback.href + "?lang=" + request.language.rawValue)
    }
}

/// The feedback page's view model.
struct FeedbackPage: Encodable {
    struct Headline: Encodable { var label: String; var value: String; var note: String? }
    struct Row: Encodable { var group: String; var responses: String; var nps: String; var interval: String; var csat: String; var ces: String }
    struct Topic: Encodable { var name: String; var count: String; var sentiment: String; var negative: Bool; var examples: [String] }
    struct DriverRow: Encodable { var touchpoint: String; var answers: String; var npsWith: String; var npsWithout: String; var gap: String; var negative: Bool; var detractors: String }
    struct SurveyRow: Encodable { var id: String; var statusAction: String; var nextStatus: String; var nextStatusLabel: String; var name: String; var type: String; var trigger: String; var status: String; var sent: String; var answered: String; var notSent: String }

    var layout: LayoutContext
    var from: String
    var to: String
    var filterError: String?
    var headlines: [Headline]
    var sentiment: [Figure]
    var trendChart: String
    var trend: [Row]
    var byChannel: [Row]
    var byStage: [Row]
    var byTier: [Row]
    var byAgent: [Row]
    var topics: [Topic]
    var drivers: [DriverRow]
    var hasDrivers: Bool
    var driversNote: String
    var loop: [Figure]
    var rootCauses: String
    var surveys: [SurveyRow]
    var isEmpty: Bool
    /// Managers define surveys here, with the API's checks.
    var canDefine: Bool
    var createAction: String
    var error: String?
    var types: [ServiceInboxPage.Option]
    var triggers: [ServiceInboxPage.Option]
}
