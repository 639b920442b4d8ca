import Tagged
import TouchpointDomain

/// Where the service desk announces what changed, for the sockets of agents and chat visitors (on this node and,
/// through the database, on the others). The web layer implements it over its sockets; jobs and tests use `SilentLiveFeed`.
public protocol ServiceLiveFeed: Sendable {
    func publish(message: ServiceMessage, of serviceCase: ServiceCase)
    func publish(caseChanged serviceCase: ServiceCase)
    func publish(alert: SLAAlert, of serviceCase: ServiceCase)
}

/// A feed nobody listens to: for commands without sockets.
public struct SilentLiveFeed: ServiceLiveFeed {
    public init() {}
    public func publish(message: ServiceMessage, of serviceCase: ServiceCase) {}
    public func publish(caseChanged serviceCase: ServiceCase) {}
    public func publish(alert: SLAAlert, of serviceCase: ServiceCase) {}
}
