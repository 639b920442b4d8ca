import Vapor
import TouchpointApp
import TouchpointDomain

/// The assistant inside one chat widget's socket: it answers `ask` frames from the help centre's articles, keeps the
/// conversation for the hand-over, counts answers that did not help, and passes the conversation to a person (into
/// the visitor's chat case, routed and on the SLA) when the rules say so or the visitor asks.
///
/// Frames in: `{"type":"ask","body","clientId"}`, `{"type":"ask_feedback","helpful":false}`, `{"type":"handover"}`.
/// Frame out: `{"type":"assistant","clientId","text","articles":[{"id","title","url"}],"outcome":"answered"|"clarify"|"handover",
/// "reason","caseNumber","nextHumanAt"}`.
actor ChatAssistant {
    let services: TouchpointServices
    let visitor: ChatVisitor
    let threadKey: String
    let anonymousID: String
    private var transcript = [AssistantTurn]()
    private var unhelpful = 0
    private var lastReply: AssistantReply?
    private var handedOver = false
    /// The widget's id of the last question, so the question stored on the case at hand-over is shown once.
    private var lastClientID: String?
    let conversation = UUID().uuidString.lowercased()

    init(services: TouchpointServices, visitor: ChatVisitor, threadKey: String, anonymousID: String) {
        self.services = services
        self.visitor = visitor
        self.threadKey = threadKey
        self.anonymousID = anonymousID
    }

    /// Whether the widget should start with the assistant: no conversation with people is open, articles exist in the
    /// visitor's language, and nobody can answer now (outside the service hours, or no agent online).
    static func offered(services: TouchpointServices, language: TextLanguage, hasOpenCase: Bool) async -> (offered: Bool, nextHumanAt: Date?) {
        guard !hasOpenCase, (try? await services.knowledge.count(ArticleFilter(locale: language, status: .published, audience: .public, limit: 1))) ?? 0 > 0,
              let staffed = try? await services.assistant.staffed() else { return (false, nil) }
        if !staffed.open { return (true, staffed.next) }
        let online = ((try? await services.serviceDesk.agents()) ?? []).contains { $0.presence == .online }
        return (!online, nil)
    }

    func ask(_ text: String, language: TextLanguage, clientID: String?) async throws -> JSONValue {
        let question = String(text.prefix(2_000))
        transcript.append(AssistantTurn(speaker: .customer, text: question, at: Date()))
        lastClientID = clientID
        if handedOver { return try await forward(question, clientID: clientID) }
        let reply = try await services.assistant.answer(question, locale: language, unhelpfulSoFar: unhelpful)
        lastReply = reply
        if let reason = reply.reason { return try await handOver(reason, reply: reply, clientID: clientID) }
        let text = Self.answerText(reply)
        transcript.append(AssistantTurn(speaker: .assistant, text: text, at: Date()))
        try await record(reply, question: question)
        return frame(reply, text: text, clientID: clientID)
    }

    /// The visitor said the last answer did not help: after the second time a person takes over.
    func notHelpful(language: TextLanguage) async throws -> JSONValue? {
        unhelpful += 1
        transcript.append(AssistantTurn(speaker: .customer, text: "✗", at: Date()))
        guard unhelpful >= AssistantRules.unhelpfulLimit, !handedOver else { return nil }
        return try await handOver(.unhelpfulAnswers, reply: lastReply, clientID: nil, language: language)
    }

    /// The visitor asked for a person (the widget's button).
    func personRequested(language: TextLanguage) async throws -> JSONValue {
        try await handOver(.askedForHuman, reply: lastReply, clientID: nil, language: language)
    }

    private func handOver(_ reason: HandoverReason, reply: AssistantReply?, clientID: String?, language: TextLanguage? = nil) async throws -> JSONValue {
        let language = reply?.language ?? language ?? .pl
        let contact = await visitor.currentContact()
        let serviceCase = try await services.assistant.handOver(transcript: transcript, contact: contact, threadKey: threadKey, channel: .chat,
                                                               language: language, reason: reason, articles: reply?.articles ?? [], topic: reply?.topic,
                                                               clientID: lastClientID)
        await visitor.attach(serviceCase.id)
        handedOver = true
        var properties = ["question": JSONValue.string(String((transcript.last { $0.speaker == .customer }?.text ?? "").prefix(200))),
                          "conversation_id": .string(conversation), "reason": .string(reason.rawValue), "locale": .string(language.rawValue),
                          "case_id": .string(serviceCase.id.rawValue)]
        if let topic = reply?.topic { properties["topic"] = .string(topic) }
        try await services.selfService.record(SelfServiceEvent.assistantHandedOver, properties: properties, visitor: .init(anonymousId: anonymousID), channel: .chat)
        let staffed = try await services.assistant.staffed()
        return .object(["type": .string("assistant"), "clientId": .optional(clientID), "outcome": .string("handover"), "reason": .string(reason.rawValue),
                        "text": .string(AssistantPhrases.handover(language, nextHumanAt: staffed.next, timeZone: staffed.timeZone)),
                        "articles": .array([]), "caseNumber": .int(serviceCase.number), "nextHumanAt": .date(staffed.next)])
    }

    /// After the hand-over the visitor's words go to the case like any chat message.
    private func forward(_ text: String, clientID: String?) async throws -> JSONValue {
        let posted = try await visitor.post(body: text, clientID: clientID, threadKey: threadKey, language: nil, desk: services.serviceDesk)
        return .object(["type": .string("ack"), "clientId": .optional(clientID), "sequence": .int(posted.sequence), "caseNumber": .int(posted.caseNumber)])
    }

    private func record(_ reply: AssistantReply, question: String) async throws {
        try await services.selfService.record(SelfServiceEvent.assistantAnswered, properties: reply.eventProperties(question: question, conversation: conversation),
                                              visitor: .init(anonymousId: anonymousID), channel: .chat)
    }

    static func answerText(_ reply: AssistantReply) -> String {
        switch reply.decision {
        case .answer: return reply.answer ?? ""
        case .clarify: return AssistantPhrases.clarify(reply.language)
        case .handover: return ""
        }
    }

    private func frame(_ reply: AssistantReply, text: String, clientID: String?) -> JSONValue {
        var outcome = "answered"
        if case .clarify = reply.decision { outcome = "clarify" }
        return .object(["type": .string("assistant"), "clientId": .optional(clientID), "outcome": .string(outcome), "text": .string(text),
                        "confidence": .number(reply.confidence),
                        "articles": .array(reply.articles.map { .object(["id": .string($0.id.rawValue), "title": .string($0.title),
                                                                         "url": .string("/help/\($0.locale.rawValue)/a/\($0.slug)")]) })])
    }
}

/// What the assistant says around its answers, in the visitor's language.
enum AssistantPhrases {
    static func clarify(_ language: TextLanguage) -> String {
        switch language {
        case .pl: "Mam dwa artykuły, które mogą pasować. O który chodzi?"
        case .en: "Two articles could answer that. Which one do you mean?"
        case .ru: "Подходят две статьи. Какая из них вам нужна?"
        }
    }

    static func handover(_ language: TextLanguage, nextHumanAt: Date?, timeZone: String) -> String {
        var text: String
        switch language {
        case .pl: text = "Przekazuję rozmowę konsultantowi — odpowie tutaj, w tym oknie."
        case .en: text = "I'm passing you to a person — they will answer here, in this window."
        case .ru: text = "Передаю разговор сотруднику — он ответит здесь, в этом окне."
        }
        if let nextHumanAt {
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: language.rawValue)
            formatter.timeZone = TimeZone(identifier: timeZone) ?? .gmt
            formatter.setLocalizedDateFormatFromTemplate("EEEE d MMMM HH:mm")
            let when = formatter.string(from: nextHumanAt)
            switch language {
            case .pl: text += " Teraz nikt nie dyżuruje; konsultant odpowie od \(when)."
            case .en: text += " Nobody is on duty now; a person will answer from \(when)."
            case .ru: text += " Сейчас никто не дежурит; сотрудник ответит с \(when)."
            }
        }
        return text
    }
}
