import Foundation

/// One administrative change, as the append-only audit log keeps it: who, when, from where, what, and the state
/// before and after (JSON, or nil where there was none). Entries are never changed or removed, erasure included:
/// they name profiles by id and carry no personal data of customers.
public struct AuditEntry: Sendable, Equatable {
    public var id: String
    public var at: Date
    /// The person (console user or personal token) or credential that made the change.
    public var actor: String
    public var address: String
    /// What was done, as `area.verb`: `users.create`, `service.sla_policy.replace`, `profiles.erase`, …
    public var action: String
    /// What it was done to: an id or a name.
    public var target: String
    public var before: JSONValue?
    public var after: JSONValue?

    public init(id: String, at: Date, actor: String, address: String, action: String, target: String, before: JSONValue? = nil, after: JSONValue? = nil) {
        self.id = id
        self.at = at
        self.actor = actor
        self.address = address
        self.action = action
        self.target = target
        self.before = before
        self.after = after
    }
}
