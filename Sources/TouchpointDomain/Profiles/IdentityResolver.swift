import Foundation
import Tagged

/// A merge of two profiles, kept as an audit record and as what an undo needs.
public struct MergeRecord: Sendable, Equatable {
    public var id: MergeID
    public var at: Int64
    public var messageID: String
    public var survivor: ProfileID
    public var absorbed: ProfileID
    /// The identifiers that joined the survivor in this merge (all the absorbed profile held).
    public var identifiers: [Identifier]
}

/// Two identifiers that claim to be different people met in one message; nothing was merged.
public struct IdentityConflict: Sendable, Equatable {
    public var id: String
    public var at: Int64
    public var messageID: String
    public var profiles: [ProfileID]
    public var identifiers: [Identifier]
    public var reason: String
}

/// What is already known about the identifiers a group of messages carries.
public struct IdentitySnapshot: Sendable {
    /// identifier key → profile, for every identifier the messages carry that is already stored,
    /// and every userId of those profiles (what the rules decide on; see `ResolutionPlan.completeMerges`).
    public var profileByKey: [String: ProfileID]
    /// Keys erased under GDPR art. 17: messages carrying them are not stored.
    public var suppressedKeys: Set<String>
    /// Profiles kept apart because a merge of them was undone: later messages never merge them again.
    public var separated: Set<ProfilePair>

    public init(profileByKey: [String: ProfileID] = [:], suppressedKeys: Set<String> = [], separated: Set<ProfilePair> = []) {
        self.profileByKey = profileByKey
        self.suppressedKeys = suppressedKeys
        self.separated = separated
    }
}

/// Two profiles, in no order: a "do not merge" rule.
public struct ProfilePair: Sendable, Hashable {
    public let first: ProfileID
    public let second: ProfileID

    public init(_ a: ProfileID, _ b: ProfileID) {
        (first, second) = a.rawValue <= b.rawValue ? (a, b) : (b, a)
    }

    public func contains(_ profile: ProfileID) -> Bool { first == profile || second == profile }

    /// The other profile of the pair.
    public func other(than profile: ProfileID) -> ProfileID { first == profile ? second : first }
}

/// The outcome of resolving a group of messages: every change to the identity graph, as data.
public struct ResolutionPlan: Sendable, Equatable {
    /// The profile of each message, by position; nil when the message is suppressed.
    public var profileOfMessage: [ProfileID?]
    public var newProfiles: [ProfileID]
    public var newIdentities: [(identifier: Identifier, profile: ProfileID)]
    public var merges: [MergeRecord]
    public var conflicts: [IdentityConflict]

    public static func == (lhs: ResolutionPlan, rhs: ResolutionPlan) -> Bool {
        lhs.profileOfMessage == rhs.profileOfMessage && lhs.newProfiles == rhs.newProfiles
            && lhs.newIdentities.map(\.identifier) == rhs.newIdentities.map(\.identifier)
            && lhs.newIdentities.map(\.profile) == rhs.newIdentities.map(\.profile)
            && lhs.merges == rhs.merges && lhs.conflicts == rhs.conflicts
    }
}

extension ResolutionPlan {
    /// Adds to each merge's identifiers the stored identifiers of the absorbed profile that the snapshot did not
    /// hold (it holds only carried identifiers and userIds), following merges made earlier in the same group:
    /// a profile that absorbed another passes those on when it is absorbed in turn.
    public mutating func completeMerges(withStoredIdentifiers stored: [ProfileID: [Identifier]]) {
        guard !stored.isEmpty else { return }
        var held = stored
        for index in merges.indices {
            let merge = merges[index]
            let moved = held.removeValue(forKey: merge.absorbed) ?? []
            guard !moved.isEmpty else { continue }
            merges[index].identifiers = Array(Set(merge.identifiers).union(moved)).sorted()
            held[merge.survivor, default: []].append(contentsOf: moved)
        }
    }
}

/// Deterministic identity resolution: which profile each message belongs to, and which profiles merge.
///
/// Rules:
/// - identifiers seen together belong to one person, so the profiles they point to merge;
/// - a profile never gains a second userId silently: when identifiers would join profiles (or attach a new
///   userId to a profile) holding a different userId, nothing merges and a conflict is recorded;
///   alias is the explicit exception — it joins `previousId` to `userId` even if both are user ids;
/// - the survivor of a merge is the profile holding the message's userId, else the oldest.
public struct IdentityResolver: Sendable {
    public init() {}

    public func resolve(
        _ messages: [InboundMessage],
        snapshot: IdentitySnapshot,
        makeID: () -> String
    ) -> ResolutionPlan {
        var profileByKey = snapshot.profileByKey
        var separated = snapshot.separated
        var identitiesOf = [ProfileID: Set<Identifier>]()
        for (key, profile) in profileByKey {
            if let identifier = Self.identifier(fromKey: key) { identitiesOf[profile, default: []].insert(identifier) }
        }
        var plan = ResolutionPlan(profileOfMessage: [], newProfiles: [], newIdentities: [], merges: [], conflicts: [])

        func userIDs(of profile: ProfileID) -> Set<String> {
            Set(identitiesOf[profile, default: []].filter { $0.kind == .userID }.map(\.value))
        }
        func attach(_ identifier: Identifier, to profile: ProfileID) {
            profileByKey[identifier.key] = profile
            identitiesOf[profile, default: []].insert(identifier)
            plan.newIdentities.append((identifier, profile))
        }

        for message in messages {
            let time = Int64((message.timestamp.timeIntervalSince1970 * 1000).rounded())
            let carried = message.identifiers + message.aliasTargets
            if carried.contains(where: { snapshot.suppressedKeys.contains($0.key) }) {
                plan.profileOfMessage.append(nil)
                continue
            }
            let messageUserID = message.userID.map { Identifier(kind: .userID, value: $0) }
            let known = carried.compactMap { identifier in profileByKey[identifier.key].map { (identifier, $0) } }
            var involved = [ProfileID]()
            for (_, profile) in known where !involved.contains(profile) { involved.append(profile) }

            // Choose the profile the message belongs to.
            var home: ProfileID
            if let messageUserID, let owner = profileByKey[messageUserID.key] {
                home = owner
            } else if let messageUserID, message.type == .alias,
                      let target = message.aliasTargets.lazy.compactMap({ profileByKey[$0.key] }).first {
                // alias renames: the new userId joins the profile previousId points to.
                home = target
                attach(messageUserID, to: home)
            } else if let messageUserID {
                // A userId seen for the first time may join a profile only if that profile has no other userId.
                let candidates = involved.filter { userIDs(of: $0).isEmpty }
                let claimed = involved.filter { !userIDs(of: $0).isEmpty }
                if let oldest = candidates.min(by: { $0.rawValue < $1.rawValue }) {
                    home = oldest
                } else {
                    home = ProfileID(rawValue: makeID())
                    plan.newProfiles.append(home)
                }
                if !claimed.isEmpty && message.type != .alias {
                    let claimedKeys = known.filter { claimed.contains($0.1) }.map(\.0)
                    plan.conflicts.append(IdentityConflict(
                        id: makeID(), at: time, messageID: message.messageID, profiles: [home] + claimed,
                        identifiers: [messageUserID] + claimedKeys,
                        reason: "userId '\(messageUserID.value)' arrived with identifiers of a profile that has another userId (\(claimed.flatMap { userIDs(of: $0) }.sorted().joined(separator: ", ")))"))
                }
                attach(messageUserID, to: home)
            } else if let oldest = involved.min(by: { $0.rawValue < $1.rawValue }) {
                home = involved.first(where: { !userIDs(of: $0).isEmpty }) ?? oldest
            } else {
                home = ProfileID(rawValue: makeID())
                plan.newProfiles.append(home)
            }

            // Merge the other profiles the message ties to, unless they belong to someone else.
            for other in involved where other != home {
                let otherUsers = userIDs(of: other)
                let homeUsers = userIDs(of: home)
                let explicitAlias = message.type == .alias && message.aliasTargets.contains { profileByKey[$0.key] == other }
                if !explicitAlias && !otherUsers.isEmpty && !homeUsers.isEmpty && otherUsers.isDisjoint(with: homeUsers) {
                    if !plan.conflicts.contains(where: { $0.messageID == message.messageID && $0.profiles.contains(other) }) {
                        plan.conflicts.append(IdentityConflict(
                            id: makeID(), at: time, messageID: message.messageID, profiles: [home, other],
                            identifiers: known.filter { $0.1 == other }.map(\.0),
                            reason: "the message ties profiles of different userIds (\(homeUsers.sorted().joined(separator: ", ")) and \(otherUsers.sorted().joined(separator: ", ")))"))
                    }
                    continue
                }
                if separated.contains(ProfilePair(home, other)) {
                    if !plan.conflicts.contains(where: { $0.messageID == message.messageID && $0.profiles.contains(other) }) {
                        plan.conflicts.append(IdentityConflict(
                            id: makeID(), at: time, messageID: message.messageID, profiles: [home, other],
                            identifiers: known.filter { $0.1 == other }.map(\.0),
                            reason: "these profiles were kept apart when a merge of them was undone"))
                    }
                    continue
                }
                // The survivor inherits the absorbed profile's "do not merge" rules.
                for pair in separated where pair.contains(other) {
                    separated.remove(pair)
                    let kept = pair.other(than: other)
                    if kept != home { separated.insert(ProfilePair(home, kept)) }
                }
                let moved = identitiesOf[other, default: []].sorted()
                for identifier in moved { profileByKey[identifier.key] = home }
                identitiesOf[home, default: []].formUnion(moved)
                identitiesOf[other] = nil
                plan.merges.append(MergeRecord(id: MergeID(rawValue: makeID()), at: time, messageID: message.messageID,
                                               survivor: home, absorbed: other, identifiers: moved))
            }

            // Attach the identifiers seen for the first time (only those not owned by a conflicting profile).
            for identifier in carried where profileByKey[identifier.key] == nil {
                if message.type == .alias, message.aliasTargets.contains(identifier) {
                    // previousId was never seen: record it as the kind it most likely is.
                    if identifier.kind == .anonymousID { attach(identifier, to: home) }
                    continue
                }
                attach(identifier, to: home)
            }
            plan.profileOfMessage.append(home)
        }

        // A message placed on a profile that a later message in the group merged away follows the merge.
        var redirect = [ProfileID: ProfileID]()
        for merge in plan.merges { redirect[merge.absorbed] = merge.survivor }
        func final(_ profile: ProfileID) -> ProfileID {
            var current = profile
            var hops = 0
            while let next = redirect[current], hops < 1000 { current = next; hops += 1 }
            return current
        }
        plan.profileOfMessage = plan.profileOfMessage.map { $0.map(final) }
        plan.newIdentities = plan.newIdentities.map { ($0.identifier, final($0.profile)) }
        return plan
    }

    /// Splits a stored key (`email:ann@example.com`) back into an identifier.
    public static func identifier(fromKey key: String) -> Identifier? {
        guard let colon = key.firstIndex(of: ":") else { return nil }
        return Identifier(kind: IdentifierKind(rawValue: String(key[..<colon])), value: String(key[key.index(after: colon)...]))
    }
}
