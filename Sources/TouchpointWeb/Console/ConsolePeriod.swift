import Vapor
import TouchpointDomain

/// The period a report page shows, from its `from` and `to` fields (whole UTC days, `to` included): by default the
/// `days` up to the end of today; a date that cannot be read, or a reversed period, falls back to it with a message.
struct ConsolePeriod {
    var from: Date
    var to: Date
    /// The fields as typed, to show them again in the form.
    var fromText: String
    var toText: String
    var error: String?

    init(_ request: Request, defaultDays: Double, strings: [String: String]) {
        fromText = request.query[String.self, at: "from"] ?? ""
        toText = request.query[String.self, at: "to"] ?? ""
        let endOfToday = Date.endOfTodayUTC
        to = endOfToday
        from = endOfToday.addingTimeInterval(-defaultDays * 86_400)
        if !fromText.isEmpty { if let date = Timestamps.parse(fromText) { from = date } else { error = strings["filter_bad_date"] } }
        if !toText.isEmpty { if let date = Timestamps.parse(toText) { to = date.addingTimeInterval(86_400) } else { error = strings["filter_bad_date"] } }
        if from >= to {
            error = strings["filter_order"]
            to = endOfToday
            from = endOfToday.addingTimeInterval(-defaultDays * 86_400)
        }
    }
}
