import Foundation
import Tagged
import SQLKit
import TouchpointDomain

/// Where the events a case adds to the customer's timeline are recorded: the service desk's own source,
/// and the validator that turns them into stored events (identity resolution included).
public struct ServiceTimelineSink: Sendable {
    public var sourceID: SourceID
    public var validator: MessageValidator

    public init(sourceID: SourceID, validator: MessageValidator) {
        self.sourceID = sourceID
        self.validator = validator
    }
}

/// How new cases are routed: the rules in force and the strategy when none matches.
public struct RoutingConfiguration: Sendable {
    public var rules: [RoutingRule]
    public var defaultStrategy: RoutingStrategy

    public init(rules: [RoutingRule], defaultStrategy: RoutingStrategy) {
        self.rules = rules
        self.defaultStrategy = defaultStrategy
    }
}

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

    public init(customer: CustomerContact, threadKey: String? = nil, channel: Channel, subject: String, priority: CasePriority = .normal,
                category: String? = nil, tags: [String] = [], language: String? = nil, requiredSkills: [String] = []) {
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

/// Which cases a list shows.
public struct CaseFilter: Sendable {
    public var statuses: [CaseStatus]?
    public var assigneeID: AgentID?
    public var unassignedOnly: Bool
    public var teamID: TeamID?
    public var channel: Channel?
    public var profileID: ProfileID?
    public var query: String?
    /// An agent without wider sight sees their teams' cases, their own, and cases not yet routed to a team.
    public var visibleTo: ServiceAgent?
    public var limit: Int
    public var offset: Int

    public init(statuses: [CaseStatus]? = nil, assigneeID: AgentID? = nil, unassignedOnly: Bool = false, teamID: TeamID? = nil,
                channel: Channel? = nil, profileID: ProfileID? = nil, query: String? = nil, visibleTo: ServiceAgent? = nil,
                limit: Int = 50, offset: Int = 0) {
        self.statuses = statuses
        self.assigneeID = assigneeID
        self.unassignedOnly = unassignedOnly
        self.teamID = teamID
        self.channel = channel
        self.profileID = profileID
        self.query = query
        self.visibleTo = visibleTo
        self.limit = limit
        self.offset = offset
    }
}

extension SQLStore {
    static let caseColumns = """
        id, number, profile_id, customer, thread_key, channel, subject, status, priority, category, tags, language, team_id, assignee_id,
        required_skills, queued_at, created_at, updated_at, first_response_at, last_customer_message_at, last_agent_reply_at, resolved_at,
        last_resolved_at, closed_at, reopen_count, agent_replies, handle_seconds, csat_score, csat_comment, csat_at, merged_into, sla_state, sla_due_at
        """

    // MARK: Reading cases

    public func serviceCase(_ id: CaseID) async throws -> ServiceCase? {
        try await Self.loadCase(id, on: sql)
    }

    public func serviceCase(number: Int64) async throws -> ServiceCase? {
        var statement = SQLStatement("SELECT \(Self.caseColumns) FROM cases WHERE number = ")
        statement.bind(number)
        return try await sql.rows(statement).first.map(ServiceCase.init(row:))
    }

    /// The case a channel thread (an e-mail conversation, a chat visitor) continues: the newest one not merged away.
    public func serviceCase(threadKey: String) async throws -> ServiceCase? {
        var statement = SQLStatement("SELECT \(Self.caseColumns) FROM cases WHERE merged_into IS NULL AND thread_key = ")
        statement.bind(threadKey)
        statement.append(" ORDER BY created_at DESC LIMIT 1")
        return try await sql.rows(statement).first.map(ServiceCase.init(row:))
    }

    /// The case an e-mail replies to, found by the Message-ID of any message in it.
    public func serviceCase(messageExternalID: String) async throws -> ServiceCase? {
        var statement = SQLStatement("SELECT case_id FROM case_messages WHERE external_id = ")
        statement.bind(messageExternalID)
        statement.append(" LIMIT 1")
        guard let row = try await sql.rows(statement).first else { return nil }
        var id = CaseID(rawValue: try row.decode(column: "case_id", as: String.self))
        // A merged duplicate's messages moved, but follow the chain in case the id came from elsewhere.
        for _ in 0..<5 {
            guard let found = try await serviceCase(id) else { return nil }
            guard let target = found.mergedInto else { return found }
            id = target
        }
        return try await serviceCase(id)
    }

    /// The cases with these ids (merged-away ones included), in no particular order.
    public func serviceCases(ids: [CaseID]) async throws -> [ServiceCase] {
        var found = [ServiceCase]()
        for chunk in chunked(Array(Set(ids.map(\.rawValue))), size: Self.rowsPerStatement) {
            var statement = SQLStatement("SELECT \(Self.caseColumns) FROM cases WHERE id IN ")
            statement.bindList(Array(chunk))
            found += try await sql.rows(statement).map(ServiceCase.init(row:))
        }
        return found
    }

    public func cases(_ filter: CaseFilter) async throws -> [ServiceCase] {
        var statement = SQLStatement("SELECT \(Self.caseColumns) FROM cases WHERE merged_into IS NULL")
        appendConditions(filter, to: &statement)
        statement.append(" ORDER BY CASE priority WHEN 'urgent' THEN 0 WHEN 'high' THEN 1 WHEN 'normal' THEN 2 ELSE 3 END, created_at LIMIT ")
        statement.bind(Int64(max(1, min(filter.limit, 500))))
        statement.append(" OFFSET ")
        statement.bind(Int64(max(0, filter.offset)))
        return try await sql.rows(statement).map(ServiceCase.init(row:))
    }

    public func countCases(_ filter: CaseFilter) async throws -> Int {
        var statement = SQLStatement("SELECT COUNT(*) AS n FROM cases WHERE merged_into IS NULL")
        appendConditions(filter, to: &statement)
        return Int(try await sql.rows(statement).first?.decode(column: "n", as: Int64.self) ?? 0)
    }

    private func appendConditions(_ filter: CaseFilter, to statement: inout SQLStatement) {
        if let statuses = filter.statuses, !statuses.isEmpty {
            statement.append(" AND status IN ")
            statement.bindList(statuses.map(\.rawValue))
        }
        if let assignee = filter.assigneeID {
            statement.append(" AND assignee_id = ")
            statement.bind(assignee.rawValue)
        }
        if filter.unassignedOnly { statement.append(" AND assignee_id IS NULL") }
        if let team = filter.teamID {
            statement.append(" AND team_id = ")
            statement.bind(team.rawValue)
        }
        if let channel = filter.channel {
            statement.append(" AND channel = ")
            statement.bind(channel.rawValue)
        }
        if let profile = filter.profileID {
            statement.append(" AND profile_id = ")
            statement.bind(profile.rawValue)
        }
        if let query = filter.query?.trimmedWhitespace, !query.isEmpty {
            let pattern = "%" + query.lowercased().replacingOccurrences(of: "%", with: "").replacingOccurrences(of: "_", with: "") + "%"
            statement.append(" AND (LOWER(subject) LIKE ")
            statement.bind(pattern)
            statement.append(" OR LOWER(customer) LIKE ")
            statement.bind(pattern)
            if let number = Int64(query.trimmingCharacters(in: CharacterSet(charactersIn: "#"))) {
                statement.append(" OR number = ")
                statement.bind(number)
            }
            statement.append(")")
        }
        if let agent = filter.visibleTo, !agent.seesEveryCase {
            statement.append(" AND (team_id IS NULL OR assignee_id = ")
            statement.bind(agent.id.rawValue)
            if !agent.teamIDs.isEmpty {
                statement.append(" OR team_id IN ")
                statement.bindList(agent.teamIDs.map(\.rawValue))
            }
            statement.append(")")
        }
    }

    /// A case's conversation in order; `after` returns only messages past that sequence (a chat reconnecting).
    public func messages(of caseID: CaseID, after sequence: Int64? = nil, includeNotes: Bool = true) async throws -> [ServiceMessage] {
        var statement = SQLStatement("SELECT id, case_id, seq, direction, author_id, author_name, body, channel, client_id, external_id, created_at FROM case_messages WHERE case_id = ")
        statement.bind(caseID.rawValue)
        if let sequence {
            statement.append(" AND seq > ")
            statement.bind(sequence)
        }
        if !includeNotes { statement.append(" AND direction <> 'note'") }
        statement.append(" ORDER BY seq")
        var messages = try await sql.rows(statement).map(ServiceMessage.init(row:))
        guard !messages.isEmpty else { return messages }
        var attachments = SQLStatement("SELECT id, message_id, file_name, content_type, size_bytes FROM case_attachments WHERE case_id = ")
        attachments.bind(caseID.rawValue)
        var byMessage = [String: [AttachmentInfo]]()
        for row in try await sql.rows(attachments) {
            byMessage[try row.decode(column: "message_id", as: String.self), default: []].append(
                AttachmentInfo(id: try row.decode(column: "id", as: String.self), fileName: try row.decode(column: "file_name", as: String.self),
                               contentType: try row.decode(column: "content_type", as: String.self),
                               sizeBytes: Int(try row.decode(column: "size_bytes", as: Int64.self))))
        }
        for index in messages.indices { messages[index].attachments = byMessage[messages[index].id] ?? [] }
        return messages
    }

    /// An attachment's description, its case, and its bytes.
    public func attachment(_ id: String) async throws -> (info: AttachmentInfo, caseID: CaseID, content: Data)? {
        var statement = SQLStatement("SELECT id, case_id, file_name, content_type, size_bytes, content FROM case_attachments WHERE id = ")
        statement.bind(id)
        guard let row = try await sql.rows(statement).first else { return nil }
        let info = AttachmentInfo(id: id, fileName: try row.decode(column: "file_name", as: String.self),
                                  contentType: try row.decode(column: "content_type", as: String.self),
                                  sizeBytes: Int(try row.decode(column: "size_bytes", as: Int64.self)))
        return (info, CaseID(rawValue: try row.decode(column: "case_id", as: String.self)),
                Data(base64Encoded: try row.decode(column: "content", as: String.self)) ?? Data())
    }

    /// Every status a case has been in, oldest first.
    public func statusChanges(of caseID: CaseID) async throws -> [CaseStatusChange] {
        try await Self.statusChanges(of: [caseID], on: sql)[caseID] ?? []
    }

    static func statusChanges(of ids: [CaseID], on sql: any SQLDatabase) async throws -> [CaseID: [CaseStatusChange]] {
        var result = [CaseID: [CaseStatusChange]]()
        for chunk in chunked(ids.map(\.rawValue), size: 1000) {
            var statement = SQLStatement("SELECT case_id, to_status, at FROM case_status_changes WHERE case_id IN ")
            statement.bindList(Array(chunk))
            statement.append(" ORDER BY seq")
            for row in try await sql.rows(statement) {
                guard let status = CaseStatus(rawValue: try row.decode(column: "to_status", as: String.self)) else { continue }
                result[CaseID(rawValue: try row.decode(column: "case_id", as: String.self)), default: []]
                    .append(CaseStatusChange(at: Timestamps.date(millis: try row.decode(column: "at", as: Int64.self)), status: status))
            }
        }
        return result
    }

    /// The inputs of the SLA clocks for several cases: status changes and the times of customer messages and agent replies.
    public func slaHistories(_ cases: [ServiceCase]) async throws -> [CaseID: SLACaseHistory] {
        let ids = cases.map(\.id)
        let changes = try await Self.statusChanges(of: ids, on: sql)
        var inbound = [CaseID: [Date]]()
        var outbound = [CaseID: [Date]]()
        for chunk in chunked(ids.map(\.rawValue), size: 1000) {
            var statement = SQLStatement("SELECT case_id, direction, created_at FROM case_messages WHERE direction <> 'note' AND case_id IN ")
            statement.bindList(Array(chunk))
            statement.append(" ORDER BY created_at, seq")
            for row in try await sql.rows(statement) {
                let id = CaseID(rawValue: try row.decode(column: "case_id", as: String.self))
                let at = Timestamps.date(millis: try row.decode(column: "created_at", as: Int64.self))
                if try row.decode(column: "direction", as: String.self) == ServiceMessageDirection.inbound.rawValue {
                    inbound[id, default: []].append(at)
                } else {
                    outbound[id, default: []].append(at)
                }
            }
        }
        var histories = [CaseID: SLACaseHistory]()
        for serviceCase in cases {
            // Calls count as the agent's response: a call answered is contact made.
            histories[serviceCase.id] = SLACaseHistory(
                createdAt: serviceCase.createdAt, priority: serviceCase.priority, channel: serviceCase.channel,
                statusChanges: (changes[serviceCase.id] ?? []).filter { $0.at > serviceCase.createdAt || $0.status != .new },
                customerMessages: inbound[serviceCase.id] ?? [], agentReplies: outbound[serviceCase.id] ?? [])
        }
        return histories
    }

    public func calls(of caseID: CaseID) async throws -> [CallRecord] {
        var statement = SQLStatement("SELECT id, case_id, direction, phone, agent_id, started_at, wait_seconds, talk_seconds, wrap_seconds, outcome FROM case_calls WHERE case_id = ")
        statement.bind(caseID.rawValue)
        statement.append(" ORDER BY started_at")
        return try await sql.rows(statement).map(CallRecord.init(row:))
    }

    /// Cases created in a period (for the service metrics), merged duplicates left out.
    public func casesCreated(from: Date, to: Date) async throws -> [ServiceCase] {
        var statement = SQLStatement("SELECT \(Self.caseColumns) FROM cases WHERE merged_into IS NULL AND created_at >= ")
        statement.bind(Timestamps.millis(from))
        statement.append(" AND created_at < ")
        statement.bind(Timestamps.millis(to))
        statement.append(" ORDER BY created_at")
        return try await sql.rows(statement).map(ServiceCase.init(row:))
    }

    /// Cases whose SLA clocks are still running (not resolved or closed).
    public func activeCases() async throws -> [ServiceCase] {
        try await sql.rows("SELECT \(Self.caseColumns) FROM cases WHERE merged_into IS NULL AND status IN ('new', 'open', 'pending')")
            .map(ServiceCase.init(row:))
    }

    /// Cases waiting in a queue for a free agent, oldest first.
    public func queuedCases() async throws -> [ServiceCase] {
        try await sql.rows("SELECT \(Self.caseColumns) FROM cases WHERE merged_into IS NULL AND assignee_id IS NULL AND queued_at IS NOT NULL AND status IN ('new', 'open', 'pending') ORDER BY queued_at")
            .map(ServiceCase.init(row:))
    }

    // MARK: Writing cases

    /// Opens a case, with its first message when there is one. The case, the message and their timeline events commit together.
    /// With `routing`, the case is routed in the same transaction: given to a free agent, or put in its team's queue.
    public func createCase(_ new: NewCase, firstMessage: NewServiceMessage?, timeline: ServiceTimelineSink, routing: RoutingConfiguration? = nil,
                           now: Date = Date()) async throws -> (ServiceCase, ServiceMessage?) {
        let subject = new.subject.trimmedWhitespace
        guard !subject.isEmpty else { throw StorageError.invalid("a case needs a subject (or a first message to take it from)") }
        let dialect = self.dialect
        let customerKeys = new.customer.identifiers(defaultCallingCode: timeline.validator.defaultCallingCode).map(\.key)
            + (new.threadKey.flatMap { $0.hasPrefix("chat:") ? [Identifier(kind: .anonymousID, value: String($0.dropFirst(5))).key] : nil } ?? [])
        return try await groupedWrite { sql in
            if dialect == .postgres { try await sql.run("SELECT pg_advisory_xact_lock(727001)") }
            if try await Self.isSuppressed(customerKeys, on: sql) {
                throw StorageError.erased("this customer was erased at their request (GDPR art. 17), so their contact is not stored; "
                                          + "if they agree to be known again, lift the suppression with DELETE /api/v1/suppressions/{identifier}")
            }
            let number = (try await sql.rows("SELECT MAX(number) AS n FROM cases").first?.decode(column: "n", as: Int64?.self) ?? nil).map { $0 + 1 } ?? 1001
            let created = firstMessage?.at.map { min($0, now) } ?? now
            var serviceCase = ServiceCase(
                id: CaseID(rawValue: TimeOrderedID.make(at: now)), number: number, profileID: nil, customer: new.customer, threadKey: new.threadKey,
                channel: new.channel, subject: String(subject.prefix(300)), status: .new, priority: new.priority, category: new.category,
                tags: Self.cleanTags(new.tags), language: new.language?.lowercased(), teamID: nil, assigneeID: nil,
                requiredSkills: new.requiredSkills, queuedAt: nil, createdAt: created, updatedAt: now)
            var insert = SQLStatement("INSERT INTO cases (\(Self.caseColumns)) VALUES (")
            Self.bindCase(serviceCase, into: &insert)
            insert.append(")")
            try await sql.run(insert)
            try await Self.recordStatusChange(serviceCase.id, from: nil, to: .new, actor: "customer", at: created, on: sql)
            var events = [ServiceTimelineEvents.created(serviceCase)]
            var message: ServiceMessage?
            if let firstMessage {
                let added = try await Self.appendMessage(firstMessage, to: &serviceCase, now: now, on: sql)
                message = added.message
                events += added.events
            }
            try await Self.recordTimeline(events, sink: timeline, now: now, on: sql)
            serviceCase.profileID = try await Self.linkProfile(serviceCase, on: sql)
            if let routing {
                try await Self.route(&serviceCase, routing: routing, now: now, on: sql)
                try await Self.saveCase(serviceCase, on: sql)
            }
            return (serviceCase, message)
        }
    }

    /// Adds a message to a case. A customer's message re-opens a pending or resolved case; an agent's reply answers it.
    /// A message whose `clientID` is already in the case is not stored twice: the stored one comes back with `created` false.
    public func addMessage(_ new: NewServiceMessage, to caseID: CaseID, timeline: ServiceTimelineSink, now: Date = Date())
        async throws -> (message: ServiceMessage, serviceCase: ServiceCase, created: Bool) {
        let body = new.body.trimmedWhitespace
        guard !body.isEmpty || !new.attachments.isEmpty else { throw StorageError.invalid("the message is empty: write some text or attach a file") }
        let dialect = self.dialect
        return try await groupedWrite { sql in
            if dialect == .postgres { try await sql.run("SELECT pg_advisory_xact_lock(727001)") }
            guard var serviceCase = try await Self.loadCase(caseID, on: sql, lock: dialect == .postgres) else {
                throw StorageError.notFound("no case \(caseID.rawValue)")
            }
            if let mergedInto = serviceCase.mergedInto {
                throw StorageError.conflict("case \(serviceCase.number) was merged into another case (\(mergedInto.rawValue)): write there")
            }
            if let clientID = new.clientID {
                var existing = SQLStatement("SELECT id, case_id, seq, direction, author_id, author_name, body, channel, client_id, external_id, created_at FROM case_messages WHERE case_id = ")
                existing.bind(caseID.rawValue)
                existing.append(" AND client_id = ")
                existing.bind(clientID)
                if let row = try await sql.rows(existing).first { return (try ServiceMessage(row: row), serviceCase, false) }
            }
            let added = try await Self.appendMessage(new, to: &serviceCase, now: now, on: sql)
            try await Self.recordTimeline(added.events, sink: timeline, now: now, on: sql)
            if serviceCase.profileID == nil { serviceCase.profileID = try await Self.linkProfile(serviceCase, on: sql) }
            return (added.message, serviceCase, true)
        }
    }

    /// Moves a case to another status, if the move is allowed (`CaseStatus.canMove(to:)`).
    public func changeStatus(of caseID: CaseID, to status: CaseStatus, actor: String, timeline: ServiceTimelineSink, now: Date = Date()) async throws -> ServiceCase {
        let dialect = self.dialect
        return try await groupedWrite { sql in
            if dialect == .postgres { try await sql.run("SELECT pg_advisory_xact_lock(727001)") }
            guard var serviceCase = try await Self.loadCase(caseID, on: sql, lock: dialect == .postgres) else {
                throw StorageError.notFound("no case \(caseID.rawValue)")
            }
            guard serviceCase.status != status else { return serviceCase }
            guard serviceCase.mergedInto == nil else { throw StorageError.conflict("case \(serviceCase.number) was merged into another case") }
            guard serviceCase.status.canMove(to: status) else {
                throw StorageError.invalid("a \(serviceCase.status.rawValue) case cannot become \(status.rawValue)")
            }
            let events = try await Self.applyStatus(status, to: &serviceCase, actor: actor, now: now, on: sql)
            try await Self.saveCase(serviceCase, on: sql)
            try await Self.recordTimeline(events, sink: timeline, now: now, on: sql)
            return serviceCase
        }
    }

    /// Changes a case's fields (subject, priority, category, tags, language, team, assignee).
    public func updateCase(_ caseID: CaseID, _ update: CaseUpdate, now: Date = Date()) async throws -> ServiceCase {
        try await groupedWrite { sql in
            guard var serviceCase = try await Self.loadCase(caseID, on: sql) else { throw StorageError.notFound("no case \(caseID.rawValue)") }
            if let subject = update.subject {
                let trimmed = subject.trimmedWhitespace
                guard !trimmed.isEmpty else { throw StorageError.invalid("the subject cannot be empty") }
                serviceCase.subject = String(trimmed.prefix(300))
            }
            if let priority = update.priority { serviceCase.priority = priority }
            if let category = update.category { serviceCase.category = category?.trimmedWhitespace.nilIfEmpty }
            if let tags = update.tags { serviceCase.tags = Self.cleanTags(tags) }
            if let language = update.language { serviceCase.language = language?.lowercased().nilIfEmpty }
            if let team = update.teamID { serviceCase.teamID = team }
            if let assignee = update.assigneeID {
                if let agent = assignee { try await Self.assign(&serviceCase, to: agent, now: now, on: sql) } else { serviceCase.assigneeID = nil }
            }
            serviceCase.updatedAt = now
            try await Self.saveCase(serviceCase, on: sql)
            return serviceCase
        }
    }

    /// Gives a case to an agent (routing or a person's choice): out of the queue, and the agent's last assignment noted for round-robin.
    /// With `onlyIfWaiting`, a case someone else has taken meanwhile (another node draining the same queue) is left as it is.
    public func assignCase(_ caseID: CaseID, to agentID: AgentID, teamID: TeamID?? = nil, priority: CasePriority? = nil,
                           onlyIfWaiting: Bool = false, now: Date = Date()) async throws -> ServiceCase {
        let dialect = self.dialect
        return try await groupedWrite { sql in
            guard var serviceCase = try await Self.loadCase(caseID, on: sql, lock: dialect == .postgres) else {
                throw StorageError.notFound("no case \(caseID.rawValue)")
            }
            if onlyIfWaiting && (serviceCase.assigneeID != nil || !serviceCase.status.isActive || serviceCase.mergedInto != nil) { return serviceCase }
            if let teamID { serviceCase.teamID = teamID }
            if let priority { serviceCase.priority = priority }
            try await Self.assign(&serviceCase, to: agentID, now: now, on: sql)
            serviceCase.updatedAt = now
            try await Self.saveCase(serviceCase, on: sql)
            return serviceCase
        }
    }

    /// Puts a case in a team's queue to wait for a free agent.
    public func queueCase(_ caseID: CaseID, teamID: TeamID?, priority: CasePriority?, requiredSkills: [String], now: Date = Date()) async throws -> ServiceCase {
        try await groupedWrite { sql in
            guard var serviceCase = try await Self.loadCase(caseID, on: sql) else { throw StorageError.notFound("no case \(caseID.rawValue)") }
            serviceCase.teamID = teamID
            if let priority { serviceCase.priority = priority }
            serviceCase.requiredSkills = requiredSkills
            serviceCase.assigneeID = nil
            if serviceCase.queuedAt == nil { serviceCase.queuedAt = now }
            serviceCase.updatedAt = now
            try await Self.saveCase(serviceCase, on: sql)
            return serviceCase
        }
    }

    /// Merges a duplicate into the case it repeats: its messages, attachments and calls move over, and it closes pointing there.
    public func mergeCase(_ duplicateID: CaseID, into targetID: CaseID, actor: String, now: Date = Date()) async throws -> ServiceCase {
        guard duplicateID != targetID else { throw StorageError.invalid("a case cannot be merged into itself") }
        let dialect = self.dialect
        return try await groupedWrite { sql in
            if dialect == .postgres { try await sql.run("SELECT pg_advisory_xact_lock(727001)") }
            guard var duplicate = try await Self.loadCase(duplicateID, on: sql) else { throw StorageError.notFound("no case \(duplicateID.rawValue)") }
            guard var target = try await Self.loadCase(targetID, on: sql) else { throw StorageError.notFound("no case \(targetID.rawValue)") }
            guard duplicate.mergedInto == nil else { throw StorageError.conflict("case \(duplicate.number) is already merged") }
            guard target.mergedInto == nil else { throw StorageError.conflict("case \(target.number) was itself merged: merge into the case it went to") }
            // A client id is unique within a case: the duplicate's copy of one the target already has is let go
            // (both cases are the same conversation; the target's message answers any retry).
            var clash = SQLStatement("UPDATE case_messages SET client_id = NULL WHERE case_id = ")
            clash.bind(duplicateID.rawValue)
            clash.append(" AND client_id IN (SELECT client_id FROM case_messages WHERE client_id IS NOT NULL AND case_id = ")
            clash.bind(targetID.rawValue)
            clash.append(")")
            try await sql.run(clash)
            var last = SQLStatement("SELECT MAX(seq) AS n FROM case_messages WHERE case_id = ")
            last.bind(targetID.rawValue)
            let offset = try await sql.rows(last).first?.decode(column: "n", as: Int64?.self) ?? 0
            var move = SQLStatement("UPDATE case_messages SET seq = seq + ")
            move.bind(offset + 1_000_000)
            move.append(", case_id = ")
            move.bind(targetID.rawValue)
            move.append(" WHERE case_id = ")
            move.bind(duplicateID.rawValue)
            try await sql.run(move)
            // Renumber the moved messages to follow the target's, keeping their order.
            var moved = SQLStatement("SELECT id FROM case_messages WHERE case_id = ")
            moved.bind(targetID.rawValue)
            moved.append(" AND seq > 1000000 ORDER BY seq")
            var next = offset + 1
            for row in try await sql.rows(moved) {
                var renumber = SQLStatement("UPDATE case_messages SET seq = ")
                renumber.bind(next)
                renumber.append(" WHERE id = ")
                renumber.bind(try row.decode(column: "id", as: String.self))
                try await sql.run(renumber)
                next += 1
            }
            for table in ["case_attachments", "case_calls"] {
                var update = SQLStatement("UPDATE \(table) SET case_id = ")
                update.bind(targetID.rawValue)
                update.append(" WHERE case_id = ")
                update.bind(duplicateID.rawValue)
                try await sql.run(update)
            }
            target.tags = Self.cleanTags(target.tags + duplicate.tags)
            target.agentReplies += duplicate.agentReplies
            target.handleSeconds += duplicate.handleSeconds
            if let other = duplicate.lastCustomerMessageAt, other > (target.lastCustomerMessageAt ?? .distantPast) { target.lastCustomerMessageAt = other }
            if let other = duplicate.firstResponseAt, other < (target.firstResponseAt ?? .distantFuture) { target.firstResponseAt = other }
            target.updatedAt = now
            try await Self.saveCase(target, on: sql)
            if duplicate.status != .closed {
                try await Self.recordStatusChange(duplicate.id, from: duplicate.status, to: .closed, actor: actor, at: now, on: sql)
                duplicate.status = .closed
                duplicate.closedAt = now
            }
            duplicate.mergedInto = targetID
            duplicate.assigneeID = nil
            duplicate.queuedAt = nil
            duplicate.updatedAt = now
            try await Self.saveCase(duplicate, on: sql)
            return target
        }
    }

    /// Records a phone call on a case: its handle time counts towards the case, and it lands on the timeline.
    public func recordCall(_ call: CallRecord, timeline: ServiceTimelineSink, now: Date = Date()) async throws -> ServiceCase {
        try await groupedWrite { sql in
            guard var serviceCase = try await Self.loadCase(call.caseID, on: sql) else { throw StorageError.notFound("no case \(call.caseID.rawValue)") }
            var insert = SQLStatement("INSERT INTO case_calls (id, case_id, direction, phone, agent_id, started_at, wait_seconds, talk_seconds, wrap_seconds, outcome) VALUES (")
            insert.bind(call.id); insert.append(", ")
            insert.bind(call.caseID.rawValue); insert.append(", ")
            insert.bind(call.direction.rawValue); insert.append(", ")
            insert.bind(call.phone); insert.append(", ")
            insert.bind(call.agentID?.rawValue); insert.append(", ")
            insert.bind(Timestamps.millis(call.startedAt)); insert.append(", ")
            insert.bind(call.waitSeconds); insert.append(", ")
            insert.bind(call.talkSeconds); insert.append(", ")
            insert.bind(call.wrapSeconds); insert.append(", ")
            insert.bind(call.outcome); insert.append(")")
            try await sql.run(insert)
            serviceCase.handleSeconds += call.handleSeconds
            // An answered call is the agent's response to the customer.
            if call.talkSeconds > 0 {
                let answeredAt = call.startedAt.addingTimeInterval(call.waitSeconds)
                if serviceCase.firstResponseAt == nil { serviceCase.firstResponseAt = answeredAt }
                serviceCase.lastAgentReplyAt = max(serviceCase.lastAgentReplyAt ?? answeredAt, answeredAt)
                serviceCase.agentReplies += 1
            }
            if serviceCase.assigneeID == nil, let agent = call.agentID { serviceCase.assigneeID = agent; serviceCase.queuedAt = nil }
            serviceCase.updatedAt = now
            try await Self.saveCase(serviceCase, on: sql)
            try await Self.recordTimeline([ServiceTimelineEvents.call(call, of: serviceCase)], sink: timeline, now: now, on: sql)
            return serviceCase
        }
    }

    /// Adds an agent's measured working time to a case (chat and e-mail handle time).
    public func addHandleTime(_ caseID: CaseID, seconds: Double) async throws {
        guard seconds > 0 else { return }
        var update = SQLStatement("UPDATE cases SET handle_seconds = handle_seconds + ")
        update.bind(seconds)
        update.append(" WHERE id = ")
        update.bind(caseID.rawValue)
        try await sql.run(update)
    }

    /// The customer's satisfaction answer (1–5) after resolution; a later answer replaces an earlier one.
    public func rateCase(_ caseID: CaseID, score: Int, comment: String?, timeline: ServiceTimelineSink, now: Date = Date()) async throws -> ServiceCase {
        guard (1...5).contains(score) else { throw StorageError.invalid("CSAT is a score from 1 to 5") }
        return try await groupedWrite { sql in
            guard var serviceCase = try await Self.loadCase(caseID, on: sql) else { throw StorageError.notFound("no case \(caseID.rawValue)") }
            guard serviceCase.resolvedAt != nil else { throw StorageError.conflict("CSAT is asked after resolution: case \(serviceCase.number) is not resolved yet") }
            serviceCase.csatScore = score
            serviceCase.csatComment = comment?.trimmedWhitespace.nilIfEmpty.map { String($0.prefix(2000)) }
            serviceCase.csatAt = now
            serviceCase.updatedAt = now
            try await Self.saveCase(serviceCase, on: sql)
            try await Self.recordTimeline([ServiceTimelineEvents.satisfaction(score: score, comment: comment, of: serviceCase, at: now)],
                                          sink: timeline, now: now, on: sql)
            return serviceCase
        }
    }

    /// Stores the worst SLA state and next due moment, as last evaluated (for lists and sorting).
    public func setSLA(_ caseID: CaseID, state: SLAClockState?, dueAt: Date?) async throws {
        var update = SQLStatement("UPDATE cases SET sla_state = ")
        update.bind(state?.rawValue)
        update.append(", sla_due_at = ")
        update.bind(dueAt.map(Timestamps.millis))
        update.append(" WHERE id = ")
        update.bind(caseID.rawValue)
        try await sql.run(update)
    }

    /// Routes a case inside a transaction: the rules pick a team and strategy, the strategy an agent with room, else the queue.
    static func route(_ serviceCase: inout ServiceCase, routing: RoutingConfiguration, now: Date, on sql: any SQLDatabase) async throws {
        let agents = try await loadAgents(on: sql).map(\.availability)
        var scores: CustomerScores?
        if let profile = serviceCase.profileID { scores = try await valueScores(of: profile, on: sql) }
        let request = RoutingRequest(for: serviceCase, valueTier: scores?.valueTier.rawValue, clv: scores?.clv)
        let decision = Router.route(request, rules: routing.rules, agents: agents,
                                    lastAssignedByTeam: Router.lastAssignedByTeam(agents), defaultStrategy: routing.defaultStrategy)
        serviceCase.teamID = decision.teamID
        serviceCase.priority = max(serviceCase.priority, decision.priority)
        if let rule = decision.rule { serviceCase.requiredSkills = rule.requiredSkills }
        if let agent = decision.agentID {
            try await assign(&serviceCase, to: agent, now: now, on: sql)
        } else {
            serviceCase.assigneeID = nil
            if serviceCase.queuedAt == nil { serviceCase.queuedAt = now }
        }
    }

    /// Routes an existing case again (after a reopen, or on request), in one transaction.
    public func routeCase(_ caseID: CaseID, routing: RoutingConfiguration, now: Date = Date()) async throws -> ServiceCase {
        try await groupedWrite { sql in
            guard var serviceCase = try await Self.loadCase(caseID, on: sql) else { throw StorageError.notFound("no case \(caseID.rawValue)") }
            guard serviceCase.status.isActive, serviceCase.mergedInto == nil else { return serviceCase }
            try await Self.route(&serviceCase, routing: routing, now: now, on: sql)
            serviceCase.updatedAt = now
            try await Self.saveCase(serviceCase, on: sql)
            return serviceCase
        }
    }

    // MARK: Helpers inside a transaction

    static func loadCase(_ id: CaseID, on sql: any SQLDatabase, lock: Bool = false) async throws -> ServiceCase? {
        var statement = SQLStatement("SELECT \(caseColumns) FROM cases WHERE id = ")
        statement.bind(id.rawValue)
        if lock { statement.append(" FOR UPDATE") }
        return try await sql.rows(statement).first.map(ServiceCase.init(row:))
    }

    /// Appends a message and applies what it means for the case; returns the message and its timeline events.
    private static func appendMessage(_ new: NewServiceMessage, to serviceCase: inout ServiceCase, now: Date, on sql: any SQLDatabase)
        async throws -> (message: ServiceMessage, events: [JSONValue]) {
        var last = SQLStatement("SELECT MAX(seq) AS n FROM case_messages WHERE case_id = ")
        last.bind(serviceCase.id.rawValue)
        let sequence = ((try await sql.rows(last).first?.decode(column: "n", as: Int64?.self)) ?? nil).map { $0 + 1 } ?? 1
        let at = new.at.map { min($0, now) } ?? now
        var message = ServiceMessage(id: TimeOrderedID.make(at: now), caseID: serviceCase.id, sequence: sequence, direction: new.direction,
                                     authorID: new.authorID, authorName: String(new.authorName.prefix(200)), body: new.body.trimmedWhitespace,
                                     channel: new.channel ?? serviceCase.channel, clientID: new.clientID, externalID: new.externalID, createdAt: at)
        var insert = SQLStatement("INSERT INTO case_messages (id, case_id, seq, direction, author_id, author_name, body, channel, client_id, external_id, created_at) VALUES (")
        insert.bind(message.id); insert.append(", ")
        insert.bind(message.caseID.rawValue); insert.append(", ")
        insert.bind(message.sequence); insert.append(", ")
        insert.bind(message.direction.rawValue); insert.append(", ")
        insert.bind(message.authorID); insert.append(", ")
        insert.bind(message.authorName); insert.append(", ")
        insert.bind(message.body); insert.append(", ")
        insert.bind(message.channel.rawValue); insert.append(", ")
        insert.bind(message.clientID); insert.append(", ")
        insert.bind(message.externalID); insert.append(", ")
        insert.bind(Timestamps.millis(at)); insert.append(")")
        try await sql.run(insert)
        for attachment in new.attachments {
            let info = AttachmentInfo(id: TimeOrderedID.make(at: now), fileName: String(attachment.fileName.prefix(200)),
                                      contentType: attachment.contentType, sizeBytes: attachment.content.count)
            var file = SQLStatement("INSERT INTO case_attachments (id, case_id, message_id, file_name, content_type, size_bytes, content, created_at) VALUES (")
            file.bind(info.id); file.append(", ")
            file.bind(serviceCase.id.rawValue); file.append(", ")
            file.bind(message.id); file.append(", ")
            file.bind(info.fileName); file.append(", ")
            file.bind(info.contentType); file.append(", ")
            file.bind(Int64(info.sizeBytes)); file.append(", ")
            file.bind(attachment.content.base64EncodedString()); file.append(", ")
            file.bind(Timestamps.millis(now)); file.append(")")
            try await sql.run(file)
            message.attachments.append(info)
        }

        var events = [JSONValue]()
        switch new.direction {
        case .inbound:
            serviceCase.lastCustomerMessageAt = at
            // The customer writing again takes a case off hold, or re-opens a solved one.
            if serviceCase.status == .pending || serviceCase.status == .resolved || serviceCase.status == .closed {
                events += try await applyStatus(.open, to: &serviceCase, actor: "customer", now: at, on: sql)
            }
        case .outbound:
            serviceCase.agentReplies += 1
            serviceCase.lastAgentReplyAt = at
            if serviceCase.firstResponseAt == nil { serviceCase.firstResponseAt = at }
            if serviceCase.status == .new { events += try await applyStatus(.open, to: &serviceCase, actor: new.authorID ?? "agent", now: at, on: sql) }
            if serviceCase.assigneeID == nil, let author = new.authorID { serviceCase.assigneeID = AgentID(rawValue: author); serviceCase.queuedAt = nil }
        case .note:
            break
        }
        serviceCase.updatedAt = now
        try await saveCase(serviceCase, on: sql)
        if let event = ServiceTimelineEvents.message(message, of: serviceCase) { events.insert(event, at: 0) }
        return (message, events)
    }

    private static func applyStatus(_ status: CaseStatus, to serviceCase: inout ServiceCase, actor: String, now: Date, on sql: any SQLDatabase) async throws -> [JSONValue] {
        let from = serviceCase.status
        if from.isReopen(to: status) {
            serviceCase.reopenCount += 1
            serviceCase.closedAt = nil
        }
        switch status {
        case .resolved:
            if serviceCase.resolvedAt == nil { serviceCase.resolvedAt = now }
            serviceCase.lastResolvedAt = now
        case .closed:
            serviceCase.closedAt = now
            if serviceCase.resolvedAt == nil { serviceCase.resolvedAt = now }
            if serviceCase.lastResolvedAt == nil { serviceCase.lastResolvedAt = now }
        default:
            break
        }
        if !status.isActive { serviceCase.queuedAt = nil }
        serviceCase.status = status
        serviceCase.updatedAt = now
        let changeID = try await recordStatusChange(serviceCase.id, from: from, to: status, actor: actor, at: now, on: sql)
        return [ServiceTimelineEvents.statusChanged(serviceCase, from: from, to: status, at: now, changeID: changeID)]
    }

    @discardableResult
    private static func recordStatusChange(_ caseID: CaseID, from: CaseStatus?, to: CaseStatus, actor: String, at: Date, on sql: any SQLDatabase) async throws -> String {
        var insert = SQLStatement("INSERT INTO case_status_changes (case_id, from_status, to_status, actor, at) VALUES (")
        insert.bind(caseID.rawValue); insert.append(", ")
        insert.bind(from?.rawValue); insert.append(", ")
        insert.bind(to.rawValue); insert.append(", ")
        insert.bind(actor); insert.append(", ")
        insert.bind(Timestamps.millis(at)); insert.append(")")
        try await sql.run(insert)
        return caseID.rawValue + "-" + String(Timestamps.millis(at)) + "-" + to.rawValue
    }

    private static func assign(_ serviceCase: inout ServiceCase, to agentID: AgentID, now: Date, on sql: any SQLDatabase) async throws {
        var exists = SQLStatement("SELECT id FROM users WHERE id = ")
        exists.bind(agentID.rawValue)
        guard !(try await sql.rows(exists).isEmpty) else { throw StorageError.invalid("no agent \(agentID.rawValue)") }
        serviceCase.assigneeID = agentID
        serviceCase.queuedAt = nil
        try await ensureAgentRow(agentID, now: now, on: sql)
        var touch = SQLStatement("UPDATE agents SET last_assigned_at = ")
        touch.bind(Timestamps.millis(now))
        touch.append(" WHERE user_id = ")
        touch.bind(agentID.rawValue)
        try await sql.run(touch)
    }

    static func saveCase(_ serviceCase: ServiceCase, on sql: any SQLDatabase) async throws {
        var update = SQLStatement("UPDATE cases SET ")
        let values = caseValues(serviceCase)
        for (index, (column, value)) in values.dropFirst().enumerated() {
            if index > 0 { update.append(", ") }
            update.append(column + " = ")
            update.append(value)
        }
        update.append(" WHERE id = ")
        update.bind(serviceCase.id.rawValue)
        try await sql.run(update)
    }

    private static func bindCase(_ serviceCase: ServiceCase, into statement: inout SQLStatement) {
        for (index, (_, value)) in caseValues(serviceCase).enumerated() {
            if index > 0 { statement.append(", ") }
            statement.append(value)
        }
    }

    /// Column and bound value, in `caseColumns` order.
    private static func caseValues(_ c: ServiceCase) -> [(String, SQLStatement)] {
        func text(_ value: String?) -> SQLStatement { var s = SQLStatement(); s.bind(value); return s }
        func int(_ value: Int64?) -> SQLStatement { var s = SQLStatement(); s.bind(value); return s }
        func date(_ value: Date?) -> SQLStatement { int(value.map(Timestamps.millis)) }
        func real(_ value: Double) -> SQLStatement { var s = SQLStatement(); s.bind(value); return s }
        func list(_ values: [String]) -> SQLStatement { text(JSONCodec.serialize(.array(values.map(JSONValue.string)))) }
        let customer = (try? JSONEncoder().encode(c.customer)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
        return [
            ("id", text(c.id.rawValue)), ("number", int(c.number)), ("profile_id", text(c.profileID?.rawValue)), ("customer", text(customer)),
            ("thread_key", text(c.threadKey)), ("channel", text(c.channel.rawValue)), ("subject", text(c.subject)), ("status", text(c.status.rawValue)),
            ("priority", text(c.priority.rawValue)), ("category", text(c.category)), ("tags", list(c.tags)), ("language", text(c.language)),
            ("team_id", text(c.teamID?.rawValue)), ("assignee_id", text(c.assigneeID?.rawValue)), ("required_skills", list(c.requiredSkills)),
            ("queued_at", date(c.queuedAt)), ("created_at", date(c.createdAt)), ("updated_at", date(c.updatedAt)),
            ("first_response_at", date(c.firstResponseAt)), ("last_customer_message_at", date(c.lastCustomerMessageAt)),
            ("last_agent_reply_at", date(c.lastAgentReplyAt)), ("resolved_at", date(c.resolvedAt)), ("last_resolved_at", date(c.lastResolvedAt)),
            ("closed_at", date(c.closedAt)), ("reopen_count", int(Int64(c.reopenCount))), ("agent_replies", int(Int64(c.agentReplies))),
            ("handle_seconds", real(c.handleSeconds)), ("csat_score", int(c.csatScore.map(Int64.init))), ("csat_comment", text(c.csatComment)),
            ("csat_at", date(c.csatAt)), ("merged_into", text(c.mergedInto?.rawValue)), ("sla_state", text(c.slaState?.rawValue)),
            ("sla_due_at", date(c.slaDueAt)),
        ]
    }

    /// Stores the case's timeline events through the collection path (same transaction). Inside a grouped write they are
    /// recorded once for the whole group, at its end.
    private static func recordTimeline(_ events: [JSONValue], sink: ServiceTimelineSink, now: Date, on sql: any SQLDatabase) async throws {
        guard !events.isEmpty else { return }
        var messages = [InboundMessage]()
        let envelope = MessageValidator.Envelope(correctsClockSkew: false, receivedAt: now)
        for (index, event) in events.enumerated() {
            if case .success(let message) = sink.validator.validate(event, index: index, envelope: envelope, makeID: { TimeOrderedID.make(at: now) }) {
                messages.append(message)
            }
        }
        guard !messages.isEmpty else { return }
        let submission = IngestSubmission(sourceID: sink.sourceID, messages: messages)
        if let context = GroupedWriteContext.current {
            context.timeline.withLock { $0.append(submission) }
            return
        }
        // Identity resolution reads then writes the graph: the same lock the collection path holds on PostgreSQL
        // (taking it again in one transaction is allowed).
        if SQLDialectKind(sql) == .postgres { try await sql.run("SELECT pg_advisory_xact_lock(727001)") }
        _ = try await ingest([submission], now: now, on: sql)
    }

    /// Links the case to the profile its customer's identifiers resolve to. A customer seen for the first time has no
    /// profile until the timeline events are recorded: then the link is made at the end of the grouped write.
    private static func linkProfile(_ serviceCase: ServiceCase, on sql: any SQLDatabase) async throws -> ProfileID? {
        if let found = try await findAndLinkProfile(serviceCase, on: sql) { return found }
        if let context = GroupedWriteContext.current {
            context.afterTimeline.withLock { $0.append({ sql in _ = try await findAndLinkProfile(serviceCase, on: sql) }) }
        }
        return nil
    }

    private static func findAndLinkProfile(_ serviceCase: ServiceCase, on sql: any SQLDatabase) async throws -> ProfileID? {
        var keys = [String]()
        if let reference = serviceCase.customer.profileReference, let identifier = Identifier.parse(reference: reference) { keys.append(identifier.key) }
        if let identifier = Identifier.parse(reference: "anonymous_id:" + serviceCase.timelineAnonymousID) { keys.append(identifier.key) }
        for key in keys {
            var statement = SQLStatement("SELECT profile_id FROM identities WHERE key = ")
            statement.bind(key)
            if let row = try await sql.rows(statement).first {
                let profile = ProfileID(rawValue: try row.decode(column: "profile_id", as: String.self))
                var update = SQLStatement("UPDATE cases SET profile_id = ")
                update.bind(profile.rawValue)
                update.append(" WHERE id = ")
                update.bind(serviceCase.id.rawValue)
                try await sql.run(update)
                return profile
            }
        }
        return nil
    }

    static func cleanTags(_ tags: [String]) -> [String] {
        var seen = Set<String>()
        return tags.compactMap { tag in
            let cleaned = String(tag.trimmedWhitespace.lowercased().prefix(50))
            guard !cleaned.isEmpty, seen.insert(cleaned).inserted else { return nil }
            return cleaned
        }
    }
}

extension String {
    var nilIfEmpty: String? { isEmpty ? nil : self }
}

extension ServiceCase {
    init(row: any SQLRow) throws {
        func date(_ column: String) throws -> Date? { try row.decode(column: column, as: Int64?.self).map(Timestamps.date(millis:)) }
        func list(_ column: String) throws -> [String] {
            (JSONValue.parse(try row.decode(column: column, as: String.self))?.arrayValue ?? []).compactMap(\.stringValue)
        }
        let customerText = try row.decode(column: "customer", as: String.self)
        let customer = (try? JSONDecoder().decode(CustomerContact.self, from: Data(customerText.utf8))) ?? CustomerContact()
        self.init(
            id: CaseID(rawValue: try row.decode(column: "id", as: String.self)),
            number: try row.decode(column: "number", as: Int64.self),
            profileID: try row.decode(column: "profile_id", as: String?.self).map(ProfileID.init(rawValue:)),
            customer: customer,
            threadKey: try row.decode(column: "thread_key", as: String?.self),
            channel: Channel(rawValue: try row.decode(column: "channel", as: String.self)) ?? .server,
            subject: try row.decode(column: "subject", as: String.self),
            status: CaseStatus(rawValue: try row.decode(column: "status", as: String.self)) ?? .open,
            priority: CasePriority(rawValue: try row.decode(column: "priority", as: String.self)) ?? .normal,
            category: try row.decode(column: "category", as: String?.self),
            tags: try list("tags"),
            language: try row.decode(column: "language", as: String?.self),
            teamID: try row.decode(column: "team_id", as: String?.self).map(TeamID.init(rawValue:)),
            assigneeID: try row.decode(column: "assignee_id", as: String?.self).map(AgentID.init(rawValue:)),
            requiredSkills: try list("required_skills"),
            queuedAt: try date("queued_at"),
            createdAt: try date("created_at") ?? Date(timeIntervalSince1970: 0),
            updatedAt: try date("updated_at") ?? Date(timeIntervalSince1970: 0),
            firstResponseAt: try date("first_response_at"),
            lastCustomerMessageAt: try date("last_customer_message_at"),
            lastAgentReplyAt: try date("last_agent_reply_at"),
            resolvedAt: try date("resolved_at"),
            lastResolvedAt: try date("last_resolved_at"),
            closedAt: try date("closed_at"),
            reopenCount: Int(try row.decode(column: "reopen_count", as: Int64.self)),
            agentReplies: Int(try row.decode(column: "agent_replies", as: Int64.self)),
            handleSeconds: try row.decode(column: "handle_seconds", as: Double.self),
            csatScore: try row.decode(column: "csat_score", as: Int64?.self).map(Int.init),
            csatComment: try row.decode(column: "csat_comment", as: String?.self),
            csatAt: try date("csat_at"),
            mergedInto: try row.decode(column: "merged_into", as: String?.self).map(CaseID.init(rawValue:)),
            slaState: try row.decode(column: "sla_state", as: String?.self).flatMap(SLAClockState.init(rawValue:)),
            slaDueAt: try date("sla_due_at"))
    }
}

extension ServiceMessage {
    init(row: any SQLRow) throws {
        self.init(id: try row.decode(column: "id", as: String.self),
                  caseID: CaseID(rawValue: try row.decode(column: "case_id", as: String.self)),
                  sequence: try row.decode(column: "seq", as: Int64.self),
                  direction: ServiceMessageDirection(rawValue: try row.decode(column: "direction", as: String.self)) ?? .note,
                  authorID: try row.decode(column: "author_id", as: String?.self),
                  authorName: try row.decode(column: "author_name", as: String.self),
                  body: try row.decode(column: "body", as: String.self),
                  channel: Channel(rawValue: try row.decode(column: "channel", as: String.self)) ?? .server,
                  clientID: try row.decode(column: "client_id", as: String?.self),
                  externalID: try row.decode(column: "external_id", as: String?.self),
                  createdAt: Timestamps.date(millis: try row.decode(column: "created_at", as: Int64.self)))
    }
}

extension CallRecord {
    init(row: any SQLRow) throws {
        self.init(id: try row.decode(column: "id", as: String.self),
                  caseID: CaseID(rawValue: try row.decode(column: "case_id", as: String.self)),
                  direction: CallRecord.Direction(rawValue: try row.decode(column: "direction", as: String.self)) ?? .inbound,
                  phone: try row.decode(column: "phone", as: String?.self),
                  agentID: try row.decode(column: "agent_id", as: String?.self).map(AgentID.init(rawValue:)),
                  startedAt: Timestamps.date(millis: try row.decode(column: "started_at", as: Int64.self)),
                  waitSeconds: try row.decode(column: "wait_seconds", as: Double.self),
                  talkSeconds: try row.decode(column: "talk_seconds", as: Double.self),
                  wrapSeconds: try row.decode(column: "wrap_seconds", as: Double.self),
                  outcome: try row.decode(column: "outcome", as: String.self))
    }
}
