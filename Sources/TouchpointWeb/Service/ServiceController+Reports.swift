import Vapor
import Tagged
import TouchpointApp
import TouchpointDomain
import TouchpointStorage

/// The queue, SLA alerts and the service metrics.
extension ServiceController {

    func queue(_ request: Request) async throws -> Response {
        let caller = try await Self.caller(request)
        let queued = try await request.touchpoint.serviceDesk.queuedCases(visibleTo: caller)
        return Response.json(.object(["cases": .array(queued.map(ServiceDTO.summary))]))
    }

    func alerts(_ request: Request) async throws -> Response {
        let caller = try await Self.caller(request)
        let alerts = try await request.touchpoint.serviceDesk.alerts(limit: try ProfilesController.limit(request, default: 50, maximum: 500), visibleTo: caller)
        return Response.json(.object(["alerts": .array(alerts.map { ServiceDTO.alert($0.alert, caseNumber: $0.serviceCase.number) })]))
    }

    static func period(_ request: Request) throws -> (from: Date, to: Date) {
        func day(_ name: String) throws -> (date: Date, wholeDay: Bool)? {
            guard let text = request.query[String.self, at: name], !text.isEmpty else { return nil }
            guard let date = Timestamps.parse(text.count == 10 ? text + "T00:00:00Z" : text) else {
                throw APIError.badRequest("invalid_date", "'\(name)' is a date YYYY-MM-DD or an ISO-8601 time")
            }
            return (date, text.count == 10)
        }
        // A date alone means the whole day; a time means that moment.
        let to = try day("to").map { $0.wholeDay ? $0.date.addingTimeInterval(86400) : $0.date } ?? Date().addingTimeInterval(1)
        let from = try day("from")?.date ?? to.addingTimeInterval(-30 * 86400)
        guard from < to else { throw APIError.badRequest("invalid_period", "'from' must be before 'to'") }
        return (from, to)
    }

    func metrics(_ request: Request) async throws -> Response {
        _ = try await Self.caller(request, role: .manager)
        let (from, to) = try Self.period(request)
        let desk = request.touchpoint.serviceDesk
        let facts = try await desk.facts(from: from, to: to)
        let window = try await desk.settings().recontactWindowHours * 3600
        var body: [String: JSONValue] = [
            "from": .date(from), "to": .date(to), "recontactWindowHours": .number(window / 3600),
            "overall": ServiceDTO.summary(ServiceMetricsCalculator.summary(facts, recontactWindow: window)),
        ]
        let groupings: [ServiceMetricsCalculator.Grouping]
        if let by = request.query[String.self, at: "by"] {
            guard let grouping = ServiceMetricsCalculator.Grouping(rawValue: by) else { throw APIError.badRequest("invalid_grouping", "'by' is agent, team or channel") }
            groupings = [grouping]
        } else {
            groupings = [.agent, .team, .channel]
        }
        for grouping in groupings {
            body["by" + grouping.rawValue.prefix(1).uppercased() + grouping.rawValue.dropFirst()] = .array(
                ServiceMetricsCalculator.grouped(facts, by: grouping, recontactWindow: window).map { entry in
                    var fields = ServiceDTO.summary(entry.summary).objectValue ?? [:]
                    fields["key"] = .string(entry.key)
                    return .object(fields)
                })
        }
        return Response.json(.object(body))
    }

    func slaReport(_ request: Request) async throws -> Response {
        _ = try await Self.caller(request, role: .manager)
        let (from, to) = try Self.period(request)
        let achievement = try await request.touchpoint.serviceDesk.achievement(from: from, to: to)
        return Response.json(.object(["from": .date(from), "to": .date(to), "metrics": .array(achievement.map(ServiceDTO.achievement))]))
    }
}
