import Foundation
import SQLKit
import TouchpointApp
import TouchpointDomain

/// Surveys and their invitations. An invitation's decision and its mail commit together; an answer from the survey
/// page marks the invitation and records the event on the log in one transaction, so a second answer stores nothing.
extension SQLStore: SurveyRepository {
    static let surveyTriggerCheckpoint = "survey_triggers"

    public func saveSurvey(_ survey: Survey) async throws {
        let document = String(decoding: try JSONEncoder.sortedISO.encode(survey), as: UTF8.self)
        try await write { sql in
            try await sql.run("""
                INSERT INTO surveys (id, name, status, document, created_at)
                VALUES (\(bind: survey.id.rawValue), \(bind: survey.name), \(bind: survey.status.rawValue), \(bind: document),
                    \(bind: Timestamps.millis(survey.createdAt)))
                ON CONFLICT (id) DO UPDATE SET name = excluded.name, status = excluded.status, document = excluded.document
                """)
        }
    }

    public func survey(_ id: SurveyID) async throws -> Survey? {
        try await sql.rows("SELECT document FROM surveys WHERE id = \(bind: id.rawValue)").first.map(Self.survey(from:))
    }

    public func surveys() async throws -> [Survey] {
        try await sql.rows("SELECT document FROM surveys ORDER BY created_at, id").map(Self.survey(from:))
    }

    static func survey(from row: any SQLRow) throws -> Survey {
        try JSONDecoder.iso.decode(Survey.self, from: Data(try row.decode(column: "document", as: String.self).utf8))
    }

    public func invitationCounts(of survey: SurveyID) async throws -> InvitationCounts {
        var counts = InvitationCounts()
        for row in try await sql.rows("""
            SELECT status, skip_reason, COUNT(*) AS n FROM survey_invitations WHERE survey_id = \(bind: survey.rawValue)
            GROUP BY status, skip_reason
            """) {
            let count = try row.decode(column: "n", as: Int.self)
            guard let status = InvitationStatus(rawValue: try row.decode(column: "status", as: String.self)) else { continue }
            counts.byStatus[status, default: 0] += count
            if let reason = try row.decode(column: "skip_reason", as: String?.self).flatMap(InvitationSkipReason.init(rawValue:)) {
                counts.skipped[reason, default: 0] += count
            }
        }
        return counts
    }

    public func pendingTriggerEvents(names: [String], limit: Int) async throws -> (events: [LoggedEvent], upTo: Int64)? {
        try await Self.trackEvents(after: Self.surveyTriggerCheckpoint, named: names, limit: limit, on: sql)
    }

    public func addInvitations(_ invitations: [SurveyInvitation], checkpoint: Int64?) async throws -> [SurveyInvitation] {
        try await write { sql in
            var stored = [SurveyInvitation]()
            for invitation in invitations {
                let inserted = try await sql.rows("""
                    INSERT INTO survey_invitations (id, survey_id, profile_id, email, locale, trigger_event_id, status, skip_reason, due_at, created_at)
                    VALUES (\(bind: invitation.id.rawValue), \(bind: invitation.surveyID.rawValue), \(bind: invitation.profileID.rawValue),
                        \(bind: invitation.email), \(bind: invitation.locale.rawValue), \(bind: invitation.triggerEventID),
                        \(bind: invitation.status.rawValue), \(bind: invitation.skipReason?.rawValue), \(bind: Timestamps.millis(invitation.dueAt)),
                        \(bind: Timestamps.millis(invitation.createdAt)))
                    ON CONFLICT DO NOTHING RETURNING id
                    """)
                if !inserted.isEmpty { stored.append(invitation) }
            }
            if let checkpoint { try await Self.saveCheckpoint(Self.surveyTriggerCheckpoint, checkpoint, on: sql) }
            return stored
        }
    }

    public func stageEntries(stage: String, from: Date, to: Date, limit: Int) async throws -> [(profile: ProfileID, at: Date)] {
        try await sql.rows("""
            SELECT profile_id, since FROM lifecycle_states WHERE stage = \(bind: stage)
            AND since > \(bind: Timestamps.millis(from)) AND since <= \(bind: Timestamps.millis(to))
            ORDER BY since LIMIT \(bind: Int64(limit))
            """).map { (ProfileID(rawValue: try $0.decode(column: "profile_id", as: String.self)),
                        Timestamps.date(millis: try $0.decode(column: "since", as: Int64.self))) }
    }

    public func dueInvitations(now: Date, limit: Int) async throws -> [SurveyInvitation] {
        try await sql.rows("""
            SELECT * FROM survey_invitations WHERE status = 'scheduled' AND due_at <= \(bind: Timestamps.millis(now))
            ORDER BY due_at, id LIMIT \(bind: Int64(limit))
            """).map(Self.invitation(from:))
    }

    public func lastInvited(profile: ProfileID, survey: SurveyID) async throws -> (any: Date?, this: Date?) {
        let row = try await sql.rows("""
            SELECT MAX(sent_at) AS last_any,
                MAX(CASE WHEN survey_id = \(bind: survey.rawValue) THEN sent_at END) AS last_this
            FROM survey_invitations WHERE profile_id = \(bind: profile.rawValue) AND sent_at IS NOT NULL
            """).first
        return (try row?.decode(column: "last_any", as: Int64?.self).map(Timestamps.date(millis:)),
                try row?.decode(column: "last_this", as: Int64?.self).map(Timestamps.date(millis:)))
    }

    public func decide(_ invitation: SurveyInvitation, mail: OutgoingMail?) async throws {
        try await write { sql in
            // Only a scheduled invitation is decided: another node may have decided it meanwhile.
            let updated = try await sql.rows("""
                UPDATE survey_invitations SET status = \(bind: invitation.status.rawValue), skip_reason = \(bind: invitation.skipReason?.rawValue),
                    due_at = \(bind: Timestamps.millis(invitation.dueAt)), sent_at = \(bind: invitation.sentAt.map(Timestamps.millis)),
                    email = \(bind: invitation.email), profile_id = \(bind: invitation.profileID.rawValue)
                WHERE id = \(bind: invitation.id.rawValue) AND status = 'scheduled' RETURNING id
                """)
            guard !updated.isEmpty, let mail else { return }
            try await Self.enqueue(mail, on: sql)
        }
    }

    public func invitation(_ id: InvitationID) async throws -> SurveyInvitation? {
        try await sql.rows("SELECT * FROM survey_invitations WHERE id = \(bind: id.rawValue)").first.map(Self.invitation(from:))
    }

    public func invitations(of survey: SurveyID, status: InvitationStatus?, limit: Int) async throws -> [SurveyInvitation] {
        var statement = SQLStatement("SELECT * FROM survey_invitations WHERE survey_id = ")
        statement.bind(survey.rawValue)
        if let status {
            statement.append(" AND status = ")
            statement.bind(status.rawValue)
        }
        statement.append(" ORDER BY created_at DESC, id DESC LIMIT ")
        statement.bind(Int64(limit))
        return try await sql.rows(statement).map(Self.invitation(from:))
    }

    public func recordAnswer(_ invitation: InvitationID, event: JSONValue, sink: ServiceTimelineSink, at: Date) async throws -> Bool {
        try await record(event, sink: sink, at: at, ifMarked: """
            UPDATE survey_invitations SET status = 'answered', answered_at = \(bind: Timestamps.millis(at))
            WHERE id = \(bind: invitation.rawValue) AND answered_at IS NULL RETURNING id
            """)
    }

    public func recordComment(_ invitation: InvitationID, event: JSONValue, sink: ServiceTimelineSink, at: Date) async throws -> Bool {
        try await record(event, sink: sink, at: at, ifMarked: """
            UPDATE survey_invitations SET commented_at = \(bind: Timestamps.millis(at))
            WHERE id = \(bind: invitation.rawValue) AND answered_at IS NOT NULL AND commented_at IS NULL RETURNING id
            """)
    }

    /// Records the event on the log in the transaction that marks the invitation, only if the mark took (a second
    /// answer or comment finds it taken and stores nothing).
    private func record(_ event: JSONValue, sink: ServiceTimelineSink, at: Date, ifMarked mark: SQLStatement) async throws -> Bool {
        try await write { sql in
            guard !(try await sql.rows(mark)).isEmpty else { return false }
            try await Self.recordTimeline([event], sink: sink, now: at, on: sql, group: nil)
            return true
        }
    }

    static func invitation(from row: any SQLRow) throws -> SurveyInvitation {
        SurveyInvitation(
            id: InvitationID(rawValue: try row.decode(column: "id", as: String.self)),
            surveyID: SurveyID(rawValue: try row.decode(column: "survey_id", as: String.self)),
            profileID: ProfileID(rawValue: try row.decode(column: "profile_id", as: String.self)),
            email: try row.decode(column: "email", as: String?.self),
            locale: TextLanguage(rawValue: try row.decode(column: "locale", as: String.self)) ?? .pl,
            triggerEventID: try row.decode(column: "trigger_event_id", as: String?.self),
            status: InvitationStatus(rawValue: try row.decode(column: "status", as: String.self)) ?? .scheduled,
            skipReason: try row.decode(column: "skip_reason", as: String?.self).flatMap(InvitationSkipReason.init(rawValue:)),
            dueAt: Timestamps.date(millis: try row.decode(column: "due_at", as: Int64.self)),
            sentAt: try row.decode(column: "sent_at", as: Int64?.self).map(Timestamps.date(millis:)),
            answeredAt: try row.decode(column: "answered_at", as: Int64?.self).map(Timestamps.date(millis:)),
            createdAt: Timestamps.date(millis: try row.decode(column: "created_at", as: Int64.self)))
    }
}

extension JSONEncoder {
    /// Stored documents: keys sorted (a re-save diffs cleanly), dates as ISO 8601.
    static var sortedISO: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }
}

extension JSONDecoder {
    static var iso: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }
}
