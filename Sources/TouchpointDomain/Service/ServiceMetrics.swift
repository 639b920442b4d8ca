import Foundation
import Tagged

/// The facts about one case that service metrics are computed from; the storage layer derives them from the case,
/// its messages and its status history.
public struct ServiceCaseFacts: Sendable, Equatable {
    public var caseID: CaseID
    /// The customer's profile, for the re-contact check; nil when the customer is unknown.
    public var profileID: String?
    public var agentID: AgentID?
    public var teamID: TeamID?
    public var channel: Channel
    public var createdAt: Date
    public var firstResponseAt: Date?
    /// The first resolution; a reopened and re-resolved case keeps its first.
    public var resolvedAt: Date?
    public var reopenCount: Int
    /// The customer's satisfaction answer, 1...5; other values are ignored.
    public var csatScore: Int?
    /// Agent working time: talk and wrap-up for calls, measured handling time for other channels.
    public var handleSeconds: Double
    /// Outbound replies to the customer (notes excluded).
    public var agentReplies: Int
    public var firstResponseBusinessSeconds: Double?
    public var resolutionBusinessSeconds: Double?

    public init(
        caseID: CaseID, profileID: String? = nil, agentID: AgentID? = nil, teamID: TeamID? = nil, channel: Channel,
        createdAt: Date, firstResponseAt: Date? = nil, resolvedAt: Date? = nil, reopenCount: Int = 0,
        csatScore: Int? = nil, handleSeconds: Double = 0, agentReplies: Int = 0,
        firstResponseBusinessSeconds: Double? = nil, resolutionBusinessSeconds: Double? = nil
    ) {
        self.caseID = caseID
        self.profileID = profileID
        self.agentID = agentID
        self.teamID = teamID
        self.channel = channel
        self.createdAt = createdAt
        self.firstResponseAt = firstResponseAt
        self.resolvedAt = resolvedAt
        self.reopenCount = reopenCount
        self.csatScore = csatScore
        self.handleSeconds = handleSeconds
        self.agentReplies = agentReplies
        self.firstResponseBusinessSeconds = firstResponseBusinessSeconds
        self.resolutionBusinessSeconds = resolutionBusinessSeconds
    }
}

/// Service-desk figures for a set of cases. Every rate and average is nil when nothing feeds it (no resolved case,
/// no CSAT answer, …), so that "no data" is never shown as 0 %.
public struct ServiceMetricSummary: Sendable, Equatable, Codable {
    /// Cases in the set.
    public var cases: Int
    /// Cases resolved at least once.
    public var resolved: Int
    /// CSAT answers (scores 1–5).
    public var csatResponses: Int
    /// Mean CSAT score.
    public var csatAverage: Double?
    /// Share of CSAT answers that are 4 or 5.
    public var csatSatisfiedShare: Double?
    /// Share of resolved cases resolved at first contact (see `ServiceMetricsCalculator`).
    public var firstContactResolutionRate: Double?
    /// Mean handle seconds of resolved cases with measured handle time.
    public var averageHandleSeconds: Double?
    /// Share of resolved cases reopened at least once.
    public var reopenRate: Double?
    public var firstResponseMedianSeconds: Double?
    public var firstResponseMedianBusinessSeconds: Double?
    public var resolutionMedianSeconds: Double?
    public var resolutionMedianBusinessSeconds: Double?
    public var firstResponseMeanSeconds: Double?
    public var resolutionMeanSeconds: Double?

    public init(
        cases: Int = 0, resolved: Int = 0, csatResponses: Int = 0, csatAverage: Double? = nil,
        csatSatisfiedShare: Double? = nil, firstContactResolutionRate: Double? = nil,
        averageHandleSeconds: Double? = nil, reopenRate: Double? = nil, firstResponseMedianSeconds: Double? = nil,
        firstResponseMedianBusinessSeconds: Double? = nil, resolutionMedianSeconds: Double? = nil,
        resolutionMedianBusinessSeconds: Double? = nil, firstResponseMeanSeconds: Double? = nil,
        resolutionMeanSeconds: Double? = nil
    ) {
        self.cases = cases
        self.resolved = resolved
        self.csatResponses = csatResponses
        self.csatAverage = csatAverage
        self.csatSatisfiedShare = csatSatisfiedShare
        self.firstContactResolutionRate = firstContactResolutionRate
        self.averageHandleSeconds = averageHandleSeconds
        self.reopenRate = reopenRate
        self.firstResponseMedianSeconds = firstResponseMedianSeconds
        self.firstResponseMedianBusinessSeconds = firstResponseMedianBusinessSeconds
        self.resolutionMedianSeconds = resolutionMedianSeconds
        self.resolutionMedianBusinessSeconds = resolutionMedianBusinessSeconds
        self.firstResponseMeanSeconds = firstResponseMeanSeconds
        self.resolutionMeanSeconds = resolutionMeanSeconds
    }
}

/// Computes service metrics. Definitions (also in docs/service-metrics.md):
/// - **CSAT**: asked after resolution, scored 1–5. The average of the answers, and the share of answers that are 4
///   or 5 ("satisfied"). Scores outside 1–5 are ignored.
/// - **First-contact resolution (FCR)**: among resolved cases, the share that were resolved with at most one agent
///   reply, never reopened, and not followed by a new case from the same profile created within `recontactWindow`
///   after the resolution. The re-contact check looks at *all* facts passed in, so a follow-up handled by another
///   team or channel still counts against the first case. Cases without a profile count as not re-contacted.
/// - **Average handle time (AHT)**: the mean `handleSeconds` over resolved cases whose handle time was measured
///   (greater than 0).
/// - **Reopen rate**: the share of resolved cases reopened at least once.
/// - **First response time / resolution time**: calendar seconds from creation to the first reply / the first
///   resolution, median and mean, over the cases that have one; and the median of the business seconds given.
public enum ServiceMetricsCalculator {
    /// What `grouped` splits by.
    public enum Grouping: String, Sendable, Codable, CaseIterable, Hashable {
        case agent, team, channel
    }

    /// The key under which cases without an agent or team are grouped.
    public static let unassignedKey = "unassigned"

    /// Metrics over all the facts given.
    public static func summary(_ facts: [ServiceCaseFacts], recontactWindow: TimeInterval) -> ServiceMetricSummary {
        summary(facts, allFacts: facts, recontactWindow: recontactWindow)
    }

    /// Metrics per agent, team or channel, sorted by key; cases without an agent or team are grouped under
    /// "unassigned". Re-contacts are looked for among all the facts, not only the group's.
    public static func grouped(
        _ facts: [ServiceCaseFacts], by grouping: Grouping, recontactWindow: TimeInterval
    ) -> [(key: String, summary: ServiceMetricSummary)] {
        let groups = Dictionary(grouping: facts) { fact -> String in
            switch grouping {
            case .agent: return fact.agentID?.rawValue ?? unassignedKey
            case .team: return fact.teamID?.rawValue ?? unassignedKey
            case .channel: return fact.channel.rawValue
            }
        }
        let index = RecontactIndex(facts)
        return groups.keys.sorted().map { key in
            (key: key, summary: summary(groups[key]!, index: index, recontactWindow: recontactWindow))
        }
    }

    static func summary(_ facts: [ServiceCaseFacts], allFacts: [ServiceCaseFacts], recontactWindow: TimeInterval) -> ServiceMetricSummary {
        summary(facts, index: RecontactIndex(allFacts), recontactWindow: recontactWindow)
    }

    static func summary(_ facts: [ServiceCaseFacts], index: RecontactIndex, recontactWindow: TimeInterval) -> ServiceMetricSummary {
        let resolved = facts.filter { $0.resolvedAt != nil }
        let scores = facts.compactMap(\.csatScore).filter { (1...5).contains($0) }
        let firstContact = resolved.filter { fact in
            fact.agentReplies <= 1 && fact.reopenCount == 0 && !index.wasRecontacted(fact, within: recontactWindow)
        }
        let handled = resolved.map(\.handleSeconds).filter { $0 > 0 }
        let firstResponse = facts.compactMap { fact in fact.firstResponseAt.map { max(0, $0.timeIntervalSince(fact.createdAt)) } }
        let resolution = resolved.compactMap { fact in fact.resolvedAt.map { max(0, $0.timeIntervalSince(fact.createdAt)) } }
        return ServiceMetricSummary(
            cases: facts.count,
            resolved: resolved.count,
            csatResponses: scores.count,
            csatAverage: mean(scores.map(Double.init)),
            csatSatisfiedShare: share(scores.filter { $0 >= 4 }.count, of: scores.count),
            firstContactResolutionRate: share(firstContact.count, of: resolved.count),
            averageHandleSeconds: mean(handled),
            reopenRate: share(resolved.filter { $0.reopenCount > 0 }.count, of: resolved.count),
            firstResponseMedianSeconds: median(firstResponse),
            firstResponseMedianBusinessSeconds: median(facts.compactMap(\.firstResponseBusinessSeconds)),
            resolutionMedianSeconds: median(resolution),
            resolutionMedianBusinessSeconds: median(facts.compactMap(\.resolutionBusinessSeconds)),
            firstResponseMeanSeconds: mean(firstResponse),
            resolutionMeanSeconds: mean(resolution)
        )
    }

    /// Case creation times per profile, for "did this customer come back soon after the resolution?".
    struct RecontactIndex {
        let createdByProfile: [String: [(caseID: CaseID, createdAt: Date)]]

        init(_ facts: [ServiceCaseFacts]) {
            var byProfile: [String: [(caseID: CaseID, createdAt: Date)]] = [:]
            for fact in facts {
                guard let profile = fact.profileID else { continue }
                byProfile[profile, default: []].append((fact.caseID, fact.createdAt))
            }
            createdByProfile = byProfile
        }

        /// Whether another case of the same profile was created in [resolvedAt, resolvedAt + window].
        func wasRecontacted(_ fact: ServiceCaseFacts, within window: TimeInterval) -> Bool {
            guard let profile = fact.profileID, let resolvedAt = fact.resolvedAt else { return false }
            let until = resolvedAt.addingTimeInterval(window)
            return (createdByProfile[profile] ?? []).contains { other in
                other.caseID != fact.caseID && other.createdAt >= resolvedAt && other.createdAt <= until
            }
        }
    }

    /// The middle value (the mean of the two middle values for an even count); nil for no values.
    public static func median(_ values: [Double]) -> Double? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }

    static func mean(_ values: [Double]) -> Double? {
        values.isEmpty ? nil : values.reduce(0, +) / Double(values.count)
    }

    static func share(_ part: Int, of whole: Int) -> Double? {
        whole == 0 ? nil : Double(part) / Double(whole)
    }
}
