import Foundation
@testable import TouchpointDomain

/// Small named people and actions for the decision tests, with times relative to one fixed moment.
enum DecisionFixtures {
    /// 2026-06-10 12:00 UTC (14:00 in Warsaw).
    static let now = Date(timeIntervalSince1970: 1_781_092_800)

    static func daysAgo(_ days: Double) -> Date { now.addingTimeInterval(-days * 86_400) }
    static func hoursAgo(_ hours: Double) -> Date { now.addingTimeInterval(-hours * 3_600) }
    static func inDays(_ days: Double) -> Date { now.addingTimeInterval(days * 86_400) }

    static func order(_ category: String, daysAgo days: Double, channel: Channel = .web) -> FactEvent {
        FactEvent(name: "Order Completed", at: daysAgo(days), channel: channel, properties: ["category": .string(category)])
    }

    static func contact(daysAgo days: Double, channel: Channel = .phone) -> FactEvent {
        FactEvent(name: "Contact", at: daysAgo(days), channel: channel)
    }

    /// Ann from Warsaw: bought a TV 20 days ago, a valuable customer (CLV 1000, margin 200), a promoter, nothing open.
    static func ann(_ change: (inout ProfileFacts) -> Void = { _ in }) -> ProfileFacts {
        var facts = ProfileFacts(
            profileID: "ann",
            traits: ["city": .string("Warszawa"), "name": .string("Ann")],
            counters: ["orders": 3],
            stage: .experience,
            value: ValueFacts(clv: 1_000, margin: 200, pAlive: 0.9, churnRisk: .low, valueTier: .gold),
            feedback: FeedbackFacts(lastNPS: 9, lastNPSAt: daysAgo(40)),
            events: [order("tv", daysAgo: 20)])
        change(&facts)
        return facts
    }

    /// A catalogue entry with texts in Polish and English, shown on the web and by e-mail, no caps.
    static func action(_ id: ActionID, _ kind: ActionKind, value: BusinessValue = .fixed(100), channels: [Channel] = [.web, .email],
                       _ change: (inout ActionDefinition) -> Void = { _ in }) -> ActionDefinition {
        var action = ActionDefinition(
            id: id, name: "Action \(id.rawValue)", kind: kind, channels: channels,
            texts: [.pl: ActionText(title: "Tytuł", body: "Treść"), .en: ActionText(title: "Title", body: "Body")],
            value: value)
        change(&action)
        return action
    }

    /// Cross-sell worth 0.05 × CLV + 30: 80 for Ann.
    static let soundbarOffer = action("soundbar-offer", .crossSell, value: .expression(ValueExpression("0.05 * clv + 30")))
    static let caseUpdate = action("case-update", .service, value: .fixed(10))
    static let newsletter = action("newsletter", .marketing, value: .fixed(20))
    static let winback = action("winback-discount", .retention, value: .fixed(60))
    static let tvCareAdvice = action("tv-care-advice", .advice, value: .fixed(15))

    static let catalogue = [soundbarOffer, caseUpdate, newsletter, winback, tvCareAdvice]

    /// A request on the web with marketing consent and room for every action; the default propensity (0.1) applies.
    static func request(_ facts: ProfileFacts, _ candidates: [ActionDefinition] = catalogue, channel: Channel = .web,
                        _ change: (inout ArbitrationRequest) -> Void = { _ in }) -> ArbitrationRequest {
        var request = ArbitrationRequest(facts: facts, candidates: candidates, consent: ConsentFlags(marketing: true),
                                         channel: channel, timeZone: "Europe/Warsaw", limit: 10)
        change(&request)
        return request
    }
}
