import Foundation
import TouchpointDomain

/// Invitations per status and skip reason: what a survey's page and `GET /api/v1/surveys/{id}` show.
public struct InvitationCounts: Sendable, Equatable, Codable {
    public var byStatus: [InvitationStatus: Int]
    public var skipped: [InvitationSkipReason: Int]

    public init(byStatus: [InvitationStatus: Int] = [:], skipped: [InvitationSkipReason: Int] = [:]) {
        self.byStatus = byStatus
        self.skipped = skipped
    }
}

/// What the survey desk needs from storage.
public protocol SurveyRepository: Sendable {
    func saveSurvey(_ survey: Survey) async throws
    func survey(_ id: SurveyID) async throws -> Survey?
    func surveys() async throws -> [Survey]
    func invitationCounts(of survey: SurveyID) async throws -> InvitationCounts

    /// Log events after the trigger checkpoint with one of `names`, and the log position the batch reaches.
    func pendingTriggerEvents(names: [String], limit: Int) async throws -> (events: [LoggedEvent], upTo: Int64)?
    /// Stores new invitations (one per survey and trigger event: a repeat is ignored) and moves the trigger checkpoint
    /// when one is given, in one transaction. Returns the invitations stored.
    func addInvitations(_ invitations: [SurveyInvitation], checkpoint: Int64?) async throws -> [SurveyInvitation]
    /// People who entered `stage` in the window, with when (for the stage-reached trigger).
    func stageEntries(stage: String, from: Date, to: Date, limit: Int) async throws -> [(profile: ProfileID, at: Date)]

    /// Scheduled invitations due at `now`, oldest first.
    func dueInvitations(now: Date, limit: Int) async throws -> [SurveyInvitation]
    /// When the person was last sent an invitation: any survey, and this one.
    func lastInvited(profile: ProfileID, survey: SurveyID) async throws -> (any: Date?, this: Date?)
    /// Records what was decided for a due invitation; with `mail`, the mail goes into the outbox in the same transaction.
    func decide(_ invitation: SurveyInvitation, mail: OutgoingMail?) async throws
    func invitation(_ id: InvitationID) async throws -> SurveyInvitation?
    func invitations(of survey: SurveyID, status: InvitationStatus?, limit: Int) async throws -> [SurveyInvitation]
    /// Marks the invitation answered and records the answer's event on the log, in one transaction. False when it
    /// was answered already (nothing is stored then).
    func recordAnswer(_ invitation: InvitationID, event: JSONValue, sink: ServiceTimelineSink, at: Date) async throws -> Bool
    /// Records a later event of an answered invitation (the comment step), once. False when it was recorded already.
    func recordComment(_ invitation: InvitationID, event: JSONValue, sink: ServiceTimelineSink, at: Date) async throws -> Bool
}
