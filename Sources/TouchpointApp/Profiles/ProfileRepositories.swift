import Foundation
import Tagged
import TouchpointDomain

/// Profiles as identity resolution left them: look-up, timeline, search, merges and the person's rights (erase, export).
public protocol ProfileRepository: Sendable {
    /// A profile id, or the profile an identifier (`email:ann@example.com`) belongs to.
    func resolveProfileID(reference: String) async throws -> ProfileID?
    func profile(_ id: ProfileID) async throws -> ProfileView?
    func timeline(_ id: ProfileID, limit: Int, before cursor: (time: Int64, sequence: Int64)?) async throws -> TimelinePage
    func allEvents(of id: ProfileID) async throws -> [TimelineEntry]
    func searchProfiles(query: String, limit: Int, offset: Int) async throws -> [ProfileView]
    func countProfiles() async throws -> Int
    func merges(of id: ProfileID) async throws -> [MergeAudit]
    func conflicts(of id: ProfileID) async throws -> [ConflictAudit]
    func recentConflicts(limit: Int) async throws -> [ConflictAudit]
    func undoMerge(_ id: MergeID, now: Date) async throws -> (survivor: ProfileID, restored: ProfileID)
    func separations(of profile: ProfileID) async throws -> [ProfileID]
    func removeSeparation(_ pair: ProfilePair) async throws -> Bool
    /// Deletes the person everywhere (events, identities, cases' personal fields) and suppresses their identifiers;
    /// returns how many events went.
    func erase(_ id: ProfileID, now: Date) async throws -> Int
    func liftSuppression(_ identifier: Identifier) async throws -> Bool
    /// The service cases that are about the person (by profile or by an identifier they carry).
    func personalCaseIDs(of profile: ProfileID) async throws -> [CaseID]
}

/// What the other areas add to a profile: its value scores and fit, and its lifecycle stage.
public protocol ProfileInsightRepository: Sendable {
    func valueScores(of profile: ProfileID) async throws -> CustomerScores?
    func latestValueModel() async throws -> StoredValueModel?
    func lifecycle(of profile: ProfileID) async throws -> StoredLifecycle?
    /// What the customer list shows beside each profile of a page (stage, tier, churn risk, open cases).
    func listFacts(of profiles: [ProfileID]) async throws -> [ProfileID: ProfileListFacts]
    /// Profile ids in a value tier and / or churn-risk band, in a stable order.
    func profileIDs(tier: String?, churnRisk: String?, limit: Int, offset: Int) async throws -> [ProfileID]
}

/// Everything the profile directory reads and changes.
public typealias ProfileRepositories = ProfileRepository & ProfileInsightRepository
