import Foundation
import Synchronization
import Tagged
import TouchpointDomain

/// A rule document before and after a save, for the caller's audit log.
public struct ServiceDocumentChange: Sendable, Equatable {
    public var name: String
    public var before: String?
    public var after: String
}

extension ServiceDesk {
    private func document(_ name: String) async throws -> String? {
        try await documents.value(for: name) { try await repositories.serviceDocument(name) }
    }

    /// The SLA policy in force (the standard one until a manager saves another).
    public func policy() async throws -> SLAPolicy {
        guard let text = try await document(Self.policyDocument),
              let policy = try? JSONDecoder().decode(SLAPolicy.self, from: Data(text.utf8)) else { return .standard }
        return policy
    }

    /// The routing rules, in the order they are tried.
    public func routingRules() async throws -> [RoutingRule] {
        guard let text = try await document(Self.routingDocument),
              let rules = try? JSONDecoder().decode([RoutingRule].self, from: Data(text.utf8)) else { return [] }
        return rules.sorted { $0.position < $1.position }
    }

    public func settings() async throws -> ServiceSettings {
        guard let text = try await document(Self.settingsDocument),
              let settings = try? JSONDecoder().decode(ServiceSettings.self, from: Data(text.utf8)) else { return ServiceSettings() }
        return settings
    }

    /// Saves a rule document; returns it before and after, for the audit log.
    @discardableResult
    public func save<T: Encodable>(_ value: T, as name: String, now: Date = Date()) async throws -> ServiceDocumentChange {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let before = try await repositories.serviceDocument(name)
        let text = String(decoding: try encoder.encode(value), as: UTF8.self)
        try await repositories.setServiceDocument(name, body: text, now: now)
        documents.forget(name)
        return ServiceDocumentChange(name: name, before: before, after: text)
    }

    /// Replaces the SLA policy once its calendar and targets check out; running clocks are re-evaluated at once.
    /// The API and the console both save through here, so both refuse the same documents.
    public func replacePolicy(_ policy: SLAPolicy) async throws -> ServiceDocumentChange {
        do {
            try policy.calendar.validate()
            try policy.validate()
        } catch let error as ServiceRuleError {
            throw ServiceDeskError.refused(code: "invalid_calendar", message: "\(error)")
        }
        guard policy.atRiskFraction > 0, policy.atRiskFraction < 1 else {
            throw ServiceDeskError.refused(code: "invalid_policy", message: "\"atRiskFraction\" is between 0 and 1 (0.8 warns at 80 % of the target)")
        }
        let change = try await save(policy, as: Self.policyDocument)
        try await evaluateSLA()
        return change
    }

    /// Replaces the routing rules: every rule must route to an existing team, and rule ids must be unique.
    public func replaceRoutingRules(_ rules: [RoutingRule]) async throws -> ServiceDocumentChange {
        let teams = Set(try await repositories.teams().map(\.id))
        for rule in rules where !teams.contains(rule.teamID) {
            throw ServiceDeskError.refused(code: "unknown_team", message: "rule '\(rule.name)' routes to team '\(rule.teamID.rawValue)', which does not exist")
        }
        guard Set(rules.map(\.id)).count == rules.count else { throw ServiceDeskError.refused(code: "duplicate_rule", message: "two rules share an id") }
        return try await save(rules, as: Self.routingDocument)
    }

    /// Replaces the settings: a re-contact window of up to 90 days and a default capacity of 1 to 100 cases.
    public func replaceSettings(_ settings: ServiceSettings) async throws -> ServiceDocumentChange {
        guard settings.recontactWindowHours > 0, settings.recontactWindowHours <= 24 * 90 else {
            throw ServiceDeskError.refused(code: "invalid_settings", message: "\"recontactWindowHours\" is between 0 and 2,160 (90 days)")
        }
        guard (1...100).contains(settings.defaultCapacity) else {
            throw ServiceDeskError.refused(code: "invalid_settings", message: "\"defaultCapacity\" is 1 to 100 cases")
        }
        return try await save(settings, as: Self.settingsDocument)
    }
}
