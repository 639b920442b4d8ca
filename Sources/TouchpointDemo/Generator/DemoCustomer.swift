import Foundation
import TouchpointDomain

/// Who a demo customer is: identifiers and traits, fixed before their history is simulated.
struct DemoCustomer: Sendable {
    let index: Int
    let person: DemoNames.Person
    /// The shop's customer number, also the Segment `userId` (`ES` + 7 digits).
    let userId: String
    let email: String
    /// The same address as typed on another occasion (case, Gmail dots); normalises to `email`.
    let emailVariant: String
    /// Nine digits of a Polish mobile number.
    let phoneDigits: String
    /// Whether the number was given at sign-up (else the call centre only knows it from caller id).
    let phoneGiven: Bool
    let city: String
    let store: DemoCatalog.Store
    let loyaltyCard: String
    let webAnonymousId: String
    let appAnonymousId: String
    let userAgent: String
    let device: DemoCatalog.Device
    /// Whether this customer ever uses the mobile app.
    let usesApp: Bool
    /// How deep into the cycle the customer goes.
    let depth: Depth
    /// The first category they come looking for.
    let need: DemoCategory
    /// The customer's typical order value in PLN. Order values scatter around it as Gamma(p, ν) with
    /// ν ~ Gamma(q, γ) across customers: the Gamma-Gamma story (p = 2.5, q = 4, mean 1,200 PLN).
    let spendLevel: Double
    /// 0 … 1: the spend level on a log scale (≈ 250 PLN … 6,000 PLN); premium customers look at dearer things.
    let premium: Double

    enum Depth: Sendable { case browser, interactor, buyer }

    /// Gamma-Gamma parameters of order values (PLN): shape p of one order, shape q and rate γ of ν.
    static let spendP = 2.5, spendQ = 4.0, spendGamma = 1_440.0

    var fullName: String { person.firstName + " " + person.lastName }

    /// Builds every customer's identity in index order; e-mails, phones, numbers and cards are kept unique.
    static func population(seed: UInt64, count: Int) -> [DemoCustomer] {
        var random = SeededRandom(seed: seed, stream: 0xC057_0E12)
        var emails = Set<String>(), phones = Set<String>(), numbers = Set<String>(), cards = Set<String>()
        var customers = [DemoCustomer]()
        customers.reserveCapacity(count)
        let categories = DemoCategory.allCases
        for index in 0..<count {
            let person = DemoNames.person(random: &random)
            var email = DemoNames.email(for: person, attempt: 0, random: &random)
            var attempt = 1
            while !emails.insert(EmailAddress.normalize(email) ?? email).inserted {
                email = DemoNames.email(for: person, attempt: attempt, random: &random)
                attempt += 1
            }
            var phone = DemoNames.mobileNumber(random: &random)
            while !phones.insert(phone).inserted { phone = DemoNames.mobileNumber(random: &random) }
            var number = random.digits(7)
            while !numbers.insert(number).inserted { number = random.digits(7) }
            var card = "LC-" + random.digits(10)
            while !cards.insert(card).inserted { card = "LC-" + random.digits(10) }
            let city: String = random.pickWeighted(DemoCatalog.cities)
            let store = DemoCatalog.store(for: city, random: &random)
            let depth: Depth = random.pickWeighted([(.browser, 0.40), (.interactor, 0.22), (.buyer, 0.38)])
            let ageFactor = person.birthYear > 1980 ? 1.0 : 0.55
            let nu = random.gamma(shape: DemoCustomer.spendQ, scale: 1 / DemoCustomer.spendGamma)
            let spendLevel = DemoCustomer.spendP / nu
            let premium = min(max(log(spendLevel / 250) / log(24), 0), 1)
            customers.append(DemoCustomer(
                index: index, person: person, userId: "ES" + number, email: email,
                emailVariant: DemoNames.variant(of: email, random: &random),
                phoneDigits: phone, phoneGiven: random.chance(0.7), city: city, store: store, loyaltyCard: card,
                webAnonymousId: random.uuid(), appAnonymousId: random.uuid(),
                userAgent: random.pick(DemoCatalog.userAgents), device: random.pickWeighted(DemoCatalog.devices),
                usesApp: random.chance(0.45 * ageFactor), depth: depth,
                need: categories[random.weighted(DemoCatalog.categoryWeights(premium: premium))], spendLevel: spendLevel, premium: premium))
        }
        return customers
    }
}
