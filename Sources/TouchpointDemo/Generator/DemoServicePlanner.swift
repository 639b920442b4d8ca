import Foundation
import TouchpointDomain

/// One step before the case has its key.
enum DemoServiceDraft: Sendable {
    case open(channel: Channel, customer: CustomerContact, subject: String, body: String, priority: CasePriority, category: String?,
              tags: [String], language: String?, teamKey: String?)
    case customerMessage(String)
    case reply(agent: String, body: String, handleSeconds: Double)
    case note(agent: String, body: String)
    case assign(agent: String)
    case status(CaseStatus, agent: String?)
    case call(agent: String, direction: String, wait: Double, talk: Double, wrap: Double, outcome: String)
    case csat(score: Int, comment: String?)

    func step(caseKey: String, ms: Int64) -> DemoServiceDesk.Step {
        let at = Date(timeIntervalSince1970: Double(ms) / 1000)
        switch self {
        case let .open(channel, customer, subject, body, priority, category, tags, language, teamKey):
            return .open(caseKey: caseKey, at: at, channel: channel, customer: customer, subject: subject, body: body, priority: priority,
                         category: category, tags: tags, language: language, teamKey: teamKey)
        case .customerMessage(let body): return .customerMessage(caseKey: caseKey, at: at, body: body)
        case let .reply(agent, body, handle): return .reply(caseKey: caseKey, at: at, agentKey: agent, body: body, handleSeconds: handle)
        case let .note(agent, body): return .note(caseKey: caseKey, at: at, agentKey: agent, body: body)
        case .assign(let agent): return .assign(caseKey: caseKey, at: at, agentKey: agent)
        case let .status(status, agent): return .status(caseKey: caseKey, at: at, status: status, agentKey: agent)
        case let .call(agent, direction, wait, talk, wrap, outcome):
            return .call(caseKey: caseKey, at: at, agentKey: agent, direction: direction, waitSeconds: wait, talkSeconds: talk,
                         wrapSeconds: wrap, outcome: outcome)
        case let .csat(score, comment): return .csat(caseKey: caseKey, at: at, score: score, comment: comment)
        }
    }
}

/// A case's steps as they are built: times never go backwards, and status moves are checked against what the real
/// operations do (a customer message re-opens a pending or resolved case, a first reply opens a new one).
struct DemoServiceCaseLog {
    var items: [(ms: Int64, draft: DemoServiceDraft)] = []
    var status: CaseStatus = .new
    var last: Int64 = .min
    var firstResolved: Int64?

    var openedAt: Int64 { items.first?.ms ?? 0 }

    @discardableResult
    mutating func add(_ ms: Int64, _ draft: DemoServiceDraft) -> Int64 {
        let t = DemoTime.wholeSecond(max(ms, last))
        last = t
        switch draft {
        case .open: status = .new
        case .customerMessage: if status == .pending || status == .resolved || status == .closed { status = .open }
        case .reply: if status == .new { status = .open }
        case .status(let target, _):
            guard target != status, status.canMove(to: target) else { return t }
            status = target
            if target == .resolved, firstResolved == nil { firstResolved = t }
        default: break
        }
        items.append((t, draft))
        return t
    }

    /// Keeps what happened by `end` (times only grow, so this is a prefix).
    mutating func cut(at end: Int64) {
        if let index = items.firstIndex(where: { $0.ms > end }) { items.removeSubrange(index...) }
        if let resolved = firstResolved, resolved > end { firstResolved = nil }
    }
}

/// What is decided before a case is simulated.
struct DemoServiceCasePlan {
    var ordinal: Int
    var openMs: Int64
    var channel: Channel
    var customerIndex: Int
    var topicIndex: Int
    /// For a repeat contact: the earlier case's subject.
    var repeatOf: String?
    var forceMarkup = false
}

struct DemoServicePlanner {
    let seed: UInt64
    let startMs: Int64
    let endMs: Int64
    let agents: [DemoServiceDesk.Agent]
    var contacts: [CustomerContact]
    var languages: [String]
    var vip: [Bool]
    var random: SeededRandom

    static let channelWeights: [(Channel, Double)] = [(.email, 35), (.chat, 25), (.phone, 25), (.social, 8), (.store, 7)]

    init(seed: UInt64, customers: [CustomerContact], startMs: Int64, endMs: Int64, agents: [DemoServiceDesk.Agent]) {
        self.seed = seed
        self.startMs = startMs
        self.endMs = endMs
        self.agents = agents
        random = SeededRandom(seed: seed, stream: 0x5E21_1CE0_DE5C)
        let pool = customers.filter(\.hasIdentifier)
        contacts = pool.isEmpty ? Self.madeUpContacts(random: &random) : pool
        languages = contacts.map(Self.language(of:))
        vip = contacts.map { Self.stableHash($0.profileReference ?? $0.displayName) % 100 < 8 }
    }

    // MARK: Customers

    static func madeUpContacts(random: inout SeededRandom) -> [CustomerContact] {
        (0..<150).map { index in
            let person = DemoNames.person(random: &random)
            let email = DemoNames.email(for: person, attempt: index, random: &random)
            let phone = DemoNames.phoneText(DemoNames.mobileNumber(random: &random), random: &random)
            return CustomerContact(email: email, phone: phone, name: person.firstName + " " + person.lastName)
        }
    }

    /// The language a customer writes in, read from their first name: English names write in English, about half of
    /// Ukrainian names in Russian, everyone else in Polish. The same customer always gets the same answer.
    static func language(of contact: CustomerContact) -> String {
        guard let first = contact.name?.split(separator: " ").first.map(String.init) else { return "pl" }
        if DemoNames.englishFemale.contains(first) || DemoNames.englishMale.contains(first) { return "en" }
        if DemoNames.ukrainianFemale.contains(first) || DemoNames.ukrainianMale.contains(first) {
            return stableHash(contact.name ?? first) % 2 == 0 ? "ru" : "pl"
        }
        return "pl"
    }

    /// FNV-1a of the UTF-8 bytes: the same on every machine (unlike `hashValue`).
    static func stableHash(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        return hash
    }

    // MARK: The plan

    mutating func plan(cases: Int) -> [DemoServiceDesk.Step] {
        guard cases > 0 else { return [] }
        let repeatTarget = cases >= 20 ? cases * 6 / 100 : 0
        var plans = (0..<(cases - repeatTarget)).map { drawPlan(ordinal: $0) }
        plans.sort { ($0.openMs, $0.ordinal) < ($1.openMs, $1.ordinal) }
        if let first = plans.firstIndex(where: { $0.channel == .email || $0.channel == .chat }) { plans[first].forceMarkup = true }

        var logs: [(plan: DemoServiceCasePlan, log: DemoServiceCaseLog)] = plans.map { ($0, simulate($0)) }

        // Repeat contacts: the same customer back about the same thing within 72 hours of a resolution.
        let window = 72 * DemoTime.hour
        let candidates = logs.indices.filter { index in
            guard let resolved = logs[index].log.firstResolved else { return false }
            return resolved + window < endMs && logs[index].plan.repeatOf == nil
        }
        var repeats = [DemoServiceCasePlan]()
        var remaining = candidates.count
        for index in candidates where repeats.count < repeatTarget {
            let needed = repeatTarget - repeats.count
            if random.chance(Double(needed) / Double(max(remaining, 1))) {
                let original = logs[index]
                let resolved = original.log.firstResolved!
                var openMs = resolved + Int64(random.double(1...60) * Double(DemoTime.hour))
                openMs = min(DemoServiceTime.awake(openMs, random: &random), resolved + window - DemoTime.hour)
                let channel: Channel = random.pickWeighted([(.phone, 5.0), (.email, 3), (.chat, 2)])
                repeats.append(DemoServiceCasePlan(
                    ordinal: cases + repeats.count, openMs: DemoTime.wholeSecond(openMs), channel: channel,
                    customerIndex: original.plan.customerIndex, topicIndex: original.plan.topicIndex, repeatOf: subject(of: original.log)))
            }
            remaining -= 1
        }
        // Too few resolved cases to come back to: ordinary cases instead, so that there are exactly `cases`.
        var extra = 0
        while repeats.count + extra < repeatTarget {
            repeats.append(drawPlan(ordinal: cases * 2 + extra))
            extra += 1
        }
        for plan in repeats { logs.append((plan, simulate(plan))) }

        logs.sort { ($0.log.openedAt, $0.plan.ordinal) < ($1.log.openedAt, $1.plan.ordinal) }
        let width = max(4, String(logs.count).count)
        var keyed = [(ms: Int64, caseIndex: Int, stepIndex: Int, step: DemoServiceDesk.Step)]()
        keyed.reserveCapacity(logs.reduce(0) { $0 + $1.log.items.count })
        for (caseIndex, entry) in logs.enumerated() {
            let number = String(caseIndex + 1)
            let key = "case-" + String(repeating: "0", count: max(0, width - number.count)) + number
            for (stepIndex, item) in entry.log.items.enumerated() {
                keyed.append((item.ms, caseIndex, stepIndex, item.draft.step(caseKey: key, ms: item.ms)))
            }
        }
        keyed.sort { ($0.ms, $0.caseIndex, $0.stepIndex) < ($1.ms, $1.caseIndex, $1.stepIndex) }
        return keyed.map(\.step)
    }

    private func subject(of log: DemoServiceCaseLog) -> String? {
        if case .open(_, _, let subject, _, _, _, _, _, _)? = log.items.first?.draft { return subject }
        return nil
    }

    /// When, where, who and what: half the cases in the last 90 days, the rest spread over the earlier period.
    mutating func drawPlan(ordinal: Int) -> DemoServiceCasePlan {
        let channel: Channel = random.pickWeighted(Self.channelWeights)
        let customerIndex = random.below(contacts.count)
        let topicIndex = random.weighted(DemoServiceTopic.all.map(\.weight))
        let recentStart = max(startMs, endMs - 90 * DemoTime.day)
        var openMs = endMs
        for _ in 0..<8 {
            let from = recentStart > startMs && random.chance(0.5) ? startMs : recentStart
            let to = recentStart > startMs && from == startMs ? recentStart : endMs
            let instant = from + Int64(random.unit() * Double(max(to - from, 1)))
            let day = DemoServiceTime.local(instant).day
            guard let candidate = openingMs(day: day, channel: channel) else { continue }
            if candidate >= startMs && candidate <= endMs {
                openMs = candidate
                break
            }
        }
        return DemoServiceCasePlan(ordinal: ordinal, openMs: DemoTime.wholeSecond(max(startMs, min(openMs, endMs))), channel: channel,
                                   customerIndex: customerIndex, topicIndex: topicIndex)
    }

    /// A moment of a local day when a customer would use the channel (nil: not on that day, e.g. a shop on Sunday).
    mutating func openingMs(day: Int64, channel: Channel) -> Int64? {
        let weekday = DemoTime.weekday(days: day)
        let activity: DemoTime.Activity
        switch channel {
        case .phone:
            // The hotline works Monday–Saturday; fewer calls on Saturday.
            if weekday == 6 && random.chance(0.6) { return nil }
            activity = .callCentre
        case .store: activity = .store
        case .chat: activity = .chat
        default: activity = .browsing
        }
        guard let hour = DemoTime.localHour(activity, weekday: weekday, random: &random) else { return nil }
        return DemoTime.instant(days: day, localHour: hour)
    }

    // MARK: One case

    enum Stall { case unanswered, waitingOnUs, waitingOnCustomer, inProgress }

    func simulate(_ plan: DemoServiceCasePlan) -> DemoServiceCaseLog {
        var sim = DemoServiceCaseSimulation(planner: self, plan: plan)
        sim.run()
        sim.log.cut(at: endMs)
        return sim.log
    }
}
