import Vapor
import Tagged
import TouchpointApp
import TouchpointDomain
import TouchpointStorage

/// `/api/v1/cases/…`: cases, their messages, status, owner, merges, CSAT, handle time, clocks and attachments.
extension ServiceController {

    func list(_ request: Request) async throws -> Response {
        let caller = try await Self.caller(request)
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
            guard let id = try await request.touchpoint.profiles.lookUp(reference: profile) else { throw APIError.notFound("no profile for '\(profile)'") }
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
        let body = try request.decodeBody(NewCaseBody.self)
        let channel = try Self.channel(body.channel, default: .social)
        let customer = try Self.customer(body.customer)
        let text = body.message ?? body.body
        let subject = body.subject ?? text.map { String($0.prefix(80)) } ?? ""
        let attachments = try Self.attachments(body.attachments)
        let direction = try body.direction.map { name -> ServiceMessageDirection in
            guard let parsed = ServiceMessageDirection(rawValue: name) else { throw ServiceMessageBody.directionError }
            return parsed
        } ?? .inbound
        let first = (text?.isEmpty == false || !attachments.isEmpty) ? NewServiceMessage(
            direction: direction, authorID: direction == .inbound ? nil : caller.agent?.id.rawValue,
            authorName: direction == .inbound ? customer.displayName : caller.name, body: text ?? "", channel: channel,
            clientID: body.clientId, attachments: attachments, at: try Self.date(body.at)) : nil
        let origin: CaseOrigin
        switch body.origin {
        case nil: origin = direction == .outbound ? .proactive : .customer
        case "customer": origin = .customer
        case "proactive": origin = .proactive
        default: throw NewCaseBody.originError
        }
        let new = NewCase(customer: customer, threadKey: body.threadKey, channel: channel, subject: subject,
                          priority: try Self.priority(body.priority) ?? .normal, category: body.category,
                          tags: body.tags ?? [], language: body.language, origin: origin)
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
        let body = try request.decodeBody(CaseUpdateBody.self)
        var update = CaseUpdate()
        update.subject = body.subject
        if let priority = body.priority { update.priority = try Self.priority(priority) }
        update.category = body.category
        if let tags = body.tags {
            guard let tags else { throw CaseUpdateBody.fieldErrors["tags"]! }
            update.tags = tags
        }
        update.language = body.language
        if let team = body.teamId {
            if let team, try await request.touchpoint.serviceDesk.team(TeamID(rawValue: team)) == nil { throw APIError.notFound("no team '\(team)'") }
            update.teamID = .some(team.map(TeamID.init(rawValue:)))
        }
        if let assignee = body.assigneeId { update.assigneeID = .some(assignee.map(AgentID.init(rawValue:))) }
        let changed = try await Self.mapping { try await request.touchpoint.serviceDesk.update(serviceCase.id, update) }
        return Response.json(ServiceDTO.summary(changed))
    }

    func addMessage(_ request: Request) async throws -> Response {
        let caller = try await Self.caller(request)
        let serviceCase = try await Self.visibleCase(request, caller: caller)
        let body = try request.decodeBody(ServiceMessageBody.self)
        let directionName = body.direction ?? "outbound"
        guard let direction = ServiceMessageDirection(rawValue: directionName) else {
            throw APIError.badRequest("invalid_direction", "\"direction\" is outbound (a reply), note (internal) or inbound (the customer's words, e.g. typed in from a letter)")
        }
        let text = body.body ?? ""
        guard text.utf8.count <= 64 * 1024 else { throw APIError.tooLarge("message_too_large", "a message may have at most 64 KB of text") }
        let message = NewServiceMessage(
            direction: direction, authorID: direction == .inbound ? nil : caller.agent?.id.rawValue,
            authorName: direction == .inbound ? serviceCase.customer.displayName : caller.name, body: text,
            channel: try body.channel.map { try Self.channel($0, default: serviceCase.channel) }, clientID: body.clientId,
            attachments: try Self.attachments(body.attachments))
        let desk = request.touchpoint.serviceDesk
        let handleSeconds = body.handleSeconds
        let (stored, changed, created) = try await Self.mapping { try await desk.add(message, to: serviceCase.id, handleSeconds: handleSeconds) }
        return Response.json(.object(["message": ServiceDTO.message(stored), "case": ServiceDTO.summary(changed)]), status: created ? .created : .ok)
    }

    func changeStatus(_ request: Request) async throws -> Response {
        let caller = try await Self.caller(request)
        let serviceCase = try await Self.visibleCase(request, caller: caller)
        let body = try request.decodeBody(CaseStatusBody.self)
        guard let name = body.status, let status = CaseStatus(rawValue: name) else { throw CaseStatusBody.statusError }
        let changed = try await Self.mapping {
            try await request.touchpoint.serviceDesk.changeStatus(serviceCase.id, to: status, by: caller, rootCause: body.rootCause)
        }
        return Response.json(ServiceDTO.summary(changed))
    }

    func assign(_ request: Request) async throws -> Response {
        let caller = try await Self.caller(request)
        let serviceCase = try await Self.visibleCase(request, caller: caller)
        let body = try request.decodeBody(CaseAssignBody.self, allowEmpty: true)
        let desk = request.touchpoint.serviceDesk
        let changed: ServiceCase
        if let agent = body.agentId, agent != "auto" {
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
        guard let into = try request.decodeBody(CaseMergeBody.self).into?.text else {
            throw APIError.badRequest("missing_field", "\"into\" names the case (id or number) this one duplicates")
        }
        guard let target = try await request.touchpoint.serviceDesk.serviceCase(reference: into), caller.canSee(target) else { throw APIError.notFound("no case '\(into)' that you can see") }
        let merged = try await Self.mapping { try await request.touchpoint.serviceDesk.merge(duplicate.id, into: target.id, by: caller) }
        return Response.json(ServiceDTO.summary(merged))
    }

    func rate(_ request: Request) async throws -> Response {
        let caller = try await Self.caller(request)
        let serviceCase = try await Self.visibleCase(request, caller: caller)
        let body = try request.decodeBody(CaseRatingBody.self)
        guard let score = body.score, (1...5).contains(score) else { throw CaseRatingBody.scoreError }
        let rated = try await Self.mapping { try await request.touchpoint.serviceDesk.rate(serviceCase.id, score: score, comment: body.comment) }
        return Response.json(ServiceDTO.summary(rated))
    }

    func addHandleTime(_ request: Request) async throws -> Response {
        let caller = try await Self.caller(request)
        let serviceCase = try await Self.visibleCase(request, caller: caller)
        guard let seconds = ServiceCase.countableHandleTime(try request.decodeBody(HandleTimeBody.self).seconds) else { throw HandleTimeBody.secondsError }
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
}
