import Foundation

/// Every console link, typed: pages build hrefs from here, never from strings of their own.
enum ConsoleLink {
    case overview
    case profiles(query: String?, page: Int)
    case profile(id: String, before: String? = nil)
    case journeys
    case feedback
    case surveys
    case surveyStatus(id: String)
    case sources
    /// The form that sets a source's retention.
    case sourceRetention(id: String)
    case settings
    case login(next: String?)
    case logout
    case undoMerge(id: String)
    case allowMerge(profile: String, other: String)
    case language(Language, returnTo: String)
    case stylesheet
    case serviceInbox(view: String?, status: String? = nil, query: String? = nil)
    case serviceCase(number: Int64)
    case serviceCaseAction(number: Int64, action: String)
    case serviceReports(from: String? = nil, to: String? = nil)
    case servicePresence
    case serviceAttachment(id: String)
    case serviceScript
    case chatDemo
    case knowledge(locale: String? = nil, status: String? = nil, query: String? = nil)
    case knowledgeArticle(id: String)
    case knowledgeNew(translationOf: String? = nil, locale: String? = nil)
    case knowledgeImages(id: String)
    case selfService(from: String? = nil, to: String? = nil)
    case helpArticle(locale: String, slug: String)
    /// The segments page; `edit` opens a segment in the builder, `saved` says it was saved and `focus` scrolls to its row.
    case decisionSegments(edit: String? = nil, saved: String? = nil, focus: String? = nil)
    case decisionSegmentPreview
    case decisionActions
    case decisionAction(id: String)
    case decisionActionState(id: String)
    case decisionReport(from: String? = nil, to: String? = nil)
    case segmentBuilderScript
    /// The CX pyramid page, for a period, one channel or one segment.
    case cxPyramid(from: String? = nil, to: String? = nil, channel: String? = nil, segment: String? = nil)
    /// The page that explains one indicator: what it counts, from which events, and its figures.
    case cxIndicator(String)
    case cxChannels(from: String? = nil, to: String? = nil)
    /// The executive overview: this week against last week, printable.
    case cxOverview
    /// One of the overview's tables as CSV (`indicators`, `trend`, `costs`, `journeys`).
    case cxOverviewCSV(table: String)
    /// The pyramid's and the channels' tables as CSV, with the page's filters.
    case cxPyramidCSV(from: String?, to: String?, channel: String?, segment: String?)
    case cxChannelsCSV(from: String?, to: String?)

    var href: String {
        switch self {
        case .overview: return "/"
        case .profiles(let query, let page):
            var items = [URLQueryItem]()
            if let query, !query.isEmpty { items.append(URLQueryItem(name: "q", value: query)) }
            if page > 1 { items.append(URLQueryItem(name: "page", value: String(page))) }
            return Self.path("/profiles", items)
        case .profile(let id, let before):
            return Self.path("/profiles/" + (id.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? id),
                             before.map { [URLQueryItem(name: "before", value: $0)] } ?? [])
        case .journeys: return "/journeys"
        case .feedback: return "/feedback"
        case .surveys: return "/feedback/surveys"
        case .surveyStatus(let id): return "/feedback/surveys/" + (id.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? id) + "/status"
        case .sources: return "/sources"
        case .sourceRetention(let id): return "/sources/" + (id.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? id) + "/retention"
        case .settings: return "/settings"
        case .login(let next): return Self.path("/login", next.map { [URLQueryItem(name: "next", value: $0)] } ?? [])
        case .logout: return "/logout"
        case .undoMerge(let id): return "/merges/" + id + "/undo"
        case .allowMerge(let profile, let other): return "/profiles/" + profile + "/separations/" + other + "/remove"
        case .language(let language, let returnTo):
            return Self.path("/language", [URLQueryItem(name: "lang", value: language.rawValue), URLQueryItem(name: "return", value: returnTo)])
        case .stylesheet: return "/console.css"
        case .serviceInbox(let view, let status, let query):
            var items = [URLQueryItem]()
            if let view { items.append(URLQueryItem(name: "view", value: view)) }
            if let status, !status.isEmpty { items.append(URLQueryItem(name: "status", value: status)) }
            if let query, !query.isEmpty { items.append(URLQueryItem(name: "q", value: query)) }
            return Self.path("/service", items)
        case .serviceCase(let number): return "/service/cases/" + String(number)
        case .serviceCaseAction(let number, let action): return "/service/cases/" + String(number) + "/" + action
        case .serviceReports(let from, let to):
            var items = [URLQueryItem]()
            if let from, !from.isEmpty { items.append(URLQueryItem(name: "from", value: from)) }
            if let to, !to.isEmpty { items.append(URLQueryItem(name: "to", value: to)) }
            return Self.path("/service/reports", items)
        case .servicePresence: return "/service/presence"
        case .serviceAttachment(let id): return "/service/attachments/" + id
        case .serviceScript: return "/service.js"
        case .chatDemo: return "/chat/demo"
        case .knowledge(let locale, let status, let query):
            var items = [URLQueryItem]()
            if let locale, !locale.isEmpty { items.append(URLQueryItem(name: "locale", value: locale)) }
            if let status, !status.isEmpty { items.append(URLQueryItem(name: "status", value: status)) }
            if let query, !query.isEmpty { items.append(URLQueryItem(name: "q", value: query)) }
            return Self.path("/knowledge", items)
        case .knowledgeArticle(let id): return "/knowledge/" + (id.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? id)
        case .knowledgeNew(let translationOf, let locale):
            var items = [URLQueryItem]()
            if let translationOf { items.append(URLQueryItem(name: "translationOf", value: translationOf)) }
            if let locale { items.append(URLQueryItem(name: "locale", value: locale)) }
            return Self.path("/knowledge/new", items)
        case .knowledgeImages(let id): return "/knowledge/" + (id.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? id) + "/images"
        case .selfService(let from, let to):
            var items = [URLQueryItem]()
            if let from, !from.isEmpty { items.append(URLQueryItem(name: "from", value: from)) }
            if let to, !to.isEmpty { items.append(URLQueryItem(name: "to", value: to)) }
            return Self.path("/self-service", items)
        case .helpArticle(let locale, let slug): return "/help/" + locale + "/a/" + slug
        case .decisionSegments(let edit, let saved, let focus):
            var items = [URLQueryItem]()
            if let edit { items.append(URLQueryItem(name: "edit", value: edit)) }
            if let saved { items.append(URLQueryItem(name: "saved", value: saved)) }
            return Self.path("/decisions/segments", items) + ((focus ?? saved).map { "#" + Self.segmentAnchor($0) } ?? "")
        case .decisionSegmentPreview: return "/decisions/segments/preview"
        case .decisionActions: return "/decisions/actions"
        case .decisionAction(let id): return "/decisions/actions/" + Self.pathSegment(id)
        case .decisionActionState(let id): return "/decisions/actions/" + Self.pathSegment(id) + "/state"
        case .decisionReport(let from, let to):
            var items = [URLQueryItem]()
            if let from, !from.isEmpty { items.append(URLQueryItem(name: "from", value: from)) }
            if let to, !to.isEmpty { items.append(URLQueryItem(name: "to", value: to)) }
            return Self.path("/decisions/report", items)
        case .segmentBuilderScript: return "/segment-builder.js"
        case .cxPyramid(let from, let to, let channel, let segment):
            return Self.path("/cx/pyramid", given: [("from", from), ("to", to), ("channel", channel), ("segment", segment)])
        case .cxIndicator(let key): return "/cx/indicators/" + Self.pathSegment(key)
        case .cxChannels(let from, let to):
            return Self.path("/cx/channels", given: [("from", from), ("to", to)])
        case .cxOverview: return "/cx/overview"
        case .cxPyramidCSV(let from, let to, let channel, let segment):
            return Self.path("/cx/pyramid.csv", given: [("from", from), ("to", to), ("channel", channel), ("segment", segment)])
        case .cxChannelsCSV(let from, let to):
            return Self.path("/cx/channels.csv", given: [("from", from), ("to", to)])
        case .cxOverviewCSV(let table): return Self.path("/cx/overview.csv", [URLQueryItem(name: "table", value: table)])
        }
    }

    /// The path with the query parameters that have a value; empty ones are left out, as a blank form field means "any".
    private static func path(_ path: String, given parameters: [(name: String, value: String?)]) -> String {
        Self.path(path, parameters.compactMap { name, value in value.flatMap { $0.isEmpty ? nil : URLQueryItem(name: name, value: $0) } })
    }

    private static func path(_ path: String, _ items: [URLQueryItem]) -> String {
        guard !items.isEmpty else { return path }
        var components = URLComponents()
        components.path = path
        components.queryItems = items
        return components.string ?? path
    }

    /// Only local paths are followed after sign-in, so a link cannot send people elsewhere.
    static func safeReturnPath(_ candidate: String?) -> String {
        guard let candidate, candidate.hasPrefix("/"), !candidate.hasPrefix("//"), !candidate.contains("\\") else { return "/" }
        return candidate
    }
}
