import Foundation
import Vapor
import TouchpointApp
import TouchpointDomain

/// The measurement area in the console: the CX pyramid for a period, channel or segment; a page explaining each
/// indicator; and the channels compared. Managers and admins read them, as they read `GET /api/v1/cx/…`; the
/// targets are changed over the API.
extension ConsoleController {
    /// Called from `register(on:)` with the signed-in group.
    func registerMeasure(on signedIn: any RoutesBuilder) {
        signedIn.get("cx", "pyramid", use: pyramidPage)
        signedIn.get("cx", "indicators", ":key", use: indicatorPage)
        signedIn.get("cx", "channels", use: channelsPage)
        signedIn.get("cx", "overview", use: cxOverviewPage)
        signedIn.get("cx", "overview.csv", use: cxOverviewCSV)
        signedIn.get("cx", "pyramid.csv", use: pyramidCSV)
        signedIn.get("cx", "channels.csv", use: channelsCSV)
    }

    /// Whether the signed-in user reads the measurement pages: managers and admins, as over the API.
    static func mayReadMeasure(_ request: Request) -> Bool {
        request.consoleUser?.role.allows(.manager) == true
    }

    /// The page agents get instead: what it is and who reads it (403).
    func measureRefusal(_ request: Request, title: String, section: LayoutContext.Section) async throws -> Response {
        let strings = Strings.all(request.language)
        let page = MessagePage(layout: LayoutContext(language: request.language, title: title, section: section,
                                                     user: request.consoleUser, path: request.url.string),
                               heading: title, text: strings["ms_managers"]!)
        return try await render(request, "message", page, status: .forbidden)
    }
}

/// The measurement pages' filters, read as the API reads them (`MeasureController.scope`) but forgiving: a date,
/// channel or segment that cannot be used is dropped with a message, and the page shows the rest.
struct MeasureFilter {
    var scope: MeasureScope
    /// The form's fields: the period's first and last day.
    var fromField: String
    var toField: String
    var error: String?
    var channels: [MeasureOption]
    var segments: [MeasureOption]
    /// "1 Jan 2026 – 30 Jan 2026 · all channels · all customers".
    var summary: String
    /// The period alone: "1 Jan 2026 – 30 Jan 2026".
    var period: String

    init(_ request: Request, strings: [String: String], format: Formatting, readsChannelAndSegment: Bool = true) async throws {
        let typed = ConsolePeriod(request, defaultDays: 30, strings: strings)
        scope = MeasureScope(from: typed.from, to: typed.to)
        var problems = typed.error.map { [$0] } ?? []

        let channelText = readsChannelAndSegment ? (request.query[String.self, at: "channel"] ?? "") : ""
        if !channelText.isEmpty {
            if let channel = TouchpointDomain.Channel(rawValue: channelText), CXChannel.all.contains(channel) {
                scope.channel = channel
            } else {
                problems.append(strings["ms_bad_channel"]!)
            }
        }
        var known = [StoredSegment]()
        if readsChannelAndSegment {
            known = try await request.touchpoint.decisions.catalogue.current().segments
                .sorted { $0.definition.name.lowercased() < $1.definition.name.lowercased() }
        }
        let segmentText = readsChannelAndSegment ? (request.query[String.self, at: "segment"] ?? "") : ""
        if !segmentText.isEmpty {
            let id = SegmentID(rawValue: segmentText)
            if known.contains(where: { $0.definition.id == id }) { scope.segment = id } else { problems.append(strings["ms_bad_segment"]!) }
        }
        error = problems.isEmpty ? nil : problems.joined(separator: " ")

        // The last day shown is the one before the exclusive end.
        let lastDay = scope.to.addingTimeInterval(-1)
        fromField = String(Timestamps.format(scope.from).prefix(10))
        toField = String(Timestamps.format(lastDay).prefix(10))
        let chosenChannel = scope.channel
        let chosenSegment = scope.segment
        channels = [MeasureOption(code: "", label: strings["all_channels"]!, selected: chosenChannel == nil)]
            + CXChannel.all.map { MeasureOption(code: $0.rawValue, label: format.channel($0, strings: strings), selected: $0 == chosenChannel) }
        segments = [MeasureOption(code: "", label: strings["ms_all_customers"]!, selected: chosenSegment == nil)]
            + known.map { MeasureOption(code: $0.definition.id.rawValue, label: $0.definition.name, selected: $0.definition.id == chosenSegment) }
        let segmentName = known.first { $0.definition.id == chosenSegment }?.definition.name
        let (first, last) = (MeasureWords.day(scope.from, format: format), MeasureWords.day(lastDay, format: format))
        self.period = first + " – " + last
        summary = DecisionWords.fill(strings["ms_scope"]!, [
            "from": first, "to": last,
            "channel": chosenChannel.map { format.channel($0, strings: strings) } ?? strings["all_channels"]!,
            "segment": segmentName ?? strings["ms_all_customers"]!,
        ])
    }
}
