import Foundation
import Tagged
import TouchpointDomain

/// A profile with what the other areas know of the person: value scores (read against the latest fit) and the
/// lifecycle stage. What the API's profile answers and the console's profile page both show.
public struct ProfileCard: Sendable {
    public var profile: ProfileView
    public var scores: CustomerScores?
    public var lifecycle: StoredLifecycle?
}

/// Profiles' one door: look-up by any identifier, the enriched card, search with value filters, timeline, merges
/// and separations, and the person's rights (export and erasure across every area). The API and the console call it;
/// it knows nothing of HTTP.
public final class ProfileDirectory: Sendable {
    let repositories: any ProfileRepositories
    /// Cases are part of what a person can ask to see: the export reads them through the desk.
    let serviceDesk: ServiceDesk

    public init(repositories: any ProfileRepositories, serviceDesk: ServiceDesk) {
        self.repositories = repositories
        self.serviceDesk = serviceDesk
    }

    // MARK: Look-up

    /// The profile a reference names: its id or `TYPE:VALUE` (`email:ann@example.com`).
    public func profileID(reference: String) async throws -> ProfileID {
        if reference.contains(":"), Identifier.parse(reference: reference) == nil {
            throw ProfileDirectoryError.invalidReference("'\(reference)' is not a profile reference: use a profile id or TYPE:VALUE such as email:ann@example.com")
        }
        guard let id = try await repositories.resolveProfileID(reference: reference) else {
            throw ProfileDirectoryError.notFound("no profile for '\(reference)'")
        }
        return id
    }

    /// The profile a reference names, or nil when nothing answers to it (a filter that matches nobody).
    public func lookUp(reference: String) async throws -> ProfileID? {
        try await repositories.resolveProfileID(reference: reference)
    }

    public func profile(_ id: ProfileID) async throws -> ProfileView? {
        try await repositories.profile(id)
    }

    /// The latest fit of the value models, read once for all the cards of one answer.
    public func latestValueModel() async throws -> StoredValueModel? {
        try await repositories.latestValueModel()
    }

    /// The person's place in the CX cycle: stage, since when, and every transition with the rule that made it.
    public func lifecycle(of id: ProfileID) async throws -> StoredLifecycle? {
        try await repositories.lifecycle(of: id)
    }

    public func card(of profile: ProfileView) async throws -> ProfileCard {
        ProfileCard(profile: profile, scores: try await repositories.valueScores(of: profile.id),
                    lifecycle: try await repositories.lifecycle(of: profile.id))
    }

    public func card(_ id: ProfileID) async throws -> ProfileCard {
        guard let profile = try await repositories.profile(id) else { throw ProfileDirectoryError.notFound("no profile '\(id.rawValue)'") }
        return try await card(of: profile)
    }

    /// Profiles matching a text (name or any identifier), optionally within a value tier and churn-risk band.
    /// Value filters go first (they are selective and indexed), then the text on what they return.
    public func search(query: String, tier: ValueTier?, churnRisk: ChurnRisk?, limit: Int, offset: Int) async throws -> [ProfileView] {
        guard tier != nil || churnRisk != nil else {
            return try await repositories.searchProfiles(query: query, limit: limit, offset: offset)
        }
        let needle = query.trimmingCharacters(in: .whitespaces).lowercased()
        var matched = [ProfileView]()
        var scanned = 0
        while matched.count < offset + limit {
            let ids = try await repositories.profileIDs(tier: tier?.rawValue, churnRisk: churnRisk?.rawValue, limit: 500, offset: scanned)
            if ids.isEmpty { break }
            scanned += ids.count
            for id in ids {
                guard let profile = try await repositories.profile(id) else { continue }
                if needle.isEmpty || Self.matches(profile, needle) { matched.append(profile) }
            }
        }
        return Array(matched.dropFirst(offset).prefix(limit))
    }

    /// How many profiles there are, for the list's total.
    public func count() async throws -> Int { try await repositories.countProfiles() }

    /// The customer list's facts for a page of profiles.
    public func listFacts(of profiles: [ProfileID]) async throws -> [ProfileID: ProfileListFacts] {
        try await repositories.listFacts(of: profiles)
    }

    static func matches(_ profile: ProfileView, _ needle: String) -> Bool {
        if (profile.displayName ?? "").lowercased().contains(needle) { return true }
        return profile.identities.contains { $0.value.lowercased().contains(needle) }
    }

    public func timeline(_ id: ProfileID, limit: Int, before cursor: (time: Int64, sequence: Int64)?) async throws -> TimelinePage {
        try await repositories.timeline(id, limit: limit, before: cursor)
    }

    // MARK: Merges and separations

    public func merges(of id: ProfileID) async throws -> [MergeAudit] { try await repositories.merges(of: id) }
    public func conflicts(of id: ProfileID) async throws -> [ConflictAudit] { try await repositories.conflicts(of: id) }
    public func recentConflicts(limit: Int) async throws -> [ConflictAudit] { try await repositories.recentConflicts(limit: limit) }
    public func separations(of id: ProfileID) async throws -> [ProfileID] { try await repositories.separations(of: id) }

    /// Splits a merge: the absorbed profile comes back with what was its own, and the two are kept apart from then on.
    public func undoMerge(_ id: MergeID, now: Date = Date()) async throws -> (survivor: ProfileID, restored: ProfileID) {
        try await repositories.undoMerge(id, now: now)
    }

    /// Lets later messages merge the two profiles again.
    public func removeSeparation(_ id: ProfileID, from other: ProfileID) async throws {
        guard try await repositories.removeSeparation(ProfilePair(id, other)) else {
            throw ProfileDirectoryError.notFound("profiles '\(id.rawValue)' and '\(other.rawValue)' are not kept apart")
        }
    }

    // MARK: The person's rights

    /// Everything stored about the person (GDPR art. 15): the profile, every event, merges and conflicts, and every
    /// service case with its whole conversation, calls and status history.
    public func export(_ id: ProfileID) async throws -> PersonalDataExport {
        guard let profile = try await repositories.profile(id) else { throw ProfileDirectoryError.notFound("no profile '\(id.rawValue)'") }
        var cases = [PersonalDataExport.Case]()
        for caseID in try await repositories.personalCaseIDs(of: id) {
            guard let serviceCase = try await serviceDesk.serviceCase(caseID) else { continue }
            cases.append(PersonalDataExport.Case(
                serviceCase: serviceCase, messages: try await serviceDesk.messages(of: caseID),
                calls: try await serviceDesk.calls(of: caseID), statusChanges: try await serviceDesk.statusChanges(of: caseID)))
        }
        return PersonalDataExport(profile: profile, events: try await repositories.allEvents(of: id),
                                  merges: try await repositories.merges(of: id), conflicts: try await repositories.conflicts(of: id),
                                  cases: cases)
    }

    /// Erases the person in every area (GDPR art. 17) and returns how many events went.
    public func erase(_ id: ProfileID, now: Date = Date()) async throws -> Int {
        try await repositories.erase(id, now: now)
    }

    /// An erased person came back and agreed to be known again: messages carrying the identifier are stored from now on.
    public func liftSuppression(_ identifier: Identifier) async throws {
        guard try await repositories.liftSuppression(identifier) else {
            throw ProfileDirectoryError.notFound("'\(identifier.key)' is not suppressed: no erased person carried it")
        }
    }
}

/// What a person's export holds, area by area.
public struct PersonalDataExport: Sendable {
    public struct Case: Sendable {
        public var serviceCase: ServiceCase
        public var messages: [ServiceMessage]
        public var calls: [CallRecord]
        public var statusChanges: [CaseStatusChange]
    }

    public var profile: ProfileView
    public var events: [TimelineEntry]
    public var merges: [MergeAudit]
    public var conflicts: [ConflictAudit]
    public var cases: [Case]
}
