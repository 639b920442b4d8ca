import Foundation
import Logging
import TouchpointApp
import TouchpointDomain
import TouchpointStorage

/// The asynchronous lifecycle projection: follows the log from a durable checkpoint, keeps each profile's
/// stage and transitions, and maintains the journey aggregate and bad-experience tally that analytics read.
/// Profiles whose events moved (merge, undo, erase) are rebuilt from their events. Customers who stopped coming
/// back are found by a periodic sweep, which writes `Customer Lapsed` events that the projection then folds.
public actor LifecycleProjector {
    private let store: SQLStore
    private let logger: Logger
    private var classifier = LifecycleClassifier()
    private var costTracker: ExperienceCostTracker
    private var loop: Task<Void, Never>?
    private var cachedAggregate: (checkpoint: Int64, aggregate: JourneyAggregate, costs: ExperienceCostTally)?
    private let batchSize: Int
    /// How often the background loop looks for customers who stopped coming back. Inactivity is counted in days, so
    /// minutes of delay change nothing, and the look-up reads an index.
    private let lapseSweepInterval: Duration
    private var lastLapseSweep: ContinuousClock.Instant?
    private var lapseSource: SourceID?

    public init(store: SQLStore, batchSize: Int = 20_000, lapseSweepInterval: Duration = .seconds(600),
                logger: Logger = Logger(label: "touchpoint.lifecycle")) {
        self.store = store
        self.batchSize = batchSize
        self.lapseSweepInterval = lapseSweepInterval
        self.logger = logger
        self.costTracker = (try? ExperienceCostTracker()) ?? (try! ExperienceCostTracker(rules: .default))
    }

    /// Loads the rule set in force (stored, else the default). When the projection was built under other rules (a
    /// release changed the default ones), it is cleared so the log is replayed under these.
    public func loadRules() async throws {
        let rules = try await store.lifecycleRules() ?? .default
        classifier = try LifecycleClassifier(rules: rules)
        costTracker = try ExperienceCostTracker(rules: rules)
        cachedAggregate = nil
        if try await store.replayLifecycleIfRulesChanged(rules) {
            logger.notice("lifecycle projection built under other rules: replaying the log under the rules in force")
        }
    }

    /// Replaces the rules and replays the whole log under them.
    public func replaceRules(_ rules: StageRuleSet) async throws {
        try rules.validate()
        try await store.replaceLifecycleRules(rules)
        classifier = try LifecycleClassifier(rules: rules)
        costTracker = try ExperienceCostTracker(rules: rules)
        cachedAggregate = nil
    }

    public var rules: StageRuleSet { classifier.rules }

    /// Processes everything up to the end of the log. Returns how many events were folded.
    @discardableResult
    public func catchUp() async throws -> Int {
        var total = 0
        while true {
            let processed = try await runOnce()
            if processed < 0 { return total }
            total += processed
        }
    }

    /// The journey aggregate and the cost tally as of the last committed batch.
    public func analytics() async throws -> (aggregate: JourneyAggregate, costs: ExperienceCostTally, lag: Int64) {
        let documents = try await store.journeyDocuments()
        if let cached = cachedAggregate, cached.checkpoint == documents.checkpoint {
            return (cached.aggregate, cached.costs, documents.lastSequence - documents.checkpoint)
        }
        let decoder = JSONDecoder()
        let aggregate = try documents.aggregate.map { try decoder.decode(JourneyAggregate.self, from: Data($0.utf8)) } ?? JourneyAggregate()
        let costs = try documents.costs.map { try decoder.decode(ExperienceCostTally.self, from: Data($0.utf8)) } ?? ExperienceCostTally()
        cachedAggregate = (documents.checkpoint, aggregate, costs)
        return (aggregate, costs, documents.lastSequence - documents.checkpoint)
    }

    /// One batch in one transaction; -1 when there was nothing to do.
    private func runOnce() async throws -> Int {
        let classifier = self.classifier
        let costTracker = self.costTracker
        let result: (processed: Int, checkpoint: Int64, aggregate: JourneyAggregate, costs: ExperienceCostTally)? = try await store.withLifecycleWork(limit: batchSize) { work, transaction in
            guard !work.events.isEmpty || !work.dirty.isEmpty else { return nil }
            let decoder = JSONDecoder()
            let encoder = JSONEncoder()
            var aggregate = try await transaction.document("journey_aggregate").map { try decoder.decode(JourneyAggregate.self, from: Data($0.utf8)) } ?? JourneyAggregate()
            var costs = try await transaction.document("experience_costs").map { try decoder.decode(ExperienceCostTally.self, from: Data($0.utf8)) } ?? ExperienceCostTally()
            let upTo = work.events.last?.sequence ?? work.checkpoint

            var newEvents = [ProfileID: [LifecycleEvent]]()
            var order = [ProfileID]()
            for entry in work.events {
                if newEvents[entry.profileID] == nil { order.append(entry.profileID) }
                newEvents[entry.profileID, default: []].append(entry.event)
            }
            let dirty = Set(work.dirty)
            for id in work.dirty where newEvents[id] == nil { order.append(id) }
            let stored = try await transaction.states(order)
            let live = try await transaction.liveProfiles(order)

            var saves = [StoredLifecycle]()
            var deletes = [ProfileID]()
            for id in order {
                if let old = stored[id] {
                    if let journey = ProfileJourney(profileID: id, state: old.state, valueTier: old.valueTier) { aggregate.remove(journey) }
                    costs.merge(ExperienceCostTally(old.cost), sign: -1)
                }
                guard let info = live[id] else {
                    if stored[id] != nil { deletes.append(id) }
                    continue
                }
                var state: LifecycleState
                var cost: ExperienceCostState
                let incoming = newEvents[id] ?? []
                if let old = stored[id], !dirty.contains(id), incoming.allSatisfy({ old.state.isInOrder($0) }) {
                    state = old.state
                    cost = old.cost
                    for event in incoming.sorted(by: { $0.timestamp < $1.timestamp }) {
                        _ = classifier.apply(event, to: &state)
                        costTracker.apply(event, to: &cost)
                    }
                } else if stored[id] == nil && !dirty.contains(id) {
                    let ordered = incoming.sorted { $0.timestamp < $1.timestamp }
                    state = classifier.replay(ordered)
                    cost = costTracker.replay(ordered)
                } else {
                    let history = try await transaction.events(of: id, upTo: upTo)
                    state = classifier.replay(history)
                    cost = costTracker.replay(history)
                }
                let record = StoredLifecycle(profileID: id, state: state, cost: cost, valueTier: info.tier)
                if let journey = ProfileJourney(profileID: id, state: state, valueTier: info.tier, firstSeen: Timestamps.date(millis: info.firstSeen)) {
                    aggregate.add(journey)
                }
                costs.merge(ExperienceCostTally(cost))
                saves.append(record)
            }
            try await transaction.save(saves, delete: deletes, lapse: classifier.rules.lapse)
            try await transaction.clearDirty(work.dirty)
            try await transaction.saveDocument("journey_aggregate", String(decoding: try encoder.encode(aggregate), as: UTF8.self))
            try await transaction.saveDocument("experience_costs", String(decoding: try encoder.encode(costs), as: UTF8.self))
            try await transaction.saveCheckpoint(upTo)
            return (work.events.count + work.dirty.count, upTo, aggregate, costs)
        }
        guard let result else { return -1 }
        cachedAggregate = (result.checkpoint, result.aggregate, result.costs)
        return result.processed
    }

    /// Writes a `Customer Lapsed` event for each engaged or loyal customer who, at `now`, has stopped coming back:
    /// no purchase for longer than the rule set's inactivity period, or a P(alive) below its minimum from a value model
    /// fitted after their last return. The next `catchUp` folds the events into stages (`LapseRule`); being events, the
    /// lapses survive every replay. Returns how many events were written (at most `limit` of each kind a call).
    ///
    /// Skipped while the projection lags behind the log: states not yet up to date would lapse customers whose latest
    /// orders are still unread. (The classifier would refuse such a lapse when folding it, but the timeline would show it.)
    @discardableResult
    public func sweepLapses(now: Date = Date(), limit: Int = 1_000) async throws -> Int {
        guard let lapse = classifier.rules.lapse else { return 0 }
        guard try await store.lifecycleLag() <= Int64(batchSize) else { return 0 }
        var fittedAt: Date?
        if lapse.minimumPAlive != nil { fittedAt = try await store.latestValueModel()?.fittedAt }
        let candidates = try await store.lapseCandidates(
            inactiveBefore: lapse.inactivityDays.map { now.addingTimeInterval(-$0 * 86_400) },
            pAliveBelow: lapse.minimumPAlive, modelFittedAt: fittedAt, limit: limit)
        var events = [LapseEvent]()
        for candidate in candidates {
            var estimate: AliveEstimate?
            if let pAlive = candidate.pAlive, let fittedAt { estimate = AliveEstimate(pAlive: pAlive, fittedAt: fittedAt) }
            guard let decision = lapse.decide(candidate.state, at: now, estimate: estimate) else { continue }
            // The same state and decision give the same id, so a sweep repeated before the projector caught up adds nothing.
            let clock = Timestamps.millis(decision.lastActive)
            let messageID = "lapse-\(candidate.profileID.rawValue)-\(candidate.state.eventCount)-\(clock)-\(decision.ruleId)"
            events.append(LapseEvent(profileID: candidate.profileID, messageID: messageID, decision: decision))
        }
        guard !events.isEmpty else { return 0 }
        let source = try await lapseSourceID()
        try await store.appendLapseEvents(events, source: source)
        logger.info("customers lapsed", metadata: ["count": "\(events.count)"])
        return events.count
    }

    /// The internal source lapse events are written under, created on first use.
    private func lapseSourceID() async throws -> SourceID {
        if let lapseSource { return lapseSource }
        let id = try await store.internalSource(named: SQLStore.lifecycleSourceName).id
        lapseSource = id
        return id
    }

    /// The background loop's sweep, at most once per `lapseSweepInterval`.
    private func sweepLapsesIfDue() async throws {
        let clock = ContinuousClock()
        if let last = lastLapseSweep, clock.now - last < lapseSweepInterval { return }
        lastLapseSweep = clock.now
        try await sweepLapses()
    }

    /// Follows the log in the background, and now and then sweeps for customers who stopped coming back.
    public func start(every interval: Duration = .seconds(1)) {
        guard loop == nil else { return }
        var keeper = LeaseKeeper(name: "the lifecycle projection", duration: max(interval * 3, .seconds(30)))
        loop = Task { [weak self] in
            while !Task.isCancelled {
                guard let self else { return }
                do {
                    // Of several nodes on one database, the one holding the lease follows the log.
                    if try await keeper.holds(self.store) {
                        try await self.catchUp()
                        try await self.sweepLapsesIfDue()
                    }
                } catch {
                    await self.log(error)
                }
                try? await Task.sleep(for: interval)
            }
        }
    }

    public func stop() {
        loop?.cancel()
        loop = nil
    }

    private func log(_ error: any Error) {
        logger.warning("lifecycle projection failed", metadata: ["error": "\(error)"])
    }
}
