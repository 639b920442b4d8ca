import Vapor
import Tagged
import TouchpointApp
import TouchpointDomain
import TouchpointStorage

/// `/api/v1/cases…` and `/api/v1/service…`: the omnichannel service desk over HTTP.
struct ServiceController {
    /// Attachments: at most 5 MB each, of types agents can open safely.
    static let maximumAttachmentBytes = 5 * 1024 * 1024
    static let allowedAttachmentTypes: Set<String> = ["image/png", "image/jpeg", "image/gif", "image/webp", "application/pdf", "text/plain", "text/csv"]

    func register(on api: any RoutesBuilder) {
        let cases = api.grouped("cases")
        cases.get(use: list)
        cases.on(.POST, body: .collect(maxSize: "16mb"), use: create)
        cases.get(":case", use: show)
        cases.patch(":case", use: update)
        cases.on(.POST, ":case", "messages", body: .collect(maxSize: "16mb"), use: addMessage)
        cases.post(":case", "status", use: changeStatus)
        cases.post(":case", "assign", use: assign)
        cases.post(":case", "merge", use: merge)
        cases.post(":case", "csat", use: rate)
        cases.post(":case", "handle-time", use: addHandleTime)
        cases.get(":case", "sla", use: sla)
        api.get("attachments", ":id", use: attachment)
        api.get("profiles", ":ref", "cases", use: profileCases)

        let service = api.grouped("service")
        service.on(.POST, "email", "inbound", body: .collect(maxSize: "16mb"), use: inboundEmail)
        service.post("calls", use: recordCall)
        service.get("queue", use: queue)
        service.get("alerts", use: alerts)
        service.get("metrics", use: metrics)
        service.get("sla-report", use: slaReport)
        service.get("agents", use: agents)
        service.post("agents", use: createAgent)
        service.patch("agents", ":agent", use: updateAgent)
        service.post("agents", ":agent", "tokens", use: createAgentToken)
        service.get("teams", use: teams)
        service.post("teams", use: createTeam)
        service.put("teams", ":team", "members", use: setMembers)
        service.get("routing-rules", use: routingRules)
        service.put("routing-rules", use: replaceRoutingRules)
        service.get("sla-policy", use: slaPolicy)
        service.put("sla-policy", use: replaceSLAPolicy)
        service.get("settings", use: settings)
        service.put("settings", use: replaceSettings)
        service.webSocket("live", maxFrameSize: .init(integerLiteral: 64 * 1024), onUpgrade: ServiceLive.agentSocket)
    }

    // MARK: Who is asking

    /// The caller as a service-desk actor; agents' personal tokens bring their teams (and so their sight of cases).
    static func caller(_ request: Request, role: Role = .agent) async throws -> ServiceCaller {
        let principal = try request.require(role)
        guard let user = principal.user else { return ServiceCaller(role: principal.role, name: principal.name, agent: nil) }
        return try await request.touchpoint.serviceDesk.caller(user, role: principal.role)
    }

    /// The case a `:case` parameter names (its id or its number), if the caller may see it.
    static func visibleCase(_ request: Request, caller: ServiceCaller) async throws -> ServiceCase {
        guard let raw = request.parameters.get("case") else { throw APIError.badRequest("missing_case", "a case id or number is required") }
        let found = try await request.touchpoint.serviceDesk.serviceCase(reference: raw)
        // A case of another team is reported as missing: its existence is not the caller's business.
        guard let serviceCase = found, caller.canSee(serviceCase) else { throw APIError.notFound("no case '\(raw)' that you can see") }
        return serviceCase
    }


    // MARK: Cases

    func list(_ request: Request) async throws -> Response {
        let caller = try await Self.caller(request)
        let store = request.touchpoint.store
        var filter = CaseFilter(visibleTo: caller.agent)
        if let statuses = request.query[String.self, at: "status"], !statuses.isEmpty {
            filter.statuses = try statuses.split(separator: ",").map { name in
                guard let status = CaseStatus(rawValue: String(name)) else {
                    throw APIError.badRequest("invalid_status", "unknown status '\(name)': use \(CaseStatus.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                return status
            }
        }
        if let assignee = request.query[String.self, at: "assignee"] {
            switch assignee {
            case "none": filter.unassignedOnly = true
            case "me":
                guard let agent = caller.agent else { throw APIError.badRequest("no_agent", "'assignee=me' needs a personal token: this credential belongs to no agent") }
                filter.assigneeID = agent.id
            default: filter.assigneeID = AgentID(rawValue: assignee)
            }
        }
        if let team = request.query[String.self, at: "team"] { filter.teamID = TeamID(rawValue: team) }
        if let channel = request.query[String.self, at: "channel"] {
            guard let parsed = TouchpointDomain.Channel(rawValue: channel) else { throw APIError.badRequest("invalid_channel", "unknown channel '\(channel)'") }
            filter.channel = parsed
        }
        if let profile = request.query[String.self, at: "profile"] {
            guard let id = try await store.resolveProfileID(reference: profile) else { throw APIError.notFound("no profile for '\(profile)'") }
            filter.profileID = id
        }
        filter.query = request.query[String.self, at: "q"]
        filter.limit = try ProfilesController.limit(request, default: 50, maximum: 500)
        filter.offset = max(0, request.query[Int.self, at: "offset"] ?? 0)
        let cases = try await request.touchpoint.serviceDesk.cases(filter)
        let total = try await request.touchpoint.serviceDesk.countCases(filter)
        return Response.json(.object(["cases": .array(cases.map(ServiceDTO.summary)), "total": .int(total)]))
    }

    func create(_ request: Request) async throws -> Response {
        let caller = try await Self.caller(request)
        let body = try request.jsonBody()
        let channel = try Self.channel(body["channel"], default: .social)
        let customer = try Self.customer(body["customer"])
        let text = body["message"]?.stringValue ?? body["body"]?.stringValue
        let subject = body["subject"]?.stringValue ?? text.map { String($0.prefix(80)) } ?? ""
        let attachments = try Self.attachments(body["attachments"])
        let direction = try body["direction"].map { value -> ServiceMessageDirection in
            guard let name = value.stringValue, let parsed = ServiceMessageDirection(rawValue: name) else {
                throw APIError.badRequest("invalid_direction", "\"direction\" is inbound (from the customer), outbound (to the customer) or note")
            }
            return parsed
        } ?? .inbound
        let first = (text?.isEmpty == false || !attachments.isEmpty) ? NewServiceMessage(
            direction: direction, authorID: direction == .inbound ? nil : caller.agent?.id.rawValue,
            authorName: direction == .inbound ? customer.displayName : caller.name, body: text ?? "", channel: channel,
            clientID: body["clientId"]?.stringValue, attachments: attachments, at: try Self.date(body["at"])) : nil
        let new = NewCase(customer: customer, threadKey: body["threadKey"]?.stringValue, channel: channel, subject: subject,
                          priority: try Self.priority(body["priority"]) ?? .normal, category: body["category"]?.stringValue,
                          tags: body["tags"]?.arrayValue?.compactMap(\.stringValue) ?? [], language: body["language"]?.stringValue)
        let (serviceCase, message) = try await Self.mapping { try await request.touchpoint.serviceDesk.open(new, firstMessage: first) }
        var fields = ServiceDTO.summary(serviceCase).objectValue ?? [:]
        fields["messages"] = .array(message.map { [ServiceDTO.message($0)] } ?? [])
        return Response.json(.object(fields), status: .created)
    }

    func show(_ request: Request) async throws -> Response {
        let caller = try await Self.caller(request)
        let serviceCase = try await Self.visibleCase(request, caller: caller)
        let desk = request.touchpoint.serviceDesk
        var fields = ServiceDTO.summary(serviceCase).objectValue ?? [:]
        fields["messages"] = .array(try await desk.messages(of: serviceCase.id).map(ServiceDTO.message))
        fields["calls"] = .array(try await desk.calls(of: serviceCase.id).map(ServiceDTO.call))
        fields["slaClocks"] = .array(try await desk.clocks(for: serviceCase).map(ServiceDTO.clock))
        fields["statusHistory"] = .array(try await desk.statusChanges(of: serviceCase.id).map {
            .object(["status": .string($0.status.rawValue), "at": .date($0.at)])
        })
        return Response.json(.object(fields))
    }

    func update(_ request: Request) async throws -> Response {
        let caller = try await Self.caller(request)
        let serviceCase = try await Self.visibleCase(request, caller: caller)
        let body = try request.jsonBody()
        guard case .object(let fields) = body else { throw APIError.badRequest("invalid_body", "send a JSON object of the fields to change") }
        var update = CaseUpdate()
        for (key, value) in fields {
            switch key {
            case "subject": update.subject = try Self.string(value, field: key)
            case "priority": update.priority = try Self.priority(value)
            case "category": update.category = .some(try Self.optionalString(value, field: key))
            case "tags":
                guard let list = try Self.strings(value, field: key) else { throw APIError.badRequest("invalid_tags", "\"tags\" is an array of strings") }
                update.tags = list
            case "language": update.language = .some(try Self.optionalString(value, field: key))
            case "teamId":
                let team = try Self.optionalString(value, field: key)
                if let team, try await request.touchpoint.serviceDesk.team(TeamID(rawValue: team)) == nil { throw APIError.notFound("no team '\(team)'") }
                update.teamID = .some(team.map(TeamID.init(rawValue:)))
            case "assigneeId": update.assigneeID = .some(try Self.optionalString(value, field: key).map(AgentID.init(rawValue:)))
            default:
                throw APIError.badRequest("unknown_field", "'\(key)' cannot be changed here: use subject, priority, category, tags, language, teamId or assigneeId (status has its own endpoint)")
            }
        }
        let changed = try await Self.mapping { try await request.touchpoint.serviceDesk.update(serviceCase.id, update) }
        return Response.json(ServiceDTO.summary(changed))
    }

    func addMessage(_ request: Request) async throws -> Response {
        let caller = try await Self.caller(request)
        let serviceCase = try await Self.visibleCase(request, caller: caller)
        let body = try request.jsonBody()
        let directionName = body["direction"]?.stringValue ?? "outbound"
        guard let direction = ServiceMessageDirection(rawValue: directionName) else {
            throw APIError.badRequest("invalid_direction", "\"direction\" is outbound (a reply), note (internal) or inbound (the customer's words, e.g. typed in from a letter)")
        }
        let text = body["body"]?.stringValue ?? ""
        guard text.utf8.count <= 64 * 1024 else { throw APIError.tooLarge("message_too_large", "a message may have at most 64 KB of text") }
        let message = NewServiceMessage(
            direction: direction, authorID: direction == .inbound ? nil : caller.agent?.id.rawValue,
            authorName: direction == .inbound ? serviceCase.customer.displayName : caller.name, body: text,
            channel: try body["channel"].map { try Self.channel($0, default: serviceCase.channel) }, clientID: body["clientId"]?.stringValue,
            attachments: try Self.attachments(body["attachments"]))
        let desk = request.touchpoint.serviceDesk
        let handleSeconds = body["handleSeconds"]?.doubleValue
        let (stored, changed, created) = try await Self.mapping { try await desk.add(message, to: serviceCase.id, handleSeconds: handleSeconds) }
        return Response.json(.object(["message": ServiceDTO.message(stored), "case": ServiceDTO.summary(changed)]), status: created ? .created : .ok)
    }

    func changeStatus(_ request: Request) async throws -> Response {
        let caller = try await Self.caller(request)
        let serviceCase = try await Self.visibleCase(request, caller: caller)
        let body = try request.jsonBody()
        guard let name = body["status"]?.stringValue, let status = CaseStatus(rawValue: name) else {
            throw APIError.badRequest("invalid_status", "\"status\" is one of \(CaseStatus.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let changed = try await Self.mapping { try await request.touchpoint.serviceDesk.changeStatus(serviceCase.id, to: status, by: caller) }
        return Response.json(ServiceDTO.summary(changed))
    }

    func assign(_ request: Request) async throws -> Response {
        let caller = try await Self.caller(request)
        let serviceCase = try await Self.visibleCase(request, caller: caller)
        let body = try request.optionalJSONObject()
        let desk = request.touchpoint.serviceDesk
        let changed: ServiceCase
        if let agent = try body["agentId"].flatMap({ try Self.optionalString($0, field: "agentId") }), agent != "auto" {
            let target = agent == "me" ? caller.agent?.id.rawValue : agent
            guard let target else { throw APIError.badRequest("no_agent", "'me' needs a personal token: this credential belongs to no agent") }
            changed = try await Self.mapping { try await desk.update(serviceCase.id, CaseUpdate(assigneeID: .some(AgentID(rawValue: target)))) }
        } else {
            // Back through routing: to a free agent by the rules, or into the queue.
            _ = try await Self.mapping { try await desk.update(serviceCase.id, CaseUpdate(assigneeID: .some(nil))) }
            changed = try await Self.mapping { try await desk.route(serviceCase.id) }
        }
        return Response.json(ServiceDTO.summary(changed))
    }

    func merge(_ request: Request) async throws -> Response {
        let caller = try await Self.caller(request)
        let duplicate = try await Self.visibleCase(request, caller: caller)
        let body = try request.jsonBody()
        guard let into = body["into"]?.stringValue ?? body["into"]?.integerIdentifierText else {
            throw APIError.badRequest("missing_field", "\"into\" names the case (id or number) this one duplicates")
        }
        guard let target = try await request.touchpoint.serviceDesk.serviceCase(reference: into), caller.canSee(target) else { throw APIError.notFound("no case '\(into)' that you can see") }
        let merged = try await Self.mapping { try await request.touchpoint.serviceDesk.merge(duplicate.id, into: target.id, by: caller) }
        return Response.json(ServiceDTO.summary(merged))
    }

    func rate(_ request: Request) async throws -> Response {
        let caller = try await Self.caller(request)
        let serviceCase = try await Self.visibleCase(request, caller: caller)
        let body = try request.jsonBody()
        guard let score = body["score"]?.integerValue, (1...5).contains(score) else {
            throw APIError(status: .unprocessableEntity, code: "invalid_score", message: "\"score\" is a whole number from 1 (very unhappy) to 5 (very happy)")
        }
        let rated = try await Self.mapping { try await request.touchpoint.serviceDesk.rate(serviceCase.id, score: Int(score), comment: body["comment"]?.stringValue) }
        return Response.json(ServiceDTO.summary(rated))
    }

    func addHandleTime(_ request: Request) async throws -> Response {
        let caller = try await Self.caller(request)
        let serviceCase = try await Self.visibleCase(request, caller: caller)
        guard let seconds = ServiceCase.countableHandleTime(try request.jsonBody()["seconds"]?.doubleValue) else {
            throw APIError(status: .unprocessableEntity, code: "invalid_seconds",
                           message: "\"seconds\" is the agent's working time on the case, more than 0 and at most 4 hours a measurement (send a longer stretch as several)")
        }
        _ = try await request.touchpoint.serviceDesk.addHandleTime(serviceCase.id, seconds: seconds)
        return Response.json(ServiceDTO.summary(try await request.touchpoint.serviceDesk.serviceCase(serviceCase.id) ?? serviceCase))
    }

    func sla(_ request: Request) async throws -> Response {
        let caller = try await Self.caller(request)
        let serviceCase = try await Self.visibleCase(request, caller: caller)
        let clocks = try await request.touchpoint.serviceDesk.clocks(for: serviceCase)
        return Response.json(.object(["caseId": .string(serviceCase.id.rawValue), "clocks": .array(clocks.map(ServiceDTO.clock))]))
    }

    func attachment(_ request: Request) async throws -> Response {
        let caller = try await Self.caller(request)
        guard let id = request.parameters.get("id"), let found = try await request.touchpoint.serviceDesk.attachment(id, for: caller) else {
            throw APIError.notFound("no attachment that you can see")
        }
        return Response.download(found.content, fileName: found.info.fileName, contentType: found.info.contentType)
    }

    func profileCases(_ request: Request) async throws -> Response {
        let caller = try await Self.caller(request)
        let profile = try await ProfilesController.profileID(request)
        let cases = try await request.touchpoint.serviceDesk.cases(CaseFilter(profileID: profile, visibleTo: caller.agent, limit: 200))
        return Response.json(.object(["profileId": .string(profile.rawValue), "cases": .array(cases.map(ServiceDTO.summary))]))
    }

    // MARK: Channels

    /// An inbound e-mail in a common webhook form (Mailgun/SendGrid/Postmark-like): a reply joins its case by
    /// In-Reply-To / References, otherwise by the thread, otherwise a new case opens.
    func inboundEmail(_ request: Request) async throws -> Response {
        _ = try await Self.caller(request)
        let body = try request.jsonBody()
        let from = body["from"]
        let email = (from?.stringValue ?? from?["email"]?.stringValue)?.trimmedWhitespace
        guard let email, email.contains("@") else { throw APIError.badRequest("missing_sender", "an inbound e-mail needs \"from\": an address or {\"email\", \"name\"}") }
        let subject = body["subject"]?.stringValue?.trimmedWhitespace ?? ""
        let text = body["text"]?.stringValue ?? body["html"]?.stringValue.map(Self.plainText) ?? ""
        let messageID = body["messageId"]?.stringValue
        let store = request.touchpoint.store
        let desk = request.touchpoint.serviceDesk
        let attachments = try Self.attachments(body["attachments"])
        let message = NewServiceMessage(direction: .inbound, authorName: from?["name"]?.stringValue ?? email, body: text, channel: .email,
                                        clientID: messageID, externalID: messageID, attachments: attachments, at: try Self.date(body["date"]))
        var replyTo = [String]()
        if let inReplyTo = body["inReplyTo"]?.stringValue { replyTo.append(inReplyTo) }
        replyTo += body["references"]?.arrayValue?.compactMap(\.stringValue) ?? []
        for reference in replyTo {
            if let existing = try await request.touchpoint.serviceDesk.serviceCase(messageExternalID: reference) {
                let (stored, serviceCase, created) = try await Self.mapping { try await desk.add(message, to: existing.id) }
                return Response.json(.object(["case": ServiceDTO.summary(serviceCase), "message": ServiceDTO.message(stored), "threaded": .bool(true)]),
                                     status: created ? .created : .ok)
            }
        }
        // The provider re-sending the same e-mail: the case it opened, not a second one.
        if let messageID, let existing = try await request.touchpoint.serviceDesk.serviceCase(threadKey: "email:" + messageID) {
            return Response.json(.object(["case": ServiceDTO.summary(existing), "message": .null, "threaded": .bool(true), "duplicate": .bool(true)]))
        }
        let customer = CustomerContact(userId: body["userId"]?.stringValue, email: email, name: from?["name"]?.stringValue)
        let new = NewCase(customer: customer, threadKey: messageID.map { "email:" + $0 }, channel: .email,
                          subject: subject.isEmpty ? String(text.prefix(80)) : subject, priority: try Self.priority(body["priority"]) ?? .normal,
                          category: body["category"]?.stringValue, language: body["language"]?.stringValue)
        let (serviceCase, stored) = try await Self.mapping { try await desk.open(new, firstMessage: message) }
        return Response.json(.object(["case": ServiceDTO.summary(serviceCase), "message": stored.map(ServiceDTO.message) ?? .null, "threaded": .bool(false)]),
                             status: .created)
    }

    /// A call record from a telephony system: joins the case it names, or opens one for the caller.
    func recordCall(_ request: Request) async throws -> Response {
        let caller = try await Self.caller(request)
        let body = try request.jsonBody()
        let directionName = body["direction"]?.stringValue ?? "inbound"
        guard let direction = CallRecord.Direction(rawValue: directionName) else { throw APIError.badRequest("invalid_direction", "a call's \"direction\" is inbound or outbound") }
        var durations = [String: Double]()
        for field in ["waitSeconds", "talkSeconds", "wrapSeconds"] {
            let value = body[field]?.doubleValue ?? 0
            guard value >= 0, value < 24 * 3600 else { throw APIError(status: .unprocessableEntity, code: "invalid_duration", message: "\"\(field)\" is seconds, 0 to 86,400") }
            durations[field] = value
        }
        let outcome = body["outcome"]?.stringValue ?? "resolved"
        let startedAt = try Self.date(body["startedAt"]) ?? Date()
        let desk = request.touchpoint.serviceDesk
        var customer = try Self.customer(body["customer"] ?? .object([:]))
        if customer.phone == nil { customer.phone = body["phone"]?.stringValue }
        let agentID = body["agentId"]?.stringValue.map(AgentID.init(rawValue:)) ?? caller.agent?.id
        var serviceCase: ServiceCase
        if let ref = body["caseId"]?.stringValue ?? body["caseNumber"]?.integerIdentifierText {
            guard let found = try await desk.serviceCase(reference: ref), caller.canSee(found) else { throw APIError.notFound("no case '\(ref)' that you can see") }
            serviceCase = found
        } else {
            guard customer.hasIdentifier else { throw APIError.badRequest("missing_customer", "a call needs \"phone\" or \"customer\" identifiers, or a \"caseId\"") }
            let subject = body["subject"]?.stringValue ?? body["notes"]?.stringValue.map { String($0.prefix(80)) } ?? "Call"
            serviceCase = try await Self.mapping {
                try await desk.open(NewCase(customer: customer, channel: .phone, subject: subject, priority: try Self.priority(body["priority"]) ?? .normal,
                                            category: body["category"]?.stringValue, language: body["language"]?.stringValue), firstMessage: nil).0
            }
        }
        let call = CallRecord(id: TimeOrderedID.make(), caseID: serviceCase.id, direction: direction, phone: customer.phone, agentID: agentID,
                              startedAt: startedAt, waitSeconds: durations["waitSeconds"]!, talkSeconds: durations["talkSeconds"]!,
                              wrapSeconds: durations["wrapSeconds"]!, outcome: outcome)
        serviceCase = try await Self.mapping { try await desk.recordCall(call) }
        if let notes = body["notes"]?.stringValue, !notes.isEmpty {
            _ = try await Self.mapping { try await desk.add(NewServiceMessage(direction: .note, authorID: agentID?.rawValue, authorName: caller.name, body: notes, channel: .phone), to: serviceCase.id) }
        }
        if outcome == "resolved", serviceCase.status.isActive {
            serviceCase = try await Self.mapping { try await desk.changeStatus(serviceCase.id, to: .resolved, by: caller) }
        }
        return Response.json(.object(["case": ServiceDTO.summary(serviceCase), "call": ServiceDTO.call(call)]), status: .created)
    }

    // MARK: Queue, alerts, reports

    func queue(_ request: Request) async throws -> Response {
        let caller = try await Self.caller(request)
        let queued = try await request.touchpoint.serviceDesk.queuedCases(visibleTo: caller)
        return Response.json(.object(["cases": .array(queued.map(ServiceDTO.summary))]))
    }

    func alerts(_ request: Request) async throws -> Response {
        let caller = try await Self.caller(request)
        let alerts = try await request.touchpoint.serviceDesk.alerts(limit: try ProfilesController.limit(request, default: 50, maximum: 500), visibleTo: caller)
        return Response.json(.object(["alerts": .array(alerts.map { ServiceDTO.alert($0.alert, caseNumber: $0.serviceCase.number) })]))
    }

    static func period(_ request: Request) throws -> (from: Date, to: Date) {
        func day(_ name: String) throws -> (date: Date, wholeDay: Bool)? {
            guard let text = request.query[String.self, at: name], !text.isEmpty else { return nil }
            guard let date = Timestamps.parse(text.count == 10 ? text + "T00:00:00Z" : text) else {
                throw APIError.badRequest("invalid_date", "'\(name)' is a date YYYY-MM-DD or an ISO-8601 time")
            }
            return (date, text.count == 10)
        }
        // A date alone means the whole day; a time means that moment.
        let to = try day("to").map { $0.wholeDay ? $0.date.addingTimeInterval(86400) : $0.date } ?? Date().addingTimeInterval(1)
        let from = try day("from")?.date ?? to.addingTimeInterval(-30 * 86400)
        guard from < to else { throw APIError.badRequest("invalid_period", "'from' must be before 'to'") }
        return (from, to)
    }

    func metrics(_ request: Request) async throws -> Response {
        _ = try await Self.caller(request, role: .manager)
        let (from, to) = try Self.period(request)
        let desk = request.touchpoint.serviceDesk
        let facts = try await desk.facts(from: from, to: to)
        let window = try await desk.settings().recontactWindowHours * 3600
        var body: [String: JSONValue] = [
            "from": .date(from), "to": .date(to), "recontactWindowHours": .number(window / 3600),
            "overall": ServiceDTO.summary(ServiceMetricsCalculator.summary(facts, recontactWindow: window)),
        ]
        let groupings: [ServiceMetricsCalculator.Grouping]
        if let by = request.query[String.self, at: "by"] {
            guard let grouping = ServiceMetricsCalculator.Grouping(rawValue: by) else { throw APIError.badRequest("invalid_grouping", "'by' is agent, team or channel") }
            groupings = [grouping]
        } else {
            groupings = [.agent, .team, .channel]
        }
        for grouping in groupings {
            body["by" + grouping.rawValue.prefix(1).uppercased() + grouping.rawValue.dropFirst()] = .array(
                ServiceMetricsCalculator.grouped(facts, by: grouping, recontactWindow: window).map { entry in
                    var fields = ServiceDTO.summary(entry.summary).objectValue ?? [:]
                    fields["key"] = .string(entry.key)
                    return .object(fields)
                })
        }
        return Response.json(.object(body))
    }

    func slaReport(_ request: Request) async throws -> Response {
        _ = try await Self.caller(request, role: .manager)
        let (from, to) = try Self.period(request)
        let achievement = try await request.touchpoint.serviceDesk.achievement(from: from, to: to)
        return Response.json(.object(["from": .date(from), "to": .date(to), "metrics": .array(achievement.map(ServiceDTO.achievement))]))
    }

    // MARK: People

    func agents(_ request: Request) async throws -> Response {
        _ = try await Self.caller(request)
        return Response.json(.object(["agents": .array(try await request.touchpoint.serviceDesk.agents().map(ServiceDTO.agent))]))
    }

    /// A new person who signs in to the console and works cases (admin only).
    func createAgent(_ request: Request) async throws -> Response {
        _ = try await Self.caller(request, role: .admin)
        let body = try request.jsonBody()
        guard let email = body["email"]?.stringValue, let password = body["password"]?.stringValue else {
            throw APIError.badRequest("missing_field", "an agent needs \"email\" and \"password\" (and may have \"name\", \"role\")")
        }
        guard password.count >= 8 else { throw APIError(status: .unprocessableEntity, code: "weak_password", message: "the password needs at least 8 characters") }
        let role = try body["role"].map { value -> Role in
            guard let name = value.stringValue, let role = Role(rawValue: name) else { throw APIError.badRequest("invalid_role", "\"role\" is admin, manager or agent") }
            return role
        } ?? .agent
        let store = request.touchpoint.store
        var update = try Self.agentUpdate(body, alsoAllowed: ["email", "password", "name", "role"])
        let known = Set(try await request.touchpoint.serviceDesk.teams().map(\.id))
        if let unknown = update.teamIDs?.first(where: { !known.contains($0) }) {
            throw APIError(status: .unprocessableEntity, code: "unknown_team", message: "no team '\(unknown.rawValue)': create it first with POST /api/v1/service/teams")
        }
        if update.capacity == nil { update.capacity = try await request.touchpoint.serviceDesk.settings().defaultCapacity }
        let hash = try await request.application.threadPool.runIfActive { try Bcrypt.hash(password) }
        let user = try await Self.mapping { try await store.createUser(email: email, name: body["name"]?.stringValue ?? "", passwordHash: hash, role: role) }
        let agent = try await Self.mapping { try await request.touchpoint.serviceDesk.updateAgent(AgentID(rawValue: user.id), update) }
        await request.audit("users.create", target: user.id, after: .object(["email": .string(user.email), "role": .string(user.role.rawValue), "agent": ServiceDTO.agent(agent)]))
        return Response.json(ServiceDTO.agent(agent), status: .created)
    }

    /// Presence, capacity, skills, languages, teams and sight. Agents may set their own presence; the rest needs a manager.
    func updateAgent(_ request: Request) async throws -> Response {
        let caller = try await Self.caller(request)
        guard var id = request.parameters.get("agent") else { throw APIError.badRequest("missing_agent", "an agent id is required") }
        if id == "me" {
            guard let agent = caller.agent else { throw APIError.badRequest("no_agent", "'me' needs a personal token: this credential belongs to no agent") }
            id = agent.id.rawValue
        }
        let body = try request.jsonBody()
        let update = try Self.agentUpdate(body)
        let onlyPresence = update.capacity == nil && update.skills == nil && update.languages == nil && update.seesAllTeams == nil && update.teamIDs == nil
        if !(onlyPresence && caller.agent?.id.rawValue == id) { _ = try request.require(.manager) }
        let desk = request.touchpoint.serviceDesk
        let before = try await desk.agent(AgentID(rawValue: id))
        let agent = try await Self.mapping { try await desk.updateAgent(AgentID(rawValue: id), update) }
        if !onlyPresence { await request.audit("service.agents.update", target: id, before: before.map(ServiceDTO.agent), after: ServiceDTO.agent(agent)) }
        return Response.json(ServiceDTO.agent(agent))
    }

    func createAgentToken(_ request: Request) async throws -> Response {
        let caller = try await Self.caller(request)
        guard var id = request.parameters.get("agent") else { throw APIError.badRequest("missing_agent", "an agent id is required") }
        if id == "me", let agent = caller.agent { id = agent.id.rawValue }
        if caller.agent?.id.rawValue != id { _ = try request.require(.admin) }
        let name = try request.optionalJSONObject()["name"].flatMap { try Self.optionalString($0, field: "name") } ?? "personal token"
        guard (1...100).contains(name.count) else { throw APIError(status: .unprocessableEntity, code: "invalid_name", message: "a token's \"name\" is 1 to 100 characters") }
        let token = try await Self.mapping { try await request.touchpoint.store.createToken(forUser: id, name: name) }
        await request.audit("tokens.create", target: id, after: .object(["name": .string(name)]))
        return Response.json(.object(["token": .string(token), "agentId": .string(id), "name": .string(name)]), status: .created)
    }

    func teams(_ request: Request) async throws -> Response {
        _ = try await Self.caller(request)
        return Response.json(.object(["teams": .array(try await request.touchpoint.serviceDesk.teams().map(ServiceDTO.team))]))
    }

    func createTeam(_ request: Request) async throws -> Response {
        _ = try await Self.caller(request, role: .manager)
        let body = try request.jsonBody()
        guard let name = body["name"]?.stringValue else { throw APIError.badRequest("missing_field", "a team needs \"name\"") }
        let store = request.touchpoint.store
        let members = try Self.strings(body["memberIds"], field: "memberIds")
        let users = Set(try await store.users().map(\.id))
        if let unknown = members?.first(where: { !users.contains($0) }) {
            throw APIError(status: .unprocessableEntity, code: "unknown_agent", message: "no agent '\(unknown)': list them with GET /api/v1/service/agents")
        }
        var team = try await Self.mapping { try await request.touchpoint.serviceDesk.createTeam(name: name) }
        if let members {
            try await Self.mapping { try await request.touchpoint.serviceDesk.setTeamMembers(team.id, members: members.map(AgentID.init(rawValue:))) }
            team.memberIDs = members.map(AgentID.init(rawValue:))
        }
        await request.audit("service.teams.create", target: team.id.rawValue, after: ServiceDTO.team(team))
        return Response.json(ServiceDTO.team(team), status: .created)
    }

    func setMembers(_ request: Request) async throws -> Response {
        _ = try await Self.caller(request, role: .manager)
        guard let id = request.parameters.get("team") else { throw APIError.badRequest("missing_team", "a team id is required") }
        guard let members = try Self.strings(try request.jsonBody()["memberIds"], field: "memberIds") else {
            throw APIError.badRequest("missing_field", "send {\"memberIds\": [agent ids]}")
        }
        let store = request.touchpoint.store
        let before = try await request.touchpoint.serviceDesk.team(TeamID(rawValue: id))
        try await Self.mapping { try await request.touchpoint.serviceDesk.setTeamMembers(TeamID(rawValue: id), members: members.map(AgentID.init(rawValue:))) }
        guard let team = try await request.touchpoint.serviceDesk.team(TeamID(rawValue: id)) else { throw APIError.notFound("no team '\(id)'") }
        await request.audit("service.teams.members", target: id, before: before.map(ServiceDTO.team), after: ServiceDTO.team(team))
        return Response.json(ServiceDTO.team(team))
    }

    // MARK: Rules and settings

    func routingRules(_ request: Request) async throws -> Response {
        _ = try await Self.caller(request)
        return Response.json(.object(["rules": ServiceDTO.encode(try await request.touchpoint.serviceDesk.routingRules())]))
    }

    func replaceRoutingRules(_ request: Request) async throws -> Response {
        _ = try await Self.caller(request, role: .manager)
        let body = try request.jsonBody()
        let rules: [RoutingRule]
        if body["rules"] != nil {
            struct Envelope: Decodable { var rules: [RoutingRule] }
            rules = try Self.decode(Self.bodyData(request), as: Envelope.self, what: "routing rules").rules
        } else {
            rules = try Self.decode(Self.bodyData(request), as: [RoutingRule].self, what: "routing rules")
        }
        await request.audit(try await request.touchpoint.serviceDesk.replaceRoutingRules(rules))
        return Response.json(.object(["rules": ServiceDTO.encode(rules.sorted { $0.position < $1.position })]))
    }

    func slaPolicy(_ request: Request) async throws -> Response {
        _ = try await Self.caller(request)
        return Response.json(ServiceDTO.encode(try await request.touchpoint.serviceDesk.policy()))
    }

    func replaceSLAPolicy(_ request: Request) async throws -> Response {
        _ = try await Self.caller(request, role: .manager)
        _ = try request.jsonBody()
        let policy: SLAPolicy = try Self.decode(Self.bodyData(request), as: SLAPolicy.self, what: "SLA policy")
        await request.audit(try await request.touchpoint.serviceDesk.replacePolicy(policy))
        return Response.json(ServiceDTO.encode(policy))
    }

    func settings(_ request: Request) async throws -> Response {
        _ = try await Self.caller(request)
        return Response.json(ServiceDTO.encode(try await request.touchpoint.serviceDesk.settings()))
    }

    func replaceSettings(_ request: Request) async throws -> Response {
        _ = try await Self.caller(request, role: .manager)
        _ = try request.jsonBody()
        let settings: ServiceSettings = try Self.decode(Self.bodyData(request), as: ServiceSettings.self, what: "service settings")
        await request.audit(try await request.touchpoint.serviceDesk.replaceSettings(settings))
        return Response.json(ServiceDTO.encode(settings))
    }

    // MARK: Reading request fields

    /// Runs a service-desk or storage call, turning its errors into the API's: not found 404, conflict 409, invalid 422.
    static func mapping<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as StorageError {
            throw APIError(storage: error)
        } catch let error as ServiceRuleError {
            throw APIError(rule: error)
        } catch let error as ServiceDeskError {
            throw APIError(desk: error)
        }
    }

    /// A document decoded from the bytes as sent (no round trip through another JSON form, so numbers keep their exact text),
    /// with an error that names the field at fault.
    static func decode<T: Decodable>(_ data: Data, as type: T.Type, what: String) throws -> T {
        do {
            return try JSONDecoder().decode(T.self, from: data)
        } catch let error as DecodingError {
            let detail: String
            switch error {
            case .keyNotFound(let key, let context): detail = "missing \"\(key.stringValue)\" at \(Self.path(context.codingPath))"
            case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
                detail = "\(context.debugDescription) at \(Self.path(context.codingPath))"
            @unknown default: detail = "\(error)"
            }
            throw APIError(status: .unprocessableEntity, code: "invalid_document", message: "could not read the \(what): \(detail)")
        }
    }

    /// The request body's bytes (already checked to be JSON by `jsonBody()`).
    static func bodyData(_ request: Request) -> Data {
        request.body.data.map { Data($0.readableBytesView) } ?? Data()
    }

    private static func path(_ path: [any CodingKey]) -> String {
        path.isEmpty ? "the top" : path.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
    }

    static func channel(_ value: JSONValue?, default fallback: TouchpointDomain.Channel) throws -> TouchpointDomain.Channel {
        guard let value else { return fallback }
        guard let name = value.stringValue, let channel = TouchpointDomain.Channel(rawValue: name.lowercased()) else {
            throw APIError.badRequest("invalid_channel", "\"channel\" is one of \(TouchpointDomain.Channel.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return channel
    }

    static func priority(_ value: JSONValue?) throws -> CasePriority? {
        guard let value, value != .null else { return nil }
        guard let name = value.stringValue, let priority = CasePriority(rawValue: name) else {
            throw APIError.badRequest("invalid_priority", "\"priority\" is low, normal, high or urgent")
        }
        return priority
    }

    static func string(_ value: JSONValue, field: String) throws -> String {
        guard let text = value.stringValue else { throw APIError.badRequest("invalid_field", "\"\(field)\" must be a string") }
        return text
    }

    /// A string, or null to clear the field; any other type is refused rather than read as "clear".
    static func optionalString(_ value: JSONValue, field: String) throws -> String? {
        if value.isNull { return nil }
        return try string(value, field: field)
    }

    /// An array of strings (null or absent: nil); any other shape is refused.
    static func strings(_ value: JSONValue?, field: String) throws -> [String]? {
        guard let value, !value.isNull else { return nil }
        guard let list = value.arrayValue, list.allSatisfy({ $0.stringValue != nil }) else {
            throw APIError.badRequest("invalid_field", "\"\(field)\" must be an array of strings")
        }
        return list.compactMap(\.stringValue)
    }

    static func date(_ value: JSONValue?) throws -> Date? {
        guard let value, value != .null else { return nil }
        guard let text = value.stringValue, let date = Timestamps.parse(text) else {
            throw APIError.badRequest("invalid_timestamp", "times are ISO-8601, e.g. 2026-11-27T10:15:00Z")
        }
        // Service times feed SLA clocks over business calendars: a date before 1970 is a sender's bug, not a contact.
        guard date.timeIntervalSince1970 >= 0 else {
            throw APIError.badRequest("invalid_timestamp", "'\(text.prefix(40))' is before 1970: send the time the contact happened")
        }
        return date
    }

    static func customer(_ value: JSONValue?) throws -> CustomerContact {
        guard let value, case .object = value else {
            throw APIError.badRequest("missing_customer", "a case needs \"customer\": {\"email\" | \"phone\" | \"userId\" | \"anonymousId\", \"name\"}")
        }
        let contact = CustomerContact(userId: value["userId"]?.stringValue, anonymousId: value["anonymousId"]?.stringValue,
                                      email: value["email"]?.stringValue?.trimmedWhitespace, phone: value["phone"]?.stringValue?.trimmedWhitespace,
                                      name: value["name"]?.stringValue?.trimmedWhitespace)
        return contact
    }

    /// The fields `PATCH /service/agents/{id}` changes; anything else (a role, an e-mail) is refused, not ignored.
    static let agentFields: Set<String> = ["presence", "capacity", "skills", "languages", "seesAllTeams", "teamIds"]

    static func agentUpdate(_ body: JSONValue, alsoAllowed: Set<String> = []) throws -> AgentUpdate {
        guard let fields = body.objectValue else { throw APIError.badRequest("invalid_body", "the body is a JSON object of the fields to change") }
        for key in fields.keys.sorted() where !agentFields.contains(key) && !alsoAllowed.contains(key) {
            throw APIError.badRequest("unknown_field", "'\(key)' cannot be changed here: use \(agentFields.sorted().joined(separator: ", ")) (roles are set by an admin under Settings → Users)")
        }
        var update = AgentUpdate()
        if let presence = body["presence"] {
            guard let name = presence.stringValue, let parsed = AgentPresence(rawValue: name) else {
                throw APIError.badRequest("invalid_presence", "\"presence\" is online, away or offline")
            }
            update.presence = parsed
        }
        if let capacity = body["capacity"] {
            guard let number = capacity.integerValue, (0...100).contains(number) else {
                throw APIError(status: .unprocessableEntity, code: "invalid_capacity", message: "\"capacity\" is how many cases the agent takes at once, 0 to 100")
            }
            update.capacity = Int(number)
        }
        update.skills = try strings(body["skills"], field: "skills")
        update.languages = try strings(body["languages"], field: "languages")
        if let sees = body["seesAllTeams"], !sees.isNull {
            guard case .bool(let flag) = sees else { throw APIError.badRequest("invalid_field", "\"seesAllTeams\" is true or false") }
            update.seesAllTeams = flag
        }
        update.teamIDs = try strings(body["teamIds"], field: "teamIds")?.map(TeamID.init(rawValue:))
        return update
    }

    /// Attachments as `[{"fileName", "contentType", "content": base64}]`, checked for size and type (and that the bytes are what the type says).
    static func attachments(_ value: JSONValue?) throws -> [NewAttachment] {
        guard let value, value != .null else { return [] }
        guard let list = value.arrayValue else { throw APIError.badRequest("invalid_attachments", "\"attachments\" is an array of {fileName, contentType, content (base64)}") }
        guard list.count <= 10 else { throw APIError.tooLarge("too_many_attachments", "at most 10 attachments a message") }
        return try list.enumerated().map { index, item in
            guard let name = item["fileName"]?.stringValue, let type = item["contentType"]?.stringValue?.lowercased(),
                  let encoded = item["content"]?.stringValue else {
                throw APIError.badRequest("invalid_attachment", "attachment \(index) needs \"fileName\", \"contentType\" and \"content\" (base64)")
            }
            guard allowedAttachmentTypes.contains(type) else {
                throw APIError(status: .unsupportedMediaType, code: "attachment_type", message: "attachment \(index) is \(type); allowed: \(allowedAttachmentTypes.sorted().joined(separator: ", "))")
            }
            guard let data = Data(base64Encoded: encoded) else { throw APIError.badRequest("invalid_attachment", "attachment \(index): \"content\" is not base64") }
            guard data.count <= maximumAttachmentBytes else {
                throw APIError.tooLarge("attachment_too_large", "attachment \(index) is \(data.count / 1024) KB; the limit is \(maximumAttachmentBytes / 1024 / 1024) MB")
            }
            guard contentMatches(type, data) else {
                throw APIError(status: .unsupportedMediaType, code: "attachment_type", message: "attachment \(index) says \(type) but its bytes are not")
            }
            let safeName = name.components(separatedBy: CharacterSet(charactersIn: "/\\\u{0}\r\n\"")).joined(separator: "_")
            return NewAttachment(fileName: safeName.isEmpty ? "attachment" : safeName, contentType: type, content: data)
        }
    }

    /// The first bytes of binary formats, so an executable cannot be sent as a "PDF".
    static func contentMatches(_ type: String, _ data: Data) -> Bool {
        let bytes = [UInt8](data.prefix(12))
        func starts(_ signature: [UInt8]) -> Bool { bytes.count >= signature.count && Array(bytes.prefix(signature.count)) == signature }
        switch type {
        case "image/png": return starts([0x89, 0x50, 0x4E, 0x47])
        case "image/jpeg": return starts([0xFF, 0xD8, 0xFF])
        case "image/gif": return starts(Array("GIF8".utf8))
        case "image/webp": return starts(Array("RIFF".utf8)) && bytes.count >= 12 && Array(bytes[8..<12]) == Array("WEBP".utf8)
        case "application/pdf": return starts(Array("%PDF".utf8))
        default: return String(data: data, encoding: .utf8) != nil
        }
    }

    /// The Message-ID an e-mail reply is sent with, so the customer's answer (In-Reply-To) threads back into the case.
    static func replyMessageID(_ serviceCase: ServiceCase) -> String {
        "<case-\(serviceCase.number)-\(TimeOrderedID.make())@touchpoint>"
    }

    /// Text of an HTML e-mail body, for when no plain-text part was sent.
    static func plainText(_ html: String) -> String {
        var text = html.replacingOccurrences(of: "<br[^>]*>", with: "\n", options: .regularExpression)
        text = text.replacingOccurrences(of: "</p>", with: "\n\n")
        text = text.replacingOccurrences(of: "<[^>]+>", with: "", options: .regularExpression)
        for (entity, character) in [("&nbsp;", " "), ("&lt;", "<"), ("&gt;", ">"), ("&quot;", "\""), ("&#39;", "'"), ("&amp;", "&")] {
            text = text.replacingOccurrences(of: entity, with: character)
        }
        return text.trimmedWhitespace
    }
}
