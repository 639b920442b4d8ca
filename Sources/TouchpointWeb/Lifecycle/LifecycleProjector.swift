import Foundation
import Logging
import TouchpointDomain
import TouchpointStorage

/// The asynchronous lifecycle projection: follows the log from a durable checkpoint, keeps each profile's
/// stage and transitions, and maintains the journey aggregate and bad-experience tally that analytics read.
/// Profiles whose events moved (merge, undo, erase) are rebuilt from their events.
public actor LifecycleProjector {
    private let store: SQLStore
    private let logger: Logger
    private var classifier = LifecycleClassifier()
    private var costTracker: ExperienceCostTracker
    private var loop: Task<Void, Never>?
    private var cachedAggregate: (checkpoint: Int64, aggregate: JourneyAggregate, costs: ExperienceCostTally)?
    private let batchSize: Int

    public init(store: SQLStore, batchSize: Int = 20_000, logger: Logger = Logger(label: "touchpoint.lifecycle")) {
        self.store = store
        self.batchSize = batchSize
        self.logger = logger
        self.costTracker = (try? ExperienceCostTracker()) ?? (try! ExperienceCostTracker(rules: .default))
    }

    /// Loads the rule set in force (stored, else the default).
    public func loadRules() async throws {
        let rules = try await store.lifecycleRules() ?? .default
        classifier = try LifecycleClassifier(rules: rules)
        costTracker = try ExperienceCostTracker(rules: rules)
        cachedAggregate = nil
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
            try await transaction.save(saves, delete: deletes)
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

    /// Follows the log in the background.
    public func start(every interval: Duration = .seconds(1)) {
        guard loop == nil else { return }
        loop = Task { [weak self] in
            while !Task.isCancelled {
                guard let self else { return }
                do {
                    try await self.catchUp()
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
