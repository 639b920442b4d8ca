import Foundation
import Tagged
import SQLKit
import TouchpointDomain

extension SQLStore {
    /// Capacity an agent gets until someone sets theirs.
    public static let defaultAgentCapacity = 5

    // MARK: Teams

    public func createTeam(name: String, now: Date = Date()) async throws -> ServiceTeam {
        let trimmed = name.trimmedWhitespace
        guard !trimmed.isEmpty, trimmed.count <= 100 else { throw StorageError.invalid("a team needs a name of 1 to 100 characters") }
        var existing = SQLStatement("SELECT id FROM teams WHERE name = ")
        existing.bind(trimmed)
        guard try await sql.rows(existing).isEmpty else { throw StorageError.conflict("a team named '\(trimmed)' already exists") }
        let team = ServiceTeam(id: TeamID(rawValue: TimeOrderedID.make(at: now)), name: trimmed, memberIDs: [])
        var insert = SQLStatement("INSERT INTO teams (id, name, created_at) VALUES (")
        insert.bind(team.id.rawValue); insert.append(", ")
        insert.bind(team.name); insert.append(", ")
        insert.bind(Timestamps.millis(now)); insert.append(")")
        try await sql.run(insert)
        return team
    }

    public func teams() async throws -> [ServiceTeam] {
        let rows = try await sql.rows("SELECT id, name FROM teams ORDER BY name")
        var members = [String: [AgentID]]()
        for row in try await sql.rows("SELECT team_id, user_id FROM team_members ORDER BY user_id") {
            members[try row.decode(column: "team_id", as: String.self), default: []].append(AgentID(rawValue: try row.decode(column: "user_id", as: String.self)))
        }
        return try rows.map { row in
            let id = try row.decode(column: "id", as: String.self)
            return ServiceTeam(id: TeamID(rawValue: id), name: try row.decode(column: "name", as: String.self), memberIDs: members[id] ?? [])
        }
    }

    public func team(_ id: TeamID) async throws -> ServiceTeam? {
        try await teams().first { $0.id == id }
    }

    /// Replaces a team's members.
    public func setTeamMembers(_ teamID: TeamID, members: [AgentID]) async throws {
        try await write { sql in
            var exists = SQLStatement("SELECT id FROM teams WHERE id = ")
            exists.bind(teamID.rawValue)
            guard !(try await sql.rows(exists).isEmpty) else { throw StorageError.notFound("no team \(teamID.rawValue)") }
            var delete = SQLStatement("DELETE FROM team_members WHERE team_id = ")
            delete.bind(teamID.rawValue)
            try await sql.run(delete)
            for member in Set(members) {
                var user = SQLStatement("SELECT id FROM users WHERE id = ")
                user.bind(member.rawValue)
                guard !(try await sql.rows(user).isEmpty) else { throw StorageError.invalid("no user \(member.rawValue) to add to the team") }
                var insert = SQLStatement("INSERT INTO team_members (team_id, user_id) VALUES (")
                insert.bind(teamID.rawValue); insert.append(", ")
                insert.bind(member.rawValue); insert.append(")")
                try await sql.run(insert)
            }
        }
    }

    // MARK: Agents

    /// Every console user as an agent, with their service settings, teams and current load.
    public func serviceAgents() async throws -> [ServiceAgent] {
        try await Self.loadAgents(on: sql)
    }

    /// Every agent, or only `only` (every request an agent's token makes reads its agent: one person, not everyone).
    static func loadAgents(on sql: any SQLDatabase, only: AgentID? = nil) async throws -> [ServiceAgent] {
        func restricted(_ text: String, column: String, and: Bool) -> SQLStatement {
            var statement = SQLStatement(text)
            if let only {
                statement.append((and ? " AND " : " WHERE ") + column + " = ")
                statement.bind(only.rawValue)
            }
            return statement
        }
        var agentRows = restricted("""
            SELECT u.id, u.email, u.name, u.role, a.presence, a.capacity, a.skills, a.languages, a.sees_all_teams, a.last_assigned_at
            FROM users u LEFT JOIN agents a ON a.user_id = u.id
            """, column: "u.id", and: false)
        agentRows.append(" ORDER BY u.name, u.email")
        let rows = try await sql.rows(agentRows)
        var teams = [String: [TeamID]]()
        var memberships = restricted("SELECT team_id, user_id FROM team_members", column: "user_id", and: false)
        memberships.append(" ORDER BY team_id")
        for row in try await sql.rows(memberships) {
            teams[try row.decode(column: "user_id", as: String.self), default: []].append(TeamID(rawValue: try row.decode(column: "team_id", as: String.self)))
        }
        var loads = [String: Int]()
        var active = restricted("SELECT assignee_id, COUNT(*) AS n FROM cases WHERE assignee_id IS NOT NULL AND merged_into IS NULL AND status IN ('new', 'open')",
                                column: "assignee_id", and: true)
        active.append(" GROUP BY assignee_id")
        for row in try await sql.rows(active) {
            loads[try row.decode(column: "assignee_id", as: String.self)] = Int(try row.decode(column: "n", as: Int64.self))
        }
        return try rows.map { row in
            let id = try row.decode(column: "id", as: String.self)
            func list(_ column: String) throws -> [String] {
                (try row.decode(column: column, as: String?.self)).flatMap { JSONValue.parse($0)?.arrayValue }?.compactMap(\.stringValue) ?? []
            }
            return ServiceAgent(
                id: AgentID(rawValue: id), email: try row.decode(column: "email", as: String.self), name: try row.decode(column: "name", as: String.self),
                role: Role(rawValue: try row.decode(column: "role", as: String.self)) ?? .agent,
                presence: (try row.decode(column: "presence", as: String?.self)).flatMap(AgentPresence.init(rawValue:)) ?? .offline,
                capacity: Int(try row.decode(column: "capacity", as: Int64?.self) ?? Int64(Self.defaultAgentCapacity)),
                load: loads[id] ?? 0, skills: try list("skills"), languages: try list("languages"), teamIDs: teams[id] ?? [],
                seesAllTeams: (try row.decode(column: "sees_all_teams", as: Int64?.self) ?? 0) != 0,
                lastAssignedAt: try row.decode(column: "last_assigned_at", as: Int64?.self).map(Timestamps.date(millis:)))
        }
    }

    public func serviceAgent(_ id: AgentID) async throws -> ServiceAgent? {
        try await Self.loadAgents(on: sql, only: id).first
    }

    /// Changes an agent's presence, capacity, skills, languages, sight and teams.
    public func updateAgent(_ id: AgentID, _ update: AgentUpdate, now: Date = Date()) async throws -> ServiceAgent {
        if let capacity = update.capacity, !(0...100).contains(capacity) { throw StorageError.invalid("capacity is the number of cases at once, 0 to 100") }
        try await write { sql in
            var user = SQLStatement("SELECT id FROM users WHERE id = ")
            user.bind(id.rawValue)
            guard !(try await sql.rows(user).isEmpty) else { throw StorageError.notFound("no agent \(id.rawValue)") }
            try await Self.ensureAgentRow(id, now: now, on: sql)
            var sets = [SQLStatement]()
            func set(_ column: String, _ build: (inout SQLStatement) -> Void) {
                var part = SQLStatement(column + " = ")
                build(&part)
                sets.append(part)
            }
            if let presence = update.presence { set("presence") { $0.bind(presence.rawValue) } }
            if let capacity = update.capacity { set("capacity") { $0.bind(Int64(capacity)) } }
            if let skills = update.skills { set("skills") { $0.bind(JSONCodec.serialize(.array(ServiceCase.cleanTags(skills).map(JSONValue.string)))) } }
            if let languages = update.languages { set("languages") { $0.bind(JSONCodec.serialize(.array(ServiceCase.cleanTags(languages).map(JSONValue.string)))) } }
            if let sees = update.seesAllTeams { set("sees_all_teams") { $0.bind(Int64(sees ? 1 : 0)) } }
            set("updated_at") { $0.bind(Timestamps.millis(now)) }
            var statement = SQLStatement("UPDATE agents SET ")
            for (index, part) in sets.enumerated() {
                if index > 0 { statement.append(", ") }
                statement.append(part)
            }
            statement.append(" WHERE user_id = ")
            statement.bind(id.rawValue)
            try await sql.run(statement)
            if let teamIDs = update.teamIDs {
                var delete = SQLStatement("DELETE FROM team_members WHERE user_id = ")
                delete.bind(id.rawValue)
                try await sql.run(delete)
                for team in Set(teamIDs) {
                    var exists = SQLStatement("SELECT id FROM teams WHERE id = ")
                    exists.bind(team.rawValue)
                    guard !(try await sql.rows(exists).isEmpty) else { throw StorageError.invalid("no team \(team.rawValue)") }
                    var insert = SQLStatement("INSERT INTO team_members (team_id, user_id) VALUES (")
                    insert.bind(team.rawValue); insert.append(", ")
                    insert.bind(id.rawValue); insert.append(")")
                    try await sql.run(insert)
                }
            }
        }
        guard let agent = try await serviceAgent(id) else { throw StorageError.notFound("no agent \(id.rawValue)") }
        return agent
    }

    static func ensureAgentRow(_ id: AgentID, now: Date, on sql: any SQLDatabase) async throws {
        var exists = SQLStatement("SELECT user_id FROM agents WHERE user_id = ")
        exists.bind(id.rawValue)
        guard try await sql.rows(exists).isEmpty else { return }
        var insert = SQLStatement("INSERT INTO agents (user_id, presence, capacity, skills, languages, sees_all_teams, last_assigned_at, updated_at) VALUES (")
        insert.bind(id.rawValue)
        insert.append(", 'offline', ")
        insert.bind(Int64(defaultAgentCapacity))
        insert.append(", '[]', '[]', 0, NULL, ")
        insert.bind(Timestamps.millis(now))
        insert.append(")")
        try await sql.run(insert)
    }

    // MARK: Personal API tokens

    /// A new API token that acts as this user (their role and their sight of cases). Returns the token, which is not stored.
    public func createToken(forUser userID: String, name: String, now: Date = Date()) async throws -> String {
        var user = SQLStatement("SELECT role FROM users WHERE id = ")
        user.bind(userID)
        guard let row = try await sql.rows(user).first else { throw StorageError.notFound("no user \(userID)") }
        let role = try row.decode(column: "role", as: String.self)
        let token = makeSecret(prefix: "tp_at_")
        var insert = SQLStatement("INSERT INTO api_tokens (id, name, token_hash, role, created_at, user_id) VALUES (")
        insert.bind(TimeOrderedID.make(at: now)); insert.append(", ")
        insert.bind(String(name.prefix(100))); insert.append(", ")
        insert.bind(secretHash(token)); insert.append(", ")
        insert.bind(role); insert.append(", ")
        insert.bind(Timestamps.millis(now)); insert.append(", ")
        insert.bind(userID); insert.append(")")
        try await sql.run(insert)
        return token
    }

    /// The role of a token and the user it acts for (nil for the admin and service tokens that belong to no one).
    /// A personal token follows its user's current role.
    public func credential(forToken token: String) async throws -> (role: Role, user: ConsoleUser?)? {
        var statement = SQLStatement("SELECT role, user_id FROM api_tokens WHERE token_hash = ")
        statement.bind(secretHash(token))
        guard let row = try await sql.rows(statement).first, let role = Role(rawValue: try row.decode(column: "role", as: String.self)) else { return nil }
        guard let userID = try row.decode(column: "user_id", as: String?.self) else { return (role, nil) }
        var user = SQLStatement("SELECT id, email, name, role, language, created_at FROM users WHERE id = ")
        user.bind(userID)
        guard let userRow = try await sql.rows(user).first else { return nil }
        let person = try ConsoleUser(row: userRow)
        return (person.role, person)
    }

    // MARK: Settings documents (SLA policy, routing rules, service settings)

    public func serviceDocument(_ name: String) async throws -> String? {
        var statement = SQLStatement("SELECT body FROM service_settings WHERE name = ")
        statement.bind(name)
        return try await sql.rows(statement).first?.decode(column: "body", as: String.self)
    }

    public func setServiceDocument(_ name: String, body: String, now: Date = Date()) async throws {
        try await write { sql in
            var delete = SQLStatement("DELETE FROM service_settings WHERE name = ")
            delete.bind(name)
            try await sql.run(delete)
            var insert = SQLStatement("INSERT INTO service_settings (name, body, updated_at) VALUES (")
            insert.bind(name); insert.append(", ")
            insert.bind(body); insert.append(", ")
            insert.bind(Timestamps.millis(now)); insert.append(")")
            try await sql.run(insert)
        }
    }

    // MARK: SLA alerts

    /// Records an alert once per case, metric and state; returns it when it is new.
    public func raiseAlert(caseID: CaseID, metric: SLAMetric, state: SLAClockState, dueAt: Date?, now: Date = Date()) async throws -> SLAAlert? {
        var exists = SQLStatement("SELECT id FROM sla_alerts WHERE case_id = ")
        exists.bind(caseID.rawValue)
        exists.append(" AND metric = ")
        exists.bind(metric.rawValue)
        exists.append(" AND state = ")
        exists.bind(state.rawValue)
        guard try await sql.rows(exists).isEmpty else { return nil }
        let alert = SLAAlert(id: TimeOrderedID.make(at: now), caseID: caseID, metric: metric, state: state, dueAt: dueAt, at: now)
        var insert = SQLStatement("INSERT INTO sla_alerts (id, case_id, metric, state, due_at, at) VALUES (")
        insert.bind(alert.id); insert.append(", ")
        insert.bind(caseID.rawValue); insert.append(", ")
        insert.bind(metric.rawValue); insert.append(", ")
        insert.bind(state.rawValue); insert.append(", ")
        insert.bind(dueAt.map(Timestamps.millis)); insert.append(", ")
        insert.bind(Timestamps.millis(now)); insert.append(")")
        // Another node may raise the same alert at the same moment: the first one stands.
        insert.append(" ON CONFLICT (case_id, metric, state) DO NOTHING")
        try await sql.run(insert)
        return alert
    }

    public func alerts(limit: Int) async throws -> [SLAAlert] {
        var statement = SQLStatement("SELECT id, case_id, metric, state, due_at, at FROM sla_alerts ORDER BY at DESC LIMIT ")
        statement.bind(Int64(max(1, min(limit, 500))))
        return try await sql.rows(statement).compactMap { row in
            guard let metric = SLAMetric(rawValue: try row.decode(column: "metric", as: String.self)),
                  let state = SLAClockState(rawValue: try row.decode(column: "state", as: String.self)) else { return nil }
            return SLAAlert(id: try row.decode(column: "id", as: String.self), caseID: CaseID(rawValue: try row.decode(column: "case_id", as: String.self)),
                            metric: metric, state: state, dueAt: try row.decode(column: "due_at", as: Int64?.self).map(Timestamps.date(millis:)),
                            at: Timestamps.date(millis: try row.decode(column: "at", as: Int64.self)))
        }
    }
}

extension SQLStore {
    /// A source the server itself writes under (the service desk's timeline events), created with a key nobody is told.
    public func internalSource(named name: String) async throws -> SourceRecord {
        var statement = SQLStatement("SELECT \(sql: SourceRecord.columns) FROM sources WHERE name = ")
        statement.bind(name)
        if let row = try await sql.rows(statement).first { return try SourceRecord(row: row) }
        do {
            return try await createSource(name: name).0
        } catch {
            // Another node (or task) made it between the look and the insert: two nodes starting together both make
            // their internal sources, and the loser must take the winner's rather than stop.
            if let row = try await sql.rows(statement).first { return try SourceRecord(row: row) }
            throw error
        }
    }
}
