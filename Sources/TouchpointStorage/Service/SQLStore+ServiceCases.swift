import Foundation
import Tagged
import SQLKit
import TouchpointDomain

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
        var statement = SQLStatement("SELECT \(sql: Self.caseColumns) FROM cases WHERE number = ")
        statement.bind(number)
        return try await sql.rows(statement).first.map(ServiceCase.init(row:))
    }

    /// The case a channel thread (an e-mail conversation, a chat visitor) continues: the newest one not merged away.
    public func serviceCase(threadKey: String) async throws -> ServiceCase? {
        var statement = SQLStatement("SELECT \(sql: Self.caseColumns) FROM cases WHERE merged_into IS NULL AND thread_key = ")
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
            var statement = SQLStatement("SELECT \(sql: Self.caseColumns) FROM cases WHERE id IN ")
            statement.bindList(Array(chunk))
            found += try await sql.rows(statement).map(ServiceCase.init(row:))
        }
        return found
    }

    public func cases(_ filter: CaseFilter) async throws -> [ServiceCase] {
        var statement = SQLStatement("SELECT \(sql: Self.caseColumns) FROM cases WHERE merged_into IS NULL")
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
        var statement = SQLStatement("SELECT \(sql: Self.caseColumns) FROM cases WHERE merged_into IS NULL AND created_at >= ")
        statement.bind(Timestamps.millis(from))
        statement.append(" AND created_at < ")
        statement.bind(Timestamps.millis(to))
        statement.append(" ORDER BY created_at")
        return try await sql.rows(statement).map(ServiceCase.init(row:))
    }

    /// Cases whose SLA clocks are still running (not resolved or closed).
    public func activeCases() async throws -> [ServiceCase] {
        try await sql.rows("SELECT \(sql: Self.caseColumns) FROM cases WHERE merged_into IS NULL AND status IN ('new', 'open', 'pending')")
            .map(ServiceCase.init(row:))
    }

    /// Cases waiting in a queue for a free agent, oldest first.
    public func queuedCases() async throws -> [ServiceCase] {
        try await sql.rows("SELECT \(sql: Self.caseColumns) FROM cases WHERE merged_into IS NULL AND assignee_id IS NULL AND queued_at IS NOT NULL AND status IN ('new', 'open', 'pending') ORDER BY queued_at")
            .map(ServiceCase.init(row:))
    }

    // MARK: Writing cases
    //
    // Each write loads the case, lets a rule of `ServiceCase+Rules.swift` decide, and saves what it returns: the case
    // row, the status history, the messages and the timeline events, in one transaction.

    /// Opens a case, with its first message when there is one. The case, the message and their timeline events commit together.
    /// With `routing`, the case is routed in the same transaction: given to a free agent, or put in its team's queue.
    public func createCase(_ new: NewCase, firstMessage: NewServiceMessage?, timeline: ServiceTimelineSink, routing: RoutingConfiguration? = nil,
                           now: Date = Date()) async throws -> (ServiceCase, ServiceMessage?) {
        let customerKeys = new.customer.identifiers(defaultCallingCode: timeline.validator.defaultCallingCode).map(\.key)
            + (new.threadKey.flatMap { $0.hasPrefix("chat:") ? [Identifier(kind: .anonymousID, value: String($0.dropFirst(5))).key] : nil } ?? [])
        return try await groupedWrite { sql in
            try await AdvisoryLock.identityGraph.hold(on: sql)
            if try await Self.isSuppressed(customerKeys, on: sql) {
                throw StorageError.erased("this customer was erased at their request (GDPR art. 17), so their contact is not stored; "
                                          + "if they agree to be known again, lift the suppression with DELETE /api/v1/suppressions/{identifier}")
            }
            let number = (try await sql.rows("SELECT MAX(number) AS n FROM cases").first?.decode(column: "n", as: Int64?.self) ?? nil).map { $0 + 1 } ?? 1001
            var (serviceCase, opening) = try ServiceCase.open(new, id: CaseID(rawValue: TimeOrderedID.make(at: now)), number: number,
                                                              firstMessageAt: firstMessage.map { ServiceCase.messageTime($0, now: now) }, now: now)
            try await sql.run("INSERT INTO cases (\(sql: Self.caseColumns)) VALUES (\(Self.caseValueList(serviceCase)))")
            try await Self.recordStatusChange(opening, of: serviceCase.id, on: sql)
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

    /// Adds a message to a case; `ServiceCase.receive` says what it means (a customer re-opening, an agent answering).
    /// A message whose `clientID` is already in the case is not stored twice: the stored one comes back with `created` false.
    public func addMessage(_ new: NewServiceMessage, to caseID: CaseID, timeline: ServiceTimelineSink, now: Date = Date())
        async throws -> (message: ServiceMessage, serviceCase: ServiceCase, created: Bool) {
        try ServiceCase.check(new)
        let dialect = self.dialect
        return try await groupedWrite { sql in
            try await AdvisoryLock.identityGraph.hold(on: sql)
            var serviceCase = try await Self.requireCase(caseID, on: sql, lock: dialect == .postgres)
            try serviceCase.checkAcceptsMessages()
            if let clientID = new.clientID {
                let existing: SQLStatement = "SELECT \(sql: Self.messageColumns) FROM case_messages WHERE case_id = \(bind: caseID.rawValue) AND client_id = \(bind: clientID)"
                if let row = try await sql.rows(existing).first { return (try ServiceMessage(row: row), serviceCase, false) }
            }
            let added = try await Self.appendMessage(new, to: &serviceCase, now: now, on: sql)
            try await Self.recordTimeline(added.events, sink: timeline, now: now, on: sql)
            if serviceCase.profileID == nil { serviceCase.profileID = try await Self.linkProfile(serviceCase, on: sql) }
            return (added.message, serviceCase, true)
        }
    }

    /// Moves a case to another status, if `ServiceCase.move` allows it.
    public func changeStatus(of caseID: CaseID, to status: CaseStatus, actor: String, timeline: ServiceTimelineSink, now: Date = Date()) async throws -> ServiceCase {
        let dialect = self.dialect
        return try await groupedWrite { sql in
            try await AdvisoryLock.identityGraph.hold(on: sql)
            var serviceCase = try await Self.requireCase(caseID, on: sql, lock: dialect == .postgres)
            guard let move = try serviceCase.move(to: status, actor: actor, at: now) else { return serviceCase }
            let event = try await Self.persist(move, of: serviceCase, on: sql)
            try await Self.saveCase(serviceCase, on: sql)
            try await Self.recordTimeline([event], sink: timeline, now: now, on: sql)
            return serviceCase
        }
    }

    /// Changes a case's fields (subject, priority, category, tags, language, team, assignee).
    public func updateCase(_ caseID: CaseID, _ update: CaseUpdate, now: Date = Date()) async throws -> ServiceCase {
        try await groupedWrite { sql in
            var serviceCase = try await Self.requireCase(caseID, on: sql)
            if let agent = try serviceCase.edit(update, now: now) { try await Self.noteAssignment(of: agent, now: now, on: sql) }
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
            var serviceCase = try await Self.requireCase(caseID, on: sql, lock: dialect == .postgres)
            if onlyIfWaiting && !serviceCase.isWaitingForAgent { return serviceCase }
            try serviceCase.edit(CaseUpdate(priority: priority, teamID: teamID, assigneeID: .some(agentID)), now: now)
            try await Self.noteAssignment(of: agentID, now: now, on: sql)
            try await Self.saveCase(serviceCase, on: sql)
            return serviceCase
        }
    }

    /// Merges a duplicate into the case it repeats (`ServiceCase.absorb`): its messages, attachments and calls move over,
    /// and it closes pointing there.
    public func mergeCase(_ duplicateID: CaseID, into targetID: CaseID, actor: String, now: Date = Date()) async throws -> ServiceCase {
        try await groupedWrite { sql in
            try await AdvisoryLock.identityGraph.hold(on: sql)
            var duplicate = try await Self.requireCase(duplicateID, on: sql)
            var target = try await Self.requireCase(targetID, on: sql)
            try target.checkCanAbsorb(duplicate)
            let (from, to) = (duplicateID.rawValue, targetID.rawValue)
            // A client id is unique within a case: the duplicate's copy of one the target already has is let go
            // (both cases are the same conversation; the target's message answers any retry).
            try await sql.run("""
                UPDATE case_messages SET client_id = NULL WHERE case_id = \(bind: from)
                AND client_id IN (SELECT client_id FROM case_messages WHERE client_id IS NOT NULL AND case_id = \(bind: to))
                """)
            let offset = try await sql.rows("SELECT MAX(seq) AS n FROM case_messages WHERE case_id = \(bind: to)").first?.decode(column: "n", as: Int64?.self) ?? 0
            try await sql.run("UPDATE case_messages SET seq = seq + \(bind: offset + 1_000_000), case_id = \(bind: to) WHERE case_id = \(bind: from)")
            // Renumber the moved messages to follow the target's, keeping their order.
            var next = offset + 1
            for row in try await sql.rows("SELECT id FROM case_messages WHERE case_id = \(bind: to) AND seq > 1000000 ORDER BY seq") {
                try await sql.run("UPDATE case_messages SET seq = \(bind: next) WHERE id = \(bind: try row.decode(column: "id", as: String.self))")
                next += 1
            }
            for table in ["case_attachments", "case_calls"] {
                try await sql.run("UPDATE \(sql: table) SET case_id = \(bind: to) WHERE case_id = \(bind: from)")
            }
            let closing = try target.absorb(&duplicate, actor: actor, at: now)
            try await Self.saveCase(target, on: sql)
            if let closing { try await Self.recordStatusChange(closing, of: duplicate.id, on: sql) }
            try await Self.saveCase(duplicate, on: sql)
            return target
        }
    }

    /// Records a phone call on a case (`ServiceCase.record`): its handle time counts, and it lands on the timeline.
    public func recordCall(_ call: CallRecord, timeline: ServiceTimelineSink, now: Date = Date()) async throws -> ServiceCase {
        try await groupedWrite { sql in
            var serviceCase = try await Self.requireCase(call.caseID, on: sql)
            try await sql.run("""
                INSERT INTO case_calls (id, case_id, direction, phone, agent_id, started_at, wait_seconds, talk_seconds, wrap_seconds, outcome)
                VALUES (\(bind: call.id), \(bind: call.caseID.rawValue), \(bind: call.direction.rawValue), \(bind: call.phone), \(bind: call.agentID?.rawValue),
                        \(bind: call.startedAt), \(bind: call.waitSeconds), \(bind: call.talkSeconds), \(bind: call.wrapSeconds), \(bind: call.outcome))
                """)
            serviceCase.record(call, now: now)
            try await Self.saveCase(serviceCase, on: sql)
            try await Self.recordTimeline([ServiceTimelineEvents.call(call, of: serviceCase)], sink: timeline, now: now, on: sql)
            return serviceCase
        }
    }

    /// Adds an agent's measured working time to a case (chat and e-mail handle time), if `ServiceCase.countableHandleTime`
    /// counts it. One statement: concurrent replies each add theirs.
    public func addHandleTime(_ caseID: CaseID, seconds: Double) async throws {
        guard let seconds = ServiceCase.countableHandleTime(seconds) else { return }
        try await sql.run("UPDATE cases SET handle_seconds = handle_seconds + \(bind: seconds) WHERE id = \(bind: caseID.rawValue)")
    }

    /// The customer's satisfaction answer (`ServiceCase.rate`).
    public func rateCase(_ caseID: CaseID, score: Int, comment: String?, timeline: ServiceTimelineSink, now: Date = Date()) async throws -> ServiceCase {
        try await groupedWrite { sql in
            var serviceCase = try await Self.requireCase(caseID, on: sql)
            try serviceCase.rate(score: score, comment: comment, at: now)
            try await Self.saveCase(serviceCase, on: sql)
            try await Self.recordTimeline([ServiceTimelineEvents.satisfaction(score: score, comment: comment, of: serviceCase, at: now)],
                                          sink: timeline, now: now, on: sql)
            return serviceCase
        }
    }

    /// Stores the worst SLA state and next due moment, as last evaluated (for lists and sorting).
    public func setSLA(_ caseID: CaseID, state: SLAClockState?, dueAt: Date?) async throws {
        try await sql.run("UPDATE cases SET sla_state = \(bind: state?.rawValue), sla_due_at = \(bind: dueAt) WHERE id = \(bind: caseID.rawValue)")
    }

    /// Routes a case inside a transaction: the rules pick a team and strategy, the strategy an agent with room, else the
    /// queue (`ServiceCase.apply(_:at:)`).
    static func route(_ serviceCase: inout ServiceCase, routing: RoutingConfiguration, now: Date, on sql: any SQLDatabase) async throws {
        let agents = try await loadAgents(on: sql).map(\.availability)
        var scores: CustomerScores?
        if let profile = serviceCase.profileID { scores = try await valueScores(of: profile, on: sql) }
        let request = RoutingRequest(for: serviceCase, valueTier: scores?.valueTier.rawValue, clv: scores?.clv)
        let decision = Router.route(request, rules: routing.rules, agents: agents,
                                    lastAssignedByTeam: Router.lastAssignedByTeam(agents), defaultStrategy: routing.defaultStrategy)
        if let agent = serviceCase.apply(decision, at: now) { try await noteAssignment(of: agent, now: now, on: sql) }
    }

    /// Routes an existing case again (after a reopen, or on request), in one transaction.
    public func routeCase(_ caseID: CaseID, routing: RoutingConfiguration, now: Date = Date()) async throws -> ServiceCase {
        try await groupedWrite { sql in
            var serviceCase = try await Self.requireCase(caseID, on: sql)
            guard serviceCase.status.isActive, serviceCase.mergedInto == nil else { return serviceCase }
            try await Self.route(&serviceCase, routing: routing, now: now, on: sql)
            try await Self.saveCase(serviceCase, on: sql)
            return serviceCase
        }
    }

    // MARK: Helpers inside a transaction

    static func loadCase(_ id: CaseID, on sql: any SQLDatabase, lock: Bool = false) async throws -> ServiceCase? {
        try await sql.rows("SELECT \(sql: caseColumns) FROM cases WHERE id = \(bind: id.rawValue)\(sql: lock ? " FOR UPDATE" : "")").first.map(ServiceCase.init(row:))
    }

    private static func requireCase(_ id: CaseID, on sql: any SQLDatabase, lock: Bool = false) async throws -> ServiceCase {
        guard let found = try await loadCase(id, on: sql, lock: lock) else { throw StorageError.notFound("no case \(id.rawValue)") }
        return found
    }

    static let messageColumns = "id, case_id, seq, direction, author_id, author_name, body, channel, client_id, external_id, created_at"

    /// Appends a message and saves what `ServiceCase.receive` made of it; returns the message and its timeline events.
    private static func appendMessage(_ new: NewServiceMessage, to serviceCase: inout ServiceCase, now: Date, on sql: any SQLDatabase)
        async throws -> (message: ServiceMessage, events: [JSONValue]) {
        let at = ServiceCase.messageTime(new, now: now)
        let moves = try serviceCase.receive(new.direction, authorID: new.authorID, at: at, now: now)
        let last = try await sql.rows("SELECT MAX(seq) AS n FROM case_messages WHERE case_id = \(bind: serviceCase.id.rawValue)").first
        let sequence = (try last?.decode(column: "n", as: Int64?.self)).flatMap { $0 }.map { $0 + 1 } ?? 1
        var message = ServiceMessage(id: TimeOrderedID.make(at: now), caseID: serviceCase.id, sequence: sequence, direction: new.direction,
                                     authorID: new.authorID, authorName: String(new.authorName.prefix(200)), body: new.body.trimmedWhitespace,
                                     channel: new.channel ?? serviceCase.channel, clientID: new.clientID, externalID: new.externalID, createdAt: at)
        try await sql.run("""
            INSERT INTO case_messages (\(sql: messageColumns)) VALUES (\(bind: message.id), \(bind: message.caseID.rawValue), \(bind: message.sequence),
            \(bind: message.direction.rawValue), \(bind: message.authorID), \(bind: message.authorName), \(bind: message.body), \(bind: message.channel.rawValue),
            \(bind: message.clientID), \(bind: message.externalID), \(bind: at))
            """)
        for attachment in new.attachments {
            let info = AttachmentInfo(id: TimeOrderedID.make(at: now), fileName: String(attachment.fileName.prefix(200)),
                                      contentType: attachment.contentType, sizeBytes: attachment.content.count)
            try await sql.run("""
                INSERT INTO case_attachments (id, case_id, message_id, file_name, content_type, size_bytes, content, created_at)
                VALUES (\(bind: info.id), \(bind: serviceCase.id.rawValue), \(bind: message.id), \(bind: info.fileName), \(bind: info.contentType),
                        \(bind: info.sizeBytes), \(bind: attachment.content.base64EncodedString()), \(bind: now))
                """)
            message.attachments.append(info)
        }
        var events = [JSONValue]()
        if let event = ServiceTimelineEvents.message(message, of: serviceCase) { events.append(event) }
        for move in moves { events.append(try await persist(move, of: serviceCase, on: sql)) }
        try await saveCase(serviceCase, on: sql)
        return (message, events)
    }

    /// Keeps a status move in the case's history; returns its timeline event.
    private static func persist(_ move: CaseTransition, of serviceCase: ServiceCase, on sql: any SQLDatabase) async throws -> JSONValue {
        let changeID = try await recordStatusChange(move, of: serviceCase.id, on: sql)
        return ServiceTimelineEvents.statusChanged(serviceCase, from: move.from, to: move.to, at: move.at, changeID: changeID)
    }

    @discardableResult
    private static func recordStatusChange(_ move: CaseTransition, of caseID: CaseID, on sql: any SQLDatabase) async throws -> String {
        try await sql.run("""
            INSERT INTO case_status_changes (case_id, from_status, to_status, actor, at)
            VALUES (\(bind: caseID.rawValue), \(bind: move.from?.rawValue), \(bind: move.to.rawValue), \(bind: move.actor), \(bind: move.at))
            """)
        return caseID.rawValue + "-" + String(Timestamps.millis(move.at)) + "-" + move.to.rawValue
    }

    /// The storage side of an assignment: the agent must exist, and their last assignment is noted for round-robin.
    private static func noteAssignment(of agentID: AgentID, now: Date, on sql: any SQLDatabase) async throws {
        guard !(try await sql.rows("SELECT id FROM users WHERE id = \(bind: agentID.rawValue)").isEmpty) else {
            throw StorageError.invalid("no agent \(agentID.rawValue)")
        }
        try await ensureAgentRow(agentID, now: now, on: sql)
        try await sql.run("UPDATE agents SET last_assigned_at = \(bind: now) WHERE user_id = \(bind: agentID.rawValue)")
    }

    static func saveCase(_ serviceCase: ServiceCase, on sql: any SQLDatabase) async throws {
        var assignments = SQLStatement()
        for (index, (column, value)) in caseValues(serviceCase).dropFirst().enumerated() {
            assignments.append("\(sql: index == 0 ? "" : ", ")\(sql: column) = \(value)")
        }
        try await sql.run("UPDATE cases SET \(assignments) WHERE id = \(bind: serviceCase.id.rawValue)")
    }

    /// The case's values in `caseColumns` order, separated by commas: the inside of an INSERT's VALUES.
    private static func caseValueList(_ serviceCase: ServiceCase) -> SQLStatement {
        var list = SQLStatement()
        for (index, (_, value)) in caseValues(serviceCase).enumerated() {
            list.append("\(sql: index == 0 ? "" : ", ")\(value)")
        }
        return list
    }

    /// Column and bound value, in `caseColumns` order.
    private static func caseValues(_ c: ServiceCase) -> [(String, SQLStatement)] {
        func list(_ values: [String]) -> String { JSONCodec.serialize(.array(values.map(JSONValue.string))) }
        let customer = (try? JSONEncoder().encode(c.customer)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
        return [
            ("id", "\(bind: c.id.rawValue)"), ("number", "\(bind: c.number)"), ("profile_id", "\(bind: c.profileID?.rawValue)"),
            ("customer", "\(bind: customer)"), ("thread_key", "\(bind: c.threadKey)"), ("channel", "\(bind: c.channel.rawValue)"),
            ("subject", "\(bind: c.subject)"), ("status", "\(bind: c.status.rawValue)"), ("priority", "\(bind: c.priority.rawValue)"),
            ("category", "\(bind: c.category)"), ("tags", "\(bind: list(c.tags))"), ("language", "\(bind: c.language)"),
            ("team_id", "\(bind: c.teamID?.rawValue)"), ("assignee_id", "\(bind: c.assigneeID?.rawValue)"),
            ("required_skills", "\(bind: list(c.requiredSkills))"), ("queued_at", "\(bind: c.queuedAt)"), ("created_at", "\(bind: c.createdAt)"),
            ("updated_at", "\(bind: c.updatedAt)"), ("first_response_at", "\(bind: c.firstResponseAt)"),
            ("last_customer_message_at", "\(bind: c.lastCustomerMessageAt)"), ("last_agent_reply_at", "\(bind: c.lastAgentReplyAt)"),
            ("resolved_at", "\(bind: c.resolvedAt)"), ("last_resolved_at", "\(bind: c.lastResolvedAt)"), ("closed_at", "\(bind: c.closedAt)"),
            ("reopen_count", "\(bind: c.reopenCount)"), ("agent_replies", "\(bind: c.agentReplies)"), ("handle_seconds", "\(bind: c.handleSeconds)"),
            ("csat_score", "\(bind: c.csatScore.map(Int64.init))"), ("csat_comment", "\(bind: c.csatComment)"), ("csat_at", "\(bind: c.csatAt)"),
            ("merged_into", "\(bind: c.mergedInto?.rawValue)"), ("sla_state", "\(bind: c.slaState?.rawValue)"), ("sla_due_at", "\(bind: c.slaDueAt)"),
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
        try await AdvisoryLock.identityGraph.hold(on: sql)
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
