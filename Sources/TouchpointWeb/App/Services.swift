import Vapor
import Synchronization
import TouchpointApp
import TouchpointDomain
import TouchpointStorage

/// The long-lived parts of a running server, built once in `configure`.
public final class TouchpointServices: Sendable {
    public let config: AppConfig
    public let store: SQLStore
    /// The store report and analytics reads go to: a streaming replica when `TOUCHPOINT_DATABASE_READ_URL` names one,
    /// else `store` itself. Writes always go to the primary.
    public let reports: SQLStore
    public let pipeline: IngestPipeline
    public let metrics: TouchpointMetrics
    public let valueRefresher: ValueRefresher
    public let lifecycle: LifecycleProjector
    public let serviceDesk: ServiceDesk
    /// Profiles' door: look-up, cards, search, merges, export and erasure.
    public let profiles: ProfileDirectory
    /// Feedback's door: answers from the log, their text analytics, the closed loop and the report.
    public let feedback: FeedbackDesk
    /// Surveys' door: definitions, invitations with contact fatigue, answers from the survey page.
    public let surveys: SurveyDesk
    /// Sends the mail outbox (survey invitations, service replies) through `TOUCHPOINT_SMTP_URL`.
    public let outbox: OutboxSender
    /// The event log's upkeep: the coming months' partitions and each source's retention.
    public let eventLog: EventLogKeeper
    public let surveyTokens = SurveyTokens()
    /// The knowledge base: articles, versions, translations and the search index.
    public let knowledge: KnowledgeBase
    /// The 24/7 assistant that answers from the knowledge base and hands over to people.
    public let assistant: Assistant
    /// The help centre's and the assistant's events and the self-service report.
    public let selfService: SelfServiceDesk
    /// Decisions' door: segments, the action catalogue, next best action, outcomes and the report.
    public let decisions: DecisionDesk
    /// Measurement's door: the CX pyramid, the channel comparison and their targets.
    public let measure: MeasureDesk
    /// The service desk's live feed: sockets on this node, other nodes through PostgreSQL.
    let serviceBroadcast: ServiceBroadcast
    public let validator: MessageValidator
    let writeKeys = WriteKeyCache()
    let forgeryKeys = ForgeryKeys()
    public let chatTokens = ChatVisitorTokens()
    /// The products `/chat/demo` shows around the widget (the executable fills it from the demo company).
    public let showcase = Showcase()
    public let companyTimeZone = CompanyTimeZone()
    public let companyName = CompanyName()
    let limits: PublicLimits

    init(config: AppConfig, store: SQLStore, reports: SQLStore? = nil, metrics: TouchpointMetrics, eventLoopGroup: any EventLoopGroup, logger: Logger) {
        self.config = config
        self.store = store
        self.reports = reports ?? store
        self.metrics = metrics
        self.validator = MessageValidator(defaultCallingCode: config.defaultCallingCode)
        self.limits = PublicLimits(config)
        self.valueRefresher = ValueRefresher(store: store)
        self.lifecycle = LifecycleProjector(store: store)
        self.serviceBroadcast = ServiceBroadcast(store: store)
        self.serviceDesk = ServiceDesk(repositories: store, validator: validator, live: serviceBroadcast, outbox: store)
        self.profiles = ProfileDirectory(repositories: store, serviceDesk: serviceDesk)
        self.feedback = FeedbackDesk(repository: store, serviceDesk: serviceDesk, profiles: profiles)
        let tokens = surveyTokens
        let publicURL = config.publicURL
        self.surveys = SurveyDesk(repository: store, profiles: profiles, serviceDesk: serviceDesk, company: config.companyName,
                                  link: { publicURL + "/s/" + tokens.token(for: $0) })
        self.knowledge = KnowledgeBase(repository: store)
        self.assistant = Assistant(knowledge: knowledge, serviceDesk: serviceDesk)
        self.selfService = SelfServiceDesk(repository: store, validator: validator)
        self.decisions = DecisionDesk(repository: store)
        self.measure = MeasureDesk(repository: store, reports: reports ?? store, serviceDesk: serviceDesk)
        measure.useWebhookTransport(AlertWebhookClient())
        self.eventLog = EventLogKeeper(repository: store)
        self.outbox = OutboxSender(repository: store, transport: config.smtp.map { SMTPMailTransport(settings: $0, eventLoopGroup: eventLoopGroup, logger: logger) })
        self.pipeline = IngestPipeline(store: store, observer: { submissions, messages, seconds in
            metrics.commitGroupMessages.record(Double(messages))
            metrics.commitDuration.record(Duration.nanoseconds(Int64(seconds * 1e9)))
        })
        // The CX overview: costs and journeys from the lifecycle projection; its Monday mail through the outbox to the
        // console's admins and managers, in the company's time zone, linking back to the page.
        measure.useOutbox(store)
        measure.useJourneyFigures(lifecycle)
        let zone = companyTimeZone, name = companyName
        measure.scheduleWeeklyReport(WeeklyReportSchedule(
            recipients: { try await store.users() }, link: config.publicURL + ConsoleLink.cxOverview.href,
            company: { name.current }, timeZone: { zone.current }))
    }
}

/// Write keys resolve to sources on every collection request: remembered for a short while so the hot
/// path does not query for them, and forgotten soon enough (10 s) that a key rotated on another node stops working.
final class WriteKeyCache: Sendable {
    private let sources = ExpiringCache<String, SourceRecord>(lifetime: 10_000_000_000, capacity: 10_001)

    func source(for writeKey: String, store: SQLStore) async throws -> SourceRecord? {
        let now = DispatchTime.now().uptimeNanoseconds
        if let hit = sources.value(for: writeKey, now: now) { return hit }
        guard let source = try await store.source(forWriteKey: writeKey) else { return nil }
        sources.store(source, for: writeKey, now: now)
        return source
    }

    /// Forgets every cached key of a source whose key was just rotated here: the old key stops at once on this node.
    func forget(source id: SourceID) { sources.forget { $0.id == id } }
}

extension Application {
    private struct ServicesKey: StorageKey { typealias Value = TouchpointServices }

    public var touchpoint: TouchpointServices {
        get {
            guard let services = storage[ServicesKey.self] else { fatalError("configure(_:config:) has not run") }
            return services
        }
        set { storage[ServicesKey.self] = newValue }
    }
}

extension Request {
    var touchpoint: TouchpointServices { application.touchpoint }
}

/// The company's name on public pages (help centre): `TOUCHPOINT_COMPANY_NAME`, else the saved one (the demo saves
/// Elektro Świat), else "Touchpoint".
public final class CompanyName: Sendable {
    static let stateName = "company_name"
    private let name = Mutex<String>("Touchpoint")

    public var current: String { name.withLock { $0 } }

    func load(configured: String, store: SQLStore) async throws {
        if configured != "Touchpoint" {
            name.withLock { $0 = configured }
        } else if let saved = try await store.installationState(Self.stateName) {
            name.withLock { $0 = saved }
        }
    }

    /// Saves the company's name (the demo's), unless one is configured or already saved.
    public func adopt(_ company: String, configured: String, store: SQLStore) async throws {
        guard configured == "Touchpoint", try await store.installationState(Self.stateName) == nil else { return }
        try await store.setInstallationState(Self.stateName, company)
        name.withLock { $0 = company }
    }
}

/// The time zone the console shows times in: `TOUCHPOINT_TIME_ZONE`, else the company's saved one (the demo saves
/// Europe/Warsaw), else UTC.
public final class CompanyTimeZone: Sendable {
    static let stateName = "company_time_zone"
    private let zone = Mutex<TimeZone>(TimeZone(identifier: "UTC")!)

    var current: TimeZone { zone.withLock { $0 } }

    func set(_ identifier: String) {
        guard let parsed = TimeZone(identifier: identifier) else { return }
        zone.withLock { $0 = parsed }
    }

    /// At start: the configured zone wins; otherwise the saved one.
    func load(configured: String?, store: SQLStore) async throws {
        if let configured {
            set(configured)
        } else if let saved = try await store.installationState(Self.stateName) {
            set(saved)
        }
    }

    /// Saves the company's zone (the demo's), unless one is configured or already saved.
    public func adopt(_ identifier: String, configured: String?, store: SQLStore) async throws {
        guard configured == nil, try await store.installationState(Self.stateName) == nil else { return }
        try await store.setInstallationState(Self.stateName, identifier)
        set(identifier)
    }
}
