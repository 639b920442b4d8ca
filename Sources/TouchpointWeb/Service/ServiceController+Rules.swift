import Vapor
import Tagged
import TouchpointApp
import TouchpointDomain
import TouchpointStorage

/// Routing rules, the SLA policy and the desk's settings: managers replace them, everyone reads them.
extension ServiceController {

    func routingRules(_ request: Request) async throws -> Response {
        _ = try await Self.caller(request)
        return Response.json(.object(["rules": ServiceDTO.encode(try await request.touchpoint.serviceDesk.routingRules())]))
    }

    func replaceRoutingRules(_ request: Request) async throws -> Response {
        _ = try await Self.caller(request, role: .manager)
        let body = try request.jsonBody()
        let rules: [RoutingRule]
        if body["rules"] != nil {
            struct Envelope: Decodable { var rules: [RoutingRule] }
            rules = try Self.decode(Self.bodyData(request), as: Envelope.self, what: "routing rules").rules
        } else {
            rules = try Self.decode(Self.bodyData(request), as: [RoutingRule].self, what: "routing rules")
        }
        await request.audit(try await request.touchpoint.serviceDesk.replaceRoutingRules(rules))
        return Response.json(.object(["rules": ServiceDTO.encode(rules.sorted { $0.position < $1.position })]))
    }

    func slaPolicy(_ request: Request) async throws -> Response {
        _ = try await Self.caller(request)
        return Response.json(ServiceDTO.encode(try await request.touchpoint.serviceDesk.policy()))
    }

    func replaceSLAPolicy(_ request: Request) async throws -> Response {
        _ = try await Self.caller(request, role: .manager)
        _ = try request.jsonBody()
        let policy: SLAPolicy = try Self.decode(Self.bodyData(request), as: SLAPolicy.self, what: "SLA policy")
        await request.audit(try await request.touchpoint.serviceDesk.replacePolicy(policy))
        return Response.json(ServiceDTO.encode(policy))
    }

    func settings(_ request: Request) async throws -> Response {
        _ = try await Self.caller(request)
        return Response.json(ServiceDTO.encode(try await request.touchpoint.serviceDesk.settings()))
    }

    func replaceSettings(_ request: Request) async throws -> Response {
        _ = try await Self.caller(request, role: .manager)
        _ = try request.jsonBody()
        let settings: ServiceSettings = try Self.decode(Self.bodyData(request), as: ServiceSettings.self, what: "service settings")
        await request.audit(try await request.touchpoint.serviceDesk.replaceSettings(settings))
        return Response.json(ServiceDTO.encode(settings))
    }
}
