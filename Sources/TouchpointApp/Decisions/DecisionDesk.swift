import Foundation
import Logging
import Synchronization
import Tagged
import TouchpointDomain

/// Decisions' door: the segment and action catalogue, next best action for a person on a channel, outcomes learnt
/// from the `Offer …` events, and the report.
public final class DecisionDesk: Sendable {
    public static let outcomeEvents: [String: OfferContact.Kind] = ["Offer Viewed": .viewed, "Offer Accepted": .accepted, "Offer Dismissed": .dismissed]
    /// A view not followed by an acceptance within this long is a refusal for learning.
    public static let settleAfter: TimeInterval = 86_400

    let repository: any DecisionRepository & ProfileLookup
    public let catalogue: DecisionCatalogue
    public let segments: SegmentProjector
    public let policy: ArbitrationPolicy
    /// How long each step of the decisions so far took (`bench decisions` prints them for its paced load).
    public let stepTimings = DecisionStepTimings()
    /// The learnt beliefs, read again every 5 s: outcomes arrive in batches and a few seconds change nothing.
    private let model = RefreshedValue<PropensityModel>(maximumAge: 5_000_000_000)
    /// Shows of each action so far, read again every second (this node's own shows are counted at once).
    private let budgets = RefreshedValue<[ActionID: Int]>(maximumAge: 1_000_000_000)
    private let runningOutcomes = Mutex(false)
    private let background = RepeatingWork(name: "the offer outcome projection", logger: Logger(label: "touchpoint.decisions"))

    public init(repository: any DecisionRepository & ProfileLookup, policy: ArbitrationPolicy = .standard) {
        self.repository = repository
        self.policy = policy
        self.catalogue = DecisionCatalogue(repository: repository)
        self.segments = SegmentProjector(repository: repository, catalogue: catalogue)
    }

    // MARK: The catalogue

    /// Saves a segment after checking it; everyone is evaluated against it on the projection's next round.
    /// Returns whether it was new.
    @discardableResult
    public func saveSegment(_ definition: SegmentDefinition, now: Date = Date()) async throws -> Bool {
        let problems = definition.validate()
        guard problems.isEmpty else { throw DecisionDeskError.invalid(problems) }
        let created = try await repository.saveSegment(definition, now: now)
        try await catalogue.reload()
        segments.rebuild([definition.id])
        return created
    }

    public func deleteSegment(_ id: SegmentID) async throws {
        let snapshot = try await catalogue.current()
        let users = snapshot.actions.filter { $0.active && $0.definition.eligibility.segments.contains(id) }.map(\.definition.id.rawValue)
        guard users.isEmpty else { throw DecisionDeskError.invalid(["the segment is used by actions \(users.joined(separator: ", ")): change them first"]) }
        guard try await repository.deleteSegment(id) else { throw DecisionDeskError.unknownSegment }
        try await catalogue.reload()
    }

    /// Saves an action after checking it (its segments must exist). Returns whether it was new.
    @discardableResult
    public func saveAction(_ definition: ActionDefinition, active: Bool = true, now: Date = Date()) async throws -> Bool {
        var problems = definition.validate()
        let known = Set(try await catalogue.reload().segments.map(\.definition.id))
        for (index, segment) in definition.eligibility.segments.enumerated() where !segment.rawValue.isEmpty && !known.contains(segment) {
            problems.append("eligibility.segments[\(index)]: no segment \"\(segment.rawValue)\" (create it first)")
        }
        guard problems.isEmpty else { throw DecisionDeskError.invalid(problems) }
        let created = try await repository.saveAction(definition, active: active, now: now)
        try await catalogue.reload()
        return created
    }

    /// How many people a draft segment holds now: every person evaluated, or a sample of `sample` people scaled up
    /// (then `exact` is false) — the builder's live count.
    public func preview(_ definition: SegmentDefinition, sample: Int = 20_000, now: Date = Date()) async throws -> (members: Int, evaluated: Int, exact: Bool) {
        let problems = definition.validate()
        guard problems.isEmpty else { throw DecisionDeskError.invalid(problems) }
        let needs = FactsNeeds(segments: [definition], actions: [])
        var cursor: ProfileID?
        var members = 0, evaluated = 0
        while evaluated < sample {
            let page = try await repository.livingProfiles(after: cursor, limit: min(2_000, sample - evaluated))
            guard let last = page.last else { return (members, evaluated, true) }
            let facts = try await repository.facts(of: page, historyEvents: needs.historyEvents, now: now)
            members += facts.values.reduce(0) { $0 + (definition.matches($1, now: now) ? 1 : 0) }
            evaluated += page.count
            cursor = last
        }
        let total = try await repository.countLivingProfiles()
        guard total > evaluated, evaluated > 0 else { return (members, evaluated, true) }
        return (Int((Double(members) * Double(total) / Double(evaluated)).rounded()), evaluated, false)
    }

    // MARK: Deciding

    /// The answer to `POST /api/v1/decisions`.
    public struct Answer: Sendable {
        public var record: DecisionRecord
        public var actions: [ActionDefinition]
        public var language: TextLanguage
        /// The person's traits as decided on (a campaign list reads the address from them).
        public var traits: [String: JSONValue]
    }

    /// Decides for the person `reference` (`TYPE:VALUE` or a profile id) and logs the decision on their timeline.
    /// An unknown or erased person is `unknownProfile`, and nothing is stored. With `record` false the decision is
    /// only simulated (what the person would get now; nothing is logged, caps and budgets are not used up).
    public func decide(reference: String, channel: Channel, placement: String?, limit: Int, now: Date = Date(), record logged: Bool = true) async throws -> Answer {
        let readingStarted = DispatchTime.now().uptimeNanoseconds
        let snapshot = try await catalogue.current()
        let lookBack = max(7, policy.dismissalCooldownDays) * 86_400
        guard let reading = try await repository.decisionReading(reference: reference, historyEvents: snapshot.needs.historyEvents,
                                                                   offersSince: now.addingTimeInterval(-lookBack), now: now) else {
            throw DecisionDeskError.unknownProfile
        }
        let rankingStarted = DispatchTime.now().uptimeNanoseconds
        stepTimings.record(.reading, nanoseconds: rankingStarted - readingStarted)
        let (profile, facts, history) = (reading.profileID, reading.facts, reading.offers)
        let candidates = snapshot.activeActions
        let document = facts.document(now: now)
        let memberOf = Set(snapshot.segmentDefinitions.filter { $0.matches(facts, document: document, now: now) }.map(\.id))
        var random = SeededRandom(seed: Self.seed(profile: profile, channel: channel, placement: placement, history: history))
        let model = try await currentModel()
        let budgeted = snapshot.hasBudgets
        let request = ArbitrationRequest(
            facts: facts, candidates: candidates, memberOf: memberOf, history: history, consent: ConsentFlags(traits: facts.traits),
            channel: channel, placement: placement, timeZone: facts.traits["timezone"]?.stringValue,
            budgetUsed: budgeted ? try await currentBudgets() : [:], limit: limit)
        // Thompson draws for the actions that pass the rules only, in the catalogue's order: the same state draws the same.
        let result = Arbitration.decide(request, policy: policy, now: now) { action in
            model.sample(action: action.id, segment: PropensityModel.learningSegment(for: action, memberOf: memberOf), using: &random)
        }.summarized()
        var learning = [ActionID: SegmentID]()
        for id in result.actions.map(\.id) + result.controlGroup {
            if let action = snapshot.activeByID[id], let segment = PropensityModel.learningSegment(for: action, memberOf: memberOf) {
                learning[id] = segment
            }
        }
        let record = DecisionRecord(id: TimeOrderedID.make(at: now), profileID: profile, at: now, channel: channel, placement: placement,
                                    result: result, learningSegments: learning)
        let loggingStarted = DispatchTime.now().uptimeNanoseconds
        stepTimings.record(.ranking, nanoseconds: loggingStarted - rankingStarted)
        if logged {
            try await repository.saveDecision(record)
            stepTimings.record(.logging, nanoseconds: DispatchTime.now().uptimeNanoseconds - loggingStarted)
            // Counted here at once (the next read from storage, within a second, brings other nodes' shows).
            if budgeted {
                budgets.update { used in
                    for ranked in result.actions where snapshot.activeByID[ranked.id]?.caps.totalBudget != nil {
                        used[ranked.id, default: 0] += 1
                    }
                }
            }
        }
        let shown = result.actions.compactMap { snapshot.activeByID[$0.id] }
        let language = facts.traits["language"]?.stringValue.flatMap { TextLanguage(rawValue: String($0.lowercased().prefix(2))) }
            ?? facts.traits["locale"]?.stringValue.flatMap { TextLanguage(rawValue: String($0.lowercased().prefix(2))) } ?? .pl
        return Answer(record: record, actions: shown, language: language, traits: facts.traits)
    }

    /// The same person, channel, placement and offer history give the same draws on every node.
    static func seed(profile: ProfileID, channel: Channel, placement: String?, history: [OfferContact]) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        let latest = history.map(\.at).max().map { String(Timestamps.millis($0)) } ?? "-"
        for byte in "\(profile.rawValue)|\(channel.rawValue)|\(placement ?? "")|\(history.count)|\(latest)".utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        return hash
    }

    /// The learnt beliefs (see ``model``).
    func currentModel() async throws -> PropensityModel {
        try await model.value { [repository] in
            let counts = try await repository.learnedCounts(settledBefore: Date().addingTimeInterval(-Self.settleAfter))
            let prior = BetaBelief.defaultPrior
            return PropensityModel(prior: prior, beliefs: counts.mapValues {
                BetaBelief(alpha: prior.alpha + Double($0.accepted), beta: prior.beta + Double($0.declined))
            })
        }
    }

    func currentBudgets() async throws -> [ActionID: Int] {
        try await budgets.value { [repository] in try await repository.budgetUsed() }
    }

    // MARK: Outcomes and the report

    /// Reads the log's new `Offer …` events into the decision log. One round at a time per process.
    @discardableResult
    public func catchUpOutcomes(batch: Int = 5_000) async throws -> Int {
        let started = runningOutcomes.withLock { running -> Bool in
            if running { return false }
            running = true
            return true
        }
        guard started else { return 0 }
        defer { runningOutcomes.withLock { $0 = false } }
        var stored = 0
        while let (events, upTo) = try await repository.pendingOfferEvents(limit: batch) {
            let outcomes = events.compactMap(Self.outcome)
            try await repository.addOfferOutcomes(outcomes, checkpoint: upTo)
            stored += outcomes.count
        }
        return stored
    }

    /// An outcome from its event: `decision_id` and `action_id` (or `decisionId` / `actionId`) name the show.
    static func outcome(_ event: LoggedEvent) -> OfferOutcome? {
        guard let kind = outcomeEvents[event.name] else { return nil }
        let decision = (event.properties["decision_id"] ?? event.properties["decisionId"])?.stringValue
        let action = (event.properties["action_id"] ?? event.properties["actionId"])?.stringValue
        guard let decision, let action, !decision.isEmpty, !action.isEmpty else { return nil }
        return OfferOutcome(decisionID: decision, actionID: ActionID(rawValue: action), kind: kind, profileID: event.profileID,
                            channel: event.channel, at: event.at)
    }

    /// Decisions, acceptance, uplift (goal event within `goalDays` of the first show or hold-out) and suppressions.
    public func report(from: Date, to: Date, goalDays: Double = 14) async throws -> DecisionReport {
        try await catchUpOutcomes()
        return try await repository.decisionReport(from: from, to: to, goalDays: goalDays)
    }

    public func start() {
        segments.start()
        background.start(every: .seconds(1), lease: repository as? any WorkLease) { [weak self] in try await self?.catchUpOutcomes() }
    }

    public func stop() {
        segments.stop()
        background.stop()
    }
}

/// Finding a person and counting people, which decisions share with profiles.
public protocol ProfileLookup: Sendable {
    func resolveProfileID(reference: String) async throws -> ProfileID?
    /// Profiles that are not merged away.
    func countLivingProfiles() async throws -> Int
}
