import Foundation
import TouchpointDomain

/// A short label with a style class (status, priority, SLA state).
struct Badge: Encodable {
    var label: String
    var code: String
}

struct ServiceInboxPage: Encodable {
    struct Tab: Encodable {
        var label: String
        var href: String
        var current: Bool
        var count: String
    }

    struct Row: Encodable {
        var number: String
        var href: String
        var subject: String
        var customer: String
        var channel: ChannelMark
        var status: Badge
        var priority: Badge
        var sla: Badge?
        var due: String
        var assignee: String
        var team: String
        var updated: String
    }

    struct AlertRow: Encodable {
        var caseNumber: String
        var subject: String
        var href: String
        var metric: String
        var state: Badge
        var at: String
    }

    struct Option: Encodable {
        var value: String
        var label: String
        var selected: Bool
    }

    var layout: LayoutContext
    var tabs: [Tab]
    var view: String
    var query: String
    var rows: [Row]
    var emptyMessage: String?
    var alerts: [AlertRow]
    var presenceAction: String
    var presenceOptions: [Option]
    var canSetPresence: Bool
    var liveHref: String
    var script: String
    var chatDemoHref: String?
}

struct ServiceCasePage: Encodable {
    struct MessageRow: Encodable {
        var author: String
        var time: String
        var direction: String
        var isNote: Bool
        var body: String
        var attachments: [AttachmentLink]
        var sequence: String
    }

    struct AttachmentLink: Encodable {
        var name: String
        var href: String
        var size: String
    }

    struct ClockRow: Encodable {
        var metric: String
        var state: Badge
        var due: String
        var elapsed: String
    }

    struct CallRow: Encodable {
        var time: String
        var direction: String
        var wait: String
        var talk: String
        var wrap: String
        var outcome: String
    }

    struct CaseLink: Encodable {
        var number: String
        var href: String
        var subject: String
        var status: Badge
    }

    var layout: LayoutContext
    var caseID: String
    var number: String
    var subject: String
    var status: Badge
    var priority: Badge
    var channel: ChannelMark
    var customerName: String
    var customerContact: String
    var assignee: String
    var team: String
    var created: String
    var mergedInto: CaseLink?
    var csat: String?
    var tags: String
    var category: String
    var messages: [MessageRow]
    var clocks: [ClockRow]
    var calls: [CallRow]
    var replyAction: String
    var statusAction: String
    var assignAction: String
    var propertiesAction: String
    var mergeAction: String
    /// Knowledge-base articles for the customer's last message, in the case's language, ready to insert into a reply.
    var articles: [SuggestedArticle] = []
    var hasArticles = false
    /// Next best actions for the case's customer (`withNextBestActions`); nil when the case has no profile.
    var nextBest: NextBestPanel? = nil

    struct SuggestedArticle: Encodable {
        var title: String
        var href: String
        var snippet: String
        /// What "insert" puts into the reply: the article's answer and, for a public one, its link.
        var insert: String
        var isInternal: Bool
    }
    var statusOptions: [ServiceInboxPage.Option]
    /// For a follow-up of feedback: the root causes to choose from when resolving it (empty otherwise).
    var rootCauseOptions: [ServiceInboxPage.Option]
    var asksRootCause: Bool
    var agentOptions: [ServiceInboxPage.Option]
    var priorityOptions: [ServiceInboxPage.Option]
    var profileHref: String?
    var profileFacts: [Figure]
    var timeline: [ProfilePage.TimelineRow]
    var otherCases: [CaseLink]
    var error: String?
    var liveHref: String
    var script: String
    var lastSequence: String
}

struct ServiceReportsPage: Encodable {
    struct Row: Encodable {
        var key: String
        var cases: String
        var resolved: String
        var csat: String
        var fcr: String
        var aht: String
        var reopen: String
        var frt: String
        var resolution: String
    }

    struct SLARow: Encodable {
        var metric: String
        var achieved: String
        var missed: String
        var breachedOpen: String
        var share: String
    }

    /// How full an agent's queue is: shown as a coloured badge so that overloads stand out.
    struct LoadLevel: Encodable {
        /// `over`, `full` or `ok`: the CSS class `load-…`.
        var code: String
        /// Words for the colour, for screen readers and for anyone who does not see it; empty when ok.
        var label: String

        init(load: Int, capacity: Int, strings: [String: String]) {
            if load > capacity { (code, label) = ("over", strings["load_over"]!) }
            else if load == capacity && capacity > 0 { (code, label) = ("full", strings["load_full"]!) }
            else { (code, label) = ("ok", "") }
        }
    }

    struct AgentRow: Encodable {
        var name: String
        var role: String
        var presence: Badge
        var load: String
        var loadLevel: LoadLevel
        var teams: String
        var skills: String
    }

    var layout: LayoutContext
    var from: String
    var to: String
    var action: String
    var figures: [Figure]
    var byAgent: [Row]
    var byTeam: [Row]
    var byChannel: [Row]
    var sla: [SLARow]
    var agents: [AgentRow]
    var recontactHours: String
    /// Set when no case was opened in the period: the page says so and what to do instead of showing empty tables.
    var emptyMessage: String?
}
