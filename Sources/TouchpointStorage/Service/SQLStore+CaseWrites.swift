import Foundation
import Tagged
import SQLKit
import TouchpointDomain

extension SQLStore {
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
        return try await groupedWrite { sql, group in
            try await AdvisoryLock.identityGraph.hold(on: sql)
            if try await Self.isSuppressed(customerKeys, on: sql) {
                throw StorageError.erased("this customer was erased at their request (GDPR art. 17), so their contact is not stored; "
                                          + "if they agree to be known again, lift the suppression with DELETE /api/v1/suppressions/{identifier}")
            }
            let number = (try await sql.rows("SELECT MAX(number) AS n FROM cases").first?.decode(column: "n", as: Int64?.self) ?? nil).map { $0 + 1 } ?? 1001
            var (serviceCase, opening) = try ServiceCase.open(new, id: CaseID(rawValue: TimeOrderedID.make(at: now)), number: number,
                                                              firstMessageAt: firstMessage.map { ServiceCase.messageTime($0, now: now) }, now: now)
            try await sql.run("INSERT INTO cases (\(sql: Self.caseColumns)) VALUES (\(Self.caseValueList(serviceCase)))")
            try await Self.noteFirstAssignment(serviceCase.id, on: sql)
            try await Self.recordStatusChange(opening, of: serviceCase.id, on: sql)
            var events = [ServiceTimelineEvents.created(serviceCase)]
            var message: ServiceMessage?
            if let firstMessage {
                let added = try await Self.appendMessage(firstMessage, to: &serviceCase, now: now, on: sql)
                message = added.message
                events += added.events
            }
            try await Self.recordTimeline(events, sink: timeline, now: now, on: sql, group: group)
            serviceCase.profileID = try await Self.linkProfile(serviceCase, on: sql, group: group)
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
        async throws -> (message: ServiceMessage, serviceCase: ServiceCase, previous: ServiceCase, created: Bool) {
        try ServiceCase.check(new)
        let dialect = self.dialect
        return try await groupedWrite { sql, group in
            try await AdvisoryLock.identityGraph.hold(on: sql)
            var serviceCase = try await Self.requireCase(caseID, on: sql, lock: dialect == .postgres)
            let previous = serviceCase
            try serviceCase.checkAcceptsMessages()
            if let clientID = new.clientID {
                let existing: SQLStatement = "SELECT \(sql: Self.messageColumns) FROM case_messages WHERE case_id = \(bind: caseID.rawValue) AND client_id = \(bind: clientID)"
                if let row = try await sql.rows(existing).first { return (try ServiceMessage(row: row), serviceCase, previous, false) }
            }
            let added = try await Self.appendMessage(new, to: &serviceCase, now: now, on: sql)
            try await Self.recordTimeline(added.events, sink: timeline, now: now, on: sql, group: group)
            if serviceCase.profileID == nil { serviceCase.profileID = try await Self.linkProfile(serviceCase, on: sql, group: group) }
            return (added.message, serviceCase, previous, true)
        }
    }

    /// Moves a case to another status, if `ServiceCase.move` allows it.
    public func changeStatus(of caseID: CaseID, to status: CaseStatus, actor: String, timeline: ServiceTimelineSink, now: Date = Date()) async throws -> ServiceCase {
        let dialect = self.dialect
        return try await groupedWrite { sql, group in
            try await AdvisoryLock.identityGraph.hold(on: sql)
            var serviceCase = try await Self.requireCase(caseID, on: sql, lock: dialect == .postgres)
            guard let move = try serviceCase.move(to: status, actor: actor, at: now) else { return serviceCase }
            let event = try await Self.persist(move, of: serviceCase, on: sql)
            try await Self.saveCase(serviceCase, on: sql)
            try await Self.recordTimeline([event], sink: timeline, now: now, on: sql, group: group)
            return serviceCase
        }
    }

    /// Changes a case's fields (subject, priority, category, tags, language, team, assignee).
    public func updateCase(_ caseID: CaseID, _ update: CaseUpdate, now: Date = Date()) async throws -> ServiceCase {
        try await groupedWrite { sql, group in
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
        return try await groupedWrite { sql, group in
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
        try await groupedWrite { sql, group in
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
        try await groupedWrite { sql, group in
            var serviceCase = try await Self.requireCase(call.caseID, on: sql)
            try await sql.run("""
                INSERT INTO case_calls (id, case_id, direction, phone, agent_id, started_at, wait_seconds, talk_seconds, wrap_seconds, outcome)
                VALUES (\(bind: call.id), \(bind: call.caseID.rawValue), \(bind: call.direction.rawValue), \(bind: call.phone), \(bind: call.agentID?.rawValue),
                        \(bind: call.startedAt), \(bind: call.waitSeconds), \(bind: call.talkSeconds), \(bind: call.wrapSeconds), \(bind: call.outcome))
                """)
            serviceCase.record(call, now: now)
            try await Self.saveCase(serviceCase, on: sql)
            try await Self.recordTimeline([ServiceTimelineEvents.call(call, of: serviceCase)], sink: timeline, now: now, on: sql, group: group)
            return serviceCase
        }
    }

    /// Adds an agent's measured working time to a case (chat and e-mail handle time), if `ServiceCase.countableHandleTime`
    /// counts it. One statement: concurrent replies each add theirs.
    public func addHandleTime(_ caseID: CaseID, seconds: Double) async throws {
        guard let seconds = ServiceCase.countableHandleTime(seconds) else { return }
        try await sql.run("UPDATE cases SET handle_seconds = handle_seconds + \(bind: seconds), version = version + 1 WHERE id = \(bind: caseID.rawValue)")
    }

    /// The customer's satisfaction answer (`ServiceCase.rate`).
    public func rateCase(_ caseID: CaseID, score: Int, comment: String?, timeline: ServiceTimelineSink, now: Date = Date()) async throws -> ServiceCase {
        try await groupedWrite { sql, group in
            var serviceCase = try await Self.requireCase(caseID, on: sql)
            try serviceCase.rate(score: score, comment: comment, at: now)
            try await Self.saveCase(serviceCase, on: sql)
            try await Self.recordTimeline([ServiceTimelineEvents.satisfaction(score: score, comment: comment, of: serviceCase, at: now)],
                                          sink: timeline, now: now, on: sql, group: group)
            return serviceCase
        }
    }

    /// Stores the worst SLA state and next due moment, as last evaluated (for lists and sorting). Derived from the case
    /// and its history, so it leaves the case's version as it is: the monitor re-evaluating clocks is not a change.
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
        try await groupedWrite { sql, group in
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
                                     channel: new.channel ?? serviceCase.channel, clientID: new.clientID, externalID: serviceCase.externalID(for: new), createdAt: at)
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
        // Every change to a case, its messages, calls or status history ends here in the same transaction: the version
        // moves with it (measurement reads a case again only when its version moved).
        try await sql.run("UPDATE cases SET \(assignments), version = version + 1 WHERE id = \(bind: serviceCase.id.rawValue)")
        try await noteFirstAssignment(serviceCase.id, on: sql)
    }

    /// The moment a case was first given to someone (for "assigned within one business hour").
    static func noteFirstAssignment(_ id: CaseID, on sql: any SQLDatabase) async throws {
        try await sql.run("""
            UPDATE cases SET first_assigned_at = updated_at WHERE id = \(bind: id.rawValue) AND assignee_id IS NOT NULL AND first_assigned_at IS NULL
            """)
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
            ("origin", "\(bind: c.origin.rawValue)"),
        ]
    }

    /// Stores the case's timeline events through the collection path (same transaction). Inside a grouped write they are
    /// recorded once for the whole group, at its end.
    static func recordTimeline(_ events: [JSONValue], sink: ServiceTimelineSink, now: Date, on sql: any SQLDatabase,
                                       group: GroupedWriteContext?) async throws {
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
        if let group {
            group.timeline.withLock { $0.append(submission) }
            return
        }
        // Identity resolution reads then writes the graph: the same lock the collection path holds on PostgreSQL
        // (taking it again in one transaction is allowed).
        try await AdvisoryLock.identityGraph.hold(on: sql)
        _ = try await ingest([submission], now: now, on: sql)
    }

    /// Links the case to the profile its customer's identifiers resolve to. A customer seen for the first time has no
    /// profile until the timeline events are recorded: then the link is made at the end of the grouped write.
    private static func linkProfile(_ serviceCase: ServiceCase, on sql: any SQLDatabase, group: GroupedWriteContext?) async throws -> ProfileID? {
        if let found = try await findAndLinkProfile(serviceCase, on: sql) { return found }
        if let group {
            group.afterTimeline.withLock { $0.append({ sql in _ = try await findAndLinkProfile(serviceCase, on: sql) }) }
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
                update.append(", version = version + 1 WHERE id = ")
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
