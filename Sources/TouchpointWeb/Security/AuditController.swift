import Foundation
import Vapor
import TouchpointApp
import TouchpointDomain
import TouchpointStorage

extension Request {
    /// Who is making this change, as the audit log names them: the console user, the person a token belongs to, or the token.
    var auditActor: String {
        if let user = consoleUser { return "\(user.email) (console)" }
        if let principal { return principal.user.map { "\($0.email) (token)" } ?? "\(principal.name) (\(principal.role.rawValue) token)" }
        return "anonymous"
    }

    /// Appends an administrative change to the audit log. Called after the change committed; a failure to record it is
    /// logged loudly rather than undoing the change the caller already saw succeed.
    func audit(_ action: String, target: String, before: JSONValue? = nil, after: JSONValue? = nil) async {
        let now = Date()
        let entry = AuditEntry(id: TimeOrderedID.make(at: now), at: now, actor: auditActor, address: clientAddress,
                               action: action, target: target, before: before, after: after)
        do {
            try await touchpoint.store.appendAudit(entry)
        } catch {
            logger.critical("audit entry not recorded", metadata: ["action": "\(action)", "target": "\(target)", "error": "\(error)"])
        }
    }

    /// A service-desk rule document replaced (SLA policy, routing rules, settings), before and after.
    func audit(_ change: ServiceDocumentChange) async {
        await audit("service.\(change.name).replace", target: change.name, before: change.before.flatMap(JSONValue.parse), after: JSONValue.parse(change.after))
    }
}

/// `GET /api/v1/audit` and `GET /api/v1/audit/sign-ins`: the administrative changes and the console sign-in attempts,
/// newest first, for admins only.
struct AuditController {
    func register(on api: any RoutesBuilder) {
        let audit = api.grouped("audit")
        audit.get(use: changes)
        audit.get("sign-ins", use: signIns)
    }

    func changes(_ request: Request) async throws -> Response {
        _ = try request.require(.admin)
        let limit = try ProfilesController.limit(request, default: 100, maximum: 500)
        let entries = try await request.touchpoint.store.auditEntries(limit: limit, before: request.query[String.self, at: "before"],
                                                                      action: request.query[String.self, at: "action"])
        return Response.json(.object([
            "entries": .array(entries.map { entry in
                .object(["id": .string(entry.id), "at": .date(entry.at), "actor": .string(entry.actor), "address": .string(entry.address),
                         "action": .string(entry.action), "target": .string(entry.target),
                         "before": entry.before ?? .null, "after": entry.after ?? .null])
            }),
            "next": entries.count == limit ? .optional(entries.last?.id) : .null,
        ]))
    }

    func signIns(_ request: Request) async throws -> Response {
        _ = try request.require(.admin)
        let limit = try ProfilesController.limit(request, default: 100, maximum: 1000)
        let attempts = try await request.touchpoint.store.signInAttempts(limit: limit)
        return Response.json(.object([
            "attempts": .array(attempts.map { attempt in
                .object(["at": .date(attempt.at), "email": .string(attempt.email), "address": .string(attempt.address),
                         "outcome": .string(attempt.outcome.rawValue)])
            }),
        ]))
    }
}
