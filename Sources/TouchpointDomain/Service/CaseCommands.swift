import Foundation

// What callers ask of a case, before the rules in `ServiceCase+Rules.swift` decide what it means.

/// What a new case starts with.
public struct NewCase: Sendable {
    public var customer: CustomerContact
    public var threadKey: String?
    public var channel: Channel
    public var subject: String
    public var priority: CasePriority
    public var category: String?
    public var tags: [String]
    public var language: String?
    public var requiredSkills: [String]
    public var origin: CaseOrigin

    public init(customer: CustomerContact, threadKey: String? = nil, channel: Channel, subject: String, priority: CasePriority = .normal,
                category: String? = nil, tags: [String] = [], language: String? = nil, requiredSkills: [String] = [],
                origin: CaseOrigin = .customer) {
        self.origin = origin
        self.customer = customer
        self.threadKey = threadKey
        self.channel = channel
        self.subject = subject
        self.priority = priority
        self.category = category
        self.tags = tags
        self.language = language
        self.requiredSkills = requiredSkills
    }
}

/// A file to store with a message, already checked for size and type by the caller.
public struct NewAttachment: Sendable {
    public var fileName: String
    public var contentType: String
    public var content: Data

    public init(fileName: String, contentType: String, content: Data) {
        self.fileName = fileName
        self.contentType = contentType
        self.content = content
    }
}

/// A message to add to a case.
public struct NewServiceMessage: Sendable {
    public var direction: ServiceMessageDirection
    public var authorID: String?
    public var authorName: String
    public var body: String
    public var channel: Channel?
    public var clientID: String?
    public var externalID: String?
    public var attachments: [NewAttachment]
    /// When it was sent, if the channel says (an e-mail's Date); otherwise now.
    public var at: Date?

    public init(direction: ServiceMessageDirection, authorID: String? = nil, authorName: String, body: String, channel: Channel? = nil,
                clientID: String? = nil, externalID: String? = nil, attachments: [NewAttachment] = [], at: Date? = nil) {
        self.direction = direction
        self.authorID = authorID
        self.authorName = authorName
        self.body = body
        self.channel = channel
        self.clientID = clientID
        self.externalID = externalID
        self.attachments = attachments
        self.at = at
    }
}

/// Changes to a case's fields; nil leaves a field as it is, `.some(nil)` clears it.
public struct CaseUpdate: Sendable {
    public var subject: String?
    public var priority: CasePriority?
    public var category: String??
    public var tags: [String]?
    public var language: String??
    public var teamID: TeamID??
    public var assigneeID: AgentID??

    public init(subject: String? = nil, priority: CasePriority? = nil, category: String?? = nil, tags: [String]? = nil,
                language: String?? = nil, teamID: TeamID?? = nil, assigneeID: AgentID?? = nil) {
        self.subject = subject
        self.priority = priority
        self.category = category
        self.tags = tags
        self.language = language
        self.teamID = teamID
        self.assigneeID = assigneeID
    }
}
