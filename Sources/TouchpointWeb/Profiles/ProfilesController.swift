import Vapor
import TouchpointApp
import TouchpointDomain
import TouchpointStorage

/// `/api/v1/profiles…` and `/api/v1/merges…`: look-up by any identifier, timeline, search, merges, GDPR.
struct ProfilesController {
    func register(on api: any RoutesBuilder) {
        let profiles = api.grouped("profiles")
        profiles.get(use: search)
        profiles.get(":ref", use: show)
        profiles.get(":ref", "timeline", use: timeline)
        profiles.get(":ref", "merges", use: merges)
        profiles.get(":ref", "conflicts", use: conflicts)
        profiles.get(":ref", "export", use: export)
        profiles.delete(":ref", use: erase)
        profiles.delete(":ref", "separations", ":other", use: removeSeparation)
        api.post("merges", ":id", "undo", use: undoMerge)
        api.get("conflicts", use: recentConflicts)
        api.delete("suppressions", ":identifier", use: liftSuppression)
    }

    /// The profile a `{ref}` path parameter names, or a 404 that says which reference was not found.
    static func profileID(_ request: Request) async throws -> ProfileID {
        guard let raw = request.parameters.get("ref") else { throw APIError.badRequest("missing_reference", "a profile reference is required") }
        return try await request.touchpoint.profiles.profileID(reference: raw.removingPercentEncoding ?? raw)
    }

    func show(_ request: Request) async throws -> Response {
        _ = try request.require(.agent)
        let id = try await Self.profileID(request)
        let profiles = request.touchpoint.profiles
        let card = try await profiles.card(id)
        guard case .object(var fields) = ProfileDTO.card(card, model: try await profiles.latestValueModel()) else {
            return Response.json(ProfileDTO.profile(card.profile))
        }
        // Profiles this one is kept apart from (an undone merge): later messages that tie them do not merge them.
        fields["separatedFrom"] = .array(try await profiles.separations(of: id).map { .string($0.rawValue) })
        fields["feedback"] = FeedbackDTO.summary(try await request.touchpoint.feedback.summary(of: id))
        fields["segments"] = .array(try await request.touchpoint.decisions.segments(of: id).map { .string($0.rawValue) })
        return Response.json(.object(fields))
    }

    /// `DELETE /api/v1/profiles/{ref}/separations/{other}`: lets later messages merge the two profiles again.
    func removeSeparation(_ request: Request) async throws -> Response {
        _ = try request.require(.manager)
        let id = try await Self.profileID(request)
        guard let otherRaw = request.parameters.get("other") else { throw APIError.badRequest("missing_reference", "name the other profile") }
        let profiles = request.touchpoint.profiles
        let other = try await profiles.profileID(reference: otherRaw.removingPercentEncoding ?? otherRaw)
        try await profiles.removeSeparation(id, from: other)
        await request.audit("profiles.separation.remove", target: id.rawValue, before: .object(["separatedFrom": .string(other.rawValue)]))
        return Response.json(.object(["removed": .bool(true), "profiles": .array([.string(id.rawValue), .string(other.rawValue)])]))
    }

    func timeline(_ request: Request) async throws -> Response {
        _ = try request.require(.agent)
        let id = try await Self.profileID(request)
        let limit = try Self.limit(request, default: 50, maximum: 500)
        var cursor: (time: Int64, sequence: Int64)?
        if let before = request.query[String.self, at: "before"], !before.isEmpty {
            guard let decoded = TimelineCursor.decode(before) else {
                throw APIError.badRequest("invalid_cursor", "'before' must be the nextCursor of a previous page")
            }
            cursor = decoded
        }
        let page = try await request.touchpoint.profiles.timeline(id, limit: limit, before: cursor)
        // An agent reads no other team's cases through the customer's timeline.
        let entries = try await request.touchpoint.serviceDesk.visible(page.entries, to: try await ServiceController.caller(request))
        return Response.json(.object([
            "profileId": .string(id.rawValue),
            "events": .array(entries.map(ProfileDTO.timelineEntry)),
            "nextCursor": .optional(page.nextCursor),
        ]))
    }

    func search(_ request: Request) async throws -> Response {
        _ = try request.require(.agent)
        let query = request.query[String.self, at: "q"] ?? ""
        let limit = try Self.limit(request, default: 25, maximum: 200)
        let offset = request.query[Int.self, at: "offset"] ?? 0
        guard (0...1_000_000).contains(offset) else { throw APIError.badRequest("invalid_offset", "'offset' must be from 0 to 1,000,000") }
        let tier = try request.query[String.self, at: "tier"].map { name in
            guard let tier = ValueTier(rawValue: name) else {
                throw APIError.badRequest("invalid_tier", "'tier' must be one of \(ValueTier.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            return tier
        }
        let churnRisk = try request.query[String.self, at: "churnRisk"].map { name in
            guard let risk = ChurnRisk(rawValue: name) else { throw APIError.badRequest("invalid_churn_risk", "'churnRisk' must be low, medium or high") }
            return risk
        }
        let directory = request.touchpoint.profiles
        let profiles = try await directory.search(query: query, tier: tier, churnRisk: churnRisk, limit: limit, offset: offset)
        let model = try await directory.latestValueModel()
        var rendered = [JSONValue]()
        for profile in profiles { rendered.append(ProfileDTO.card(try await directory.card(of: profile), model: model)) }
        return Response.json(.object([
            "query": .string(query),
            "profiles": .array(rendered),
            "limit": .int(limit),
            "offset": .int(offset),
        ]))
    }

    func merges(_ request: Request) async throws -> Response {
        _ = try request.require(.agent)
        let id = try await Self.profileID(request)
        let merges = try await request.touchpoint.profiles.merges(of: id)
        return Response.json(.array(merges.map(ProfileDTO.merge)))
    }

    func conflicts(_ request: Request) async throws -> Response {
        _ = try request.require(.agent)
        let id = try await Self.profileID(request)
        return Response.json(.array(try await request.touchpoint.profiles.conflicts(of: id).map(ProfileDTO.conflict)))
    }

    func recentConflicts(_ request: Request) async throws -> Response {
        _ = try request.require(.manager)
        let limit = try Self.limit(request, default: 50, maximum: 500)
        return Response.json(.array(try await request.touchpoint.profiles.recentConflicts(limit: limit).map(ProfileDTO.conflict)))
    }

    func undoMerge(_ request: Request) async throws -> Response {
        _ = try request.require(.manager)
        guard let id = request.parameters.get("id"), !id.isEmpty else { throw APIError.badRequest("missing_id", "a merge id is required") }
        let result = try await request.touchpoint.profiles.undoMerge(MergeID(rawValue: id))
        await request.audit("merges.undo", target: id, after: .object(["survivorId": .string(result.survivor.rawValue), "restoredProfileId": .string(result.restored.rawValue)]))
        return Response.json(.object([
            "mergeId": .string(id),
            "survivorId": .string(result.survivor.rawValue),
            "restoredProfileId": .string(result.restored.rawValue),
        ]))
    }

    func export(_ request: Request) async throws -> Response {
        _ = try request.require(.manager)
        let id = try await Self.profileID(request)
        let export = try await request.touchpoint.profiles.export(id)
        var body = ProfileDTO.export(export, at: Date())
        // Decisions about the person (what was offered, what rules held back) and the segments they are in.
        if case .object(var fields) = body {
            let decisions = request.touchpoint.decisions
            fields["segments"] = .array(try await decisions.segments(of: id).map { .string($0.rawValue) })
            fields["decisions"] = .array(try await decisions.decisions(of: id, limit: 10_000).map(DecisionDTO.record))
            body = .object(fields)
        }
        let response = Response.json(body)
        response.headers.replaceOrAdd(name: HTTPHeaders.Name.contentDisposition, value: "attachment; filename=\"profile-\(id.rawValue).json\"")
        return response
    }

    /// `DELETE /api/v1/suppressions/{TYPE:VALUE}`: an erased person came back and agreed to be known again, so messages and
    /// contacts carrying this identifier are stored from now on. Nothing erased comes back.
    func liftSuppression(_ request: Request) async throws -> Response {
        _ = try request.require(.manager)
        guard let raw = request.parameters.get("identifier") else { throw APIError.badRequest("missing_identifier", "name the identifier as TYPE:VALUE") }
        let reference = raw.removingPercentEncoding ?? raw
        guard let identifier = Identifier.parse(reference: reference) else {
            throw APIError.badRequest("invalid_identifier", "'\(reference)' is not an identifier: use TYPE:VALUE such as email:ann@example.com")
        }
        try await request.touchpoint.profiles.liftSuppression(identifier)
        request.logger.notice("suppression lifted", metadata: ["identifier": "\(identifier.kind.rawValue)"])
        // The identifier itself stays out of the log: only its kind, since the person asked to be forgotten once.
        await request.audit("suppressions.lift", target: identifier.kind.rawValue)
        return Response.json(.object(["lifted": .bool(true), "identifier": .string(identifier.key)]))
    }

    func erase(_ request: Request) async throws -> Response {
        _ = try request.require(.manager)
        let id = try await Self.profileID(request)
        let events = try await request.touchpoint.profiles.erase(id)
        await request.audit("profiles.erase", target: id.rawValue, after: .object(["events": .int(events)]))
        request.logger.notice("profile erased", metadata: ["profile": "\(id.rawValue)", "events": "\(events)"])
        return Response.json(.object(["erased": .bool(true), "profileId": .string(id.rawValue), "events": .int(events)]))
    }

    static func limit(_ request: Request, default defaultValue: Int, maximum: Int) throws -> Int {
        guard let text = request.query[String.self, at: "limit"] else { return defaultValue }
        guard let limit = Int(text), (1...maximum).contains(limit) else {
            throw APIError.badRequest("invalid_limit", "'limit' must be a whole number from 1 to \(maximum)")
        }
        return limit
    }
}
