import Foundation
import Vapor
import TouchpointApp
import TouchpointDomain

/// Beside the case: next best actions for the case's customer, decided as `POST /api/v1/decisions` decides them — on
/// the channel the agent talks to them on, for the `agent_sidebar` placement, at most three — with each action's title
/// and text in the agent's console language, why it was chosen, and whether service comes first for the person (it
/// does while the case is open: marketing waits). Deciding logs the decision on the person's timeline, so it is done
/// only for a case with a profile, and only when the case page is opened (not when a form on it is refused).
extension ServiceConsoleController {
    static let nextBestPlacement = "agent_sidebar"
    static let nextBestLimit = 3

    func withNextBestActions(_ page: ServiceCasePage, for serviceCase: ServiceCase, _ request: Request) async -> ServiceCasePage {
        guard let profileID = serviceCase.profileID else { return page }
        var page = page
        let strings = Strings.all(request.language)
        let format = Formatting(language: request.language, timeZone: request.touchpoint.companyTimeZone.current)
        let channel = Self.decisionChannel(for: serviceCase.channel)
        let context = DecisionWords.fill(strings["dc_nba_context"]!, ["channel": format.channel(channel, strings: strings),
                                                                      "placement": Self.nextBestPlacement])
        do {
            let answer = try await request.touchpoint.decisions.decide(reference: profileID.rawValue, channel: channel,
                                                                       placement: Self.nextBestPlacement, limit: Self.nextBestLimit)
            let language = TextLanguage(rawValue: request.language.rawValue) ?? .pl
            let items = answer.record.result.actions.compactMap { ranked -> NextBestPanel.Item? in
                guard let action = answer.actions.first(where: { $0.id == ranked.id }) else { return nil }
                let text = action.text(in: language)
                let textLanguage = action.texts[language] != nil ? language : (action.texts.first { $0.value == text }?.key ?? language)
                return NextBestPanel.Item(
                    title: text?.title ?? action.name, body: text.flatMap { $0.body.isEmpty ? nil : $0.body },
                    callToAction: text?.callToAction.flatMap { $0.isEmpty ? nil : $0 }, textLanguage: textLanguage.rawValue,
                    kind: DecisionWords.kind(ranked.kind, strings: strings), kindCode: ranked.kind.rawValue,
                    reason: DecisionWords.ranked(ranked, strings: strings, format: format),
                    href: ConsoleLink.decisionAction(id: action.id.rawValue).href)
            }
            page.nextBest = NextBestPanel(context: context, serviceFirst: answer.record.result.serviceFirst, items: items, hasItems: !items.isEmpty,
                                          removed: DecisionWords.removedSummary(answer.record.result.removed, strings: strings, format: format)
                                              .map { DecisionWords.fill(strings["dc_nba_removed"]!, ["reasons": $0]) },
                                          error: nil)
        } catch DecisionDeskError.unknownProfile {
            // The person was erased or merged away since the case was opened: nothing to decide for.
            return page
        } catch {
            request.logger.warning("next best actions for case \(serviceCase.number) failed", metadata: ["error": "\(String(reflecting: error))"])
            page.nextBest = NextBestPanel(context: context, serviceFirst: false, items: [], hasItems: false, removed: nil, error: strings["dc_nba_failed"])
        }
        return page
    }

    /// The decision channel of a case: the channel the agent reaches the customer on. Conversations (chat, e-mail,
    /// phone, social, an app, the web site, a store) are their own channel; a case opened by a system (`server`, `iot`)
    /// is answered by e-mail.
    static func decisionChannel(for channel: TouchpointDomain.Channel) -> TouchpointDomain.Channel {
        switch channel {
        case .web, .mobile, .email, .phone, .chat, .social, .store: return channel
        case .iot, .server: return .email
        }
    }
}
