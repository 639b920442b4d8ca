import Vapor
import Tagged
import TouchpointApp
import TouchpointDomain
import TouchpointStorage

/// The agent workspace in the console: the inbox and queue, a case beside the customer's whole profile and timeline,
/// and the service reports. Agents see their teams' cases unless granted more; every customer text is escaped by Leaf.
struct ServiceConsoleController {
    func register(on app: Application) {
        let signedIn = app.grouped(ConsoleForgeryGuard(), ConsoleSessionMiddleware(requireUser: true))
        signedIn.get("service", use: inbox)
        signedIn.post("service", "presence", use: setPresence)
        signedIn.get("service", "cases", ":number", use: showCase)
        signedIn.post("service", "cases", ":number", "reply", use: reply)
        signedIn.post("service", "cases", ":number", "status", use: changeStatus)
        signedIn.post("service", "cases", ":number", "assign", use: assign)
        signedIn.post("service", "cases", ":number", "properties", use: properties)
        signedIn.post("service", "cases", ":number", "merge", use: merge)
        signedIn.get("service", "attachments", ":id", use: attachment)
        signedIn.get("service", "reports", use: reports)
        registerSettings(on: signedIn)
        signedIn.webSocket("service", "live", maxFrameSize: .init(integerLiteral: 64 * 1024), onUpgrade: ServiceLive.agentSocket)
        app.get("service.js", use: script)
    }

    /// The signed-in user as a service-desk caller.
    private func caller(_ request: Request) async throws -> ServiceCaller {
        guard let user = request.consoleUser else { throw APIError.unauthorized("sign in") }
        return try await request.touchpoint.serviceDesk.caller(user, role: user.role)
    }

    /// The inbox and a case page update live: they run the service script.
    private func render<Context: Encodable>(_ request: Request, _ template: String, _ context: Context, status: HTTPResponseStatus = .ok) async throws -> Response {
        try await ConsoleController().render(request, template, context, status: status, runsScripts: true)
    }

    // MARK: Inbox

    func inbox(_ request: Request) async throws -> Response {
        let language = request.language
        let strings = Strings.all(language)
        let format = Formatting(language: language, timeZone: request.touchpoint.companyTimeZone.current)
        let caller = try await caller(request)
        // Agents land on their own cases; managers (who assign rather than answer) on everything open.
        let view = request.query[String.self, at: "view"] ?? (caller.agent != nil && !caller.role.allows(.manager) ? "mine" : "open")
        let query = request.query[String.self, at: "q"]?.trimmedWhitespace ?? ""

        func filter(for view: String) -> CaseFilter {
            var filter = CaseFilter(statuses: [.new, .open, .pending], visibleTo: caller.agent, limit: 100)
            switch view {
            case "mine": filter.assigneeID = caller.agent?.id ?? AgentID(rawValue: "-")
            case "queue": filter.unassignedOnly = true
            case "all": filter.statuses = nil
            default: break
            }
            if !query.isEmpty { filter.query = query }
            return filter
        }
        var cases = try await request.touchpoint.serviceDesk.cases(filter(for: view))
        if view == "breached" { cases = cases.filter { $0.slaState == .breached || $0.slaState == .atRisk } }
        let agents = Dictionary(uniqueKeysWithValues: try await request.touchpoint.serviceDesk.agents().map { ($0.id, $0) })
        let teams = Dictionary(uniqueKeysWithValues: try await request.touchpoint.serviceDesk.teams().map { ($0.id, $0.name) })
        var tabs = [ServiceInboxPage.Tab]()
        for (code, label) in [("mine", "view_mine"), ("queue", "view_queue"), ("open", "view_open"), ("breached", "view_breached"), ("all", "view_all")] {
            let count = code == "breached" ? "" : format.number(try await request.touchpoint.serviceDesk.countCases(filter(for: code)))
            tabs.append(.init(label: strings[label]!, href: ConsoleLink.serviceInbox(view: code, query: query).href, current: code == view, count: count))
        }
        var alerts = [ServiceInboxPage.AlertRow]()
        for (alert, serviceCase) in try await request.touchpoint.serviceDesk.alerts(limit: 30, visibleTo: caller) {
            guard alerts.count < 8, serviceCase.status.isActive else { continue }
            alerts.append(.init(caseNumber: "#\(serviceCase.number)", subject: serviceCase.subject, href: ConsoleLink.serviceCase(number: serviceCase.number).href,
                                metric: strings["metric_" + alert.metric.rawValue] ?? alert.metric.rawValue,
                                state: Self.slaBadge(alert.state, strings), at: format.dateTime(alert.at)))
        }
        let rows = cases.map { c in
            ServiceInboxPage.Row(
                number: "#\(c.number)", href: ConsoleLink.serviceCase(number: c.number).href, subject: c.subject,
                customer: Self.customerName(c.customer, strings), channel: ChannelMark(code: c.channel.rawValue, label: format.channel(c.channel, strings: strings)),
                status: Self.statusBadge(c.status, strings), priority: Self.priorityBadge(c.priority, strings),
                sla: c.status.isActive ? c.slaState.map { Self.slaBadge($0, strings) } : nil,
                due: c.status.isActive ? (c.slaDueAt.map { format.shortDateTime($0) } ?? "") : "",
                assignee: c.assigneeID.flatMap { agents[$0]?.name } ?? (c.queuedAt.map { strings["queued_since"]! + " " + format.dateTime($0) } ?? strings["unassigned"]!),
                team: c.teamID.flatMap { teams[$0] } ?? "—", updated: format.shortDateTime(c.updatedAt))
        }
        let presence = caller.agent?.presence ?? .offline
        let page = ServiceInboxPage(
            layout: LayoutContext(language: language, title: strings["service_title"]!, section: .service, user: request.consoleUser, path: request.url.string),
            tabs: tabs, view: view, query: query, rows: rows, emptyMessage: rows.isEmpty ? strings["no_cases"] : nil, alerts: alerts,
            presenceAction: ConsoleLink.servicePresence.href,
            presenceOptions: AgentPresence.allCases.map { .init(value: $0.rawValue, label: strings["presence_" + $0.rawValue]!, selected: $0 == presence) },
            canSetPresence: caller.agent != nil, liveHref: "/service/live", script: ConsoleLink.serviceScript.href,
            chatDemoHref: try await chatDemoHref(request))
        return try await render(request, "service-inbox", page)
    }

    /// The demo page with the chat widget, keyed by the demo or default source, for managers to try the chat.
    private func chatDemoHref(_ request: Request) async throws -> String? {
        guard request.consoleUser?.role.allows(.manager) == true else { return nil }
        return ConsoleLink.chatDemo.href
    }

    func setPresence(_ request: Request) async throws -> Response {
        struct Form: Content { var presence: String? }
        let caller = try await caller(request)
        guard let agent = caller.agent, let presence = try request.content.decode(Form.self).presence.flatMap(AgentPresence.init(rawValue:)) else {
            return request.redirect(to: ConsoleLink.serviceInbox(view: nil).href, redirectType: .normal)
        }
        _ = try await request.touchpoint.serviceDesk.updateAgent(agent.id, AgentUpdate(presence: presence))
        return request.redirect(to: ConsoleLink.serviceInbox(view: nil).href, redirectType: .normal)
    }

    // MARK: A case

    private func visibleCase(_ request: Request, caller: ServiceCaller) async throws -> ServiceCase? {
        guard let number = request.parameters.get("number").flatMap(Int64.init),
              let serviceCase = try await request.touchpoint.serviceDesk.serviceCase(number: number), caller.canSee(serviceCase) else { return nil }
        return serviceCase
    }

    func showCase(_ request: Request) async throws -> Response {
        let caller = try await caller(request)
        guard let serviceCase = try await visibleCase(request, caller: caller) else { return try await ConsoleController().notFound(request) }
        let page = try await withArticles(try await casePage(request, serviceCase, caller: caller, error: nil), for: serviceCase, request)
        return try await render(request, "service-case", await withNextBestActions(page, for: serviceCase, request))
    }

    private func casePage(_ request: Request, _ c: ServiceCase, caller: ServiceCaller, error: String?) async throws -> ServiceCasePage {
        let language = request.language
        let strings = Strings.all(language)
        let format = Formatting(language: language, timeZone: request.touchpoint.companyTimeZone.current)
        let desk = request.touchpoint.serviceDesk
        let agents = try await desk.agents()
        let agentNames = Dictionary(uniqueKeysWithValues: agents.map { ($0.id, $0.name) })
        let teams = Dictionary(uniqueKeysWithValues: try await desk.teams().map { ($0.id, $0.name) })
        let messages = try await desk.messages(of: c.id)
        let clocks = try await desk.clocks(for: c)
        var profileFacts = [Figure]()
        var timeline = [ProfilePage.TimelineRow]()
        var otherCases = [ServiceCasePage.CaseLink]()
        if let profileID = c.profileID, let profile = try await request.touchpoint.profiles.profile(profileID) {
            let card = try await request.touchpoint.profiles.card(of: profile)
            profileFacts.append(Figure(label: strings["first_seen"]!, value: format.dateTime(profile.firstSeen), note: nil))
            profileFacts.append(Figure(label: strings["col_events"]!, value: format.number(profile.eventCount),
                                       note: profile.channels.map { format.channel($0, strings: strings) }.joined(separator: ", ")))
            if let lifecycle = card.lifecycle, let stage = lifecycle.state.stage {
                profileFacts.append(Figure(label: strings["lifecycle"]!, value: strings["stage_" + stage.rawValue] ?? stage.rawValue, note: format.dateTime(lifecycle.state.since)))
            }
            if let scores = card.scores {
                profileFacts.append(Figure(label: strings["scores"]!, value: scores.clv.formatted(.currency(code: "PLN").locale(language.locale)),
                                           note: ConsoleController.scoreNote(scores, strings: strings, format: format)))
            }
            timeline = try await desk.visible(try await request.touchpoint.profiles.timeline(profileID, limit: 15, before: nil).entries, to: caller).map { entry in
                ProfilePage.TimelineRow(time: format.dateTime(entry.timestamp),
                                        channel: ChannelMark(code: entry.channel.rawValue, label: format.channel(entry.channel, strings: strings)),
                                        type: entry.type.rawValue, title: entry.name ?? entry.type.rawValue, details: ConsoleController.summary(entry))
            }
            otherCases = try await desk.cases(CaseFilter(profileID: profileID, visibleTo: caller.agent, limit: 10))
                .filter { $0.id != c.id }
                .map { .init(number: "#\($0.number)", href: ConsoleLink.serviceCase(number: $0.number).href, subject: $0.subject, status: Self.statusBadge($0.status, strings)) }
        }
        var mergedInto: ServiceCasePage.CaseLink?
        if let target = c.mergedInto, let found = try await request.touchpoint.serviceDesk.serviceCase(target) {
            mergedInto = .init(number: "#\(found.number)", href: ConsoleLink.serviceCase(number: found.number).href, subject: found.subject, status: Self.statusBadge(found.status, strings))
        }
        let statusOptions = [ServiceInboxPage.Option(value: c.status.rawValue, label: strings["status_" + c.status.rawValue]!, selected: true)]
            + CaseStatus.allCases.filter { c.status.canMove(to: $0) }.map { .init(value: $0.rawValue, label: strings["status_" + $0.rawValue]!, selected: false) }
        let agentOptions = [ServiceInboxPage.Option(value: "auto", label: strings["auto_route"]!, selected: c.assigneeID == nil)]
            + agents.map { .init(value: $0.id.rawValue, label: "\($0.name) (\(strings["presence_" + $0.presence.rawValue]!), \($0.load)/\($0.capacity))", selected: $0.id == c.assigneeID) }
        let contact = [c.customer.email, c.customer.phone, c.customer.userId].compactMap { $0 }.joined(separator: " · ")
        return ServiceCasePage(
            layout: LayoutContext(language: language, title: "#\(c.number) \(c.subject)", section: .service, user: request.consoleUser, path: request.url.string),
            caseID: c.id.rawValue, number: "#\(c.number)", subject: c.subject, status: Self.statusBadge(c.status, strings),
            priority: Self.priorityBadge(c.priority, strings), channel: ChannelMark(code: c.channel.rawValue, label: format.channel(c.channel, strings: strings)),
            customerName: Self.customerName(c.customer, strings), customerContact: contact,
            assignee: c.assigneeID.flatMap { agentNames[$0] } ?? strings["unassigned"]!, team: c.teamID.flatMap { teams[$0] } ?? "—",
            created: format.dateTime(c.createdAt), mergedInto: mergedInto,
            csat: c.csatScore.map { "\($0)/5" + (c.csatComment.map { " — " + $0 } ?? "") }, tags: c.tags.joined(separator: ", "), category: c.category ?? "",
            messages: messages.map { m in
                .init(author: m.authorName, time: format.dateTime(m.createdAt), direction: m.direction.rawValue, isNote: m.direction == .note, body: m.body,
                      attachments: m.attachments.map { .init(name: $0.fileName, href: ConsoleLink.serviceAttachment(id: $0.id).href, size: format.number($0.sizeBytes / 1024 + 1) + " KB") },
                      sequence: String(m.sequence))
            },
            clocks: clocks.map { clock in
                .init(metric: strings["metric_" + clock.metric.rawValue] ?? clock.metric.rawValue, state: Self.slaBadge(clock.state, strings),
                      due: Self.clockTiming(clock, format: format, strings: strings),
                      elapsed: strings["clock_used"]!.replacingOccurrences(of: "{used}", with: Self.businessSpan(clock.elapsedBusinessSeconds, strings))
                        .replacingOccurrences(of: "{target}", with: Self.businessSpan(clock.targetSeconds, strings)))
            },
            calls: try await request.touchpoint.serviceDesk.calls(of: c.id).map { call in
                .init(time: format.dateTime(call.startedAt), direction: call.direction.rawValue, wait: Self.duration(call.waitSeconds), talk: Self.duration(call.talkSeconds),
                      wrap: Self.duration(call.wrapSeconds), outcome: call.outcome)
            },
            replyAction: ConsoleLink.serviceCaseAction(number: c.number, action: "reply").href,
            statusAction: ConsoleLink.serviceCaseAction(number: c.number, action: "status").href,
            assignAction: ConsoleLink.serviceCaseAction(number: c.number, action: "assign").href,
            propertiesAction: ConsoleLink.serviceCaseAction(number: c.number, action: "properties").href,
            mergeAction: ConsoleLink.serviceCaseAction(number: c.number, action: "merge").href,
            statusOptions: statusOptions,
            rootCauseOptions: c.origin == .feedback
                ? RootCause.allCases.map { .init(value: $0.rawValue, label: strings["root_" + $0.rawValue] ?? $0.rawValue, selected: false) } : [],
            asksRootCause: c.origin == .feedback,
            agentOptions: agentOptions,
            priorityOptions: CasePriority.allCases.map { .init(value: $0.rawValue, label: strings["priority_" + $0.rawValue]!, selected: $0 == c.priority) },
            profileHref: c.profileID.map { ConsoleLink.profile(id: $0.rawValue).href }, profileFacts: profileFacts, timeline: timeline, otherCases: otherCases,
            error: error.map { strings["action_failed"]! + " " + $0 }, liveHref: "/service/live", script: ConsoleLink.serviceScript.href,
            lastSequence: String(messages.last?.sequence ?? 0))
    }

    /// Runs a form's action; success goes back to the case (post/redirect/get), a refusal shows the case with the reason.
    private func act(_ request: Request, _ body: (ServiceCaller, ServiceCase) async throws -> Void) async throws -> Response {
        let caller = try await caller(request)
        guard let serviceCase = try await visibleCase(request, caller: caller) else { return try await ConsoleController().notFound(request) }
        do {
            try await ServiceController.mapping { try await body(caller, serviceCase) }
        } catch let error as APIError {
            let fresh = try await request.touchpoint.serviceDesk.serviceCase(serviceCase.id) ?? serviceCase
            return try await render(request, "service-case", try await withArticles(try await casePage(request, fresh, caller: caller, error: error.message), for: fresh, request),
                                    status: error.status)
        }
        return request.redirect(to: ConsoleLink.serviceCase(number: serviceCase.number).href, redirectType: .normal)
    }

    func reply(_ request: Request) async throws -> Response {
        struct Form: Content {
            var body: String?
            var kind: String?
            var handleSeconds: Double?
        }
        let form = try request.content.decode(Form.self)
        return try await act(request) { caller, serviceCase in
            let text = form.body ?? ""
            guard !text.trimmedWhitespace.isEmpty else { throw APIError(status: .unprocessableEntity, code: "empty", message: Strings.all(request.language)["reply_text"]! + "?") }
            let desk = request.touchpoint.serviceDesk
            _ = try await desk.add(NewServiceMessage(direction: form.kind == "note" ? .note : .outbound, authorID: caller.agent?.id.rawValue,
                                                     authorName: caller.name, body: text), to: serviceCase.id, handleSeconds: form.handleSeconds)
        }
    }

    func changeStatus(_ request: Request) async throws -> Response {
        struct Form: Content { var status: String?; var rootCause: String? }
        let form = try request.content.decode(Form.self)
        return try await act(request) { caller, serviceCase in
            guard let status = form.status.flatMap(CaseStatus.init(rawValue:)) else { throw APIError.badRequest("invalid_status", "choose a status") }
            guard status != serviceCase.status else { return }
            _ = try await request.touchpoint.serviceDesk.changeStatus(serviceCase.id, to: status, by: caller, rootCause: form.rootCause)
        }
    }

    func assign(_ request: Request) async throws -> Response {
        struct Form: Content { var agent: String? }
        let form = try request.content.decode(Form.self)
        return try await act(request) { _, serviceCase in
            let desk = request.touchpoint.serviceDesk
            if let agent = form.agent, agent != "auto" {
                _ = try await desk.update(serviceCase.id, CaseUpdate(assigneeID: .some(AgentID(rawValue: agent))))
            } else {
                _ = try await desk.update(serviceCase.id, CaseUpdate(assigneeID: .some(nil)))
                _ = try await desk.route(serviceCase.id)
            }
        }
    }

    func properties(_ request: Request) async throws -> Response {
        struct Form: Content {
            var priority: String?
            var category: String?
            var tags: String?
        }
        let form = try request.content.decode(Form.self)
        return try await act(request) { _, serviceCase in
            let update = CaseUpdate(priority: form.priority.flatMap(CasePriority.init(rawValue:)), category: .some(form.category),
                                    tags: form.tags.map { $0.split(separator: ",").map(String.init) })
            _ = try await request.touchpoint.serviceDesk.update(serviceCase.id, update)
        }
    }

    func merge(_ request: Request) async throws -> Response {
        struct Form: Content { var into: String? }
        let form = try request.content.decode(Form.self)
        return try await act(request) { caller, serviceCase in
            guard let reference = form.into?.trimmedWhitespace, !reference.isEmpty,
                  let target = try await request.touchpoint.serviceDesk.serviceCase(reference: reference), caller.canSee(target) else {
                throw APIError.notFound(Strings.all(request.language)["merge_into"]! + ": ?")
            }
            _ = try await request.touchpoint.serviceDesk.merge(serviceCase.id, into: target.id, by: caller)
        }
    }

    func attachment(_ request: Request) async throws -> Response {
        let caller = try await caller(request)
        guard let id = request.parameters.get("id"), let found = try await request.touchpoint.serviceDesk.attachment(id, for: caller) else {
            return try await ConsoleController().notFound(request)
        }
        return Response.download(found.content, fileName: found.info.fileName, contentType: found.info.contentType)
    }

    // MARK: Reports

    func reports(_ request: Request) async throws -> Response {
        let language = request.language
        let strings = Strings.all(language)
        let format = Formatting(language: language, timeZone: request.touchpoint.companyTimeZone.current)
        guard request.consoleUser?.role.allows(.manager) == true else {
            let page = MessagePage(layout: LayoutContext(language: language, title: strings["reports_title"]!, section: .serviceReports, user: request.consoleUser, path: request.url.string),
                                   heading: strings["reports_title"]!, text: strings["admin_only"]!.replacingOccurrences(of: "administrator", with: "kierownik"))
            return try await ConsoleController().render(request, "message", page, status: .forbidden)
        }
        let (from, to): (Date, Date)
        do { (from, to) = try ServiceController.period(request) } catch { (from, to) = (Date().addingTimeInterval(-30 * 86400), Date()) }
        let desk = request.touchpoint.serviceDesk
        let facts = try await desk.facts(from: from, to: to)
        let settings = try await desk.settings()
        let window = settings.recontactWindowHours * 3600
        let overall = ServiceMetricsCalculator.summary(facts, recontactWindow: window)
        let agents = try await desk.agents()
        let agentNames = Dictionary(uniqueKeysWithValues: agents.map { ($0.id.rawValue, $0.name) })
        let teams = try await desk.teams()
        let teamNames = Dictionary(uniqueKeysWithValues: teams.map { ($0.id.rawValue, $0.name) })
        func percent(_ value: Double?) -> String { value.map(format.percent) ?? "—" }
        func hours(_ seconds: Double?) -> String { seconds.map { format.decimal($0 / 3600, digits: 1) + " " + strings["hours_short"]! } ?? "—" }
        func minutes(_ seconds: Double?) -> String { seconds.map { format.decimal($0 / 60, digits: 1) + " " + strings["minutes_short"]! } ?? "—" }
        func rows(_ grouping: ServiceMetricsCalculator.Grouping, name: (String) -> String) -> [ServiceReportsPage.Row] {
            ServiceMetricsCalculator.grouped(facts, by: grouping, recontactWindow: window).map { entry in
                let m = entry.summary
                return .init(key: name(entry.key), cases: format.number(m.cases), resolved: format.number(m.resolved),
                             csat: percent(m.csatSatisfiedShare) + (m.csatAverage.map { " (\(format.decimal($0, digits: 2)))" } ?? ""),
                             fcr: percent(m.firstContactResolutionRate), aht: minutes(m.averageHandleSeconds), reopen: percent(m.reopenRate),
                             frt: hours(m.firstResponseMedianSeconds), resolution: hours(m.resolutionMedianSeconds))
            }
        }
        let achievement = try await desk.achievement(from: from, to: to)
        let day: (Date) -> String = { String(Timestamps.format($0).prefix(10)) }
        let page = ServiceReportsPage(
            layout: LayoutContext(language: language, title: strings["reports_title"]!, section: .serviceReports, user: request.consoleUser, path: request.url.string),
            from: day(from), to: day(to.addingTimeInterval(-1)), action: ConsoleLink.serviceReports().href,
            figures: [
                Figure(label: strings["m_cases"]!, value: format.number(overall.cases), note: strings["m_resolved"]! + ": " + format.number(overall.resolved)),
                Figure(label: strings["m_csat"]!, value: percent(overall.csatSatisfiedShare),
                       note: overall.csatAverage.map { strings["m_csat_avg"]! + " " + format.decimal($0, digits: 2) + " · n=" + format.number(overall.csatResponses) }),
                Figure(label: strings["m_fcr"]!, value: percent(overall.firstContactResolutionRate),
                       note: strings["fcr_window_note"]!.replacingOccurrences(of: "{h}", with: format.decimal(settings.recontactWindowHours, digits: 0))),
                Figure(label: strings["m_aht"]!, value: minutes(overall.averageHandleSeconds), note: nil),
                Figure(label: strings["m_reopen"]!, value: percent(overall.reopenRate), note: nil),
                Figure(label: strings["m_frt"]!, value: hours(overall.firstResponseMedianSeconds), note: strings["m_frt_business"]! + ": " + hours(overall.firstResponseMedianBusinessSeconds)),
                Figure(label: strings["m_resolution"]!, value: hours(overall.resolutionMedianSeconds), note: strings["m_resolution_business"]! + ": " + hours(overall.resolutionMedianBusinessSeconds)),
            ],
            byAgent: rows(.agent) { agentNames[$0] ?? strings["unassigned_cases"]! },
            byTeam: rows(.team) { teamNames[$0] ?? strings["no_team"]! },
            byChannel: rows(.channel) { TouchpointDomain.Channel(rawValue: $0).map { format.channel($0, strings: strings) } ?? $0 },
            sla: achievement.map { a in
                .init(metric: strings["metric_" + a.metric.rawValue] ?? a.metric.rawValue, achieved: format.number(a.achieved), missed: format.number(a.missed),
                      breachedOpen: format.number(a.breachedOpen), share: percent(a.share))
            },
            agents: agents.filter { $0.presence != .offline || $0.load > 0 || !$0.teamIDs.isEmpty }.map { agent in
                .init(name: agent.name, role: strings["role_" + agent.role.rawValue] ?? agent.role.rawValue,
                      presence: Badge(label: strings["presence_" + agent.presence.rawValue]!, code: agent.presence.rawValue),
                      load: "\(agent.load)/\(agent.capacity)", loadLevel: ServiceReportsPage.LoadLevel(load: agent.load, capacity: agent.capacity, strings: strings), teams: agent.teamIDs.compactMap { teamNames[$0.rawValue] }.joined(separator: ", "),
                      skills: agent.skills.joined(separator: ", "))
            },
            recontactHours: format.decimal(settings.recontactWindowHours, digits: 0),
            emptyMessage: overall.cases > 0 ? nil : strings["reports_empty"]!
                .replacingOccurrences(of: "{from}", with: format.day(day(from))).replacingOccurrences(of: "{to}", with: format.day(day(to.addingTimeInterval(-1)))))
        return try await ConsoleController().render(request, "service-reports", page)
    }

    // MARK: Script

    static let serviceScript = ConsoleAssets.publicFile("service", "js")

    func script(_ request: Request) async throws -> Response {
        Response.asset(Self.serviceScript, contentType: "application/javascript; charset=utf-8")
    }

    // MARK: Labels

    /// The customer as agents read them: their name or address, and for a visitor known by nothing else
    /// "Chat visitor 3F2A" (the end of their public id), never a raw id.
    static func customerName(_ contact: CustomerContact, _ strings: [String: String]) -> String {
        let known = [contact.name, contact.email, contact.phone, contact.userId, contact.unverifiedEmail].compactMap { $0 }.first { !$0.isEmpty }
        if let known { return known }
        guard let anonymous = contact.anonymousId, !anonymous.isEmpty else { return "—" }
        return strings["chat_visitor_name"]!.replacingOccurrences(of: "{id}", with: String(anonymous.suffix(4)).uppercased())
    }

    static func statusBadge(_ status: CaseStatus, _ strings: [String: String]) -> Badge {
        Badge(label: strings["status_" + status.rawValue] ?? status.rawValue, code: status.rawValue)
    }

    static func priorityBadge(_ priority: CasePriority, _ strings: [String: String]) -> Badge {
        Badge(label: strings["priority_" + priority.rawValue] ?? priority.rawValue, code: priority.rawValue)
    }

    static func slaBadge(_ state: SLAClockState, _ strings: [String: String]) -> Badge {
        Badge(label: strings["sla_" + state.rawValue] ?? state.rawValue, code: state.rawValue)
    }

    /// When an SLA clock is due, was due, or stopped: the moment a reader of the case page looks for.
    static func clockTiming(_ clock: SLAClock, format: Formatting, strings: [String: String]) -> String {
        let key: String, time: Date?
        if let completed = clock.completedAt { (key, time) = ("clock_done", completed) }
        else if let due = clock.dueAt { (key, time) = (clock.state == .breached ? "clock_breached_at" : "clock_due", due) }
        else { return strings["clock_paused"]! }
        return strings[key]!.replacingOccurrences(of: "{time}", with: format.shortDateTime(time))
    }

    /// Business time as "2 h 05 min" (or "45 min"): SLA targets run from minutes to days.
    static func businessSpan(_ seconds: Double, _ strings: [String: String]) -> String {
        let minutes = Int((max(0, seconds) / 60).rounded())
        let (h, m) = (minutes / 60, minutes % 60)
        if h == 0 { return "\(m) \(strings["minutes_short"]!)" }
        return m == 0 ? "\(h) \(strings["hours_short"]!)" : "\(h) \(strings["hours_short"]!) \(m < 10 ? "0" : "")\(m) \(strings["minutes_short"]!)"
    }

    static func duration(_ seconds: Double) -> String {
        let total = Int(seconds.rounded())
        return String(format: "%d:%02d", total / 60, total % 60)
    }
}
