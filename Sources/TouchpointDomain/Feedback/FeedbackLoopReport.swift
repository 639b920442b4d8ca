import Foundation

/// How the closed loop performs: follow-ups opened, the share assigned within one business hour, the share closed
/// within 48 hours, and the recovery rate (a later promoter answer or a repeat purchase), with the root causes found.
public struct FeedbackLoopReport: Sendable, Equatable {
    /// One follow-up case, with what happened after it was opened.
    public struct FollowUp: Sendable, Equatable {
        public var openedAt: Date
        public var firstAssignedAt: Date?
        /// Resolved or closed, whichever came first.
        public var closedAt: Date?
        public var rootCause: String?
        /// An NPS 9–10 or CSAT 4–5 answer, or an `Order Completed`, after the follow-up was opened.
        public var recovered: Bool

        public init(openedAt: Date, firstAssignedAt: Date?, closedAt: Date?, rootCause: String?, recovered: Bool) {
            self.openedAt = openedAt
            self.firstAssignedAt = firstAssignedAt
            self.closedAt = closedAt
            self.rootCause = rootCause
            self.recovered = recovered
        }
    }

    public struct CauseCount: Sendable, Equatable {
        public var cause: String
        public var count: Int
    }

    public var opened: Int
    /// Shares from 0 to 1, nil without follow-ups.
    public var assignedWithinBusinessHour: Double?
    public var closedWithin48Hours: Double?
    public var recoveryRate: Double?
    /// Root causes named when follow-ups were closed, most frequent first.
    public var rootCauses: [CauseCount]

    /// - Parameter calendar: the service desk's opening hours (one business hour is counted in them).
    public static func make(_ followUps: [FollowUp], calendar: BusinessCalendar) -> FeedbackLoopReport {
        func share(_ count: Int) -> Double? {
            followUps.isEmpty ? nil : (Double(count) / Double(followUps.count) * 1000).rounded() / 1000
        }
        let assigned = followUps.filter { followUp in
            followUp.firstAssignedAt.map { calendar.businessSeconds(from: followUp.openedAt, to: $0) <= 3_600 } ?? false
        }.count
        let closed = followUps.filter { followUp in followUp.closedAt.map { $0.timeIntervalSince(followUp.openedAt) <= 48 * 3_600 } ?? false }.count
        var causes = [String: Int]()
        for cause in followUps.compactMap(\.rootCause) { causes[cause, default: 0] += 1 }
        return FeedbackLoopReport(opened: followUps.count, assignedWithinBusinessHour: share(assigned), closedWithin48Hours: share(closed),
                                  recoveryRate: share(followUps.filter(\.recovered).count),
                                  rootCauses: causes.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.map { CauseCount(cause: $0.key, count: $0.value) })
    }
}
