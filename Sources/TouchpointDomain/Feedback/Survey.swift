import Foundation
import Tagged

public typealias SurveyID = Tagged<Survey, String>

/// A survey: its main question (NPS, CSAT or CES) in up to three languages, optional further questions asked after the
/// score, what sends it (a trigger on the log and a delay), who gets it (a sampling share, an end date, how often the
/// same person may be asked again) and whether it is running.
public struct Survey: Codable, Sendable, Equatable {
    public var id: SurveyID
    public var name: String
    public var type: SurveyType
    /// The main question per language ("Jak bardzo prawdopodobne jest…").
    public var question: [TextLanguage: String]
    /// Asked after the score, all optional to answer: a comment, scales, choices.
    public var followUps: [SurveyQuestion]
    public var trigger: SurveyTrigger
    /// Share of the people a trigger finds who are invited, 1–100.
    public var samplingPercent: Int
    /// No invitation is sent after this moment.
    public var endsAt: Date?
    /// The same person is not asked this survey again within this many days.
    public var recontactDays: Int
    public var status: SurveyStatus
    public var createdAt: Date
    /// A recovery survey asks the person the loop just followed up, whatever the cooldown (opt-outs still hold).
    public var ignoresCooldown: Bool

    public init(id: SurveyID, name: String, type: SurveyType, question: [TextLanguage: String], followUps: [SurveyQuestion] = [],
                trigger: SurveyTrigger, samplingPercent: Int = 100, endsAt: Date? = nil, recontactDays: Int = 90,
                status: SurveyStatus = .active, createdAt: Date, ignoresCooldown: Bool = false) {
        self.id = id
        self.name = name
        self.type = type
        self.question = question
        self.followUps = followUps
        self.trigger = trigger
        self.samplingPercent = samplingPercent
        self.endsAt = endsAt
        self.recontactDays = recontactDays
        self.status = status
        self.createdAt = createdAt
        self.ignoresCooldown = ignoresCooldown
    }

    enum CodingKeys: String, CodingKey {
        case id, name, type, question, followUps, trigger, samplingPercent, endsAt, recontactDays, status, createdAt, ignoresCooldown
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(SurveyID.self, forKey: .id)
        name = try container.decode(String.self, forKey: .name)
        type = try container.decode(SurveyType.self, forKey: .type)
        question = try container.decode([TextLanguage: String].self, forKey: .question)
        followUps = try container.decode([SurveyQuestion].self, forKey: .followUps)
        trigger = try container.decode(SurveyTrigger.self, forKey: .trigger)
        samplingPercent = try container.decode(Int.self, forKey: .samplingPercent)
        endsAt = try container.decodeIfPresent(Date.self, forKey: .endsAt)
        recontactDays = try container.decode(Int.self, forKey: .recontactDays)
        status = try container.decode(SurveyStatus.self, forKey: .status)
        createdAt = try container.decode(Date.self, forKey: .createdAt)
        // Surveys stored before recovery surveys existed have no flag.
        ignoresCooldown = try container.decodeIfPresent(Bool.self, forKey: .ignoresCooldown) ?? false
    }

    /// The question in a language, falling back to Polish, English, then any.
    public func question(in language: TextLanguage) -> String {
        question[language] ?? question[.pl] ?? question[.en] ?? question.values.first ?? ""
    }

    /// Checks a survey as it is defined, naming the field that is wrong.
    public func validated() throws -> Survey {
        guard !name.trimmingCharacters(in: .whitespaces).isEmpty, name.count <= 200 else {
            throw FeedbackRuleError.invalid("name is required (at most 200 characters)")
        }
        guard !question.isEmpty, question.values.allSatisfy({ !$0.trimmingCharacters(in: .whitespaces).isEmpty && $0.count <= 500 }) else {
            throw FeedbackRuleError.invalid("question needs a text in at least one of pl, en, ru (at most 500 characters each)")
        }
        guard (1...100).contains(samplingPercent) else { throw FeedbackRuleError.invalid("samplingPercent must be from 1 to 100") }
        guard (0...3650).contains(recontactDays) else { throw FeedbackRuleError.invalid("recontactDays must be from 0 to 3650") }
        guard trigger.delayHours >= 0, trigger.delayHours <= 24 * 90 else { throw FeedbackRuleError.invalid("trigger.delayHours must be from 0 to 2160") }
        if trigger.event == .stageReached, (trigger.stage ?? "").isEmpty {
            throw FeedbackRuleError.invalid("trigger.stage is required when trigger.event is stage_reached")
        }
        guard followUps.count <= 10 else { throw FeedbackRuleError.invalid("followUps: at most 10 questions") }
        var seen = Set<String>()
        for (index, question) in followUps.enumerated() {
            try question.validate(at: "followUps[\(index)]")
            guard seen.insert(question.id).inserted else { throw FeedbackRuleError.invalid("followUps[\(index)].id '\(question.id)' is used twice") }
        }
        return self
    }
}

public enum SurveyStatus: String, Codable, Sendable, CaseIterable {
    case active, paused
}

/// A question asked after the score.
public struct SurveyQuestion: Codable, Sendable, Equatable {
    public enum Kind: String, Codable, Sendable {
        /// Free text: analysed like every comment (language, sentiment, topics).
        case text
        /// A whole number from `minimum` to `maximum`.
        case scale
        /// One of `options`.
        case choice
    }

    /// A short key the answer is stored under (`comment`, `reason`, `ease`…).
    public var id: String
    public var kind: Kind
    public var text: [TextLanguage: String]
    public var options: [String]?
    public var minimum: Int?
    public var maximum: Int?

    public init(id: String, kind: Kind, text: [TextLanguage: String], options: [String]? = nil, minimum: Int? = nil, maximum: Int? = nil) {
        self.id = id
        self.kind = kind
        self.text = text
        self.options = options
        self.minimum = minimum
        self.maximum = maximum
    }

    public func text(in language: TextLanguage) -> String {
        text[language] ?? text[.pl] ?? text[.en] ?? text.values.first ?? id
    }

    func validate(at path: String) throws {
        guard id.range(of: #"^[a-z][a-z0-9_]{0,39}$"#, options: .regularExpression) != nil else {
            throw FeedbackRuleError.invalid("\(path).id must be lowercase letters, digits and _ (at most 40), starting with a letter")
        }
        guard !text.isEmpty else { throw FeedbackRuleError.invalid("\(path).text needs at least one of pl, en, ru") }
        switch kind {
        case .text: break
        case .scale:
            guard let minimum, let maximum, minimum < maximum, maximum - minimum <= 10 else {
                throw FeedbackRuleError.invalid("\(path) is a scale: minimum and maximum are required, at most 10 apart")
            }
        case .choice:
            guard let options, (2...12).contains(options.count), options.allSatisfy({ !$0.isEmpty && $0.count <= 100 }) else {
                throw FeedbackRuleError.invalid("\(path) is a choice: 2 to 12 options are required")
            }
        }
    }

    /// Reads the answer a person gave to this question from a form field; nil when left empty. Throws on a value the
    /// question does not allow.
    public func answer(from field: String?) throws -> JSONValue? {
        guard let raw = field?.trimmingCharacters(in: .whitespacesAndNewlines), !raw.isEmpty else { return nil }
        switch kind {
        case .text:
            return .string(String(raw.prefix(2_000)))
        case .scale:
            guard let value = Int(raw), value >= (minimum ?? 0), value <= (maximum ?? 10) else {
                throw FeedbackRuleError.invalid("\(id) must be a whole number from \(minimum ?? 0) to \(maximum ?? 10)")
            }
            return .number(Double(value))
        case .choice:
            guard options?.contains(raw) == true else { throw FeedbackRuleError.invalid("\(id) must be one of the options offered") }
            return .string(raw)
        }
    }
}

/// What sends a survey: an event on the log, and how long after it.
public struct SurveyTrigger: Codable, Sendable, Equatable {
    public enum Event: String, Codable, Sendable, CaseIterable {
        /// A service case moved to resolved (CSAT after N hours).
        case caseResolved = "case_resolved"
        /// `Order Completed` (NPS N days after the purchase).
        case orderCompleted = "order_completed"
        /// A live chat ended (its case resolved or closed on the chat channel).
        case chatEnded = "chat_ended"
        /// The person entered a lifecycle stage (`Lifecycle Stage Entered` with `stage`).
        case stageReached = "stage_reached"
        /// A follow-up of feedback resolved or closed: the recovery survey.
        case followUpClosed = "follow_up_closed"
        /// Only invitations asked for through the API or the console.
        case manual
    }

    public var event: Event
    public var delayHours: Double
    /// The stage for `stage_reached`.
    public var stage: String?

    public init(event: Event, delayHours: Double = 0, stage: String? = nil) {
        self.event = event
        self.delayHours = delayHours
        self.stage = stage
    }

    /// The log events each trigger reads.
    public static let eventNames = ["Case Status Changed", "Order Completed", "Lifecycle Stage Entered"]

    /// True when a logged event is this trigger's.
    public func matches(name: String, channel: Channel, properties: [String: JSONValue]) -> Bool {
        switch event {
        case .manual:
            return false
        case .orderCompleted:
            return name == "Order Completed"
        case .caseResolved:
            return name == "Case Status Changed" && properties["to"]?.stringValue == "resolved" && channel != .chat
                && properties["origin"]?.stringValue != CaseOrigin.feedback.rawValue
        case .followUpClosed:
            let to = properties["to"]?.stringValue
            return name == "Case Status Changed" && (to == "resolved" || to == "closed") && properties["origin"]?.stringValue == CaseOrigin.feedback.rawValue
        case .chatEnded:
            let to = properties["to"]?.stringValue
            return name == "Case Status Changed" && channel == .chat && (to == "resolved" || to == "closed")
        case .stageReached:
            return name == "Lifecycle Stage Entered" && properties["stage"]?.stringValue == stage
        }
    }
}
