import Foundation

/// Why a customer was unhappy, recorded when the follow-up of their feedback is closed: the loop's report counts them,
/// so a company sees which fix would help most.
public enum RootCause: String, Codable, Sendable, CaseIterable {
    case deliveryDelay = "delivery_delay"
    case productDefect = "product_defect"
    case staffBehaviour = "staff_behaviour"
    case priceBilling = "price_billing"
    case processPolicy = "process_policy"
    case websiteApp = "website_app"
    case other
}
