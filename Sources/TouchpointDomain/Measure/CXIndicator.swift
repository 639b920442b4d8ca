import Foundation

/// The five levels of the CX pyramid, bottom first. A level counts only once every level below it holds: extra value
/// means nothing to a customer who cannot find out how to return a parcel.
public enum CXLevel: Int, Sendable, CaseIterable, Codable, Comparable {
    case usefulInformation = 1
    case onDemandProblemSolving
    case needsMet
    case needsAnticipated
    case safetyAndExtraValue

    /// The stable name used in the API, settings and links.
    public var key: String {
        switch self {
        case .usefulInformation: "useful_information"
        case .onDemandProblemSolving: "on_demand_problem_solving"
        case .needsMet: "needs_met"
        case .needsAnticipated: "needs_anticipated"
        case .safetyAndExtraValue: "safety_and_extra_value"
        }
    }

    public init?(key: String) {
        guard let level = Self.allCases.first(where: { $0.key == key }) else { return nil }
        self = level
    }

    public static func < (lhs: CXLevel, rhs: CXLevel) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// Whether a bigger figure is better (FCR) or worse (abandonment).
public enum IndicatorDirection: String, Sendable, Codable {
    case higherIsBetter = "higher"
    case lowerIsBetter = "lower"

    /// Whether `value` meets `target` in this direction; reaching the target exactly meets it.
    public func meets(_ value: Double, target: Double) -> Bool {
        switch self {
        case .higherIsBetter: value >= target
        case .lowerIsBetter: value <= target
        }
    }
}

/// How an indicator's number reads: a share 0…1, a ratio per order, an NPS −100…100, a relative change.
public enum IndicatorUnit: String, Sendable, Codable {
    case share, ratio, score, change
}

/// One indicator of the pyramid: what it measures, on which level, which way is better and its default target.
/// `docs/measurement.md` explains each one with the events it is computed from.
public struct CXIndicator: Sendable, Equatable, Hashable {
    public var key: String
    public var level: CXLevel
    public var direction: IndicatorDirection
    public var unit: IndicatorUnit
    public var defaultTarget: Double
    /// Whether the indicator can be read for one channel (contacts and answers can; the value model cannot).
    public var perChannel: Bool

    public init(key: String, level: CXLevel, direction: IndicatorDirection, unit: IndicatorUnit, defaultTarget: Double, perChannel: Bool) {
        self.key = key
        self.level = level
        self.direction = direction
        self.unit = unit
        self.defaultTarget = defaultTarget
        self.perChannel = perChannel
    }
}

extension CXIndicator {
    // Level 1: the customer finds what they need to know without asking anyone.
    public static let selfServiceResolution = CXIndicator(key: "self_service_resolution", level: .usefulInformation,
                                                          direction: .higherIsBetter, unit: .share, defaultTarget: 0.6, perChannel: false)
    public static let zeroResultSearches = CXIndicator(key: "zero_result_searches", level: .usefulInformation,
                                                       direction: .lowerIsBetter, unit: .share, defaultTarget: 0.1, perChannel: false)
    public static let contactsPerOrder = CXIndicator(key: "contacts_per_order", level: .usefulInformation,
                                                     direction: .lowerIsBetter, unit: .ratio, defaultTarget: 0.15, perChannel: true)
    // Level 2: when they do ask, the problem is solved when they need it.
    public static let firstContactResolution = CXIndicator(key: "first_contact_resolution", level: .onDemandProblemSolving,
                                                           direction: .higherIsBetter, unit: .share, defaultTarget: 0.7, perChannel: true)
    public static let firstResponseInTarget = CXIndicator(key: "first_response_in_target", level: .onDemandProblemSolving,
                                                          direction: .higherIsBetter, unit: .share, defaultTarget: 0.9, perChannel: true)
    public static let resolutionInTarget = CXIndicator(key: "resolution_in_target", level: .onDemandProblemSolving,
                                                       direction: .higherIsBetter, unit: .share, defaultTarget: 0.85, perChannel: true)
    public static let reachability = CXIndicator(key: "reachability", level: .onDemandProblemSolving,
                                                 direction: .higherIsBetter, unit: .share, defaultTarget: 0.9, perChannel: true)
    // Level 3: what they bought and the help they got did what they needed.
    public static let csat = CXIndicator(key: "csat", level: .needsMet, direction: .higherIsBetter, unit: .share, defaultTarget: 0.8, perChannel: true)
    public static let repeatContacts = CXIndicator(key: "repeat_contacts", level: .needsMet,
                                                   direction: .lowerIsBetter, unit: .share, defaultTarget: 0.15, perChannel: true)
    public static let returnsAndComplaints = CXIndicator(key: "returns_and_complaints_per_order", level: .needsMet,
                                                         direction: .lowerIsBetter, unit: .ratio, defaultTarget: 0.08, perChannel: true)
    // Level 4: the company moved before the customer had to.
    public static let proactiveShare = CXIndicator(key: "proactive_share", level: .needsAnticipated,
                                                   direction: .higherIsBetter, unit: .share, defaultTarget: 0.1, perChannel: true)
    public static let offerAcceptance = CXIndicator(key: "offer_acceptance", level: .needsAnticipated,
                                                    direction: .higherIsBetter, unit: .share, defaultTarget: 0.05, perChannel: true)
    // Level 5: a relationship worth keeping — they come back, speak well of us, and are worth more over time.
    public static let progression = CXIndicator(key: "engagement_and_loyalty", level: .safetyAndExtraValue,
                                                direction: .higherIsBetter, unit: .share, defaultTarget: 0.3, perChannel: false)
    public static let nps = CXIndicator(key: "nps", level: .safetyAndExtraValue, direction: .higherIsBetter, unit: .score, defaultTarget: 20, perChannel: true)
    public static let retention = CXIndicator(key: "retention", level: .safetyAndExtraValue,
                                              direction: .higherIsBetter, unit: .share, defaultTarget: 0.5, perChannel: false)
    public static let clvTrend = CXIndicator(key: "clv_trend", level: .safetyAndExtraValue,
                                             direction: .higherIsBetter, unit: .change, defaultTarget: 0, perChannel: false)

    /// Every indicator, level by level.
    public static let all: [CXIndicator] = [
        selfServiceResolution, zeroResultSearches, contactsPerOrder,
        firstContactResolution, firstResponseInTarget, resolutionInTarget, reachability,
        csat, repeatContacts, returnsAndComplaints,
        proactiveShare, offerAcceptance,
        progression, nps, retention, clvTrend,
    ]

    public static func named(_ key: String) -> CXIndicator? { all.first { $0.key == key } }
}
