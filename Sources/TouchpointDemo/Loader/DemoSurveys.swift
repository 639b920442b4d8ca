import Foundation
import TouchpointApp
import TouchpointDomain

/// Elektro Świat's surveys: the NPS a week after a purchase and the CSAT after a resolved case, under the ids its
/// two years of answers already carry, and an effort survey after a chat. They start asking from the moment they are
/// defined (history is not surveyed again); the answers already on the log are what the reports show.
enum DemoSurveys {
    static func define(_ desk: SurveyDesk, now: Date) async throws {
        let existing = Set(try await desk.surveys().map(\.id))
        let surveys = [
            Survey(id: "nps_post_purchase", name: "NPS 7 dni po zakupie", type: .nps,
                   question: [.pl: "Jak bardzo prawdopodobne jest, że polecisz Elektro Świat znajomemu?",
                              .en: "How likely are you to recommend Elektro Świat to a friend?",
                              .ru: "Насколько вероятно, что вы порекомендуете Elektro Świat другу?"],
                   followUps: [SurveyQuestion(id: "reason", kind: .choice, text: [.pl: "Co najbardziej wpłynęło na ocenę?", .en: "What mattered most?",
                                                                                  .ru: "Что больше всего повлияло на оценку?"],
                                              options: ["cena", "dostawa", "obsługa", "produkt"])],
                   trigger: SurveyTrigger(event: .orderCompleted, delayHours: 7 * 24), samplingPercent: 50, recontactDays: 90, createdAt: now),
            Survey(id: "csat_contact", name: "CSAT po rozwiązaniu zgłoszenia", type: .csat,
                   question: [.pl: "Jak oceniasz rozmowę z naszym konsultantem?", .en: "How satisfied are you with how we handled your request?",
                              .ru: "Как вы оцениваете работу нашего консультанта?"],
                   trigger: SurveyTrigger(event: .caseResolved, delayHours: 2), recontactDays: 14, createdAt: now),
            Survey(id: "ces_chat", name: "CES po czacie", type: .ces,
                   question: [.pl: "Jak łatwo było załatwić sprawę na czacie?", .en: "How easy was it to get your issue sorted in the chat?",
                              .ru: "Насколько легко было решить вопрос в чате?"],
                   trigger: SurveyTrigger(event: .chatEnded), samplingPercent: 30, recontactDays: 30, createdAt: now),
            Survey(id: "recovery", name: "Ankieta naprawcza po follow-upie", type: .nps,
                   question: [.pl: "Po naszej rozmowie: jak bardzo prawdopodobne jest, że polecisz nas znajomemu?",
                              .en: "After we talked: how likely are you to recommend us to a friend?",
                              .ru: "После нашего разговора: насколько вероятно, что вы порекомендуете нас?"],
                   trigger: SurveyTrigger(event: .followUpClosed, delayHours: 24), recontactDays: 30, createdAt: now, ignoresCooldown: true),
        ]
        for survey in surveys where !existing.contains(survey.id) { _ = try await desk.define(survey) }
    }
}
