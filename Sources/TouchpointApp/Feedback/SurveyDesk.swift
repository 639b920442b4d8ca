import Foundation
import Logging
import Synchronization
import TouchpointDomain

/// Surveys' one door: definitions, invitations from triggers on the log (or by hand), contact fatigue decided when an
/// invitation falls due, the invitation mail through the outbox, and answers from Touchpoint's own survey page. An
/// answer becomes a `Survey Answered` event on the log, so the feedback desk, the lifecycle rules and the timeline read
/// it like any other.
public final class SurveyDesk: Sendable {
    let repository: any SurveyRepository
    let profiles: ProfileDirectory
    /// Answers are recorded on the log under the service desk's source, like the desk's own CSAT.
    let serviceDesk: ServiceDesk
    public let policy: ContactPolicy
    /// The public page of an invitation (`https://…/s/TOKEN`), signed by the web layer.
    let link: @Sendable (InvitationID) -> String
    let company: String
    let logger: Logger
    private let background = RepeatingWork(name: "survey invitations", logger: Logger(label: "touchpoint.surveys"))

    public init(repository: any SurveyRepository, profiles: ProfileDirectory, serviceDesk: ServiceDesk, policy: ContactPolicy = .standard, company: String = "Touchpoint",
                link: @escaping @Sendable (InvitationID) -> String, logger: Logger = Logger(label: "touchpoint.surveys")) {
        self.repository = repository
        self.profiles = profiles
        self.serviceDesk = serviceDesk
        self.policy = policy
        self.company = company
        self.link = link
        self.logger = logger
    }

    // MARK: Definitions

    public func define(_ survey: Survey) async throws -> Survey {
        let valid: Survey
        do { valid = try survey.validated() } catch let error as FeedbackRuleError { throw SurveyDeskError.invalid(error.description) }
        try await repository.saveSurvey(valid)
        return valid
    }

    public func survey(_ id: SurveyID) async throws -> Survey {
        guard let survey = try await repository.survey(id) else { throw SurveyDeskError.notFound("no survey '\(id.rawValue)'") }
        return survey
    }

    public func surveys() async throws -> [Survey] { try await repository.surveys() }

    public func counts(of survey: SurveyID) async throws -> InvitationCounts { try await repository.invitationCounts(of: survey) }

    public func invitations(of survey: SurveyID, status: InvitationStatus?, limit: Int = 100) async throws -> [SurveyInvitation] {
        try await repository.invitations(of: survey, status: status, limit: limit)
    }

    // MARK: Invitations

    /// Invites one person by hand (the API, the console): due now, decided by the same fatigue rules as any other.
    public func invite(_ surveyID: SurveyID, person: ProfileID, now: Date = Date()) async throws -> SurveyInvitation {
        let survey = try await survey(surveyID)
        let invitation = SurveyInvitation(id: InvitationID(rawValue: TimeOrderedID.make(at: now)), surveyID: survey.id, profileID: person,
                                          locale: try await locale(of: person), triggerEventID: nil, dueAt: now, createdAt: now)
        _ = try await repository.addInvitations([invitation], checkpoint: nil)
        try await dispatchDue(now: now)
        return try await repository.invitation(invitation.id) ?? invitation
    }

    /// Reads the log's new trigger events and creates the invitations they call for (the sampled-out ones are kept as
    /// skipped, so the count of "not asked" is honest). Returns how many invitations were created.
    @discardableResult
    public func catchUpTriggers(now: Date = Date(), batch: Int = 2_000) async throws -> Int {
        let active = try await repository.surveys().filter { $0.status == .active && $0.trigger.event != .manual && $0.endsAt.map { $0 > now } ?? true }
        var created = 0
        while let (events, upTo) = try await repository.pendingTriggerEvents(names: SurveyTrigger.eventNames, limit: batch) {
            var invitations = [SurveyInvitation]()
            for event in events {
                // Only what happens once a survey exists asks it: defining one does not survey the whole history.
                for survey in active where event.at >= survey.createdAt
                    && survey.trigger.matches(name: event.name, channel: event.channel, properties: event.properties) {
                    invitations.append(try await newInvitation(survey, person: event.profileID, eventID: event.eventID, at: event.at, now: now,
                                                               locale: event.properties["locale"]?.stringValue.flatMap(TextLanguage.init(localeCode:))))
                }
            }
            created += try await repository.addInvitations(invitations, checkpoint: upTo).count
        }
        // Stage entries live in the lifecycle projection, not on the log: read the last two days' each time (a repeat
        // is the same invitation, so reading twice creates nothing).
        for survey in active where survey.trigger.event == .stageReached {
            guard let stage = survey.trigger.stage else { continue }
            let from = max(survey.createdAt, now.addingTimeInterval(-2 * 86_400))
            var invitations = [SurveyInvitation]()
            for entry in try await repository.stageEntries(stage: stage, from: from, to: now, limit: 5_000) {
                invitations.append(try await newInvitation(survey, person: entry.profile, eventID: "stage-\(stage)-\(Timestamps.millis(entry.at))",
                                                           at: entry.at, now: now, locale: nil))
            }
            created += try await repository.addInvitations(invitations, checkpoint: nil).count
        }
        return created
    }

    func newInvitation(_ survey: Survey, person: ProfileID, eventID: String, at: Date, now: Date, locale: TextLanguage?) async throws -> SurveyInvitation {
        let sampled = ContactPolicy.sampled(survey: survey.id, person: person, percent: survey.samplingPercent)
        let language: TextLanguage
        if let locale { language = locale } else { language = try await self.locale(of: person) }
        return SurveyInvitation(
            id: InvitationID(rawValue: TimeOrderedID.make(at: now)), surveyID: survey.id, profileID: person,
            locale: language, triggerEventID: eventID,
            status: sampled ? .scheduled : .skipped, skipReason: sampled ? nil : .sampling,
            dueAt: at.addingTimeInterval(survey.trigger.delayHours * 3_600), createdAt: now)
    }

    /// Decides every invitation that is due: sent (its mail into the outbox), moved past the person's quiet hours, or
    /// skipped with the reason. Returns how many were sent.
    @discardableResult
    public func dispatchDue(now: Date = Date(), batch: Int = 500) async throws -> Int {
        var sent = 0
        var surveys = [SurveyID: Survey]()
        for var invitation in try await repository.dueInvitations(now: now, limit: batch) {
            if surveys[invitation.surveyID] == nil { surveys[invitation.surveyID] = try await repository.survey(invitation.surveyID) }
            guard let survey = surveys[invitation.surveyID] else { continue }
            guard let person = try await profiles.lookUp(reference: invitation.profileID.rawValue),
                  let profile = try await profiles.profile(person) else {
                invitation.status = .skipped
                invitation.skipReason = .erased
                try await repository.decide(invitation, mail: nil)
                continue
            }
            let email = profile.identifier(.email)
            let last = try await repository.lastInvited(profile: person, survey: survey.id)
            let invitee = ContactPolicy.Invitee(email: email, optedOut: ContactPolicy.Invitee.optedOut(traits: profile.traits),
                                                timeZone: profile.traits["timezone"]?.stringValue,
                                                lastInvitedAnySurvey: last.any, lastInvitedThisSurvey: last.this)
            switch policy.decide(survey: survey, invitee: invitee, now: now) {
            case .skip(let reason):
                invitation.status = .skipped
                invitation.skipReason = reason
                try await repository.decide(invitation, mail: nil)
            case .later(let resume):
                invitation.dueAt = resume
                try await repository.decide(invitation, mail: nil)
            case .send:
                invitation.status = .sent
                invitation.sentAt = now
                invitation.email = email
                invitation.profileID = person
                let content = SurveyMail.compose(survey: survey, invitation: invitation, link: link(invitation.id), company: company, now: now)
                let mail = OutgoingMail(id: OutgoingMailID(rawValue: TimeOrderedID.make(at: now)), purpose: "survey_invitation",
                                        reference: invitation.id.rawValue, to: email!, subject: content.subject, text: content.text,
                                        html: content.html, messageID: "<survey-\(invitation.id.rawValue)@touchpoint>", nextAttemptAt: now, createdAt: now)
                try await repository.decide(invitation, mail: mail)
                sent += 1
            }
        }
        return sent
    }

    /// The language to ask in: the profile's `locale` / `language` trait, else Polish (the demo company's).
    func locale(of person: ProfileID) async throws -> TextLanguage {
        guard let profile = try await profiles.profile(person) else { return .pl }
        for key in ["locale", "language"] {
            if let code = profile.traits[key]?.stringValue, let language = TextLanguage(localeCode: code) { return language }
        }
        return .pl
    }

    // MARK: Answers from the survey page

    /// The invitation a verified token names, with its survey.
    public func page(_ id: InvitationID) async throws -> (invitation: SurveyInvitation, survey: Survey) {
        guard let invitation = try await repository.invitation(id) else { throw SurveyDeskError.notFound("this survey link is not valid") }
        return (invitation, try await survey(invitation.surveyID))
    }

    /// Records the score given on the page: a `Survey Answered` event on the person's timeline. A second answer to
    /// the same invitation is refused and stores nothing. Returns the invitation as answered, with its survey.
    public func answer(_ id: InvitationID, score: Int, now: Date = Date()) async throws -> (invitation: SurveyInvitation, survey: Survey) {
        let (invitation, survey) = try await page(id)
        guard invitation.status != .answered else { throw SurveyDeskError.alreadyAnswered("this survey has been answered already — thank you") }
        guard survey.type.scale.contains(score) else {
            throw SurveyDeskError.invalid("score must be a whole number from \(survey.type.scale.lowerBound) to \(survey.type.scale.upperBound)")
        }
        let event = try await event("Survey Answered", id: invitation.answerEventID, invitation: invitation, at: now, properties: [
            "survey_type": .string(survey.type.rawValue), "score": .number(Double(score)), "survey_id": .string(survey.id.rawValue),
            "invitation_id": .string(invitation.id.rawValue), "locale": .string(invitation.locale.rawValue),
        ])
        guard try await repository.recordAnswer(invitation.id, event: event, sink: try serviceDesk.timeline, at: now) else {
            throw SurveyDeskError.alreadyAnswered("this survey has been answered already — thank you")
        }
        var answered = invitation
        answered.status = .answered
        answered.answeredAt = now
        return (answered, survey)
    }

    /// Records the optional second step: the comment and the follow-up questions. Once per invitation. Returns the
    /// invitation and its survey, for the page that thanks the person.
    @discardableResult
    public func comment(_ id: InvitationID, fields: [String: String], now: Date = Date()) async throws -> (invitation: SurveyInvitation, survey: Survey) {
        let (invitation, survey) = try await page(id)
        guard invitation.status == .answered else { throw SurveyDeskError.invalid("give a score first") }
        var answers = [String: JSONValue]()
        do {
            for question in survey.followUps { if let value = try question.answer(from: fields[question.id]) { answers[question.id] = value } }
        } catch let error as FeedbackRuleError { throw SurveyDeskError.invalid(error.description) }
        let comment = fields["comment"].map { String($0.trimmingCharacters(in: .whitespacesAndNewlines).prefix(2_000)) }
            ?? survey.followUps.first { $0.kind == .text }.flatMap { answers[$0.id]?.stringValue }
        guard !answers.isEmpty || !(comment ?? "").isEmpty else { return (invitation, survey) }
        var properties: [String: JSONValue] = ["answer_id": .string(invitation.answerEventID), "survey_id": .string(survey.id.rawValue),
                                               "invitation_id": .string(invitation.id.rawValue), "locale": .string(invitation.locale.rawValue),
                                               "answers": .object(answers)]
        if let comment, !comment.isEmpty { properties["comment"] = .string(comment) }
        let event = try await event("Survey Comment Added", id: invitation.answerEventID + "-comment", invitation: invitation, at: now, properties: properties)
        guard try await repository.recordComment(invitation.id, event: event, sink: try serviceDesk.timeline, at: now) else {
            throw SurveyDeskError.alreadyAnswered("this comment has been sent already — thank you")
        }
        return (invitation, survey)
    }

    /// A track event for the person the invitation was made for: their user id and e-mail as the profile has them now
    /// (it may have been merged since), else the address the invitation went to.
    func event(_ name: String, id: String, invitation: SurveyInvitation, at: Date, properties: [String: JSONValue]) async throws -> JSONValue {
        var traits = [String: JSONValue]()
        var message: [String: JSONValue] = [
            "type": .string("track"), "event": .string(name), "messageId": .string(id), "timestamp": .string(Timestamps.format(at)),
            "properties": .object(properties), "anonymousId": .string("survey-" + invitation.id.rawValue),
        ]
        if let person = try await profiles.lookUp(reference: invitation.profileID.rawValue), let profile = try await profiles.profile(person) {
            if let userID = profile.identifier(.userID) { message["userId"] = .string(userID) }
            if let email = profile.identifier(.email) { traits["email"] = .string(email) }
        }
        if traits["email"] == nil, let email = invitation.email { traits["email"] = .string(email) }
        message["context"] = .object(["channel": .string(Channel.email.rawValue), "traits": .object(traits)])
        return .object(message)
    }

    // MARK: Background

    public func start(every interval: Duration = .seconds(2)) {
        background.start(every: interval, lease: repository as? any WorkLease) { [weak self] in
            try await self?.catchUpTriggers()
            try await self?.dispatchDue()
        }
    }

    public func stop() {
        background.stop()
    }
}
