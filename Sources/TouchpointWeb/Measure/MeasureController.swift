import Vapor
import TouchpointApp
import TouchpointDomain

/// `/api/v1/cx/…`: the CX pyramid (CONTRACT), the channel comparison (CONTRACT) and the targets behind them.
struct MeasureController {
    func register(on api: any RoutesBuilder) {
        api.get("cx", "pyramid", use: pyramid)
        api.get("cx", "channels", use: channels)
        api.get("cx", "settings", use: settings)
        api.put("cx", "settings", use: saveSettings)
        api.get("cx", "alerts", use: alerts)
        api.post("cx", "alerts", "check", use: checkAlerts)
    }

    /// `GET /api/v1/cx/alerts?limit=N`: the latest crossings, newest first, with their webhook delivery.
    func alerts(_ request: Request) async throws -> Response {
        _ = try request.require(.manager)
        let limit = try ProfilesController.limit(request, default: 50, maximum: 500)
        let alerts = try await request.touchpoint.measure.alerts(limit: limit)
        return Response.json(.object(["alerts": .array(alerts.map(MeasureDTO.alert))]))
    }

    /// `POST /api/v1/cx/alerts/check`: looks for crossings now (the watch does it every minute) and posts due webhooks.
    func checkAlerts(_ request: Request) async throws -> Response {
        _ = try request.require(.manager)
        let desk = request.touchpoint.measure
        let raised = try await desk.watch()
        let delivered = try await desk.deliverAlerts()
        let stored = try await desk.alerts(limit: max(1, raised.count))
        let ids = Set(raised.map(\.id))
        return Response.json(.object(["raised": .array(stored.filter { ids.contains($0.alert.id) }.map(MeasureDTO.alert)),
                                      "delivered": .number(Double(delivered))]))
    }

    /// `?from&to` (dates; the last 30 days by default), `channel`, `segment`.
    static func scope(_ request: Request) async throws -> MeasureScope {
        let (from, to) = try period(request)
        var scope = MeasureScope(from: from, to: to)
        if let text = request.query[String.self, at: "channel"], !text.isEmpty {
            guard let channel = TouchpointDomain.Channel(rawValue: text), CXChannel.all.contains(channel) else {
                throw APIError.badRequest("invalid_channel", "'channel' is one of \(CXChannel.all.map(\.rawValue).joined(separator: ", "))")
            }
            scope.channel = channel
        }
        if let text = request.query[String.self, at: "segment"], !text.isEmpty {
            let id = SegmentID(rawValue: text)
            guard try await request.touchpoint.decisions.catalogue.reload().segment(id) != nil else { throw MeasureDeskError.unknownSegment }
            scope.segment = id
        }
        return scope
    }

    /// The period as the service reports read it, except that a missing end is the end of today (UTC) and a missing
    /// start 30 days before it: whole days, which the day aggregates answer without reading the log.
    static func period(_ request: Request) throws -> (from: Date, to: Date) {
        let (from, to) = try ServiceController.period(request)
        let hasTo = !(request.query[String.self, at: "to"] ?? "").isEmpty
        let hasFrom = !(request.query[String.self, at: "from"] ?? "").isEmpty
        let end = hasTo ? to : Date.endOfTodayUTC
        let start = hasFrom ? from : end.addingTimeInterval(-30 * 86_400)
        guard start < end else { throw APIError.badRequest("invalid_period", "'from' must be before 'to'") }
        return (start, end)
    }

    func pyramid(_ request: Request) async throws -> Response {
        _ = try request.require(.manager)
        let scope = try await Self.scope(request)
        let result = try await request.touchpoint.measure.pyramid(scope)
        return Response.json(MeasureDTO.pyramid(result.pyramid, scope: scope))
    }

    func channels(_ request: Request) async throws -> Response {
        _ = try request.require(.manager)
        let (from, to) = try Self.period(request)
        let report = try await request.touchpoint.measure.channels(from: from, to: to)
        return Response.json(MeasureDTO.channels(report, from: from, to: to))
    }

    func settings(_ request: Request) async throws -> Response {
        _ = try request.require(.manager)
        return Response.json(MeasureDTO.settings(try await request.touchpoint.measure.settings()))
    }

    /// Replaces the targets and windows; unknown fields and every bad value are refused together (422).
    func saveSettings(_ request: Request) async throws -> Response {
        _ = try request.require(.admin)
        let data = request.body.data.map { Data($0.readableBytesView) } ?? Data()
        guard !data.isEmpty else { throw APIError.badRequest("empty_body", "the request needs a JSON body") }
        let parsed = try request.jsonBody(data)
        guard let object = parsed.objectValue else { throw APIError.badRequest("invalid_body", "the body must be a JSON object, got \(parsed.typeName)") }
        let known: Set<String> = ["targets", "levelTargets", "repeatContactDays", "channelHours", "alertRules", "alertWebhookURL",
                                  "alertWebhookSecret", "defaults", "effectiveTargets", "alertWebhookSecretSet", "alertRulesInForce"]
        let unknown = object.keys.filter { !known.contains($0) }.sorted()
        guard unknown.isEmpty else {
            throw MeasureDeskError.invalid(unknown.map { "\($0): unknown field; the settings are targets, levelTargets, repeatContactDays, channelHours, alertRules, alertWebhookURL and alertWebhookSecret" })
        }
        var settings: MeasureSettings
        do {
            settings = try JSONDecoder().decode(MeasureSettings.self, from: data)
        } catch let error as DecodingError {
            throw APIError.badRequest("invalid_field", "the settings do not have the expected form: \(error.localizedDescription)")
        }
        // The secret is never read back, so a settings document read, edited and sent again keeps it unless it says otherwise.
        if object["alertWebhookSecret"] == nil { settings.alertWebhookSecret = try await request.touchpoint.measure.settings().alertWebhookSecret }
        let saved = try await request.touchpoint.measure.saveSettings(settings)
        return Response.json(MeasureDTO.settings(saved))
    }
}
