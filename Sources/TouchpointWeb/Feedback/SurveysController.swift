import Vapor
import TouchpointApp
import TouchpointDomain

/// Surveys over the API: define, list, pause, invite a person, see the invitations (with why each unsent one was not
/// sent) and the mail outbox.
struct SurveysController {
    func register(on api: any RoutesBuilder) {
        api.post("surveys", use: create)
        api.get("surveys", use: list)
        api.get("surveys", ":id", use: show)
        api.put("surveys", ":id", use: replace)
        api.patch("surveys", ":id", use: changeStatus)
        api.post("surveys", ":id", "invitations", use: invite)
        api.get("surveys", ":id", "invitations", use: invitations)
        api.get("outbox", use: outbox)
    }

    func surveyID(_ request: Request) -> SurveyID { SurveyID(rawValue: request.parameters.get("id") ?? "") }

    func create(_ request: Request) async throws -> Response {
        _ = try request.require(.admin)
        let body = try request.decodeBody(SurveyBody.self)
        let now = Date()
        let survey = try await request.touchpoint.surveys.define(try body.survey(id: SurveyID(rawValue: TimeOrderedID.make(at: now)), createdAt: now))
        return Response.json(SurveyDTO.survey(survey, counts: InvitationCounts()), status: .created)
    }

    func list(_ request: Request) async throws -> Response {
        _ = try request.require(.agent)
        var surveys = [JSONValue]()
        for survey in try await request.touchpoint.surveys.surveys() {
            surveys.append(SurveyDTO.survey(survey, counts: try await request.touchpoint.surveys.counts(of: survey.id)))
        }
        return Response.json(.object(["surveys": .array(surveys)]))
    }

    func show(_ request: Request) async throws -> Response {
        _ = try request.require(.agent)
        let survey = try await request.touchpoint.surveys.survey(surveyID(request))
        return Response.json(SurveyDTO.survey(survey, counts: try await request.touchpoint.surveys.counts(of: survey.id)))
    }

    func replace(_ request: Request) async throws -> Response {
        _ = try request.require(.admin)
        let stored = try await request.touchpoint.surveys.survey(surveyID(request))
        let body = try request.decodeBody(SurveyBody.self)
        let survey = try await request.touchpoint.surveys.define(try body.survey(id: stored.id, createdAt: stored.createdAt))
        return Response.json(SurveyDTO.survey(survey, counts: try await request.touchpoint.surveys.counts(of: survey.id)))
    }

    func changeStatus(_ request: Request) async throws -> Response {
        _ = try request.require(.admin)
        var survey = try await request.touchpoint.surveys.survey(surveyID(request))
        survey.status = try request.decodeBody(SurveyStatusBody.self).status
        survey = try await request.touchpoint.surveys.define(survey)
        return Response.json(SurveyDTO.survey(survey, counts: try await request.touchpoint.surveys.counts(of: survey.id)))
    }

    func invite(_ request: Request) async throws -> Response {
        _ = try request.require(.agent)
        let body = try request.decodeBody(InvitationBody.self)
        let person = try await request.touchpoint.profiles.profileID(reference: body.profile)
        let invitation = try await request.touchpoint.surveys.invite(surveyID(request), person: person)
        return Response.json(withLink(invitation, request), status: .created)
    }

    func invitations(_ request: Request) async throws -> Response {
        _ = try request.require(.agent)
        var status: InvitationStatus?
        if let text = request.query[String.self, at: "status"] {
            guard let parsed = InvitationStatus(rawValue: text) else {
                throw APIError.badRequest("invalid_status", "status must be scheduled, sent, skipped or answered, not '\(text)'")
            }
            status = parsed
        }
        let limit = min(max(request.query[Int.self, at: "limit"] ?? 100, 1), 1_000)
        let survey = try await request.touchpoint.surveys.survey(surveyID(request))
        let invitations = try await request.touchpoint.surveys.invitations(of: survey.id, status: status, limit: limit)
        return Response.json(.object(["invitations": .array(invitations.map { withLink($0, request) })]))
    }

    /// An invitation with its signed token and page: what an app hands to the survey widget, or sends on its own channel.
    func withLink(_ invitation: SurveyInvitation, _ request: Request) -> JSONValue {
        guard case .object(var object) = SurveyDTO.invitation(invitation) else { return .null }
        let token = request.touchpoint.surveyTokens.token(for: invitation.id)
        object["token"] = .string(token)
        object["link"] = .string(request.touchpoint.config.publicURL + "/s/" + token)
        return .object(object)
    }

    func outbox(_ request: Request) async throws -> Response {
        _ = try request.require(.admin)
        var status: OutgoingMail.Status?
        if let text = request.query[String.self, at: "status"] {
            guard let parsed = OutgoingMail.Status(rawValue: text) else {
                throw APIError.badRequest("invalid_status", "status must be pending, sent or failed, not '\(text)'")
            }
            status = parsed
        }
        let (mails, counts) = try await request.touchpoint.outbox.mails(status: status)
        return Response.json(.object([
            "configured": .bool(request.touchpoint.outbox.isConfigured),
            "counts": .object(Dictionary(uniqueKeysWithValues: OutgoingMail.Status.allCases.map { ($0.rawValue, JSONValue.number(Double(counts[$0] ?? 0))) })),
            "mails": .array(mails.map(SurveyDTO.mail)),
        ]))
    }
}
