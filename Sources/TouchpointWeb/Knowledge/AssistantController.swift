import Vapor
import TouchpointApp
import TouchpointDomain

/// `POST /api/v1/assistant/answer` (CONTRACT): the assistant for any channel (an app, a messenger bot, a kiosk). With a
/// `profile`, the answer is on that person's timeline and a hand-over opens or joins their case with the transcript.
struct AssistantController {
    func register(on api: any RoutesBuilder) {
        api.post("assistant", "answer", use: answer)
    }

    func answer(_ request: Request) async throws -> Response {
        _ = try request.require(.agent)
        let body = try request.decodeBody(AssistantBody.self)
        let question = body.question.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !question.isEmpty, question.count <= 2_000 else {
            throw APIError.badRequest("invalid_question", "question is 1 to 2,000 characters of text")
        }
        var locale: TextLanguage?
        if let code = body.locale {
            guard let parsed = TextLanguage(localeCode: code) else { throw APIError.badRequest("invalid_locale", "locale must be pl, en or ru") }
            locale = parsed
        }
        let services = request.touchpoint
        var contact: CustomerContact?
        if let reference = body.profile {
            _ = try await services.profiles.profileID(reference: reference)
            guard let identifier = Identifier.parse(reference: reference), [.email, .userID, .phone, .anonymousID].contains(identifier.kind) else {
                throw APIError.badRequest("invalid_reference", "profile for the assistant is email:, user_id:, phone: or anonymous_id:")
            }
            switch identifier.kind {
            case .email: contact = CustomerContact(email: identifier.value)
            case .userID: contact = CustomerContact(userId: identifier.value)
            case .phone: contact = CustomerContact(phone: identifier.value)
            default: contact = CustomerContact(anonymousId: identifier.value)
            }
        }
        let reply = try await services.assistant.answer(question, locale: locale, unhelpfulSoFar: max(0, min(body.unhelpfulAnswers ?? 0, 10)))
        let conversation = body.conversationId.map { String($0.prefix(100)) } ?? UUID().uuidString.lowercased()
        var fields = Self.fields(reply, conversation: conversation)
        if let contact {
            let visitor = SelfServiceDesk.Visitor(userId: contact.userId, anonymousId: contact.anonymousId)
            if reply.handover, let reason = reply.reason {
                var transcript = (body.transcript ?? []).prefix(50).map { AssistantTurn(speaker: .customer, text: String($0.prefix(2_000)), at: Date()) }
                transcript.append(AssistantTurn(speaker: .customer, text: question, at: Date()))
                let serviceCase = try await services.assistant.handOver(transcript: transcript, contact: contact, threadKey: "assistant:" + conversation,
                                                                        channel: .mobile, language: reply.language, reason: reason, articles: reply.articles, topic: reply.topic)
                fields["caseNumber"] = .int(serviceCase.number)
                fields["caseId"] = .string(serviceCase.id.rawValue)
            }
            if contact.email == nil && contact.phone == nil {
                try await services.selfService.record(reply.handover ? SelfServiceEvent.assistantHandedOver : SelfServiceEvent.assistantAnswered,
                                                      properties: reply.eventProperties(question: question, conversation: conversation), visitor: visitor, channel: .mobile)
            }
        }
        let staffed = try await services.assistant.staffed()
        fields["peopleAvailable"] = .bool(staffed.open)
        fields["nextHumanAt"] = .date(staffed.next)
        return Response.json(.object(fields))
    }

    static func fields(_ reply: AssistantReply, conversation: String) -> [String: JSONValue] {
        var outcome = "answered"
        if case .clarify = reply.decision { outcome = "clarify" }
        if reply.handover { outcome = "handover" }
        return [
            "answer": .optional(reply.answer),
            "articles": .array(reply.articles.map {
                .object(["id": .string($0.id.rawValue), "title": .string($0.title), "url": .string("/help/\($0.locale.rawValue)/a/\($0.slug)")])
            }),
            "confidence": .number(reply.confidence), "handover": .bool(reply.handover), "reason": .optional(reply.reason?.rawValue),
            "outcome": .string(outcome), "locale": .string(reply.language.rawValue), "topic": .optional(reply.topic),
            "conversationId": .string(conversation),
        ]
    }
}
