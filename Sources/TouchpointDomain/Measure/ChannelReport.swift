import Foundation

/// One contact a customer made with a person, as the channel page counts it: a call, or a case opened on a channel.
public struct ChannelContact: Sendable, Equatable {
    public var channel: Channel
    public var profileID: String?
    public var startedAt: Date
    /// When a person first answered (the call was picked up, the first reply was sent); nil when nobody did.
    public var answeredAt: Date?
    /// The customer gave up before anyone answered (hung up in the queue, left the chat, the case closed unanswered).
    public var abandoned: Bool

    public init(channel: Channel, profileID: String?, startedAt: Date, answeredAt: Date?, abandoned: Bool) {
        self.channel = channel
        self.profileID = profileID
        self.startedAt = startedAt
        self.answeredAt = answeredAt
        self.abandoned = abandoned
    }

    /// Seconds the customer waited until a person answered; nil when nobody did (abandoned and unanswered contacts
    /// have no wait to report, as a queue's answered-wait percentiles do not).
    public var waitSeconds: Double? { answeredAt.map { max(0, $0.timeIntervalSince(startedAt)) } }
}

/// A channel's figures for a period. Rates are nil when nothing feeds them, as in the service reports.
public struct ChannelFigures: Sendable, Equatable {
    public var channel: Channel
    public var offered: Int
    public var answered: Int
    public var abandoned: Int
    public var answeredShare: Double?
    public var abandonedShare: Double?
    public var waitP50Seconds: Double?
    public var waitP90Seconds: Double?
    /// Hours a week the channel is open for customers (its calendar).
    public var hoursCovered: Double
    /// The service desk's own figures for the cases of this channel — the same numbers the service report shows.
    public var service: ServiceMetricSummary
    public var nps: Double?
    public var npsAnswers: Int

    public init(channel: Channel, offered: Int = 0, answered: Int = 0, abandoned: Int = 0, answeredShare: Double? = nil,
                abandonedShare: Double? = nil, waitP50Seconds: Double? = nil, waitP90Seconds: Double? = nil, hoursCovered: Double = 0,
                service: ServiceMetricSummary = ServiceMetricSummary(), nps: Double? = nil, npsAnswers: Int = 0) {
        self.channel = channel
        self.offered = offered
        self.answered = answered
        self.abandoned = abandoned
        self.answeredShare = answeredShare
        self.abandonedShare = abandonedShare
        self.waitP50Seconds = waitP50Seconds
        self.waitP90Seconds = waitP90Seconds
        self.hoursCovered = hoursCovered
        self.service = service
        self.nps = nps
        self.npsAnswers = npsAnswers
    }
}

/// How one figure varies across channels: the best and worst channel, the gap, and the channel that drags the
/// average down — the one whose removal would raise the contact-weighted average the most.
public struct ChannelSpread: Sendable, Equatable {
    public var figure: String
    public var direction: IndicatorDirection
    public var minimum: Double
    public var maximum: Double
    public var range: Double
    public var best: Channel
    public var worst: Channel
    public var average: Double
    public var drag: Channel?
}

/// Customers who moved to another channel because the first gave no answer: `from` → `to`, how often.
public struct ChannelSwitch: Sendable, Equatable {
    public var from: Channel
    public var to: Channel
    public var count: Int
}

public struct ChannelReport: Sendable, Equatable {
    public var channels: [ChannelFigures]
    public var spreads: [ChannelSpread]
    public var switches: [ChannelSwitch]

    /// The figures compared across channels, with which way is better and the weight (volume) each channel carries.
    static let comparedFigures: [(key: String, direction: IndicatorDirection, value: @Sendable (ChannelFigures) -> Double?, weight: @Sendable (ChannelFigures) -> Int)] = [
        ("answeredShare", .higherIsBetter, { $0.answeredShare }, { $0.offered }),
        ("abandonedShare", .lowerIsBetter, { $0.abandonedShare }, { $0.offered }),
        ("waitP50Seconds", .lowerIsBetter, { $0.waitP50Seconds }, { $0.answered }),
        ("waitP90Seconds", .lowerIsBetter, { $0.waitP90Seconds }, { $0.answered }),
        ("csat", .higherIsBetter, { $0.service.csatSatisfiedShare }, { $0.service.csatResponses }),
        ("nps", .higherIsBetter, { $0.nps }, { $0.npsAnswers }),
        ("firstContactResolution", .higherIsBetter, { $0.service.firstContactResolutionRate }, { $0.service.resolved }),
        ("resolutionMedianSeconds", .lowerIsBetter, { $0.service.resolutionMedianSeconds }, { $0.service.resolved }),
    ]

    /// One compared figure of a channel by its key (`abandonedShare`, `nps`…), nil without data or for an unknown key.
    public static func figure(_ key: String, of figures: ChannelFigures) -> Double? {
        comparedFigures.first { $0.key == key }?.value(figures)
    }

    /// Builds the page: contact figures per channel from the contacts, the service figures from the service
    /// calculator over the same case facts the service report reads, NPS from the answers' histograms.
    /// - Parameters:
    ///   - switchWindow: how long after an unanswered contact a contact elsewhere counts as a switch.
    public static func make(contacts: [ChannelContact], caseFacts: [ServiceCaseFacts], recontactWindow: TimeInterval,
                            nps: [Channel: (promoters: Int, detractors: Int, answers: Int)], hours: [Channel: Double],
                            switchWindow: TimeInterval) -> ChannelReport {
        let byChannel = Dictionary(grouping: contacts, by: \.channel)
        let service = Dictionary(uniqueKeysWithValues: ServiceMetricsCalculator.grouped(caseFacts, by: .channel, recontactWindow: recontactWindow)
            .map { ($0.key, $0.summary) })
        let figures = CXChannel.all.map { channel -> ChannelFigures in
            let list = byChannel[channel] ?? []
            let answered = list.filter { $0.answeredAt != nil }.count
            let abandoned = list.filter(\.abandoned).count
            let waits = list.compactMap(\.waitSeconds).sorted()
            let answers = nps[channel]
            return ChannelFigures(
                channel: channel, offered: list.count, answered: answered, abandoned: abandoned,
                answeredShare: list.isEmpty ? nil : Double(answered) / Double(list.count),
                abandonedShare: list.isEmpty ? nil : Double(abandoned) / Double(list.count),
                waitP50Seconds: percentile(waits, 0.5), waitP90Seconds: percentile(waits, 0.9),
                hoursCovered: hours[channel] ?? 0, service: service[channel.rawValue] ?? ServiceMetricSummary(),
                nps: answers.flatMap { $0.answers > 0 ? Double($0.promoters - $0.detractors) / Double($0.answers) * 100 : nil },
                npsAnswers: answers?.answers ?? 0)
        }
        return ChannelReport(channels: figures, spreads: spreads(figures), switches: switches(contacts, window: switchWindow))
    }

    /// Nearest-rank percentile of sorted values (the value at or above the share), nil when empty.
    public static func percentile(_ sorted: [Double], _ share: Double) -> Double? {
        guard !sorted.isEmpty else { return nil }
        let rank = Int((share * Double(sorted.count)).rounded(.up))
        return sorted[min(sorted.count - 1, max(0, rank - 1))]
    }

    static func spreads(_ figures: [ChannelFigures]) -> [ChannelSpread] {
        comparedFigures.compactMap { figure in
            let present = figures.compactMap { f in figure.value(f).map { (channel: f.channel, value: $0, weight: max(0, figure.weight(f))) } }
            guard present.count >= 2 else { return nil }
            let better: (Double, Double) -> Bool = figure.direction == .higherIsBetter ? { $0 > $1 } : { $0 < $1 }
            let best = present.max { better($1.value, $0.value) }!
            let worst = present.max { better($0.value, $1.value) }!
            func average(_ items: [(channel: Channel, value: Double, weight: Int)]) -> Double? {
                let weight = items.reduce(0) { $0 + $1.weight }
                guard weight > 0 else { return nil }
                return items.reduce(0) { $0 + $1.value * Double($1.weight) } / Double(weight)
            }
            let overall = average(present) ?? present.map(\.value).reduce(0, +) / Double(present.count)
            // The drag: removing which channel improves the weighted average the most (nil when none does).
            var drag: (channel: Channel, gain: Double)?
            for item in present {
                guard let without = average(present.filter { $0.channel != item.channel }) else { continue }
                let gain = figure.direction == .higherIsBetter ? without - overall : overall - without
                if gain > 1e-12, gain > (drag?.gain ?? 0) { drag = (item.channel, gain) }
            }
            let values = present.map(\.value)
            return ChannelSpread(figure: figure.key, direction: figure.direction, minimum: values.min()!, maximum: values.max()!,
                                 range: values.max()! - values.min()!, best: best.channel, worst: worst.channel,
                                 average: overall, drag: drag?.channel)
        }
    }

    /// A switch: a known person's contact on one channel that nobody had answered when the same person started a
    /// contact on another channel within the window. Each unanswered contact counts once, towards the first other
    /// channel the person turned to.
    static func switches(_ contacts: [ChannelContact], window: TimeInterval) -> [ChannelSwitch] {
        var counts = [String: (from: Channel, to: Channel, count: Int)]()
        let byPerson = Dictionary(grouping: contacts.filter { $0.profileID != nil }, by: { $0.profileID! })
        for (_, list) in byPerson where list.count > 1 {
            let ordered = list.sorted { $0.startedAt < $1.startedAt }
            for (index, first) in ordered.enumerated() {
                let next = ordered[(index + 1)...].first { later in
                    later.channel != first.channel && later.startedAt.timeIntervalSince(first.startedAt) <= window
                        && (first.answeredAt.map { $0 > later.startedAt } ?? true)
                }
                guard let next else { continue }
                let key = first.channel.rawValue + ">" + next.channel.rawValue
                counts[key, default: (first.channel, next.channel, 0)].count += 1
            }
        }
        return counts.values.map { ChannelSwitch(from: $0.from, to: $0.to, count: $0.count) }
            .sorted { ($0.count, $1.from.rawValue, $1.to.rawValue) > ($1.count, $0.from.rawValue, $0.to.rawValue) }
    }
}

extension BusinessCalendar {
    /// Opening hours in a normal week (holidays aside).
    public var hoursPerWeek: Double {
        weeklyHours.values.reduce(0) { total, periods in
            total + periods.reduce(0) { sum, period in
                guard let start = period.startMinute, let end = period.endMinute, end > start else { return sum }
                return sum + Double(end - start) / 60
            }
        }
    }
}
