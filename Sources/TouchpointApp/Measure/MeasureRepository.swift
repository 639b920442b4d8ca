import Foundation
import TouchpointDomain

/// Whose figures to read: a period, optionally one channel or the members of one segment.
public struct MeasureScope: Sendable, Equatable {
    public var from: Date
    public var to: Date
    public var channel: Channel?
    public var segment: SegmentID?

    public init(from: Date, to: Date, channel: Channel? = nil, segment: SegmentID? = nil) {
        self.from = from
        self.to = to
        self.channel = channel
        self.segment = segment
    }
}

/// The value model's totals at one moment.
public struct ValueTotals: Sendable, Equatable {
    public var customers: Int
    public var clvSum: Double
    public var aliveSum: Double

    public init(customers: Int, clvSum: Double, aliveSum: Double) {
        self.customers = customers
        self.clvSum = clvSum
        self.aliveSum = aliveSum
    }
}

/// Self-service counts for the pyramid's first level, defined as the self-service report defines them.
public struct SelfServiceCounts: Sendable, Equatable {
    public var answered = 0
    public var solved = 0
    public var searches = 0
    public var zeroResultSearches = 0
    public init(answered: Int = 0, solved: Int = 0, searches: Int = 0, zeroResultSearches: Int = 0) {
        self.answered = answered
        self.solved = solved
        self.searches = searches
        self.zeroResultSearches = zeroResultSearches
    }
}

/// An inbound call with the profile of its case.
public struct MeasuredCall: Sendable, Equatable {
    public var call: CallRecord
    public var profileID: String?
    public init(call: CallRecord, profileID: String?) { self.call = call; self.profileID = profileID }
}

/// What the measurement area needs from storage: its own aggregates, and counts read from the other areas'
/// projections (never a scan of the event log).
public protocol MeasureRepository: Sendable {
    /// Adds the log's new track events to the per-day name counts; returns how many events it read (0: caught up).
    func advanceEventNameDays(limit: Int) async throws -> Int
    /// Track events per name in the scope (day counts; the members' own events when a segment is given).
    func eventCounts(named names: [String], _ scope: MeasureScope) async throws -> [String: Int]
    func selfServiceCounts(_ scope: MeasureScope) async throws -> SelfServiceCounts
    /// Survey answers per type and score in the scope.
    func surveyHistogram(_ scope: MeasureScope) async throws -> [SurveyType: [Int: Int]]
    /// Survey answers per channel, type and score in the period.
    func surveyHistogramsByChannel(from: Date, to: Date) async throws -> [Channel: [SurveyType: [Int: Int]]]
    /// Offers shown (not held out as control) and accepted in the scope.
    func offerCounts(_ scope: MeasureScope) async throws -> (shown: Int, accepted: Int)
    /// People per lifecycle stage now (members only when a segment is given).
    func stageCounts(segment: SegmentID?) async throws -> [LifecycleStage: Int]
    /// The value model's totals now (members only when a segment is given).
    func valueTotals(segment: SegmentID?) async throws -> ValueTotals
    func saveValueDay(_ day: Int64, _ totals: ValueTotals) async throws
    /// The latest daily snapshot on or before `day`.
    func valueDay(atOrBefore day: Int64) async throws -> ValueTotals?
    /// Inbound calls started in the period.
    func inboundCalls(from: Date, to: Date) async throws -> [MeasuredCall]
    /// The ids and versions of the cases created in a period (merged duplicates left out), oldest first.
    func measuredCaseVersions(from: Date, to: Date) async throws -> [MeasuredCaseVersion]
    /// These cases, light (merged duplicates left out), in any order.
    func measuredCases(_ ids: [CaseID]) async throws -> [MeasuredCase]
    /// Profile ids of a segment's members.
    func memberIDs(of segment: SegmentID) async throws -> Set<String>
    /// The area's saved settings document, by name.
    func measureDocument(_ name: String) async throws -> String?
    func saveMeasureDocument(_ name: String, _ body: String, now: Date) async throws
}
