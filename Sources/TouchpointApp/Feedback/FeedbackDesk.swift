import Foundation
import Logging
import Synchronization
import TouchpointDomain

/// Feedback's one door: reads answers from the log (wherever they came from), analyses their comments, closes the
/// loop on detractors through the service desk, and reports. The API, the console and the background loop call it.
public final class FeedbackDesk: Sendable {
    let repository: any FeedbackRepository
    let serviceDesk: ServiceDesk
    let profiles: ProfileDirectory
    let analyzer: TextAnalyzer
    public let followUpRule: FollowUpRule
    let logger: Logger
    private let background = RepeatingWork(name: "the feedback projection", logger: Logger(label: "touchpoint.feedback"))
    private let lastCatchUp = Mutex<Task<Void, Never>?>(nil)

    public init(repository: any FeedbackRepository, serviceDesk: ServiceDesk, profiles: ProfileDirectory,
                analyzer: TextAnalyzer = .shared, followUpRule: FollowUpRule = .standard,
                logger: Logger = Logger(label: "touchpoint.feedback")) {
        self.repository = repository
        self.serviceDesk = serviceDesk
        self.profiles = profiles
        self.analyzer = analyzer
        self.followUpRule = followUpRule
        self.logger = logger
    }

    // MARK: Reading answers from the log

    /// Reads every new answer on the log, stores it with its analysis and opens the follow-ups it calls for.
    /// Returns how many answers were read. An event that is not a valid answer is skipped (collection refuses
    /// those; older ones may predate the rule).
    @discardableResult
    public func catchUp(now: Date = Date(), batch: Int = 2_000) async throws -> Int {
        // One catch-up at a time in this process: the loop and a report reading at once would both see an answer as new
        // before either stored it. Each caller waits for the one before, then reads up to its own now.
        let task: Task<Int, any Error> = lastCatchUp.withLock { last in
            let previous = last
            let task = Task { [self] in
                _ = await previous?.value
                return try await self.readLog(now: now, batch: batch)
            }
            last = Task { _ = try? await task.value }
            return task
        }
        return try await task.value
    }

    private func readLog(now: Date, batch: Int) async throws -> Int {
        var total = 0
        while let (batchEvents, upTo) = try await repository.pendingSurveyAnswers(limit: batch) {
            let events = batchEvents.filter { $0.name == "Survey Answered" }
            let answers = events.compactMap { event in
                (try? SurveyAnswer.read(eventID: event.eventID, profileID: event.profileID, channel: event.channel, at: event.at,
                                        properties: event.properties).analysed(by: analyzer)).map { (answer: $0, sequence: event.sequence) }
            }
            let stored = try await repository.saveAnswers(answers, checkpoint: upTo)
            for answer in stored { try await closeTheLoop(on: answer, now: now) }
            for comment in batchEvents where comment.name == "Survey Comment Added" {
                try await addComment(comment, now: now)
            }
            total += answers.count
        }
        return total
    }

    /// The survey page's second step: the comment joins its answer (analysed), and a strongly negative one may open the
    /// follow-up the score alone did not.
    func addComment(_ event: LoggedEvent, now: Date) async throws {
        // The answer is the person's latest to that survey still without a comment (the page allows one comment an answer).
        guard let surveyID = event.properties["survey_id"]?.stringValue,
              let text = event.properties["comment"]?.stringValue?.trimmingCharacters(in: .whitespacesAndNewlines), !text.isEmpty,
              var answer = try await repository.answers(of: event.profileID, limit: 200)
                .first(where: { $0.surveyID == surveyID && $0.comment == nil }) else { return }
        answer.comment = text
        answer.locale = event.properties["locale"]?.stringValue.flatMap(TextLanguage.init(localeCode:)) ?? answer.locale
        guard let commented = try await repository.addComment(to: answer.id, answer.analysed(by: analyzer)) else { return }
        try await closeTheLoop(on: commented, now: now)
    }

    /// Opens a follow-up case for a detractor or a strongly negative comment, unless the person has one already.
    /// Answers that arrive long after the fact (an import of last year's survey) are reported, not followed up.
    func closeTheLoop(on answer: SurveyAnswer, now: Date) async throws {
        guard now.timeIntervalSince(answer.answeredAt) < Double(followUpRule.windowDays) * 86_400 else { return }
        // Follow-ups are per person: the profile the answer's event had may have been merged into another since.
        guard let person = try await profiles.lookUp(reference: answer.profileID.rawValue) else { return }
        guard case .open(let reason) = followUpRule.decide(answer, lastFollowUp: try await repository.lastFollowUp(of: person), now: now) else { return }
        guard let profile = try await profiles.profile(person) else { return }
        let customer = CustomerContact(userId: profile.identifier(.userID), email: profile.identifier(.email), phone: profile.identifier(.phone),
                                       name: profile.displayName)
        guard customer.userId != nil || customer.email != nil || customer.phone != nil else { return }
        let subject = "Follow-up: \(answer.type.rawValue.uppercased()) \(answer.score)" + (answer.comment.map { " — " + String($0.prefix(120)) } ?? "")
        let new = NewCase(customer: customer, channel: answer.channel, subject: subject, priority: answer.type == .nps && answer.score <= 3 ? .high : .normal,
                          category: "feedback", tags: ["feedback", answer.type.rawValue] + answer.topics,
                          language: answer.locale?.rawValue, origin: .feedback)
        let note = NewServiceMessage(direction: .note, authorName: "Touchpoint", body: "Opened by the closed loop (\(reason)). Answer \(answer.id.rawValue)" +
                                     (answer.comment.map { ": \"\($0)\"" } ?? ""), at: now)
        let (opened, _) = try await serviceDesk.open(new, firstMessage: note, now: now)
        try await repository.linkFollowUp(answer: answer.id, case: opened.id)
        logger.info("feedback follow-up opened", metadata: ["case": "\(opened.number)", "answer": "\(answer.id.rawValue)"])
    }

    // MARK: Reports

    public func report(_ filter: FeedbackFilter, topics: Int = 20) async throws -> FeedbackReport {
        FeedbackReport.make(histogram: try await repository.scoreHistogram(filter), sentiment: try await repository.sentimentCounts(filter),
                            topics: try await repository.topicFigures(filter, limit: topics), type: filter.type)
    }

    /// The loop's figures for follow-ups opened in the filter's period; one business hour is counted in the service
    /// desk's opening hours.
    public func loopReport(_ filter: FeedbackFilter) async throws -> FeedbackLoopReport {
        FeedbackLoopReport.make(try await repository.followUps(from: filter.from, to: filter.to), calendar: try await serviceDesk.policy().calendar)
    }

    /// NPS, CSAT and CES per month, channel, lifecycle stage, value tier or agent.
    public func breakdown(_ filter: FeedbackFilter, by grouping: FeedbackGrouping) async throws -> [FeedbackGroupFigures] {
        FeedbackGroupFigures.make(try await repository.scoreHistograms(filter, by: grouping), type: filter.type, grouping: grouping)
    }

    /// The latest comments raising a topic, to show what people say about it.
    public func examples(_ filter: FeedbackFilter, topic: String, limit: Int = 3) async throws -> [SurveyAnswer] {
        try await repository.topicExamples(filter, topic: topic, limit: limit)
    }

    /// Which touchpoints of the 30 days before an NPS answer go with lower scores (the latest 1,000 answers).
    public func drivers(_ filter: FeedbackFilter) async throws -> DriverAnalysis {
        DriverAnalysis.make(try await repository.touchpointsBeforeAnswers(filter, days: 30, limit: 1_000))
    }

    /// The person's latest NPS, CSAT and CES and the trend of their comments' sentiment (from their last 200 answers).
    public func summary(of profile: ProfileID) async throws -> FeedbackSummary {
        FeedbackSummary.make(try await repository.answers(of: profile, limit: 200))
    }

    public func answers(of profile: ProfileID, limit: Int = 50) async throws -> [SurveyAnswer] {
        try await repository.answers(of: profile, limit: limit)
    }

    // MARK: Background

    /// Follows the log every `interval` until stopped.
    public func start(every interval: Duration = .seconds(2)) {
        background.start(every: interval, lease: repository as? any WorkLease) { [weak self] in try await self?.catchUp() }
    }

    public func stop() {
        background.stop()
    }
}
