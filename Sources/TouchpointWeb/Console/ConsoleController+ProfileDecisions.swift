import Foundation
import Vapor
import TouchpointApp
import TouchpointDomain
import TouchpointStorage

/// The profile 360° page's decisions: the segments the person is in now, as chips, and their latest decisions — when,
/// on which channel and placement, which actions were shown and why, and how many were removed by which rules.
extension ConsoleController {
    /// How many decisions the profile page lists, newest first.
    static let profileDecisionCount = 10

    func withDecisions(_ page: ProfilePage, of id: ProfileID, _ request: Request) async throws -> ProfilePage {
        var page = page
        let strings = Strings.all(request.language)
        let format = Formatting(language: request.language, timeZone: request.touchpoint.companyTimeZone.current)
        let desk = request.touchpoint.decisions
        let snapshot = try await desk.catalogue.current()
        let segments = try await desk.segments(of: id).map { segment in
            let definition = snapshot.segment(segment)?.definition
            return DecisionSegmentChip(name: definition?.name ?? segment.rawValue, href: ConsoleLink.decisionSegments(focus: segment.rawValue).href,
                                       title: definition.map { DecisionWords.summary($0, strings: strings, format: format) } ?? segment.rawValue)
        }
        let decisions = try await desk.decisions(of: id, limit: Self.profileDecisionCount).map {
            Self.decisionRow($0, snapshot: snapshot, strings: strings, format: format)
        }
        page.decisionSummary = ProfileDecisionSummary(segments: segments, hasSegments: !segments.isEmpty, decisions: decisions, hasDecisions: !decisions.isEmpty)
        return page
    }

    /// One logged decision in words. Actions retired or removed from the catalogue since are named by their id.
    static func decisionRow(_ record: DecisionRecord, snapshot: DecisionCatalogue.Snapshot, strings: [String: String], format: Formatting) -> DecisionLogRow {
        let result = record.result
        func name(_ id: ActionID) -> String { snapshot.action(id)?.definition.name ?? id.rawValue }
        let shown = result.actions.map { ranked in
            DecisionLogRow.Shown(name: name(ranked.id),
                                 href: snapshot.action(ranked.id).map { ConsoleLink.decisionAction(id: $0.definition.id.rawValue).href },
                                 kind: DecisionWords.kind(ranked.kind, strings: strings),
                                 reason: DecisionWords.ranked(ranked, strings: strings, format: format))
        }
        return DecisionLogRow(
            time: format.shortDateTime(record.at),
            channel: ChannelMark(code: record.channel.rawValue, label: format.channel(record.channel, strings: strings)),
            placement: record.placement ?? "—", serviceFirst: result.serviceFirst, shown: shown, hasShown: !shown.isEmpty,
            removed: format.number(result.removed.count),
            removedReasons: DecisionWords.removedSummary(result.removed, strings: strings, format: format),
            heldOut: result.controlGroup.isEmpty ? nil : result.controlGroup.map(name).joined(separator: ", "))
    }
}
