import Foundation

/// Typo tolerance by deletion neighbourhoods (the SymSpell idea): a word and a misspelling one edit away share a form
/// with one letter deleted, so matching deletion variants finds candidates without comparing against every word; the
/// true distance (with transpositions) then decides.
enum TypoTolerance {
    /// The word with each one of its letters deleted.
    static func deletions(of word: String) -> [String] {
        let letters = Array(word)
        guard letters.count > 1 else { return [] }
        var variants = Set<String>()
        for position in 0..<letters.count {
            var copy = letters
            copy.remove(at: position)
            variants.insert(String(copy))
        }
        return Array(variants)
    }

    /// Optimal-string-alignment distance (Levenshtein with adjacent transpositions), stopping once it exceeds `limit`.
    static func distance(_ a: String, _ b: String, limit: Int) -> Int {
        let x = Array(a), y = Array(b)
        if abs(x.count - y.count) > limit { return limit + 1 }
        if x.isEmpty || y.isEmpty { return max(x.count, y.count) }
        var previousPrevious = [Int](repeating: 0, count: y.count + 1)
        var previous = Array(0...y.count)
        var current = [Int](repeating: 0, count: y.count + 1)
        for i in 1...x.count {
            current[0] = i
            var rowMinimum = current[0]
            for j in 1...y.count {
                let cost = x[i - 1] == y[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, x[i - 1] == y[j - 2], x[i - 2] == y[j - 1] { current[j] = min(current[j], previousPrevious[j - 2] + 1) }
                rowMinimum = min(rowMinimum, current[j])
            }
            if rowMinimum > limit { return limit + 1 }
            (previousPrevious, previous, current) = (previous, current, previousPrevious)
        }
        return previous[y.count]
    }
}
