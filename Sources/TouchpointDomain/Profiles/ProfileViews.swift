import Foundation

/// A profile as the API and console show it.
public struct ProfileView: Sendable, Equatable {
    public var id: ProfileID
    public var traits: [String: JSONValue]
    public var identities: [Identifier]
    public var firstSeen: Date?
    public var lastSeen: Date?
    public var channels: [Channel]
    public var eventCount: Int64
    /// Profiles merged into this one (their ids still resolve here).
    public var mergedProfileIDs: [ProfileID]

    public init(id: ProfileID, traits: [String: JSONValue], identities: [Identifier], firstSeen: Date?, lastSeen: Date?,
                channels: [Channel], eventCount: Int64, mergedProfileIDs: [ProfileID]) {
        self.id = id
        self.traits = traits
        self.identities = identities
        self.firstSeen = firstSeen
        self.lastSeen = lastSeen
        self.channels = channels
        self.eventCount = eventCount
        self.mergedProfileIDs = mergedProfileIDs
    }

    /// The profile's first identifier of a kind (its e-mail, its user id), if it has one.
    public func identifier(_ kind: IdentifierKind) -> String? {
        identities.first { $0.kind == kind }?.value
    }

    /// What to call the customer in a list: their name, else the e-mail, phone or user id they are known by.
    /// nil only for a visitor known by an anonymous id alone.
    public var knownAs: String? {
        if let name = displayName { return name }
        return [IdentifierKind.email, .phone, .userID].lazy.compactMap(identifier).first
    }

    /// The best human name the traits give.
    public var displayName: String? {
        if let name = traits["name"]?.stringValue, !name.isEmpty { return name }
        let parts = [traits["firstName"]?.stringValue ?? traits["first_name"]?.stringValue,
                     traits["lastName"]?.stringValue ?? traits["last_name"]?.stringValue].compactMap { $0 }
        return parts.isEmpty ? nil : parts.joined(separator: " ")
    }
}

/// One entry of a profile's timeline: an event from any channel.
public struct TimelineEntry: Sendable, Equatable {
    public var id: EventID
    public var sequence: Int64
    public var messageID: String
    public var sourceID: SourceID
    public var type: MessageType
    public var name: String?
    public var channel: Channel
    public var timestamp: Date
    public var receivedAt: Date
    public var identifiers: [Identifier]
    public var payload: JSONValue

    public init(id: EventID, sequence: Int64, messageID: String, sourceID: SourceID, type: MessageType, name: String?,
                channel: Channel, timestamp: Date, receivedAt: Date, identifiers: [Identifier], payload: JSONValue) {
        self.id = id
        self.sequence = sequence
        self.messageID = messageID
        self.sourceID = sourceID
        self.type = type
        self.name = name
        self.channel = channel
        self.timestamp = timestamp
        self.receivedAt = receivedAt
        self.identifiers = identifiers
        self.payload = payload
    }
}

/// A page of a timeline, newest first; `nextCursor` fetches the older entries.
public struct TimelinePage: Sendable, Equatable {
    public var entries: [TimelineEntry]
    public var nextCursor: String?

    public init(entries: [TimelineEntry], nextCursor: String?) {
        self.entries = entries
        self.nextCursor = nextCursor
    }
}

/// A stored merge with its undo state.
public struct MergeAudit: Sendable, Equatable {
    public var id: MergeID
    public var at: Date
    public var messageID: String
    public var survivor: ProfileID
    public var absorbed: ProfileID
    public var identities: [Identifier]
    public var undoneAt: Date?

    public init(id: MergeID, at: Date, messageID: String, survivor: ProfileID, absorbed: ProfileID, identities: [Identifier], undoneAt: Date?) {
        self.id = id
        self.at = at
        self.messageID = messageID
        self.survivor = survivor
        self.absorbed = absorbed
        self.identities = identities
        self.undoneAt = undoneAt
    }
}

/// A recorded identity conflict, as the API shows it.
public struct ConflictAudit: Sendable, Equatable {
    public var id: String
    public var at: Date
    public var messageID: String
    public var profiles: [ProfileID]
    public var identities: [Identifier]
    public var reason: String

    public init(id: String, at: Date, messageID: String, profiles: [ProfileID], identities: [Identifier], reason: String) {
        self.id = id
        self.at = at
        self.messageID = messageID
        self.profiles = profiles
        self.identities = identities
        self.reason = reason
    }
}

/// Timeline cursors are opaque to clients: `ts.seq` of the last entry returned.
public enum TimelineCursor {
    public static func encode(time: Int64, sequence: Int64) -> String {
        Data("\(time).\(sequence)".utf8).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    public static func decode(_ cursor: String) -> (time: Int64, sequence: Int64)? {
        var base64 = cursor.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        guard let data = Data(base64Encoded: base64), let text = String(data: data, encoding: .utf8) else { return nil }
        let parts = text.split(separator: ".")
        guard parts.count == 2, let time = Int64(parts[0]), let sequence = Int64(parts[1]) else { return nil }
        return (time, sequence)
    }
}
