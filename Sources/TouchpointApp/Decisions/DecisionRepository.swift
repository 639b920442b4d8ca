import Foundation
import Tagged
import TouchpointDomain

/// A segment as stored, with when it was written.
public struct StoredSegment: Sendable, Equatable {
    public var definition: SegmentDefinition
    public var createdAt: Date
    public var updatedAt: Date
    public init(definition: SegmentDefinition, createdAt: Date, updatedAt: Date) {
        self.definition = definition; self.createdAt = createdAt; self.updatedAt = updatedAt
    }
}

/// An action of the catalogue as stored; a retired action is kept so old decisions still name it.
public struct StoredAction: Sendable, Equatable {
    public var definition: ActionDefinition
    public var active: Bool
    public var createdAt: Date
    public var updatedAt: Date
    public init(definition: ActionDefinition, active: Bool, createdAt: Date, updatedAt: Date) {
        self.definition = definition; self.active = active; self.createdAt = createdAt; self.updatedAt = updatedAt
    }
}

/// One member of a segment and since when.
public struct SegmentMember: Sendable, Equatable {
    public var profileID: ProfileID
    public var since: Date
    public init(profileID: ProfileID, since: Date) { self.profileID = profileID; self.since = since }
}

/// A person's membership of one segment as the projection keeps it: in or out, since when, and how many entries and
/// exits there were (which numbers each one's timeline event, so a replayed batch records nothing twice).
public struct MembershipState: Sendable, Equatable {
    public var member: Bool
    public var since: Date
    public var transitions: Int64
    public init(member: Bool, since: Date, transitions: Int64) { self.member = member; self.since = since; self.transitions = transitions }
}

/// A person entering or leaving a segment.
public struct SegmentTransition: Sendable, Equatable {
    public var segment: SegmentID
    public var segmentName: String
    public var profileID: ProfileID
    public var entered: Bool
    public var at: Date
    /// The number of this transition for the (segment, person) pair, from 1.
    public var number: Int64
    public init(segment: SegmentID, segmentName: String, profileID: ProfileID, entered: Bool, at: Date, number: Int64) {
        self.segment = segment; self.segmentName = segmentName; self.profileID = profileID
        self.entered = entered; self.at = at; self.number = number
    }
}

/// What one round of the segment projection stores, in one transaction: transitions (each a timeline entry),
/// the next expiry check of each evaluated person (`Date.distantFuture`: none, but evaluated), memberships of people
/// who no longer exist removed, and the checkpoint reached.
public struct SegmentRound: Sendable {
    public var transitions: [SegmentTransition]
    public var checks: [ProfileID: Date]
    public var gone: [ProfileID]
    public var checkpoint: Int64?
    public init(transitions: [SegmentTransition] = [], checks: [ProfileID: Date] = [:], gone: [ProfileID] = [], checkpoint: Int64? = nil) {
        self.transitions = transitions; self.checks = checks; self.gone = gone; self.checkpoint = checkpoint
    }
}

/// One logged decision: the answer as given and the learning segment of each action it returned or held out.
public struct DecisionRecord: Sendable, Equatable {
    public var id: String
    public var profileID: ProfileID
    public var at: Date
    public var channel: Channel
    public var placement: String?
    public var result: ArbitrationResult
    public var learningSegments: [ActionID: SegmentID]
    public init(id: String, profileID: ProfileID, at: Date, channel: Channel, placement: String?, result: ArbitrationResult,
                learningSegments: [ActionID: SegmentID] = [:]) {
        self.id = id; self.profileID = profileID; self.at = at; self.channel = channel; self.placement = placement
        self.result = result; self.learningSegments = learningSegments
    }
}

/// A person as a decision reads them: who they are, their facts and their offer history.
public struct DecisionReading: Sendable {
    public var profileID: ProfileID
    public var facts: ProfileFacts
    public var offers: [OfferContact]
    public init(profileID: ProfileID, facts: ProfileFacts, offers: [OfferContact]) {
        self.profileID = profileID; self.facts = facts; self.offers = offers
    }
}

/// An outcome event (`Offer Viewed / Accepted / Dismissed`) of an action a decision returned.
public struct OfferOutcome: Sendable, Equatable {
    public var decisionID: String
    public var actionID: ActionID
    public var kind: OfferContact.Kind
    public var profileID: ProfileID
    public var channel: Channel
    public var at: Date
    public init(decisionID: String, actionID: ActionID, kind: OfferContact.Kind, profileID: ProfileID, channel: Channel, at: Date) {
        self.decisionID = decisionID; self.actionID = actionID; self.kind = kind; self.profileID = profileID; self.channel = channel; self.at = at
    }
}

/// Acceptances and refusals learnt for one (action, segment).
public struct LearnedCounts: Sendable, Equatable {
    public var accepted: Int
    public var declined: Int
    public init(accepted: Int, declined: Int) { self.accepted = accepted; self.declined = declined }
}

/// The report's figures for one action over a period.
public struct ActionReportRow: Sendable, Equatable {
    public var actionID: ActionID
    public var name: String
    public var kind: ActionKind
    public var shown: Int
    public var viewed: Int
    public var accepted: Int
    public var dismissed: Int
    /// People shown the action and people held out of it, and how many of each did its goal event afterwards.
    public var treated: UpliftGroup
    public var control: UpliftGroup
    public var uplift: UpliftEstimate?
    public init(actionID: ActionID, name: String, kind: ActionKind, shown: Int, viewed: Int, accepted: Int, dismissed: Int,
                treated: UpliftGroup, control: UpliftGroup, uplift: UpliftEstimate?) {
        self.actionID = actionID; self.name = name; self.kind = kind; self.shown = shown; self.viewed = viewed
        self.accepted = accepted; self.dismissed = dismissed; self.treated = treated; self.control = control; self.uplift = uplift
    }
    public var acceptanceRate: Double? { shown > 0 ? Double(accepted) / Double(shown) : nil }
}

/// Decisions, acceptance, uplift and suppressed offers by reason over a period.
public struct DecisionReport: Sendable, Equatable {
    public var from: Date
    public var to: Date
    public var decisions: Int
    public var people: Int
    public var serviceFirst: Int
    public var actions: [ActionReportRow]
    /// How many times each contact rule held an action back (suppressed offers).
    public var removals: [String: Int]
    /// How many times an action did not apply (another channel, outside its dates, not eligible), by reason.
    public var notApplicable: [String: Int]
    public init(from: Date, to: Date, decisions: Int, people: Int, serviceFirst: Int, actions: [ActionReportRow], removals: [String: Int],
                notApplicable: [String: Int] = [:]) {
        self.from = from; self.to = to; self.decisions = decisions; self.people = people; self.serviceFirst = serviceFirst
        self.actions = actions; self.removals = removals; self.notApplicable = notApplicable
    }
}

/// What decisions need from storage: the catalogue, the segment projection's inputs and outputs, the person's facts
/// and offer history, and the decision log.
public protocol DecisionRepository: Sendable {
    // Segments
    /// Saves a segment; returns whether it was new.
    func saveSegment(_ definition: SegmentDefinition, now: Date) async throws -> Bool
    func segments() async throws -> [StoredSegment]
    /// Changes whenever a segment or an action is saved or removed (the catalogue is read again only then).
    func catalogueVersion() async throws -> String
    /// Removes a segment and its memberships; returns whether it existed.
    func deleteSegment(_ id: SegmentID) async throws -> Bool
    /// Members ordered by profile id, after `cursor` (exclusive).
    func segmentMembers(_ id: SegmentID, limit: Int, after cursor: ProfileID?) async throws -> [SegmentMember]
    func memberCounts() async throws -> [SegmentID: Int]
    /// The segments the person is in now.
    func segments(of profile: ProfileID) async throws -> [SegmentID]
    /// Every profile that is not merged away, after `cursor`, for a full evaluation (a new or changed segment).
    func livingProfiles(after cursor: ProfileID?, limit: Int) async throws -> [ProfileID]

    // The segment projection
    /// What each person's new events after `position` (the projection's stored checkpoint when nil) can have changed
    /// (events named in `ignoring` skipped), and the log position reached; nil when nothing is new.
    func newSegmentInputs(after position: Int64?, ignoring: Set<String>, limit: Int) async throws -> (changes: [ProfileID: FactChanges], upTo: Int64)?
    /// People whose next expiry check is due.
    func dueSegmentChecks(now: Date, limit: Int) async throws -> [ProfileID]
    /// The next check of each person evaluated before (`Date.distantFuture` when none is due); people never evaluated are missing.
    func segmentChecks(of profiles: [ProfileID]) async throws -> [ProfileID: Date]
    /// The facts of each person that exists and is not merged away; the history holds only events named in
    /// `historyEvents` (every name when nil) from the last `ProfileFacts.historyDays` days.
    func facts(of profiles: [ProfileID], historyEvents: Set<String>?, now: Date) async throws -> [ProfileID: ProfileFacts]
    func memberships(of profiles: [ProfileID]) async throws -> [ProfileID: [SegmentID: MembershipState]]
    /// Stores a round in one transaction: memberships, their entries and exits for the timeline (under the source
    /// `timeline`), expiry checks, checkpoint.
    func applySegmentRound(_ round: SegmentRound, timeline: SourceID) async throws

    // The catalogue
    /// Saves an action; returns whether it was new.
    func saveAction(_ definition: ActionDefinition, active: Bool, now: Date) async throws -> Bool
    func actions() async throws -> [StoredAction]

    // Decisions
    /// What a decision reads about the person `reference` (`TYPE:VALUE` or a profile id), as of one moment: nil when
    /// there is no such person, or they are merged away or erased.
    func decisionReading(reference: String, historyEvents: Set<String>?, offersSince: Date, now: Date) async throws -> DecisionReading?
    /// The person's shows and outcomes since `since`.
    func offerHistory(of profile: ProfileID, since: Date) async throws -> [OfferContact]
    /// How many times each action has been shown, to anyone.
    func budgetUsed() async throws -> [ActionID: Int]
    /// Settled outcomes per (action, learning segment): an acceptance is a success; a dismissal, or a view not
    /// accepted within `settleAfter`, a failure.
    func learnedCounts(settledBefore: Date) async throws -> [PropensityKey: LearnedCounts]
    /// Logs the decision with its shows and hold-outs, in one transaction. (The timeline shows it as `Decision Made`,
    /// read from the decision log itself.)
    func saveDecision(_ record: DecisionRecord) async throws
    func decisions(of profile: ProfileID, limit: Int) async throws -> [DecisionRecord]
    func decision(_ id: String) async throws -> DecisionRecord?
    /// Outcome events after the outcome projection's checkpoint.
    func pendingOfferEvents(limit: Int) async throws -> (events: [LoggedEvent], upTo: Int64)?
    /// Stores outcomes (a repeat is ignored) and the checkpoint, in one transaction.
    func addOfferOutcomes(_ outcomes: [OfferOutcome], checkpoint: Int64) async throws
    func decisionReport(from: Date, to: Date, goalDays: Double) async throws -> DecisionReport
    /// The internal source the area's timeline events are recorded under (created when missing).
    func internalSource(named name: String) async throws -> SourceRecord
}
