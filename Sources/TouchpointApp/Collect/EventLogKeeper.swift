import Foundation
import Tagged
import Logging
import TouchpointDomain

/// What the log's upkeep needs from storage.
public protocol EventLogRepository: Sendable {
    /// Sets a source's retention in days (nil: for ever) and returns the source.
    /// Sets a source's retention; returns the source as it was and as stored.
    func setRetention(of id: SourceID, days: Int?) async throws -> (before: SourceRecord, after: SourceRecord)
    func eventRetention() async throws -> EventRetention
    /// Makes the coming months' room in the log (PostgreSQL's partitions); returns the months made.
    func makeEventLogMonths(now: Date) async throws -> [LogMonth]
    /// Removes what every source keeps no longer.
    func applyRetention(now: Date) async throws -> RetentionReport
    func eventLogMonths() async throws -> [EventLogMonth]
}

/// The event log's upkeep: the coming months' partitions made ahead, and each source's retention applied — at start
/// and every hour after, on one node of a cluster (a lease), and on demand (`touchpoint retention`).
public final class EventLogKeeper: Sendable {
    let repository: any EventLogRepository
    let logger: Logger
    private let background = RepeatingWork(name: "the event log upkeep", logger: Logger(label: "touchpoint.event-log"))

    public init(repository: any EventLogRepository, logger: Logger = Logger(label: "touchpoint.event-log")) {
        self.repository = repository
        self.logger = logger
    }

    /// One round: months ahead first (collection must never wait for one), then retention. Returns what retention removed.
    @discardableResult
    public func upkeep(now: Date = Date()) async throws -> RetentionReport {
        let made = try await repository.makeEventLogMonths(now: now)
        if !made.isEmpty { logger.info("event log months made", metadata: ["months": "\(made.map(\.suffix))"]) }
        let report = try await repository.applyRetention(now: now)
        if report.totalRemoved > 0 || !report.droppedMonths.isEmpty {
            logger.info("retention applied", metadata: [
                "removed": "\(report.totalRemoved)", "droppedMonths": "\(report.droppedMonths.map(\.suffix))",
            ])
        }
        return report
    }

    /// Sets a source's retention (nil: for ever); returns the source as it was and as stored.
    public func setRetention(of source: SourceID, days: Int?) async throws -> (before: SourceRecord, after: SourceRecord) {
        try await repository.setRetention(of: source, days: days)
    }

    public func months() async throws -> [EventLogMonth] {
        try await repository.eventLogMonths()
    }

    public func start(every interval: Duration = .seconds(3_600)) {
        background.start(every: interval, lease: repository as? any WorkLease) { [weak self] in try await self?.upkeep() }
    }

    public func stop() {
        background.stop()
    }
}
