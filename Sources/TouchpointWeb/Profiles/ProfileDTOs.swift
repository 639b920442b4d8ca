import Foundation
import TouchpointDomain

/// The HTTP forms of profiles (CONTRACT.md), built as JSON trees.
enum ProfileDTO {
    static func profile(_ profile: ProfileView) -> JSONValue {
        .object([
            "id": .string(profile.id.rawValue),
            "traits": .object(profile.traits),
            "identities": .array(profile.identities.map(identity)),
            "firstSeen": .date(profile.firstSeen),
            "lastSeen": .date(profile.lastSeen),
            "channels": .array(profile.channels.map { .string($0.rawValue) }),
            "eventCount": .int(profile.eventCount),
            "mergedProfileIds": .array(profile.mergedProfileIDs.map { .string($0.rawValue) }),
        ])
    }

    static func identity(_ identifier: Identifier) -> JSONValue {
        .object(["type": .string(identifier.kind.rawValue), "value": .string(identifier.value)])
    }

    static func timelineEntry(_ entry: TimelineEntry) -> JSONValue {
        .object([
            "id": .string(entry.id.rawValue),
            "messageId": .string(entry.messageID),
            "type": .string(entry.type.rawValue),
            "event": entry.type == .track ? .optional(entry.name) : .null,
            "name": .optional(entry.name),
            "channel": .string(entry.channel.rawValue),
            "timestamp": .date(entry.timestamp),
            "receivedAt": .date(entry.receivedAt),
            "sourceId": .string(entry.sourceID.rawValue),
            "identities": .array(entry.identifiers.map(identity)),
            "properties": entry.payload["properties"] ?? .object([:]),
            "traits": entry.payload["traits"] ?? .null,
            "context": entry.payload["context"] ?? .null,
        ])
    }

    static func merge(_ merge: MergeAudit) -> JSONValue {
        .object([
            "id": .string(merge.id.rawValue),
            "at": .date(merge.at),
            "messageId": .string(merge.messageID),
            "survivorId": .string(merge.survivor.rawValue),
            "absorbedId": .string(merge.absorbed.rawValue),
            "identities": .array(merge.identities.map(identity)),
            "undoneAt": .date(merge.undoneAt),
        ])
    }

    static func conflict(_ conflict: ConflictAudit) -> JSONValue {
        .object([
            "id": .string(conflict.id),
            "at": .date(conflict.at),
            "messageId": .string(conflict.messageID),
            "profileIds": .array(conflict.profiles.map { .string($0.rawValue) }),
            "identities": .array(conflict.identities.map(identity)),
            "reason": .string(conflict.reason),
        ])
    }
}
