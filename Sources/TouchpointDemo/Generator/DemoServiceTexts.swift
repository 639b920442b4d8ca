import Foundation

/// What customers and agents write in the demo's service desk, by topic and language ("pl", "en", "ru"): the
/// `service-texts.json` resource, so that the generator holds the rules and the file holds the words.
struct DemoServiceTexts: Sendable, Codable {
    struct Satisfaction: Sendable, Codable {
        let good: [String: [String]]
        let middling: [String: [String]]
        let bad: [String: [String]]
    }

    let topics: [DemoServiceTopic]
    let genericFollowUps: [String: [String]]
    /// A customer pasting what a broken page showed them: markup that the console must show as text.
    let markupFollowUp: String
    let askInfo: [String: [String]]
    let progress: [String: [String]]
    let genericReopens: [String: [String]]
    let repeatOpeners: [String: String]
    let csatComments: Satisfaction
}

/// What customers and agents write, by topic and language ("pl", "en", "ru").
struct DemoServiceTopic: Sendable, Codable {
    let key: String
    let category: String?
    let teamKey: String?
    let tags: [String]
    let weight: Double
    /// Product categories the topic is usually about.
    let products: [DemoCategory]
    let subjects: [String: [String]]
    let bodies: [String: [String]]
    let firstReplies: [String: [String]]
    let resolutions: [String: [String]]
    let followUps: [String]
    let reopens: [String]
    let notes: [String]
    /// What the agent writes after a call about it.
    let callSummary: String

    /// The words, from `Resources/service-texts.json` (read once).
    static let texts: DemoServiceTexts = {
        guard let url = Bundle.module.url(forResource: "service-texts", withExtension: "json", subdirectory: "Resources"),
              let data = try? Data(contentsOf: url) else {
            fatalError("the demo's Resources/service-texts.json is missing from the build: rebuild the package (swift build)")
        }
        do {
            return try JSONDecoder().decode(DemoServiceTexts.self, from: data)
        } catch {
            fatalError("the demo's Resources/service-texts.json does not match DemoServiceTexts: \(error)")
        }
    }()

    static let all = texts.topics
    static let genericFollowUps = texts.genericFollowUps
    static let markupFollowUp = texts.markupFollowUp
    static let askInfo = texts.askInfo
    static let progress = texts.progress
    static let genericReopens = texts.genericReopens
    static let repeatOpeners = texts.repeatOpeners
    static let csatComments = (good: texts.csatComments.good, middling: texts.csatComments.middling, bad: texts.csatComments.bad)
}
