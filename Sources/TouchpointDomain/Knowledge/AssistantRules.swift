import Foundation

/// Why the assistant passed a conversation to a person.
public enum HandoverReason: String, Codable, Sendable, CaseIterable {
    /// The customer asked for a person ("konsultant", "человек", "agent").
    case askedForHuman = "asked_for_human"
    /// No article answers the question well enough to say so.
    case lowConfidence = "low_confidence"
    /// Two answers in a row did not help.
    case unhelpfulAnswers = "unhelpful_answers"
    /// The message is angry: a person, not an article, should answer it.
    case angry
}

/// What the assistant does with one question.
public enum AssistantDecision: Sendable, Equatable {
    /// Answers from the best article.
    case answer(SearchHit, confidence: Double)
    /// Two articles fit about equally: asks which one the customer means.
    case clarify([SearchHit], confidence: Double)
    /// Passes the conversation to a person, with the articles it considered.
    case handover(HandoverReason, considered: [SearchHit], confidence: Double)

    public var confidence: Double {
        switch self {
        case .answer(_, let confidence), .clarify(_, let confidence), .handover(_, _, let confidence): confidence
        }
    }
}

/// The assistant's rules: retrieval from the knowledge index, then plain rules, no language model. It answers only
/// what an article covers and says so otherwise.
///
/// Confidence is the share of the question's meaningful words (weighted by how rare they are) that the best article
/// matches, lowered when a second article scores nearly as high: an unknown word makes it less sure, honestly.
public enum AssistantRules {
    /// Below this the assistant does not pretend to know.
    public static let answerThreshold = 0.45
    /// A second article within this share of the best one's score is a tie worth a question.
    public static let tieShare = 0.85
    /// Unhelpful answers after which a person takes over.
    public static let unhelpfulLimit = 2
    /// The sentiment score at or below which a message may be angry (with a sign of raised voice or outrage).
    public static let angryScore = -0.5

    public static func decide(question: String, language: TextLanguage, hits: [SearchHit], sentimentScore: Double?, unhelpfulSoFar: Int) -> AssistantDecision {
        let confidence = self.confidence(hits)
        let considered = Array(hits.prefix(3))
        if asksForHuman(question, language: language) { return .handover(.askedForHuman, considered: considered, confidence: confidence) }
        if let sentimentScore, isAngry(question, sentimentScore: sentimentScore) { return .handover(.angry, considered: considered, confidence: confidence) }
        if unhelpfulSoFar >= unhelpfulLimit { return .handover(.unhelpfulAnswers, considered: considered, confidence: confidence) }
        guard let best = hits.first, confidence >= answerThreshold else {
            return .handover(.lowConfidence, considered: considered, confidence: confidence)
        }
        if hits.count > 1, hits[1].score >= tieShare * best.score, hits[1].coverage >= best.coverage - 0.05 {
            return .clarify(Array(hits.prefix(2)), confidence: confidence)
        }
        return .answer(best, confidence: confidence)
    }

    /// The best hit's coverage, lowered by up to a third when the runner-up is as strong.
    public static func confidence(_ hits: [SearchHit]) -> Double {
        guard let best = hits.first, best.score > 0 else { return 0 }
        let runnerUp = hits.count > 1 ? hits[1].score : 0
        let dominance = min(1, 2 * (best.score - runnerUp) / best.score)
        return ((best.coverage * (0.67 + 0.33 * dominance)) * 100).rounded() / 100
    }

    /// Whether the message asks for a person rather than an answer.
    public static func asksForHuman(_ text: String, language: TextLanguage) -> Bool {
        let words = TextTokenizer.foldedWords(text)
        for language in Set([language, .pl, .en, .ru]) {
            let (exact, prefixes) = humanWords[language]!
            if words.contains(where: { word in exact.contains(word) || prefixes.contains { word.hasPrefix($0) } }) { return true }
        }
        let folded = " " + words.joined(separator: " ") + " "
        return humanPhrases.contains { folded.contains(" " + $0 + " ") }
    }

    /// Anger, not a problem report: describing a fault is negative ("the TV finds no channels") but a question an article
    /// answers. A message is angry when it is clearly negative *and* raises its voice — an exclamation mark, shouting in
    /// capitals — or speaks of outrage ("skandal", "ridiculous", "безобразие", "third time").
    public static func isAngry(_ text: String, sentimentScore: Double) -> Bool {
        guard sentimentScore <= angryScore else { return false }
        if text.contains("!") { return true }
        let letters = text.unicodeScalars.filter { $0.properties.isAlphabetic }
        let upper = letters.filter { $0.properties.isUppercase }.count
        if letters.count >= 12, Double(upper) >= 0.6 * Double(letters.count) { return true }
        let folded = " " + TextTokenizer.foldedWords(text).joined(separator: " ") + " "
        return outrage.contains { folded.contains(" " + $0) }
    }

    /// Beginnings of words and phrases of outrage, folded.
    static let outrage: [String] = [
        "skandal", "zenad", "kpina", "oszust", "porazk", "ile mozna", "ile jeszcze", "trzeci raz", "kolejny raz", "po raz kolejny",
        "ridiculous", "outrage", "scandal", "disgrac", "unacceptable", "third time", "useless", "worst", "joke",
        "безобраз", "издева", "бардак", "позор", "обман", "сколько можно", "третий раз", "в который раз",
    ]

    /// Whether the message says the last answer did not help.
    public static func saysUnhelpful(_ text: String) -> Bool {
        let folded = " " + TextTokenizer.foldedWords(text).joined(separator: " ") + " "
        return unhelpfulPhrases.contains { folded.contains(" " + $0 + " ") }
    }

    static let humanWords: [TextLanguage: (exact: Set<String>, prefixes: [String])] = [
        .pl: (["agent", "agenta", "agentem"], ["konsultant", "czlowiek", "operator", "pracownik", "doradc"]),
        .en: (["human", "humans", "agent", "agents", "representative", "operator", "staff", "advisor", "adviser"], []),
        .ru: (["живой", "живым", "живому"], ["человек", "оператор", "консультант", "сотрудник", "специалист", "менеджер"]),
    ]

    static let humanPhrases: [String] = ["real person", "live person", "talk to a person", "speak to a person", "zywa osoba", "zywym czlowiekiem", "z kims"]

    static let unhelpfulPhrases: [String] = [
        "nie pomoglo", "nie pomaga", "to nie to", "nie o to", "nie o to chodzi", "nie dziala", "bez sensu",
        "didnt help", "didn't help", "did not help", "not helpful", "doesnt help", "doesn't help", "not what i", "thats not it", "that's not it",
        "не помогло", "не помогает", "не то", "не об этом", "бесполезно",
    ]
}
