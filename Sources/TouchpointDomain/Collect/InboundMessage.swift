import Foundation

/// A collected message after validation: typed fields, corrected time, channel and every identifier it carries.
public struct InboundMessage: Sendable, Equatable {
    public var type: MessageType
    public var messageID: String
    public var userID: String?
    public var anonymousID: String?
    public var previousID: String?
    public var groupID: String?
    /// `event` for track, `name` for page and screen.
    public var name: String?
    public var properties: [String: JSONValue]
    /// Traits about the person: identify's `traits` and any message's `context.traits`.
    public var traits: [String: JSONValue]
    public var context: [String: JSONValue]
    /// When it happened, after clock-skew correction.
    public var timestamp: Date
    public var receivedAt: Date
    public var channel: Channel
    /// Normalised identifiers that place the message on a profile (previousId excluded: see `aliasTargets`).
    public var identifiers: [Identifier]
    /// The stored form of the message: what arrived plus `messageId`, `timestamp`, `receivedAt` and `channel`.
    public var payload: JSONValue
    /// `payload` as compact JSON, written once on the request's thread so the commit does not have to.
    public var payloadText: String

    /// For alias, the identifiers `previousId` may be: an earlier userId or an anonymousId.
    public var aliasTargets: [Identifier] {
        guard type == .alias, let previousID else { return [] }
        return [Identifier(kind: .userID, value: previousID), Identifier(kind: .anonymousID, value: previousID)]
    }
}

/// Why one message was refused. `index` is its position in the request (0 for single-message calls).
public struct MessageRejection: Error, Sendable, Equatable, Codable {
    public var index: Int
    public var messageId: String?
    public var code: String
    public var message: String

    public init(index: Int, messageId: String?, code: String, message: String) {
        self.index = index
        self.messageId = messageId
        self.code = code
        self.message = message
    }
}
