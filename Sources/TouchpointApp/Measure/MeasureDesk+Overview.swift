import Foundation
import TouchpointDomain

/// The journey aggregate and the bad-experience tally, as the lifecycle projection keeps them. The projection lives in
/// the web layer (it reads the store directly), so the overview is handed a source rather than reaching for it.
public struct JourneyFigures: Sendable {
    public var aggregate: JourneyAggregate
    public var costs: ExperienceCostTally

    public init(aggregate: JourneyAggregate, costs: ExperienceCostTally) {
        self.aggregate = aggregate
        self.costs = costs
    }
}

/// Where the overview reads the journey figures (the lifecycle projection).
public protocol JourneyFiguresSource: Sendable {
    func journeyFigures() async throws -> JourneyFigures
}

/// Who gets the weekly report and what it says of the company, read at every round: users, the company's name and its
/// time zone can change while the server runs.
public struct WeeklyReportSchedule: Sendable {
    /// Every console user; the report goes to admins and managers among them.
    public var recipients: @Sendable () async throws -> [ConsoleUser]
    /// The console's overview page, absolute (the public URL plus `/cx/overview`).
    public var link: String
    public var company: @Sendable () -> String
    public var timeZone: @Sendable () -> TimeZone

    public init(recipients: @escaping @Sendable () async throws -> [ConsoleUser], link: String,
                company: @escaping @Sendable () -> String, timeZone: @escaping @Sendable () -> TimeZone) {
        self.recipients = recipients
        self.link = link
        self.company = company
        self.timeZone = timeZone
    }
}

/// What the overview is wired to; each part optional, so a desk without them still answers (without costs, journeys or mail).
struct OverviewWiring: Sendable {
    var outbox: (any MailOutboxRepository)?
    var journeys: (any JourneyFiguresSource)?
    var schedule: WeeklyReportSchedule?
}

/// The executive overview: this week's pyramid against last week's, twelve weeks of NPS and CSAT, the cost of bad
/// experiences week on week and the worst journey steps; and its Monday e-mail through the outbox.
extension MeasureDesk {
    /// The overview's daily snapshots of the cost tally and the funnel (`ExperienceCostSnapshot`).
    static let costDaysDocument = "measure_cost_days"
    /// The ISO week whose report was enqueued for everyone: later rounds that week skip the work.
    static let weeklyReportDocument = "measure_weekly_report"
    static let trendWeeks = 12

    /// Where the weekly report is enqueued (the mail outbox); without one, nothing is mailed.
    public func useOutbox(_ outbox: any MailOutboxRepository) { overviewWiring.withLock { $0.outbox = outbox } }
    /// Where the cost of bad experiences and the journeys are read; without one, the overview has neither.
    public func useJourneyFigures(_ source: any JourneyFiguresSource) { overviewWiring.withLock { $0.journeys = source } }
    /// Turns on the Monday mail in the background rounds `start()` runs.
    public func scheduleWeeklyReport(_ schedule: WeeklyReportSchedule) { overviewWiring.withLock { $0.schedule = schedule } }

    /// The overview as of `now`: this week is the seven whole UTC days before today, last week the seven before those
    /// (complete weeks, compared like with like; the day aggregates answer them without reading the log).
    public func overview(now: Date = Date()) async throws -> CXOverview {
        try await catchUp(now: now)
        let settings = try await settings()
        let startOfToday = Date(timeIntervalSince1970: Double(Self.day(now)) * 86_400)
        let weeks = CXWeek.ending(at: startOfToday, count: Self.trendWeeks)
        let thisWeek = weeks[weeks.count - 1], lastWeek = weeks[weeks.count - 2]
        let current = try await facts(MeasureScope(from: thisWeek.from, to: thisWeek.to), settings: settings, now: now)
        let previous = try await facts(MeasureScope(from: lastWeek.from, to: lastWeek.to), settings: settings, now: now)
        var trend = [SurveyWeek]()
        for week in weeks {
            trend.append(SurveyWeek(week: week, histogram: try await repository.surveyHistogram(MeasureScope(from: week.from, to: week.to))))
        }

        var costs: ExperienceCostComparison?
        var journeys = [JourneyStep]()
        if let source = overviewWiring.withLock({ $0.journeys }) {
            let figures = try await source.journeyFigures()
            // The journeys page's defaults: the same figures the director sees there.
            let report = figures.costs.report(asOf: now, settings: ExperienceCostSettings())
            let funnel = figures.aggregate.report().funnel
            let today = ExperienceCostSnapshot(day: ExperienceCostSnapshot.day(of: now), report: report, funnel: funnel)
            let snapshots = try await recordCostSnapshot(today, now: now)
            costs = ExperienceCostComparison.make(end: startOfToday, report: report, current: today, snapshots: snapshots)
            journeys = JourneyStep.worst(funnel, weekAgo: ExperienceCostSnapshot.at(startOfToday.addingTimeInterval(-CXWeek.length), in: snapshots)?.reached)
        }
        return CXOverview(generatedAt: now, thisWeek: thisWeek, lastWeek: lastWeek,
                          pyramid: CXPyramid.evaluate(current, settings: settings), previousPyramid: CXPyramid.evaluate(previous, settings: settings),
                          trend: trend, costs: costs, journeys: journeys)
    }

    /// Enqueues the overview for every admin and manager among `recipients`, in their console language (English when
    /// they have not chosen one, as the console falls back to), once per ISO week: the mail's id is the week and the
    /// recipient, so a second run, or another node, enqueues nothing. Nothing is sent before Monday 07:00 in `timeZone`.
    /// Returns how many mails were enqueued now.
    @discardableResult
    public func sendWeeklyReport(now: Date = Date(), recipients: [ConsoleUser], link: String, company: String, timeZone: TimeZone) async throws -> Int {
        guard let outbox = overviewWiring.withLock({ $0.outbox }), WeeklyReportMail.isDue(now, timeZone: timeZone) else { return 0 }
        let readers = recipients.filter { $0.role.allows(.manager) && $0.email.contains("@") }
        guard !readers.isEmpty else { return 0 }
        let week = WeeklyReportMail.weekKey(now, timeZone: timeZone)
        let overview = try await self.overview(now: now)
        var composed = [TextLanguage: (subject: String, text: String, html: String)]()
        var enqueued = 0
        for reader in readers {
            let language = reader.language.flatMap(TextLanguage.init(rawValue:)) ?? .en
            let content = composed[language] ?? WeeklyReportMail.compose(overview, language: language, link: link, company: company)
            composed[language] = content
            let id = WeeklyReportMail.mailID(week: week, recipient: reader.id)
            let mail = OutgoingMail(id: OutgoingMailID(rawValue: id), purpose: WeeklyReportMail.purpose, reference: week, to: reader.email,
                                    subject: content.subject, text: content.text, html: content.html, messageID: id + "@touchpoint",
                                    nextAttemptAt: now, createdAt: now)
            if try await outbox.enqueueOnce(mail) { enqueued += 1 }
        }
        return enqueued
    }

    /// One background round: keeps today's cost snapshot, then sends this week's report if it is due and not yet
    /// sent. Without a schedule and an outbox it only keeps the snapshot.
    @discardableResult
    public func weeklyReportRound(now: Date = Date()) async throws -> Int {
        let wiring = overviewWiring.withLock { $0 }
        if let source = wiring.journeys { try await keepCostSnapshot(source, now: now) }
        guard let schedule = wiring.schedule, wiring.outbox != nil else { return 0 }
        let timeZone = schedule.timeZone()
        guard WeeklyReportMail.isDue(now, timeZone: timeZone) else { return 0 }
        let week = WeeklyReportMail.weekKey(now, timeZone: timeZone)
        // Read before the overview is worked out: the other 2,000 rounds of the week cost one small read each.
        if try await repository.measureDocument(Self.weeklyReportDocument) == week { return 0 }
        let sent = try await sendWeeklyReport(now: now, recipients: try await schedule.recipients(), link: schedule.link,
                                              company: schedule.company(), timeZone: timeZone)
        try await repository.saveMeasureDocument(Self.weeklyReportDocument, week, now: now)
        return sent
    }

    // MARK: Daily snapshots

    /// The snapshots kept so far, oldest first; none when the document is missing or unreadable.
    func costSnapshots() async throws -> [ExperienceCostSnapshot] {
        guard let text = try await repository.measureDocument(Self.costDaysDocument),
              let snapshots = try? JSONDecoder().decode([ExperienceCostSnapshot].self, from: Data(text.utf8)) else { return [] }
        return snapshots
    }

    /// Adds `snapshot` unless its day has one, saves when anything changed, and returns what is kept. Two nodes may
    /// both write a day's first snapshot; either one stands for the day.
    func recordCostSnapshot(_ snapshot: ExperienceCostSnapshot, now: Date) async throws -> [ExperienceCostSnapshot] {
        let (snapshots, changed) = ExperienceCostSnapshot.recording(snapshot, into: try await costSnapshots())
        if changed {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            try await repository.saveMeasureDocument(Self.costDaysDocument, String(decoding: try encoder.encode(snapshots), as: UTF8.self), now: now)
        }
        return snapshots
    }

    /// Takes today's snapshot when there is none yet, so weeks can be compared even if nobody opens the overview.
    func keepCostSnapshot(_ source: any JourneyFiguresSource, now: Date) async throws {
        let day = ExperienceCostSnapshot.day(of: now)
        let kept = try await costSnapshots()
        guard !kept.contains(where: { $0.day == day }) else { return }
        let figures = try await source.journeyFigures()
        let report = figures.costs.report(asOf: now, settings: ExperienceCostSettings())
        _ = try await recordCostSnapshot(ExperienceCostSnapshot(day: day, report: report, funnel: figures.aggregate.report().funnel), now: now)
    }
}
