import Foundation
import Tagged

public typealias InvitationID = Tagged<SurveyInvitation, String>

/// One person asked (or not) one survey: created when a trigger fires or someone asks for it, decided when due.
public struct SurveyInvitation: Codable, Sendable, Equatable {
    public var id: InvitationID
    public var surveyID: SurveyID
    public var profileID: ProfileID
    /// The address the invitation goes to, read from the profile when it is decided.
    public var email: String?
    public var locale: TextLanguage
    /// The log event that fired the trigger (nil when asked for by hand); one invitation per event and survey.
    public var triggerEventID: String?
    public var status: InvitationStatus
    /// Why it was not sent, when it was not.
    public var skipReason: InvitationSkipReason?
    public var dueAt: Date
    public var sentAt: Date?
    public var answeredAt: Date?
    public var createdAt: Date

    public init(id: InvitationID, surveyID: SurveyID, profileID: ProfileID, email: String? = nil, locale: TextLanguage,
                triggerEventID: String?, status: InvitationStatus = .scheduled, skipReason: InvitationSkipReason? = nil,
                dueAt: Date, sentAt: Date? = nil, answeredAt: Date? = nil, createdAt: Date) {
        self.id = id
        self.surveyID = surveyID
        self.profileID = profileID
        self.email = email
        self.locale = locale
        self.triggerEventID = triggerEventID
        self.status = status
        self.skipReason = skipReason
        self.dueAt = dueAt
        self.sentAt = sentAt
        self.answeredAt = answeredAt
        self.createdAt = createdAt
    }

    /// The id of the `Survey Answered` event an answer on Touchpoint's own page records: one answer per invitation.
    public var answerEventID: String { "survey-" + id.rawValue }
}

public enum InvitationStatus: String, Codable, Sendable, CaseIterable {
    /// Waiting for its time (the trigger's delay, or the end of the person's quiet hours).
    case scheduled
    /// The e-mail is in the outbox.
    case sent
    /// Not sent, with a reason.
    case skipped
    case answered
}

/// Why an invitation was not sent: said in the API and the console, so nobody wonders where a survey went.
public enum InvitationSkipReason: String, Codable, Sendable, CaseIterable {
    /// The person was asked a survey (any survey, any channel) within the cooldown.
    case cooldown
    /// The person was asked this survey within its recontact period.
    case recontact
    /// Not in the sampled share.
    case sampling
    /// The person opted out of surveys or of being contacted.
    case optedOut = "opted_out"
    /// No e-mail address to send it to.
    case noReachableChannel = "no_reachable_channel"
    /// The survey had ended, or was paused, when the invitation fell due.
    case surveyClosed = "survey_closed"
    /// The person's profile was erased before the invitation fell due.
    case erased
}
