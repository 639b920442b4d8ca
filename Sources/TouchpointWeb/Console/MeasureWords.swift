import Foundation
import TouchpointDomain

/// The pyramid's indicators, levels and channel figures in the reader's words and numbers: a share as a percent, a
/// ratio "per order", NPS as a signed number, a change as a signed percent; verdicts and level states as words with
/// the code the templates colour them by.
enum MeasureWords {
    // MARK: Names

    static func name(_ indicator: CXIndicator, strings: [String: String]) -> String {
        strings["ms_ind_" + indicator.key] ?? indicator.key
    }

    static func level(_ level: CXLevel, strings: [String: String]) -> String {
        strings["ms_level_" + level.key] ?? level.key
    }

    /// "Level 2: Problem solving on demand".
    static func levelHeading(_ level: CXLevel, strings: [String: String]) -> String {
        DecisionWords.fill(strings["ms_level_heading"]!, ["n": String(level.rawValue), "name": Self.level(level, strings: strings)])
    }

    /// What the indicator measures, with the repeat-contact window of the settings where the text names it.
    static func definition(_ indicator: CXIndicator, settings: MeasureSettings, strings: [String: String], format: Formatting) -> String {
        DecisionWords.fill(strings["ms_def_" + indicator.key] ?? "", ["days": format.decimal(settings.repeatContactDays, digits: 1)])
    }

    // MARK: Numbers

    /// A value as its unit reads; "—" without data.
    static func value(_ value: Double?, unit: IndicatorUnit, strings: [String: String], format: Formatting) -> String {
        guard let value, value.isFinite else { return "—" }
        switch unit {
        case .share: return format.percent(value)
        case .ratio: return DecisionWords.fill(strings["ms_per_order"]!, ["n": format.decimal(value, digits: 2)])
        case .score: return signed(value, format.decimal(value, digits: 0))
        case .change: return signed(value, format.percent(value))
        }
    }

    /// The target with its direction: "≥ 60 %", "≤ 0,15 na zamówienie".
    static func target(_ indicator: CXIndicator, _ target: Double, strings: [String: String], format: Formatting) -> String {
        (indicator.direction == .higherIsBetter ? "≥ " : "≤ ") + value(target, unit: indicator.unit, strings: strings, format: format)
    }

    /// A count as a whole number when it is one (cases, answers), else with a decimal (the sum of P(alive), CLV).
    static func count(_ value: Double, format: Formatting) -> String {
        guard value.isFinite else { return "—" }
        if value == value.rounded(), abs(value) < 1e15 { return format.number(Int(value)) }
        return format.decimal(value, digits: abs(value) >= 1_000 ? 0 : 1)
    }

    /// "12 / 20": what the value was divided from.
    static func counts(_ reading: IndicatorReading, format: Formatting) -> String {
        count(reading.numerator, format: format) + " / " + count(reading.denominator, format: format)
    }

    /// A plus in front of a gain, so a change or an NPS reads as one ("+12 %"); the locale writes the minus.
    static func signed(_ value: Double, _ text: String) -> String {
        value > 0 && !text.hasPrefix("+") ? "+" + text : text
    }

    /// Seconds as the span a reader thinks in: "45 s", "12 min", "2,5 h", "3 dni".
    static func duration(_ seconds: Double?, strings: [String: String], format: Formatting) -> String {
        guard let seconds, seconds.isFinite else { return "—" }
        let value = max(0, seconds)
        if value < 60 { return format.decimal(value, digits: 0) + " " + strings["ms_seconds_short"]! }
        if value < 3_600 { return format.decimal(value / 60, digits: value < 600 ? 1 : 0) + " " + strings["minutes_short"]! }
        if value < 48 * 3_600 { return format.decimal(value / 3_600, digits: 1) + " " + strings["hours_short"]! }
        return format.decimal(value / 86_400, digits: 1) + " " + strings["ms_days_short"]!
    }

    /// A whole UTC day of a period ("1 sty 2026"): the pages' periods are whole UTC days, as the API reads them.
    static func day(_ date: Date, format: Formatting) -> String {
        var style = Date.FormatStyle().day().month(.abbreviated).year().locale(format.language.locale)
        style.timeZone = TimeZone(identifier: "UTC")!
        return date.formatted(style)
    }

    // MARK: Verdicts

    /// An indicator's verdict in words and its code (`met`, `missed`, `none`).
    static func verdict(_ met: Bool?, strings: [String: String]) -> (text: String, code: String) {
        switch met {
        case true?: return (strings["ms_verdict_met"]!, "met")
        case false?: return (strings["ms_verdict_missed"]!, "missed")
        case nil: return (strings["ms_verdict_none"]!, "none")
        }
    }

    /// A level's state: `none` without data (never shown as success), `missed`, `gated` when it holds but a level
    /// below does not (so it does not count), `met` when it counts.
    static func levelState(_ level: CXPyramid.Level) -> String {
        if level.score == nil { return "none" }
        if !level.met { return "missed" }
        return level.counts ? "met" : "gated"
    }

    static func levelStatus(_ level: CXPyramid.Level, strings: [String: String]) -> String {
        strings["ms_status_" + levelState(level)]!
    }

    /// "2 of 3 indicators on target", over the indicators with data; "no indicator has data".
    static func score(_ level: CXPyramid.Level, strings: [String: String], format: Formatting) -> String {
        let judged = level.indicatorsMet + level.indicatorsMissed
        guard judged > 0 else { return strings["ms_score_none"]! }
        return DecisionWords.fill(strings["ms_score"]!, ["met": format.number(level.indicatorsMet), "total": format.number(judged)])
    }

    /// How much of the level must be on target for it to hold.
    static func rule(_ level: CXPyramid.Level, strings: [String: String], format: Formatting) -> String {
        level.target >= 1 - 1e-9 ? strings["ms_rule_all"]! : DecisionWords.fill(strings["ms_rule_share"]!, ["share": format.percent(level.target)])
    }

    // MARK: Channel figures

    /// The channel comparison's figures (`ChannelReport.comparedFigures`) by how they read.
    enum FigureKind { case share, seconds, score }

    static func figureKind(_ key: String) -> FigureKind {
        switch key {
        case "waitP50Seconds", "waitP90Seconds", "resolutionMedianSeconds": return .seconds
        case "nps": return .score
        default: return .share
        }
    }

    static func figure(_ value: Double?, kind: FigureKind, strings: [String: String], format: Formatting) -> String {
        guard let value else { return "—" }
        switch kind {
        case .share: return format.percent(value)
        case .seconds: return duration(value, strings: strings, format: format)
        case .score: return signed(value, format.decimal(value, digits: 0))
        }
    }

    /// The gap between the best and the worst channel: shares in percentage points, NPS in points, times as spans.
    static func range(_ value: Double, kind: FigureKind, strings: [String: String], format: Formatting) -> String {
        switch kind {
        case .share: return DecisionWords.fill(strings["ms_points"]!, ["n": format.decimal(value * 100, digits: 1)])
        case .seconds: return duration(value, strings: strings, format: format)
        case .score: return format.decimal(value, digits: 0)
        }
    }
}
