import Foundation
import Tagged
import TouchpointApp
import TouchpointDomain
import TouchpointStorage
import TouchpointWeb

/// Elektro Świat's next best actions: ten segments and twenty actions (`Resources/decisions/`, the bodies the API
/// takes), and a year of decisions asked for where its customers really were — a product page, the home page, the
/// checkout, the fortnightly newsletter, a call, a chat, a till — with what they did with each offer
/// (`Offer Viewed`, `Offer Accepted`, `Offer Dismissed`) and, now and then, the order an accepted offer led to, so the
/// decisions report has acceptance, learning, suppressions and uplift to show from the first start.
///
/// The load remembers how far it got (`installation_state`, "demo_decisions"): the moments of the plan whose
/// decisions and outcome events are stored. A load killed half-way resumes at the first unfinished day; that day's
/// decisions already logged are found again and reused, and outcome events are de-duplicated by their messageId.
enum DemoDecisions {
    static let stateName = "demo_decisions"
    static let resourceFolder = "Resources/decisions"
    /// About twenty-five decisions a week: enough for every action to have a row in the report and for the control groups
    /// to hold some people, few enough to load in about a minute.
    static let targetDecisions = 1_200
    /// Decisions asked at once: no more than the database pool's connections (as the service desk replay), and never
    /// two for the same person, whose second decision must see the first one's shows.
    static let concurrentDecisions = 4

    struct State: Codable, Equatable {
        /// Moments of the plan, in order, whose decisions and outcome events are stored.
        var done: Int
        var finished: Bool
    }

    static func load(_ services: TouchpointServices, company: DemoCompany, seed: UInt64, progress: @escaping @Sendable (String) -> Void) async throws {
        let store = services.store
        let desk = services.decisions
        let yearStart = company.end.addingTimeInterval(-365 * 86_400)
        var state: State
        if let text = try await store.installationState(stateName), let saved = try? JSONDecoder().decode(State.self, from: Data(text.utf8)) {
            if saved.finished { return }
            state = saved
            progress("demo: decisions — resuming an interrupted year (\(saved.done) decision moments done)")
        } else {
            // A catalogue and decisions someone made themselves are not overwritten with the demo's.
            let logged = try await store.decisionReport(from: Date(timeIntervalSince1970: 0), to: company.end.addingTimeInterval(366 * 86_400), goalDays: 14)
            guard logged.decisions == 0 else {
                progress("demo: decisions — the database already holds decisions that are not the demo's; its catalogue was not loaded")
                return
            }
            // Segments read value scores and stages, which the background loops compute a little after the events
            // arrive: brought up to date now, so the first evaluation of everyone does not see people without them.
            _ = try await services.valueRefresher.refresh(force: false)
            try await services.lifecycle.catchUp()
            let files = try Self.catalogue()
            // Dated a year back: the report's year of decisions was made with this catalogue in force.
            for segment in files.segments {
                do { try await desk.saveSegment(segment, now: yearStart) } catch DecisionDeskError.invalid(let problems) {
                    throw DemoCatalogueInvalid(entry: "segment \(segment.id.rawValue)", problems: problems)
                }
            }
            for action in files.actions {
                do { try await desk.saveAction(action, now: yearStart) } catch DecisionDeskError.invalid(let problems) {
                    throw DemoCatalogueInvalid(entry: "action \(action.id.rawValue)", problems: problems)
                }
            }
            state = State(done: 0, finished: false)
            try await save(state, store: store)
            progress("demo: decisions — \(files.segments.count) segments and \(files.actions.count) actions")
        }
        // Memberships as of now, for the console; the year's decisions below evaluate segments at their own moments.
        try await desk.segments.catchUp()

        let started = Date()
        let moments = Self.plan(company, seed: seed, target: targetDecisions)
        guard !moments.isEmpty else {
            state.finished = true
            try await save(state, store: store)
            return
        }
        let source = try await store.internalSource(named: sourceName)
        let importer = EventImporter(services: services, sourceID: source.id)
        var summary = EventImporter.Summary()
        var line = 1
        var firstShown = [String: Date]()
        var people = Set<String>()
        var decisions = 0, orders = 0
        var index = min(state.done, moments.count)
        // Only the week the last load stopped in can hold decisions that were logged but not yet followed up.
        var reconcile = index > 0
        var reported = index * 10 / moments.count
        while index < moments.count {
            // A week at a time: its outcome events are in the log, and read into the offer history, before the next
            // week is decided, so a dismissal holds the offer back and learning follows the year as it went (a day at a
            // time would be closer still, at seven times the writes for the load).
            let week = dayNumber(moments[index].at) / 7
            var next = index
            while next < moments.count, dayNumber(moments[next].at) / 7 == week { next += 1 }
            let decided = try await decide(Array(moments[index..<next]), desk: desk, store: store, reconcile: reconcile)
            reconcile = false
            var messages = [JSONValue]()
            for entry in decided {
                messages += outcomes(of: entry, seed: seed, end: company.end, firstShown: &firstShown, orders: &orders)
                people.insert(entry.moment.userId)
            }
            decisions += decided.count
            var offset = 0
            while offset < messages.count {
                let batch = Array(messages[offset..<min(offset + 500, messages.count)])
                try await importer.submit(batch, lines: Array(line..<(line + batch.count)), into: &summary)
                line += batch.count
                offset += batch.count
            }
            if !messages.isEmpty { try await desk.catchUpOutcomes() }
            index = next
            state.done = index
            try await save(state, store: store)
            if index * 10 / moments.count != reported || index == moments.count {
                reported = index * 10 / moments.count
                progress("demo: decisions \(index * 100 / moments.count) % (\(index) of \(moments.count))")
            }
        }
        // The background projection may have been mid-round when the last day's events arrived: one more of each.
        try await desk.catchUpOutcomes()
        try await desk.segments.catchUp()
        state.finished = true
        try await save(state, store: store)
        progress("demo: decisions loaded — \(decisions) decisions for \(people.count) customers over the last year, \(summary.stored) offer events "
                 + "and orders (\(orders) orders after an accepted offer)\(summary.rejectedCount > 0 ? ", \(summary.rejectedCount) rejected" : "") "
                 + "in \(String(format: "%.1f", Date().timeIntervalSince(started))) s")
    }

    // MARK: The catalogue

    struct Catalogue: Sendable {
        var segments: [SegmentDefinition]
        var actions: [ActionDefinition]
    }

    /// `Resources/decisions/segments.json` and `actions.json`: arrays of the bodies `POST /api/v1/segments` and
    /// `POST /api/v1/actions` take, read with the API's date form (ISO-8601) so either file can be posted as it is.
    static func catalogue() throws -> Catalogue {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return Catalogue(segments: try decoder.decode([SegmentDefinition].self, from: resource("segments")),
                         actions: try decoder.decode([ActionDefinition].self, from: resource("actions")))
    }

    static func resource(_ name: String) throws -> Data {
        guard let url = Bundle.module.url(forResource: name, withExtension: "json", subdirectory: resourceFolder) else {
            throw DemoResourceMissing(path: resourceFolder + "/" + name + ".json")
        }
        return try Data(contentsOf: url)
    }

    struct DemoResourceMissing: Error, CustomStringConvertible {
        var path: String
        var description: String { "the demo's \(path) is missing from the build: rebuild the package (swift build)" }
    }

    /// A resource file the desk refuses: which entry, and every problem, rather than a bare `invalid`.
    struct DemoCatalogueInvalid: Error, CustomStringConvertible {
        var entry: String
        var problems: [String]
        var description: String { "the demo's \(entry) in \(DemoDecisions.resourceFolder) is invalid: " + problems.joined(separator: "; ") }
    }

    // MARK: When decisions are asked for

    /// A moment a channel asks for a decision about a customer.
    struct Moment: Sendable {
        enum Kind: String, Sendable, CaseIterable { case productPage, home, checkout, newsletter, call, chat, till }
        var kind: Kind
        var userId: String
        var at: Date
        var channel: Channel
        var placement: String
        /// When the customer saw the actions: the newsletter's opening; elsewhere a few seconds after the decision.
        var seenAt: Date?
        /// The moment's place in the plan: it seeds the moment's outcomes, so a resumed load draws the same ones.
        var index = 0
    }

    /// The share of the year's decisions each kind of moment gets. Newsletters come first because they reach buyers
    /// in the weeks after a purchase, when the cross-sell segments hold them; calls, chats and tills are what they
    /// are (all of them are taken when there are fewer than their share).
    static let shares: [Moment.Kind: Double] = [
        .newsletter: 0.28, .productPage: 0.24, .home: 0.16, .checkout: 0.08, .call: 0.09, .chat: 0.05, .till: 0.10,
    ]

    /// Decision moments over the last year, read from the company's own history so every decision sits where the
    /// customer was (a page view, a newsletter put together at 09:30 and opened later, a call, a chat, a till),
    /// sampled down to about `target`, oldest first. The same company and seed give the same plan.
    static func plan(_ company: DemoCompany, seed: UInt64, target: Int) -> [Moment] {
        let yearStart = company.end.addingTimeInterval(-365 * 86_400)
        // The last hour stays empty, so every outcome (seconds to minutes later) still falls inside the history.
        let last = company.end.addingTimeInterval(-3_600)
        var candidates = [Moment]()
        func add(_ kind: Moment.Kind, _ userId: String, _ at: Date, _ channel: Channel, _ placement: String, seenAt: Date? = nil) {
            guard at >= yearStart, at < last else { return }
            candidates.append(Moment(kind: kind, userId: userId, at: at, channel: channel, placement: placement, seenAt: seenAt))
        }
        for message in company.messages {
            // Only identified customers: a decision is asked for a person the shop knows.
            guard let userId = message["userId"]?.stringValue, let stamp = message["timestamp"]?.stringValue,
                  let at = Timestamps.parse(stamp) else { continue }
            let surface: Channel = message["context"]?["channel"]?.stringValue == "mobile" ? .mobile : .web
            switch message["type"]?.stringValue {
            case "page"?, "screen"?:
                if message["name"]?.stringValue == "Strona główna" { add(.home, userId, at.addingTimeInterval(2), surface, "home_banner") }
            case "track"?:
                switch message["event"]?.stringValue {
                case "Product Viewed"?: add(.productPage, userId, at.addingTimeInterval(3), surface, "product_page")
                case "Checkout Started"?: add(.checkout, userId, at.addingTimeInterval(2), surface, "checkout")
                case "Email Opened"?:
                    // The newsletter's actions are chosen when it is put together, before it goes out at 10:00 (its
                    // campaign id names the day); the customer sees them when opening it.
                    guard let campaign = message["properties"]?["campaign_id"]?.stringValue, campaign.hasPrefix("NL-"),
                          let sendDay = Int64(campaign.dropFirst(3)) else { continue }
                    let composed = Timestamps.date(millis: DemoTime.instant(days: sendDay, localHour: 9.5))
                    if composed < at { add(.newsletter, userId, composed, .email, "email_weekly", seenAt: at) }
                case "Call Completed"?: add(.call, userId, at.addingTimeInterval(45), .phone, "agent_sidebar")
                case "Live Chat Conversation Started"?: add(.chat, userId, at.addingTimeInterval(20), .chat, "agent_sidebar")
                case "Order Completed"? where message["context"]?["channel"]?.stringValue == "store":
                    // The assistant at the till sees the customer's actions before the sale is rung up.
                    add(.till, userId, at.addingTimeInterval(-90), .store, "agent_sidebar")
                default: break
                }
            default: break
            }
        }
        candidates.sort { ($0.at, $0.userId, $0.kind.rawValue) < ($1.at, $1.userId, $1.kind.rawValue) }

        // Each kind's quota: its share of the target, and a kind with fewer moments than its share gives the rest
        // to the others in proportion.
        var counts = [Moment.Kind: Int]()
        for moment in candidates { counts[moment.kind, default: 0] += 1 }
        var quota = [Moment.Kind: Double]()
        var unsettled = Set(counts.keys)
        var left = Double(target)
        while !unsettled.isEmpty {
            let total = unsettled.reduce(0.0) { $0 + (shares[$1] ?? 0) }
            guard total > 0 else { break }
            let full = unsettled.filter { Double(counts[$0] ?? 0) <= left * (shares[$0] ?? 0) / total }
            if full.isEmpty {
                for kind in unsettled { quota[kind] = left * (shares[kind] ?? 0) / total }
                break
            }
            for kind in full {
                quota[kind] = Double(counts[kind] ?? 0)
                left -= Double(counts[kind] ?? 0)
                unsettled.remove(kind)
            }
        }
        // Traffic grows through the year as channels were connected one after another: the last month has about
        // three times the decisions of the first, and the report's default 30 days are full.
        func ramp(_ at: Date) -> Double { 0.4 + 1.2 * min(max(at.timeIntervalSince(yearStart) / (365 * 86_400), 0), 1) }
        var rampTotals = [Moment.Kind: Double]()
        for moment in candidates { rampTotals[moment.kind, default: 0] += ramp(moment.at) }
        var random = SeededRandom(seed: seed, stream: 0xDEC1_5105)
        var chosen = [Moment]()
        for moment in candidates {
            let chance = (quota[moment.kind] ?? 0) * ramp(moment.at) / max(rampTotals[moment.kind] ?? 0, 1e-9)
            if random.unit() < chance { chosen.append(moment) }
        }
        for position in chosen.indices { chosen[position].index = position }
        return chosen
    }

    // MARK: Deciding

    struct Decided: Sendable {
        var moment: Moment
        var decisionID: String
        var actions: [RankedAction]
    }

    /// Decides for a day's moments through the desk, in order, a few people at a time.
    static func decide(_ moments: [Moment], desk: DecisionDesk, store: SQLStore, reconcile: Bool) async throws -> [Decided] {
        var answers = [Decided?](repeating: nil, count: moments.count)
        var start = 0
        while start < moments.count {
            // A wave ends at a person already in it: their later decision waits for the earlier one's shows.
            var wave = [Int]()
            var people = Set<String>()
            var next = start
            while next < moments.count, wave.count < concurrentDecisions, people.insert(moments[next].userId).inserted {
                wave.append(next)
                next += 1
            }
            try await withThrowingTaskGroup(of: (Int, Decided?).self) { group in
                for position in wave {
                    let moment = moments[position]
                    group.addTask {
                        let decided = try await decideOne(moment, desk: desk, store: store, reconcile: reconcile)
                        return (position, decided)
                    }
                }
                for try await (position, decided) in group { answers[position] = decided }
            }
            start = next
        }
        return answers.compactMap { $0 }
    }

    /// One decision at the moment, logged as the desk logs every decision; nil for someone the shop no longer knows.
    /// When `reconcile`, a decision the interrupted load already logged for the same person, moment, channel and
    /// placement is reused: deciding again would log the moment twice, as decision ids are not reproducible.
    static func decideOne(_ moment: Moment, desk: DecisionDesk, store: SQLStore, reconcile: Bool) async throws -> Decided? {
        let reference = "user_id:" + moment.userId
        if reconcile, let profile = try await store.resolveProfileID(reference: reference) {
            let millis = Timestamps.millis(moment.at)
            let logged = try await store.decisions(of: profile, limit: 50)
            if let earlier = logged.first(where: { Timestamps.millis($0.at) == millis && $0.channel == moment.channel && $0.placement == moment.placement }) {
                return Decided(moment: moment, decisionID: earlier.id, actions: earlier.result.actions)
            }
        }
        do {
            let answer = try await desk.decide(reference: reference, channel: moment.channel, placement: moment.placement, limit: 3, now: moment.at)
            return Decided(moment: moment, decisionID: answer.record.id, actions: answer.record.result.actions)
        } catch DecisionDeskError.unknownProfile {
            return nil
        }
    }

    // MARK: What customers did with the offers

    /// How customers answer an action: the acceptance chance differs by action so the report ranks them (service
    /// and advice help, so they are taken up more than offers are), and for the actions that sell, how often an
    /// acceptance becomes an order and what it holds.
    struct Response: Sendable {
        var accept: Double
        /// Chance that an acceptance is followed by an order within the uplift window (0: nothing is sold).
        var order: Double = 0
        /// What the order holds; empty for a product near a budget drawn from `budget` (in `categories` when given).
        var basket: [String] = []
        var budget: ClosedRange<Double> = 150...3_500
        var categories: [DemoCategory] = []
        var coupon: String? = nil
        var discountPercent = 0
        var discountPLN = 0
        var minimumPLN = 0
    }

    static let responses: [String: Response] = [
        "delivery-delay-notice": Response(accept: 0.45),
        "case-in-progress": Response(accept: 0.35),
        "installation-booking": Response(accept: 0.24),
        "smart-tv-setup": Response(accept: 0.30),
        "phone-data-transfer": Response(accept: 0.28),
        "laptop-battery-care": Response(accept: 0.14),
        "old-appliance-collection": Response(accept: 0.22),
        "soundbar-for-tv": Response(accept: 0.15, order: 0.65, basket: ["AU-SB-01"], coupon: "SOUNDBAR20", discountPercent: 20),
        "tv-wall-mount": Response(accept: 0.10, order: 0.6, basket: ["AC-MOUNT-01"]),
        "laptop-accessories": Response(accept: 0.12, order: 0.6, basket: ["AC-BAG-01", "AC-MOUSE-01", "AC-USBC-01"], coupon: "ZESTAW15", discountPercent: 15),
        "phone-protection": Response(accept: 0.19, order: 0.7, basket: ["AC-CASE-01", "AC-GLASS-01"], coupon: "OCHRONA99", discountPLN: 39),
        "extended-warranty": Response(accept: 0.06, order: 0.8, basket: ["SRV-OCHRONA-24"]),
        "winback-high-value": Response(accept: 0.11, order: 0.45, budget: 1_000...5_000, coupon: "WRACAJ150", discountPLN: 150, minimumPLN: 1_000),
        "detractor-apology-voucher": Response(accept: 0.22, order: 0.3, budget: 100...1_500, coupon: "PRZEPRASZAMY50", discountPLN: 50),
        "loyalty-premium-club": Response(accept: 0.17, order: 0.25, budget: 300...4_000),
        "new-customer-welcome": Response(accept: 0.10, order: 0.4, budget: 300...2_500, coupon: "WITAJ50", discountPLN: 50, minimumPLN: 300),
        "installments-zero": Response(accept: 0.07, order: 0.5, budget: 2_000...6_000),
        "back-to-school-2026": Response(accept: 0.08, order: 0.45, budget: 1_500...5_000, categories: [.laptop, .laptop, .tablet]),
        "black-week-2026": Response(accept: 0.12, order: 0.5, budget: 300...5_000, coupon: "BLACKWEEK10", discountPercent: 10),
        "christmas-gifts-2026": Response(accept: 0.09, order: 0.45, budget: 100...2_500),
    ]
    /// An action added to the files without a line above.
    static let unknownResponse = Response(accept: 0.08, order: 0.2)

    /// The protection plan the extended-warranty action sells: a service, not a shelf product, so not in the catalogue.
    static let protectionPlan = DemoProduct(id: "P90001", sku: "SRV-OCHRONA-24", name: "Ochrona+ 24 miesiące – przedłużona gwarancja",
                                            brand: "Elektro Świat", category: .accessory, priceCents: 29_900, slug: "ochrona-24-miesiace")

    /// The outcome events of one decision, and the orders accepted offers led to, as collection messages.
    static func outcomes(of entry: Decided, seed: UInt64, end: Date, firstShown: inout [String: Date], orders: inout Int) -> [JSONValue] {
        let moment = entry.moment
        var random = SeededRandom(seed: seed &+ 0x0FFE_25, stream: UInt64(moment.index))
        var messages = [JSONValue]()
        for (slot, ranked) in entry.actions.enumerated() {
            let key = moment.userId + "|" + ranked.id.rawValue
            let firstShow = firstShown[key] ?? moment.at
            if firstShown[key] == nil { firstShown[key] = moment.at }
            let response = responses[ranked.id.rawValue] ?? unknownResponse
            // A mail is seen whole once opened and an agent reads out what the sidebar suggests; on a page the
            // second and third slots are scrolled past more often.
            let seen: Double
            switch moment.channel {
            case .email: seen = 1
            case .phone, .chat, .store: seen = 0.9
            default: seen = [0.9, 0.7, 0.5][min(slot, 2)]
            }
            guard random.chance(seen) else { continue }
            let viewedAt = moment.seenAt ?? moment.at.addingTimeInterval(random.double(2...40))
            guard viewedAt < end else { continue }
            let properties: [String: JSONValue] = [
                "decision_id": .string(entry.decisionID), "action_id": .string(ranked.id.rawValue), "placement": .string(moment.placement),
            ]
            let prefix = "nba-" + entry.decisionID + "-" + ranked.id.rawValue
            messages.append(track("Offer Viewed", userId: moment.userId, at: viewedAt, channel: moment.channel, properties: properties, messageID: prefix + "-viewed"))
            // An offer an agent makes in a conversation is taken up more often than a banner; a mail less often.
            let lift: Double
            switch moment.placement {
            case "agent_sidebar": lift = 1.5
            case "checkout": lift = 1.2
            case "email_weekly": lift = 0.75
            default: lift = 1
            }
            if random.chance(min(0.9, response.accept * lift)) {
                let acceptedAt = viewedAt.addingTimeInterval(moment.channel == .email ? random.double(30...3_600) : random.double(8...600))
                guard acceptedAt < end else { continue }
                messages.append(track("Offer Accepted", userId: moment.userId, at: acceptedAt, channel: moment.channel, properties: properties,
                                      messageID: prefix + "-accepted"))
                // The report counts an order within 14 days of the person's first show of the action: the order is
                // placed inside that window, or not at all.
                guard response.order > 0, random.chance(response.order) else { continue }
                let earliest = acceptedAt.addingTimeInterval(600)
                let latest = min(firstShow.addingTimeInterval(13.5 * 86_400), end.addingTimeInterval(-60))
                guard earliest < latest else { continue }
                let at = earliest.addingTimeInterval(random.unit() * min(latest.timeIntervalSince(earliest), 5 * 86_400))
                let channel: Channel = moment.channel == .store ? .store : moment.channel == .mobile ? .mobile : .web
                messages.append(order(for: ranked.id, response: response, userId: moment.userId, decisionID: entry.decisionID, at: at,
                                      channel: channel, random: &random))
                orders += 1
            } else if random.chance(0.35) {
                let dismissedAt = viewedAt.addingTimeInterval(random.double(3...90))
                guard dismissedAt < end else { continue }
                messages.append(track("Offer Dismissed", userId: moment.userId, at: dismissedAt, channel: moment.channel, properties: properties,
                                      messageID: prefix + "-dismissed"))
            }
        }
        return messages
    }

    /// The order an accepted offer led to, shaped like the generator's (`DemoOrder.properties`), with the action it
    /// came from in `offer_action_id`.
    static func order(for action: ActionID, response: Response, userId: String, decisionID: String, at: Date, channel: Channel,
                      random: inout SeededRandom) -> JSONValue {
        var lines = response.basket.compactMap { sku in DemoCatalog.bySKU[sku] ?? (sku == protectionPlan.sku ? protectionPlan : nil) }
            .map { DemoOrder.Line(product: $0, quantity: 1) }
        if lines.isEmpty {
            let category: DemoCategory? = response.categories.isEmpty ? nil : random.pick(response.categories)
            let budget = random.double(response.budget)
            lines = [DemoOrder.Line(product: DemoCatalog.product(near: budget, in: category, random: &random), quantity: 1)]
        }
        let items = lines.reduce(0) { $0 + $1.product.priceCents * $1.quantity }
        var discount = 0
        if items >= response.minimumPLN * 100 {
            discount = min(items * response.discountPercent / 100 + response.discountPLN * 100, items / 2)
        }
        let shipping = channel == .store || items - discount >= 9_900 ? 0 : 1_499
        let month = DemoTime.month(Timestamps.millis(at))
        let number = userId.dropFirst(2)
        let id = channel == .store ? "POS-NBA-\(number)-\(decisionID.suffix(8))"
            : "ZAM-\(month.year)\(DemoTime.twoDigits(month.month))-\(number)-\(decisionID.suffix(8))"
        let placed = DemoOrder(id: id, lines: lines, coupon: discount > 0 ? response.coupon : nil, discountCents: discount, shippingCents: shipping)
        let affiliation = channel == .store ? "Elektro Świat – salon" : channel == .mobile ? "Elektro Świat – aplikacja" : "Elektro Świat – sklep internetowy"
        var properties = placed.properties(affiliation: affiliation)
        let installments = placed.totalCents > 100_000 ? 3.0 : 0.2
        properties["payment_method"] = .string(random.pickWeighted([("blik", 5.0), ("card", 3.0), ("transfer", 1.0), ("installments", installments)]))
        properties["offer_action_id"] = .string(action.rawValue)
        return track("Order Completed", userId: userId, at: at, channel: channel, properties: properties, messageID: "nba-order-" + decisionID + "-" + action.rawValue)
    }

    /// A track message as a site or app sends it, under a messageId made from the decision, so sending it again
    /// (a resumed load) stores nothing twice.
    static func track(_ event: String, userId: String, at: Date, channel: Channel, properties: [String: JSONValue], messageID: String) -> JSONValue {
        .object([
            "type": .string("track"), "event": .string(event), "userId": .string(userId), "messageId": .string(messageID),
            "timestamp": .string(Timestamps.format(at)), "context": .object(["channel": .string(channel.rawValue)]),
            "properties": .object(properties),
        ])
    }

    // MARK: Helpers

    static func dayNumber(_ date: Date) -> Int { Int((date.timeIntervalSince1970 / 86_400).rounded(.down)) }

    /// The source the offer events and their orders come in through. Not the company's "demo" source: that one holds
    /// exactly the generated history (the acceptance test counts it against the generator), and these events are what
    /// the shop's pages, app and mails send back about the offers, a client of their own.
    static let sourceName = "demo offers"

    private static func save(_ state: State, store: SQLStore) async throws {
        try await store.setInstallationState(stateName, String(decoding: try JSONEncoder().encode(state), as: UTF8.self))
    }
}
