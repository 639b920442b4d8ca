import Vapor
import Tagged
import TouchpointApp
import TouchpointDomain
import TouchpointStorage

/// `/api/v1/service/email/inbound` and `/api/v1/service/calls`: channels that bring cases in from other systems.
extension ServiceController {

    /// An inbound e-mail in a common webhook form (Mailgun/SendGrid/Postmark-like): a reply joins its case by
    /// In-Reply-To / References, otherwise by the thread, otherwise a new case opens.
    func inboundEmail(_ request: Request) async throws -> Response {
        _ = try await Self.caller(request)
        let body = try request.decodeBody(InboundEmailBody.self)
        guard let email = body.from?.email?.trimmedWhitespace, email.contains("@") else { throw InboundEmailBody.senderError }
        let senderName = body.from?.name
        let subject = body.subject?.trimmedWhitespace ?? ""
        let text = body.text ?? body.html.map(Self.plainText) ?? ""
        let messageID = body.messageId
        let store = request.touchpoint.store
        let desk = request.touchpoint.serviceDesk
        let attachments = try Self.attachments(body.attachments)
        let message = NewServiceMessage(direction: .inbound, authorName: senderName ?? email, body: text, channel: .email,
                                        clientID: messageID, externalID: messageID, attachments: attachments, at: try Self.date(body.date))
        let replyTo = (body.inReplyTo.map { [$0] } ?? []) + (body.references ?? [])
        for reference in replyTo {
            if let existing = try await request.touchpoint.serviceDesk.serviceCase(messageExternalID: reference) {
                let (stored, serviceCase, created) = try await Self.mapping { try await desk.add(message, to: existing.id) }
                return Response.json(.object(["case": ServiceDTO.summary(serviceCase), "message": ServiceDTO.message(stored), "threaded": .bool(true)]),
                                     status: created ? .created : .ok)
            }
        }
        // The provider re-sending the same e-mail: the case it opened, not a second one.
        if let messageID, let existing = try await request.touchpoint.serviceDesk.serviceCase(threadKey: "email:" + messageID) {
            return Response.json(.object(["case": ServiceDTO.summary(existing), "message": .null, "threaded": .bool(true), "duplicate": .bool(true)]))
        }
        let customer = CustomerContact(userId: body.userId, email: email, name: senderName)
        let new = NewCase(customer: customer, threadKey: messageID.map { "email:" + $0 }, channel: .email,
                          subject: subject.isEmpty ? String(text.prefix(80)) : subject, priority: try Self.priority(body.priority) ?? .normal,
                          category: body.category, language: body.language)
        let (serviceCase, stored) = try await Self.mapping { try await desk.open(new, firstMessage: message) }
        return Response.json(.object(["case": ServiceDTO.summary(serviceCase), "message": stored.map(ServiceDTO.message) ?? .null, "threaded": .bool(false)]),
                             status: .created)
    }

    /// A call record from a telephony system: joins the case it names, or opens one for the caller.
    func recordCall(_ request: Request) async throws -> Response {
        let caller = try await Self.caller(request)
        let body = try request.decodeBody(CallBody.self)
        guard let direction = CallRecord.Direction(rawValue: body.direction ?? "inbound") else { throw CallBody.directionError }
        var durations = [String: Double]()
        for (field, value) in [("waitSeconds", body.waitSeconds), ("talkSeconds", body.talkSeconds), ("wrapSeconds", body.wrapSeconds)] {
            let seconds = value ?? 0
            guard seconds >= 0, seconds < 24 * 3600 else { throw CallBody.durationError(field) }
            durations[field] = seconds
        }
        let outcome = body.outcome ?? "resolved"
        let startedAt = try Self.date(body.startedAt) ?? Date()
        let desk = request.touchpoint.serviceDesk
        var customer = (body.customer ?? CustomerBody()).contact
        if customer.phone == nil { customer.phone = body.phone }
        let agentID = body.agentId.map(AgentID.init(rawValue:)) ?? caller.agent?.id
        var serviceCase: ServiceCase
        if let ref = body.caseId ?? body.caseNumber?.text {
            guard let found = try await desk.serviceCase(reference: ref), caller.canSee(found) else { throw APIError.notFound("no case '\(ref)' that you can see") }
            serviceCase = found
        } else {
            guard customer.hasIdentifier else { throw APIError.badRequest("missing_customer", "a call needs \"phone\" or \"customer\" identifiers, or a \"caseId\"") }
            let subject = body.subject ?? body.notes.map { String($0.prefix(80)) } ?? "Call"
            serviceCase = try await Self.mapping {
                try await desk.open(NewCase(customer: customer, channel: .phone, subject: subject, priority: try Self.priority(body.priority) ?? .normal,
                                            category: body.category, language: body.language), firstMessage: nil).0
            }
        }
        let call = CallRecord(id: TimeOrderedID.make(), caseID: serviceCase.id, direction: direction, phone: customer.phone, agentID: agentID,
                              startedAt: startedAt, waitSeconds: durations["waitSeconds"]!, talkSeconds: durations["talkSeconds"]!,
                              wrapSeconds: durations["wrapSeconds"]!, outcome: outcome)
        serviceCase = try await Self.mapping { try await desk.recordCall(call) }
        if let notes = body.notes, !notes.isEmpty {
            _ = try await Self.mapping { try await desk.add(NewServiceMessage(direction: .note, authorID: agentID?.rawValue, authorName: caller.name, body: notes, channel: .phone), to: serviceCase.id) }
        }
        if outcome == "resolved", serviceCase.status.isActive {
            serviceCase = try await Self.mapping { try await desk.changeStatus(serviceCase.id, to: .resolved, by: caller) }
        }
        return Response.json(.object(["case": ServiceDTO.summary(serviceCase), "call": ServiceDTO.call(call)]), status: .created)
    }
}
