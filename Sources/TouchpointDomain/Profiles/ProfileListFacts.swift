import Foundation

/// What the customer list shows beside each profile: its CX stage, value tier, churn risk and open cases.
public struct ProfileListFacts: Sendable, Equatable {
    public var stage: LifecycleStage?
    public var valueTier: ValueTier?
    public var churnRisk: ChurnRisk?
    public var openCases: Int

    public init(stage: LifecycleStage? = nil, valueTier: ValueTier? = nil, churnRisk: ChurnRisk? = nil, openCases: Int = 0) {
        self.stage = stage
        self.valueTier = valueTier
        self.churnRisk = churnRisk
        self.openCases = openCases
    }
}
