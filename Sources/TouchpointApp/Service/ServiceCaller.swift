import Tagged
import TouchpointDomain

/// Who is acting on the service desk: their role, and the agent record that limits which cases they see.
public struct ServiceCaller: Sendable {
    public var role: Role
    public var name: String
    /// nil for credentials that belong to no person (the admin token): they see every case.
    public var agent: ServiceAgent?

    public init(role: Role, name: String, agent: ServiceAgent?) {
        self.role = role
        self.name = name
        self.agent = agent
    }

    public func canSee(_ serviceCase: ServiceCase) -> Bool { agent?.canSee(serviceCase) ?? true }

    /// The id status changes and merges are recorded under: the agent's, or `api` for the admin token.
    public var actorID: String { agent?.id.rawValue ?? "api" }
}
