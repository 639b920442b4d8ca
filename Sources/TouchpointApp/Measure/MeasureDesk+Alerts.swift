import Foundation
import TouchpointDomain

/// The alert watch: every rule's value over the last seven days, an alert stored once per crossing, and its webhook
/// posted (signed) with retries.
extension MeasureDesk {
    /// The period an alert looks at: the seven days up to the end of today ("FCR below 70 % this week").
    public static let alertWindow: TimeInterval = 7 * 86_400
    static let webhookRetries: [TimeInterval] = [60, 300, 1_800, 7_200, 21_600]

    /// Reads every rule's value, stores the crossings since the last look, and returns the new alerts.
    @discardableResult
    public func watch(now: Date = Date()) async throws -> [CXAlert] {
        try await catchUp(now: now)
        let settings = try await settings()
        let rules = settings.alertRules ?? AlertRule.defaults
        guard !rules.isEmpty else { return [] }
        // Whole UTC days (today included), which the day aggregates answer without reading the log.
        let endOfToday = Date(timeIntervalSince1970: ((now.timeIntervalSince1970 / 86_400).rounded(.down) + 1) * 86_400)
        let period = (from: endOfToday.addingTimeInterval(-Self.alertWindow), to: endOfToday)
        var values = [String: Double?]()
        let company = try await facts(MeasureScope(from: period.from, to: period.to), settings: settings, now: now).readings(settings)
        var byChannel = [Channel: [IndicatorReading]]()
        var report: ChannelReport?
        for rule in rules {
            if CXIndicator.named(rule.indicator) != nil {
                if let channel = rule.channel {
                    if byChannel[channel] == nil {
                        byChannel[channel] = try await facts(MeasureScope(from: period.from, to: period.to, channel: channel), settings: settings, now: now)
                            .readings(settings)
                    }
                    values[rule.id] = byChannel[channel]?.first { $0.indicator.key == rule.indicator }?.value
                } else {
                    values[rule.id] = company.first { $0.indicator.key == rule.indicator }?.value
                }
            } else if let channel = rule.channel, AlertRule.channelFigures[rule.indicator] != nil {
                if report == nil { report = try await channels(from: period.from, to: period.to, now: now, catchingUp: false) }
                let figures = report?.channels.first { $0.channel == channel }
                values[rule.id] = figures.flatMap { ChannelReport.figure(rule.indicator, of: $0) }
            }
        }
        let previous = try await alertRepository.alertVerdicts()
        let (verdicts, alerts) = AlertWatch.evaluate(rules, values: values, settings: settings, previous: previous, now: now, period: period)
        guard verdicts != previous || !alerts.isEmpty else { return [] }
        try await alertRepository.recordAlerts(alerts, delivery: settings.alertWebhookURL == nil ? .none : .pending, verdicts: verdicts)
        return alerts
    }

    public func alerts(limit: Int = 50) async throws -> [StoredAlert] { try await alertRepository.recentAlerts(limit: limit) }

    /// Posts the due alerts to the webhook; a failure is tried again later (1 min, 5 min, 30 min, 2 h, 6 h), then given up.
    @discardableResult
    public func deliverAlerts(now: Date = Date()) async throws -> Int {
        guard let transport = webhookTransport else { return 0 }
        let settings = try await settings()
        let due = try await alertRepository.claimDueAlerts(now: now, limit: 20, lease: 120)
        var delivered = 0
        for stored in due {
            guard let url = settings.alertWebhookURL else {
                try await alertRepository.markAlertFailed(stored.alert.id, error: "no webhook is configured any more", retryAt: nil)
                continue
            }
            do {
                try await transport.post(Self.webhookBody(stored.alert), to: url, secret: settings.alertWebhookSecret)
                try await alertRepository.markAlertDelivered(stored.alert.id, at: now)
                delivered += 1
            } catch {
                let retry = stored.attempts < Self.webhookRetries.count ? now.addingTimeInterval(Self.webhookRetries[stored.attempts]) : nil
                try await alertRepository.markAlertFailed(stored.alert.id, error: "\(error)", retryAt: retry)
            }
        }
        return delivered
    }

    /// The webhook's JSON body: what crossed, its value and threshold, the period it was read over.
    public static func webhookBody(_ alert: CXAlert) -> Data {
        var fields: [String: JSONValue] = [
            "type": .string("cx.alert"), "id": .string(alert.id), "rule": .string(alert.ruleID), "indicator": .string(alert.indicator),
            "crossing": .string(alert.crossing.rawValue), "value": .number(alert.value), "threshold": .number(alert.threshold),
            "direction": .string(alert.direction.rawValue), "at": .string(Timestamps.format(alert.at)),
            "period": .object(["from": .string(Timestamps.format(alert.periodFrom)), "to": .string(Timestamps.format(alert.periodTo))]),
        ]
        fields["channel"] = alert.channel.map { .string($0.rawValue) } ?? .null
        return Data(JSONCodec.serialize(.object(fields)).utf8)
    }
}
