import Foundation
import Synchronization
import TouchpointDomain

/// Remembers each case's figures once its clocks are settled (stopped, or breached: they stay so), for the version of the case
/// (`MeasuredCase.version`) and the SLA policy they were computed with. A year's pyramid reads ten thousand cases; without this it
/// recomputed every clock of every one of them on every request, though almost all were closed long ago.
final class CaseFiguresMemo: Sendable {
    private struct State {
        var policy: SLAPolicy?
        var entries: [CaseID: (version: Int64, figures: CaseFigures)] = [:]
    }

    /// Past this many cases the memo starts over rather than grow without bound.
    private let capacity: Int
    private let state = Mutex(State())

    init(capacity: Int = 250_000) { self.capacity = capacity }

    /// Every case's figures: remembered ones as they are, the others computed (`clocks` reads what their SLA clocks
    /// need for the cases it is given) and remembered when final.
    func figures(
        of cases: [MeasuredCase], policy: SLAPolicy, now: Date,
        clocks: ([CaseID]) async throws -> [CaseID: [SLAClock]]
    ) async throws -> [CaseID: CaseFigures] {
        var result = [CaseID: CaseFigures](minimumCapacity: cases.count)
        var missing = [MeasuredCase]()
        state.withLock { state in
            if state.policy != policy {
                state.policy = policy
                state.entries.removeAll()
            }
            for measured in cases {
                if let entry = state.entries[measured.id], entry.version == measured.version, entry.figures.hold(at: now) {
                    result[measured.id] = entry.figures
                } else {
                    missing.append(measured)
                }
            }
        }
        guard !missing.isEmpty else { return result }
        let computed = try await clocks(missing.map(\.id))
        let calendar = policy.calendar
        var fresh = [(MeasuredCase, CaseFigures)]()
        for measured in missing {
            let figures = CaseFigures(
                firstResponseBusinessSeconds: measured.firstResponseAt.map { calendar.businessSeconds(from: measured.createdAt, to: $0) },
                resolutionBusinessSeconds: measured.resolvedAt.map { calendar.businessSeconds(from: measured.createdAt, to: $0) },
                clocks: computed[measured.id] ?? [])
            result[measured.id] = figures
            if figures.settled { fresh.append((measured, figures)) }
        }
        state.withLock { state in
            guard state.policy == policy else { return }
            if state.entries.count + fresh.count > capacity { state.entries.removeAll(keepingCapacity: true) }
            for (measured, figures) in fresh { state.entries[measured.id] = (measured.version, figures) }
        }
        return result
    }
}
