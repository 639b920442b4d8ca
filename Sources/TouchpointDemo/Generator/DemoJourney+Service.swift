import Foundation
import TouchpointDomain

private typealias J = DemoJSON

/// After a purchase: service contacts, returns, complaints, surveys, reviews and recommendations.
extension DemoJourney {
    // MARK: After a purchase

    /// What follows a purchase: service questions, returns, surveys, reviews, recommendations, and
    /// sometimes a bad experience. Returns false when the customer leaves because of it.
    mutating func afterPurchase(_ order: DemoOrder, channel: PurchaseChannel, at purchased: Int64) -> Bool {
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
    mutating func badExperience(_ order: DemoOrder, channel: PurchaseChannel, at purchased: Int64) -> Bool {
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

    mutating func refund(_ order: DemoOrder, channel: PurchaseChannel, at ms: Int64, reason: String) {
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

    mutating func normalScore(k: Int) -> Int {
        let promoter = min(0.8, 0.34 + 0.1 * Double(k - 1))
        let detractor = max(0.05, 0.16 - 0.03 * Double(k - 1))
        let roll = random.unit()
        if roll < promoter { return random.int(9...10) }
        if roll < 1 - detractor { return random.int(7...8) }
        return random.int(3...6)
    }

    mutating func comment(score: Int) -> String {
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

    mutating func npsSurvey(at ms: Int64, score: Int, orderId: String) {
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

    mutating func csatSurvey(at ms: Int64, contactId: String, channel: String, good: Bool) {
        let score = good ? random.pickWeighted([(5, 0.55), (4, 0.3), (3, 0.1), (2, 0.05)]) : random.pickWeighted([(1, 0.6), (2, 0.3), (3, 0.1)])
        emit("track", ms, anonymousId: nil, userId: customer.userId, context: ["channel": J.s("email")], [
            "event": J.s("Survey Answered"),
            "properties": J.o(["survey_id": J.s("csat_contact"), "survey_type": J.s("csat"), "score": J.n(score),
                               "question": J.s("Jak oceniasz rozmowę z naszym konsultantem?"),
                               "contact_id": J.s(contactId), "contact_channel": J.s(channel)]),
        ])
    }

    mutating func review(_ product: DemoProduct, at ms: Int64, rating: Int) {
        let body = rating >= 4 ? random.pick(DemoCatalog.reviewBodies.good) : rating == 3 ? random.pick(DemoCatalog.reviewBodies.mixed) : random.pick(DemoCatalog.reviewBodies.bad)
        let app = appIdentified && random.chance(0.4)
        emit("track", ms, anonymousId: app ? customer.appAnonymousId : customer.webAnonymousId, userId: customer.userId,
             context: app ? appContext(at: ms) : webContext(path: product.path + "/opinie", title: "Opinie: \(product.name)", referrer: nil, campaign: nil),
             ["event": J.s("Product Reviewed"),
              "properties": J.o(["product_id": J.s(product.id), "name": J.s(product.name), "review_id": J.s("RV-" + random.digits(8)),
                                 "review_body": J.s(body), "rating": J.n(rating)])])
    }

    mutating func share(_ product: DemoProduct, at ms: Int64) {
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
    mutating func call(at ms: Int64, reason: String, good: Bool, orderId: String? = nil) -> Int64 {
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
    mutating func emitCall(at ms: Int64, reason: String, wait: Int, talk: Int, outcome: String, orderId: String?,
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
    mutating func chat(at ms: Int64, topic: (String, String), good: Bool) -> Int64 {
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
}
