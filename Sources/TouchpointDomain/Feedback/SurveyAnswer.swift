import Foundation
import Tagged

public typealias SurveyAnswerID = Tagged<SurveyAnswer, String>

/// One answer to a survey question, from any channel: Touchpoint's own survey pages and widgets, the service desk's
/// CSAT, or an outside tool sending a Segment `Survey Answered` event. The comment carries its text analytics.
public struct SurveyAnswer: Codable, Sendable, Equatable {
    /// The id of the event that carried the answer: one answer per event, so a replayed event is not counted twice.
    public var id: SurveyAnswerID
    public var profileID: ProfileID
    public var type: SurveyType
    public var score: Int
    public var comment: String?
    public var surveyID: String?
    public var caseID: String?
    public var channel: Channel
    public var locale: TextLanguage?
    public var answeredAt: Date
    public var sentiment: Sentiment?
    public var sentimentScore: Double?
    public var topics: [String]

    public var band: SurveyBand { type.band(score) }

    public init(id: SurveyAnswerID, profileID: ProfileID, type: SurveyType, score: Int, comment: String?, surveyID: String?,
                caseID: String?, channel: Channel, locale: TextLanguage?, answeredAt: Date, sentiment: Sentiment? = nil,
                sentimentScore: Double? = nil, topics: [String] = []) {
        self.id = id
        self.profileID = profileID
        self.type = type
        self.score = score
        self.comment = comment
        self.surveyID = surveyID
        self.caseID = caseID
        self.channel = channel
        self.locale = locale
        self.answeredAt = answeredAt
        self.sentiment = sentiment
        self.sentimentScore = sentimentScore
        self.topics = topics
    }
}

extension SurveyAnswer {
    /// Reads an answer from a `Survey Answered` event's properties (`survey_type`, `score`, `comment`, `survey_id`,
    /// `case_id`, `locale`). Throws when it is not a valid answer, saying what is wrong.
    public static func read(eventID: String, profileID: ProfileID, channel: Channel, at: Date,
                            properties: [String: JSONValue]) throws -> SurveyAnswer {
        let (type, score) = try validate(properties)
        let comment = properties["comment"]?.stringValue.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.flatMap { $0.isEmpty ? nil : $0 }
        return SurveyAnswer(
            id: SurveyAnswerID(rawValue: eventID), profileID: profileID, type: type, score: score, comment: comment,
            surveyID: properties["survey_id"]?.stringValue, caseID: properties["case_id"]?.stringValue ?? properties["caseId"]?.stringValue ?? properties["case_number"].flatMap(Self.text),
            channel: channel, locale: properties["locale"]?.stringValue.flatMap(TextLanguage.init(localeCode:)), answeredAt: at)
    }

    /// Checks the answer fields of an event: a known `survey_type` and a whole `score` on its scale. Collection
    /// calls this so an answer out of range is refused before it is stored.
    public static func validate(_ properties: [String: JSONValue]) throws -> (SurveyType, Int) {
        guard let typeName = properties["survey_type"]?.stringValue else {
            throw FeedbackRuleError.invalid("properties.survey_type is required: nps, csat or ces")
        }
        guard let type = SurveyType(rawValue: typeName.lowercased()) else {
            throw FeedbackRuleError.invalid("properties.survey_type must be nps, csat or ces, not '\(typeName)'")
        }
        guard case .number(let number)? = properties["score"] else {
            throw FeedbackRuleError.invalid("properties.score is required: a whole number from \(type.scale.lowerBound) to \(type.scale.upperBound)")
        }
        guard number.rounded() == number, number >= Double(type.scale.lowerBound), number <= Double(type.scale.upperBound) else {
            throw FeedbackRuleError.invalid("properties.score must be a whole number from \(type.scale.lowerBound) to \(type.scale.upperBound) for \(type.rawValue), not \(number)")
        }
        return (type, Int(number))
    }

    static func text(_ value: JSONValue) -> String? {
        switch value {
        case .string(let text): text
        case .number(let number): number.rounded() == number && abs(number) < 1e15 ? String(Int64(number)) : nil
        default: nil
        }
    }

    /// Fills in the comment's language, sentiment and topics.
    public func analysed(by analyzer: TextAnalyzer, fallback: TextLanguage = .pl) -> SurveyAnswer {
        guard let comment else { return self }
        let analysis = analyzer.analyze(comment, locale: locale, fallback: fallback)
        var copy = self
        copy.locale = analysis.language
        copy.sentiment = analysis.sentiment
        copy.sentimentScore = analysis.score
        copy.topics = analysis.topics.map(\.topic)
        return copy
    }
}

/// Feedback's refusals, in the product's words.
public enum FeedbackRuleError: Error, Equatable, Sendable, CustomStringConvertible {
    case invalid(String)

    public var description: String {
        switch self {
        case .invalid(let message): message
        }
    }
}
