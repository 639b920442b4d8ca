import Vapor
import TouchpointApp
import TouchpointDomain
import TouchpointStorage

/// The web console: server-rendered pages, one view model and one template each.
struct ConsoleController {
    func register(on app: Application) {
        let open = app.grouped(ConsoleForgeryGuard(), ConsoleSessionMiddleware(requireUser: false))
        open.get("login", use: loginForm)
        open.post("login", use: login)
        open.post("logout", use: logout)
        open.get("console.css", use: stylesheet)

        let signedIn = app.grouped(ConsoleForgeryGuard(), ConsoleSessionMiddleware(requireUser: true))
        signedIn.get(use: overview)
        signedIn.get("profiles", use: profiles)
        signedIn.get("profiles", ":ref", use: profile)
        signedIn.post("merges", ":id", "undo", use: undoMerge)
        signedIn.post("profiles", ":ref", "separations", ":other", "remove", use: allowMerge)
        signedIn.get("journeys", use: journeys)
        signedIn.get("feedback", use: feedback)
        signedIn.get("knowledge", use: knowledgeList)
        signedIn.get("knowledge", "new", use: knowledgeNew)
        signedIn.get("knowledge", ":id", use: knowledgeEdit)
        signedIn.on(.POST, "knowledge", body: .collect(maxSize: "1mb"), use: knowledgeSave)
        signedIn.on(.POST, "knowledge", ":id", body: .collect(maxSize: "1mb"), use: knowledgeSave)
        signedIn.on(.POST, "knowledge", ":id", "images", body: .collect(maxSize: "3mb"), use: knowledgeImage)
        signedIn.get("self-service", use: selfServicePage)
        signedIn.post("feedback", "surveys", use: createSurvey)
        signedIn.post("feedback", "surveys", ":id", "status", use: changeSurveyStatus)
        signedIn.get("sources", use: sources)
        signedIn.post("sources", use: createSource)
        signedIn.post("sources", ":id", "retention", use: changeRetention)
        signedIn.get("settings", use: settings)
        signedIn.post("settings", "users", use: createUser)
        registerDecisions(on: signedIn, app: app)
        registerMeasure(on: signedIn)
    }

    // MARK: Overview

    func overview(_ request: Request) async throws -> Response {
        let language = request.language
        let strings = Strings.all(language)
        let format = Formatting(language: language, timeZone: request.touchpoint.companyTimeZone.current)
        let store = request.touchpoint.store
        let now = Date()
        let figures = try await store.profileFigures(activeSince: now.addingTimeInterval(-30 * 86400))
        let from = DayKey.of(now.addingTimeInterval(-29 * 86400))
        let to = DayKey.of(now)
        let daily = try await store.dailyChannelCounts(from: from, to: to)
        let allTime = try await store.dailyChannelCounts(from: "0000-00-00", to: "9999-99-99")
        let totalEvents = allTime.reduce(0) { $0 + $1.events }
        let recentEvents = daily.reduce(0) { $0 + $1.events }

        var perDay = [String: Int]()
        for entry in daily { perDay[entry.day, default: 0] += entry.events }
        let days = (0..<30).map { DayKey.of(now.addingTimeInterval(Double($0 - 29) * 86400)) }
        let linePoints = days.map { SVGChart.Point(label: format.day($0), value: Double(perDay[$0] ?? 0)) }
        var perChannel = [TouchpointDomain.Channel: Int]()
        for entry in daily { perChannel[entry.channel, default: 0] += entry.events }
        let barPoints = perChannel.sorted { $0.value > $1.value }.map {
            SVGChart.Point(label: format.channel($0.key, strings: strings), value: Double($0.value))
        }

        let conflicts = try await request.touchpoint.profiles.recentConflicts(limit: 5).map { conflict in
            OverviewPage.ConflictRow(at: format.dateTime(conflict.at), reason: conflict.reason,
                                     href: conflict.profiles.first.map { ConsoleLink.profile(id: $0.rawValue).href })
        }
        let identifiedShare = figures.total > 0 ? Double(figures.identified) / Double(figures.total) : 0

        // The customer experience of the last 30 days, beside the collection counts.
        let desk = request.touchpoint.serviceDesk
        let service = ServiceMetricsCalculator.summary(try await desk.facts(from: now.addingTimeInterval(-30 * 86400), to: now),
                                                       recontactWindow: try await desk.settings().recontactWindowHours * 3600)
        let cx = try await store.cxSnapshot()
        let money = { (value: Double) in value.formatted(.currency(code: "PLN").precision(.fractionLength(0)).locale(language.locale)) }
        let cxFigures = [
            Figure(label: strings["figure_csat"]!, value: service.csatSatisfiedShare.map(format.percent) ?? "—",
                   note: service.csatResponses > 0
                       ? strings["figure_csat_note"]!.replacingOccurrences(of: "{n}", with: format.number(service.csatResponses))
                           .replacingOccurrences(of: "{avg}", with: format.decimal(service.csatAverage ?? 0, digits: 1))
                       : strings["figure_no_answers"]!),
            Figure(label: strings["figure_fcr"]!, value: service.firstContactResolutionRate.map(format.percent) ?? "—",
                   note: strings["figure_fcr_note"]!.replacingOccurrences(of: "{n}", with: format.number(service.resolved))),
            Figure(label: strings["figure_open_cases"]!, value: format.number(cx.openCases),
                   note: strings["figure_breached_note"]!.replacingOccurrences(of: "{n}", with: format.number(cx.breachedCases))),
            Figure(label: strings["figure_value_at_risk"]!, value: money(cx.valueAtRisk),
                   note: strings["figure_value_at_risk_note"]!.replacingOccurrences(of: "{n}", with: format.number(cx.customersAtRisk))),
        ]
        let stagePoints = LifecycleStage.allCases.map {
            SVGChart.Point(label: strings["stage_" + $0.rawValue] ?? $0.rawValue, value: Double(cx.stages[$0] ?? 0))
        }
        let page = OverviewPage(
            layout: LayoutContext(language: language, title: strings["overview_title"]!, section: .overview, user: request.consoleUser, path: request.url.string),
            cxFigures: cxFigures,
            figures: [
                Figure(label: strings["figure_profiles"]!, value: format.number(figures.total), note: nil),
                Figure(label: strings["figure_identified"]!, value: format.percent(identifiedShare),
                       note: strings["figure_identified_note"]!.replacingOccurrences(of: "{n}", with: format.number(figures.identified))),
                Figure(label: strings["figure_active"]!, value: format.number(figures.active), note: nil),
                Figure(label: strings["figure_events"]!, value: format.number(totalEvents), note: nil),
                Figure(label: strings["figure_events_30"]!, value: format.number(recentEvents), note: nil),
            ],
            stagesChart: SVGChart.bars(stagePoints, title: strings["chart_stages"]!, valueText: { format.number(Int($0)) }),
            eventsChart: SVGChart.line(linePoints, title: strings["chart_events_per_day"]!),
            channelsChart: SVGChart.bars(barPoints, title: strings["chart_channels"]!, valueText: { format.number(Int($0)) }),
            conflicts: conflicts,
            isEmpty: totalEvents == 0)
        return try await render(request, "overview", page)
    }

    // MARK: Profiles

    static let pageSize = 25
    /// Pages past this are refused quietly (the last one is shown): no list is read that deep, and page arithmetic stays in range.
    static let lastPage = 100_000

    func profiles(_ request: Request) async throws -> Response {
        let language = request.language
        let strings = Strings.all(language)
        let format = Formatting(language: language, timeZone: request.touchpoint.companyTimeZone.current)
        let query = (request.query[String.self, at: "q"] ?? "").trimmingCharacters(in: .whitespaces)
        let page = min(max(1, request.query[Int.self, at: "page"] ?? 1), Self.lastPage)
        let directory = request.touchpoint.profiles
        var found = try await directory.search(query: query, tier: nil, churnRisk: nil, limit: Self.pageSize + 1, offset: (page - 1) * Self.pageSize)
        let hasNext = found.count > Self.pageSize
        if hasNext { found.removeLast() }
        let facts = try await directory.listFacts(of: found.map(\.id))
        let rows = found.map { profile in
            let known = facts[profile.id]
            // Under the name: how to reach them (e-mail, else phone), never a raw id.
            let contact = [IdentifierKind.email, .phone].lazy.compactMap(profile.identifier).first
            return ProfilesPage.Row(
                name: profile.knownAs ?? strings["anonymous"]!,
                detail: profile.displayName == nil ? "" : (contact ?? ""),
                href: ConsoleLink.profile(id: profile.id.rawValue).href,
                channels: profile.channels.map { ChannelMark(code: $0.rawValue, label: format.channel($0, strings: strings)) },
                stage: known?.stage.map { strings["stage_" + $0.rawValue] ?? $0.rawValue } ?? "—",
                tier: known?.valueTier.map { strings["tier_" + $0.rawValue] ?? $0.rawValue } ?? "—",
                tierCode: known?.valueTier?.rawValue ?? "none",
                churnRisk: known?.churnRisk.map { strings["churn_" + $0.rawValue] ?? $0.rawValue },
                openCases: known.map { $0.openCases > 0 ? format.number($0.openCases) : "" } ?? "",
                events: format.number(profile.eventCount),
                lastSeen: format.shortDateTime(profile.lastSeen))
        }
        let total = query.isEmpty ? try await directory.count() : rows.count
        let result = ProfilesPage(
            layout: LayoutContext(language: language, title: strings["profiles_title"]!, section: .profiles, user: request.consoleUser, path: request.url.string),
            query: query, rows: rows, page: page,
            previousHref: page > 1 ? ConsoleLink.profiles(query: query, page: page - 1).href : nil,
            nextHref: hasNext ? ConsoleLink.profiles(query: query, page: page + 1).href : nil,
            emptyMessage: rows.isEmpty ? strings[query.isEmpty ? "no_profiles" : "no_results"] : nil,
            total: format.number(total))
        return try await render(request, "profiles", result)
    }

    func profile(_ request: Request) async throws -> Response {
        let language = request.language
        let strings = Strings.all(language)
        let format = Formatting(language: language, timeZone: request.touchpoint.companyTimeZone.current)
        let directory = request.touchpoint.profiles
        let reference = request.parameters.get("ref").map { $0.removingPercentEncoding ?? $0 } ?? ""
        guard let id = try? await directory.profileID(reference: reference), let card = try? await directory.card(id) else {
            return try await notFound(request)
        }
        let profile = card.profile
        var cursor: (time: Int64, sequence: Int64)?
        if let before = request.query[String.self, at: "before"] { cursor = TimelineCursor.decode(before) }
        var timeline = try await directory.timeline(id, limit: 30, before: cursor)
        var viewer: ServiceCaller?
        if let user = request.consoleUser { viewer = try await request.touchpoint.serviceDesk.caller(user, role: user.role) }
        if let viewer { timeline.entries = try await request.touchpoint.serviceDesk.visible(timeline.entries, to: viewer) }
        let cases = try await request.touchpoint.serviceDesk.cases(CaseFilter(profileID: id, visibleTo: viewer?.agent, limit: 20)).sorted { $0.createdAt > $1.createdAt }
        let merges = try await directory.merges(of: id)
        let conflicts = try await directory.conflicts(of: id)
        let canUndo = request.consoleUser?.role.allows(.manager) == true
        var extraFacts = [Figure]()
        if let lifecycle = card.lifecycle, let stage = lifecycle.state.stage {
            extraFacts.append(Figure(label: strings["lifecycle"]!, value: strings["stage_" + stage.rawValue] ?? stage.rawValue,
                                     note: format.dateTime(lifecycle.state.since)))
        }
        if let scores = card.scores {
            extraFacts.append(Figure(label: strings["scores"]!, value: scores.clv.formatted(.currency(code: "PLN").locale(language.locale)),
                                     note: Self.scoreNote(scores, strings: strings, format: format)))
        }
        // The person's latest survey answers and where their comments' sentiment is heading.
        let feedback = try await request.touchpoint.feedback.summary(of: id)
        let latest = SurveyType.allCases.compactMap { type in feedback.latest[type].map { "\(type.rawValue.uppercased()) \($0.score)" } }
        if !latest.isEmpty {
            extraFacts.append(Figure(label: strings["fb_profile"]!, value: latest.joined(separator: " · "),
                                     note: feedback.trend.map { strings["fb_trend_" + $0.rawValue]! }))
        }

        let result = ProfilePage(
            layout: LayoutContext(language: language, title: (profile.knownAs ?? strings["anonymous"]!) + " — " + strings["profile_title"]!,
                                  section: .profiles, user: request.consoleUser, path: request.url.string),
            name: profile.knownAs ?? strings["anonymous"]!,
            profileID: profile.id.rawValue,
            // Known kinds in words; a company's own kinds (crm_id, loyalty_card) humanised.
            identities: profile.identities.map {
                ProfilePage.Pair(key: strings["identifier_" + $0.kind.rawValue] ?? TraitField.humanized($0.kind.rawValue), value: $0.value)
            },
            traits: TraitField.fields(profile.traits, strings: strings, format: format),
            channels: profile.channels.map { ChannelMark(code: $0.rawValue, label: format.channel($0, strings: strings)) },
            facts: [
                Figure(label: strings["first_seen"]!, value: format.dateTime(profile.firstSeen), note: nil),
                Figure(label: strings["last_seen"]!, value: format.dateTime(profile.lastSeen), note: nil),
                Figure(label: strings["col_events"]!, value: format.number(profile.eventCount), note: nil),
            ] + extraFacts,
            timeline: timeline.entries.map { entry in
                ProfilePage.TimelineRow(
                    time: format.dateTime(entry.timestamp),
                    channel: ChannelMark(code: entry.channel.rawValue, label: format.channel(entry.channel, strings: strings)),
                    type: entry.type.rawValue,
                    title: entry.name ?? entry.type.rawValue,
                    details: Self.summary(entry))
            },
            olderHref: timeline.nextCursor.map { ConsoleLink.profile(id: id.rawValue, before: $0).href },
            newestHref: cursor == nil ? nil : ConsoleLink.profile(id: id.rawValue).href,
            merges: merges.map { merge in
                ProfilePage.MergeRow(at: format.dateTime(merge.at), identities: merge.identities.map(\.key).joined(separator: ", "),
                                     messageID: merge.messageID,
                                     undoHref: canUndo && merge.undoneAt == nil ? ConsoleLink.undoMerge(id: merge.id.rawValue).href : nil,
                                     undone: merge.undoneAt != nil)
            },
            conflicts: conflicts.map { format.dateTime($0.at) + " — " + $0.reason },
            cases: cases.map { c in
                ProfilePage.CaseRow(number: "#\(c.number)", subject: c.subject, href: ConsoleLink.serviceCase(number: c.number).href,
                                    status: ServiceConsoleController.statusBadge(c.status, strings),
                                    channel: ChannelMark(code: c.channel.rawValue, label: format.channel(c.channel, strings: strings)),
                                    created: format.shortDateTime(c.createdAt))
            },
            separations: try await directory.separations(of: id).asyncMap { other in
                let name = try await directory.profile(other)?.knownAs ?? strings["anonymous"]!
                return ProfilePage.SeparationRow(name: name, href: ConsoleLink.profile(id: other.rawValue).href,
                                                 allowHref: canUndo ? ConsoleLink.allowMerge(profile: id.rawValue, other: other.rawValue).href : nil)
            })
        return try await render(request, "profile", try await withDecisions(result, of: id, request))
    }

    func undoMerge(_ request: Request) async throws -> Response {
        guard request.consoleUser?.role.allows(.manager) == true else { throw APIError.forbidden("undoing a merge needs the manager role") }
        guard let id = request.parameters.get("id") else { throw APIError.badRequest("missing_id", "a merge id is needed") }
        let result = try await request.touchpoint.profiles.undoMerge(MergeID(rawValue: id))
        await request.audit("merges.undo", target: id, after: .object(["survivorId": .string(result.survivor.rawValue), "restoredProfileId": .string(result.restored.rawValue)]))
        return request.redirect(to: ConsoleLink.profile(id: result.survivor.rawValue).href, redirectType: .normal)
    }

    /// Lets later messages merge two profiles a person had kept apart.
    func allowMerge(_ request: Request) async throws -> Response {
        guard request.consoleUser?.role.allows(.manager) == true else { throw APIError.forbidden("this needs the manager role") }
        let profile = ProfileID(rawValue: request.parameters.get("ref") ?? "")
        let other = ProfileID(rawValue: request.parameters.get("other") ?? "")
        if (try? await request.touchpoint.profiles.removeSeparation(profile, from: other)) != nil {
            await request.audit("profiles.separation.remove", target: profile.rawValue, before: .object(["separatedFrom": .string(other.rawValue)]))
        }
        return request.redirect(to: ConsoleLink.profile(id: profile.rawValue).href, redirectType: .normal)
    }

    /// Value scores in words: "złoty klient · RFM 545 (ostatnio, często, wydaje) · 82 % szans, że wróci · niskie ryzyko odejścia".
    static func scoreNote(_ scores: CustomerScores, strings: [String: String], format: Formatting) -> String {
        [strings["tier_" + scores.valueTier.rawValue].map { strings["tier_label"]!.replacingOccurrences(of: "{tier}", with: $0) } ?? scores.valueTier.rawValue,
         strings["rfm_label"]!.replacingOccurrences(of: "{rfm}", with: scores.rfm),
         strings["p_alive_label"]!.replacingOccurrences(of: "{p}", with: format.percent(scores.pAlive)),
         strings["churn_" + scores.churnRisk.rawValue] ?? scores.churnRisk.rawValue].joined(separator: " · ")
    }

    /// Up to five properties, as `key: value`, for the timeline.
    static func summary(_ entry: TimelineEntry) -> String {
        let fields = (entry.payload["properties"]?.objectValue ?? entry.payload["traits"]?.objectValue ?? [:])
        return fields.sorted { $0.key < $1.key }.prefix(5).map { "\($0.key): \(text($0.value))" }.joined(separator: " · ")
    }

    static func text(_ value: JSONValue) -> String {
        switch value {
        case .string(let text): return text
        case .number, .bool, .null: return JSONCodec.serialize(value)
        case .array, .object:
            let text = JSONCodec.serialize(value)
            return text.count > 120 ? String(text.prefix(117)) + "…" : text
        }
    }

    // MARK: Sources and settings

    func settings(_ request: Request) async throws -> Response {
        try await render(request, "settings", settingsPage(request, message: nil, error: nil))
    }

    func createUser(_ request: Request) async throws -> Response {
        struct Form: Content {
            var email: String?
            var name: String?
            var password: String?
            var role: String?
        }
        let strings = Strings.all(request.language)
        guard request.consoleUser?.role.allows(.admin) == true else {
            return try await render(request, "settings", settingsPage(request, message: nil, error: strings["admin_only"]), status: .forbidden)
        }
        let form = try request.content.decode(Form.self)
        guard let password = form.password, password.count >= 8 else {
            return try await render(request, "settings", settingsPage(request, message: nil, error: strings["password"]! + ": " + strings["password_rule"]!), status: .unprocessableEntity)
        }
        let role = form.role.flatMap(Role.init(rawValue:)) ?? .agent
        do {
            let hash = try await request.application.threadPool.runIfActive { try Bcrypt.hash(password) }
            let user = try await request.touchpoint.store.createUser(email: form.email ?? "", name: form.name ?? "", passwordHash: hash, role: role)
            await request.audit("users.create", target: user.id, after: .object(["email": .string(user.email), "role": .string(user.role.rawValue)]))
            return try await render(request, "settings", settingsPage(request, message: strings["saved"], error: nil), status: .created)
        } catch let error as StorageError {
            return try await render(request, "settings", settingsPage(request, message: nil, error: error.description), status: .unprocessableEntity)
        }
    }

    private func settingsPage(_ request: Request, message: String?, error: String?) async throws -> SettingsPage {
        let language = request.language
        let strings = Strings.all(language)
        let users = try await request.touchpoint.store.users().map {
            SettingsPage.Row(name: $0.name, email: $0.email, role: strings["role_" + $0.role.rawValue] ?? $0.role.rawValue)
        }
        return SettingsPage(layout: LayoutContext(language: language, title: strings["settings_title"]!, section: .settings, user: request.consoleUser, path: request.url.string),
                            users: users, canCreate: request.consoleUser?.role.allows(.admin) == true,
                            roles: Role.allCases.reversed().map { LayoutContext.NavItem(label: strings["role_" + $0.rawValue]!, href: $0.rawValue, current: $0 == .agent) },
                            message: message, error: error)
    }

    // MARK: Rendering

    func notFound(_ request: Request) async throws -> Response {
        let strings = Strings.all(request.language)
        let page = MessagePage(layout: LayoutContext(language: request.language, title: strings["not_found_title"]!, section: .none, user: request.consoleUser, path: request.url.string),
                               heading: strings["not_found_title"]!, text: strings["not_found_text"]!)
        return try await render(request, "message", page, status: .notFound)
    }

    /// A page. `runsScripts` pages load one script from this server and open a WebSocket back to it (live updates);
    /// every other page runs no script at all.
    func render<Context: Encodable>(_ request: Request, _ template: String, _ context: Context, status: HTTPResponseStatus = .ok,
                                    runsScripts: Bool = false) async throws -> Response {
        let view = try await request.view.render(template, context)
        let html = String(buffer: view.data).replacingOccurrences(of: ConsoleForgeryGuard.placeholder, with: ConsoleForgeryGuard.token(for: request))
        let response = Response(body: .init(string: html))
        response.status = status
        response.headers.replaceOrAdd(name: .contentType, value: "text/html; charset=utf-8")
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        let scripts = runsScripts ? "script-src 'self'; connect-src 'self'" : "script-src 'none'"
        response.headers.replaceOrAdd(name: "Content-Security-Policy", value: "default-src 'self'; style-src 'self'; img-src 'self' data:; \(scripts); frame-ancestors 'none'")
        response.headers.replaceOrAdd(name: "X-Content-Type-Options", value: "nosniff")
        return response
    }

    func stylesheet(_ request: Request) async throws -> Response {
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: "text/css; charset=utf-8")
        headers.replaceOrAdd(name: .cacheControl, value: "public, max-age=3600")
        return Response(status: .ok, headers: headers, body: .init(data: ConsoleAssets.stylesheet))
    }
}

/// Files shipped in the module's resources.
enum ConsoleAssets {
    static var viewsDirectory: String {
        let base = Bundle.module.url(forResource: "base", withExtension: "leaf", subdirectory: "Resources/Views")
        return (base?.deletingLastPathComponent().path ?? Bundle.module.bundleURL.appendingPathComponent("Resources/Views").path) + "/"
    }

    static let stylesheet = publicFile("console", "css")

    /// A file of `Resources/Public` (stylesheet, scripts, widgets), read once; empty if the build left it out.
    static func publicFile(_ name: String, _ type: String) -> Data {
        guard let url = Bundle.module.url(forResource: name, withExtension: type, subdirectory: "Resources/Public"),
              let data = try? Data(contentsOf: url) else { return Data() }
        return data
    }
}
