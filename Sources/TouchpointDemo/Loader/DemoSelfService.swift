import Foundation
import TouchpointApp
import TouchpointDomain
import TouchpointWeb

/// Elektro Świat's help centre in the demo: its 39 articles a language, and a year of searches, article views and
/// votes and assistant conversations by its customers (and anonymous visitors), some handed over to people. Searches
/// and answers are the real ones: each question is put to the index and the assistant as loaded.
enum DemoSelfService {
    static let editor = KnowledgeEditor(name: "Elektro Świat", mayPublish: true)

    static func load(_ services: TouchpointServices, company: DemoCompany, seed: UInt64, progress: @escaping @Sendable (String) -> Void) async throws {
        // Importing again changes nothing, so a load killed half-way resumes here; the year is recorded once.
        let files = try DemoHelpCentre.articles()
        let imported = try await services.knowledge.importFiles(files, by: editor, now: company.start)
        progress("demo: help centre — \(imported.created + imported.updated + imported.unchanged) articles")
        let recorded = try await services.selfService.report(from: company.start, to: company.end.addingTimeInterval(86_400))
        guard recorded.searches == 0 && recorded.assistantConversations == 0 else { return }

        var userIds = [String]()
        for message in company.messages where message["type"]?.stringValue == "identify" {
            if let id = message["userId"]?.stringValue, userIds.count < 800 { userIds.append(id) }
        }
        let questions = DemoHelpCentre.questions()
        guard !questions.isEmpty, !userIds.isEmpty else { return }
        var random = SeededRandom(seed: seed &+ 77)
        var replies = [String: AssistantReply]()
        var hits = [String: [SearchHit]]()
        var events = [SelfServiceDesk.Recorded]()
        let yearStart = company.end.addingTimeInterval(-365 * 86_400)
        for day in 0..<365 {
            let date = yearStart.addingTimeInterval(Double(day) * 86_400)
            for _ in 0..<(5 + random.below(8)) {
                let question = questions[random.below(questions.count)]
                let at = date.addingTimeInterval(Double(8 * 3_600 + random.below(14 * 3_600)))
                let visitor: SelfServiceDesk.Visitor = random.below(10) < 7
                    ? .init(userId: userIds[random.below(userIds.count)]) : .init(anonymousId: "hc-demo-\(random.below(5_000))")
                let locale: JSONValue = .string(question.language.rawValue)
                if random.below(100) < 55 {
                    let found: [SearchHit]
                    if let cached = hits[question.text] { found = cached } else {
                        found = try await services.knowledge.customerResults(SearchQuery(text: question.text, language: question.language, limit: 10)).map(\.hit)
                        hits[question.text] = found
                    }
                    events.append(.init(name: SelfServiceEvent.searched, properties: ["query": .string(question.text), "results": .number(Double(found.count)), "locale": locale],
                                        visitor: visitor, channel: .web, at: at))
                    guard let top = found.first, random.below(100) < 65 else { continue }
                    events.append(.init(name: SelfServiceEvent.articleViewed, properties: ["article_id": .string(top.id), "title": .string(top.title), "locale": locale],
                                        visitor: visitor, channel: .web, at: at.addingTimeInterval(20)))
                    if random.below(100) < 30 {
                        let helpful = question.expected != nil && random.below(100) < 80
                        events.append(.init(name: SelfServiceEvent.articleRated, properties: ["article_id": .string(top.id), "helpful": .bool(helpful), "locale": locale],
                                            visitor: visitor, channel: .web, at: at.addingTimeInterval(90)))
                    }
                } else {
                    let reply: AssistantReply
                    if let cached = replies[question.text] { reply = cached } else {
                        reply = try await services.assistant.answer(question.text, locale: question.language)
                        replies[question.text] = reply
                    }
                    let conversation = "demo-\(day)-\(events.count)"
                    var properties = reply.eventProperties(question: question.text, conversation: conversation)
                    events.append(.init(name: reply.handover ? SelfServiceEvent.assistantHandedOver : SelfServiceEvent.assistantAnswered, properties: properties,
                                        visitor: visitor, channel: .chat, at: at))
                    // Some answers do not help: the customer says so twice and a person takes over.
                    if !reply.handover, random.below(100) < 12 {
                        properties = ["question": .string(question.text), "conversation_id": .string(conversation), "reason": .string(HandoverReason.unhelpfulAnswers.rawValue),
                                      "locale": locale]
                        events.append(.init(name: SelfServiceEvent.assistantHandedOver, properties: properties, visitor: visitor, channel: .chat, at: at.addingTimeInterval(120)))
                    }
                }
            }
        }
        try await services.selfService.record(events)
        progress("demo: help centre — a year of \(events.count) searches, views, votes and assistant answers")
    }
}
