import Foundation
import TouchpointApp
import TouchpointDomain

/// One alert as the pyramid page lists it: when, what crossed which way, the value against the threshold, and
/// whether the webhook got it.
struct MeasureAlertRow: Encodable {
    var at: String
    var name: String
    var href: String
    var channel: String?
    /// `breached` or `recovered`, for the badge's colour.
    var crossing: String
    var crossingText: String
    var value: String
    var threshold: String
    var delivery: String
}

extension Strings {
    /// The alerts' words on the pyramid page, in Polish, English and Russian.
    static let measureAlertTable: [String: (pl: String, en: String, ru: String)] = [
        "ms_alerts": ("Alerty", "Alerts", "Оповещения"),
        "ms_alerts_intro": ("Wskaźnik, który w ostatnich 7 dniach przekroczył swój próg, podnosi jeden alert na każde przekroczenie; webhook dostaje go podpisanego.",
                            "An indicator that crosses its threshold over the last 7 days raises one alert per crossing; the webhook receives it signed.",
                            "Показатель, пересёкший порог за последние 7 дней, даёт одно оповещение на каждое пересечение; вебхук получает его с подписью."),
        "ms_alerts_none": ("Brak alertów: żaden wskaźnik nie przekroczył progu.", "No alerts: no indicator has crossed its threshold.",
                           "Оповещений нет: ни один показатель не пересёк порог."),
        "ms_alert_breached": ("poniżej celu", "off target", "ниже цели"),
        "ms_alert_recovered": ("znów w celu", "back on target", "снова в цели"),
        "ms_alert_col_at": ("Kiedy", "When", "Когда"),
        "ms_alert_col_what": ("Wskaźnik", "Indicator", "Показатель"),
        "ms_alert_col_crossing": ("Zmiana", "Crossing", "Пересечение"),
        "ms_alert_col_value": ("Wartość / próg", "Value / threshold", "Значение / порог"),
        "ms_alert_col_delivery": ("Webhook", "Webhook", "Вебхук"),
        "ms_delivery_none": ("nie ustawiony", "not set", "не задан"),
        "ms_delivery_pending": ("w kolejce", "queued", "в очереди"),
        "ms_delivery_sent": ("wysłany", "sent", "отправлен"),
        "ms_delivery_failed": ("nieudany", "failed", "не доставлен"),
        "ms_csv": ("Pobierz tabelę (CSV)", "Download the table (CSV)", "Скачать таблицу (CSV)"),
    ]
}

extension ConsoleController {
    /// The latest alerts as rows: indicator names and values read as the pyramid reads them, channel figures by their key.
    static func alertRows(_ alerts: [StoredAlert], strings: [String: String], format: Formatting) -> [MeasureAlertRow] {
        alerts.map { stored in
            let alert = stored.alert
            let indicator = CXIndicator.named(alert.indicator)
            let name = indicator.map { MeasureWords.name($0, strings: strings) } ?? alert.indicator
            let show = { (value: Double) -> String in
                if let indicator { return MeasureWords.value(value, unit: indicator.unit, strings: strings, format: format) }
                return MeasureWords.figure(value, kind: MeasureWords.figureKind(alert.indicator), strings: strings, format: format)
            }
            return MeasureAlertRow(
                at: format.dateTime(alert.at), name: name,
                href: indicator.map { ConsoleLink.cxIndicator($0.key).href } ?? ConsoleLink.cxChannels().href,
                channel: alert.channel.map { strings["channel_" + $0.rawValue] ?? $0.rawValue },
                crossing: alert.crossing.rawValue, crossingText: strings["ms_alert_" + alert.crossing.rawValue] ?? alert.crossing.rawValue,
                value: show(alert.value) + " / " + (alert.direction == .higherIsBetter ? "≥ " : "≤ ") + show(alert.threshold),
                threshold: show(alert.threshold), delivery: strings["ms_delivery_" + stored.delivery.rawValue] ?? stored.delivery.rawValue)
        }
    }
}
