import Foundation
import TouchpointApp
import TouchpointDomain

/// The CX overview reads the cost of bad experiences and the journey funnel from here, as the journeys page does.
extension LifecycleProjector: JourneyFiguresSource {
    public func journeyFigures() async throws -> JourneyFigures {
        let current = try await analytics()
        return JourneyFigures(aggregate: current.aggregate, costs: current.costs)
    }
}
