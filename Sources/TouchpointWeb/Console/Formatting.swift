import Foundation
import TouchpointDomain

/// Dates and numbers as each language writes them; times in UTC, as stored.
struct Formatting {
    let language: Language

    func number<I: BinaryInteger>(_ value: I) -> String {
        Int(value).formatted(.number.locale(language.locale))
    }

    func percent(_ fraction: Double) -> String {
        fraction.formatted(.percent.precision(.fractionLength(0...1)).locale(language.locale))
    }

    func decimal(_ value: Double, digits: Int = 2) -> String {
        value.formatted(.number.precision(.fractionLength(0...digits)).locale(language.locale))
    }

    func dateTime(_ date: Date?) -> String {
        guard let date else { return "—" }
        var style = Date.FormatStyle(date: .abbreviated, time: .shortened).locale(language.locale)
        style.timeZone = TimeZone(identifier: "UTC")!
        return date.formatted(style) + " UTC"
    }

    func day(_ key: String) -> String {
        guard let date = Timestamps.parse(key + "T00:00:00Z") else { return key }
        var style = Date.FormatStyle().day().month(.abbreviated).locale(language.locale)
        style.timeZone = TimeZone(identifier: "UTC")!
        return date.formatted(style)
    }

    func channel(_ channel: TouchpointDomain.Channel, strings: [String: String]) -> String {
        strings["channel_" + channel.rawValue] ?? channel.rawValue
    }
}
