import Foundation
import Tagged
import SQLKit
import TouchpointDomain

// Rows of `cases`, `case_messages` and `case_calls` as domain values.
extension ServiceCase {
    init(row: any SQLRow) throws {
        func date(_ column: String) throws -> Date? { try row.decode(column: column, as: Int64?.self).map(Timestamps.date(millis:)) }
        func list(_ column: String) throws -> [String] {
            (JSONValue.parse(try row.decode(column: column, as: String.self))?.arrayValue ?? []).compactMap(\.stringValue)
        }
        // Read with the project's JSON parser: Foundation's decoder was 7.6 % of the CPU profile of `bench measure`,
        // which reads thousands of cases. The keys are `CustomerContact`'s coding keys.
        let fields = JSONValue.parse(try row.decode(column: "customer", as: String.self))?.objectValue ?? [:]
        let customer = CustomerContact(userId: fields["userId"]?.stringValue, anonymousId: fields["anonymousId"]?.stringValue,
                                       email: fields["email"]?.stringValue, phone: fields["phone"]?.stringValue,
                                       name: fields["name"]?.stringValue, unverifiedEmail: fields["unverifiedEmail"]?.stringValue)
        self.init(
            id: CaseID(rawValue: try row.decode(column: "id", as: String.self)),
            number: try row.decode(column: "number", as: Int64.self),
            profileID: try row.decode(column: "profile_id", as: String?.self).map(ProfileID.init(rawValue:)),
            customer: customer,
            threadKey: try row.decode(column: "thread_key", as: String?.self),
            channel: Channel(rawValue: try row.decode(column: "channel", as: String.self)) ?? .server,
            subject: try row.decode(column: "subject", as: String.self),
            status: CaseStatus(rawValue: try row.decode(column: "status", as: String.self)) ?? .open,
            priority: CasePriority(rawValue: try row.decode(column: "priority", as: String.self)) ?? .normal,
            category: try row.decode(column: "category", as: String?.self),
            tags: try list("tags"),
            language: try row.decode(column: "language", as: String?.self),
            teamID: try row.decode(column: "team_id", as: String?.self).map(TeamID.init(rawValue:)),
            assigneeID: try row.decode(column: "assignee_id", as: String?.self).map(AgentID.init(rawValue:)),
            requiredSkills: try list("required_skills"),
            queuedAt: try date("queued_at"),
            createdAt: try date("created_at") ?? Date(timeIntervalSince1970: 0),
            updatedAt: try date("updated_at") ?? Date(timeIntervalSince1970: 0),
            firstResponseAt: try date("first_response_at"),
            lastCustomerMessageAt: try date("last_customer_message_at"),
            lastAgentReplyAt: try date("last_agent_reply_at"),
            resolvedAt: try date("resolved_at"),
            lastResolvedAt: try date("last_resolved_at"),
            closedAt: try date("closed_at"),
            reopenCount: Int(try row.decode(column: "reopen_count", as: Int64.self)),
            agentReplies: Int(try row.decode(column: "agent_replies", as: Int64.self)),
            handleSeconds: try row.decode(column: "handle_seconds", as: Double.self),
            csatScore: try row.decode(column: "csat_score", as: Int64?.self).map(Int.init),
            csatComment: try row.decode(column: "csat_comment", as: String?.self),
            csatAt: try date("csat_at"),
            mergedInto: try row.decode(column: "merged_into", as: String?.self).map(CaseID.init(rawValue:)),
            slaState: try row.decode(column: "sla_state", as: String?.self).flatMap(SLAClockState.init(rawValue:)),
            slaDueAt: try date("sla_due_at"),
            origin: CaseOrigin(rawValue: try row.decode(column: "origin", as: String.self)) ?? .customer)
    }
}

extension ServiceMessage {
    init(row: any SQLRow) throws {
        self.init(id: try row.decode(column: "id", as: String.self),
                  caseID: CaseID(rawValue: try row.decode(column: "case_id", as: String.self)),
                  sequence: try row.decode(column: "seq", as: Int64.self),
                  direction: ServiceMessageDirection(rawValue: try row.decode(column: "direction", as: String.self)) ?? .note,
                  authorID: try row.decode(column: "author_id", as: String?.self),
                  authorName: try row.decode(column: "author_name", as: String.self),
                  body: try row.decode(column: "body", as: String.self),
                  channel: Channel(rawValue: try row.decode(column: "channel", as: String.self)) ?? .server,
                  clientID: try row.decode(column: "client_id", as: String?.self),
                  externalID: try row.decode(column: "external_id", as: String?.self),
                  createdAt: Timestamps.date(millis: try row.decode(column: "created_at", as: Int64.self)))
    }
}

extension CallRecord {
    init(row: any SQLRow) throws {
        self.init(id: try row.decode(column: "id", as: String.self),
                  caseID: CaseID(rawValue: try row.decode(column: "case_id", as: String.self)),
                  direction: CallRecord.Direction(rawValue: try row.decode(column: "direction", as: String.self)) ?? .inbound,
                  phone: try row.decode(column: "phone", as: String?.self),
                  agentID: try row.decode(column: "agent_id", as: String?.self).map(AgentID.init(rawValue:)),
                  startedAt: Timestamps.date(millis: try row.decode(column: "started_at", as: Int64.self)),
                  waitSeconds: try row.decode(column: "wait_seconds", as: Double.self),
                  talkSeconds: try row.decode(column: "talk_seconds", as: Double.self),
                  wrapSeconds: try row.decode(column: "wrap_seconds", as: Double.self),
                  outcome: try row.decode(column: "outcome", as: String.self))
    }
}
