import Foundation

/// The events self-service writes on the visitor's profile (Segment-style track events), and the fact each leaves for
/// the self-service report.
public enum SelfServiceEvent {
    /// `query`, `results`, `locale`.
    public static let searched = "Help Center Searched"
    /// `article_id`, `title`, `locale`.
    public static let articleViewed = "Help Article Viewed"
    /// `article_id`, `helpful` (true/false).
    public static let articleRated = "Help Article Rated"
    /// `question`, `article_id`, `outcome` (answered/clarified), `confidence`, `conversation_id`, `locale`.
    public static let assistantAnswered = "Assistant Answered"
    /// `question`, `reason`, `conversation_id`, `case_id`, `topic`, `locale`.
    public static let assistantHandedOver = "Assistant Handed Over"

    public static let names = [searched, articleViewed, articleRated, assistantAnswered, assistantHandedOver]
}

/// One thing a customer did on their own, as the report counts it.
public struct SelfServiceFact: Sendable, Equatable {
    public enum Kind: String, Sendable, CaseIterable {
        case search, view, vote, answer, clarify, handover
    }

    public var id: String
    public var kind: Kind
    public var profileID: ProfileID
    public var at: Date
    public var locale: String?
    public var query: String?
    public var results: Int?
    public var articleID: String?
    public var helpful: Bool?
    public var reason: String?
    public var conversationID: String?

    public init(id: String, kind: Kind, profileID: ProfileID, at: Date, locale: String? = nil, query: String? = nil, results: Int? = nil,
                articleID: String? = nil, helpful: Bool? = nil, reason: String? = nil, conversationID: String? = nil) {
        self.id = id
        self.kind = kind
        self.profileID = profileID
        self.at = at
        self.locale = locale
        self.query = query
        self.results = results
        self.articleID = articleID
        self.helpful = helpful
        self.reason = reason
        self.conversationID = conversationID
    }

    /// The fact a logged self-service event leaves, or nil for another event.
    public init?(eventID: String, name: String, profileID: ProfileID, at: Date, properties: [String: JSONValue]) {
        func text(_ key: String, _ limit: Int = 200) -> String? { properties[key]?.stringValue.map { String($0.prefix(limit)) } }
        let kind: Kind
        switch name {
        case SelfServiceEvent.searched: kind = .search
        case SelfServiceEvent.articleViewed: kind = .view
        case SelfServiceEvent.articleRated: kind = .vote
        case SelfServiceEvent.assistantAnswered: kind = text("outcome") == "clarified" ? .clarify : .answer
        case SelfServiceEvent.assistantHandedOver: kind = .handover
        default: return nil
        }
        self.init(id: eventID, kind: kind, profileID: profileID, at: at, locale: text("locale", 5),
                  query: text("query") ?? text("question"), results: properties["results"]?.integerValue.map { Int(clamping: $0) },
                  articleID: text("article_id", 100), helpful: Self.flag(properties["helpful"]), reason: text("reason", 40),
                  conversationID: text("conversation_id", 100))
    }

    static func flag(_ value: JSONValue?) -> Bool? {
        switch value {
        case .bool(let flag): flag
        case .string(let text): text == "true" || text == "yes" ? true : (text == "false" || text == "no" ? false : nil)
        case .number(let number): number == 1 ? true : (number == 0 ? false : nil)
        default: nil
        }
    }
}

/// Self-service over a period: what customers looked for, what they found, what the assistant answered and passed on.
public struct SelfServiceReport: Sendable, Equatable {
    public struct Gap: Sendable, Equatable {
        public var query: String
        public var count: Int
        public init(query: String, count: Int) { self.query = query; self.count = count }
    }

    public struct ArticleUse: Sendable, Equatable {
        public var articleID: String
        public var views: Int
        public var helpful: Int
        public var notHelpful: Int
        public init(articleID: String, views: Int, helpful: Int, notHelpful: Int) {
            self.articleID = articleID; self.views = views; self.helpful = helpful; self.notHelpful = notHelpful
        }
    }

    public var searches = 0
    public var zeroResultSearches = 0
    /// The queries that found nothing, most frequent first: the content to write next.
    public var contentGaps = [Gap]()
    public var articleViews = 0
    public var helpfulVotes = 0
    public var notHelpfulVotes = 0
    public var articles = [ArticleUse]()
    public var assistantConversations = 0
    public var answeredWithoutHandover = 0
    public var handovers = 0
    public var handoverReasons = [String: Int]()
    /// Searches that found something and assistant answers.
    public var answered = 0
    /// …after which the person contacted nobody on any channel for 72 hours.
    public var verifiedSelfService = 0

    public init() {}

    public var zeroResultRate: Double? { searches == 0 ? nil : Double(zeroResultSearches) / Double(searches) }
    public var handoverRate: Double? { assistantConversations == 0 ? nil : Double(handovers) / Double(assistantConversations) }
    public var verifiedRate: Double? { answered == 0 ? nil : Double(verifiedSelfService) / Double(answered) }
    public var helpfulRate: Double? { helpfulVotes + notHelpfulVotes == 0 ? nil : Double(helpfulVotes) / Double(helpfulVotes + notHelpfulVotes) }

    /// The window after an answer in which any contact means it did not solve the problem.
    public static let verificationWindow: TimeInterval = 72 * 3_600
}
