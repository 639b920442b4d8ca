import Foundation
import Tagged

/// How likely a person is to accept an action, learnt from outcomes: a Beta-Bernoulli belief per (action, segment),
/// read by Thompson sampling — each decision draws one plausible acceptance rate per action from its belief and
/// arbitration ranks with the draws.
///
/// Why Beta-Bernoulli with Thompson sampling rather than logistic regression:
/// - The signal is one bit per impression (accepted or not), and the hard case is the cold start: a new action has
///   no data at all. A Beta prior — Beta(1, 9) by default, a 10 % guess worth ten impressions — gives it a belief on
///   day one, and after a acceptances and b refusals the belief is exactly Beta(α + a, β + b): one addition per
///   outcome, no training job, no features to engineer, correct at any sample size.
/// - Thompson sampling explores in proportion to doubt: an action with a wide belief sometimes draws high and is
///   shown, and stops being shown as soon as the data says it is worse. Logistic regression gives a point estimate
///   and needs exploration bolted on (ε-greedy spends impressions evenly on actions already known to be bad), and
///   it needs far more data per action than a catalogue of changing offers gets before it says anything useful.
/// - Segments carry the context marketers reason with (TV buyers take soundbars more often than everyone), with
///   counts a person can read. When an action gets enough traffic to learn from profile features, a contextual model
///   (logistic or linear Thompson sampling) can replace this: arbitration takes any propensity per action.
///
/// The draws use ``SeededRandom``: its `gamma(shape:scale:)` is Marsaglia and Tsang's method (with the usual boost for
/// shapes below 1) and `beta(_:_:)` is X / (X + Y) of two gamma draws. Seeding with the decision id makes a decision
/// reproducible when it is replayed or explained.
public struct PropensityModel: Sendable, Equatable {
    /// The belief of an (action, segment) nothing has been learnt about.
    public var prior: BetaBelief
    public private(set) var beliefs: [PropensityKey: BetaBelief]

    public init(prior: BetaBelief = .defaultPrior, beliefs: [PropensityKey: BetaBelief] = [:]) {
        self.prior = prior
        self.beliefs = beliefs
    }

    /// The current belief: what was learnt, or the prior.
    public func belief(action: ActionID, segment: SegmentID?) -> BetaBelief {
        beliefs[PropensityKey(action: action, segment: segment)] ?? prior
    }

    /// Learns from one settled impression (see ``ImpressionOutcome/settle(viewed:accepted:)``).
    public mutating func record(_ outcome: ImpressionOutcome, action: ActionID, segment: SegmentID?) {
        guard outcome != .unseen else { return }  // never seen is no evidence either way
        var updated = belief(action: action, segment: segment)
        updated.record(accepted: outcome == .accepted)
        beliefs[PropensityKey(action: action, segment: segment)] = updated
    }

    /// One Thompson draw for an action.
    public func sample(action: ActionID, segment: SegmentID?, using random: inout SeededRandom) -> Double {
        belief(action: action, segment: segment).sample(using: &random)
    }

    /// One draw per candidate action, in the candidates' order (so a seed gives the same draws every time), each from
    /// the belief of the action's learning segment for this person — ready for ``ArbitrationRequest/propensities``.
    public func propensities(for actions: [ActionDefinition], memberOf: Set<SegmentID>, using random: inout SeededRandom) -> [ActionID: Double] {
        var draws = [ActionID: Double]()
        for action in actions {
            draws[action.id] = sample(action: action.id, segment: Self.learningSegment(for: action, memberOf: memberOf), using: &random)
        }
        return draws
    }

    /// Which belief of an action a person's outcome teaches: the first of the action's eligibility segments the person
    /// is in, or nil (everyone) for an action open to all. Decision and learning must use the same rule.
    public static func learningSegment(for action: ActionDefinition, memberOf: Set<SegmentID>) -> SegmentID? {
        action.eligibility.segments.first { memberOf.contains($0) }
    }
}

/// A Beta(α, β) belief about an acceptance rate; α − prior α acceptances and β − prior β refusals have been seen.
public struct BetaBelief: Sendable, Equatable, Codable {
    public var alpha: Double
    public var beta: Double

    /// A 10 % acceptance guess worth ten impressions: low enough that a new action is not assumed to be a hit, wide
    /// enough that a few acceptances move it.
    public static let defaultPrior = BetaBelief(alpha: 1, beta: 9)

    public init(alpha: Double, beta: Double) {
        self.alpha = alpha
        self.beta = beta
    }

    public var mean: Double { alpha / (alpha + beta) }

    /// Both parameters finite and positive, as a Beta distribution needs.
    public var isValid: Bool { alpha.isFinite && beta.isFinite && alpha > 0 && beta > 0 }

    public mutating func record(accepted: Bool) {
        if accepted { alpha += 1 } else { beta += 1 }
    }

    /// One draw from the belief.
    public func sample(using random: inout SeededRandom) -> Double { random.beta(alpha, beta) }
}

/// Which belief: an action, within a segment (nil: everyone).
public struct PropensityKey: Sendable, Hashable, Codable {
    public var action: ActionID
    public var segment: SegmentID?

    public init(action: ActionID, segment: SegmentID?) {
        self.action = action
        self.segment = segment
    }
}

/// What one impression (an action returned by one decision) taught, once its outcome events are in.
public enum ImpressionOutcome: String, Sendable, Codable {
    /// `Offer Accepted`: a success.
    case accepted
    /// `Offer Viewed` without acceptance (dismissed or ignored): a failure.
    case declined
    /// Never viewed: the person did not see it, so it says nothing about the offer.
    case unseen

    /// Settles an impression from its outcome events. Call it once per impression, when the outcome window closes:
    /// counting the view as a failure and the later acceptance as a success would count one impression twice.
    /// An acceptance without a view (an e-mail clicked with images off) is still an acceptance.
    public static func settle(viewed: Bool, accepted: Bool) -> ImpressionOutcome {
        accepted ? .accepted : viewed ? .declined : .unseen
    }
}

extension PropensityModel: Codable {
    /// Beliefs are stored as a list sorted by action and segment: keys that are not strings make poor JSON objects,
    /// and a stable order makes equal models equal files.
    private struct Entry: Codable {
        var action: ActionID
        var segment: SegmentID?
        var alpha: Double
        var beta: Double
    }

    private enum CodingKeys: String, CodingKey { case prior, beliefs }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let entries = try container.decodeIfPresent([Entry].self, forKey: .beliefs) ?? []
        var beliefs = [PropensityKey: BetaBelief]()
        for entry in entries {
            beliefs[PropensityKey(action: entry.action, segment: entry.segment)] = BetaBelief(alpha: entry.alpha, beta: entry.beta)
        }
        self.init(prior: try container.decodeIfPresent(BetaBelief.self, forKey: .prior) ?? .defaultPrior, beliefs: beliefs)
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(prior, forKey: .prior)
        let entries = beliefs.map { Entry(action: $0.key.action, segment: $0.key.segment, alpha: $0.value.alpha, beta: $0.value.beta) }
            .sorted { ($0.action.rawValue, $0.segment?.rawValue ?? "") < ($1.action.rawValue, $1.segment?.rawValue ?? "") }
        try container.encode(entries, forKey: .beliefs)
    }
}
