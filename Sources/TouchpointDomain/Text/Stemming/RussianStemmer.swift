import Foundation

/// Snowball Russian stemmer, following `russian.sbl` of the Snowball project:
/// RV / R2 regions, perfective gerund, reflexive, adjectival (adjective + participle), verb, noun,
/// final "и", derivational "ост(ь)" in R2, and tidy-up (superlative "ейш(е)", "нн"→"н", soft sign).
///
/// Works on an array of Unicode scalar values; no regular expressions. Expects one lowercased word; "ё" is
/// normally folded to "е" by the caller, but it is normalised here as well (as the reference algorithm does).
/// Thread-safe (no mutable shared state).
public struct RussianStemmer: Stemmer {
    public init() {}

    public func stem(_ word: String) -> String {
        var w: [UInt32] = []
        w.reserveCapacity(word.utf8.count / 2 + 1)
        for s in word.unicodeScalars {
            w.append(s.value == Cy.yo ? Cy.e : s.value)
        }
        var run = RuRun(w)
        run.execute()
        return String(decoding: run.w, as: UTF32.self)
    }
}

// MARK: - Letters

private enum Cy {
    static let a: UInt32 = 0x430      // а
    static let e: UInt32 = 0x435      // е
    static let i: UInt32 = 0x438      // и
    static let n: UInt32 = 0x43D      // н
    static let ia: UInt32 = 0x44F     // я
    static let soft: UInt32 = 0x44C   // ь
    static let yo: UInt32 = 0x451     // ё
}

/// grouping v = а е и о у ы э ю я
@inline(__always) private func isRuVowel(_ c: UInt32) -> Bool {
    switch c {
    case 0x430, 0x435, 0x438, 0x43E, 0x443, 0x44B, 0x44D, 0x44E, 0x44F: return true
    default: return false
    }
}

private enum RuTables {
    /// group 1 must be preceded by а/я; group 2 is deleted unconditionally.
    static let perfectiveGerund = SuffixTable(groups: [
        ["в", "вши", "вшись"],
        ["ив", "ивши", "ившись", "ыв", "ывши", "ывшись"],
    ])

    static let adjective = SuffixTable(groups: [[
        "ее", "ие", "ые", "ое", "ими", "ыми", "ей", "ий", "ый", "ой", "ем", "им", "ым", "ом",
        "его", "ого", "ему", "ому", "их", "ых", "ую", "юю", "ая", "яя", "ою", "ею",
    ]])

    static let participle = SuffixTable(groups: [
        ["ем", "нн", "вш", "ющ", "щ"],
        ["ивш", "ывш", "ующ"],
    ])

    static let reflexive = SuffixTable(groups: [["ся", "сь"]])

    static let verb = SuffixTable(groups: [
        ["ла", "на", "ете", "йте", "ли", "й", "л", "ем", "н", "ло", "но", "ет", "ют", "ны", "ть", "ешь", "нно"],
        ["ила", "ыла", "ена", "ейте", "уйте", "ите", "или", "ыли", "ей", "уй", "ил", "ыл", "им", "ым", "ен",
         "ило", "ыло", "ено", "ят", "ует", "уют", "ит", "ыт", "ены", "ить", "ыть", "ишь", "ую", "ю"],
    ])

    static let noun = SuffixTable(groups: [[
        "а", "ев", "ов", "ие", "ье", "е", "иями", "ями", "ами", "еи", "ии", "и", "ией", "ей", "ой", "ий", "й",
        "иям", "ям", "ием", "ем", "ам", "ом", "о", "у", "ах", "иях", "ях", "ы", "ь", "ию", "ью", "ю", "ия",
        "ья", "я",
    ]])

    static let derivational = SuffixTable(groups: [["ост", "ость"]])

    /// group 1: superlative; group 2: н (нн → н); group 3: ь
    static let tidyUp = SuffixTable(groups: [["ейш", "ейше"], ["н"], ["ь"]])
}

// MARK: - The algorithm

private struct RuRun {
    var w: [UInt32]
    var pV = 0
    var p2 = 0

    init(_ w: [UInt32]) { self.w = w }

    mutating func execute() {
        markRegions()
        let lim = pV  // backwards setlimit tomark pV: everything below happens inside RV

        // do ( perfective_gerund or ( try reflexive  adjectival or verb or noun ) )
        if !perfectiveGerund(lim) {
            if let m = RuTables.reflexive.longest(in: w, end: w.count, limit: lim) {
                cut(m.start)
            }
            if !adjectival(lim) {
                if !verb(lim) {
                    if let m = RuTables.noun.longest(in: w, end: w.count, limit: lim) {
                        cut(m.start)
                    }
                }
            }
        }

        // try ( [ 'и' ] delete )
        if w.count - 1 >= lim && w.count >= 1 && w[w.count - 1] == Cy.i {
            w.removeLast()
        }

        // do derivational : [substring] R2 among ( 'ост' 'ость' (delete) )
        if let m = RuTables.derivational.longest(in: w, end: w.count, limit: lim), m.start >= p2 {
            cut(m.start)
        }

        // do tidy_up
        if let m = RuTables.tidyUp.longest(in: w, end: w.count, limit: lim) {
            switch m.tag {
            case 1:
                cut(m.start)
                undouble(lim)
            case 2:
                undouble(lim)
            default:
                cut(m.start)
            }
        }
    }

    /// Delete w[start...].
    @inline(__always) mutating func cut(_ start: Int) {
        w.removeSubrange(start..<w.count)
    }

    /// `['н'] 'н' delete` : if the word ends in нн (inside RV), drop one н.
    mutating func undouble(_ lim: Int) {
        let n = w.count
        if n - 2 >= lim && n >= 2 && w[n - 1] == Cy.n && w[n - 2] == Cy.n {
            w.removeLast()
        }
    }

    /// `'а' or 'я'` immediately before `start`, inside RV.
    @inline(__always) func precededByAorYa(_ start: Int, _ lim: Int) -> Bool {
        start - 1 >= lim && (w[start - 1] == Cy.a || w[start - 1] == Cy.ia)
    }

    mutating func markRegions() {
        let n = w.count
        pV = n
        p2 = n
        var c = 0
        // gopast v  setmark pV
        while c < n && !isRuVowel(w[c]) { c += 1 }
        if c >= n { return }
        c += 1
        pV = c
        // gopast non-v
        while c < n && isRuVowel(w[c]) { c += 1 }
        if c >= n { return }
        c += 1
        // gopast v
        while c < n && !isRuVowel(w[c]) { c += 1 }
        if c >= n { return }
        c += 1
        // gopast non-v  setmark p2
        while c < n && isRuVowel(w[c]) { c += 1 }
        if c >= n { return }
        p2 = c + 1
    }

    mutating func perfectiveGerund(_ lim: Int) -> Bool {
        guard let m = RuTables.perfectiveGerund.longest(in: w, end: w.count, limit: lim) else { return false }
        if m.tag == 1 && !precededByAorYa(m.start, lim) { return false }
        cut(m.start)
        return true
    }

    mutating func adjectival(_ lim: Int) -> Bool {
        guard let m = RuTables.adjective.longest(in: w, end: w.count, limit: lim) else { return false }
        cut(m.start)
        // try participle
        if let p = RuTables.participle.longest(in: w, end: w.count, limit: lim) {
            if p.tag == 2 || precededByAorYa(p.start, lim) { cut(p.start) }
        }
        return true
    }

    mutating func verb(_ lim: Int) -> Bool {
        guard let m = RuTables.verb.longest(in: w, end: w.count, limit: lim) else { return false }
        if m.tag == 1 && !precededByAorYa(m.start, lim) { return false }
        cut(m.start)
        return true
    }
}
