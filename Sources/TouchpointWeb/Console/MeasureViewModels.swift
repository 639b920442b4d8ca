import Foundation

// The measurement pages' view models: the CX pyramid, one indicator's explanation and the channel comparison.
// Stored properties only (Leaf encodes nothing computed), and nil rather than "" for text a template tests.

/// An option of a filter's select (a channel, a segment).
struct MeasureOption: Encodable {
    var code: String
    var label: String
    var selected: Bool
}

/// One indicator in a level's table: its name linking to its explanation, value, target, verdict and counts.
struct MeasureIndicatorRow: Encodable {
    var key: String
    var name: String
    var href: String
    var value: String
    /// With its direction: "≥ 60 %".
    var target: String
    var verdict: String
    /// `met`, `missed` or `none`: the verdict's colour.
    var verdictCode: String
    /// "numerator / denominator".
    var counts: String
    /// Set when a channel is chosen and the indicator cannot be read for one channel (it shows every channel).
    var note: String?
}

/// A level's state in the legend and the summary table: its words and the code the page colours it by.
struct MeasureLegendItem: Encodable {
    var code: String
    var label: String
}

/// `GET /cx/pyramid`: the filter form, the pyramid as a picture with the levels in a table beside it, the level
/// reached and the blocking level, then one table per level with its indicators.
struct CXPyramidPage: Encodable {
    struct LevelSection: Encodable {
        var number: Int
        /// The element id of the level's table, and the link to it.
        var anchor: String
        var anchorHref: String
        var heading: String
        var about: String
        var status: String
        /// `met`, `missed`, `none` or `gated` (holds, but a level below does not).
        var state: String
        var score: String
        var rule: String
        var rows: [MeasureIndicatorRow]
    }

    var layout: LayoutContext
    var action: String
    var from: String
    var to: String
    var channels: [MeasureOption]
    var segments: [MeasureOption]
    var filterError: String?
    /// The period, channel and segment in words.
    var scope: String
    var headline: String
    var blocking: String
    /// The blocking level's table; nil when no level blocks.
    var blockingHref: String?
    var blockingNote: String?
    var chart: String
    var legend: [MeasureLegendItem]
    /// Top level first, as the picture reads.
    var summary: [LevelSection]
    /// Level 1 first: the order to work in.
    var levels: [LevelSection]
    var channelNote: String?
    var emptyMessage: String?
    var channelsHref: String
    /// The latest crossings, newest first.
    var alerts: [MeasureAlertRow]
    /// The indicators' table as CSV, with the same filters.
    var csvHref: String
}

/// `GET /cx/indicators/{key}`: what one indicator measures and from what, its target, and its figures now.
struct CXIndicatorPage: Encodable {
    /// Another indicator of the same level.
    struct Sibling: Encodable {
        var name: String
        var href: String
        var value: String
        var verdict: String
        var verdictCode: String
        var current: Bool
    }

    var layout: LayoutContext
    var key: String
    var name: String
    var levelHeading: String
    var levelAbout: String
    var levelHref: String
    var pyramidHref: String
    var definition: String
    var scope: String
    var figures: [Figure]
    /// How the value is computed, and the two counts with their words.
    var formula: String
    var parts: [ProfilePage.Pair]
    var chart: String
    var targetNote: String
    /// The level's state and score in a sentence, and the heading of its indicators' table.
    var levelState: String
    var levelIndicators: String
    var channelNote: String?
    var siblings: [Sibling]
}

/// `GET /cx/channels`: every channel's figures, answered shares as a chart, the spread and the switches.
struct CXChannelsPage: Encodable {
    struct Row: Encodable {
        var channel: ChannelMark
        var contacts: String
        var answered: String
        var abandoned: String
        var waitP50: String
        var waitP90: String
        var hours: String
        var csat: String
        var nps: String
        var fcr: String
        var resolution: String
    }

    struct SpreadRow: Encodable {
        var figure: String
        var best: String
        var worst: String
        var range: String
        var average: String
        var drag: String
    }

    struct SwitchRow: Encodable {
        var from: ChannelMark
        var to: ChannelMark
        var count: String
    }

    var layout: LayoutContext
    var action: String
    var from: String
    var to: String
    var filterError: String?
    var scope: String
    var rows: [Row]
    var chart: String
    var spreads: [SpreadRow]
    var hasSpreads: Bool
    var switches: [SwitchRow]
    var hasSwitches: Bool
    var switchesNote: String
    var pyramidHref: String
    var emptyMessage: String?
    /// The channels table as CSV, for the same period.
    var csvHref: String
}
