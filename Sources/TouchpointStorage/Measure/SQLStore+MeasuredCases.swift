import Foundation
import SQLKit
import TouchpointApp
import TouchpointDomain

extension SQLStore {
    /// The period's cases with only the columns measurement uses, and per case the stamp of the rows its SLA clocks read:
    /// the last message's and status change's sequence numbers (both only grow, each one seek in its `case_id` index)
    /// and the answered calls (a call is recorded, or its answer recorded, with its wait).
    public func measuredCases(from: Date, to: Date) async throws -> [MeasuredCase] {
        var statement = SQLStatement("""
            SELECT c.id, c.profile_id, c.channel, c.origin, c.status, c.priority, c.assignee_id, c.team_id, c.created_at,
                c.first_response_at, c.resolved_at, c.reopen_count, c.csat_score, c.handle_seconds, c.agent_replies,
                (SELECT COALESCE(MAX(m.seq), 0) FROM case_messages m WHERE m.case_id = c.id) AS message_last,
                (SELECT COUNT(*) FROM case_calls k WHERE k.case_id = c.id AND k.talk_seconds > 0) AS call_count,
                (SELECT COALESCE(SUM(k.wait_seconds), 0.0) FROM case_calls k WHERE k.case_id = c.id AND k.talk_seconds > 0) AS call_wait,
                (SELECT COALESCE(MAX(s.seq), 0) FROM case_status_changes s WHERE s.case_id = c.id) AS change_last
            FROM cases c WHERE c.merged_into IS NULL AND c.created_at >= 
            """)
        statement.bind(Timestamps.millis(from))
        statement.append(" AND c.created_at < ")
        statement.bind(Timestamps.millis(to))
        statement.append(" ORDER BY c.created_at")
        return try await sql.rows(statement).map { sqlRow in
            let row = ColumnReader(sqlRow)
            return MeasuredCase(
                id: CaseID(rawValue: try row.string("id")),
                profileID: try row.optionalString("profile_id"),
                channel: Channel(rawValue: try row.string("channel")) ?? .server,
                origin: CaseOrigin(rawValue: try row.string("origin")) ?? .customer,
                status: CaseStatus(rawValue: try row.string("status")) ?? .open,
                priority: CasePriority(rawValue: try row.string("priority")) ?? .normal,
                assigneeID: try row.optionalString("assignee_id").map(AgentID.init(rawValue:)),
                teamID: try row.optionalString("team_id").map(TeamID.init(rawValue:)),
                createdAt: try row.date("created_at") ?? Date(timeIntervalSince1970: 0),
                firstResponseAt: try row.date("first_response_at"),
                resolvedAt: try row.date("resolved_at"),
                reopenCount: Int(try row.int64("reopen_count")),
                csatScore: try row.optionalInt64("csat_score").map(Int.init),
                handleSeconds: try row.double("handle_seconds"),
                agentReplies: Int(try row.int64("agent_replies")),
                history: MeasuredCase.HistoryStamp(
                    lastMessageSequence: try row.int64("message_last"),
                    answeredCalls: try row.int64("call_count"),
                    answeredCallWaitSeconds: try row.double("call_wait"),
                    lastStatusChange: try row.int64("change_last")))
        }
    }
}
