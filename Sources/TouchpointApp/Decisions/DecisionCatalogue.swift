import Foundation
import Synchronization
import Tagged
import TouchpointDomain

/// The segments and actions in force, read from storage and kept in memory: every decision and every projection
/// round reads them, and they change a few times a day. A node reloads them at most `lifetime` after another node
/// changed them, and at once after its own change.
public final class DecisionCatalogue: Sendable {
    /// The catalogue as read, with what every decision derives from it worked out once per reading.
    public struct Snapshot: Sendable {
        public let segments: [StoredSegment]
        public let actions: [StoredAction]
        public let version: String
        public let needs: FactsNeeds
        public internal(set) var loadedAt: UInt64
        public let segmentDefinitions: [SegmentDefinition]
        public let activeActions: [ActionDefinition]
        /// The active actions by id.
        public let activeByID: [ActionID: ActionDefinition]
        /// Whether an active action has a total budget (then decisions count what was used).
        public let hasBudgets: Bool

        init(segments: [StoredSegment], actions: [StoredAction], version: String, loadedAt: UInt64) {
            self.segments = segments
            self.actions = actions
            self.version = version
            self.loadedAt = loadedAt
            segmentDefinitions = segments.map(\.definition)
            activeActions = actions.filter(\.active).map(\.definition)
            activeByID = Dictionary(activeActions.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
            needs = FactsNeeds(segments: segmentDefinitions, actions: activeActions)
            hasBudgets = activeActions.contains { $0.caps.totalBudget != nil }
        }

        public func segment(_ id: SegmentID) -> StoredSegment? { segments.first { $0.definition.id == id } }
        public func action(_ id: ActionID) -> StoredAction? { actions.first { $0.definition.id == id } }
    }

    let repository: any DecisionRepository
    private let cached = Mutex<Snapshot?>(nil)
    private let source = Mutex<SourceID?>(nil)
    /// The source segment entries and exits and decisions are recorded under on the timeline.
    public static let timelineSourceName = "Decisions"

    private let lifetimeNanoseconds: UInt64

    public init(repository: any DecisionRepository, lifetime: Duration = .seconds(2)) {
        self.repository = repository
        let (seconds, attoseconds) = lifetime.components
        lifetimeNanoseconds = UInt64(seconds) * 1_000_000_000 + UInt64(attoseconds / 1_000_000_000)
    }

    /// The catalogue, reloaded when older than the lifetime.
    public func current() async throws -> Snapshot {
        let now = DispatchTime.now().uptimeNanoseconds
        guard let snapshot = cached.withLock({ $0 }) else { return try await reload() }
        if now - snapshot.loadedAt < lifetimeNanoseconds { return snapshot }
        // Past its lifetime, one small query says whether anything changed; reading 200 actions again costs more.
        if try await repository.catalogueVersion() == snapshot.version {
            var renewed = snapshot
            renewed.loadedAt = now
            cached.withLock { $0 = renewed }
            return renewed
        }
        return try await reload()
    }

    /// The timeline source, created on first use.
    public func timelineSource() async throws -> SourceID {
        if let known = source.withLock({ $0 }) { return known }
        let found = try await repository.internalSource(named: Self.timelineSourceName).id
        source.withLock { $0 = found }
        return found
    }

    /// Reads the catalogue from storage now.
    @discardableResult
    public func reload() async throws -> Snapshot {
        let version = try await repository.catalogueVersion()
        let segments = try await repository.segments()
        let actions = try await repository.actions()
        let snapshot = Snapshot(segments: segments, actions: actions, version: version, loadedAt: DispatchTime.now().uptimeNanoseconds)
        cached.withLock { $0 = snapshot }
        return snapshot
    }
}
