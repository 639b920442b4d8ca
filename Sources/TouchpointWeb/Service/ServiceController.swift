import Vapor
import Tagged
import TouchpointApp
import TouchpointDomain
import TouchpointStorage

/// `/api/v1/cases…` and `/api/v1/service…`: the omnichannel service desk over HTTP.
struct ServiceController {
    /// Attachments: at most 5 MB each, of types agents can open safely.
    static let maximumAttachmentBytes = 5 * 1024 * 1024
    static let allowedAttachmentTypes: Set<String> = ["image/png", "image/jpeg", "image/gif", "image/webp", "application/pdf", "text/plain", "text/csv"]

    func register(on api: any RoutesBuilder) {
        let cases = api.grouped("cases")
        cases.get(use: list)
        cases.on(.POST, body: .collect(maxSize: "16mb"), use: create)
        cases.get(":case", use: show)
        cases.patch(":case", use: update)
        cases.on(.POST, ":case", "messages", body: .collect(maxSize: "16mb"), use: addMessage)
        cases.post(":case", "status", use: changeStatus)
        cases.post(":case", "assign", use: assign)
        cases.post(":case", "merge", use: merge)
        cases.post(":case", "csat", use: rate)
        cases.post(":case", "handle-time", use: addHandleTime)
        cases.get(":case", "sla", use: sla)
        api.get("attachments", ":id", use: attachment)
        api.get("profiles", ":ref", "cases", use: profileCases)

        let service = api.grouped("service")
        service.on(.POST, "email", "inbound", body: .collect(maxSize: "16mb"), use: inboundEmail)
        service.post("calls", use: recordCall)
        service.get("queue", use: queue)
        service.get("alerts", use: alerts)
        service.get("metrics", use: metrics)
        service.get("sla-report", use: slaReport)
        service.get("agents", use: agents)
        service.post("agents", use: createAgent)
        service.patch("agents", ":agent", use: updateAgent)
        service.post("agents", ":agent", "tokens", use: createAgentToken)
        service.get("teams", use: teams)
        service.post("teams", use: createTeam)
        service.put("teams", ":team", "members", use: setMembers)
        service.get("routing-rules", use: routingRules)
        service.put("routing-rules", use: replaceRoutingRules)
        service.get("sla-policy", use: slaPolicy)
        service.put("sla-policy", use: replaceSLAPolicy)
        service.get("settings", use: settings)
        service.put("settings", use: replaceSettings)
        service.webSocket("live", maxFrameSize: .init(integerLiteral: 64 * 1024), onUpgrade: ServiceLive.agentSocket)
    }

    // MARK: Who is asking

    /// The caller as a service-desk actor; agents' personal tokens bring their teams (and so their sight of cases).
    static func caller(_ request: Request, role: Role = .agent) async throws -> ServiceCaller {
        let principal = try request.require(role)
        guard let user = principal.user else { return ServiceCaller(role: principal.role, name: principal.name, agent: nil) }
        return try await request.touchpoint.serviceDesk.caller(user, role: principal.role)
    }

    /// The case a `:case` parameter names (its id or its number), if the caller may see it.
    static func visibleCase(_ request: Request, caller: ServiceCaller) async throws -> ServiceCase {
        guard let raw = request.parameters.get("case") else { throw APIError.badRequest("missing_case", "a case id or number is required") }
        let found = try await request.touchpoint.serviceDesk.serviceCase(reference: raw)
        // A case of another team is reported as missing: its existence is not the caller's business.
        guard let serviceCase = found, caller.canSee(serviceCase) else { throw APIError.notFound("no case '\(raw)' that you can see") }
        return serviceCase
    }
}
