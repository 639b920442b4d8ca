import Foundation

/// What a company aims for: a target per indicator, how much of a level must be on target for the level to hold,
/// and the windows the indicators look through. Everything has a default, so an empty document is a valid one.
public struct MeasureSettings: Sendable, Equatable, Codable {
    /// Indicator key → target, replacing the indicator's default.
    public var targets: [String: Double]
    /// Level key → the share of the level's indicators (those with data) that must meet their targets; 1 by default.
    public var levelTargets: [String: Double]
    /// A contact followed by another one from the same person within this many days was a repeat contact.
    public var repeatContactDays: Double
    /// Opening hours per channel (`web`, `mobile`, `email`, `phone`, `chat`, `social`, `store`); a channel without one
    /// is covered by the service desk's calendar when agents answer it, and around the clock when it is self-service.
    public var channelHours: [String: BusinessCalendar]
    /// What the alert watch looks at; nil means `AlertRule.defaults` (every indicator against its target, chat abandonment).
    public var alertRules: [AlertRule]?
    /// Where alerts are posted (https, or http on loopback for tests and local receivers), and the secret that signs them.
    public var alertWebhookURL: String?
    public var alertWebhookSecret: String?

    public init(targets: [String: Double] = [:], levelTargets: [String: Double] = [:], repeatContactDays: Double = 7,
                channelHours: [String: BusinessCalendar] = [:], alertRules: [AlertRule]? = nil, alertWebhookURL: String? = nil,
                alertWebhookSecret: String? = nil) {
        self.targets = targets
        self.levelTargets = levelTargets
        self.repeatContactDays = repeatContactDays
        self.channelHours = channelHours
        self.alertRules = alertRules
        self.alertWebhookURL = alertWebhookURL
        self.alertWebhookSecret = alertWebhookSecret
    }

    public static let standard = MeasureSettings()

    public func target(_ indicator: CXIndicator) -> Double { targets[indicator.key] ?? indicator.defaultTarget }
    public func levelTarget(_ level: CXLevel) -> Double { levelTargets[level.key] ?? 1 }

    enum CodingKeys: String, CodingKey { case targets, levelTargets, repeatContactDays, channelHours, alertRules, alertWebhookURL, alertWebhookSecret }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        targets = try container.decodeIfPresent([String: Double].self, forKey: .targets) ?? [:]
        levelTargets = try container.decodeIfPresent([String: Double].self, forKey: .levelTargets) ?? [:]
        repeatContactDays = try container.decodeIfPresent(Double.self, forKey: .repeatContactDays) ?? 7
        channelHours = try container.decodeIfPresent([String: BusinessCalendar].self, forKey: .channelHours) ?? [:]
        alertRules = try container.decodeIfPresent([AlertRule].self, forKey: .alertRules)
        alertWebhookURL = try container.decodeIfPresent(String.self, forKey: .alertWebhookURL)
        alertWebhookSecret = try container.decodeIfPresent(String.self, forKey: .alertWebhookSecret)
    }

    /// Every problem a person could have typed, each naming the field; empty when the settings are usable.
    public func problems() -> [String] {
        var problems = [String]()
        for (key, value) in targets.sorted(by: { $0.key < $1.key }) {
            guard let indicator = CXIndicator.named(key) else {
                problems.append("targets.\(key): unknown indicator; use one of \(CXIndicator.all.map(\.key).joined(separator: ", "))")
                continue
            }
            guard value.isFinite else { problems.append("targets.\(key): must be a number"); continue }
            switch indicator.unit {
            case .share where !(0...1).contains(value): problems.append("targets.\(key): a share between 0 and 1")
            case .ratio where !(0...100).contains(value): problems.append("targets.\(key): a ratio between 0 and 100")
            case .score where !(-100...100).contains(value): problems.append("targets.\(key): an NPS between -100 and 100")
            case .change where !(-1...10).contains(value): problems.append("targets.\(key): a relative change between -1 and 10")
            default: break
            }
        }
        for (key, value) in levelTargets.sorted(by: { $0.key < $1.key }) {
            if CXLevel(key: key) == nil {
                problems.append("levelTargets.\(key): unknown level; use one of \(CXLevel.allCases.map(\.key).joined(separator: ", "))")
            } else if !(value.isFinite && value > 0 && value <= 1) {
                problems.append("levelTargets.\(key): the share of indicators on target, more than 0 and at most 1")
            }
        }
        if !(repeatContactDays.isFinite && repeatContactDays > 0 && repeatContactDays <= 90) {
            problems.append("repeatContactDays: between 0 and 90 days")
        }
        for (key, calendar) in channelHours.sorted(by: { $0.key < $1.key }) {
            if !CXChannel.all.contains(where: { $0.rawValue == key }) {
                problems.append("channelHours.\(key): unknown channel; use one of \(CXChannel.all.map(\.rawValue).joined(separator: ", "))")
            }
            do { try calendar.validate() } catch { problems.append("channelHours.\(key): \(error)") }
        }
        for (index, rule) in (alertRules ?? []).enumerated() { problems += rule.problems(at: index) }
        let ids = (alertRules ?? []).map(\.id)
        if Set(ids).count != ids.count { problems.append("alertRules: every rule needs its own id") }
        if let url = alertWebhookURL, !Self.isWebhookURL(url) {
            problems.append("alertWebhookURL: an https:// address (http:// only on localhost or 127.0.0.1)")
        }
        if let secret = alertWebhookSecret, secret.count < 16 || secret.count > 200 {
            problems.append("alertWebhookSecret: 16–200 characters, so the signature cannot be guessed")
        }
        return problems
    }

    /// Alerts leave the company over TLS; plain HTTP is allowed only to this machine (a local relay, a test receiver).
    static func isWebhookURL(_ text: String) -> Bool {
        guard text.count <= 2_000, let url = URL(string: text), let host = url.host, !host.isEmpty else { return false }
        switch url.scheme?.lowercased() {
        case "https": return true
        case "http": return host == "localhost" || host == "127.0.0.1" || host == "[::1]" || host == "::1"
        default: return false
        }
    }
}

/// The channels the measurement pages compare: where customers reach the company.
public enum CXChannel {
    public static let all: [Channel] = [.web, .mobile, .email, .phone, .chat, .social, .store]
    /// Channels customers serve themselves on (help centre, assistant, app): open around the clock unless set otherwise.
    public static let selfService: Set<Channel> = [.web, .mobile]
}
