import Foundation
import Tagged
import TouchpointDomain

/// What the API and the console read about segments and decisions, through the area's one door.
extension DecisionDesk {
    /// Members of a segment by profile id, after `cursor`; `unknownSegment` for a segment that does not exist.
    public func members(of segment: SegmentID, limit: Int, after cursor: ProfileID?) async throws -> [SegmentMember] {
        guard try await catalogue.current().segment(segment) != nil else { throw DecisionDeskError.unknownSegment }
        return try await repository.segmentMembers(segment, limit: limit, after: cursor)
    }

    /// How many people each segment holds now.
    public func memberCounts() async throws -> [SegmentID: Int] { try await repository.memberCounts() }

    /// The segments the person is in now.
    public func segments(of profile: ProfileID) async throws -> [SegmentID] { try await repository.segments(of: profile) }

    /// The person's decisions, newest first.
    public func decisions(of profile: ProfileID, limit: Int) async throws -> [DecisionRecord] { try await repository.decisions(of: profile, limit: limit) }

    /// One logged decision, or nil.
    public func decision(_ id: String) async throws -> DecisionRecord? { try await repository.decision(id) }
}
