import Foundation
import Synchronization
import TouchpointDomain

/// Remembers the cases measurement has read, each at its version. A page reads the ids and versions of its period's
/// cases, then only the rows it has not seen at that version: a year's pages read ten thousand rows on every request
/// before (on PostgreSQL about a third of the page's time), almost all of them unchanged since the last.
final class MeasuredCaseMemo: Sendable {
    /// Past this many cases the memo starts over rather than grow without bound.
    private let capacity: Int
    private let rows = Mutex([CaseID: MeasuredCase]())

    init(capacity: Int = 250_000) { self.capacity = capacity }

    /// The cases of `versions`, in its order: remembered rows as they are, the others read (`read` is given their ids)
    /// and remembered. A case merged or erased between the two reads is left out.
    func cases(
        _ versions: [MeasuredCaseVersion], read: ([CaseID]) async throws -> [MeasuredCase]
    ) async throws -> [MeasuredCase] {
        var found = [MeasuredCase?](repeating: nil, count: versions.count)
        var missing = [CaseID: Int]()
        rows.withLock { rows in
            for (index, stamp) in versions.enumerated() {
                if let row = rows[stamp.id], row.version == stamp.version { found[index] = row } else { missing[stamp.id] = index }
            }
        }
        guard !missing.isEmpty else { return found.compactMap { $0 } }
        let fresh = try await read(Array(missing.keys))
        for row in fresh { if let index = missing[row.id] { found[index] = row } }
        rows.withLock { rows in
            if rows.count + fresh.count > capacity { rows.removeAll(keepingCapacity: true) }
            // Two pages may read the same case at once: the later version stays.
            for row in fresh where (rows[row.id]?.version ?? .min) <= row.version { rows[row.id] = row }
        }
        return found.compactMap { $0 }
    }
}
