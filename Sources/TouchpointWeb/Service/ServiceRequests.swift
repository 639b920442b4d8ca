import Foundation
import TouchpointDomain

// The service desk's request bodies: the HTTP contract's shapes, decoded with Codable and turned into the domain's
// commands by the controllers. Fields the contract lets clients omit are optional here; the rules about them
// (defaults, allowed values) are applied where the command is built, with errors that name the field.

/// Who a case is about: any of the identifiers, and a name.
struct CustomerBody: Decodable, Sendable {
    var userId: String?
    var anonymousId: String?
    var email: String?
    var phone: String?
    var name: String?

    var contact: CustomerContact {
        CustomerContact(userId: userId, anonymousId: anonymousId, email: email?.trimmedWhitespace,
                        phone: phone?.trimmedWhitespace, name: name?.trimmedWhitespace)
    }
}

/// One attachment as sent: `content` is base64; size and type are checked by `ServiceController.attachments`.
struct AttachmentBody: Decodable, Sendable {
    var fileName: String?
    var contentType: String?
    var content: String?
}

/// The field errors every service body shares, so a code means the same thing on every route.
enum ServiceFieldErrors {
    static let common: [String: APIError] = [
        "channel": APIError.badRequest("invalid_channel", "\"channel\" is one of \(Channel.allCases.map(\.rawValue).joined(separator: ", "))"),
        "priority": APIError.badRequest("invalid_priority", "\"priority\" is low, normal, high or urgent"),
        "customer": APIError.badRequest("missing_customer", "\"customer\" is {\"email\" | \"phone\" | \"userId\" | \"anonymousId\", \"name\"}"),
        "attachments": APIError.badRequest("invalid_attachments", "\"attachments\" is an array of {fileName, contentType, content (base64)}"),
        "at": timestamp, "date": timestamp, "startedAt": timestamp,
    ]
    static let timestamp = APIError.badRequest("invalid_timestamp", "times are ISO-8601 strings, e.g. 2026-11-27T10:15:00Z")
}

/// `POST /api/v1/service/cases`
struct NewCaseBody: RequestBody {
    var customer: CustomerBody?
    var channel: String?
    var subject: String?
    /// The first message's text (`body` is accepted as its other name).
    var message: String?
    var body: String?
    var direction: String?
    var attachments: [AttachmentBody]?
    var clientId: String?
    var at: String?
    var threadKey: String?
    var priority: String?
    var category: String?
    var tags: [String]?
    var language: String?
    /// `customer` (they asked) or `proactive` (we reached out first: a delay notice, a recall); a case whose first
    /// message is ours is proactive unless it says otherwise.
    var origin: String?

    static let originError = APIError(status: .badRequest, code: "invalid_origin", message: "'origin' is customer or proactive")

    static var fieldErrors: [String: APIError] {
        ServiceFieldErrors.common.merging(["direction": ServiceMessageBody.directionError, "origin": originError]) { $1 }
    }
}

/// `POST /api/v1/service/cases/{id}/messages`
struct ServiceMessageBody: RequestBody {
    var direction: String?
    var body: String?
    var channel: String?
    var clientId: String?
    var attachments: [AttachmentBody]?
    /// The agent's working time on this reply, when the client measures it.
    var handleSeconds: Double?

    static let directionError = APIError.badRequest("invalid_direction", "\"direction\" is inbound (from the customer), outbound (to the customer) or note")
    static var fieldErrors: [String: APIError] { ServiceFieldErrors.common.merging(["direction": directionError]) { $1 } }
}

/// `PATCH /api/v1/service/cases/{id}`: only the fields sent change; `null` clears the ones that may be empty.
struct CaseUpdateBody: RequestBody {
    static let allowed = ["subject", "priority", "category", "tags", "language", "teamId", "assigneeId"]

    var subject: String?
    var priority: String??
    var category: String??
    var tags: [String]??
    var language: String??
    var teamId: String??
    var assigneeId: String??

    init(from decoder: any Decoder) throws {
        let keys = try decoder.container(keyedBy: AnyCodingKey.self)
        for key in keys.allKeys.map(\.stringValue).sorted() where !Self.allowed.contains(key) {
            throw APIError.badRequest("unknown_field", "'\(key)' cannot be changed here: use subject, priority, category, tags, language, teamId or assigneeId (status has its own endpoint)")
        }
        func field<T: Decodable>(_ name: String, _ type: T.Type) throws -> T?? {
            let key = AnyCodingKey(stringValue: name)
            guard keys.contains(key) else { return nil }
            return .some(try keys.decodeNil(forKey: key) ? nil : keys.decode(T.self, forKey: key))
        }
        switch try field("subject", String.self) {
        case .some(.none): throw APIError.badRequest("invalid_field", "\"subject\" must be a string (a case always has one)")
        case .some(.some(let text)): subject = text
        case .none: subject = nil
        }
        priority = try field("priority", String.self)
        category = try field("category", String.self)
        tags = try field("tags", [String].self)
        language = try field("language", String.self)
        teamId = try field("teamId", String.self)
        assigneeId = try field("assigneeId", String.self)
    }

    static var fieldErrors: [String: APIError] {
        ServiceFieldErrors.common.merging(["tags": APIError.badRequest("invalid_tags", "\"tags\" is an array of strings")]) { $1 }
    }
}

/// `POST /api/v1/service/cases/{id}/status`
struct CaseStatusBody: RequestBody {
    var status: String?
    /// Required to resolve or close a follow-up of feedback (`RootCause`).
    var rootCause: String?
    static let statusError = APIError.badRequest("invalid_status", "\"status\" is one of \(CaseStatus.allCases.map(\.rawValue).joined(separator: ", "))")
    static var fieldErrors: [String: APIError] { ["status": statusError] }
}

/// `POST /api/v1/service/cases/{id}/assign`: an agent id, "me", or nothing / "auto" for routing.
struct CaseAssignBody: RequestBody {
    var agentId: String?
}

/// `POST /api/v1/service/cases/{id}/merge`
struct CaseMergeBody: RequestBody {
    /// The case this one duplicates: its id or its number.
    var into: TextOrNumber?
}

/// `POST /api/v1/service/cases/{id}/rating`
struct CaseRatingBody: RequestBody {
    var score: Int?
    var comment: String?
    static let scoreError = APIError(status: .unprocessableEntity, code: "invalid_score", message: "\"score\" is a whole number from 1 (very unhappy) to 5 (very happy)")
    static var fieldErrors: [String: APIError] { ["score": scoreError] }
}

/// `POST /api/v1/service/cases/{id}/handle-time`
struct HandleTimeBody: RequestBody {
    var seconds: Double?
    static let secondsError = APIError(status: .unprocessableEntity, code: "invalid_seconds",
                                       message: "\"seconds\" is the agent's working time on the case, more than 0 and at most 4 hours a measurement (send a longer stretch as several)")
    static var fieldErrors: [String: APIError] { ["seconds": secondsError] }
}

/// `POST /api/v1/service/email/inbound`: the common webhook form of Mailgun, SendGrid and Postmark.
struct InboundEmailBody: RequestBody {
    /// The sender: an address, or `{"email", "name"}`.
    struct Sender: Decodable, Sendable {
        var email: String?
        var name: String?
        init(from decoder: any Decoder) throws {
            if let address = try? decoder.singleValueContainer().decode(String.self) {
                email = address
            } else {
                let fields = try decoder.container(keyedBy: AnyCodingKey.self)
                email = try fields.decodeIfPresent(String.self, forKey: AnyCodingKey(stringValue: "email"))
                name = try fields.decodeIfPresent(String.self, forKey: AnyCodingKey(stringValue: "name"))
            }
        }
    }

    var from: Sender?
    var subject: String?
    var text: String?
    var html: String?
    var messageId: String?
    var inReplyTo: String?
    var references: [String]?
    var attachments: [AttachmentBody]?
    var date: String?
    var userId: String?
    var priority: String?
    var category: String?
    var language: String?

    static let senderError = APIError.badRequest("missing_sender", "an inbound e-mail needs \"from\": an address or {\"email\", \"name\"}")
    static var fieldErrors: [String: APIError] { ServiceFieldErrors.common.merging(["from": senderError]) { $1 } }
}

/// `POST /api/v1/service/calls`: a call record from a telephony system.
struct CallBody: RequestBody {
    var direction: String?
    var waitSeconds: Double?
    var talkSeconds: Double?
    var wrapSeconds: Double?
    var outcome: String?
    var startedAt: String?
    var customer: CustomerBody?
    var phone: String?
    var agentId: String?
    var caseId: String?
    var caseNumber: TextOrNumber?
    var subject: String?
    var notes: String?
    var priority: String?
    var category: String?
    var language: String?

    static let directionError = APIError.badRequest("invalid_direction", "a call's \"direction\" is inbound or outbound")
    static func durationError(_ field: String) -> APIError {
        APIError(status: .unprocessableEntity, code: "invalid_duration", message: "\"\(field)\" is seconds, 0 to 86,400")
    }
    static var fieldErrors: [String: APIError] {
        ServiceFieldErrors.common.merging([
            "direction": directionError, "waitSeconds": durationError("waitSeconds"),
            "talkSeconds": durationError("talkSeconds"), "wrapSeconds": durationError("wrapSeconds"),
        ]) { $1 }
    }
}

/// `PATCH /api/v1/service/agents/{id}` (and the agent part of `POST /api/v1/service/agents`).
struct AgentUpdateBody: RequestBody {
    /// The fields this endpoint changes; anything else (a role, an e-mail) is refused, not ignored.
    static let fields: Set<String> = ["presence", "capacity", "skills", "languages", "seesAllTeams", "teamIds"]

    var presence: String?
    var capacity: Int?
    var skills: [String]?
    var languages: [String]?
    var seesAllTeams: Bool?
    var teamIds: [String]?

    static let presenceError = APIError.badRequest("invalid_presence", "\"presence\" is online, away or offline")
    static let capacityError = APIError(status: .unprocessableEntity, code: "invalid_capacity", message: "\"capacity\" is how many cases the agent takes at once, 0 to 100")
    static var fieldErrors: [String: APIError] {
        ["presence": presenceError, "capacity": capacityError,
         "seesAllTeams": APIError.badRequest("invalid_field", "\"seesAllTeams\" is true or false")]
    }

    /// Refuses keys outside `fields` (and `alsoAllowed`), naming the first.
    static func checkKeys(of decoder: any Decoder, alsoAllowed: Set<String>) throws {
        let keys = try decoder.container(keyedBy: AnyCodingKey.self).allKeys.map(\.stringValue).sorted()
        for key in keys where !fields.contains(key) && !alsoAllowed.contains(key) {
            throw APIError.badRequest("unknown_field", "'\(key)' cannot be changed here: use \(fields.sorted().joined(separator: ", ")) (roles are set by an admin under Settings → Users)")
        }
    }

    enum CodingKeys: String, CodingKey { case presence, capacity, skills, languages, seesAllTeams, teamIds }

    init(from decoder: any Decoder) throws {
        try Self.checkKeys(of: decoder, alsoAllowed: [])
        try self.init(fields: decoder)
    }

    init(fields decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        presence = try container.decodeIfPresent(String.self, forKey: .presence)
        capacity = try container.decodeIfPresent(Int.self, forKey: .capacity)
        skills = try container.decodeIfPresent([String].self, forKey: .skills)
        languages = try container.decodeIfPresent([String].self, forKey: .languages)
        seesAllTeams = try container.decodeIfPresent(Bool.self, forKey: .seesAllTeams)
        teamIds = try container.decodeIfPresent([String].self, forKey: .teamIds)
    }

    /// The domain's command, with the allowed values checked.
    func update() throws -> AgentUpdate {
        var update = AgentUpdate()
        if let presence {
            guard let parsed = AgentPresence(rawValue: presence) else { throw Self.presenceError }
            update.presence = parsed
        }
        if let capacity {
            guard (0...100).contains(capacity) else { throw Self.capacityError }
            update.capacity = capacity
        }
        update.skills = skills
        update.languages = languages
        update.seesAllTeams = seesAllTeams
        update.teamIDs = teamIds?.map(TeamID.init(rawValue:))
        return update
    }
}

/// `POST /api/v1/service/agents`: a console user who works cases, with the agent's fields.
struct NewAgentBody: RequestBody {
    var email: String?
    var password: String?
    var name: String?
    var role: String?
    var agent: AgentUpdateBody

    enum CodingKeys: String, CodingKey { case email, password, name, role }

    init(from decoder: any Decoder) throws {
        try AgentUpdateBody.checkKeys(of: decoder, alsoAllowed: ["email", "password", "name", "role"])
        let container = try decoder.container(keyedBy: CodingKeys.self)
        email = try container.decodeIfPresent(String.self, forKey: .email)
        password = try container.decodeIfPresent(String.self, forKey: .password)
        name = try container.decodeIfPresent(String.self, forKey: .name)
        role = try container.decodeIfPresent(String.self, forKey: .role)
        agent = try AgentUpdateBody(fields: decoder)
    }

    static let roleError = APIError.badRequest("invalid_role", "\"role\" is admin, manager or agent")
    static var fieldErrors: [String: APIError] { AgentUpdateBody.fieldErrors.merging(["role": roleError]) { $1 } }
}

/// `POST /api/v1/service/teams` and `PUT /api/v1/service/teams/{id}/members`.
struct TeamBody: RequestBody {
    var name: String?
    var memberIds: [String]?
}

/// `POST /api/v1/service/agents/{id}/tokens`
struct TokenBody: RequestBody {
    var name: String?
}
