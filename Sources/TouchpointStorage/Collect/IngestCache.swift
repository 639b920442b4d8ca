import Foundation
import Synchronization
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
/// On PostgreSQL several nodes and every other write transaction change the graph; a version the database raises for
/// each of them (`identity_graph_version`, see `M045AddIdentityGraphVersion`) tells the cache the same, and
/// `SharedIngestCache` hands it to one transaction at a time.
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
        if transaction != lastTransaction + 1 || version != dataVersion || overLimits {
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

    /// PostgreSQL: starts an ingest transaction that found the identity graph at `version`; the cache is kept only
    /// if that is the version the last ingest transaction through this cache left.
    func begin(graphVersion version: Int64) {
        if version != dataVersion || overLimits {
            clear()
        }
        staged = Staged(transaction: 0)
    }

    /// PostgreSQL: the end of the ingest transaction begun at `before`. Its changes join the cache if it committed and
    /// no other transaction changed the graph meanwhile (its own raise of the version was then the only one:
    /// `after == before + 1`); otherwise the cache is dropped.
    func end(graphVersionBefore before: Int64, after: Int64?, committed: Bool) {
        guard let staged else { return }
        self.staged = nil
        guard committed, let after, after == before + 1 else {
            clear()
            dataVersion = -1
            return
        }
        dataVersion = after
        apply(staged)
    }

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
        apply(staged)
    }

    private func apply(_ staged: Staged) {
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

    /// Past its bounds the cache starts again empty.
    private var overLimits: Bool {
        profileByKey.count > Self.keyLimit || profiles.count > Self.profileLimit || userKeysOf.count > Self.profileLimit
    }

    private func clear() {
        profileByKey = [:]
        userKeysOf = [:]
        profiles = [:]
    }
}

/// The collection path's `IngestCache` on PostgreSQL, one per store (node): lent to one ingest transaction at a time.
/// A transaction that finds it lent (one left behind by a commit deadline) goes without it.
final class SharedIngestCache: Sendable {
    private let slot = Mutex<IngestCache?>(IngestCache())

    /// The cache for a transaction that found the identity graph at `version`, or nil while another has it.
    func lend(graphVersion version: Int64) -> IngestCache? {
        let cache = slot.withLock { slot in
            defer { slot = nil }
            return slot
        }
        cache?.begin(graphVersion: version)
        return cache
    }

    /// The cache back from the transaction begun at `before` (see `IngestCache.end(graphVersionBefore:after:committed:)`).
    func giveBack(_ cache: IngestCache, graphVersionBefore before: Int64, after: Int64?, committed: Bool) {
        cache.end(graphVersionBefore: before, after: after, committed: committed)
        slot.withLock { $0 = cache }
    }
}
