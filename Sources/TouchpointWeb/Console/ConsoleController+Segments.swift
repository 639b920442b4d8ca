import Foundation
import Vapor
import TouchpointApp
import TouchpointDomain
import TouchpointStorage

/// The segments page: every segment with its members now (the projection keeps memberships up to date) and its
/// conditions in words; for managers a builder — a name, one condition a line, all or any — whose member count follows
/// the typing: segment-builder.js posts the form, `_csrf` and all, to `POST /decisions/segments/preview` a moment after typing
/// stops, and shows the count or every problem of the draft. Without scripts the "Count" button posts the same form to
/// the page. Saving is the API's: every problem listed, and everyone evaluated against the segment on the projection's
/// next round.
extension ConsoleController {
    /// People a live count evaluates at most; more are estimated from them (the count then reads "≈"). The API's preview
    /// reads 20 000; a count asked for at every pause in typing reads fewer, to stay quick on a small server.
    static let liveCountSample = 5_000

    func segmentsPage(_ request: Request) async throws -> Response {
        let strings = Strings.all(request.language)
        var draft = SegmentDraft.empty
        var error: String?
        if let edit = request.query[String.self, at: "edit"], Self.mayManageDecisions(request) {
            if let stored = try await request.touchpoint.decisions.catalogue.current().segment(SegmentID(rawValue: edit)) {
                if let loaded = SegmentDraft(editing: stored.definition) { draft = loaded } else { error = strings["dc_segment_groups"] }
            } else {
                error = strings["dc_segment_unknown"]
            }
        }
        let message = request.query[String.self, at: "saved"].map { _ in strings["dc_segment_saved"]! }
        return try await render(request, "decision-segments", try await segmentsModel(request, draft: draft, message: message, error: error),
                                runsScripts: true)
    }

    /// `POST /decisions/segments` (managers): `action=save` saves the draft, `action=preview` counts it (pages without scripts).
    func saveSegmentForm(_ request: Request) async throws -> Response {
        let strings = Strings.all(request.language)
        guard Self.mayManageDecisions(request) else {
            return try await render(request, "decision-segments", try await segmentsModel(request, draft: .empty, error: strings["manager_only"]),
                                    status: .forbidden, runsScripts: true)
        }
        let form = try request.content.decode(SegmentForm.self)
        let draft = SegmentDraft(form)
        if form.action == "preview" {
            let count = try await liveCount(request, draft: draft)
            return try await render(request, "decision-segments", try await segmentsModel(request, draft: draft, count: count),
                                    status: count.hasProblems ? .unprocessableEntity : .ok, runsScripts: true)
        }
        let desk = request.touchpoint.decisions
        let parsed = draft.parsed(strings: strings, forPreview: false)
        var problems = parsed.problems
        // A new segment whose name makes the id of another would replace it without a word.
        if !draft.isEditing, problems.isEmpty, try await desk.catalogue.reload().segment(parsed.definition.id) != nil {
            problems.append(strings["dc_segment_exists"]!)
        }
        if problems.isEmpty {
            do {
                let created = try await desk.saveSegment(parsed.definition)
                await request.audit(created ? "segments.create" : "segments.update", target: parsed.definition.id.rawValue,
                                    after: DecisionDTO.json(parsed.definition))
                return request.redirect(to: ConsoleLink.decisionSegments(saved: parsed.definition.id.rawValue).href, redirectType: .normal)
            } catch DecisionDeskError.invalid(let found) {
                problems = found
            }
        }
        return try await render(request, "decision-segments", try await segmentsModel(request, draft: draft, count: LiveCount(problems: problems)),
                                status: .unprocessableEntity, runsScripts: true)
    }

    /// `POST /decisions/segments/preview` (managers; the builder's form fields): `{"text", "note", "members", "evaluated",
    /// "exact", "problems": []}`, or 422 with every problem of the draft. Nothing is stored.
    func previewSegment(_ request: Request) async throws -> Response {
        guard Self.mayManageDecisions(request) else { throw APIError.forbidden(Strings.all(request.language)["manager_only"]!) }
        let count = try await liveCount(request, draft: SegmentDraft(try request.content.decode(SegmentForm.self)))
        var body: [String: JSONValue] = ["problems": .array(count.problems.map(JSONValue.string))]
        if let text = count.text { body["text"] = .string(text) }
        if let note = count.note { body["note"] = .string(note) }
        if let members = count.members { body["members"] = .number(Double(members)) }
        if let evaluated = count.evaluated { body["evaluated"] = .number(Double(evaluated)) }
        if let exact = count.exact { body["exact"] = .bool(exact) }
        return Response.json(.object(body), status: count.hasProblems ? .unprocessableEntity : .ok)
    }

    /// How many people the draft holds now, in words; or every problem that keeps it from being counted.
    func liveCount(_ request: Request, draft: SegmentDraft) async throws -> LiveCount {
        let strings = Strings.all(request.language)
        let format = Formatting(language: request.language, timeZone: request.touchpoint.companyTimeZone.current)
        let (definition, problems) = draft.parsed(strings: strings, forPreview: true)
        guard problems.isEmpty else { return LiveCount(problems: problems) }
        do {
            let count = try await request.touchpoint.decisions.preview(definition, sample: Self.liveCountSample)
            return LiveCount(text: DecisionWords.people(count.members, exact: count.exact, strings: strings, format: format),
                             note: count.exact ? nil : DecisionWords.fill(strings["dc_estimate_note"]!, ["n": format.number(count.evaluated)]),
                             members: count.members, evaluated: count.evaluated, exact: count.exact)
        } catch DecisionDeskError.invalid(let found) {
            return LiveCount(problems: found)
        }
    }

    func segmentsModel(_ request: Request, draft: SegmentDraft, count: LiveCount? = nil, message: String? = nil,
                       error: String? = nil) async throws -> DecisionSegmentsPage {
        let language = request.language
        let strings = Strings.all(language)
        let format = Formatting(language: language, timeZone: request.touchpoint.companyTimeZone.current)
        let snapshot = try await request.touchpoint.decisions.catalogue.reload()
        let counts = try await request.touchpoint.decisions.memberCounts()
        let canEdit = Self.mayManageDecisions(request)
        let segments = snapshot.segments.sorted {
            $0.definition.name.localizedCaseInsensitiveCompare($1.definition.name) == .orderedAscending
        }
        let rows = segments.map { stored in
            let id = stored.definition.id
            let users = snapshot.actions.filter { $0.definition.eligibility.segments.contains(id) }.map {
                DecisionLink(label: $0.definition.name + ($0.active ? "" : " (" + strings["dc_retired"]! + ")"),
                             href: ConsoleLink.decisionAction(id: $0.definition.id.rawValue).href)
            }
            return DecisionSegmentsPage.Row(
                anchor: ConsoleLink.segmentAnchor(id.rawValue), id: id.rawValue, name: stored.definition.name,
                members: format.number(counts[id] ?? 0), groups: DecisionWords.groups(stored.definition, strings: strings, format: format),
                usedBy: users, hasUsers: !users.isEmpty, updated: format.shortDateTime(stored.updatedAt),
                editHref: canEdit && stored.definition.groups.count == 1 ? ConsoleLink.decisionSegments(edit: id.rawValue).href : nil)
        }
        let heading = draft.isEditing
            ? DecisionWords.fill(strings["dc_builder_edit"]!, ["name": draft.name.isEmpty ? draft.id : draft.name])
            : strings["dc_builder_new"]!
        return DecisionSegmentsPage(
            layout: LayoutContext(language: language, title: strings["dc_segments_title"]!, section: .decisionSegments,
                                  user: request.consoleUser, path: request.url.string),
            rows: rows, hasRows: !rows.isEmpty, canEdit: canEdit,
            builder: .init(id: draft.isEditing ? draft.id : nil, name: draft.name, conditions: draft.conditions, isAny: draft.mode == .anyOf,
                           isEditing: draft.isEditing, heading: heading),
            formAction: ConsoleLink.decisionSegments().href, previewAction: ConsoleLink.decisionSegmentPreview.href,
            newHref: ConsoleLink.decisionSegments().href, script: ConsoleLink.segmentBuilderScript.href,
            liveCount: count, message: message, error: error,
            examples: Self.builderExamples,
            fields: Self.builderFields.map { ProfilePage.Pair(key: $0, value: DecisionWords.field($0, strings: strings)) })
    }

    /// One line of each kind, shown under the builder.
    static let builderExamples = [
        "value.clv >= 500",
        "traits.city == Warszawa",
        "stage in [\"experience\", \"engagement\"]",
        "feedback.detractorRecently == true",
        #"{"did":"Order Completed","where":["category == tv"],"withinDays":90}"#,
        #"{"didNot":"Order Completed","where":["category == soundbar"],"withinDays":90}"#,
    ]

    /// The fields a property condition reads (the facts document's), with `traits.…` and `counters.…` for any name.
    static let builderFields = ["traits.city", "counters.orders", "stage", "value.clv", "value.margin", "value.pAlive", "value.churnRisk",
                                "value.valueTier", "feedback.nps", "feedback.detractorRecently", "feedback.badExperienceRecently", "cases.open"]
}
