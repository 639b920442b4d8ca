/// A Snowball `among` table: suffixes tried longest first, each with the tag of the action it calls for.
struct SuffixTable: Sendable {
    let entries: [(suffix: [UInt32], tag: Int)]

    /// Suffixes with their tags.
    init(_ list: [(String, Int)]) {
        entries = list.map { (Array($0.0.unicodeScalars.map(\.value)), $0.1) }.sorted { $0.suffix.count > $1.suffix.count }
    }

    /// Groups of suffixes; the suffixes of the first group get tag 1, of the second tag 2…
    init(groups: [[String]]) {
        self.init(groups.enumerated().flatMap { index, words in words.map { ($0, index + 1) } })
    }

    /// The longest entry that is a suffix of `w[limit..<end]` (it must lie wholly at or after `limit`): its tag and
    /// where it starts.
    @inline(__always) func longest(in w: [UInt32], end: Int, limit: Int = 0) -> (tag: Int, start: Int)? {
        let available = end - limit
        for entry in entries {
            let length = entry.suffix.count
            if length > available { continue }
            var j = length - 1, k = end - 1
            var matches = true
            while j >= 0 {
                if entry.suffix[j] != w[k] { matches = false; break }
                j -= 1; k -= 1
            }
            if matches { return (entry.tag, end - length) }
        }
        return nil
    }
}
