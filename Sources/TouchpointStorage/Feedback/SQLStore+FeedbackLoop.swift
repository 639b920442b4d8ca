import Foundation
import SQLKit
import TouchpointApp
import TouchpointDomain

/// The closed loop's follow-ups with what happened after each: first assignment, closing, root cause, and whether the
/// person came back (a promoter or satisfied answer, or a purchase, after the follow-up was opened).
extension SQLStore {
    public func followUps(from: Date, to: Date) async throws -> [FeedbackLoopReport.FollowUp] {
        // "Came back" is the domain's good band: the lowest promoter and satisfied scores, not numbers of our own.
        func lowestGood(_ type: SurveyType) -> Int64 { Int64(type.scale.first { type.band($0) == .good }!) }
        return try await sql.rows("""
            SELECT c.created_at, c.first_assigned_at, COALESCE(c.resolved_at, c.closed_at) AS done, c.root_cause,
                CASE WHEN EXISTS (SELECT 1 FROM survey_answers a WHERE a.profile_id = c.profile_id AND a.answered_at > c.created_at
                        AND ((a.survey_type = 'nps' AND a.score >= \(bind: lowestGood(.nps))) OR (a.survey_type = 'csat' AND a.score >= \(bind: lowestGood(.csat)))))
                    OR EXISTS (SELECT 1 FROM events e WHERE e.profile_id = c.profile_id AND e.ts > c.created_at
                        AND e.type = 'track' AND e.name = 'Order Completed')
                THEN 1 ELSE 0 END AS recovered
            FROM cases c WHERE c.origin = \(bind: CaseOrigin.feedback.rawValue) AND c.merged_into IS NULL
            AND c.created_at >= \(bind: Timestamps.millis(from)) AND c.created_at < \(bind: Timestamps.millis(to))
            ORDER BY c.created_at
            """).map { row in
            FeedbackLoopReport.FollowUp(
                openedAt: Timestamps.date(millis: try row.decode(column: "created_at", as: Int64.self)),
                firstAssignedAt: try row.decode(column: "first_assigned_at", as: Int64?.self).map(Timestamps.date(millis:)),
                closedAt: try row.decode(column: "done", as: Int64?.self).map(Timestamps.date(millis:)),
                rootCause: try row.decode(column: "root_cause", as: String?.self),
                recovered: try row.decode(column: "recovered", as: Int64.self) == 1)
        }
    }
}
