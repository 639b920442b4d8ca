import Foundation
@testable import TouchpointDomain

/// Small named messages for the domain tests.
enum Messages {
    static let receivedAt = Date(timeIntervalSince1970: 1_790_000_000)

    static func validate(_ json: String, type: MessageType? = nil, index: Int = 0, correctsClockSkew: Bool = true) -> Result<InboundMessage, MessageRejection> {
        let value = JSONValue.parse(json)!
        var counter = 0
        return MessageValidator().validate(
            value, index: index,
            envelope: .init(type: type, correctsClockSkew: correctsClockSkew, receivedAt: receivedAt),
            makeID: { counter += 1; return "generated-\(counter)" })
    }

    static func message(_ json: String) -> InboundMessage {
        switch validate(json) {
        case .success(let message): return message
        case .failure(let rejection): fatalError("fixture rejected: \(rejection.message)")
        }
    }
}

/// Runs the resolver over messages one group at a time, carrying the identity graph between groups
/// the way storage does, so tests read like a sequence of arriving messages.
struct IdentityGraphHarness {
    var profileByKey: [String: ProfileID] = [:]
    var suppressed: Set<String> = []
    var separated: Set<ProfilePair> = []
    var merges: [MergeRecord] = []
    var conflicts: [IdentityConflict] = []
    private var counter = 0

    @discardableResult
    mutating func receive(_ json: String...) -> [ProfileID?] {
        let messages = json.map(Messages.message)
        // storage loads only the identifiers of involved profiles; giving the whole graph is equivalent
        let snapshot = IdentitySnapshot(profileByKey: profileByKey, suppressedKeys: suppressed, separated: separated)
        var next = counter
        let plan = IdentityResolver().resolve(messages, snapshot: snapshot, makeID: {
            next += 1
            return String(format: "p%04d", next)
        })
        counter = next
        for merge in plan.merges {
            for (key, profile) in profileByKey where profile == merge.absorbed { profileByKey[key] = merge.survivor }
            // as storage does: the survivor takes over the absorbed profile's "do not merge" rules
            for pair in separated where pair.contains(merge.absorbed) {
                separated.remove(pair)
                if pair.other(than: merge.absorbed) != merge.survivor { separated.insert(ProfilePair(merge.survivor, pair.other(than: merge.absorbed))) }
            }
        }
        for entry in plan.newIdentities { profileByKey[entry.identifier.key] = entry.profile }
        merges += plan.merges
        conflicts += plan.conflicts
        return plan.profileOfMessage
    }

    func profile(_ key: String) -> ProfileID? { profileByKey[key] }
}
