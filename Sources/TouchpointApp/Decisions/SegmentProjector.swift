import Foundation
import Logging
import Synchronization
import Tagged
import TouchpointDomain

/// Keeps segment membership up to date from the log: each round reads the people with new events since its
/// checkpoint, and the people whose membership changes with time (an expiry scheduled when they were last evaluated),
/// evaluates every segment for them, and stores who entered and left — each one an entry on the person's timeline —
/// with the checkpoint, in one transaction. There are no nightly rescans; a new or changed segment is evaluated once
/// for everyone (``rebuild(_:)``).
public final class SegmentProjector: Sendable {
    /// The events the projection wrote into the log before its entries and exits became rows of their own (storage's
    /// migration 051), still in older logs: reading them back would only re-evaluate the same people to the same answer.
    public static let ownEvents: Set<String> = ["Segment Entered", "Segment Exited"]

    let repository: any DecisionRepository
    let catalogue: DecisionCatalogue
    private let running = Mutex(false)
    /// Segments to evaluate for everyone on the next round (new, changed, or reading facts recomputed for everyone).
    private let rebuildRequested = Mutex(Set<SegmentID>())
    private let timings = Mutex(Timings())
    private let background = RepeatingWork(name: "the segment projection", logger: Logger(label: "touchpoint.segments"))

    /// How long after a person's event the stage and value scores they may have changed are read again (the lifecycle
    /// projection follows the log every second or so).
    public static let derivedFactsDelay: TimeInterval = 10

    public init(repository: any DecisionRepository, catalogue: DecisionCatalogue) {
        self.repository = repository
        self.catalogue = catalogue
    }

    /// Reads the log's new events and the due expiry checks into memberships; returns how many people entered or left.
    /// One round at a time per process.
    @discardableResult
    public func catchUp(now: @Sendable () -> Date = { Date() }, batch: Int = 5_000) async throws -> Int {
        let started = running.withLock { running -> Bool in
            if running { return false }
            running = true
            return true
        }
        guard started else { return 0 }
        defer { running.withLock { $0 = false } }
        var changed = 0
        let rebuilding = rebuildRequested.withLock { requested in defer { requested.removeAll() }; return requested }
        if !rebuilding.isEmpty {
            changed += try await evaluateEveryone(only: rebuilding, now: now)
        }
        changed += try await followLog(now: now, batch: batch)
        while true {
            let moment = now()
            let due = try await repository.dueSegmentChecks(now: moment, limit: batch)
            if due.isEmpty { break }
            changed += try await evaluate(due, now: moment, checkpoint: nil)
        }
        return changed
    }

    /// Asks the next round to evaluate every person (after a segment was created or changed).
    public func rebuild(_ segments: [SegmentID]) { rebuildRequested.withLock { $0.formUnion(segments) } }

    /// After value scores or stages were recomputed for everyone: evaluates everyone again if a segment reads them.
    public func derivedFactsChanged() async {
        guard let snapshot = try? await catalogue.current() else { return }
        rebuild(snapshot.segmentDefinitions.filter(\.readsDerivedFacts).map(\.id))
    }

    /// Evaluates everyone for these segments only; their other memberships and checks stay as they are.
    private func evaluateEveryone(only: Set<SegmentID>, now: @Sendable () -> Date) async throws -> Int {
        var cursor: ProfileID?
        var changed = 0
        while true {
            let page = try await repository.livingProfiles(after: cursor, limit: 2_000)
            guard let last = page.last else { return changed }
            changed += try await evaluate(page, now: now(), checkpoint: nil, only: only)
            cursor = last
        }
    }

    /// Rounds of the log's new events, each stored while the next one is read and evaluated: storing waits for the
    /// database's writer, which collection uses too, and reading and evaluating is the other half of a round's time.
    /// The round in flight is one at a time; the next one sees its memberships and checks as if stored already, and
    /// reads the log from the position it reached. A failed store ends the catch-up before anything later is stored,
    /// so the next one starts again from the stored checkpoint.
    private func followLog(now: @Sendable () -> Date, batch: Int) async throws -> Int {
        var changed = 0
        var storing: Task<Void, any Error>?
        var inFlight = SegmentRound()
        var position: Int64?
        do {
            while let (changes, upTo) = try await repository.newSegmentInputs(after: position, ignoring: Self.ownEvents, limit: batch) {
                let round = try await decide(Array(changes.keys), now: now(), checkpoint: upTo, recheckDerived: true, changes: changes, inFlight: inFlight)
                try await storing?.value
                let timeline = try await catalogue.timelineSource()
                storing = Task { try await self.store(round, timeline: timeline) }
                changed += round.transitions.count
                inFlight = round
                position = upTo
            }
            try await storing?.value
        } catch {
            _ = try? await storing?.value
            throw error
        }
        return changed
    }

    /// Evaluates every segment for these people and stores the round.
    /// With `changes`, a person evaluated before is evaluated only for the segments their new events can move
    /// (incremental); everyone else, for every segment.
    func evaluate(_ profiles: [ProfileID], now: Date, checkpoint: Int64?, recheckDerived: Bool = false,
                  changes: [ProfileID: FactChanges]? = nil, only: Set<SegmentID>? = nil) async throws -> Int {
        let round = try await decide(profiles, now: now, checkpoint: checkpoint, recheckDerived: recheckDerived, changes: changes, only: only)
        try await store(round, timeline: try await catalogue.timelineSource())
        return round.transitions.count
    }

    /// Stores a round, counting its time.
    private func store(_ round: SegmentRound, timeline: SourceID) async throws {
        let started = DispatchTime.now().uptimeNanoseconds
        try await repository.applySegmentRound(round, timeline: timeline)
        let stored = DispatchTime.now().uptimeNanoseconds
        timings.withLock { timings in
            timings.rounds += 1
            timings.transitions += round.transitions.count
            timings.storeSeconds += Double(stored - started) / 1e9
        }
    }

    /// What a round of these people stores: their facts and memberships read, every segment evaluated (see
    /// ``evaluate(_:now:checkpoint:recheckDerived:changes:only:)``). `inFlight` is a round being stored meanwhile, whose
    /// memberships and checks count as stored.
    func decide(_ profiles: [ProfileID], now: Date, checkpoint: Int64?, recheckDerived: Bool = false,
                changes: [ProfileID: FactChanges]? = nil, only: Set<SegmentID>? = nil, inFlight: SegmentRound = SegmentRound()) async throws -> SegmentRound {
        let snapshot = try await catalogue.current()
        let segments = only.map { only in snapshot.segmentDefinitions.filter { only.contains($0.id) } } ?? snapshot.segmentDefinitions
        guard !segments.isEmpty, !profiles.isEmpty else { return SegmentRound(checkpoint: checkpoint) }
        let unique = Array(Set(profiles))
        let started = DispatchTime.now().uptimeNanoseconds
        let recheckAfter = recheckDerived && segments.contains(where: \.readsDerivedFacts) ? Self.derivedFactsDelay : nil
        // Reading and deciding in two halves at once: the reads wait on the database's threads and the deciding is
        // pure CPU, so a round uses both cores; one transaction stores the whole round with its checkpoint.
        let repository = self.repository
        let needs = snapshot.needs
        let half = (unique.count + 1) / 2
        let parts = unique.count < 200 ? [unique[...]] : [unique[..<half], unique[half...]]
        let rounds = try await withThrowingTaskGroup(of: SegmentRound.self) { group in
            for part in parts {
                let people = Array(part)
                group.addTask {
                    // Three independent reads at once (on PostgreSQL each takes a connection of its own).
                    async let readFacts = repository.facts(of: people, historyEvents: needs.historyEvents, now: now)
                    async let readMemberships = repository.memberships(of: people)
                    async let readChecks = changes == nil && only == nil ? [:] : repository.segmentChecks(of: people)
                    var (facts, memberships, previousChecks) = try await (readFacts, readMemberships, readChecks)
                    inFlight.counts(asStored: people, memberships: &memberships, checks: &previousChecks)
                    return Self.round(people: people, facts: facts, memberships: memberships, segments: segments, now: now, checkpoint: nil,
                                      recheckAfter: recheckAfter, changes: changes ?? [:], previousChecks: previousChecks, keepsOtherSegments: only != nil)
                }
            }
            var merged = SegmentRound(checkpoint: checkpoint)
            for try await part in group {
                merged.transitions += part.transitions
                merged.checks.merge(part.checks) { first, _ in first }
                merged.gone += part.gone
            }
            return merged
        }
        let decided = DispatchTime.now().uptimeNanoseconds
        timings.withLock { timings in
            timings.people += unique.count
            timings.readAndEvaluateSeconds += Double(decided - started) / 1e9
        }
        return rounds
    }

    /// Where the projection's time went since the process started: reading facts and evaluating (together, in two
    /// halves at once), storing (which overlaps the next round's reading while the log is followed).
    public struct Timings: Sendable {
        public var people = 0
        public var rounds = 0
        public var transitions = 0
        public var readAndEvaluateSeconds = 0.0
        public var storeSeconds = 0.0
    }

    public var timingsSoFar: Timings { timings.withLock { $0 } }

    /// What a round stores, decided from the people's facts and current memberships. A person with no facts (erased,
    /// merged away) leaves every segment silently: their memberships are removed, not exited on a timeline that is gone.
    static func round(people: [ProfileID], facts: [ProfileID: ProfileFacts], memberships: [ProfileID: [SegmentID: MembershipState]],
                      segments: [SegmentDefinition], now: Date, checkpoint: Int64?, recheckAfter: TimeInterval? = nil,
                      changes: [ProfileID: FactChanges] = [:], previousChecks: [ProfileID: Date] = [:], keepsOtherSegments: Bool = false) -> SegmentRound {
        var round = SegmentRound(checkpoint: checkpoint)
        for person in people {
            guard let personFacts = facts[person] else {
                round.gone.append(person)
                continue
            }
            let current = memberships[person] ?? [:]
            let document = personFacts.document(now: now)
            // A person evaluated before keeps the segments their new events cannot move, and the check already due
            // for those; a person never evaluated (no check stored) is evaluated for every segment.
            let previousCheck = previousChecks[person]
            let partial = previousCheck == nil ? nil : changes[person]
            // Evaluating some segments only (a partial or a one-segment rebuild) keeps the check due for the others.
            var nextCheck: Date? = partial == nil && !keepsOtherSegments ? nil : previousCheck
            for segment in segments {
                if let partial, !segment.isAffected(by: partial) { continue }
                let member = segment.matches(personFacts, document: document, now: now)
                let before = current[segment.id]
                if member != (before?.member ?? false) {
                    round.transitions.append(SegmentTransition(segment: segment.id, segmentName: segment.name, profileID: person,
                                                               entered: member, at: now, number: (before?.transitions ?? 0) + 1))
                }
                if let expiry = segment.nextExpiry(personFacts, now: now, currentlyMatches: member) { nextCheck = min(nextCheck ?? expiry, expiry) }
            }
            if let recheckAfter {
                let again = now.addingTimeInterval(recheckAfter)
                nextCheck = min(nextCheck ?? again, again)
            }
            // Written only when it moved: most rounds leave a person's next check where it was.
            let check = nextCheck ?? .distantFuture
            if check != previousCheck { round.checks[person] = check }
        }
        return round
    }

    public func start(every interval: Duration = .milliseconds(250)) {
        background.start(every: interval, lease: repository as? any WorkLease) { [weak self] in try await self?.catchUp() }
    }

    public func stop() { background.stop() }
}

extension SegmentRound {
    /// Puts this round's outcome for `people` over what was read from the database, as if the round were stored:
    /// their entries and exits, their next checks, and nothing for people found gone.
    func counts(asStored people: [ProfileID], memberships: inout [ProfileID: [SegmentID: MembershipState]], checks: inout [ProfileID: Date]) {
        guard !transitions.isEmpty || !self.checks.isEmpty || !gone.isEmpty else { return }
        let wanted = Set(people)
        for transition in transitions where wanted.contains(transition.profileID) {
            memberships[transition.profileID, default: [:]][transition.segment] = MembershipState(
                member: transition.entered, since: transition.at, transitions: transition.number)
        }
        for (person, due) in self.checks where wanted.contains(person) { checks[person] = due }
        for person in gone where wanted.contains(person) {
            memberships[person] = nil
            checks[person] = nil
        }
    }
}
