import Foundation
import Vapor
import TouchpointApp
import TouchpointDomain

/// The action catalogue: every action with who may get it, what it is worth, its caps and control group; a page per
/// action with its texts in Polish, English and Russian. Managers retire an action (kept, so old decisions still name
/// it) and activate it again, as `PATCH /api/v1/actions/{id}` does.
extension ConsoleController {
    func actionsPage(_ request: Request) async throws -> Response {
        try await render(request, "decision-actions", try await actionsModel(request))
    }

    func actionsModel(_ request: Request, error: String? = nil) async throws -> DecisionActionsPage {
        let language = request.language
        let strings = Strings.all(language)
        let format = Formatting(language: language, timeZone: request.touchpoint.companyTimeZone.current)
        let snapshot = try await request.touchpoint.decisions.catalogue.reload()
        let names = Self.segmentNames(snapshot)
        let canChange = Self.mayManageDecisions(request)
        let now = Date()
        // Active first, then by name.
        func order(_ stored: StoredAction) -> (Int, String) { (stored.active ? 0 : 1, stored.definition.name.lowercased()) }
        let actions = snapshot.actions.sorted { order($0) < order($1) }
        let rows = actions.map { stored in
            let action = stored.definition
            return DecisionActionsPage.Row(
                id: action.id.rawValue, name: action.name, href: ConsoleLink.decisionAction(id: action.id.rawValue).href,
                kind: DecisionWords.kind(action.kind, strings: strings),
                channels: action.channels.map { ChannelMark(code: $0.rawValue, label: format.channel($0, strings: strings)) },
                placements: action.placements.isEmpty ? strings["dc_any_placement"]! : action.placements.joined(separator: ", "),
                eligibility: DecisionWords.eligibility(action.eligibility, segmentNames: names, strings: strings, format: format),
                value: DecisionWords.businessValue(action.value, strings: strings, format: format),
                caps: DecisionWords.caps(action.caps, strings: strings, format: format),
                control: format.percent(Double(action.controlGroupPercent) / 100),
                active: stored.active, state: strings[stored.active ? "dc_active" : "dc_retired"]!,
                note: Self.validityNote(action, now: now, strings: strings, format: format),
                toggle: canChange ? Self.stateButton(stored, returnTo: ConsoleLink.decisionActions.href, strings: strings) : nil)
        }
        return DecisionActionsPage(
            layout: LayoutContext(language: language, title: strings["dc_actions_title"]!, section: .decisionActions,
                                  user: request.consoleUser, path: request.url.string),
            rows: rows, hasRows: !rows.isEmpty, canChange: canChange, error: error)
    }

    func actionPage(_ request: Request) async throws -> Response {
        let id = ActionID(rawValue: Self.pathParameter(request, "id"))
        guard let stored = try await request.touchpoint.decisions.catalogue.reload().action(id) else { return try await notFound(request) }
        let message = request.query[String.self, at: "changed"].map { _ in Strings.all(request.language)["dc_action_changed"]! }
        return try await render(request, "decision-action", try await actionModel(request, stored, message: message))
    }

    func actionModel(_ request: Request, _ stored: StoredAction, message: String? = nil, error: String? = nil) async throws -> DecisionActionPage {
        let language = request.language
        let strings = Strings.all(language)
        let format = Formatting(language: language, timeZone: request.touchpoint.companyTimeZone.current)
        let snapshot = try await request.touchpoint.decisions.catalogue.current()
        let action = stored.definition
        let channels = action.channels.map { format.channel($0, strings: strings) }.joined(separator: ", ")
        var facts = [
            ProfilePage.Pair(key: strings["dc_col_kind"]!, value: DecisionWords.kind(action.kind, strings: strings)),
            ProfilePage.Pair(key: strings["dc_col_channels"]!, value: channels),
            ProfilePage.Pair(key: strings["dc_col_placements"]!, value: action.placements.isEmpty ? strings["dc_any_placement"]! : action.placements.joined(separator: ", ")),
            ProfilePage.Pair(key: strings["dc_col_eligibility"]!,
                             value: DecisionWords.eligibility(action.eligibility, segmentNames: Self.segmentNames(snapshot), strings: strings, format: format)),
            ProfilePage.Pair(key: strings["dc_col_value"]!, value: DecisionWords.businessValue(action.value, strings: strings, format: format)),
            ProfilePage.Pair(key: strings["dc_col_weight"]!, value: format.decimal(action.businessWeight, digits: 2)),
            ProfilePage.Pair(key: strings["dc_col_caps"]!, value: DecisionWords.caps(action.caps, strings: strings, format: format)),
            ProfilePage.Pair(key: strings["dc_col_control"]!, value: format.percent(Double(action.controlGroupPercent) / 100)),
            ProfilePage.Pair(key: strings["dc_col_goal"]!, value: action.goal),
        ]
        if action.validFrom != nil || action.validUntil != nil {
            facts.append(ProfilePage.Pair(key: strings["dc_col_validity"]!,
                                          value: DecisionWords.fill(strings["dc_validity"]!, ["from": format.dateTime(action.validFrom), "until": format.dateTime(action.validUntil)])))
        }
        facts.append(ProfilePage.Pair(key: strings["created"]!, value: format.dateTime(stored.createdAt)))
        facts.append(ProfilePage.Pair(key: strings["col_updated"]!, value: format.dateTime(stored.updatedAt)))

        let texts = TextLanguage.allCases.map { code -> DecisionActionPage.TextRow in
            let languageName = Language(rawValue: code.rawValue)?.nativeName ?? code.rawValue
            if let text = action.texts[code] {
                return .init(code: code.rawValue, language: languageName, title: text.title, body: text.body.isEmpty ? nil : text.body,
                             callToAction: text.callToAction.flatMap { $0.isEmpty ? nil : $0 }, fallback: nil)
            }
            // The language a person reading `code` gets instead (ActionDefinition.text(in:): Polish, English, then any).
            let instead = action.text(in: code).flatMap { fallback in action.texts.first { $0.value == fallback }?.key }
            return .init(code: code.rawValue, language: languageName, title: nil, body: nil, callToAction: nil,
                         fallback: instead.map { DecisionWords.fill(strings["dc_text_fallback"]!, ["language": Language(rawValue: $0.rawValue)?.nativeName ?? $0.rawValue]) }
                            ?? strings["dc_text_none"]!)
        }
        return DecisionActionPage(
            layout: LayoutContext(language: language, title: action.name + " — " + strings["dc_actions_title"]!, section: .decisionActions,
                                  user: request.consoleUser, path: request.url.string),
            id: action.id.rawValue, name: action.name, active: stored.active, state: strings[stored.active ? "dc_active" : "dc_retired"]!,
            facts: facts, texts: texts,
            toggle: Self.mayManageDecisions(request)
                ? Self.stateButton(stored, returnTo: ConsoleLink.decisionAction(id: action.id.rawValue).href + "?changed=1", strings: strings) : nil,
            listHref: ConsoleLink.decisionActions.href, message: message, error: error)
    }

    /// `POST /decisions/actions/{id}/state` (managers) with `active=true|false`: activates or retires the action, with
    /// the catalogue's checks (an action whose segments are gone cannot be activated); back to `returnTo`.
    func changeActionState(_ request: Request) async throws -> Response {
        struct Form: Content {
            var active: String?
            var returnTo: String?
        }
        let strings = Strings.all(request.language)
        guard Self.mayManageDecisions(request) else { throw APIError.forbidden(strings["manager_only"]!) }
        let form = try request.content.decode(Form.self)
        let desk = request.touchpoint.decisions
        let id = ActionID(rawValue: Self.pathParameter(request, "id"))
        guard let stored = try await desk.catalogue.reload().action(id) else { return try await notFound(request) }
        let active = form.active == "true"
        if active != stored.active {
            do {
                try await desk.saveAction(stored.definition, active: active)
            } catch DecisionDeskError.invalid(let problems) {
                return try await render(request, "decision-action", try await actionModel(request, stored, error: problems.joined(separator: "; ")),
                                        status: .unprocessableEntity)
            }
            await request.audit(active ? "actions.activate" : "actions.retire", target: id.rawValue,
                                before: .object(["active": .bool(stored.active)]), after: .object(["active": .bool(active)]))
        }
        return request.redirect(to: ConsoleLink.safeReturnPath(form.returnTo ?? ConsoleLink.decisionAction(id: id.rawValue).href), redirectType: .normal)
    }

    /// The button that flips an action's state.
    static func stateButton(_ stored: StoredAction, returnTo: String, strings: [String: String]) -> StateButton {
        StateButton(action: ConsoleLink.decisionActionState(id: stored.definition.id.rawValue).href, value: stored.active ? "false" : "true",
                    label: strings[stored.active ? "dc_retire" : "dc_activate"]!, returnTo: returnTo)
    }

    /// "Not offered yet (from 1 Jun 2026)" or "No longer offered (until …)"; nil while the dates allow it.
    static func validityNote(_ action: ActionDefinition, now: Date, strings: [String: String], format: Formatting) -> String? {
        if let from = action.validFrom, now < from { return DecisionWords.fill(strings["dc_not_yet"]!, ["date": format.dateTime(from)]) }
        if let until = action.validUntil, now >= until { return DecisionWords.fill(strings["dc_expired"]!, ["date": format.dateTime(until)]) }
        return nil
    }
}
