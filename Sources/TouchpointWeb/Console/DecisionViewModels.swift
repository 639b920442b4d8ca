import Foundation

// The decisions area's view models: the segments page with its builder, the action catalogue and an action's page,
// the report, and what the profile page and the case page show of decisions. Stored properties only (Leaf encodes
// nothing computed), and nil rather than "" for text a template tests (an empty string is true in Leaf).

/// A link with its words.
struct DecisionLink: Encodable {
    var label: String
    var href: String
}

/// One condition in words, with the form it is written in (shown on hover, for whoever writes conditions).
struct ConditionWords: Encodable {
    var text: String
    var raw: String
}

/// A group of conditions: "all of" or "any of" in words, and its conditions.
struct ConditionGroupWords: Encodable {
    var mode: String
    var conditions: [ConditionWords]
}

/// A draft's member count in words, or every problem that keeps it from being counted (or saved).
struct LiveCount: Encodable {
    /// "≈ 1 234 osoby" / "57 people"; nil when the draft has problems.
    var text: String?
    /// How an estimate was made ("from a sample of 5 000 profiles"); nil when every person was evaluated.
    var note: String?
    var problems: [String]
    var hasProblems: Bool
    var members: Int?
    var evaluated: Int?
    var exact: Bool?

    init(text: String? = nil, note: String? = nil, problems: [String] = [], members: Int? = nil, evaluated: Int? = nil, exact: Bool? = nil) {
        self.text = text
        self.note = note
        self.problems = problems
        self.hasProblems = !problems.isEmpty
        self.members = members
        self.evaluated = evaluated
        self.exact = exact
    }
}

/// `GET /decisions/segments`: every segment with its members now and its conditions in words; the builder for managers.
struct DecisionSegmentsPage: Encodable {
    struct Row: Encodable {
        /// The row's element id, which `ConsoleLink.decisionSegments(focus:)` links to.
        var anchor: String
        var id: String
        var name: String
        var members: String
        var groups: [ConditionGroupWords]
        var usedBy: [DecisionLink]
        var hasUsers: Bool
        var updated: String
        /// Managers change a segment of one group in the builder; one of several groups is changed over the API.
        var editHref: String?
    }

    struct Builder: Encodable {
        /// The segment being changed; nil for a new one.
        var id: String?
        var name: String
        var conditions: String
        var isAny: Bool
        var isEditing: Bool
        var heading: String
    }

    var layout: LayoutContext
    var rows: [Row]
    var hasRows: Bool
    var canEdit: Bool
    var builder: Builder
    var formAction: String
    var previewAction: String
    var newHref: String
    var script: String
    /// The count of the draft (or its problems) after "Count" or a refused save; the script replaces it as people type.
    var liveCount: LiveCount?
    var message: String?
    var error: String?
    /// Example lines for the builder, one of each kind.
    var examples: [String]
    /// The fields a property condition may read (`key`, as written) with their words (`value`).
    var fields: [ProfilePage.Pair]
}

/// `GET /decisions/actions`: the action catalogue.
struct DecisionActionsPage: Encodable {
    struct Row: Encodable {
        var id: String
        var name: String
        var href: String
        var kind: String
        var channels: [ChannelMark]
        var placements: String
        var eligibility: String
        var value: String
        var caps: String
        var control: String
        var active: Bool
        var state: String
        /// Set when the action is not offered now because of its dates.
        var note: String?
        var toggle: StateButton?
    }

    var layout: LayoutContext
    var rows: [Row]
    var hasRows: Bool
    var canChange: Bool
    var error: String?
}

/// The activate / retire button of an action (managers).
struct StateButton: Encodable {
    var action: String
    /// "true" or "false": the state the button sets.
    var value: String
    var label: String
    var returnTo: String
}

/// `GET /decisions/actions/{id}`: one action with its texts in every language.
struct DecisionActionPage: Encodable {
    struct TextRow: Encodable {
        var code: String
        var language: String
        var title: String?
        var body: String?
        var callToAction: String?
        /// Set when the language has no text: which text the person gets instead.
        var fallback: String?
    }

    var layout: LayoutContext
    var id: String
    var name: String
    var active: Bool
    var state: String
    var facts: [ProfilePage.Pair]
    var texts: [TextRow]
    var toggle: StateButton?
    var listHref: String
    var message: String?
    var error: String?
}

/// `GET /decisions/report`: decisions, acceptance, uplift and suppressed offers over a period.
struct DecisionReportPage: Encodable {
    struct ActionRow: Encodable {
        var name: String
        var href: String?
        var kind: String
        var shown: String
        var viewed: String
        var accepted: String
        var rate: String
        var uplift: String
        var interval: String
        /// "not significant", "no control group" — nil when the interval excludes 0.
        var verdict: String?
        var significant: Bool
        var groups: String
    }

    struct RemovalRow: Encodable {
        var reason: String
        var removed: String
        var share: String
    }

    var layout: LayoutContext
    var action: String
    var from: String
    var to: String
    var filterError: String?
    var figures: [Figure]
    var actions: [ActionRow]
    var hasActions: Bool
    var removalsChart: String
    var removals: [RemovalRow]
    var hasRemovals: Bool
    var upliftNote: String
    var emptyMessage: String?
}

/// A segment the person is in, as a chip on the profile page.
struct DecisionSegmentChip: Encodable {
    var name: String
    var href: String
    /// The segment's conditions in words, for the chip's title.
    var title: String
}

/// One logged decision on the profile page.
struct DecisionLogRow: Encodable {
    struct Shown: Encodable {
        var name: String
        var href: String?
        var kind: String
        var reason: String
    }

    var time: String
    var channel: ChannelMark
    var placement: String
    var serviceFirst: Bool
    var shown: [Shown]
    var hasShown: Bool
    var removed: String
    /// The removals by rule ("not eligible 3 · control group 1"); nil when nothing was removed.
    var removedReasons: String?
    /// Actions the person was held out of (control group); nil when none.
    var heldOut: String?
}

/// The profile page's decisions: the segments the person is in and the latest decisions for them.
struct ProfileDecisionSummary: Encodable {
    var segments: [DecisionSegmentChip]
    var hasSegments: Bool
    var decisions: [DecisionLogRow]
    var hasDecisions: Bool
}

/// The case page's "next best actions" for the case's customer, decided for the agent sidebar.
struct NextBestPanel: Encodable {
    struct Item: Encodable {
        var title: String
        var body: String?
        var callToAction: String?
        /// The language of the text (the agent's, or the one it fell back to), for the `lang` attribute.
        var textLanguage: String
        var kind: String
        var kindCode: String
        var reason: String
        var href: String
    }

    /// Where it was decided: "Channel: e-mail · agent_sidebar".
    var context: String
    var serviceFirst: Bool
    var items: [Item]
    var hasItems: Bool
    /// What arbitration removed and why; nil when nothing was.
    var removed: String?
    /// Set when no decision could be made (the case page still shows).
    var error: String?
}
