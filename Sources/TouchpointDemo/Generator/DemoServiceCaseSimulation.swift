import Foundation
import TouchpointDomain

/// Simulates one case's life with a random stream of its own: who writes what and when, by the topic's texts and the
/// desk's office hours.
struct DemoServiceCaseSimulation {
    let planner: DemoServicePlanner
    let plan: DemoServiceCasePlan
    var random: SeededRandom
    var log = DemoServiceCaseLog()
    let topic: DemoServiceTopic
    let language: String
    var channel: Channel
    let contact: CustomerContact
    let isVIP: Bool
    var teamKey: String?
    var assignee = ""
    /// Replies are slow for this case: its SLA clocks breach.
    var slow = false
    var values: [String: String] = [:]
    var hadTrouble = false

    init(planner: DemoServicePlanner, plan: DemoServiceCasePlan) {
        self.planner = planner
        self.plan = plan
        random = SeededRandom(seed: planner.seed, stream: 0x5E21_0000 &+ UInt64(plan.ordinal))
        topic = DemoServiceTopic.all[plan.topicIndex]
        language = planner.languages[plan.customerIndex]
        contact = planner.contacts[plan.customerIndex]
        isVIP = planner.vip[plan.customerIndex]
        channel = plan.channel
        if channel == .phone, contact.phone?.isEmpty ?? true { channel = .email }
        if channel == .email, contact.email?.isEmpty ?? true { channel = .phone }
    }

    // MARK: Text

    func fill(_ template: String) -> String {
        guard template.contains("{") else { return template }
        var text = template
        for (key, value) in values { text = text.replacingOccurrences(of: "{" + key + "}", with: value) }
        return text
    }

    mutating func text(_ options: [String: [String]], fallback: [String] = []) -> String {
        let list = options[language] ?? options["pl"] ?? fallback
        return fill(random.pick(list.isEmpty ? fallback : list))
    }

    /// Topic-specific Polish texts for Polish speakers, the shared ones in their language for everybody else.
    mutating func localized(_ polish: [String], generic: [String: [String]]) -> String {
        if language == "pl", !polish.isEmpty, random.chance(0.7) { return fill(random.pick(polish)) }
        return text(generic)
    }

    func agentName(_ key: String) -> String { planner.agents.first { $0.key == key }?.name ?? "Zespół Obsługi Klienta" }

    /// An agent's message as the channel shows it: e-mails with a greeting and a signature, chats short.
    func wrapped(_ core: String, agent: String) -> String {
        switch channel {
        case .chat, .phone:
            return core
        case .social:
            return core + " ^" + String(agentName(agent).split(separator: " ").compactMap(\.first))
        default:
            let name = agentName(agent)
            switch language {
            case "en": return "Hello \(values["customer"] ?? ""),\n\n\(core)\n\nKind regards,\n\(name)\nElektro Świat Customer Service"
            case "ru": return "Здравствуйте, \(values["customer"] ?? "")!\n\n\(core)\n\nС уважением,\n\(name)\nElektro Świat, отдел обслуживания клиентов"
            default: return "Dzień dobry,\n\n\(core)\n\nPozdrawiamy serdecznie\n\(name)\nElektro Świat – Obsługa Klienta"
            }
        }
    }

    // MARK: People

    /// Someone from the case's team who speaks the customer's language (else anyone in the team), busier people less often.
    mutating func pickAgent(managers: Bool = false) -> String {
        var pool = planner.agents.filter { managers ? $0.role == .manager : $0.role == .agent }
        if !managers, let team = teamKey {
            let members = planner.agents.filter { $0.teamKeys.contains(team) && $0.role == .agent }
            if !members.isEmpty { pool = members }
        }
        let speakers = pool.filter { $0.languages.contains(language) }
        if !speakers.isEmpty { pool = speakers }
        return random.pickWeighted(pool.map { ($0.key, Double($0.capacity)) })
    }

    // MARK: Timing

    /// When the agent answers a customer message written at `t`.
    mutating func agentTime(after t: Int64, first: Bool) -> Int64 {
        let slowExtra = slow ? random.double(5...16) * 3600 : 0
        switch channel {
        case .chat:
            if DemoServiceTime.isOpen(t) && !slow { return t + Int64(random.double(30...240) * 1000) }
            return DemoServiceTime.addBusiness(t, seconds: random.double(5...90) * 60 + slowExtra)
        case .social:
            return DemoServiceTime.addBusiness(t, seconds: max(300, random.exponential(mean: 45 * 60)) + slowExtra)
        case .store:
            return DemoServiceTime.addBusiness(t, seconds: max(900, random.exponential(mean: 180 * 60)) + slowExtra * 1.5)
        default:
            let mean = first ? 100.0 * 60 : 80.0 * 60
            return DemoServiceTime.addBusiness(t, seconds: max(300, random.exponential(mean: mean)) + slowExtra)
        }
    }

    /// When the customer writes back to a message sent at `t`.
    mutating func customerTime(after t: Int64) -> Int64 {
        if channel == .chat, DemoServiceTime.isOpen(t), random.chance(0.8) { return t + Int64(random.double(20...300) * 1000) }
        let delay = 600 + random.exponential(mean: 7 * 3600)
        return DemoServiceTime.awake(t + Int64(delay * 1000), random: &random)
    }

    mutating func handleSeconds() -> Double {
        switch channel {
        case .chat: return random.double(30...240).rounded()
        case .social: return random.double(60...300).rounded()
        case .store: return random.double(180...900).rounded()
        default: return random.double(120...900).rounded()
        }
    }

    // MARK: The life of a case

    mutating func run() {
        let t0 = plan.openMs
        let endMs = planner.endMs
        let product = random.pick(DemoCatalog.byCategory[random.pick(topic.products)] ?? DemoCatalog.products)
        let month = DemoTime.month(t0 - Int64(random.int(1...20)) * DemoTime.day)
        values = [
            "order": "ZAM-\(month.year)\(DemoTime.twoDigits(month.month))-\(random.digits(6))-\(random.int(1...4))",
            "product": product.name,
            "rma": "\(month.year)/\(random.digits(5))",
            "amount": String(product.priceCents / 100),
            "digits": random.digits(11),
            "nip": random.digits(10),
            "customer": contact.name?.split(separator: " ").first.map(String.init) ?? "",
        ]
        slow = random.chance(0.12)
        teamKey = isVIP ? "vip" : (["returns", "reklamacja", "warranty"].contains(topic.category ?? "") ? "complaints"
            : channel == .chat && topic.teamKey == nil ? "after-sales" : topic.teamKey)
        var priority: CasePriority = random.pickWeighted([(.low, 15.0), (.normal, 68), (.high, 13), (.urgent, 4)])
        if isVIP { priority = max(priority, .high) }
        var tags = topic.tags
        if isVIP { tags.append("vip") }
        if plan.repeatOf != nil { tags.append("ponowny-kontakt") }
        if priority == .urgent { tags.append("pilne") }

        // What is still going on at the end: mostly recent cases.
        var stall: DemoServicePlanner.Stall?
        if t0 >= endMs - 3 * DemoTime.day, channel != .phone, random.chance(0.35) {
            stall = .unanswered
        } else if t0 >= endMs - 21 * DemoTime.day, random.chance(0.35) {
            stall = t0 >= endMs - 4 * DemoTime.day && random.chance(0.4) ? .unanswered
                : random.pickWeighted([(DemoServicePlanner.Stall.waitingOnUs, 3.0), (.waitingOnCustomer, 3), (.inProgress, 2)])
        }

        // Opening.
        var subject = text(topic.subjects)
        var body = text(topic.bodies)
        if let earlier = plan.repeatOf {
            subject = (language == "pl" ? "Ponownie: " : language == "ru" ? "Повторно: " : "Again: ") + earlier
            body = (DemoServiceTopic.repeatOpeners[language] ?? "") + body
        }
        if plan.forceMarkup { body += "\n\n" + DemoServiceTopic.markupFollowUp }
        switch channel {
        case .phone: body = (language == "pl" ? "Zgłoszenie telefoniczne. " : "Phone call. ") + body
        case .store: body = "Zgłoszenie przyjęte w sklepie \(random.pick(DemoCatalog.stores).name). " + body
        default: break
        }
        let customer = caseContact()
        log.add(t0, .open(channel: channel, customer: customer, subject: subject, body: body, priority: priority, category: topic.category,
                          tags: tags, language: language, teamKey: teamKey))
        if isVIP, random.chance(0.5) {
            log.add(t0 + 60_000, .note(agent: "agent-1", body: "Klient VIP – proszę o priorytetowe traktowanie."))
        }

        if channel == .phone {
            runCall(t0, stall: stall)
        } else {
            runWritten(t0, stall: stall)
        }
    }

    /// The identifiers the channel knows: an e-mail address for e-mail, the caller's number for calls, everything for a
    /// logged-in chat or a shop's loyalty card.
    func caseContact() -> CustomerContact {
        var known = contact
        switch channel {
        case .email, .social:
            known.phone = nil
            known.userId = nil
        case .phone:
            known.email = nil
            known.userId = nil
        default:
            break
        }
        return known.hasIdentifier ? known : contact
    }

    mutating func runWritten(_ t0: Int64, stall: DemoServicePlanner.Stall?) {
        let endMs = planner.endMs
        if stall == .unanswered {
            // Nobody has picked it up; the customer may nudge.
            if random.chance(0.5) {
                let nudge = max(customerTime(after: t0), endMs - Int64(random.double(1...20) * 3_600_000))
                log.add(nudge, .customerMessage(text(DemoServiceTopic.genericFollowUps)))
            }
            return
        }
        assignee = pickAgent()
        var t = agentTime(after: t0, first: true)
        if random.chance(0.75) {
            let triage = DemoServiceTime.nextOpen(t0) + Int64(random.double(1...20) * 60_000)
            log.add(min(triage, t - 1000), .assign(agent: assignee))
        }
        if random.chance(0.25) {
            log.add(t - Int64(random.double(60...600) * 1000), .note(agent: assignee, body: fill(random.pick(topic.notes))))
        }
        // First reply; sometimes asking for details and waiting for the customer.
        let asksFirst = random.chance(0.3)
        let first = asksFirst ? text(DemoServiceTopic.askInfo) : text(topic.firstReplies)
        t = log.add(t, .reply(agent: assignee, body: wrapped(first, agent: assignee), handleSeconds: handleSeconds()))
        if asksFirst { t = log.add(t + 1000, .status(.pending, agent: assignee)) }

        if stall == .waitingOnCustomer && !asksFirst {
            t = log.add(t + Int64(random.double(1...30) * 60_000), .reply(agent: assignee, body: wrapped(text(DemoServiceTopic.askInfo), agent: assignee),
                                                                            handleSeconds: handleSeconds()))
            log.add(t + 1000, .status(.pending, agent: assignee))
            return
        }
        if stall == .waitingOnCustomer { return }

        var rounds = random.weighted([30, 30, 20, 12, 8])
        if asksFirst { rounds = max(rounds, 1) }
        if stall != nil { rounds = max(rounds, 1) }
        let markupRound = plan.forceMarkup ? 0 : -1
        for round in 0..<rounds {
            var message = localized(topic.followUps, generic: DemoServiceTopic.genericFollowUps)
            if round == markupRound || (language == "pl" && random.chance(0.01)) { message = DemoServiceTopic.markupFollowUp }
            t = log.add(customerTime(after: t), .customerMessage(message))
            if stall == .waitingOnUs && round == rounds - 1 {
                // The customer's last message is still unanswered at the end.
                return
            }
            if random.chance(0.15) {
                let helper = random.chance(0.3) ? pickAgent() : assignee
                log.add(t + Int64(random.double(2...40) * 60_000), .note(agent: helper, body: fill(random.pick(topic.notes))))
            }
            if random.chance(0.08), teamKey == "complaints" || teamKey == "vip" {
                // Escalation: a manager takes the case over.
                let manager = pickAgent(managers: true)
                log.add(t + Int64(random.double(5...60) * 60_000),
                        .note(agent: assignee, body: "Eskalacja – proszę o decyzję w sprawie rekompensaty (bon 100 zł)."))
                log.add(t + Int64(random.double(61...120) * 60_000), .assign(agent: manager))
                assignee = manager
                hadTrouble = true
            }
            let replier = random.chance(0.1) ? pickAgent() : assignee
            let core = round == rounds - 1 && stall == nil ? text(topic.resolutions) : text(DemoServiceTopic.progress)
            t = log.add(agentTime(after: t, first: false), .reply(agent: replier, body: wrapped(core, agent: replier), handleSeconds: handleSeconds()))
        }
        if stall == .inProgress {
            log.add(t + Int64(random.double(10...120) * 60_000), .note(agent: assignee, body: fill(random.pick(topic.notes))))
            return
        }
        if rounds == 0 {
            // The first answer solved it; sometimes the customer still says thanks.
            if random.chance(0.3) {
                let thanks = language == "en" ? "Thank you, that's all." : language == "ru" ? "Спасибо, это всё." : "Dziękuję, to wszystko."
                t = log.add(customerTime(after: t), .customerMessage(thanks))
            }
        }
        // Resolution: straight away, or after waiting in vain for the customer's confirmation.
        if random.chance(0.2) {
            t = log.add(t + 1000, .status(.pending, agent: assignee))
            t = DemoServiceTime.addBusiness(t + Int64(random.double(2...4) * Double(DemoTime.day)), seconds: random.double(0...3600))
        } else {
            t += Int64(random.double(30...1800) * 1000)
        }
        t = log.add(t, .status(.resolved, agent: assignee))
        finish(t)
    }

    mutating func runCall(_ t0: Int64, stall: DemoServicePlanner.Stall?) {
        assignee = pickAgent()
        let wait = slow ? random.double(240...600).rounded() : min(600, 10 + random.exponential(mean: 70)).rounded()
        let talk = random.double(60...900).rounded()
        let wrap = random.double(30...180).rounded()
        var outcome: String = random.pickWeighted([("resolved", 62.0), ("follow_up", 22), ("escalated", 7), ("unresolved", 9)])
        if stall != nil, outcome == "resolved" { outcome = "follow_up" }
        log.add(t0, .assign(agent: assignee))
        log.add(t0, .call(agent: assignee, direction: "inbound", wait: wait, talk: talk, wrap: wrap, outcome: outcome))
        var t = t0 + Int64((wait + talk + wrap) * 1000)
        let summary = (language == "pl" ? "Rozmowa: klient " : "Rozmowa (\(language)): klient ") + fill(topic.callSummary) + "."
        switch outcome {
        case "resolved":
            t = log.add(t, .note(agent: assignee, body: summary + " Sprawa wyjaśniona w trakcie rozmowy."))
            t = log.add(t + 1000, .status(.resolved, agent: assignee))
            finish(t)
            return
        case "escalated":
            t = log.add(t, .note(agent: assignee, body: summary + " Klient żąda rozmowy z przełożonym – eskalacja."))
            assignee = pickAgent(managers: true)
            t = log.add(t + 60_000, .assign(agent: assignee))
            hadTrouble = true
        case "unresolved":
            t = log.add(t, .note(agent: assignee, body: summary + " Klient niezadowolony, sprawa nierozwiązana – oddzwonić."))
            hadTrouble = true
        default:
            t = log.add(t, .note(agent: assignee, body: summary + " Do sprawdzenia, oddzwonimy."))
        }
        t = log.add(t + 1000, .status(.open, agent: assignee))
        if stall == .waitingOnCustomer {
            t = log.add(DemoServiceTime.addBusiness(t, seconds: random.double(600...7200)),
                        .reply(agent: assignee, body: wrapped(text(DemoServiceTopic.askInfo), agent: assignee), handleSeconds: handleSeconds()))
            log.add(t + 1000, .status(.pending, agent: assignee))
            return
        }
        if stall != nil {
            if random.chance(0.5) {
                log.add(customerTime(after: t), .customerMessage(text(DemoServiceTopic.genericFollowUps)))
            }
            return
        }
        // Call back (or an e-mail) once the answer is known.
        let back = DemoServiceTime.addBusiness(t, seconds: random.double(1800...(slow ? 20 * 3600 : 6 * 3600)))
        if random.chance(0.75) {
            let callTalk = random.double(60...600).rounded()
            let callWrap = random.double(30...180).rounded()
            log.add(back, .call(agent: assignee, direction: "outbound", wait: random.double(5...40).rounded(), talk: callTalk, wrap: callWrap,
                                outcome: "resolved"))
            t = back + Int64((callTalk + callWrap + 40) * 1000)
            t = log.add(t, .note(agent: assignee, body: "Oddzwoniono do klienta: " + fill(random.pick(topic.resolutions["pl"] ?? ["Sprawa wyjaśniona."]))))
        } else {
            t = log.add(back, .reply(agent: assignee, body: text(topic.resolutions), handleSeconds: handleSeconds()))
        }
        t = log.add(t + 1000, .status(.resolved, agent: assignee))
        finish(t)
    }

    /// After a resolution: sometimes re-opened, then perhaps a satisfaction answer, and closed a week later.
    mutating func finish(_ resolvedAt: Int64) {
        var t = resolvedAt
        if random.chance(0.085) {
            hadTrouble = true
            let message = localized(topic.reopens, generic: DemoServiceTopic.genericReopens)
            t = log.add(DemoServiceTime.awake(t + Int64(random.double(2...96) * 3_600_000), random: &random), .customerMessage(message))
            if random.chance(0.5) { log.add(t + Int64(random.double(10...90) * 60_000), .note(agent: assignee, body: "Klient zgłasza, że problem powrócił.")) }
            t = log.add(agentTime(after: t, first: false),
                        .reply(agent: assignee, body: wrapped(text(topic.resolutions), agent: assignee), handleSeconds: handleSeconds()))
            t = log.add(t + Int64(random.double(60...3600) * 1000), .status(.resolved, agent: assignee))
        }
        // CSAT is asked after most resolutions; about 70% answer.
        if random.chance(0.85), random.chance(0.7) {
            let unhappy = hadTrouble || slow
            let weights: [Double] = unhappy ? [15, 15, 20, 25, 25] : [2, 3, 7, 28, 60]
            let score = random.weighted(weights) + 1
            let comments = DemoServiceTopic.csatComments
            var comment: String?
            if score <= 2 {
                comment = text(comments.bad)
            } else if score == 3, random.chance(0.5) {
                comment = text(comments.middling)
            } else if score >= 4, random.chance(0.3) {
                comment = text(comments.good)
            }
            let answered = t + Int64((600 + random.exponential(mean: 8 * 3600)) * 1000)
            log.add(DemoServiceTime.awake(answered, random: &random), .csat(score: score, comment: comment))
        }
        // Closed automatically a week after the last resolution.
        if log.status == .resolved {
            log.add(t + 7 * DemoTime.day, .status(.closed, agent: nil))
        }
    }
}
