import Foundation

/// The Monday e-mail of the CX overview, in the reader's language: the level reached and its change, NPS and CSAT,
/// the pyramid's indicators this week against last week, what bad experiences cost, the worst journey steps, and a
/// link to the console page. Changes carry ▲/▼ for the way the number moved; the HTML also colours them green when
/// that way is better and red when it is worse. Every value put into the HTML is escaped (the company name is typed
/// by people).
public enum WeeklyReportMail {
    /// `OutgoingMail.purpose` of the report.
    public static let purpose = "cx_weekly_report"
    /// How many journey steps the mail lists (the page lists them all).
    static let journeySteps = 3

    public static func compose(_ overview: CXOverview, language: TextLanguage, link: String, company: String) -> (subject: String, text: String, html: String) {
        let words = WeeklyReportWords.all(language)
        let numbers = Numbers(locale: WeeklyReportWords.locale(language), words: words)
        func fill(_ key: String, _ values: [String: String]) -> String { WeeklyReportWords.fill(words[key]!, values) }
        func spaced(_ change: String) -> String { change.isEmpty ? "" : " " + change }
        let period = numbers.period(overview.thisWeek)
        let levelChange = numbers.countChange(overview.reachedChange)
        let subject = fill("subject", ["company": company, "period": period, "n": numbers.integer(overview.pyramid.reached),
                                       "change": " (" + levelChange + ")"])

        var lead = [Line]()
        lead.append(Line(text: fill("level", ["n": numbers.integer(overview.pyramid.reached), "before": numbers.integer(overview.previousPyramid.reached),
                                              "change": " (" + levelChange + ")"]),
                         improved: overview.reachedChange == 0 ? nil : overview.reachedChange > 0, strong: true))
        let blocking = overview.pyramid.blockingLevel.map { fill("blocking", ["level": "\($0.rawValue) · " + words["level_" + $0.key]!]) }
        lead.append(Line(text: blocking ?? words["blocking_none"]!))
        let surveys = overview.surveysThisWeek ?? SurveyWeek(week: overview.thisWeek)
        lead.append(Line(text: fill("nps", ["value": numbers.value(surveys.nps, unit: .score), "change": spaced(numbers.change(overview.npsChange, unit: .score)),
                                            "n": numbers.integer(surveys.npsAnswers)]),
                         improved: overview.npsChange.flatMap { abs($0) < 1e-9 ? nil : $0 > 0 }))
        lead.append(Line(text: fill("csat", ["value": numbers.value(surveys.csat, unit: .share), "change": spaced(numbers.change(overview.csatChange, unit: .share)),
                                             "n": numbers.integer(surveys.csatAnswers)]),
                         improved: overview.csatChange.flatMap { abs($0) < 1e-9 ? nil : $0 > 0 }))

        var sections = [Section]()
        let withData = overview.indicators.filter { $0.thisWeek.value != nil || $0.lastWeek.value != nil }
        sections.append(Section(heading: words["indicators"]!, rows: withData.map { item in
            Row(label: words["ind_" + item.indicator.key] ?? item.indicator.key,
                cells: [numbers.value(item.thisWeek.value, unit: item.indicator.unit), numbers.value(item.lastWeek.value, unit: item.indicator.unit)],
                change: numbers.change(item.change, unit: item.indicator.unit), improved: item.improved)
        }, note: withData.isEmpty ? words["indicators_none"] : nil))
        sections.append(costSection(overview.costs, words: words, numbers: numbers))
        let steps = overview.journeys.prefix(journeySteps).map { step in
            Line(text: fill("journey", ["from": words["stage_" + step.from.rawValue]!, "to": words["stage_" + step.to.rawValue]!,
                                        "conversion": step.conversion.map(numbers.percent) ?? "—",
                                        "change": spaced(numbers.change(step.change, unit: .share)), "lost": numbers.integer(step.droppedOff)]),
                 improved: step.change.flatMap { abs($0) < 1e-9 ? nil : $0 > 0 })
        }
        sections.append(Section(heading: words["journeys"]!, rows: [], lines: steps, note: steps.isEmpty ? words["journeys_none"] : nil))

        let intro = fill("intro", ["period": period])
        let footer = fill("footer", ["company": company])
        return (subject, text(words: words, intro: intro, lead: lead, sections: sections, link: link, footer: footer),
                html(language: language, words: words, intro: intro, lead: lead, sections: sections, link: link, footer: footer))
    }

    // MARK: Once a week

    /// The ISO week of `now` in the company's time zone: `2026-W49`.
    public static func weekKey(_ now: Date, timeZone: TimeZone) -> String {
        let parts = isoCalendar(timeZone).dateComponents([.yearForWeekOfYear, .weekOfYear], from: now)
        let week = parts.weekOfYear ?? 0
        return String(parts.yearForWeekOfYear ?? 0) + (week < 10 ? "-W0" : "-W") + String(week)
    }

    /// Whether this ISO week's report is due: from Monday 07:00 in the company's time zone for a day, so it is in the
    /// inbox when the week starts and a server restarted on Monday still sends it — but a server installed on a
    /// Saturday does not mail a week it has no figures for; its first report comes the next Monday.
    public static func isDue(_ now: Date, timeZone: TimeZone) -> Bool {
        let calendar = isoCalendar(timeZone)
        guard let week = calendar.dateInterval(of: .weekOfYear, for: now),
              let seven = calendar.date(bySettingHour: 7, minute: 0, second: 0, of: week.start) else { return false }
        return now >= seven && now < seven.addingTimeInterval(sendingWindow)
    }

    /// How long after Monday 07:00 the week's report may still go out.
    public static let sendingWindow: TimeInterval = 24 * 3_600

    /// The mail's id: the week and the recipient, so however many nodes or rounds try, the outbox holds one.
    public static func mailID(week: String, recipient: String) -> String { "cx-weekly-" + week + "-" + recipient }

    /// Weeks start on Monday and the first week of a year holds its first Thursday (ISO 8601), set explicitly rather
    /// than trusted to a platform's `.iso8601` calendar.
    static func isoCalendar(_ timeZone: TimeZone) -> Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        calendar.firstWeekday = 2
        calendar.minimumDaysInFirstWeek = 4
        return calendar
    }

    // MARK: Parts

    struct Line {
        var text: String
        var improved: Bool? = nil
        var strong = false
    }

    struct Row {
        var label: String
        var cells: [String]
        var change: String
        var improved: Bool?
    }

    struct Section {
        var heading: String
        var rows: [Row]
        var lines: [Line] = []
        var note: String?
    }

    /// Bad experiences cost more when they grow: every row is better when it falls.
    static func costSection(_ costs: ExperienceCostComparison?, words: [String: String], numbers: Numbers) -> Section {
        let heading = words["costs"]!
        guard let costs else { return Section(heading: heading, rows: [], note: words["costs_none"]) }
        guard let now = costs.thisWeek else {
            let note = WeeklyReportWords.fill(words["costs_pending"]!, ["negative": numbers.integer(costs.toDate.negativeExperiences),
                                                                        "reach": numbers.integer(Int(costs.toDate.wordOfMouthReach.rounded()))])
            return Section(heading: heading, rows: [], note: note)
        }
        let before = costs.lastWeek
        func row(_ key: String, _ value: (ExperienceCostPeriod) -> Double, digits: Int = 0) -> Row {
            let current = value(now)
            let previous = before.map(value)
            let delta = previous.map { current - $0 }
            return Row(label: words[key]!, cells: [numbers.decimal(current, digits: digits), previous.map { numbers.decimal($0, digits: digits) } ?? "—"],
                       change: numbers.amountChange(delta, digits: digits), improved: delta.flatMap { abs($0) < 1e-9 ? nil : $0 < 0 })
        }
        return Section(heading: heading, rows: [
            row("cost_negative") { Double($0.negativeExperiences) },
            row("cost_unhappy") { Double($0.newlyUnhappyCustomers) },
            row("cost_reach") { $0.wordOfMouthReach.rounded() },
            row("cost_abandoned") { Double($0.afterPoorContact.abandoned) },
            row("cost_lost", { $0.lostOrders ?? 0 }, digits: 1),
        ])
    }

    static func text(words: [String: String], intro: String, lead: [Line], sections: [Section], link: String, footer: String) -> String {
        var text = words["greeting"]! + "\n\n" + intro + "\n\n"
        text += lead.map(\.text).joined(separator: "\n") + "\n"
        for section in sections {
            text += "\n" + section.heading + "\n"
            for row in section.rows {
                text += "- " + row.label + ": " + (row.cells + (row.change.isEmpty ? [] : [row.change])).joined(separator: " · ") + "\n"
            }
            for line in section.lines { text += "- " + line.text + "\n" }
            if let note = section.note { text += note + "\n" }
        }
        return text + "\n" + words["open"]! + ": " + link + "\n\n-- \n" + footer + "\n"
    }

    static func html(language: TextLanguage, words: [String: String], intro: String, lead: [Line], sections: [Section], link: String, footer: String) -> String {
        func escape(_ text: String) -> String { HTMLText.escape(text) }
        func colour(_ improved: Bool?) -> String {
            switch improved {
            case true?: ";color:#1a7f37"
            case false?: ";color:#cf222e"
            case nil: ""
            }
        }
        let pad = "padding:4px 10px;border-bottom:1px solid #d0d7de"
        let cell = pad + ";text-align:right"
        var html = "<!doctype html><html lang=\"\(language.rawValue)\"><body style=\"font:15px/1.5 sans-serif;color:#1b1f24;max-width:760px\">"
        html += "<p>\(escape(words["greeting"]!))</p><p>\(escape(intro))</p>"
        for line in lead {
            let text = line.strong ? "<strong>\(escape(line.text))</strong>" : escape(line.text)
            html += "<p style=\"margin:4px 0\(line.strong ? ";font-size:18px" : "")\(colour(line.improved))\">\(text)</p>"
        }
        for section in sections {
            html += "<h2 style=\"font-size:16px;margin:20px 0 6px\">\(escape(section.heading))</h2>"
            if !section.rows.isEmpty {
                html += "<table style=\"border-collapse:collapse\">"
                for row in section.rows {
                    html += "<tr><th scope=\"row\" style=\"\(pad);text-align:left;font-weight:400\">\(escape(row.label))</th>"
                    html += row.cells.map { "<td style=\"\(cell)\">\(escape($0))</td>" }.joined()
                    html += "<td style=\"\(cell)\(colour(row.improved))\">\(escape(row.change))</td></tr>"
                }
                html += "</table>"
            }
            if !section.lines.isEmpty {
                html += "<ul>" + section.lines.map { "<li style=\"margin:2px 0\(colour($0.improved))\">\(escape($0.text))</li>" }.joined() + "</ul>"
            }
            if let note = section.note { html += "<p style=\"color:#57606a\">\(escape(note))</p>" }
        }
        html += "<p style=\"margin-top:20px\"><a href=\"\(escape(link))\">\(escape(words["open"]!))</a></p>"
        return html + "<p style=\"color:#57606a;font-size:13px\">\(escape(footer))</p></body></html>"
    }

    /// Numbers as the reader's language writes them, with the sign written out (a plus on gains, U+2212 on losses) so
    /// every language shows it the same way.
    struct Numbers {
        let locale: Locale
        let words: [String: String]

        func integer(_ value: Int) -> String { value.formatted(.number.locale(locale)) }
        func percent(_ fraction: Double) -> String { fraction.formatted(.percent.precision(.fractionLength(0...1)).locale(locale)) }
        func decimal(_ value: Double, digits: Int) -> String { value.formatted(.number.precision(.fractionLength(0...digits)).locale(locale)) }

        func signed(_ value: Double, _ magnitude: String) -> String {
            value > 0 ? "+" + magnitude : value < 0 ? "−" + magnitude : magnitude
        }

        /// A value as its unit reads: a share as a percent, a ratio per order, NPS as signed points; "—" without data.
        func value(_ value: Double?, unit: IndicatorUnit) -> String {
            guard let value, value.isFinite else { return "—" }
            switch unit {
            case .share: return percent(value)
            case .ratio: return decimal(value, digits: 2) + " " + words["per_order"]!
            case .score: return signed(value.rounded(), decimal(abs(value), digits: 0))
            case .change: return signed(value, percent(abs(value)))
            }
        }

        /// "▲ +2,5 p.p.", "▼ −4 pts", "±0"; empty when there is nothing to compare.
        func change(_ delta: Double?, unit: IndicatorUnit) -> String {
            guard let delta, delta.isFinite else { return "" }
            switch unit {
            case .share, .change: return arrow(delta * 100, digits: 1, suffix: " " + words["points"]!)
            case .score: return arrow(delta, digits: 0, suffix: " " + words["score_points"]!)
            case .ratio: return arrow(delta, digits: 2, suffix: "")
            }
        }

        /// A change of a count or an amount: "▲ +3", "▼ −1,5".
        func amountChange(_ delta: Double?, digits: Int) -> String {
            guard let delta, delta.isFinite else { return "" }
            return arrow(delta, digits: digits, suffix: "")
        }

        func countChange(_ delta: Int) -> String { arrow(Double(delta), digits: 0, suffix: "") }

        /// A change too small to show at this precision reads as no change rather than "▲ +0".
        func arrow(_ delta: Double, digits: Int, suffix: String) -> String {
            let scale = pow(10, Double(digits))
            guard (abs(delta) * scale).rounded() > 0 else { return "±0" }
            return (delta > 0 ? "▲ +" : "▼ −") + decimal(abs(delta), digits: digits) + suffix
        }

        /// "23 lis – 29 lis 2026": the week's first and last day, UTC days as the measurement pages write periods.
        func period(_ week: CXWeek) -> String {
            let utc = TimeZone(identifier: "UTC")!
            var first = Date.FormatStyle().day().month(.abbreviated).locale(locale)
            first.timeZone = utc
            var last = Date.FormatStyle().day().month(.abbreviated).year().locale(locale)
            last.timeZone = utc
            return week.from.formatted(first) + " – " + week.to.addingTimeInterval(-1).formatted(last)
        }
    }
}
