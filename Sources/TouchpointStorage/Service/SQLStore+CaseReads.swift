import Foundation
import Tagged
import SQLKit
import TouchpointDomain

extension SQLStore {
    static let caseColumns = """
        id, number, profile_id, customer, thread_key, channel, subject, status, priority, category, tags, language, team_id, assignee_id,
        required_skills, queued_at, created_at, updated_at, first_response_at, last_customer_message_at, last_agent_reply_at, resolved_at,
        last_resolved_at, closed_at, reopen_count, agent_replies, handle_seconds, csat_score, csat_comment, csat_at, merged_into, sla_state, sla_due_at, origin
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
            // A call a person answered is contact made: it answers as a reply does, at the moment it was picked up.
            var calls = SQLStatement("SELECT case_id, started_at, wait_seconds FROM case_calls WHERE talk_seconds > 0 AND case_id IN ")
            calls.bindList(Array(chunk))
            for row in try await sql.rows(calls) {
                let id = CaseID(rawValue: try row.decode(column: "case_id", as: String.self))
                let started = Timestamps.date(millis: try row.decode(column: "started_at", as: Int64.self))
                outbound[id, default: []].append(started.addingTimeInterval(try row.decode(column: "wait_seconds", as: Double.self)))
            }
        }
        for id in outbound.keys { outbound[id]?.sort() }
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
}
