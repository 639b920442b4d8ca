import Foundation
import TouchpointDomain

private typealias J = DemoJSON

/// Visits on the web and in the app, sign-ups, and the newsletter.
extension DemoJourney {
    // MARK: Sessions on the web and in the app

    /// One visit. Returns when it ended.
    @discardableResult
    mutating func session(_ surface: Surface, at start: Int64, category: DemoCategory, intent: Intent,
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
    mutating func signUp(_ surface: Surface, at ms: Int64, method: String, source: String) -> Int64 {
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

    mutating func markSignedUp(at ms: Int64, newsletter: Bool) {
        signedUp = true
        if newsletter, subscribedAt == nil {
            subscribedAt = ms
            setEngagement(from: ms, customer.depth == .browser ? 0.1 : 0.18)
        }
    }

    mutating func personTraits(at ms: Int64) -> [String: JSONValue] {
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

    mutating func setEngagement(from ms: Int64, _ rate: Double) {
        if let last = engagement.last, last.from > ms {
            engagement.removeAll { $0.from > ms }
        }
        engagement.append((ms, rate))
    }

    /// Newsletter opens and clicks, every second Tuesday from the subscription on.
    mutating func newsletter() {
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

    mutating func finish() {
        newsletter()
    }
}
