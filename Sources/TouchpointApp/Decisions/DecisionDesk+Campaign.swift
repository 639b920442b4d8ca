import Foundation
import Tagged
import TouchpointDomain

/// One person of a campaign list: who, how to reach them, and the action arbitration chose for them.
public struct CampaignRow: Sendable, Equatable {
    public var profileID: ProfileID
    public var email: String?
    public var name: String?
    public var phone: String?
    public var language: TextLanguage
    public var decisionID: String
    public var action: ActionDefinition
    public var score: Double

    public static let header = ["profile_id", "email", "name", "phone", "language", "decision_id", "action_id", "action_kind", "title", "body", "call_to_action", "score"]

    public var fields: [String] {
        let text = action.text(in: language)
        return [profileID.rawValue, email ?? "", name ?? "", phone ?? "", language.rawValue, decisionID, action.id.rawValue, action.kind.rawValue,
                text?.title ?? "", text?.body ?? "", text?.callToAction ?? "", String(format: "%.4f", score)]
    }
}

/// What a campaign export did: rows for people with an action, and why the others got none.
public struct CampaignList: Sendable {
    public var rows: [CampaignRow]
    public var members: Int
    /// People of the segment with no action for the channel (all removed by the rules: caps, consent, service first…).
    public var withoutAction: Int

    public var csv: String { CSVWriter.line(CampaignRow.header) + rows.map { CSVWriter.line($0.fields) }.joined() }
}

extension DecisionDesk {
    /// The campaign list for a segment on a channel: each member's next best action there, decided and logged like any
    /// decision (so caps, budgets and the control group hold, and the outcome events of the send teach the model).
    public func campaign(segment: SegmentID, channel: Channel, placement: String? = nil, now: Date = Date(),
                         progress: (Int, Int) -> Void = { _, _ in }) async throws -> CampaignList {
        guard try await catalogue.reload().segment(segment) != nil else { throw DecisionDeskError.unknownSegment }
        let total = try await repository.memberCounts()[segment] ?? 0
        var list = CampaignList(rows: [], members: 0, withoutAction: 0)
        var cursor: ProfileID?
        while true {
            let page = try await repository.segmentMembers(segment, limit: 500, after: cursor)
            guard let last = page.last else { break }
            for member in page {
                list.members += 1
                let answer: Answer
                do {
                    answer = try await decide(reference: member.profileID.rawValue, channel: channel, placement: placement, limit: 1, now: now)
                } catch DecisionDeskError.unknownProfile {
                    continue  // erased or merged since the page was read
                }
                guard let ranked = answer.record.result.actions.first, let action = answer.actions.first(where: { $0.id == ranked.id }) else {
                    list.withoutAction += 1
                    continue
                }
                let facts = answer.traits
                list.rows.append(CampaignRow(profileID: member.profileID, email: facts["email"]?.stringValue, name: facts["name"]?.stringValue,
                                             phone: facts["phone"]?.stringValue, language: answer.language, decisionID: answer.record.id,
                                             action: action, score: ranked.score))
            }
            progress(list.members, total)
            cursor = last.profileID
        }
        return list
    }
}
