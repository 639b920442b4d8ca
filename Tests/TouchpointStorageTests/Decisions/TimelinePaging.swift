import Foundation
import TouchpointDomain
@testable import TouchpointStorage

extension SQLStore {
    /// The person's timeline read page by page, `size` entries a page, as the API's cursor walks it: the message ids in
    /// order. Stops after `atMost` entries, so a cursor that repeats entries ends the walk.
    func pagedTimeline(_ person: ProfileID, size: Int, atMost: Int) async throws -> [String] {
        var paged = [String](), cursor: (time: Int64, sequence: Int64)?, more = true
        while more {
            let page = try await timeline(person, limit: size, before: cursor)
            paged += page.entries.map(\.messageID)
            cursor = page.nextCursor.flatMap(TimelineCursor.decode)
            more = cursor != nil && paged.count <= atMost
        }
        return paged
    }
}
