import Foundation
import Tagged
import TouchpointDomain

extension ServiceDesk {
    /// A case's SLA clocks now.
    public func clocks(for serviceCase: ServiceCase, now: Date = Date()) async throws -> [SLAClock] {
        guard let history = try await repositories.slaHistories([serviceCase])[serviceCase.id] else { return [] }
        return SLAEvaluator.clocks(for: history, policy: try await policy(), now: now)
    }

    /// Re-evaluates every running case's clocks: stores the worst state, raises at-risk and breach alerts once each.
    public func evaluateSLA(now: Date = Date()) async throws {
        let active = try await repositories.activeCases()
        guard !active.isEmpty else { return }
        let policy = try await policy()
        let histories = try await repositories.slaHistories(active)
        for serviceCase in active {
            guard let history = histories[serviceCase.id] else { continue }
            let clocks = SLAEvaluator.clocks(for: history, policy: policy, now: now)
            let open = clocks.filter { $0.completedAt == nil }
            let worst = open.max { $0.state.severity < $1.state.severity }
            let due = open.compactMap(\.dueAt).min()
            if worst?.state != serviceCase.slaState || due != serviceCase.slaDueAt {
                try await repositories.setSLA(serviceCase.id, state: worst?.state, dueAt: due)
                var changed = serviceCase
                changed.slaState = worst?.state
                changed.slaDueAt = due
                if worst?.state != serviceCase.slaState { live.publish(caseChanged: changed) }
            }
            for clock in open where clock.state == .atRisk || clock.state == .breached {
                if let alert = try await repositories.raiseAlert(caseID: serviceCase.id, metric: clock.metric, state: clock.state, dueAt: clock.dueAt, now: now) {
                    live.publish(alert: alert, of: serviceCase)
                }
            }
        }
    }

    /// Facts per case for the service metrics, with business-hour durations from the SLA policy's calendar.
    public func facts(from: Date, to: Date) async throws -> [ServiceCaseFacts] {
        let calendar = try await policy().calendar
        return try await repositories.casesCreated(from: from, to: to).map { Self.facts(of: $0, calendar: calendar) }
    }

    /// Cases created in a period, merged duplicates left out (what the service metrics count).
    public func casesCreated(from: Date, to: Date) async throws -> [ServiceCase] {
        try await repositories.casesCreated(from: from, to: to)
    }

    /// One case's facts for the service metrics; every report builds them here so they agree to the case.
    public static func facts(of c: ServiceCase, calendar: BusinessCalendar) -> ServiceCaseFacts {
        ServiceCaseFacts(caseID: c.id, profileID: c.profileID?.rawValue, agentID: c.assigneeID, teamID: c.teamID, channel: c.channel,
                         createdAt: c.createdAt, firstResponseAt: c.firstResponseAt, resolvedAt: c.resolvedAt, reopenCount: c.reopenCount,
                         csatScore: c.csatScore, handleSeconds: c.handleSeconds, agentReplies: c.agentReplies,
                         firstResponseBusinessSeconds: c.firstResponseAt.map { calendar.businessSeconds(from: c.createdAt, to: $0) },
                         resolutionBusinessSeconds: c.resolvedAt.map { calendar.businessSeconds(from: c.createdAt, to: $0) })
    }

    /// SLA achievement over the cases created in a period.
    public func achievement(from: Date, to: Date, now: Date = Date()) async throws -> [SLAAchievement] {
        try await achievement(of: repositories.casesCreated(from: from, to: to), now: now)
    }

    /// The first-response and resolution clocks of each case (not the next-response cycles), as the SLA report reads them.
    public func responseAndResolutionClocks(of ids: [CaseID], now: Date = Date()) async throws -> [CaseID: [SLAClock]] {
        let policy = try await policy()
        let cases = try await repositories.serviceCases(ids: ids)
        let histories = try await repositories.slaHistories(cases)
        var clocks = [CaseID: [SLAClock]](minimumCapacity: cases.count)
        for serviceCase in cases {
            guard let history = histories[serviceCase.id] else { continue }
            clocks[serviceCase.id] = Self.responseAndResolutionClocks(history, policy: policy, now: now)
        }
        return clocks
    }

    /// One case's first-response and resolution clocks; its next-response clocks are judged per reply instead
    /// (`SLAEvaluator.nextResponseCycles`).
    static func responseAndResolutionClocks(_ history: SLACaseHistory, policy: SLAPolicy, now: Date) -> [SLAClock] {
        SLAEvaluator.clocks(for: history, policy: policy, now: now).filter { $0.metric != .nextResponse }
    }

    /// SLA achievement over the given cases (one channel's, one segment's).
    public func achievement(of cases: [ServiceCase], now: Date = Date()) async throws -> [SLAAchievement] {
        let policy = try await policy()
        let histories = try await repositories.slaHistories(cases)
        var clocks = [SLAClock]()
        for serviceCase in cases {
            guard let history = histories[serviceCase.id] else { continue }
            clocks += Self.responseAndResolutionClocks(history, policy: policy, now: now)
            clocks += SLAEvaluator.nextResponseCycles(for: history, policy: policy, now: now)
        }
        return SLAReport.achievement(clocks)
    }
}
