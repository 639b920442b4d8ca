import Foundation
import TouchpointDomain

/// What the collection path knows of the identity graph and of profiles, kept from one of its transactions to the
/// next on a SQLite file, so that a group does not read again what the group before it has just written.
///
/// On SQLite one connection (`SQLiteWriter`) makes every write of this process, so the cache can tell when it may be
/// stale, and is then dropped whole:
/// - a write transaction other than the ingest's ran since (the writer numbers its transactions);
/// - another connection or process committed (`PRAGMA data_version` changed);
/// - the ingest transaction that staged changes did not commit.
///
/// Only the writer's thread touches it, inside transactions the writer serialises.
final class IngestCache: @unchecked Sendable {
    struct CachedProfile {
        var state: ProfileState
        var traitsText: String
        var timesText: String
    }

    /// What one ingest transaction read from the database and changed, applied only once it has committed.
    private struct Staged {
        var transaction: Int
        var readKeys: [String: ProfileID] = [:]
        var readUserKeys: [ProfileID: Set<String>] = [:]
        var plan: ResolutionPlan?
        var saved: [ProfileID: CachedProfile] = [:]
    }

    /// Profiles and identifier keys at most; past either the cache starts again empty (a bound on memory, about
    /// 200 MB at most, not an LRU: the profiles of the last few minutes' traffic fill it again within a few groups).
    static let profileLimit = 100_000
    static let keyLimit = 300_000

    /// identifier key → profile, for stored identifiers only (an unknown key is always asked of the database).
    private var profileByKey: [String: ProfileID] = [:]
    /// Every userId key of a profile, when known completely (possibly none).
    private var userKeysOf: [ProfileID: Set<String>] = [:]
    private var profiles: [ProfileID: CachedProfile] = [:]
    private var lastTransaction = -1
    private var dataVersion: Int64 = -1
    private var staged: Staged?

    /// Starts an ingest transaction: keeps the cache only if nothing else has written since the last one.
    func begin(transaction: Int, dataVersion version: Int64) {
        if transaction != lastTransaction + 1 || version != dataVersion
            || profileByKey.count > Self.keyLimit || profiles.count > Self.profileLimit || userKeysOf.count > Self.profileLimit {
            clear()
        }
        dataVersion = version
        staged = Staged(transaction: transaction)
    }

    func profile(forKey key: String) -> ProfileID? { profileByKey[key] }
    func userKeys(of profile: ProfileID) -> Set<String>? { userKeysOf[profile] }
    func profile(_ id: ProfileID) -> CachedProfile? { profiles[id] }

    func read(key: String, profile: ProfileID) { staged?.readKeys[key] = profile }
    func read(userKeys: Set<String>, of profile: ProfileID) { staged?.readUserKeys[profile] = userKeys }
    func resolved(_ plan: ResolutionPlan) { staged?.plan = plan }
    func saved(_ profile: CachedProfile) { staged?.saved[profile.state.id] = profile }

    /// The end of a write transaction: an ingest transaction's changes join the cache if it committed; if it did
    /// not, the cache is dropped, since what it read inside the transaction may not have been kept.
    func end(transaction: Int, committed: Bool) {
        guard let staged, staged.transaction == transaction else { return }
        self.staged = nil
        guard committed else {
            clear()
            lastTransaction = -1
            return
        }
        lastTransaction = transaction
        profileByKey.merge(staged.readKeys) { _, read in read }
        userKeysOf.merge(staged.readUserKeys) { _, read in read }
        if let plan = staged.plan {
            let created = Set(plan.newProfiles)
            for profile in created { userKeysOf[profile] = [] }
            for merge in plan.merges {
                for identifier in merge.identifiers { profileByKey[identifier.key] = merge.survivor }
                let absorbedUsers = userKeysOf.removeValue(forKey: merge.absorbed)
                if let absorbedUsers, let survivorUsers = userKeysOf[merge.survivor] {
                    userKeysOf[merge.survivor] = survivorUsers.union(absorbedUsers)
                } else {
                    userKeysOf[merge.survivor] = nil
                }
                profiles[merge.absorbed] = nil
            }
            for (identifier, profile) in plan.newIdentities {
                profileByKey[identifier.key] = profile
                if identifier.kind == .userID { userKeysOf[profile]?.insert(identifier.key) }
            }
        }
        profiles.merge(staged.saved) { _, saved in saved }
    }

    private func clear() {
        profileByKey = [:]
        userKeysOf = [:]
        profiles = [:]
    }
}
