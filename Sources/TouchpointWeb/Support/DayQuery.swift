import Vapor
import TouchpointDomain

extension Request {
    /// A query parameter holding a day written `YYYY-MM-DD`, as the start of that day in UTC; nil when absent or
    /// empty. Reports take `from` and `to` this way (`to` inclusive: callers add a day).
    func dayQuery(_ name: String) throws -> Date? {
        guard let text = query[String.self, at: name], !text.isEmpty else { return nil }
        guard let date = Timestamps.parse(text + "T00:00:00Z"), text.count == 10 else {
            throw APIError.badRequest("invalid_date", "'\(name)' must be a date written YYYY-MM-DD, got '\(text.prefix(40))'")
        }
        return date
    }
}

extension Date {
    /// The end of today in UTC: periods that end here are whole days, which the daily roll-ups answer.
    static var endOfTodayUTC: Date {
        Date(timeIntervalSince1970: (Date().timeIntervalSince1970 / 86_400).rounded(.down) * 86_400 + 86_400)
    }
}
