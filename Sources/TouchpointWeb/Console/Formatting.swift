import Foundation
import TouchpointDomain

/// Dates and numbers as each language writes them; times in the company's time zone (stored times are UTC).
struct Formatting {
    let language: Language
    var timeZone: TimeZone = TimeZone(identifier: "UTC")!

    func number<I: BinaryInteger>(_ value: I) -> String {
        Int(value).formatted(.number.locale(language.locale))
    }

    func percent(_ fraction: Double) -> String {
        fraction.formatted(.percent.precision(.fractionLength(0...1)).locale(language.locale))
    }

    func decimal(_ value: Double, digits: Int = 2) -> String {
        value.formatted(.number.precision(.fractionLength(0...digits)).locale(language.locale))
    }

    /// Day, month, year and a zero-padded 24-hour time ("4 gru 2026, 09:05"), with the zone's abbreviation only when it is UTC
    /// (a company reads its own zone without a label; UTC is named so nobody takes it for local time).
    func dateTime(_ date: Date?) -> String {
        guard let date else { return "—" }
        var style = Date.FormatStyle().day().month(.abbreviated).year().hour(.twoDigits(amPM: .omitted)).minute(.twoDigits).locale(language.locale)
        style.timeZone = timeZone
        let text = date.formatted(style)
        return timeZone.identifier == "UTC" || timeZone.identifier == "GMT" ? text + " UTC" : text
    }

    /// A compact moment for table cells: "16.11, 09:05" (the year only when it is not this year's), in the company's zone.
    func shortDateTime(_ date: Date?, now: Date = Date()) -> String {
        guard let date else { return "—" }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        var style = Date.FormatStyle().day(.twoDigits).month(.twoDigits).hour(.twoDigits(amPM: .omitted)).minute(.twoDigits).locale(language.locale)
        if calendar.component(.year, from: date) != calendar.component(.year, from: now) { style = style.year() }
        style.timeZone = timeZone
        return date.formatted(style)
    }

    func day(_ key: String) -> String {
        guard let date = Timestamps.parse(key + "T00:00:00Z") else { return key }
        var style = Date.FormatStyle().day().month(.abbreviated).locale(language.locale)
        style.timeZone = TimeZone(identifier: "UTC")!   // a day key is a UTC calendar day
        return date.formatted(style)
    }

    func channel(_ channel: TouchpointDomain.Channel, strings: [String: String]) -> String {
        strings["channel_" + channel.rawValue] ?? channel.rawValue
    }
}
