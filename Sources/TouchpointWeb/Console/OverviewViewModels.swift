import Foundation

/// `GET /cx/overview`: the week against the week before, in the order a director reads it — the level reached, NPS
/// and CSAT, the indicators, twelve weeks of answers, the cost of bad experiences, where customers drop out. Every
/// table links to its CSV. Stored properties only (Leaf encodes nothing computed).
struct CXOverviewPage: Encodable {
    /// A change in words: "▲ +2 pp", whether that is better (`better`, `worse`, `same`, `none` colours it) and the word.
    struct Change: Encodable {
        var text: String
        var code: String
        var word: String?
    }

    struct IndicatorRow: Encodable {
        var level: String
        var name: String
        var href: String
        var thisWeek: String
        var lastWeek: String
        var change: Change
        var target: String
        var verdict: String
        var verdictCode: String
    }

    struct TrendRow: Encodable {
        var week: String
        var nps: String
        var npsAnswers: String
        var csat: String
        var csatAnswers: String
    }

    struct CostRow: Encodable {
        var label: String
        var thisWeek: String
        var lastWeek: String
        var change: Change
        var toDate: String
    }

    struct JourneyRow: Encodable {
        var step: String
        var reached: String
        var wentOn: String
        var conversion: String
        var dropOff: String
        var weekAgo: String
        var change: Change
    }

    /// A table's CSV link and the words that say which table it downloads.
    struct CSVLink: Encodable {
        var href: String
        var label: String
    }

    var layout: LayoutContext
    /// The two weeks in words.
    var weeks: String
    var headline: String
    var headlineBefore: String
    var headlineChange: Change
    var blocking: String
    var pyramidHref: String
    /// NPS and CSAT this week, each with its answers and change.
    var surveys: [Figure]
    var indicators: [IndicatorRow]
    var indicatorsCSV: CSVLink
    var chart: String
    var legend: [MeasureLegendItem]
    var trend: [TrendRow]
    var trendCSV: CSVLink
    /// Empty when the overview has no lifecycle figures (then `costsMissing` says so).
    var costs: [CostRow]
    var hasCosts: Bool
    var costsNote: String
    var costsMissing: String?
    var costsCSV: CSVLink
    var journeys: [JourneyRow]
    var hasJourneys: Bool
    var journeysCSV: CSVLink
    var journeysHref: String
    var emptyMessage: String?
}
