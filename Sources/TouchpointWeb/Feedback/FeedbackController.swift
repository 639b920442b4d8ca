import Vapor
import TouchpointApp
import TouchpointDomain

/// `GET /api/v1/feedback/report` and a person's answers: what the feedback desk read from the log.
struct FeedbackController {
    func register(on api: any RoutesBuilder) {
        api.get("feedback", "report", use: report)
        api.get("profiles", ":ref", "feedback", use: profileAnswers)
        api.get("feedback", "loop", use: loop)
    }

    func report(_ request: Request) async throws -> Response {
        _ = try request.require(.agent)
        let (from, to) = try Self.period(request)
        var filter = FeedbackFilter(from: from, to: to)
        if let type = request.query[String.self, at: "type"] {
            guard let parsed = SurveyType(rawValue: type) else { throw APIError.badRequest("invalid_type", "type must be nps, csat or ces, not '\(type)'") }
            filter.type = parsed
        }
        if let channel = request.query[String.self, at: "channel"] {
            guard let parsed = TouchpointDomain.Channel(rawValue: channel) else { throw APIError.badRequest("invalid_channel", "unknown channel '\(channel)'") }
            filter.channel = parsed
        }
        // Answers that just arrived are counted: read the log up to now first.
        try await request.touchpoint.feedback.catchUp()
        let report = try await request.touchpoint.feedback.report(filter)
        return Response.json(FeedbackDTO.report(report))
    }

    /// `GET /api/v1/feedback/loop?from&to`: follow-ups opened, assigned within one business hour, closed within 48 h,
    /// recovered, and the root causes named.
    func loop(_ request: Request) async throws -> Response {
        _ = try request.require(.agent)
        let (from, to) = try Self.period(request)
        try await request.touchpoint.feedback.catchUp()
        let report = try await request.touchpoint.feedback.loopReport(FeedbackFilter(from: from, to: to))
        return Response.json(FeedbackDTO.loop(report))
    }

    func profileAnswers(_ request: Request) async throws -> Response {
        _ = try request.require(.agent)
        let id = try await ProfilesController.profileID(request)
        try await request.touchpoint.feedback.catchUp()
        let answers = try await request.touchpoint.feedback.answers(of: id)
        return Response.json(.object(["answers": .array(answers.map(FeedbackDTO.answer))]))
    }

    /// `from` and `to` as `YYYY-MM-DD` (to inclusive); by default the last 90 days.
    static func period(_ request: Request) throws -> (Date, Date) {
        // Whole UTC days (by default up to the end of today), so the report reads the daily roll-ups.
        let to = try request.dayQuery("to").map { $0.addingTimeInterval(86_400) } ?? .endOfTodayUTC
        let from = try request.dayQuery("from") ?? to.addingTimeInterval(-90 * 86_400)
        guard from < to else { throw APIError.badRequest("invalid_range", "'from' must be on or before 'to'") }
        return (from, to)
    }
}

enum FeedbackDTO {
    static func report(_ report: FeedbackReport) -> JSONValue {
        func number(_ value: Double?) -> JSONValue { value.map(JSONValue.number) ?? .null }
        func count(_ value: Int?) -> JSONValue { value.map { .number(Double($0)) } ?? .null }
        return .object([
            "responses": .number(Double(report.responses)),
            "nps": number(report.nps), "npsMargin": number(report.npsMargin),
            "promoters": count(report.promoters), "passives": count(report.passives), "detractors": count(report.detractors),
            "csat": number(report.csat), "ces": number(report.ces),
            "sentiment": .object(Dictionary(uniqueKeysWithValues: Sentiment.allCases.map { ($0.rawValue, JSONValue.number(Double(report.sentiment[$0] ?? 0))) })),
            "topics": .array(report.topics.map { .object(["topic": .string($0.topic), "count": .number(Double($0.count)), "sentiment": .number($0.sentiment)]) }),
        ])
    }

    /// A profile's feedback: `{"nps"|"csat"|"ces": {"score","band","at"} | null, "sentiment": [{"month","score","comments"}], "trend"}`.
    static func summary(_ summary: FeedbackSummary) -> JSONValue {
        var fields = [String: JSONValue]()
        for type in SurveyType.allCases {
            fields[type.rawValue] = summary.latest[type].map {
                .object(["score": .number(Double($0.score)), "band": .string($0.band.rawValue), "at": .date($0.at)])
            } ?? .null
        }
        fields["sentiment"] = .array(summary.sentiment.map {
            .object(["month": .string($0.month), "score": .number($0.score), "comments": .number(Double($0.comments))])
        })
        fields["trend"] = .optional(summary.trend?.rawValue)
        return .object(fields)
    }

    static func loop(_ report: FeedbackLoopReport) -> JSONValue {
        .object([
            "opened": .number(Double(report.opened)),
            "assignedWithinBusinessHour": report.assignedWithinBusinessHour.map(JSONValue.number) ?? .null,
            "closedWithin48Hours": report.closedWithin48Hours.map(JSONValue.number) ?? .null,
            "recoveryRate": report.recoveryRate.map(JSONValue.number) ?? .null,
            "rootCauses": .array(report.rootCauses.map { .object(["cause": .string($0.cause), "count": .number(Double($0.count))]) }),
        ])
    }

    static func answer(_ answer: SurveyAnswer) -> JSONValue {
        .object([
            "id": .string(answer.id.rawValue), "type": .string(answer.type.rawValue), "score": .number(Double(answer.score)),
            "band": .string(answer.band.rawValue), "comment": .optional(answer.comment), "surveyId": .optional(answer.surveyID),
            "caseId": .optional(answer.caseID), "channel": .string(answer.channel.rawValue), "locale": .optional(answer.locale?.rawValue),
            "answeredAt": .date(answer.answeredAt), "sentiment": .optional(answer.sentiment?.rawValue),
            "sentimentScore": answer.sentimentScore.map(JSONValue.number) ?? .null,
        ])
    }
}
