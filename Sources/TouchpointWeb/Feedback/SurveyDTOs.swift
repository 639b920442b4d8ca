import Foundation
import TouchpointApp
import TouchpointDomain

/// `POST /api/v1/surveys` and `PUT /api/v1/surveys/{id}`: a survey's definition.
struct SurveyBody: RequestBody {
    struct Question: Decodable {
        var id: String
        var kind: SurveyQuestion.Kind
        var text: [String: String]
        var options: [String]?
        var minimum: Int?
        var maximum: Int?
    }

    struct Trigger: Decodable {
        var event: SurveyTrigger.Event
        var delayHours: Double?
        var stage: String?
    }

    var name: String
    var type: SurveyType
    var question: [String: String]
    var followUps: [Question]?
    var trigger: Trigger?
    var samplingPercent: Int?
    var endsAt: String?
    var recontactDays: Int?
    var status: SurveyStatus?
    /// A recovery survey: asked whatever the cooldown.
    var ignoresCooldown: Bool?

    static var fieldErrors: [String: APIError] {
        ["type": .badRequest("invalid_type", "type must be nps, csat or ces"),
         "status": .badRequest("invalid_status", "status must be active or paused")]
    }

    /// The domain survey; `id` and `createdAt` are the stored one's when updating.
    func survey(id: SurveyID, createdAt: Date) throws -> Survey {
        func texts(_ map: [String: String], field: String) throws -> [TextLanguage: String] {
            var texts = [TextLanguage: String]()
            for (code, text) in map {
                guard let language = TextLanguage(rawValue: code) else {
                    throw APIError.badRequest("invalid_locale", "\(field) keys must be pl, en or ru, not '\(code)'")
                }
                texts[language] = text
            }
            return texts
        }
        var endsAt: Date?
        if let text = self.endsAt {
            guard let date = Timestamps.parse(text) else { throw APIError.badRequest("invalid_field", "endsAt must be an ISO 8601 time") }
            endsAt = date
        }
        return Survey(
            id: id, name: name, type: type, question: try texts(question, field: "question"),
            followUps: try (followUps ?? []).enumerated().map { index, question in
                SurveyQuestion(id: question.id, kind: question.kind, text: try texts(question.text, field: "followUps[\(index)].text"),
                               options: question.options, minimum: question.minimum, maximum: question.maximum)
            },
            trigger: SurveyTrigger(event: trigger?.event ?? .manual, delayHours: trigger?.delayHours ?? 0, stage: trigger?.stage),
            samplingPercent: samplingPercent ?? 100, endsAt: endsAt, recontactDays: recontactDays ?? 90, status: status ?? .active,
            createdAt: createdAt, ignoresCooldown: ignoresCooldown ?? false)
    }
}

/// `PATCH /api/v1/surveys/{id}`: pause or resume.
struct SurveyStatusBody: RequestBody {
    var status: SurveyStatus
    static var fieldErrors: [String: APIError] { ["status": .badRequest("invalid_status", "status must be active or paused")] }
}

/// `POST /api/v1/surveys/{id}/invitations`: invite one person now.
struct InvitationBody: RequestBody {
    var profile: String
}

enum SurveyDTO {
    static func texts(_ texts: [TextLanguage: String]) -> JSONValue {
        .object(Dictionary(uniqueKeysWithValues: texts.map { ($0.key.rawValue, JSONValue.string($0.value)) }))
    }

    static func survey(_ survey: Survey, counts: InvitationCounts?) -> JSONValue {
        var object: [String: JSONValue] = [
            "id": .string(survey.id.rawValue), "name": .string(survey.name), "type": .string(survey.type.rawValue),
            "question": texts(survey.question),
            "followUps": .array(survey.followUps.map { question in
                var object: [String: JSONValue] = ["id": .string(question.id), "kind": .string(question.kind.rawValue), "text": texts(question.text)]
                if let options = question.options { object["options"] = .array(options.map(JSONValue.string)) }
                if let minimum = question.minimum { object["minimum"] = .number(Double(minimum)) }
                if let maximum = question.maximum { object["maximum"] = .number(Double(maximum)) }
                return .object(object)
            }),
            "trigger": .object(["event": .string(survey.trigger.event.rawValue), "delayHours": .number(survey.trigger.delayHours),
                                "stage": .optional(survey.trigger.stage)]),
            "samplingPercent": .number(Double(survey.samplingPercent)), "endsAt": .date(survey.endsAt),
            "recontactDays": .number(Double(survey.recontactDays)), "status": .string(survey.status.rawValue),
            "createdAt": .date(survey.createdAt), "ignoresCooldown": .bool(survey.ignoresCooldown),
        ]
        if let counts {
            object["invitations"] = .object(Dictionary(uniqueKeysWithValues: InvitationStatus.allCases.map {
                ($0.rawValue, JSONValue.number(Double(counts.byStatus[$0] ?? 0))) }))
            object["notSent"] = .object(Dictionary(uniqueKeysWithValues: InvitationSkipReason.allCases.map {
                ($0.rawValue, JSONValue.number(Double(counts.skipped[$0] ?? 0))) }))
        }
        return .object(object)
    }

    static func invitation(_ invitation: SurveyInvitation) -> JSONValue {
        .object([
            "id": .string(invitation.id.rawValue), "surveyId": .string(invitation.surveyID.rawValue),
            "profileId": .string(invitation.profileID.rawValue), "email": .optional(invitation.email),
            "locale": .string(invitation.locale.rawValue), "triggerEventId": .optional(invitation.triggerEventID),
            "status": .string(invitation.status.rawValue), "reason": .optional(invitation.skipReason?.rawValue),
            "reasonText": .optional(invitation.skipReason.map(Self.explain)),
            "dueAt": .date(invitation.dueAt), "sentAt": .date(invitation.sentAt), "answeredAt": .date(invitation.answeredAt),
            "createdAt": .date(invitation.createdAt),
        ])
    }

    /// Why an invitation was not sent, in words.
    static func explain(_ reason: InvitationSkipReason) -> String {
        switch reason {
        case .cooldown: "the person was sent a survey within the cooldown (14 days by default, across every survey)"
        case .recontact: "the person was sent this survey within its recontact period"
        case .sampling: "not in the survey's sampled share"
        case .optedOut: "the person opted out (survey_opt_out, do_not_contact or unsubscribed, or no consent)"
        case .noReachableChannel: "the profile has no e-mail address"
        case .surveyClosed: "the survey had ended or was paused when the invitation fell due"
        case .erased: "the person's profile was erased"
        }
    }

    static func mail(_ mail: OutgoingMail) -> JSONValue {
        .object([
            "id": .string(mail.id.rawValue), "purpose": .string(mail.purpose), "reference": .optional(mail.reference),
            "to": .string(mail.to), "subject": .string(mail.subject), "status": .string(mail.status.rawValue),
            "attempts": .number(Double(mail.attempts)), "nextAttemptAt": .date(mail.status == .pending ? mail.nextAttemptAt : nil),
            "lastError": .optional(mail.lastError), "createdAt": .date(mail.createdAt), "sentAt": .date(mail.sentAt),
        ])
    }
}
