import Foundation

private typealias J = DemoJSON

/// Simulates one customer's history across every channel, as the messages the channels would send.
///
/// The shape follows the six-stage cycle: anonymous visits with searches and campaigns (need,
/// awareness), sign-up, carts, chats and calls (interaction), purchases online and in stores
/// (experience), repeat purchases, e-mail engagement and reviews (engagement), recommendations and
/// promoter scores (loyalty), and, for some, a bad service contact after which they drift away.
/// Repeat purchases follow the BG/NBD story: a personal purchase rate drawn from a gamma distribution
/// and, after each purchase, a chance of leaving for good drawn from a beta distribution.
struct DemoJourney {
    enum Surface { case web, app }
    enum Intent { case browse, cart, checkout, order(DemoOrder) }
    enum PurchaseChannel { case web, app, store }

    let customer: DemoCustomer
    let startMs: Int64
    let endMs: Int64
    var random: DemoRandom
    private(set) var messages: [DemoMessage] = []
    private(set) var purchases: [DemoPurchase] = []

    private var sequence = 0
    private var webIdentified = false
    private var appIdentified = false
    private var appInstalled = false
    private var signedUp = false
    private var subscribedAt: Int64?
    private var loyaltyLinked = false
    private var orderCount = 0
    private var hadBadExperience = false
    /// Newsletter open rate from an instant on, as the relationship changes.
    private var engagement: [(from: Int64, openRate: Double)] = []

    init(customer: DemoCustomer, seed: UInt64, startMs: Int64, endMs: Int64) {
        self.customer = customer
        self.startMs = startMs
        self.endMs = endMs
        random = DemoRandom(seed: seed, stream: UInt64(customer.index) &+ 1)
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
    private mutating func browserLater(from start: Int64) {
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
    private mutating func interactorLater(from start: Int64) {
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
    private mutating func buyerLater(from start: Int64, storeFirst: Bool) {
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
            let category = k == 1 ? customer.need : randomCategory(afterPurchase: true)
            let (end, order) = purchase(channel, at: purchaseAt, category: category, notBefore: lastActivity)
            lastActivity = end
            let stays = afterPurchase(order, channel: channel, at: end)
            if !stays || random.chance(leave) { break }
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
    private mutating func purchase(_ channel: PurchaseChannel, at start: Int64, category: DemoCategory, notBefore: Int64) -> (Int64, DemoOrder) {
        var t = start
        // Looking around first, often on another device (research online, buy offline).
        if random.chance(channel == .store ? 0.5 : 0.35) {
            let research = DemoTime.next(after: t - Int64(random.double(1.2...6) * Double(DemoTime.day)), days: 0, .browsing, random: &random)
            if research > notBefore {
                let end = session(customer.usesApp && random.chance(0.5) ? .app : .web, at: research, category: category,
                                  intent: .browse, search: true)
                t = max(t, end + DemoTime.hour)
            }
        }
        let order = makeOrder(category: category, channel: channel, at: t)
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

    private mutating func makeOrder(category: DemoCategory, channel: PurchaseChannel, at ms: Int64) -> DemoOrder {
        orderCount += 1
        let candidates = DemoCatalog.byCategory[category] ?? DemoCatalog.products
        let main = random.pick(candidates)
        var lines = [DemoOrder.Line(product: main, quantity: category == .accessory && random.chance(0.2) ? 2 : 1)]
        for sku in category.accessories where random.chance(0.2) && lines.count < 3 {
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
    private mutating func storeVisit(at start: Int64, order: DemoOrder) -> Int64 {
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

    private func storeContext() -> [String: JSONValue] {
        [
            "channel": J.s("store"),
            "externalIds": J.a([J.o(["id": J.s(customer.loyaltyCard), "type": J.s("loyalty_card"), "collection": J.s("users"), "encoding": J.s("none")])]),
            "location": J.o(["city": J.s(customer.store.city), "country": J.s("PL")]),
        ]
    }

    private mutating func emitOrder(_ time: Int64, anonymousId: String?, context: [String: JSONValue], properties: [String: JSONValue], order: DemoOrder) {
        let ms = DemoTime.wholeSecond(time)
        emit("track", ms, anonymousId: anonymousId, userId: customer.userId, context: context,
             ["event": J.s("Order Completed"), "properties": J.o(properties)])
        purchases.append(DemoPurchase(ms: ms, customer: customer.index, userId: customer.userId, orderId: order.id, totalCents: order.totalCents))
    }

    /// What follows a purchase: service questions, returns, surveys, reviews, recommendations, and
    /// sometimes a bad experience. Returns false when the customer leaves because of it.
    private mutating func afterPurchase(_ order: DemoOrder, channel: PurchaseChannel, at purchased: Int64) -> Bool {
        let k = orderCount
        if !hadBadExperience && random.chance(0.075) {
            hadBadExperience = true
            return badExperience(order, channel: channel, at: purchased)
        }
        setEngagement(from: purchased, k >= 3 ? 0.38 : k == 2 ? 0.3 : 0.22)
        if channel != .store {
            if random.chance(0.1) {
                _ = call(at: DemoTime.next(after: purchased, days: random.double(1...3), .callCentre, random: &random),
                         reason: "delivery_status", good: true, orderId: order.id)
            } else if random.chance(0.05) {
                _ = chat(at: DemoTime.next(after: purchased, days: random.double(1...3), .chat, random: &random),
                         topic: ("order_status", "Kiedy dotrze moje zamówienie \(order.id)?"), good: true)
            }
        }
        if [.tv, .washer, .dishwasher, .coffee].contains(order.main.category), random.chance(0.12) {
            _ = call(at: DemoTime.next(after: purchased, days: random.double(2...6), .callCentre, random: &random),
                     reason: "installation", good: true, orderId: order.id)
        }
        if random.chance(0.035) {
            var at = DemoTime.next(after: purchased, days: random.double(3...14), .browsing, random: &random)
            if channel != .store, random.chance(0.4) {
                at = call(at: DemoTime.next(after: purchased, days: random.double(2...10), .callCentre, random: &random),
                          reason: "return_request", good: true, orderId: order.id)
                at = DemoTime.next(after: at, days: random.double(2...7), .browsing, random: &random)
            }
            refund(order, channel: channel, at: at, reason: "withdrawal_14_days")
        }
        if order.totalCents > 300_000, random.chance(0.04) {
            _ = call(at: DemoTime.next(after: purchased, days: random.double(2...20), .callCentre, random: &random),
                     reason: "invoice", good: true, orderId: order.id)
        }
        if random.chance(0.3) {
            let at = DemoTime.next(after: purchased, days: random.double(3...8), .browsing, random: &random)
            npsSurvey(at: at, score: normalScore(k: k), orderId: order.id)
        }
        if random.chance(min(0.45, 0.08 + 0.05 * Double(k))) {
            let at = DemoTime.next(after: purchased, days: random.double(5...30), .browsing, random: &random)
            review(order.main, at: at, rating: random.pickWeighted([(5, 0.55), (4, 0.3), (3, 0.1), (2, 0.03), (1, 0.02)]))
        }
        if random.chance(k >= 3 ? 0.3 : k == 2 ? 0.1 : 0.03) {
            let at = DemoTime.next(after: purchased, days: random.double(1...25), .browsing, random: &random)
            share(order.main, at: at)
        }
        if random.chance(0.02) {
            _ = call(at: DemoTime.next(after: purchased, days: random.double(30...200), .callCentre, random: &random),
                     reason: "warranty_repair", good: true, orderId: order.id)
        }
        return true
    }

    /// A delivery or product problem handled badly: long waits, no resolution, a complaint, a low score.
    private mutating func badExperience(_ order: DemoOrder, channel: PurchaseChannel, at purchased: Int64) -> Bool {
        let complaint = random.pick(DemoCatalog.complaints)
        var t = DemoTime.next(after: purchased, days: random.double(1...8), .callCentre, random: &random)
        t = call(at: t, reason: complaint.callReason, good: false, orderId: order.id)
        if random.chance(0.5) {
            t = call(at: DemoTime.next(after: t, days: random.double(1...5), .callCentre, random: &random),
                     reason: complaint.callReason, good: false, orderId: order.id)
        }
        if random.chance(0.4) {
            t = chat(at: DemoTime.next(after: t, days: random.double(0.5...3), .chat, random: &random),
                     topic: (complaint.reason, complaint.description), good: false)
        }
        let filedVia: String = channel == .store ? random.pickWeighted([("store", 3.0), ("phone", 1), ("email", 1)])
            : random.pickWeighted([("web", 3.0), ("phone", 2), ("email", 2)])
        t = DemoTime.next(after: t, days: random.double(0...2), filedVia == "store" ? .store : .chat, random: &random)
        var context: [String: JSONValue] = ["channel": J.s(filedVia)]
        var anonymousId: String?
        if filedVia == "web" {
            context = webContext(path: "/konto/reklamacje/nowa", title: "Zgłoś reklamację", referrer: nil, campaign: nil)
            anonymousId = customer.webAnonymousId
        } else if filedVia == "store" {
            context = storeContext()
        }
        emit("track", t, anonymousId: anonymousId, userId: customer.userId, context: context, [
            "event": J.s("Complaint Filed"),
            "properties": J.o([
                "complaint_id": J.s("REK-\(customer.userId.dropFirst(2))-\(orderCount)"), "order_id": J.s(order.id),
                "reason": J.s(complaint.reason), "description": J.s(complaint.description),
                "product_id": J.s(order.main.id), "product_name": J.s(order.main.name),
            ]),
        ])
        if random.chance(0.5) {
            refund(order, channel: channel, at: DemoTime.next(after: t, days: random.double(7...35), .browsing, random: &random),
                   reason: complaint.reason)
        }
        if random.chance(0.8) {
            npsSurvey(at: DemoTime.next(after: t, days: random.double(2...10), .browsing, random: &random),
                      score: random.pickWeighted([(0, 2.0), (1, 2), (2, 3), (3, 3), (4, 2), (5, 1)]), orderId: order.id)
        }
        let recovered = random.chance(0.3)
        if recovered {
            // Service recovery: a supervisor calls back and makes it right.
            let at = DemoTime.next(after: t, days: random.double(1...6), .callCentre, random: &random)
            emitCall(at: at, reason: "callback", wait: 0, talk: random.int(240...720), outcome: "resolved_goodwill",
                     orderId: order.id, extra: ["voucher_value": J.d(100), "direction": J.s("outbound")])
            setEngagement(from: at, 0.15)
        } else {
            setEngagement(from: t, 0.04)
        }
        return recovered
    }

    private mutating func refund(_ order: DemoOrder, channel: PurchaseChannel, at ms: Int64, reason: String) {
        let context: [String: JSONValue]
        var anonymousId: String?
        switch channel {
        case .store: context = storeContext()
        case .web, .app:
            context = webContext(path: "/konto/zwroty", title: "Zwroty i reklamacje", referrer: nil, campaign: nil)
            anonymousId = customer.webAnonymousId
        }
        emit("track", ms, anonymousId: anonymousId, userId: customer.userId, context: context, [
            "event": J.s("Order Refunded"),
            "properties": J.o(["order_id": J.s(order.id), "total": J.pln(order.totalCents), "currency": J.s("PLN"),
                               "reason": J.s(reason), "products": order.productsJSON()]),
        ])
    }

    // MARK: Feedback

    private mutating func normalScore(k: Int) -> Int {
        let promoter = min(0.8, 0.34 + 0.1 * Double(k - 1))
        let detractor = max(0.05, 0.16 - 0.03 * Double(k - 1))
        let roll = random.unit()
        if roll < promoter { return random.int(9...10) }
        if roll < 1 - detractor { return random.int(7...8) }
        return random.int(3...6)
    }

    private mutating func comment(score: Int) -> String {
        let kind = score >= 9 ? 0 : score >= 7 ? 1 : 2
        switch customer.person.origin {
        case .english:
            return random.pick([DemoCatalog.englishComments.promoter, DemoCatalog.englishComments.passive, DemoCatalog.englishComments.detractor][kind])
        case .ukrainian where random.chance(0.4):
            return random.pick([DemoCatalog.russianComments.promoter, DemoCatalog.russianComments.passive, DemoCatalog.russianComments.detractor][kind])
        default:
            return random.pick([DemoCatalog.promoterComments, DemoCatalog.passiveComments, DemoCatalog.detractorComments][kind])
        }
    }

    private mutating func npsSurvey(at ms: Int64, score: Int, orderId: String) {
        var properties: [String: JSONValue] = [
            "survey_id": J.s("nps_post_purchase"), "survey_type": J.s("nps"),
            "question": J.s("Jak bardzo prawdopodobne jest, że polecisz Elektro Świat znajomemu?"),
            "score": J.n(score), "order_id": J.s(orderId),
        ]
        if random.chance(score <= 6 ? 0.8 : 0.5) { properties["comment"] = J.s(comment(score: score)) }
        emit("track", ms, anonymousId: nil, userId: customer.userId,
             context: ["channel": J.s("email"), "traits": J.o(["email": J.s(customer.email)])],
             ["event": J.s("Survey Answered"), "properties": J.o(properties)])
    }

    private mutating func csatSurvey(at ms: Int64, contactId: String, channel: String, good: Bool) {
        let score = good ? random.pickWeighted([(5, 0.55), (4, 0.3), (3, 0.1), (2, 0.05)]) : random.pickWeighted([(1, 0.6), (2, 0.3), (3, 0.1)])
        emit("track", ms, anonymousId: nil, userId: customer.userId, context: ["channel": J.s("email")], [
            "event": J.s("Survey Answered"),
            "properties": J.o(["survey_id": J.s("csat_contact"), "survey_type": J.s("csat"), "score": J.n(score),
                               "question": J.s("Jak oceniasz rozmowę z naszym konsultantem?"),
                               "contact_id": J.s(contactId), "contact_channel": J.s(channel)]),
        ])
    }

    private mutating func review(_ product: DemoProduct, at ms: Int64, rating: Int) {
        let body = rating >= 4 ? random.pick(DemoCatalog.reviewBodies.good) : rating == 3 ? random.pick(DemoCatalog.reviewBodies.mixed) : random.pick(DemoCatalog.reviewBodies.bad)
        let app = appIdentified && random.chance(0.4)
        emit("track", ms, anonymousId: app ? customer.appAnonymousId : customer.webAnonymousId, userId: customer.userId,
             context: app ? appContext(at: ms) : webContext(path: product.path + "/opinie", title: "Opinie: \(product.name)", referrer: nil, campaign: nil),
             ["event": J.s("Product Reviewed"),
              "properties": J.o(["product_id": J.s(product.id), "name": J.s(product.name), "review_id": J.s("RV-" + random.digits(8)),
                                 "review_body": J.s(body), "rating": J.n(rating)])])
    }

    private mutating func share(_ product: DemoProduct, at ms: Int64) {
        let app = appIdentified && random.chance(0.5)
        let via: String = random.pickWeighted([("whatsapp", 3.0), ("facebook", 2), ("messenger", 2), ("email", 1), ("link", 1)])
        emit("track", ms, anonymousId: app ? customer.appAnonymousId : customer.webAnonymousId, userId: customer.userId,
             context: app ? appContext(at: ms) : webContext(path: product.path, title: product.name, referrer: nil, campaign: nil),
             ["event": J.s("Product Shared"),
              "properties": J.o(["product_id": J.s(product.id), "name": J.s(product.name), "price": J.pln(product.priceCents),
                                 "url": J.s(product.url), "share_via": J.s(via),
                                 "share_message": J.s(random.pick(["Zobacz, polecam!", "Mam i jestem zadowolony, bierz śmiało", "Tu kupiłem, świetna obsługa", "Sprawdź to"]))])])
    }

    // MARK: Service contacts

    /// An inbound call to the contact centre; returns when it ended.
    private mutating func call(at ms: Int64, reason: String, good: Bool, orderId: String? = nil) -> Int64 {
        let wait = good ? Int(random.exponential(mean: 70)) + 10 : random.int(420...1800)
        let talk = good ? random.int(90...420) : random.int(240...900)
        let outcome: String = good ? random.pickWeighted([("resolved", 0.85), ("callback_promised", 0.1), ("transferred", 0.05)])
            : random.pickWeighted([("unresolved", 0.5), ("callback_promised", 0.3), ("escalated", 0.2)])
        let contactId = emitCall(at: ms, reason: reason, wait: wait, talk: talk, outcome: outcome, orderId: orderId, extra: ["direction": J.s("inbound")])
        let end = ms + Int64(wait + talk) * 1000
        if signedUp, random.chance(good ? 0.2 : 0.45) {
            csatSurvey(at: end + Int64(random.int(10...240)) * DemoTime.minute, contactId: contactId, channel: "phone", good: good)
        }
        return end
    }

    @discardableResult
    private mutating func emitCall(at ms: Int64, reason: String, wait: Int, talk: Int, outcome: String, orderId: String?,
                                   extra: [String: JSONValue]) -> String {
        let callId = "CALL-" + random.uuid().prefix(13).uppercased()
        let queue: String
        switch reason {
        case "delivery_status", "invoice", "return_request": queue = "zamowienia"
        case "warranty_repair", "complaint", "callback", "installation": queue = "serwis_reklamacje"
        default: queue = "doradztwo"
        }
        var properties: [String: JSONValue] = [
            "call_id": J.s(callId), "queue": J.s(queue), "reason": J.s(reason), "waitSeconds": J.n(wait), "talkSeconds": J.n(talk),
            "outcome": J.s(outcome), "agent_id": J.s("AG-\(random.int(101...164))"),
        ]
        if let orderId { properties["order_id"] = J.s(orderId) }
        properties.merge(extra) { _, new in new }
        // The telephony system knows the caller's number; the agent finds the account (most of the time).
        let known = signedUp && random.chance(0.85)
        let phone = DemoNames.phoneText(customer.phoneDigits, random: &random)
        emit("track", ms, anonymousId: known ? nil : "cc-" + random.uuid(), userId: known ? customer.userId : nil,
             context: ["channel": J.s("phone"), "traits": J.o(["phone": J.s(phone)])],
             ["event": J.s("Call Completed"), "properties": J.o(properties)])
        return callId
    }

    /// A chat on the website: the widget shares the site's anonymousId. Returns when it ended.
    private mutating func chat(at ms: Int64, topic: (String, String), good: Bool) -> Int64 {
        var t = ms
        let conversation = "CH-" + random.uuid()
        let userId = webIdentified || signedUp ? customer.userId : nil
        let context: [String: JSONValue] = ["channel": J.s("chat"), "page": J.o(["url": J.s("https://www.elektroswiat.pl/pomoc")])]
        let bot = good && random.chance(0.4)
        let agent = bot ? "asystent" : "AG-\(random.int(201...236))"
        emit("track", t, anonymousId: customer.webAnonymousId, userId: userId, context: context, [
            "event": J.s("Live Chat Conversation Started"),
            "properties": J.o(["conversation_id": J.s(conversation), "topic": J.s(topic.0)]),
        ])
        t += gap(5...40)
        emit("track", t, anonymousId: customer.webAnonymousId, userId: userId, context: context, [
            "event": J.s("Live Chat Message Sent"),
            "properties": J.o(["conversation_id": J.s(conversation), "message_body": J.s(topic.1)]),
        ])
        t += good ? gap(15...120) : gap(300...1500)
        let answer = good ? random.pick(["Dzień dobry, już sprawdzam.", "Tak, ten model to obsługuje.", "Zamówienie jest w drodze, kurier dostarczy je jutro.", "Oczywiście, przesyłam link do instrukcji."])
            : random.pick(["Przekażę sprawę do działu reklamacji.", "Proszę o cierpliwość, sprawdzamy.", "Nie mam wglądu w tę sprawę, proszę zadzwonić na infolinię."])
        emit("track", t, anonymousId: customer.webAnonymousId, userId: userId, context: context, [
            "event": J.s("Live Chat Message Received"),
            "properties": J.o(["conversation_id": J.s(conversation), "message_body": J.s(answer), "agent_id": J.s(agent)]),
        ])
        let duration = Int((t - ms) / 1000) + random.int(30...400)
        t = ms + Int64(duration) * 1000
        emit("track", t, anonymousId: customer.webAnonymousId, userId: userId, context: context, [
            "event": J.s("Live Chat Conversation Ended"),
            "properties": J.o(["conversation_id": J.s(conversation), "topic": J.s(topic.0), "agent_id": J.s(agent),
                               "outcome": J.s(good ? (bot ? "answered_by_assistant" : "resolved") : random.pick(["escalated", "unresolved"])),
                               "duration_seconds": J.n(duration)]),
        ])
        if userId != nil, random.chance(good ? 0.2 : 0.45) {
            csatSurvey(at: t + Int64(random.int(2...60)) * DemoTime.minute, contactId: conversation, channel: "chat", good: good)
        }
        return t
    }

    // MARK: Sessions on the web and in the app

    /// One visit. Returns when it ended.
    @discardableResult
    private mutating func session(_ surface: Surface, at start: Int64, category: DemoCategory, intent: Intent,
                                  campaign: DemoCatalog.Campaign? = nil, search: Bool = false,
                                  signUp: (method: String, source: String)? = nil, chat: Bool = false) -> Int64 {
        var t = start
        let anonymousId = surface == .web ? customer.webAnonymousId : customer.appAnonymousId
        var userId: String? = (surface == .web ? webIdentified : appIdentified) ? customer.userId : nil
        let referrer = campaign == nil ? (random.chance(0.55) ? random.pick(DemoCatalog.referrers) : nil) : nil
        let month = DemoTime.month(t).month

        // Landing.
        if surface == .app {
            if !appInstalled {
                emit("track", t, anonymousId: anonymousId, userId: userId, context: appContext(at: t), [
                    "event": J.s("Application Installed"), "properties": J.o(["version": J.s(appVersion(t))]),
                ])
                appInstalled = true
                t += gap(3...30)
            }
            emit("track", t, anonymousId: anonymousId, userId: userId, context: appContext(at: t), [
                "event": J.s("Application Opened"), "properties": J.o(["from_background": J.b(false), "version": J.s(appVersion(t))]),
            ])
            t += gap(1...5)
            if signedUp && !appIdentified {
                // Logs in on the app: the app's anonymousId joins the profile, the e-mail as typed on the phone.
                emit("identify", t, anonymousId: anonymousId, userId: customer.userId, context: appContext(at: t), [
                    "traits": J.o(["email": J.s(customer.emailVariant)]),
                ])
                appIdentified = true
                userId = customer.userId
                t += gap(5...30)
            }
            emit("screen", t, anonymousId: anonymousId, userId: userId, context: appContext(at: t), [
                "name": J.s("Strona główna"), "properties": J.o(["screen_class": J.s("HomeViewController")]),
            ])
        } else {
            let landsOnCategory = campaign.map { $0.medium == "cpc" || $0.medium == "comparison" } ?? false
            let path = landsOnCategory ? category.path : "/"
            let title = landsOnCategory ? "\(category.title) – Elektro Świat" : "Elektro Świat – sklep z elektroniką i AGD"
            emitPage(t, anonymousId: anonymousId, userId: userId, name: landsOnCategory ? category.title : "Strona główna",
                     category: landsOnCategory ? "Kategoria" : nil, path: path, title: title, referrer: referrer, campaign: campaign)
        }
        t += gap()

        // Promotions, search, a list, products.
        if random.chance(campaign?.medium == "paid_social" ? 0.7 : 0.3) {
            let promotion = DemoCatalog.promotion(month: month, random: &random)
            emit("track", t, anonymousId: anonymousId, userId: userId, context: surfaceContext(surface, "/", "Elektro Świat", t), [
                "event": J.s("Promotion Viewed"),
                "properties": J.o(["promotion_id": J.s(promotion.id), "name": J.s(promotion.name), "creative": J.s(promotion.creative),
                                   "position": J.s(surface == .app ? "app_home_banner" : "home_hero")]),
            ])
            t += gap()
        }
        if search {
            let query = random.pick(category.queries)
            emit("track", t, anonymousId: anonymousId, userId: userId,
                 context: surfaceContext(surface, "/szukaj?q=" + query.replacingOccurrences(of: " ", with: "+"), "Wyniki wyszukiwania", t),
                 ["event": J.s("Products Searched"), "properties": J.o(["query": J.s(query)])])
            t += gap()
        }
        let listed = DemoCatalog.byCategory[category] ?? DemoCatalog.products
        let offset = random.below(listed.count)
        let shown = (0..<min(3, listed.count)).map { listed[(offset + $0) % listed.count] }
        emit("track", t, anonymousId: anonymousId, userId: userId, context: surfaceContext(surface, category.path, category.title, t), [
            "event": J.s("Product List Viewed"),
            "properties": J.o(["list_id": J.s(category.rawValue), "category": J.s(category.title),
                               "products": J.a(shown.enumerated().map { $1.listItem(position: $0 + 1) })]),
        ])
        t += gap()

        var order: DemoOrder?
        if case .order(let planned) = intent { order = planned }
        let main = order?.main ?? random.pick(listed)
        var viewed = [main]
        if case .browse = intent, random.chance(0.5) { viewed.insert(random.pick(listed), at: 0) }
        for product in viewed {
            if surface == .web {
                emitPage(t, anonymousId: anonymousId, userId: userId, name: product.name, category: "Produkt", path: product.path,
                         title: product.name, referrer: nil, campaign: nil)
            } else {
                emit("screen", t, anonymousId: anonymousId, userId: userId, context: appContext(at: t), [
                    "name": J.s("Produkt"), "properties": J.o(["product_id": J.s(product.id), "name": J.s(product.name)]),
                ])
            }
            t += gap(2...8)
            emit("track", t, anonymousId: anonymousId, userId: userId, context: surfaceContext(surface, product.path, product.name, t), [
                "event": J.s("Product Viewed"), "properties": J.o(product.properties()),
            ])
            t += gap(20...180)
        }

        if chat {
            t = self.chat(at: t, topic: random.pickWeighted(DemoCatalog.chatTopics.map { (($0.0, $0.1), $0.2) }), good: true)
            t += gap()
        }

        let cartId = random.uuid()
        var wantsCart = false
        var wantsCheckout = false
        switch intent {
        case .browse: break
        case .cart: wantsCart = true
        case .checkout, .order: wantsCart = true; wantsCheckout = true
        }
        if wantsCart {
            let lines = order?.lines ?? [DemoOrder.Line(product: main, quantity: 1)]
            for line in lines {
                var properties = line.product.properties()
                properties["cart_id"] = J.s(cartId)
                properties["quantity"] = J.n(line.quantity)
                emit("track", t, anonymousId: anonymousId, userId: userId, context: surfaceContext(surface, line.product.path, line.product.name, t), [
                    "event": J.s("Product Added"), "properties": J.o(properties),
                ])
                t += gap(10...90)
            }
        }
        if let signUp {
            t = self.signUp(surface, at: t, method: signUp.method, source: signUp.source)
            userId = customer.userId
            t += gap()
        } else if wantsCheckout, surface == .web, signedUp, !webIdentified {
            // Signs in on this browser to check out.
            emit("identify", t, anonymousId: anonymousId, userId: customer.userId,
                 context: webContext(path: "/konto/logowanie", title: "Zaloguj się", referrer: nil, campaign: nil),
                 ["traits": J.o(["email": J.s(random.chance(0.7) ? customer.email : customer.emailVariant)])])
            webIdentified = true
            userId = customer.userId
            t += gap()
        }
        if wantsCheckout {
            let basket = order ?? DemoOrder(id: "", lines: [DemoOrder.Line(product: main, quantity: 1)], coupon: nil, discountCents: 0, shippingCents: 0)
            var properties: [String: JSONValue] = [
                "cart_id": J.s(cartId), "value": J.pln(basket.totalCents), "revenue": J.pln(basket.subtotalCents),
                "shipping": J.pln(basket.shippingCents), "currency": J.s("PLN"), "products": basket.productsJSON(),
            ]
            if let order { properties["order_id"] = J.s(order.id) }
            if let coupon = order?.coupon { properties["coupon"] = J.s(coupon) }
            emit("track", t, anonymousId: anonymousId, userId: userId, context: surfaceContext(surface, "/koszyk/dostawa", "Dostawa i płatność", t), [
                "event": J.s("Checkout Started"), "properties": J.o(properties),
            ])
            t += gap(60...400)
        }
        if let order {
            var properties = order.properties(affiliation: surface == .app ? "Elektro Świat – aplikacja" : "Elektro Świat – sklep internetowy")
            properties["payment_method"] = J.s(random.pickWeighted([("blik", 5.0), ("card", 3), ("transfer", 2), ("installments", order.totalCents > 100_000 ? 3 : 0.2), ("cash_on_delivery", 0.5)]))
            properties["delivery_method"] = J.s(random.pickWeighted([("courier", 5.0), ("click_and_collect", 3), ("parcel_locker", order.main.category == .fridge || order.main.category == .washer ? 0 : 4)]))
            emitOrder(t, anonymousId: anonymousId, context: surfaceContext(surface, "/zamowienie/potwierdzenie", "Dziękujemy za zamówienie", t),
                      properties: properties, order: order)
        }
        return t
    }

    /// Creates the account: identify (the anonymousId joins the userId) then Signed Up.
    private mutating func signUp(_ surface: Surface, at ms: Int64, method: String, source: String) -> Int64 {
        var t = ms
        let anonymousId = surface == .web ? customer.webAnonymousId : customer.appAnonymousId
        let context = surface == .app ? appContext(at: t) : webContext(path: "/konto/rejestracja", title: "Załóż konto", referrer: nil, campaign: nil)
        let newsletter = method == "newsletter" || random.chance(0.55)
        var traits = personTraits(at: t)
        traits["newsletter"] = J.b(newsletter)
        if method == "newsletter" {
            // A footer form asks for the address only.
            traits = ["email": J.s(customer.email), "newsletter": J.b(true), "createdAt": J.s(DemoTime.iso(t))]
        }
        emit("identify", t, anonymousId: anonymousId, userId: customer.userId, context: context, ["traits": J.o(traits)])
        t += gap(1...4)
        emit("track", t, anonymousId: anonymousId, userId: customer.userId, context: context, [
            "event": J.s("Signed Up"),
            "properties": J.o(["method": J.s(method), "source": J.s(source), "newsletter": J.b(newsletter)]),
        ])
        if surface == .web { webIdentified = true } else { appIdentified = true }
        markSignedUp(at: t, newsletter: newsletter)
        return t
    }

    private mutating func markSignedUp(at ms: Int64, newsletter: Bool) {
        signedUp = true
        if newsletter, subscribedAt == nil {
            subscribedAt = ms
            setEngagement(from: ms, customer.depth == .browser ? 0.1 : 0.18)
        }
    }

    private mutating func personTraits(at ms: Int64) -> [String: JSONValue] {
        let person = customer.person
        var traits: [String: JSONValue] = [
            "email": J.s(random.chance(0.85) ? customer.email : customer.emailVariant),
            "firstName": J.s(person.firstName), "lastName": J.s(person.lastName), "name": J.s(customer.fullName),
            "city": J.s(customer.city), "address": J.o(["city": J.s(customer.city), "country": J.s("PL")]),
            "gender": J.s(person.female ? "female" : "male"), "birthYear": J.n(person.birthYear),
            "createdAt": J.s(DemoTime.iso(ms)),
        ]
        if customer.phoneGiven { traits["phone"] = J.s(DemoNames.phoneText(customer.phoneDigits, random: &random)) }
        return traits
    }

    // MARK: E-mail

    private mutating func setEngagement(from ms: Int64, _ rate: Double) {
        if let last = engagement.last, last.from > ms {
            engagement.removeAll { $0.from > ms }
        }
        engagement.append((ms, rate))
    }

    /// Newsletter opens and clicks, every second Tuesday from the subscription on.
    private mutating func newsletter() {
        guard let subscribed = subscribedAt else { return }
        let firstDay = DemoTime.dayIndex(startMs)
        var sendDay = firstDay + Int64((2 - DemoTime.weekday(days: firstDay) + 7) % 7)
        var rateIndex = 0
        let sorted = engagement.sorted { $0.from < $1.from }
        while true {
            let send = DemoTime.instant(days: sendDay, localHour: 10)
            sendDay += 14
            if send > endMs { break }
            if send < subscribed { continue }
            while rateIndex + 1 < sorted.count && sorted[rateIndex + 1].from <= send { rateIndex += 1 }
            let rate = sorted.isEmpty ? 0.15 : sorted[rateIndex].openRate
            guard random.chance(rate) else { continue }
            let date = DemoTime.month(send)
            let subject = DemoCatalog.seasonalSubject(month: date.month).flatMap { random.chance(0.6) ? $0 : nil } ?? random.pick(DemoCatalog.newsletterSubjects)
            let campaignName = "newsletter_\(date.year)_\(DemoTime.twoDigits(date.month))_\(DemoTime.civil(days: sendDay - 14).day)"
            let emailProperties: [String: JSONValue] = [
                "email_id": J.s("NL-\(sendDay - 14)-\(customer.userId)"), "email_subject": J.s(subject),
                "campaign_id": J.s("NL-\(sendDay - 14)"), "campaign_name": J.s(campaignName),
            ]
            let context: [String: JSONValue] = ["channel": J.s("email"), "traits": J.o(["email": J.s(customer.email)])]
            let opened = send + Int64(min(random.exponential(mean: 6), 70) * 3600) * 1000 + Int64(random.int(1...3600)) * 1000
            emit("track", opened, anonymousId: nil, userId: customer.userId, context: context, [
                "event": J.s("Email Opened"), "properties": J.o(emailProperties),
            ])
            if random.chance(0.2) {
                let category = random.chance(0.5) ? customer.need : randomCategory()
                var properties = emailProperties
                properties["link_url"] = J.s("https://www.elektroswiat.pl\(category.path)?utm_source=newsletter&utm_medium=email&utm_campaign=\(campaignName)")
                let clicked = opened + Int64(random.int(5...240)) * 1000
                emit("track", clicked, anonymousId: nil, userId: customer.userId, context: context, [
                    "event": J.s("Email Link Clicked"), "properties": J.o(properties),
                ])
                let campaign = DemoCatalog.Campaign(name: campaignName, source: "newsletter", medium: "email", term: nil, content: category.rawValue)
                let wasIdentified = webIdentified
                webIdentified = true // the link carries the customer's id
                session(.web, at: clicked + Int64(random.int(2...20)) * 1000, category: category,
                        intent: random.chance(0.25) ? .cart : .browse, campaign: campaign)
                webIdentified = wasIdentified
            }
        }
    }

    private mutating func finish() {
        newsletter()
    }

    // MARK: Helpers

    private mutating func gap(_ seconds: ClosedRange<Int> = 8...110) -> Int64 { Int64(random.int(seconds)) * 1000 }

    private mutating func randomCategory(afterPurchase: Bool = false) -> DemoCategory {
        let categories = DemoCategory.allCases
        var weights = categories.map(\.needWeight)
        if afterPurchase, let index = categories.firstIndex(of: .accessory) { weights[index] *= 2.5 }
        return categories[random.weighted(weights)]
    }

    private mutating func campaign(at ms: Int64) -> DemoCatalog.Campaign {
        let date = DemoTime.month(ms)
        return DemoCatalog.campaign(month: date.month, year: date.year, category: customer.need, random: &random)
    }

    private func surfaceContext(_ surface: Surface, _ path: String, _ title: String, _ at: Int64) -> [String: JSONValue] {
        surface == .app ? appContext(at: at) : webContext(path: path, title: title, referrer: nil, campaign: nil)
    }

    private func appVersion(_ ms: Int64) -> String {
        let date = DemoTime.month(ms)
        return "\(date.year - 2019).\(date.month).\(date.year % 3)"
    }

    private func appContext(at ms: Int64) -> [String: JSONValue] {
        let device = customer.device
        return [
            "channel": J.s("mobile"),
            "app": J.o(["name": J.s("Elektro Świat"), "version": J.s(appVersion(ms)), "namespace": J.s("pl.elektroswiat.app")]),
            "device": J.o(["type": J.s(device.type), "manufacturer": J.s(device.manufacturer), "model": J.s(device.model)]),
            "os": J.o(["name": J.s(device.osName), "version": J.s(device.osVersion)]),
            "locale": J.s("pl-PL"),
        ]
    }

    private func webContext(path: String, title: String, referrer: String?, campaign: DemoCatalog.Campaign?) -> [String: JSONValue] {
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

    private mutating func emitPage(_ ms: Int64, anonymousId: String, userId: String?, name: String, category: String?, path: String,
                                   title: String, referrer: String?, campaign: DemoCatalog.Campaign?) {
        var properties: [String: JSONValue] = ["path": J.s(path), "url": J.s("https://www.elektroswiat.pl" + path), "title": J.s(title)]
        if let referrer { properties["referrer"] = J.s(referrer) }
        var fields: [String: JSONValue] = ["name": J.s(name), "properties": J.o(properties)]
        if let category { fields["category"] = J.s(category) }
        emit("page", ms, anonymousId: anonymousId, userId: userId,
             context: webContext(path: path, title: title, referrer: referrer, campaign: campaign), fields)
    }

    private mutating func emit(_ type: String, _ ms: Int64, anonymousId: String?, userId: String?, context: [String: JSONValue],
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
