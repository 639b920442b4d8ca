import Foundation

/// The events a case adds to the customer's timeline, as Segment-spec track messages. They go through
/// the same validation and identity resolution as collected events, so a case joins the customer's profile
/// by whatever identifiers the channel gave, and the lifecycle rules see service contacts.
public enum ServiceTimelineEvents {
    /// Longest message text copied onto the timeline; the full text stays with the case.
    public static let previewLength = 280

    /// A customer's message (inbound) or an agent's reply (outbound). Internal notes are not customer-facing and make no event.
    public static func message(_ message: ServiceMessage, of serviceCase: ServiceCase) -> JSONValue? {
        let event: String
        switch message.direction {
        case .inbound: event = "Case Message Received"
        case .outbound: event = "Case Reply Sent"
        case .note: return nil
        }
        var properties = caseProperties(serviceCase)
        properties["direction"] = .string(message.direction.rawValue)
        properties["messageSequence"] = .number(Double(message.sequence))
        properties["preview"] = .string(String(message.body.prefix(previewLength)))
        // What the customer wrote carries its sentiment and topics onto the timeline, like a survey comment.
        if message.direction == .inbound, !message.body.isEmpty {
            let analysis = TextAnalyzer.shared.analyze(String(message.body.prefix(5_000)), locale: serviceCase.language.flatMap(TextLanguage.init(localeCode:)))
            properties["sentiment"] = .string(analysis.sentiment.rawValue)
            properties["sentimentScore"] = .number(analysis.score)
            if !analysis.topics.isEmpty { properties["topics"] = .array(analysis.topics.map { .string($0.topic) }) }
        }
        properties["author"] = .string(message.authorName)
        if !message.attachments.isEmpty { properties["attachments"] = .number(Double(message.attachments.count)) }
        return track(event, id: "case-message-" + message.id, of: serviceCase, channel: message.channel, at: message.createdAt, properties: properties)
    }

    /// A case opened (with the channel it came through).
    public static func created(_ serviceCase: ServiceCase) -> JSONValue {
        track("Case Created", id: "case-created-" + serviceCase.id.rawValue, of: serviceCase, channel: serviceCase.channel,
              at: serviceCase.createdAt, properties: caseProperties(serviceCase))
    }

    /// A status change (open, pending, resolved, closed, reopened).
    public static func statusChanged(_ serviceCase: ServiceCase, from: CaseStatus?, to: CaseStatus, at: Date, changeID: String) -> JSONValue {
        var properties = caseProperties(serviceCase)
        properties["from"] = from.map { .string($0.rawValue) } ?? .null
        properties["to"] = .string(to.rawValue)
        properties["reopened"] = .bool(from.map { $0.isReopen(to: to) } ?? false)
        return track("Case Status Changed", id: "case-status-" + changeID, of: serviceCase, channel: serviceCase.channel, at: at, properties: properties)
    }

    /// A phone call, with the fields the lifecycle rules read (`outcome`, `waitSeconds`).
    public static func call(_ call: CallRecord, of serviceCase: ServiceCase) -> JSONValue {
        var properties = caseProperties(serviceCase)
        properties["direction"] = .string(call.direction.rawValue)
        properties["waitSeconds"] = .number(call.waitSeconds)
        properties["talkSeconds"] = .number(call.talkSeconds)
        properties["wrapSeconds"] = .number(call.wrapSeconds)
        properties["outcome"] = .string(call.outcome)
        return track("Call Completed", id: "case-call-" + call.id, of: serviceCase, channel: .phone, at: call.startedAt, properties: properties)
    }

    /// A CSAT answer, as the survey event the lifecycle rules already understand (`survey_type` csat, `score` 1–5).
    public static func satisfaction(score: Int, comment: String?, of serviceCase: ServiceCase, at: Date) -> JSONValue {
        var properties = caseProperties(serviceCase)
        properties["survey_type"] = .string("csat")
        properties["score"] = .number(Double(score))
        if let comment, !comment.isEmpty { properties["comment"] = .string(String(comment.prefix(previewLength))) }
        return track("Survey Answered", id: "case-csat-" + serviceCase.id.rawValue + "-" + String(Timestamps.millis(at)),
                     of: serviceCase, channel: serviceCase.channel, at: at, properties: properties)
    }

    private static func caseProperties(_ serviceCase: ServiceCase) -> [String: JSONValue] {
        var properties: [String: JSONValue] = [
            "caseId": .string(serviceCase.id.rawValue),
            "caseNumber": .number(Double(serviceCase.number)),
            "subject": .string(String(serviceCase.subject.prefix(previewLength))),
            "status": .string(serviceCase.status.rawValue),
            "priority": .string(serviceCase.priority.rawValue),
        ]
        if let category = serviceCase.category { properties["category"] = .string(category) }
        if serviceCase.origin != .customer { properties["origin"] = .string(serviceCase.origin.rawValue) }
        return properties
    }

    private static func track(_ event: String, id: String, of serviceCase: ServiceCase, channel: Channel, at: Date,
                              properties: [String: JSONValue]) -> JSONValue {
        let customer = serviceCase.customer
        var traits = [String: JSONValue]()
        if let email = customer.email, !email.isEmpty { traits["email"] = .string(email) }
        if let phone = customer.phone, !phone.isEmpty { traits["phone"] = .string(phone) }
        if let name = customer.name, !name.isEmpty { traits["name"] = .string(name) }
        var message: [String: JSONValue] = [
            "type": .string("track"),
            "event": .string(event),
            "messageId": .string(id),
            "timestamp": .string(Timestamps.format(at)),
            "properties": .object(properties),
            "context": .object(["channel": .string(channel.rawValue), "traits": .object(traits)]),
        ]
        if let userId = customer.userId, !userId.isEmpty { message["userId"] = .string(userId) }
        message["anonymousId"] = .string(serviceCase.timelineAnonymousID)
        return .object(message)
    }
}
