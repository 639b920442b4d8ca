import Foundation
import Logging
import Synchronization
import TouchpointDomain

/// Why the measurement area refused a request; the HTTP layer maps each to its status.
public enum MeasureDeskError: Error, Equatable, Sendable {
    /// Settings with every problem found (422).
    case invalid([String])
    case unknownSegment
}

/// Measurement's door: the CX pyramid and the channel comparison for a period, read from the areas' projections and
/// the measurement aggregates this desk keeps up to date in the background.
public final class MeasureDesk: Sendable {
    static let settingsDocument = "measure_settings"
    /// The track events the pyramid counts per order.
    public static let orderEvent = "Order Completed"
    public static let returnAndComplaintEvents = ["Order Refunded", "Order Returned", "Complaint Filed"]

    let repository: any MeasureRepository
    /// Where the pages' counts are read: a streaming replica when there is one (they may trail the primary by its lag),
    /// else `repository`. Settings, the projection and the alerts stay on `repository`.
    let reports: any MeasureRepository
    let alertRepository: any AlertRepository
    let serviceDesk: ServiceDesk
    private let transport = Mutex<(any AlertWebhookTransport)?>(nil)
    private let watching = RepeatingWork(name: "the CX alert watch", logger: Logger(label: "touchpoint.measure.alerts"))
    private let background = RepeatingWork(name: "the measurement aggregates", logger: Logger(label: "touchpoint.measure"))
    private let lastValueSnapshot = Mutex<Date?>(nil)
    /// What the overview and its weekly mail need from outside the area (`MeasureDesk+Overview`); empty until set.
    let overviewWiring = Mutex<OverviewWiring>(OverviewWiring())
    private let reporting = RepeatingWork(name: "the weekly CX report", logger: Logger(label: "touchpoint.measure.report"))
    private let caseFigures = CaseFiguresMemo()
    private let caseRows = MeasuredCaseMemo()
    /// The start's one-off work (`warmCaseFigures`), made once: a second `start` does not warm again.
    private let startUp = Mutex<Task<Void, Never>?>(nil)

    public init(repository: any MeasureRepository & AlertRepository, reports: (any MeasureRepository)? = nil, serviceDesk: ServiceDesk) {
        self.repository = repository
        self.reports = reports ?? repository
        self.alertRepository = repository
        self.serviceDesk = serviceDesk
    }

    /// Where alert webhooks go out (the web layer's HTTP client); without one, alerts are only stored.
    public func useWebhookTransport(_ transport: any AlertWebhookTransport) { self.transport.withLock { $0 = transport } }
    var webhookTransport: (any AlertWebhookTransport)? { transport.withLock { $0 } }

    // MARK: Settings

    public func settings() async throws -> MeasureSettings {
        guard let text = try await repository.measureDocument(Self.settingsDocument),
              let settings = try? JSONDecoder().decode(MeasureSettings.self, from: Data(text.utf8)) else { return .standard }
        return settings
    }

    /// Saves new targets and windows after checking every field; refuses with every problem listed.
    @discardableResult
    public func saveSettings(_ settings: MeasureSettings, now: Date = Date()) async throws -> MeasureSettings {
        let problems = settings.problems()
        guard problems.isEmpty else { throw MeasureDeskError.invalid(problems) }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        try await repository.saveMeasureDocument(Self.settingsDocument, String(decoding: try encoder.encode(settings), as: UTF8.self), now: now)
        return settings
    }

    // MARK: The aggregates

    /// Brings the event-name day counts up to the log's end, and takes today's value snapshot (at most every 10 min).
    public func catchUp(now: Date = Date()) async throws {
        let repository = repository
        _ = try await Self.advanceUntilEmpty { try await repository.advanceEventNameDays(limit: 5_000) }
        let due = lastValueSnapshot.withLock { last in
            guard last.map({ now.timeIntervalSince($0) >= 600 || now < $0 }) ?? true else { return false }
            last = now
            return true
        }
        if due { try await snapshotValue(now: now) }
    }

    /// Runs `batch` until it reads nothing (at most `maxBatches` times a round); returns how many batches read something.
    /// Every page asks first, so a caught-up log must cost one call, not a round of empty writes.
    static func advanceUntilEmpty(maxBatches: Int = 1_000, _ batch: () async throws -> Int) async throws -> Int {
        var batches = 0
        while batches < maxBatches, try await batch() > 0 { batches += 1 }
        return batches
    }

    /// Records the value model's totals for today (the CLV trend reads these snapshots).
    public func snapshotValue(now: Date = Date()) async throws {
        try await repository.saveValueDay(Self.day(now), try await repository.valueTotals(segment: nil))
    }

    /// Keeps the aggregates up to date every few seconds, and looks for crossings (and posts their webhooks) every minute.
    /// Every five minutes it also keeps the overview's daily cost snapshot and, once a week, mails the overview (when
    /// `scheduleWeeklyReport` was called; otherwise that round does nothing).
    public func start(every interval: Duration = .seconds(3), watchEvery watchInterval: Duration = .seconds(60)) {
        let lease = repository as? any WorkLease
        background.start(every: interval, lease: lease) { [weak self] in try await self?.catchUp() }
        // Each node remembers figures in its own memory: every node warms it, whoever holds the aggregates' lease.
        startUp.withLock { warming in
            if warming == nil { warming = Task { [weak self] in _ = try? await self?.warmCaseFigures() } }
        }
        watching.start(every: watchInterval, lease: lease) { [weak self] in
            try await self?.watch()
            try await self?.deliverAlerts()
        }
        reporting.start(every: .seconds(300), lease: lease) { [weak self] in _ = try await self?.weeklyReportRound() }
    }

    public func stop() {
        background.stop()
        watching.stop()
        reporting.stop()
    }

    /// The UTC day number of a moment (days since 1970-01-01), as the day aggregates key it.
    public static func day(_ date: Date) -> Int64 { Int64((date.timeIntervalSince1970 / 86_400).rounded(.down)) }

    // MARK: The pyramid

    /// The pyramid for a scope: every indicator's counts, value and verdict, each level's, and the level reached.
    public func pyramid(_ scope: MeasureScope, now: Date = Date()) async throws -> (pyramid: CXPyramid, facts: CXFacts, settings: MeasureSettings) {
        try await catchUp(now: now)
        let settings = try await settings()
        let facts = try await facts(scope, settings: settings, now: now)
        return (CXPyramid.evaluate(facts, settings: settings, channelScoped: scope.channel != nil), facts, settings)
    }

    /// The counts behind the pyramid, each read as its own area's report reads it.
    public func facts(_ scope: MeasureScope, settings: MeasureSettings, now: Date = Date()) async throws -> CXFacts {
        var members: Set<String>?
        if let segment = scope.segment { members = try await reports.memberIDs(of: segment) }
        var facts = CXFacts()
        let window = settings.repeatContactDays * 86_400
        let reports = reports
        // The areas' reads do not depend on each other: they run at once (SQLite's readers and PostgreSQL's pool
        // serve them in parallel), while the cases are read and judged here.
        async let selfServiceRead = reports.selfServiceCounts(scope)
        async let eventsRead = reports.eventCounts(named: [Self.orderEvent] + Self.returnAndComplaintEvents, scope)
        async let histogramRead = reports.surveyHistogram(scope)
        async let offersRead = reports.offerCounts(scope)
        async let stagesRead = reports.stageCounts(segment: scope.segment)
        async let valueRead = reports.valueTotals(segment: scope.segment)
        async let callsRead = reports.inboundCalls(from: scope.from, to: scope.to)

        // Service cases: the period's for the service figures, and the window after it for repeat contacts.
        let policy = try await serviceDesk.policy()
        let recontact = try await serviceDesk.settings().recontactWindowHours * 3_600
        let extended = try await measuredCases(from: scope.from, to: scope.to.addingTimeInterval(window))
        let isMember = { (profile: String?) -> Bool in
            guard let members else { return true }
            guard let profile else { return false }
            return members.contains(profile)
        }
        let inScope = { (c: MeasuredCase) -> Bool in isMember(c.profileID) }
        let period = extended.filter { $0.createdAt < scope.to && inScope($0) }
        let scoped = period.filter { scope.channel == nil || $0.channel == scope.channel }
        let figures = try await figures(of: period, policy: policy, now: now)
        let periodFacts = period.compactMap { c in figures[c.id].map { c.facts($0) } }
        let summary: ServiceMetricSummary
        if let channel = scope.channel {
            // As the service report groups by channel: the re-contact check sees every channel's cases.
            summary = ServiceMetricsCalculator.grouped(periodFacts, by: .channel, recontactWindow: recontact)
                .first { $0.key == channel.rawValue }?.summary ?? ServiceMetricSummary()
        } else {
            summary = ServiceMetricsCalculator.summary(periodFacts, recontactWindow: recontact)
        }
        facts.resolvedCases = summary.resolved
        facts.firstContactResolutions = Int(((summary.firstContactResolutionRate ?? 0) * Double(summary.resolved)).rounded())
        for achievement in SLAReport.achievement(scoped.flatMap { figures[$0.id]?.clocks ?? [] }) {
            let judged = achievement.achieved + achievement.missed + achievement.breachedOpen
            switch achievement.metric {
            case .firstResponse: facts.firstResponses = judged; facts.firstResponsesInTarget = achievement.achieved
            case .resolution: facts.resolutions = judged; facts.resolutionsInTarget = achievement.achieved
            case .nextResponse: break
            }
        }
        facts.cases = scoped.count
        facts.customerContacts = scoped.filter { $0.origin == CaseOrigin.customer }.count
        facts.proactiveCases = scoped.filter { $0.origin == CaseOrigin.proactive }.count
        let laterByPerson = Dictionary(grouping: extended.filter { $0.profileID != nil && inScope($0) }, by: { $0.profileID! })
        for serviceCase in scoped {
            guard let person = serviceCase.profileID else { continue }
            facts.contactsOfKnownPeople += 1
            let start = serviceCase.createdAt
            let repeated = (laterByPerson[person] ?? []).contains { (other: MeasuredCase) -> Bool in
                let gap = other.createdAt.timeIntervalSince(start)
                return other.id != serviceCase.id && gap > 0 && gap <= window
            }
            if repeated { facts.repeatContacts += 1 }
        }

        let selfService = try await selfServiceRead
        facts.selfServiceAnswered = selfService.answered
        facts.selfServiceSolved = selfService.solved
        facts.searches = selfService.searches
        facts.zeroResultSearches = selfService.zeroResultSearches
        let events = try await eventsRead
        facts.orders = events[Self.orderEvent] ?? 0
        facts.returnsAndComplaints = Self.returnAndComplaintEvents.reduce(0) { $0 + (events[$1] ?? 0) }

        let contacts = Self.contacts(calls: try await callsRead, cases: period)
            .filter { (contact: ChannelContact) -> Bool in (scope.channel == nil || contact.channel == scope.channel) && isMember(contact.profileID) }
        facts.contactsOffered = contacts.count
        facts.contactsAnswered = contacts.filter { $0.answeredAt != nil }.count

        let histogram = try await histogramRead
        for (score, count) in histogram[.csat] ?? [:] where SurveyType.csat.scale.contains(score) {
            facts.csatAnswers += count
            if SurveyType.csat.band(score) == .good { facts.csatSatisfied += count }
        }
        for (score, count) in histogram[.nps] ?? [:] where SurveyType.nps.scale.contains(score) {
            facts.npsAnswers += count
            switch SurveyType.nps.band(score) {
            case .good: facts.promoters += count
            case .bad: facts.detractors += count
            case .middle: break
            }
        }

        let offers = try await offersRead
        facts.offersShown = offers.shown
        facts.offersAccepted = offers.accepted

        let stages = try await stagesRead
        facts.engagedOrLoyal = (stages[.engagement] ?? 0) + (stages[.loyalty] ?? 0)
        facts.buyers = facts.engagedOrLoyal + (stages[.experience] ?? 0)
        let value = try await valueRead
        facts.scoredCustomers = value.customers
        facts.aliveSum = value.aliveSum
        // The trend needs a snapshot from the period's start; segments have no history of their own.
        if scope.segment == nil, let start = try await reports.valueDay(atOrBefore: Self.day(scope.from)), start.clvSum > 0 {
            let end = try await reports.valueDay(atOrBefore: Self.day(scope.to.addingTimeInterval(-1)))
            facts.clvAtStart = start.clvSum
            facts.clvNow = end?.clvSum ?? value.clvSum
        }
        return facts
    }

    // MARK: Channels

    /// Every channel's reach and service for a period, the spread across channels and the switches between them.
    public func channels(from: Date, to: Date, now: Date = Date(), catchingUp: Bool = true) async throws -> ChannelReport {
        if catchingUp { try await catchUp(now: now) }
        let settings = try await settings()
        let reports = reports
        async let histogramsRead = reports.surveyHistogramsByChannel(from: from, to: to)
        async let callsRead = reports.inboundCalls(from: from, to: to)
        let policy = try await serviceDesk.policy()
        let recontact = try await serviceDesk.settings().recontactWindowHours * 3_600
        let cases = try await measuredCases(from: from, to: to)
        let figures = try await figures(of: cases, policy: policy, now: now)
        let caseFacts = cases.compactMap { c in figures[c.id].map { c.facts($0) } }
        var nps = [Channel: (promoters: Int, detractors: Int, answers: Int)]()
        for (channel, histogram) in try await histogramsRead {
            var entry = (promoters: 0, detractors: 0, answers: 0)
            for (score, count) in histogram[.nps] ?? [:] where SurveyType.nps.scale.contains(score) {
                entry.answers += count
                if SurveyType.nps.band(score) == .good { entry.promoters += count }
                if SurveyType.nps.band(score) == .bad { entry.detractors += count }
            }
            nps[channel] = entry
        }
        return ChannelReport.make(contacts: Self.contacts(calls: try await callsRead, cases: cases), caseFacts: caseFacts,
                                  recontactWindow: recontact, nps: nps, hours: Self.hours(settings, desk: policy.calendar),
                                  switchWindow: settings.repeatContactDays * 86_400)
    }

    /// Returns once the work `start` began once (filling the memory of case figures) is done: the benchmark times the
    /// pages' first requests before it and their steady state after.
    public func startUpWorkDone() async {
        await startUp.withLock { $0 }?.value
    }

    /// Once, soon after start, works out the figures of the last 400 days' cases, so that the first year-long page after a
    /// restart is as quick as the next.
    func warmCaseFigures(now: Date = Date()) async throws {
        let cases = try await readMeasuredCases(from: now.addingTimeInterval(-400 * 86_400), to: now)
        _ = try await figures(of: cases, policy: try await serviceDesk.policy(), now: now)
    }

    /// The cases created in a period, light, oldest first: every case's version is read, its row only when this node
    /// has not read it at that version. A long period's page that comes while the start's warm-up runs waits for it
    /// rather than read and work out the same cases beside it (on two cores, both then took over a second); a short
    /// one, the default 30 days, goes ahead, its few cases cheaper than the wait.
    func measuredCases(from: Date, to: Date) async throws -> [MeasuredCase] {
        if to.timeIntervalSince(from) > 62 * 86_400 { await startUpWorkDone() }
        return try await readMeasuredCases(from: from, to: to)
    }

    private func readMeasuredCases(from: Date, to: Date) async throws -> [MeasuredCase] {
        let reports = reports
        return try await caseRows.cases(try await reports.measuredCaseVersions(from: from, to: to)) { ids in
            try await reports.measuredCases(ids)
        }
    }

    /// Each case's business-hour durations and clocks, remembered across requests once its clocks are settled.
    func figures(of cases: [MeasuredCase], policy: SLAPolicy, now: Date) async throws -> [CaseID: CaseFigures] {
        let serviceDesk = serviceDesk
        return try await caseFigures.figures(of: cases, policy: policy, now: now) { ids in
            try await serviceDesk.responseAndResolutionClocks(of: ids, now: now)
        }
    }

    /// Hours a week per channel: its own calendar, else the desk's for channels agents answer, else all week.
    static func hours(_ settings: MeasureSettings, desk: BusinessCalendar) -> [Channel: Double] {
        Dictionary(uniqueKeysWithValues: CXChannel.all.map { channel in
            if let calendar = settings.channelHours[channel.rawValue] { return (channel, calendar.hoursPerWeek) }
            return (channel, CXChannel.selfService.contains(channel) ? 168 : desk.hoursPerWeek)
        })
    }

    /// The contacts customers made with people: inbound calls on the phone, the cases customers opened elsewhere.
    static func contacts(calls: [MeasuredCall], cases: [MeasuredCase]) -> [ChannelContact] {
        var contacts = calls.map { measured in
            let call = measured.call
            let abandoned = call.outcome == "abandoned"
            let answered = !abandoned && call.outcome != "voicemail"
            return ChannelContact(channel: .phone, profileID: measured.profileID, startedAt: call.startedAt,
                                  answeredAt: answered ? call.startedAt.addingTimeInterval(call.waitSeconds) : nil, abandoned: abandoned)
        }
        for serviceCase in cases where serviceCase.channel != .phone && serviceCase.origin == .customer {
            let finished = serviceCase.status == .resolved || serviceCase.status == .closed
            contacts.append(ChannelContact(channel: serviceCase.channel, profileID: serviceCase.profileID, startedAt: serviceCase.createdAt,
                                           answeredAt: serviceCase.firstResponseAt,
                                           abandoned: serviceCase.firstResponseAt == nil && finished))
        }
        return contacts
    }
}
