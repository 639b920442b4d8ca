import Foundation
import SQLKit
import TouchpointApp
import TouchpointDomain

extension SQLStore: AlertRepository {
    static let alertVerdictsDocument = "cx_alert_verdicts"
    static let alertColumns = "id, rule_id, indicator, channel, value, threshold, direction, crossing, at, period_from, period_to, delivery, attempts, delivered_at, last_error"

    public func alertVerdicts() async throws -> AlertVerdicts {
        guard let text = try await measureDocument(Self.alertVerdictsDocument),
              let verdicts = try? JSONDecoder().decode(AlertVerdicts.self, from: Data(text.utf8)) else { return AlertVerdicts() }
        return verdicts
    }

    public func recordAlerts(_ alerts: [CXAlert], delivery: StoredAlert.Delivery, verdicts: AlertVerdicts) async throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let document = String(decoding: try encoder.encode(verdicts), as: UTF8.self)
        try await write { sql in
            for alert in alerts {
                var insert = SQLStatement("INSERT INTO cx_alerts (" + Self.alertColumns + ", next_attempt_at) VALUES (")
                insert.bind(alert.id); insert.append(", ")
                insert.bind(alert.ruleID); insert.append(", ")
                insert.bind(alert.indicator); insert.append(", ")
                insert.bind(alert.channel?.rawValue); insert.append(", ")
                insert.bind(alert.value); insert.append(", ")
                insert.bind(alert.threshold); insert.append(", ")
                insert.bind(alert.direction.rawValue); insert.append(", ")
                insert.bind(alert.crossing.rawValue); insert.append(", ")
                insert.bind(Timestamps.millis(alert.at)); insert.append(", ")
                insert.bind(Timestamps.millis(alert.periodFrom)); insert.append(", ")
                insert.bind(Timestamps.millis(alert.periodTo)); insert.append(", ")
                insert.bind(delivery.rawValue)
                insert.append(", 0, NULL, NULL, ")
                insert.bind(delivery == .pending ? Timestamps.millis(alert.at) : nil)
                insert.append(") ON CONFLICT (id) DO NOTHING")
                try await sql.run(insert)
            }
            try await Self.saveDocument(Self.alertVerdictsDocument, document, now: Date(), on: sql)
        }
    }

    public func recentAlerts(limit: Int) async throws -> [StoredAlert] {
        var statement = SQLStatement("SELECT " + Self.alertColumns + " FROM cx_alerts ORDER BY at DESC, id LIMIT ")
        statement.bind(Int64(max(1, min(limit, 1_000))))
        return try await sql.rows(statement).map(Self.storedAlert)
    }

    public func claimDueAlerts(now: Date, limit: Int, lease: TimeInterval) async throws -> [StoredAlert] {
        try await write { sql in
            let dialect = SQLDialectKind(sql)
            var select = SQLStatement("SELECT " + Self.alertColumns + " FROM cx_alerts WHERE delivery = 'pending' AND next_attempt_at <= ")
            select.bind(Timestamps.millis(now))
            select.append(" ORDER BY next_attempt_at LIMIT ")
            select.bind(Int64(limit))
            if dialect == .postgres { select.append(" FOR UPDATE SKIP LOCKED") }
            let claimed = try await sql.rows(select).map(Self.storedAlert)
            guard !claimed.isEmpty else { return [] }
            var hold = SQLStatement("UPDATE cx_alerts SET next_attempt_at = ")
            hold.bind(Timestamps.millis(now.addingTimeInterval(lease)))
            hold.append(" WHERE id IN ")
            hold.bindList(claimed.map(\.alert.id))
            try await sql.run(hold)
            return claimed
        }
    }

    public func markAlertDelivered(_ id: String, at: Date) async throws {
        try await write { sql in
            var update = SQLStatement("UPDATE cx_alerts SET delivery = 'sent', attempts = attempts + 1, last_error = NULL, delivered_at = ")
            update.bind(Timestamps.millis(at))
            update.append(" WHERE id = ")
            update.bind(id)
            try await sql.run(update)
        }
    }

    public func markAlertFailed(_ id: String, error: String, retryAt: Date?) async throws {
        try await write { sql in
            var update = SQLStatement("UPDATE cx_alerts SET attempts = attempts + 1, last_error = ")
            update.bind(String(error.prefix(500)))
            update.append(", delivery = ")
            update.bind(retryAt == nil ? "failed" : "pending")
            update.append(", next_attempt_at = ")
            update.bind(retryAt.map(Timestamps.millis))
            update.append(" WHERE id = ")
            update.bind(id)
            try await sql.run(update)
        }
    }

    static func storedAlert(_ row: any SQLRow) throws -> StoredAlert {
        let alert = CXAlert(
            id: try row.decode(column: "id", as: String.self), ruleID: try row.decode(column: "rule_id", as: String.self),
            indicator: try row.decode(column: "indicator", as: String.self),
            channel: try row.decode(column: "channel", as: String?.self).flatMap(Channel.init(rawValue:)),
            value: try row.decode(column: "value", as: Double.self), threshold: try row.decode(column: "threshold", as: Double.self),
            direction: IndicatorDirection(rawValue: try row.decode(column: "direction", as: String.self)) ?? .higherIsBetter,
            crossing: CXAlert.Crossing(rawValue: try row.decode(column: "crossing", as: String.self)) ?? .breached,
            at: Timestamps.date(millis: try row.decode(column: "at", as: Int64.self)),
            periodFrom: Timestamps.date(millis: try row.decode(column: "period_from", as: Int64.self)),
            periodTo: Timestamps.date(millis: try row.decode(column: "period_to", as: Int64.self)))
        return StoredAlert(alert: alert, delivery: StoredAlert.Delivery(rawValue: try row.decode(column: "delivery", as: String.self)) ?? .none,
                           attempts: Int(try row.decode(column: "attempts", as: Int64.self)),
                           deliveredAt: try row.decode(column: "delivered_at", as: Int64?.self).map(Timestamps.date(millis:)),
                           lastError: try row.decode(column: "last_error", as: String?.self))
    }
}
