import Vapor
import TouchpointDomain
import TouchpointStorage

/// `/api/v1/profiles/{ref}/lifecycle`, `/api/v1/journeys/…` and `/api/v1/lifecycle/rules`.
struct LifecycleController {
    func register(on api: any RoutesBuilder) {
        api.get("profiles", ":ref", "lifecycle", use: profileLifecycle)
        api.get("journeys", "funnel", use: funnel)
        api.get("journeys", "report", use: report)
        api.get("journeys", "costs", use: costs)
        api.get("lifecycle", "rules", use: rules)
        api.put("lifecycle", "rules", use: replaceRules)
    }

    func profileLifecycle(_ request: Request) async throws -> Response {
        _ = try request.require(.agent)
        let id = try await ProfilesController.profileID(request)
        guard let stored = try await request.touchpoint.profiles.lifecycle(of: id) else {
            return Response.json(.object(["stage": .null, "since": .null, "transitions": .array([])]))
        }
        return Response.json(.object([
            "stage": .optional(stored.state.stage?.rawValue),
            "since": .date(stored.state.since),
            "highestStage": .optional(stored.state.highestStage?.rawValue),
            "transitions": .array(stored.state.transitions.map { transition in
                .object(["from": .optional(transition.from?.rawValue), "to": .string(transition.to.rawValue),
                         "at": .date(transition.at), "eventId": .string(transition.eventId),
                         "channel": .string(transition.channel.rawValue), "rule": .string(transition.ruleId),
                         "regression": .bool(transition.isRegression)])
            }),
        ]))
    }

    /// `from`, `to` (YYYY-MM-DD, `to` inclusive), `channel` and `tier` query filters.
    static func filter(_ request: Request) throws -> JourneyFilter {
        var filter = JourneyFilter()
        filter.from = try request.dayQuery("from")
        filter.to = try request.dayQuery("to").map { $0.addingTimeInterval(86400) }
        if let from = filter.from, let to = filter.to, from >= to {
            throw APIError.badRequest("invalid_range", "'from' must be on or before 'to'")
        }
        if let channel = request.query[String.self, at: "channel"], !channel.isEmpty {
            guard let parsed = TouchpointDomain.Channel(rawValue: channel) else {
                throw APIError.badRequest("invalid_channel", "'channel' must be one of \(TouchpointDomain.Channel.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            filter.channel = parsed
        }
        if let tier = request.query[String.self, at: "tier"], !tier.isEmpty {
            guard ValueTier(rawValue: tier) != nil else {
                throw APIError.badRequest("invalid_tier", "'tier' must be one of \(ValueTier.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            filter.valueTier = tier
        }
        return filter
    }

    static func funnelJSON(_ stages: [FunnelStage]) -> JSONValue {
        .array(stages.map { stage in
            .object(["stage": .string(stage.stage.rawValue), "profiles": .int(stage.profiles),
                     "conversionToNext": stage.conversionToNext.map { .number(($0 * 10000).rounded() / 10000) } ?? .null,
                     "dropOff": stage.dropOff.map { .int($0) } ?? .null, "current": .int(stage.current),
                     "medianHoursInStage": stage.medianHoursInStage.map { .number(($0 * 100).rounded() / 100) } ?? .null,
                     "p90HoursInStage": stage.p90HoursInStage.map { .number(($0 * 100).rounded() / 100) } ?? .null])
        })
    }

    func funnel(_ request: Request) async throws -> Response {
        _ = try request.require(.agent)
        let filter = try Self.filter(request)
        let analytics = try await request.touchpoint.lifecycle.analytics()
        let report = analytics.aggregate.report(filter: filter)
        return Response.json(.object(["stages": Self.funnelJSON(report.funnel), "profiles": .int(report.profiles),
                                      "projectionLag": .int(analytics.lag)]))
    }

    func report(_ request: Request) async throws -> Response {
        _ = try request.require(.agent)
        let filter = try Self.filter(request)
        let analytics = try await request.touchpoint.lifecycle.analytics()
        let report = analytics.aggregate.report(filter: filter)
        return Response.json(.object([
            "profiles": .int(report.profiles),
            "stages": Self.funnelJSON(report.funnel),
            "transitions": .array(report.transitions.map { .object(["from": .optional($0.from?.rawValue), "to": .string($0.to.rawValue), "count": .int($0.count)]) }),
            "touchpoints": .object(Dictionary(uniqueKeysWithValues: LifecycleStage.allCases.map { stage in
                (stage.rawValue, JSONValue.object(Dictionary(uniqueKeysWithValues: TouchpointDomain.Channel.allCases.compactMap { channel in
                    let count = report.touchpoints[stage, channel]
                    return count > 0 ? (channel.rawValue, JSONValue.int(count)) : nil
                })))
            })),
            "cohorts": .array(report.cohorts.map { cohort in
                .object(["month": .string(cohort.month), "profiles": .int(cohort.profiles), "reached": .array(cohort.reached.map { .int($0) })])
            }),
            "projectionLag": .int(analytics.lag),
        ]))
    }

    func costs(_ request: Request) async throws -> Response {
        _ = try request.require(.agent)
        var settings = ExperienceCostSettings()
        if let people = request.query[Double.self, at: "peoplePerUnhappyCustomer"] {
            guard people >= 0, people <= 1000 else { throw APIError.badRequest("invalid_setting", "'peoplePerUnhappyCustomer' must be from 0 to 1000") }
            settings.peoplePerUnhappyCustomer = people
        }
        let analytics = try await request.touchpoint.lifecycle.analytics()
        let report = analytics.costs.report(asOf: Date(), settings: settings)
        return Response.json(.object([
            "profiles": .int(report.profiles),
            "negativeExperiences": .int(report.negativeExperiences),
            "negativesBySignal": .object(report.negativesBySignal.mapValues { .int($0) }),
            "unhappyCustomers": .int(report.unhappyCustomers),
            "peoplePerUnhappyCustomer": .number(report.peoplePerUnhappyCustomer),
            "wordOfMouthReach": .number(report.wordOfMouthReach.rounded()),
            "checkoutsAfterPoorContact": .int(report.afterPoorContact.checkouts),
            "abandonedAfterPoorContact": .int(report.afterPoorContact.abandoned),
            "abandonmentAfterPoorContact": report.afterPoorContact.abandonmentRate.map { .number(($0 * 10000).rounded() / 10000) } ?? .null,
            "baselineAbandonment": report.baseline.abandonmentRate.map { .number(($0 * 10000).rounded() / 10000) } ?? .null,
            "excessAbandonment": report.excessAbandonment.map { .number(($0 * 10000).rounded() / 10000) } ?? .null,
            "lostOrders": report.lostOrders.map { .number(($0 * 100).rounded() / 100) } ?? .null,
            "pendingCheckouts": .int(report.pendingCheckouts),
        ]))
    }

    func rules(_ request: Request) async throws -> Response {
        _ = try request.require(.agent)
        let rules = await request.touchpoint.lifecycle.rules
        var headers = HTTPHeaders()
        headers.contentType = .json
        return Response(status: .ok, headers: headers, body: .init(data: rules.jsonData()))
    }

    func replaceRules(_ request: Request) async throws -> Response {
        _ = try request.require(.admin)
        guard let body = request.body.data, body.readableBytes > 0 else {
            throw APIError.badRequest("empty_body", "send a rule set as JSON (GET /api/v1/lifecycle/rules gives the current one)")
        }
        let rules: StageRuleSet
        do {
            rules = try StageRuleSet.decode(json: Data(body.readableBytesView))
        } catch {
            throw APIError(status: .unprocessableEntity, code: "invalid_rules", message: error.problems.joined(separator: "; "))
        }
        let before = JSONValue.parse(String(decoding: await request.touchpoint.lifecycle.rules.jsonData(), as: UTF8.self))
        try await request.touchpoint.lifecycle.replaceRules(rules)
        await request.audit("lifecycle.rules.replace", target: "stage_rules", before: before, after: JSONValue.parse(String(decoding: Data(body.readableBytesView), as: UTF8.self)))
        return Response.json(.object(["replaced": .bool(true), "rules": .int(rules.rules.count),
                                      "replay": .string("the log is being replayed under the new rules")]))
    }
}
