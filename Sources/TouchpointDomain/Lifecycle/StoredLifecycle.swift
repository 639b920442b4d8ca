import Foundation

/// One profile's lifecycle projection as stored.
public struct StoredLifecycle: Sendable {
    public var profileID: ProfileID
    public var state: LifecycleState
    public var cost: ExperienceCostState
    public var valueTier: String?

    public init(profileID: ProfileID, state: LifecycleState, cost: ExperienceCostState, valueTier: String?) {
        self.profileID = profileID
        self.state = state
        self.cost = cost
        self.valueTier = valueTier
    }
}
