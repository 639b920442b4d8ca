/// What a credential may do. Admin ⊃ manager ⊃ agent.
public enum Role: String, Sendable, Codable, CaseIterable, Comparable {
    case agent, manager, admin

    private var rank: Int {
        switch self {
        case .agent: return 0
        case .manager: return 1
        case .admin: return 2
        }
    }

    public static func < (lhs: Role, rhs: Role) -> Bool { lhs.rank < rhs.rank }

    /// Whether this role includes everything `required` may do.
    public func allows(_ required: Role) -> Bool { self >= required }
}

/// A collection source (a website, an app, a call-centre system) with its own write key.
public struct SourceRecord: Sendable, Equatable {
    public var id: SourceID
    public var name: String
    /// The first characters of the write key, so people can tell keys apart without the key being stored.
    public var writeKeyHint: String
    public var createdAt: Int64
    /// Days its events are kept after they are received; nil keeps them for ever.
    public var retentionDays: Int?

    public init(id: SourceID, name: String, writeKeyHint: String, createdAt: Int64, retentionDays: Int? = nil) {
        self.id = id
        self.name = name
        self.writeKeyHint = writeKeyHint
        self.createdAt = createdAt
        self.retentionDays = retentionDays
    }
}
