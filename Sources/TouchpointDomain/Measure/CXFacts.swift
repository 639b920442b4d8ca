import Foundation

/// The counts the pyramid is computed from, for one period (and, when asked, one channel or segment). Storage reads
/// them from the projections; every indicator is a ratio of two of them, so each can be recomputed by hand.
public struct CXFacts: Sendable, Equatable {
    // Useful information (self-service, from the help centre's and the assistant's events).
    /// Searches that found something plus assistant answers.
    public var selfServiceAnswered = 0
    /// …after which the person contacted nobody on any channel within the self-service window.
    public var selfServiceSolved = 0
    public var searches = 0
    public var zeroResultSearches = 0
    /// `Order Completed` events.
    public var orders = 0
    /// Cases the customer opened (not the company's proactive or feedback follow-ups).
    public var customerContacts = 0

    // On-demand problem solving (service cases created in the period; the service reports' own figures).
    public var resolvedCases = 0
    public var firstContactResolutions = 0
    public var firstResponses = 0
    public var firstResponsesInTarget = 0
    public var resolutions = 0
    public var resolutionsInTarget = 0
    /// Contacts that asked for a person (calls, chats, messages) and those a person answered.
    public var contactsOffered = 0
    public var contactsAnswered = 0

    // Needs met.
    public var csatAnswers = 0
    public var csatSatisfied = 0
    /// Cases of known people, and those followed by another case of the same person within the repeat window.
    public var contactsOfKnownPeople = 0
    public var repeatContacts = 0
    /// `Order Refunded`, `Order Returned`-style and `Complaint Filed` events.
    public var returnsAndComplaints = 0

    // Needs anticipated.
    /// Every case, and those the company opened before the customer asked (origin `proactive`: a delay notice, a recall).
    public var cases = 0
    public var proactiveCases = 0
    public var offersShown = 0
    public var offersAccepted = 0

    // Safety and extra value.
    /// People who have bought (experience, engagement, loyalty) and those in engagement or loyalty.
    public var buyers = 0
    public var engagedOrLoyal = 0
    public var npsAnswers = 0
    public var promoters = 0
    public var detractors = 0
    /// Customers with a value score, and the sum of their P(alive).
    public var scoredCustomers = 0
    public var aliveSum = 0.0
    /// Total predicted CLV at the period's start and now (value snapshots); nil while no snapshot is that old.
    public var clvAtStart: Double?
    public var clvNow: Double?

    public init() {}
}

/// One indicator's reading: the value (nil without data), the counts it came from, the target and the verdict.
public struct IndicatorReading: Sendable, Equatable {
    public var indicator: CXIndicator
    public var value: Double?
    public var numerator: Double
    public var denominator: Double
    public var target: Double
    /// nil when there is no data: neither met nor missed.
    public var met: Bool?

    public init(indicator: CXIndicator, value: Double?, numerator: Double, denominator: Double, target: Double) {
        self.indicator = indicator
        self.value = value
        self.numerator = numerator
        self.denominator = denominator
        self.target = target
        self.met = value.map { indicator.direction.meets($0, target: target) }
    }
}

extension CXFacts {
    /// Each indicator's numerator and denominator; the value is their ratio (NPS: × 100, CLV: the relative change).
    public func readings(_ settings: MeasureSettings) -> [IndicatorReading] {
        CXIndicator.all.map { indicator in
            let (numerator, denominator) = parts(indicator)
            let value: Double?
            switch indicator.unit {
            case .score:
                value = npsAnswers > 0 ? Double(promoters - detractors) / Double(npsAnswers) * 100 : nil
            case .change:
                value = denominator > 0 ? (numerator - denominator) / denominator : nil
            case .share, .ratio:
                value = denominator > 0 ? numerator / denominator : nil
            }
            return IndicatorReading(indicator: indicator, value: value, numerator: numerator, denominator: denominator,
                                    target: settings.target(indicator))
        }
    }

    private func parts(_ indicator: CXIndicator) -> (Double, Double) {
        func d(_ a: Int, _ b: Int) -> (Double, Double) { (Double(a), Double(b)) }
        switch indicator {
        case .selfServiceResolution: return d(selfServiceSolved, selfServiceAnswered)
        case .zeroResultSearches: return d(zeroResultSearches, searches)
        case .contactsPerOrder: return d(customerContacts, orders)
        case .firstContactResolution: return d(firstContactResolutions, resolvedCases)
        case .firstResponseInTarget: return d(firstResponsesInTarget, firstResponses)
        case .resolutionInTarget: return d(resolutionsInTarget, resolutions)
        case .reachability: return d(contactsAnswered, contactsOffered)
        case .csat: return d(csatSatisfied, csatAnswers)
        case .repeatContacts: return d(repeatContacts, contactsOfKnownPeople)
        case .returnsAndComplaints: return d(returnsAndComplaints, orders)
        case .proactiveShare: return d(proactiveCases, cases)
        case .offerAcceptance: return d(offersAccepted, offersShown)
        case .progression: return d(engagedOrLoyal, buyers)
        case .nps: return d(promoters - detractors, npsAnswers)
        case .retention: return (aliveSum, Double(scoredCustomers))
        case .clvTrend:
            guard let start = clvAtStart, let now = clvNow else { return (0, 0) }
            return (now, start)
        default: return (0, 0)
        }
    }
}
