import Foundation
import TouchpointDomain

/// What every page shares: language, strings, navigation, the signed-in user.
struct LayoutContext: Encodable {
    struct NavItem: Encodable {
        var label: String
        var href: String
        var current: Bool
    }

    struct LanguageLink: Encodable {
        var code: String
        var name: String
        var href: String
        var current: Bool
    }

    var lang: String
    var t: [String: String]
    var title: String
    var nav: [NavItem]
    var languages: [LanguageLink]
    var userName: String?
    var userRole: String?
    var logoutHref: String
    var stylesheet: String

    enum Section {
        case overview, profiles, service, serviceReports, journeys, feedback, knowledge, selfService, decisionSegments, decisionActions, decisionReport
        case cxOverview, cxPyramid, cxChannels
        case sources, settings, none
    }

    init(language: Language, title: String, section: Section, user: ConsoleUser?, path: String) {
        let strings = Strings.all(language)
        self.lang = language.rawValue
        self.t = strings
        self.title = title
        self.nav = user == nil ? [] : [
            NavItem(label: strings["nav_overview"]!, href: ConsoleLink.overview.href, current: section == .overview),
            NavItem(label: strings["nav_profiles"]!, href: ConsoleLink.profiles(query: nil, page: 1).href, current: section == .profiles),
            NavItem(label: strings["nav_service"]!, href: ConsoleLink.serviceInbox(view: nil).href, current: section == .service),
            NavItem(label: strings["nav_service_reports"]!, href: ConsoleLink.serviceReports().href, current: section == .serviceReports),
            NavItem(label: strings["nav_journeys"]!, href: ConsoleLink.journeys.href, current: section == .journeys),
            NavItem(label: strings["nav_feedback"]!, href: ConsoleLink.feedback.href, current: section == .feedback),
            NavItem(label: strings["nav_knowledge"]!, href: ConsoleLink.knowledge().href, current: section == .knowledge),
            NavItem(label: strings["nav_self_service"]!, href: ConsoleLink.selfService().href, current: section == .selfService),
            NavItem(label: strings["nav_segments"]!, href: ConsoleLink.decisionSegments().href, current: section == .decisionSegments),
            NavItem(label: strings["nav_actions"]!, href: ConsoleLink.decisionActions.href, current: section == .decisionActions),
            NavItem(label: strings["nav_decision_report"]!, href: ConsoleLink.decisionReport().href, current: section == .decisionReport),
            NavItem(label: strings["nav_cx_overview"]!, href: ConsoleLink.cxOverview.href, current: section == .cxOverview),
            NavItem(label: strings["nav_cx_pyramid"]!, href: ConsoleLink.cxPyramid().href, current: section == .cxPyramid),
            NavItem(label: strings["nav_cx_channels"]!, href: ConsoleLink.cxChannels().href, current: section == .cxChannels),
            NavItem(label: strings["nav_sources"]!, href: ConsoleLink.sources.href, current: section == .sources),
            NavItem(label: strings["nav_settings"]!, href: ConsoleLink.settings.href, current: section == .settings),
        ]
        self.languages = Language.allCases.map { option in
            LanguageLink(code: option.rawValue, name: option.nativeName, href: Self.withLanguage(path, option), current: option == language)
        }
        self.userName = user?.name
        self.userRole = user.map { strings["role_" + $0.role.rawValue] ?? $0.role.rawValue }
        self.logoutHref = ConsoleLink.logout.href
        self.stylesheet = ConsoleLink.stylesheet.href
    }

    /// The same page in another language.
    static func withLanguage(_ path: String, _ language: Language) -> String {
        var components = URLComponents(string: path) ?? URLComponents()
        var items = (components.queryItems ?? []).filter { $0.name != "lang" }
        items.append(URLQueryItem(name: "lang", value: language.rawValue))
        components.queryItems = items
        return components.string ?? "/?lang=\(language.rawValue)"
    }
}

struct LoginPage: Encodable {
    var layout: LayoutContext
    var next: String
    var email: String
    var error: String?
    var action: String
}

struct Figure: Encodable {
    var label: String
    var value: String
    var note: String?
}

struct OverviewPage: Encodable {
    struct ConflictRow: Encodable {
        var at: String
        var reason: String
        var href: String?
    }

    var layout: LayoutContext
    /// The customer experience at a glance: satisfaction, first-contact resolution, open and breached cases, value at risk.
    var cxFigures: [Figure]
    /// Collection: profiles and events.
    var figures: [Figure]
    var stagesChart: String
    var eventsChart: String
    var channelsChart: String
    var conflicts: [ConflictRow]
    var isEmpty: Bool
    /// Where the CX figures lead on: the pyramid of the last 30 days.
    var pyramidHref: String = ConsoleLink.cxPyramid().href
}

struct ChannelMark: Encodable {
    var code: String
    var label: String
}

struct ProfilesPage: Encodable {
    struct Row: Encodable {
        var name: String
        var detail: String
        var href: String
        var channels: [ChannelMark]
        var stage: String
        var tier: String
        var tierCode: String
        var churnRisk: String?
        var openCases: String
        var events: String
        var lastSeen: String
    }

    var layout: LayoutContext
    var query: String
    var rows: [Row]
    var page: Int
    var previousHref: String?
    var nextHref: String?
    var emptyMessage: String?
    var total: String
}

struct ProfilePage: Encodable {
    struct Pair: Encodable {
        var key: String
        var value: String
    }

    struct TimelineRow: Encodable {
        var time: String
        var channel: ChannelMark
        var type: String
        var title: String
        var details: String
    }

    struct MergeRow: Encodable {
        var at: String
        var identities: String
        var messageID: String
        var undoHref: String?
        var undone: Bool
    }

    var layout: LayoutContext
    var name: String
    var profileID: String
    var identities: [Pair]
    var traits: [TraitField]
    var channels: [ChannelMark]
    var facts: [Figure]
    var timeline: [TimelineRow]
    var olderHref: String?
    var newestHref: String?
    var merges: [MergeRow]
    var conflicts: [String]
    /// The customer's service cases the viewer may see, newest first.
    var cases: [CaseRow]
    /// Profiles this one is kept apart from (a merge of them was undone).
    var separations: [SeparationRow]
    /// The segments the person is in and their latest decisions (`ConsoleController.withDecisions`).
    var decisionSummary: ProfileDecisionSummary? = nil

    struct CaseRow: Encodable {
        var number: String
        var subject: String
        var href: String
        var status: Badge
        var channel: ChannelMark
        var created: String
    }

    struct SeparationRow: Encodable {
        var name: String
        var href: String
        var allowHref: String?
    }
}

struct SourcesPage: Encodable {
    struct Row: Encodable {
        var name: String
        var hint: String
        var created: String
        /// How long its events are kept, in words.
        var kept: String
        /// The retention's days for the form (empty: for ever).
        var days: String
        /// The form field's id, which its label names.
        var fieldID: String
        var retentionAction: String
    }

    var layout: LayoutContext
    var rows: [Row]
    var canCreate: Bool
    var newKey: String?
    var error: String?
    var message: String?
}

struct SettingsPage: Encodable {
    struct Row: Encodable {
        var name: String
        var email: String
        var role: String
    }

    var layout: LayoutContext
    var users: [Row]
    var canCreate: Bool
    var roles: [LayoutContext.NavItem]
    var message: String?
    var error: String?
}

struct MessagePage: Encodable {
    var layout: LayoutContext
    var heading: String
    var text: String
}

struct JourneysPage: Encodable {
    struct StageRow: Encodable {
        var stage: String
        var profiles: String
        var conversion: String
        var dropOff: String
        var median: String
        var p90: String
    }

    struct TransitionRow: Encodable {
        var from: String
        var to: String
        var count: String
    }

    struct ChannelOption: Encodable {
        var code: String
        var label: String
        var selected: Bool
    }

    var layout: LayoutContext
    /// The filter form: a period and a channel, as the API's `from`, `to` and `channel`.
    var from: String
    var to: String
    var channels: [ChannelOption]
    var filterError: String?
    var funnelChart: String
    var transitionsChart: String
    var stages: [StageRow]
    var transitions: [TransitionRow]
    var costs: [Figure]
    var isEmpty: Bool
}
