import Foundation
import Tagged
import TouchpointDomain

/// Which answers a report counts.
public struct FeedbackFilter: Sendable, Equatable {
    public var from: Date
    public var to: Date
    public var type: SurveyType?
    public var channel: Channel?

    public init(from: Date, to: Date, type: SurveyType? = nil, channel: Channel? = nil) {
        self.from = from
        self.to = to
        self.type = type
        self.channel = channel
    }
}

/// What the feedback desk needs from storage, nothing more.
public protocol FeedbackRepository: Sendable {
    /// The `Survey Answered` and `Survey Comment Added` events (the survey page's second step) after the feedback checkpoint (at most `limit`), and the log position the batch
    /// reaches (the checkpoint to save once they are stored), or nil when the log has nothing new.
    func pendingSurveyAnswers(limit: Int) async throws -> (events: [LoggedEvent], upTo: Int64)?
    /// Stores the answers (an answer already stored is left as it is) and moves the checkpoint, in one transaction.
    /// Each answer comes with the log position of its event. Returns the answers this call stored, so that a batch
    /// read twice (the loop and a report at once) closes the loop once.
    func saveAnswers(_ answers: [(answer: SurveyAnswer, sequence: Int64)], checkpoint: Int64) async throws -> [SurveyAnswer]
    /// Adds a comment (and the follow-up answers) to a stored answer, with its analysis; returns the answer as it is
    /// now, or nil when there is no such answer.
    func addComment(to answer: SurveyAnswerID, _ commented: SurveyAnswer) async throws -> SurveyAnswer?
    /// When the person's latest follow-up case was opened, if ever (`profile` is the person's current profile).
    func lastFollowUp(of profile: ProfileID) async throws -> Date?
    /// Links an answer to the case opened to follow it up.
    func linkFollowUp(answer: SurveyAnswerID, case id: CaseID) async throws
    /// Answers per type and score: the one aggregate NPS, CSAT and CES are computed from.
    func scoreHistogram(_ filter: FeedbackFilter) async throws -> [SurveyType: [Int: Int]]
    func sentimentCounts(_ filter: FeedbackFilter) async throws -> [Sentiment: Int]
    func topicFigures(_ filter: FeedbackFilter, limit: Int) async throws -> [FeedbackReport.TopicFigure]
    /// Score histograms per group (month `YYYY-MM`, channel, lifecycle stage, value tier, agent id; "" when unknown).
    func scoreHistograms(_ filter: FeedbackFilter, by grouping: FeedbackGrouping) async throws -> [String: [SurveyType: [Int: Int]]]
    /// The latest answers with a comment raising a topic.
    func topicExamples(_ filter: FeedbackFilter, topic: String, limit: Int) async throws -> [SurveyAnswer]
    /// The latest NPS answers, each with the channels and events of the `days` before it (`channel:phone`, `event:Return Requested`).
    func touchpointsBeforeAnswers(_ filter: FeedbackFilter, days: Int, limit: Int) async throws -> [(score: Int, touchpoints: Set<String>)]
    /// The closed loop's follow-up cases opened in a period, with what happened after each.
    func followUps(from: Date, to: Date) async throws -> [FeedbackLoopReport.FollowUp]
    /// The person's answers, newest first.
    func answers(of profile: ProfileID, limit: Int) async throws -> [SurveyAnswer]
}
