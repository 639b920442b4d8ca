import Foundation
import Vapor
import TouchpointDomain
import TouchpointStorage

/// The sources page: collection sources, their write keys and how long their events are kept.
extension ConsoleController {
    func sources(_ request: Request) async throws -> Response {
        try await render(request, "sources", sourcesPage(request, newKey: nil, error: nil))
    }

    func createSource(_ request: Request) async throws -> Response {
        struct Form: Content { var name: String? }
        guard request.consoleUser?.role.allows(.admin) == true else {
            return try await render(request, "sources", sourcesPage(request, newKey: nil, error: Strings.all(request.language)["admin_only"]), status: .forbidden)
        }
        let name = try request.content.decode(Form.self).name ?? ""
        do {
            let (source, key) = try await request.touchpoint.store.createSource(name: name)
            await request.audit("sources.create", target: source.id.rawValue, after: SourcesController.json(source))
            return try await render(request, "sources", sourcesPage(request, newKey: key, error: nil), status: .created)
        } catch let error as StorageError {
            return try await render(request, "sources", sourcesPage(request, newKey: nil, error: error.description), status: .unprocessableEntity)
        }
    }

    func sourcesPage(_ request: Request, newKey: String?, error: String?, message: String? = nil) async throws -> SourcesPage {
        let language = request.language
        let strings = Strings.all(language)
        let format = Formatting(language: language, timeZone: request.touchpoint.companyTimeZone.current)
        let rows = try await request.touchpoint.store.sources().map { source in
            SourcesPage.Row(name: source.name, hint: source.writeKeyHint, created: format.dateTime(Timestamps.date(millis: source.createdAt)),
                            kept: source.retentionDays.map { strings["retention_days"]!.replacingOccurrences(of: "{n}", with: String($0)) }
                                ?? strings["retention_forever"]!,
                            days: source.retentionDays.map(String.init) ?? "",
                            fieldID: "retention-" + String(source.id.rawValue.filter { $0.isLetter || $0.isNumber || $0 == "-" }),
                            retentionAction: ConsoleLink.sourceRetention(id: source.id.rawValue).href)
        }
        return SourcesPage(layout: LayoutContext(language: language, title: strings["sources_title"]!, section: .sources, user: request.consoleUser, path: request.url.string),
                           rows: rows, canCreate: request.consoleUser?.role.allows(.admin) == true, newKey: newKey, error: error, message: message)
    }

    /// Sets a source's retention from the page's form: a number of days, or empty to keep events for ever.
    func changeRetention(_ request: Request) async throws -> Response {
        struct Form: Content { var days: String? }
        let strings = Strings.all(request.language)
        guard request.consoleUser?.role.allows(.admin) == true else {
            return try await render(request, "sources", sourcesPage(request, newKey: nil, error: strings["admin_only"]), status: .forbidden)
        }
        let notFound = { try await self.render(request, "sources", self.sourcesPage(request, newKey: nil, error: strings["not_found_text"]), status: .notFound) }
        guard let id = request.parameters.get("id") else { return try await notFound() }
        let text = (try? request.content.decode(Form.self).days)?.trimmingCharacters(in: .whitespaces) ?? ""
        let days = text.isEmpty ? nil : Int(text)
        guard text.isEmpty || (days != nil && EventRetention.isValid(days: days)) else {
            return try await render(request, "sources", sourcesPage(request, newKey: nil, error: strings["retention_invalid"]), status: .unprocessableEntity)
        }
        let before: SourceRecord, source: SourceRecord
        do {
            (before, source) = try await request.touchpoint.eventLog.setRetention(of: SourceID(rawValue: id), days: days)
        } catch StorageError.notFound {
            return try await notFound()
        }
        await request.audit("sources.retention", target: id, before: SourcesController.json(before), after: SourcesController.json(source))
        return try await render(request, "sources", sourcesPage(request, newKey: nil, error: nil, message: strings["retention_saved"]))
    }
}
