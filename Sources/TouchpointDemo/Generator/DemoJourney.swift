import Foundation
import TouchpointDomain

private typealias J = DemoJSON

/// Simulates one customer's history across every channel, as the messages the channels would send.
///
/// The shape follows the six-stage cycle: anonymous visits with searches and campaigns (need,
/// awareness), sign-up, carts, chats and calls (interaction), purchases online and in stores
/// (experience), repeat purchases, e-mail engagement and reviews (engagement), recommendations and
/// promoter scores (loyalty), and, for some, a bad service contact after which they drift away.
/// Repeat purchases follow the BG/NBD story: a personal purchase rate drawn from a gamma distribution
/// (thinned by the retail season) and, after each repeat purchase, a chance of leaving for good drawn
/// from a beta distribution. Order values follow the Gamma-Gamma story (see `DemoCustomer.spendLevel`).
/// Fitting both models to `transactionsCSV()` gives back roughly the parameters used here.
struct DemoJourney {
    enum Surface { case web, app }
    enum Intent { case browse, cart, checkout, order(DemoOrder) }
    enum PurchaseChannel { case web, app, store }

    let customer: DemoCustomer
    let startMs: Int64
    let endMs: Int64
    var random: SeededRandom
    var messages: [DemoMessage] = []
    var purchases: [DemoPurchase] = []

    var sequence = 0
    var webIdentified = false
    var appIdentified = false
    var appInstalled = false
    var signedUp = false
    var subscribedAt: Int64?
    var loyaltyLinked = false
    var orderCount = 0
    var hadBadExperience = false
    /// Newsletter open rate from an instant on, as the relationship changes.
    var engagement: [(from: Int64, openRate: Double)] = []

    init(customer: DemoCustomer, seed: UInt64, startMs: Int64, endMs: Int64) {
        self.customer = customer
        self.startMs = startMs
        self.endMs = endMs
        random = SeededRandom(seed: seed, stream: UInt64(customer.index) &+ 1)
    }

    // MARK: The life of a customer

    mutating func run() {
        let span = endMs - startMs
        guard span > DemoTime.hour else { return }
        let depth = customer.depth
        let share = depth == .buyer ? 0.82 : 0.97
        let firstSeen = startMs + Int64(pow(random.unit(), 0.8) * share * Double(span))
        var t = max(startMs + DemoTime.minute, DemoTime.next(after: firstSeen - DemoTime.day, days: 1, .browsing, random: &random))
        let storeFirst = depth == .buyer && random.chance(0.2)

        // Need and awareness: anonymous visits.
        let visits = min(5, 1 + random.geometric(depth == .browser ? 0.5 : 0.6)) - (storeFirst ? 1 : 0)
        for visit in 0..<max(visits, 1) {
            let surface: Surface = customer.usesApp && visit > 0 && random.chance(0.5) ? .app : .web
            let campaign = random.chance(visit == 0 ? 0.4 : 0.3) ? campaign(at: t) : nil
            let intent: Intent = depth != .browser && visit > 0 && random.chance(0.3) ? .cart : .browse
            t = session(surface, at: t, category: visit == 0 || random.chance(0.7) ? customer.need : randomCategory(),
                        intent: intent, campaign: campaign, search: visit == 0 || random.chance(0.4))
            t = DemoTime.next(after: t, days: random.exponential(mean: 4), .browsing, random: &random)
            if t > endMs { return finish() }
        }

        switch depth {
        case .browser:
            browserLater(from: t)
        case .interactor:
            interactorLater(from: t)
        case .buyer:
            buyerLater(from: t, storeFirst: storeFirst)
        }
        finish()
    }

    /// Only looks: a few sign up for the newsletter, some come back now and then.
    mutating func browserLater(from start: Int64) {
        var t = start
        if random.chance(0.25) {
            t = session(.web, at: t, category: customer.need, intent: .browse, signUp: ("newsletter", "footer_form"))
        }
        let returns = random.chance(0.45) ? random.int(1...3) : 0
        for _ in 0..<returns {
            t = DemoTime.next(after: t, days: random.exponential(mean: 40), .browsing, random: &random)
            if t > endMs { return }
            let campaign = random.chance(0.4) ? campaign(at: t) : nil
            t = session(.web, at: t, category: random.chance(0.6) ? customer.need : randomCategory(), intent: .browse,
                        campaign: campaign, search: random.chance(0.4))
        }
    }

    /// Signs up, fills carts, asks questions, but does not buy.
    mutating func interactorLater(from start: Int64) {
        var t = start
        let surface: Surface = customer.usesApp && random.chance(0.55) ? .app : .web
        t = session(surface, at: t, category: customer.need, intent: random.chance(0.5) ? .cart : .browse,
                    signUp: ("email", random.chance(0.5) ? "account" : "wishlist"), chat: random.chance(0.1))
        let rounds = random.int(1...4)
        for _ in 0..<rounds {
            t = DemoTime.next(after: t, days: random.exponential(mean: 12), .browsing, random: &random)
            if t > endMs { return }
            let surface: Surface = customer.usesApp && random.chance(0.6) ? .app : .web
            let intent: Intent = random.chance(0.4) ? .checkout : random.chance(0.6) ? .cart : .browse
            t = session(surface, at: t, category: random.chance(0.7) ? customer.need : randomCategory(), intent: intent,
                        campaign: random.chance(0.25) ? campaign(at: t) : nil, search: random.chance(0.5),
                        chat: random.chance(0.12))
            if random.chance(0.12) {
                t = call(at: DemoTime.next(after: t, days: random.double(0...2), .callCentre, random: &random),
                         reason: "product_question", good: true)
            }
        }
    }

    /// Buys once or again and again; may have a bad service contact and drift away.
    mutating func buyerLater(from start: Int64, storeFirst: Bool) {
        var t = start
        let preference: [(PurchaseChannel, Double)] = storeFirst
            ? [(.store, 0.75), (.web, 0.2), (.app, customer.usesApp ? 0.1 : 0)]
            : [(.web, 0.58), (.app, customer.usesApp ? 0.5 : 0), (.store, 0.2)]

        // Interaction before the first purchase.
        if !storeFirst {
            if random.chance(0.55) {
                let surface: Surface = customer.usesApp && random.chance(0.5) ? .app : .web
                t = session(surface, at: t, category: customer.need, intent: .cart,
                            signUp: ("email", "account"), chat: random.chance(0.1))
                if random.chance(0.08) {
                    t = call(at: DemoTime.next(after: t, days: random.double(0...2), .callCentre, random: &random),
                             reason: random.pick(["product_question", "installment_plan", "availability"]), good: true)
                }
                t = DemoTime.next(after: t, days: random.exponential(mean: 3), .browsing, random: &random)
            }
            if random.chance(0.35) {
                t = session(.web, at: t, category: customer.need, intent: .checkout, search: random.chance(0.3))
                t = DemoTime.next(after: t, days: random.exponential(mean: 2), .browsing, random: &random)
            }
        }

        // BG/NBD: purchase rate per day ~ Gamma(r, α); chance to leave after a purchase ~ Beta(a, b).
        let rate = random.gamma(shape: 0.9, scale: 1.0 / 130)
        let leave = random.beta(0.85, 2.4)
        var purchaseAt = t
        var k = 0
        var lastActivity = t
        while purchaseAt <= endMs && k < 40 {
            k += 1
            let channel: PurchaseChannel = k == 1 && storeFirst ? .store : random.pickWeighted(preference)
            // What they buy follows their budget this time (Gamma-Gamma): the first time in the category they came for.
            let budget = random.gamma(shape: DemoCustomer.spendP, scale: customer.spendLevel / DemoCustomer.spendP)
            let product = DemoCatalog.product(near: budget, in: k == 1 ? customer.need : nil, random: &random)
            let (end, order) = purchase(channel, at: purchaseAt, product: product, notBefore: lastActivity)
            lastActivity = end
            let stays = afterPurchase(order, channel: channel, at: end)
            // As in BG/NBD, the coin for leaving is tossed after each repeat purchase (not the first).
            if !stays || (k >= 2 && random.chance(leave)) { break }
            // Next purchase: exponential waiting time, thinned by the season.
            var next = purchaseAt
            var accepted = false
            for _ in 0..<50 {
                next += Int64(random.exponential(mean: 1 / max(rate, 1e-6)) * Double(DemoTime.day))
                if next > endMs { break }
                if random.unit() * DemoTime.peakSeasonality < DemoTime.seasonality(month: DemoTime.month(next).month) {
                    accepted = true
                    break
                }
            }
            if !accepted { break }
            // Research in the days before, and now and then a visit in between.
            let gapDays = Double(next - purchaseAt) / Double(DemoTime.day)
            if gapDays > 45, random.chance(0.45) {
                let middle = DemoTime.next(after: purchaseAt, days: gapDays / 2, .browsing, random: &random)
                _ = session(random.chance(0.5) && customer.usesApp ? .app : .web, at: middle, category: randomCategory(),
                            intent: .browse, campaign: random.chance(0.3) ? campaign(at: middle) : nil)
            }
            // One purchase a day at most (so CSV rows stay distinct), at an hour people shop.
            purchaseAt = DemoTime.next(after: max(next, end + DemoTime.day) - DemoTime.day, days: 1, .browsing, random: &random)
        }

        // After the last purchase some still look around now and then.
        if random.chance(hadBadExperience ? 0.3 : 0.4) {
            let later = DemoTime.next(after: lastActivity, days: random.exponential(mean: 60), .browsing, random: &random)
            if later <= endMs {
                _ = session(.web, at: later, category: randomCategory(), intent: .browse, search: random.chance(0.5))
            }
        }
    }

    // MARK: Purchases

    /// Research and checkout online, or a visit to the shop. Returns when it ended and the order.
    mutating func purchase(_ channel: PurchaseChannel, at start: Int64, product: DemoProduct, notBefore: Int64) -> (Int64, DemoOrder) {
        var t = start
        let category = product.category
        // Looking around first, often on another device (research online, buy offline).
        if random.chance(channel == .store ? 0.5 : 0.35) {
            let research = DemoTime.next(after: t - Int64(random.double(1.2...6) * Double(DemoTime.day)), days: 0, .browsing, random: &random)
            if research > notBefore {
                let end = session(customer.usesApp && random.chance(0.5) ? .app : .web, at: research, category: category,
                                  intent: .browse, search: true)
                t = max(t, end + DemoTime.hour)
            }
        }
        let order = makeOrder(main: product, channel: channel, at: t)
        switch channel {
        case .store:
            return (storeVisit(at: DemoTime.next(after: t, days: 0, .store, random: &random), order: order), order)
        case .web, .app:
            let campaign = random.chance(0.3) ? campaign(at: t) : nil
            let end = session(channel == .app ? .app : .web, at: t, category: category, intent: .order(order),
                              campaign: campaign, search: random.chance(0.5),
                              signUp: signedUp ? nil : ("email", "checkout"), chat: random.chance(0.05))
            return (end, order)
        }
    }

    mutating func makeOrder(main: DemoProduct, channel: PurchaseChannel, at ms: Int64) -> DemoOrder {
        orderCount += 1
        let category = main.category
        var lines = [DemoOrder.Line(product: main, quantity: category == .accessory && random.chance(0.2) ? 2 : 1)]
        for sku in category.accessories where random.chance(0.15) && lines.count < 3 {
            if let product = DemoCatalog.bySKU[sku] { lines.append(DemoOrder.Line(product: product, quantity: 1)) }
        }
        let items = lines.reduce(0) { $0 + $1.product.priceCents * $1.quantity }
        let month = DemoTime.month(ms).month
        var coupon: String?
        var discount = 0
        if month == 11, random.chance(0.35) {
            coupon = "BLACKWEEK10"
            discount = min(items / 10, 50_000)
        } else if channel == .app, orderCount == 1, items >= 20_000, random.chance(0.5) {
            coupon = "APP50"
            discount = 5_000
        } else if channel != .store, random.chance(0.05) {
            coupon = "NEWSLETTER5"
            discount = items / 20
        }
        let bulky: Set<DemoCategory> = [.fridge, .washer, .dishwasher]
        let shipping = channel == .store || bulky.contains(category) || items - discount >= 9_900 ? 0 : 1_499
        let number = customer.userId.dropFirst(2)
        let id: String
        if channel == .store {
            id = "POS-\(customer.store.id)-\(number)-\(orderCount)"
        } else {
            let date = DemoTime.month(ms)
            id = "ZAM-\(date.year)\(DemoTime.twoDigits(date.month))-\(number)-\(orderCount)"
        }
        return DemoOrder(id: id, lines: lines, coupon: coupon, discountCents: discount, shippingCents: shipping)
    }

    /// A shop visit: the loyalty card is scanned at the till; the first time it is issued and linked.
    mutating func storeVisit(at start: Int64, order: DemoOrder) -> Int64 {
        var t = start
        let storeContext = storeContext()
        if !loyaltyLinked {
            var traits: [String: JSONValue] = ["loyaltyCard": J.s(customer.loyaltyCard), "preferredStore": J.s(customer.store.name)]
            if !signedUp { traits.merge(personTraits(at: t)) { _, new in new } }
            emit("identify", t, anonymousId: nil, userId: customer.userId, context: storeContext, ["traits": J.o(traits)])
            if !signedUp {
                t += gap()
                let newsletter = random.chance(0.5)
                emit("track", t, anonymousId: nil, userId: customer.userId, context: storeContext, [
                    "event": J.s("Signed Up"),
                    "properties": J.o(["method": J.s("loyalty_card"), "source": J.s("store"), "store_id": J.s(customer.store.id), "newsletter": J.b(newsletter)]),
                ])
                markSignedUp(at: t, newsletter: newsletter)
            }
            loyaltyLinked = true
            t += gap(20...120)
        }
        var properties = order.properties(affiliation: customer.store.name)
        properties["store_id"] = J.s(customer.store.id)
        properties["store_name"] = J.s(customer.store.name)
        properties["city"] = J.s(customer.store.city)
        properties["payment_method"] = J.s(random.pickWeighted([("card", 6.0), ("blik", 2), ("cash", 2), ("installments", order.totalCents > 100_000 ? 3 : 0.2)]))
        emitOrder(t, anonymousId: nil, context: storeContext, properties: properties, order: order)
        return t
    }

    func storeContext() -> [String: JSONValue] {
        [
            "channel": J.s("store"),
            "externalIds": J.a([J.o(["id": J.s(customer.loyaltyCard), "type": J.s("loyalty_card"), "collection": J.s("users"), "encoding": J.s("none")])]),
            "location": J.o(["city": J.s(customer.store.city), "country": J.s("PL")]),
        ]
    }

    mutating func emitOrder(_ time: Int64, anonymousId: String?, context: [String: JSONValue], properties: [String: JSONValue], order: DemoOrder) {
        let ms = DemoTime.wholeSecond(time)
        emit("track", ms, anonymousId: anonymousId, userId: customer.userId, context: context,
             ["event": J.s("Order Completed"), "properties": J.o(properties)])
        purchases.append(DemoPurchase(ms: ms, customer: customer.index, userId: customer.userId, orderId: order.id, totalCents: order.totalCents))
    }

    // MARK: Helpers

    mutating func gap(_ seconds: ClosedRange<Int> = 8...110) -> Int64 { Int64(random.int(seconds)) * 1000 }

    /// Something else to look at, as their taste and budget go.
    mutating func randomCategory() -> DemoCategory {
        DemoCategory.allCases[random.weighted(DemoCatalog.categoryWeights(premium: customer.premium))]
    }

    mutating func campaign(at ms: Int64) -> DemoCatalog.Campaign {
        let date = DemoTime.month(ms)
        return DemoCatalog.campaign(month: date.month, year: date.year, category: customer.need, random: &random)
    }

    func surfaceContext(_ surface: Surface, _ path: String, _ title: String, _ at: Int64) -> [String: JSONValue] {
        surface == .app ? appContext(at: at) : webContext(path: path, title: title, referrer: nil, campaign: nil)
    }

    func appVersion(_ ms: Int64) -> String {
        let date = DemoTime.month(ms)
        return "\(date.year - 2019).\(date.month).\(date.year % 3)"
    }

    func appContext(at ms: Int64) -> [String: JSONValue] {
        let device = customer.device
        return [
            "channel": J.s("mobile"),
            "app": J.o(["name": J.s("Elektro Świat"), "version": J.s(appVersion(ms)), "namespace": J.s("pl.elektroswiat.app")]),
            "device": J.o(["type": J.s(device.type), "manufacturer": J.s(device.manufacturer), "model": J.s(device.model)]),
            "os": J.o(["name": J.s(device.osName), "version": J.s(device.osVersion)]),
            "locale": J.s("pl-PL"),
        ]
    }

    func webContext(path: String, title: String, referrer: String?, campaign: DemoCatalog.Campaign?) -> [String: JSONValue] {
        var page: [String: JSONValue] = ["path": J.s(path), "url": J.s("https://www.elektroswiat.pl" + path), "title": J.s(title)]
        if let referrer { page["referrer"] = J.s(referrer) }
        var context: [String: JSONValue] = ["page": J.o(page), "userAgent": J.s(customer.userAgent), "locale": J.s("pl-PL")]
        if let campaign {
            var fields: [String: JSONValue] = ["name": J.s(campaign.name), "source": J.s(campaign.source), "medium": J.s(campaign.medium)]
            if let term = campaign.term { fields["term"] = J.s(term) }
            if let content = campaign.content { fields["content"] = J.s(content) }
            context["campaign"] = J.o(fields)
        }
        return context
    }

    mutating func emitPage(_ ms: Int64, anonymousId: String, userId: String?, name: String, category: String?, path: String,
                                   title: String, referrer: String?, campaign: DemoCatalog.Campaign?) {
        var properties: [String: JSONValue] = ["path": J.s(path), "url": J.s("https://www.elektroswiat.pl" + path), "title": J.s(title)]
        if let referrer { properties["referrer"] = J.s(referrer) }
        var fields: [String: JSONValue] = ["name": J.s(name), "properties": J.o(properties)]
        if let category { fields["category"] = J.s(category) }
        emit("page", ms, anonymousId: anonymousId, userId: userId,
             context: webContext(path: path, title: title, referrer: referrer, campaign: campaign), fields)
    }

    mutating func emit(_ type: String, _ ms: Int64, anonymousId: String?, userId: String?, context: [String: JSONValue],
                               _ fields: [String: JSONValue]) {
        var object = fields
        object["type"] = .string(type)
        object["messageId"] = .string(random.uuid())
        if let anonymousId { object["anonymousId"] = .string(anonymousId) }
        if let userId { object["userId"] = .string(userId) }
        if !context.isEmpty { object["context"] = .object(context) }
        messages.append(DemoMessage(ms: DemoTime.wholeSecond(ms), customer: customer.index, sequence: sequence, fields: object))
        sequence += 1
    }
}
