import Foundation
import TouchpointApp
import TouchpointDomain

/// The measurement area's HTTP shapes.
enum MeasureDTO {
    static func number(_ value: Double?) -> JSONValue {
        guard let value, value.isFinite else { return .null }
        return .number((value * 10_000).rounded() / 10_000)
    }

    static func indicator(_ reading: IndicatorReading) -> JSONValue {
        .object([
            "key": .string(reading.indicator.key),
            "level": .number(Double(reading.indicator.level.rawValue)),
            "value": number(reading.value),
            "target": number(reading.target),
            "met": reading.met.map(JSONValue.bool) ?? .null,
            "direction": .string(reading.indicator.direction.rawValue),
            "unit": .string(reading.indicator.unit.rawValue),
            "numerator": number(reading.numerator),
            "denominator": number(reading.denominator),
            "perChannel": .bool(reading.indicator.perChannel),
            "explanation": .string(ConsoleLink.cxIndicator(reading.indicator.key).href),
        ])
    }

    static func pyramid(_ pyramid: CXPyramid, scope: MeasureScope) -> JSONValue {
        .object([
            "from": .date(scope.from), "to": .date(scope.to),
            "channel": scope.channel.map { .string($0.rawValue) } ?? .null,
            "segment": scope.segment.map { .string($0.rawValue) } ?? .null,
            "levels": .array(pyramid.levels.map { level in
                .object([
                    "level": .number(Double(level.level.rawValue)),
                    "key": .string(level.level.key),
                    "score": number(level.score),
                    "target": number(level.target),
                    "met": .bool(level.met),
                    "counts": .object([
                        "indicators": .number(Double(level.indicators.count)),
                        "met": .number(Double(level.indicatorsMet)),
                        "missed": .number(Double(level.indicatorsMissed)),
                        "noData": .number(Double(level.indicatorsWithoutData)),
                    ]),
                    "reachedWithLevelsBelow": .bool(level.counts),
                    "indicators": .array(level.indicators.map(indicator)),
                ])
            }),
            "reached": .number(Double(pyramid.reached)),
            "blockingLevel": pyramid.blockingLevel.map { .string($0.key) } ?? .null,
        ])
    }

    static func channels(_ report: ChannelReport, from: Date, to: Date) -> JSONValue {
        .object([
            "from": .date(from), "to": .date(to),
            "channels": .array(report.channels.map { figures in
                .object([
                    "channel": .string(figures.channel.rawValue),
                    "contacts": .number(Double(figures.offered)),
                    "answered": .number(Double(figures.answered)),
                    "abandoned": .number(Double(figures.abandoned)),
                    "answeredShare": number(figures.answeredShare),
                    "abandonedShare": number(figures.abandonedShare),
                    "waitP50Seconds": number(figures.waitP50Seconds),
                    "waitP90Seconds": number(figures.waitP90Seconds),
                    "hoursCovered": number(figures.hoursCovered),
                    "cases": .number(Double(figures.service.cases)),
                    "csat": number(figures.service.csatSatisfiedShare),
                    "csatAverage": number(figures.service.csatAverage),
                    "csatResponses": .number(Double(figures.service.csatResponses)),
                    "nps": number(figures.nps),
                    "npsAnswers": .number(Double(figures.npsAnswers)),
                    "firstContactResolution": number(figures.service.firstContactResolutionRate),
                    "resolutionMedianSeconds": number(figures.service.resolutionMedianSeconds),
                ])
            }),
            "spread": .array(report.spreads.map { spread in
                .object([
                    "figure": .string(spread.figure),
                    "direction": .string(spread.direction.rawValue),
                    "min": number(spread.minimum), "max": number(spread.maximum), "range": number(spread.range),
                    "average": number(spread.average),
                    "best": .string(spread.best.rawValue), "worst": .string(spread.worst.rawValue),
                    "dragsDown": spread.drag.map { .string($0.rawValue) } ?? .null,
                ])
            }),
            "switches": .array(report.switches.map { .object(["from": .string($0.from.rawValue), "to": .string($0.to.rawValue), "count": .number(Double($0.count))]) }),
        ])
    }

    static func settings(_ settings: MeasureSettings) -> JSONValue {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        var body = (try? encoder.encode(settings)).flatMap { JSONValue.parse(String(decoding: $0, as: UTF8.self)) }?.objectValue ?? [:]
        // The secret is never read back: only whether one is set.
        body["alertWebhookSecret"] = nil
        body["alertWebhookSecretSet"] = .bool(settings.alertWebhookSecret != nil)
        body["alertRulesInForce"] = .array((settings.alertRules ?? AlertRule.defaults).map(alertRule))
        body["defaults"] = .object(Dictionary(uniqueKeysWithValues: CXIndicator.all.map { ($0.key, .number($0.defaultTarget)) }))
        body["effectiveTargets"] = .object(Dictionary(uniqueKeysWithValues: CXIndicator.all.map { ($0.key, .number(settings.target($0))) }))
        return .object(body)
    }

    static func alertRule(_ rule: AlertRule) -> JSONValue {
        .object([
            "id": .string(rule.id), "indicator": .string(rule.indicator),
            "channel": rule.channel.map { .string($0.rawValue) } ?? .null,
            "threshold": number(rule.threshold), "direction": rule.direction.map { .string($0.rawValue) } ?? .null,
        ])
    }

    static func alert(_ stored: StoredAlert) -> JSONValue {
        let alert = stored.alert
        return .object([
            "id": .string(alert.id), "rule": .string(alert.ruleID), "indicator": .string(alert.indicator),
            "channel": alert.channel.map { .string($0.rawValue) } ?? .null,
            "crossing": .string(alert.crossing.rawValue), "value": number(alert.value), "threshold": number(alert.threshold),
            "direction": .string(alert.direction.rawValue), "at": .date(alert.at),
            "period": .object(["from": .date(alert.periodFrom), "to": .date(alert.periodTo)]),
            "delivery": .string(stored.delivery.rawValue), "attempts": .number(Double(stored.attempts)),
            "deliveredAt": .date(stored.deliveredAt), "lastError": stored.lastError.map(JSONValue.string) ?? .null,
        ])
    }
}
