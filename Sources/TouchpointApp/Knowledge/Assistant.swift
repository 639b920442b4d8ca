import Foundation
import TouchpointDomain

/// One line of an assistant conversation, kept for the hand-over.
public struct AssistantTurn: Sendable, Equatable {
    public enum Speaker: String, Sendable { case customer, assistant }
    public var speaker: Speaker
    public var text: String
    public var at: Date
    public init(speaker: Speaker, text: String, at: Date) { self.speaker = speaker; self.text = text; self.at = at }
}

/// The assistant's reply to one question.
public struct AssistantReply: Sendable {
    public struct ArticleLink: Sendable, Equatable {
        public var id: ArticleID
        public var title: String
        public var slug: String
        public var locale: TextLanguage
    }

    public var language: TextLanguage
    public var decision: AssistantDecision
    /// The extract that answers (nil unless answered).
    public var answer: String?
    /// The article answering, the two to choose from, or the ones considered before handing over.
    public var articles: [ArticleLink]
    public var confidence: Double
    public var handover: Bool { if case .handover = decision { true } else { false } }
    public var reason: HandoverReason? { if case .handover(let reason, _, _) = decision { reason } else { nil } }
    /// The topic the question is about (for routing and the agent), when one was recognised.
    public var topic: String?
}

extension AssistantReply {
    /// The properties of the `Assistant Answered` / `Assistant Handed Over` event this reply leaves on the timeline.
    public func eventProperties(question: String, conversation: String) -> [String: JSONValue] {
        var properties: [String: JSONValue] = ["question": .string(String(question.prefix(200))), "conversation_id": .string(conversation),
                                               "confidence": .number(confidence), "locale": .string(language.rawValue)]
        if let reason { properties["reason"] = .string(reason.rawValue) }
        if case .clarify = decision { properties["outcome"] = .string("clarified") } else if !handover { properties["outcome"] = .string("answered") }
        if let first = articles.first, !handover { properties["article_id"] = .string(first.id.rawValue) }
        if let topic { properties["topic"] = .string(topic) }
        return properties
    }
}

/// The 24/7 assistant: answers a question from the best article, asks which of two it means when they tie, and hands
/// over to a person when it is not sure, when asked for a person, after two unhelpful answers or when the customer is
/// angry (`AssistantRules`). Retrieval and rules only: no model, no network.
public final class Assistant: Sendable {
    let knowledge: KnowledgeBase
    let serviceDesk: ServiceDesk

    public init(knowledge: KnowledgeBase, serviceDesk: ServiceDesk) {
        self.knowledge = knowledge
        self.serviceDesk = serviceDesk
    }

    public func answer(_ question: String, locale: TextLanguage?, unhelpfulSoFar: Int = 0) async throws -> AssistantReply {
        let analysis = TextAnalyzer.shared.analyze(question, locale: locale)
        let language = locale ?? analysis.language
        let hits = try await knowledge.search(SearchQuery(text: question, language: language, limit: 5))
        let said = AssistantRules.saysUnhelpful(question) ? 1 : 0
        let decision = AssistantRules.decide(question: question, language: language, hits: hits, sentimentScore: analysis.score,
                                             unhelpfulSoFar: unhelpfulSoFar + said)
        let shown: [SearchHit]
        var answer: String?
        switch decision {
        case .answer(let hit, _): shown = [hit]; answer = hit.snippet
        case .clarify(let hits, _): shown = hits
        case .handover(_, let considered, _): shown = considered
        }
        var links = [AssistantReply.ArticleLink]()
        for hit in shown {
            if let article = try await knowledge.repository.article(ArticleID(rawValue: hit.id)) {
                links.append(.init(id: article.id, title: article.content.title, slug: article.slug, locale: article.locale))
            }
        }
        return AssistantReply(language: language, decision: decision, answer: answer, articles: links, confidence: decision.confidence,
                              topic: analysis.topics.first?.topic)
    }

    /// Whether people answer now, and if not, when they next do (the service calendar).
    public func staffed(at now: Date = Date()) async throws -> (open: Bool, next: Date?, timeZone: String) {
        let calendar = try await serviceDesk.policy().calendar
        let open = calendar.isOpen(at: now)
        return (open, open ? nil : calendar.nextOpening(after: now), calendar.timeZone)
    }

    /// Passes a conversation to a person: into the customer's open case on this thread, or a new case routed and on the
    /// SLA like any, with the whole transcript as the customer's message and a note for the agent with the reason, the
    /// articles shown and the topic.
    public func handOver(transcript: [AssistantTurn], contact: CustomerContact, threadKey: String?, channel: Channel, language: TextLanguage,
                         reason: HandoverReason, articles: [AssistantReply.ArticleLink], topic: String?, clientID: String? = nil,
                         now: Date = Date()) async throws -> ServiceCase {
        // The customer's last question is their message on the case (it starts the SLA's first-response clock and keeps
        // the chat's own id, so the widget shows it once); the whole conversation goes to the agent in a note.
        let lastQuestion = transcript.last { $0.speaker == .customer && $0.text != "✗" }?.text ?? "—"
        let message = NewServiceMessage(direction: .inbound, authorName: contact.displayName, body: String(lastQuestion.prefix(7_500)), channel: channel,
                                        clientID: clientID)
        let serviceCase: ServiceCase
        if let threadKey, let existing = try await serviceDesk.serviceCase(threadKey: threadKey), existing.status != .closed {
            serviceCase = try await serviceDesk.add(message, to: existing.id, now: now).1
        } else {
            let firstQuestion = transcript.first { $0.speaker == .customer }?.text ?? lastQuestion
            serviceCase = try await serviceDesk.open(NewCase(customer: contact, threadKey: threadKey, channel: channel,
                                                             subject: String(firstQuestion.trimmingCharacters(in: .whitespacesAndNewlines).prefix(80)),
                                                             tags: ["assistant"] + (topic.map { [$0] } ?? []), language: language.rawValue),
                                                     firstMessage: message, now: now).0
        }
        var note = "Assistant hand-over: \(reason.rawValue)"
        if let topic { note += " · topic: \(topic)" }
        if !articles.isEmpty { note += "\nArticles shown: " + articles.map { "\($0.title) (/help/\($0.locale.rawValue)/a/\($0.slug))" }.joined(separator: "; ") }
        note += "\n\nTranscript:\n" + transcript.map { ($0.speaker == .customer ? "Customer: " : "Assistant: ") + ($0.text == "✗" ? "(not helpful)" : $0.text) }
            .joined(separator: "\n")
        _ = try await serviceDesk.add(NewServiceMessage(direction: .note, authorName: "Assistant", body: String(note.prefix(7_900))), to: serviceCase.id, now: now)
        return serviceCase
    }
}
