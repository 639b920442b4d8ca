import Foundation
import SQLKit
import TouchpointApp
import TouchpointDomain

extension SQLStore {
    /// The ids and versions of the cases created in a period (merged duplicates left out), oldest first: a page reads
    /// these, then the rows of only the cases it has not seen at their version (`measuredCases(_:)`).
    public func measuredCaseVersions(from: Date, to: Date) async throws -> [MeasuredCaseVersion] {
        let statement: SQLStatement = """
            SELECT id, version FROM cases WHERE merged_into IS NULL AND created_at >= \(bind: Timestamps.millis(from))
            AND created_at < \(bind: Timestamps.millis(to)) ORDER BY created_at, id
            """
        return try await sql.rows(statement).map { sqlRow in
            let row = ColumnReader(sqlRow)
            return MeasuredCaseVersion(id: CaseID(rawValue: try row.string("id")), version: try row.int64("version"))
        }
    }

    /// These cases with only the columns measurement uses (a merged one is left out), in no particular order.
    public func measuredCases(_ ids: [CaseID]) async throws -> [MeasuredCase] {
        var cases = [MeasuredCase]()
        cases.reserveCapacity(ids.count)
        for chunk in chunked(ids.map(\.rawValue), size: 500) {
            var statement = SQLStatement("""
                SELECT id, profile_id, channel, origin, status, priority, assignee_id, team_id, created_at, first_response_at,
                    resolved_at, reopen_count, csat_score, handle_seconds, agent_replies, version
                FROM cases WHERE merged_into IS NULL AND 
                """)
            statement.isMember("id", of: Array(chunk), postgres: dialect == .postgres)
            for sqlRow in try await sql.rows(statement) {
                let row = ColumnReader(sqlRow)
                cases.append(MeasuredCase(
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
                    version: try row.int64("version")))
            }
        }
        return cases
    }
}
