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
        let reference = raw.removingPercentEncoding ?? raw
        if reference.contains(":"), Identifier.parse(reference: reference) == nil {
            throw APIError.badRequest("invalid_reference", "'\(reference)' is not a profile reference: use a profile id or TYPE:VALUE such as email:ann@example.com")
        }
        guard let id = try await request.touchpoint.store.resolveProfileID(reference: reference) else {
            throw APIError.notFound("no profile for '\(reference)'")
        }
        return id
    }

    func show(_ request: Request) async throws -> Response {
        _ = try request.require(.agent)
        let id = try await Self.profileID(request)
        guard let profile = try await request.touchpoint.store.profile(id) else { throw APIError.notFound("no profile '\(id.rawValue)'") }
        let store = request.touchpoint.store
        guard case .object(var fields) = try await Self.fullProfile(profile, store: store, model: try await store.latestValueModel()) else {
            return Response.json(ProfileDTO.profile(profile))
        }
        // Profiles this one is kept apart from (an undone merge): later messages that tie them do not merge them.
        fields["separatedFrom"] = .array(try await store.separations(of: id).map { .string($0.rawValue) })
        return Response.json(.object(fields))
    }

    /// `DELETE /api/v1/profiles/{ref}/separations/{other}`: lets later messages merge the two profiles again.
    func removeSeparation(_ request: Request) async throws -> Response {
        _ = try request.require(.manager)
        let id = try await Self.profileID(request)
        guard let otherRaw = request.parameters.get("other") else { throw APIError.badRequest("missing_reference", "name the other profile") }
        let reference = otherRaw.removingPercentEncoding ?? otherRaw
        guard let other = try await request.touchpoint.store.resolveProfileID(reference: reference) else {
            throw APIError.notFound("no profile for '\(reference)'")
        }
        guard try await request.touchpoint.store.removeSeparation(ProfilePair(id, other)) else {
            throw APIError.notFound("profiles '\(id.rawValue)' and '\(other.rawValue)' are not kept apart")
        }
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
        let store = request.touchpoint.store
        let page = try await store.timeline(id, limit: limit, before: cursor)
        // An agent reads no other team's cases through the customer's timeline.
        let entries = try await request.touchpoint.serviceDesk.visible(page.entries, to: try await ServiceController.caller(request))
        return Response.json(.object([
            "profileId": .string(id.rawValue),
            "events": .array(entries.map(ProfileDTO.timelineEntry)),
            "nextCursor": .optional(page.nextCursor),
        ]))
    }

    /// A profile with everything the other areas add to it (scores, …).
    /// `model` is the latest value fit, read once by the caller for all the profiles of an answer.
    static func fullProfile(_ profile: ProfileView, store: SQLStore, model: StoredValueModel?) async throws -> JSONValue {
        guard case .object(var fields) = ProfileDTO.profile(profile) else { return ProfileDTO.profile(profile) }
        fields["scores"] = ValueController.scores(try await store.valueScores(of: profile.id), model: model)
        if let lifecycle = try await store.lifecycle(of: profile.id), let stage = lifecycle.state.stage {
            fields["lifecycle"] = .object(["stage": .string(stage.rawValue), "since": .date(lifecycle.state.since)])
        } else {
            fields["lifecycle"] = .null
        }
        return .object(fields)
    }

    func search(_ request: Request) async throws -> Response {
        _ = try request.require(.agent)
        let query = request.query[String.self, at: "q"] ?? ""
        let limit = try Self.limit(request, default: 25, maximum: 200)
        let offset = request.query[Int.self, at: "offset"] ?? 0
        guard (0...1_000_000).contains(offset) else { throw APIError.badRequest("invalid_offset", "'offset' must be from 0 to 1,000,000") }
        let tier = request.query[String.self, at: "tier"]
        let churnRisk = request.query[String.self, at: "churnRisk"]
        if let tier, ValueTier(rawValue: tier) == nil {
            throw APIError.badRequest("invalid_tier", "'tier' must be one of \(ValueTier.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        if let churnRisk, ChurnRisk(rawValue: churnRisk) == nil {
            throw APIError.badRequest("invalid_churn_risk", "'churnRisk' must be low, medium or high")
        }
        let store = request.touchpoint.store
        var profiles: [ProfileView]
        if tier != nil || churnRisk != nil {
            // Value filters first (they are selective and indexed), then the text query on what they return.
            let needle = query.trimmingCharacters(in: .whitespaces).lowercased()
            var matched = [ProfileView]()
            var scanned = 0
            while matched.count < offset + limit {
                let ids = try await store.profileIDs(tier: tier, churnRisk: churnRisk, limit: 500, offset: scanned)
                if ids.isEmpty { break }
                scanned += ids.count
                for id in ids {
                    guard let profile = try await store.profile(id) else { continue }
                    if needle.isEmpty || Self.matches(profile, needle) { matched.append(profile) }
                }
            }
            profiles = Array(matched.dropFirst(offset).prefix(limit))
        } else {
            profiles = try await store.searchProfiles(query: query, limit: limit, offset: offset)
        }
        let model = try await store.latestValueModel()
        var rendered = [JSONValue]()
        for profile in profiles { rendered.append(try await Self.fullProfile(profile, store: store, model: model)) }
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
        let merges = try await request.touchpoint.store.merges(of: id)
        return Response.json(.array(merges.map(ProfileDTO.merge)))
    }

    func conflicts(_ request: Request) async throws -> Response {
        _ = try request.require(.agent)
        let id = try await Self.profileID(request)
        return Response.json(.array(try await request.touchpoint.store.conflicts(of: id).map(ProfileDTO.conflict)))
    }

    func recentConflicts(_ request: Request) async throws -> Response {
        _ = try request.require(.manager)
        let limit = try Self.limit(request, default: 50, maximum: 500)
        return Response.json(.array(try await request.touchpoint.store.recentConflicts(limit: limit).map(ProfileDTO.conflict)))
    }

    func undoMerge(_ request: Request) async throws -> Response {
        _ = try request.require(.manager)
        guard let id = request.parameters.get("id"), !id.isEmpty else { throw APIError.badRequest("missing_id", "a merge id is required") }
        do {
            let result = try await request.touchpoint.store.undoMerge(MergeID(rawValue: id))
            await request.audit("merges.undo", target: id, after: .object(["survivorId": .string(result.survivor.rawValue), "restoredProfileId": .string(result.restored.rawValue)]))
            return Response.json(.object([
                "mergeId": .string(id),
                "survivorId": .string(result.survivor.rawValue),
                "restoredProfileId": .string(result.restored.rawValue),
            ]))
        } catch StorageError.notFound(let message) {
            throw APIError.notFound(message)
        } catch StorageError.conflict(let message) {
            throw APIError.conflict(message)
        }
    }

    func export(_ request: Request) async throws -> Response {
        _ = try request.require(.manager)
        let id = try await Self.profileID(request)
        let store = request.touchpoint.store
        guard let profile = try await store.profile(id) else { throw APIError.notFound("no profile '\(id.rawValue)'") }
        let events = try await store.allEvents(of: id)
        let merges = try await store.merges(of: id)
        let conflicts = try await store.conflicts(of: id)
        let serviceCases = try await Self.exportCases(of: id, store: store, desk: request.touchpoint.serviceDesk)
        let response = Response.json(.object([
            "cases": .array(serviceCases),
            "exportedAt": .date(Date()),
            "profile": ProfileDTO.profile(profile),
            "events": .array(events.map { entry in
                .object(["id": .string(entry.id.rawValue), "sourceId": .string(entry.sourceID.rawValue), "message": entry.payload])
            }),
            "merges": .array(merges.map(ProfileDTO.merge)),
            "conflicts": .array(conflicts.map(ProfileDTO.conflict)),
        ]))
        response.headers.replaceOrAdd(name: HTTPHeaders.Name.contentDisposition, value: "attachment; filename=\"profile-\(id.rawValue).json\"")
        return response
    }

    /// Every service case of the person with its whole conversation (internal notes included: they are about the person),
    /// attachment descriptions, calls, status history and CSAT answer.
    static func exportCases(of id: ProfileID, store: SQLStore, desk: ServiceDesk) async throws -> [JSONValue] {
        var exported = [JSONValue]()
        for caseID in try await store.personalCaseIDs(of: id) {
            guard let serviceCase = try await desk.serviceCase(caseID) else { continue }
            guard case .object(var fields) = ServiceDTO.summary(serviceCase) else { continue }
            fields["messages"] = .array(try await desk.messages(of: caseID).map(ServiceDTO.message))
            fields["calls"] = .array(try await desk.calls(of: caseID).map(ServiceDTO.call))
            fields["statusHistory"] = .array(try await desk.statusChanges(of: caseID).map { change in
                .object(["status": .string(change.status.rawValue), "at": .date(change.at)])
            })
            exported.append(.object(fields))
        }
        return exported
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
        guard try await request.touchpoint.store.liftSuppression(identifier) else {
            throw APIError.notFound("'\(reference)' is not suppressed: no erased person carried it")
        }
        request.logger.notice("suppression lifted", metadata: ["identifier": "\(identifier.kind.rawValue)"])
        // The identifier itself stays out of the log: only its kind, since the person asked to be forgotten once.
        await request.audit("suppressions.lift", target: identifier.kind.rawValue)
        return Response.json(.object(["lifted": .bool(true), "identifier": .string(identifier.key)]))
    }

    func erase(_ request: Request) async throws -> Response {
        _ = try request.require(.manager)
        let id = try await Self.profileID(request)
        let events = try await request.touchpoint.store.erase(id)
        await request.audit("profiles.erase", target: id.rawValue, after: .object(["events": .int(events)]))
        request.logger.notice("profile erased", metadata: ["profile": "\(id.rawValue)", "events": "\(events)"])
        return Response.json(.object(["erased": .bool(true), "profileId": .string(id.rawValue), "events": .int(events)]))
    }

    static func matches(_ profile: ProfileView, _ needle: String) -> Bool {
        if (profile.displayName ?? "").lowercased().contains(needle) { return true }
        return profile.identities.contains { $0.value.lowercased().contains(needle) }
    }

    static func limit(_ request: Request, default defaultValue: Int, maximum: Int) throws -> Int {
        guard let text = request.query[String.self, at: "limit"] else { return defaultValue }
        guard let limit = Int(text), (1...maximum).contains(limit) else {
            throw APIError.badRequest("invalid_limit", "'limit' must be a whole number from 1 to \(maximum)")
        }
        return limit
    }
}
