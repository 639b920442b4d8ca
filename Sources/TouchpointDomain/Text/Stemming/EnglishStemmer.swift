import Foundation

/// Snowball English ("Porter2") stemmer, following the current `english.sbl` of the Snowball project
/// (exceptions, apostrophe handling, y→Y marking, R1/R2 with the special prefixes, steps 1a–5).
///
/// Works on an array of Unicode scalar values; no regular expressions, no Foundation string APIs in the hot path.
/// Expects one lowercased word. Thread-safe (no mutable shared state).
public struct EnglishStemmer: Stemmer {
    public init() {}

    public func stem(_ word: String) -> String {
        if let special = EnglishStemmer.exception(word) { return special }
        var w: [UInt32] = []
        w.reserveCapacity(word.utf8.count)
        for s in word.unicodeScalars { w.append(s.value) }
        // `not hop 3`: words shorter than three characters are left untouched.
        if w.count < 3 { return word }
        var run = Run(w)
        run.execute()
        return String(decoding: run.w, as: UTF32.self)
    }

    // MARK: - exception1 (whole-word special cases, checked before anything else)

    private static func exception(_ word: String) -> String? {
        switch word {
        case "skis": return "ski"
        case "skies": return "sky"
        case "idly": return "idl"
        case "gently": return "gentl"
        case "ugly": return "ugli"
        case "early": return "earli"
        case "only": return "onli"
        case "singly": return "singl"
        case "sky", "news", "howe", "atlas", "cosmos", "bias", "andes": return word
        default: return nil
        }
    }
}

// MARK: - Character constants and groupings

private enum Ch {
    static let a: UInt32 = 0x61, b: UInt32 = 0x62, c: UInt32 = 0x63, d: UInt32 = 0x64, e: UInt32 = 0x65
    static let f: UInt32 = 0x66, g: UInt32 = 0x67, h: UInt32 = 0x68, i: UInt32 = 0x69, k: UInt32 = 0x6B
    static let l: UInt32 = 0x6C, m: UInt32 = 0x6D, n: UInt32 = 0x6E, o: UInt32 = 0x6F, p: UInt32 = 0x70
    static let r: UInt32 = 0x72, s: UInt32 = 0x73, t: UInt32 = 0x74, u: UInt32 = 0x75, w: UInt32 = 0x77
    static let x: UInt32 = 0x78, y: UInt32 = 0x79, z: UInt32 = 0x7A
    static let Y: UInt32 = 0x59
    static let apostrophe: UInt32 = 0x27
}

/// grouping v = 'aeiouy' (note: the marker 'Y' is NOT a vowel)
@inline(__always) private func isV(_ c: UInt32) -> Bool {
    switch c {
    case 0x61, 0x65, 0x69, 0x6F, 0x75, 0x79: return true
    default: return false
    }
}

/// grouping v_WXY = v + 'wxY'
@inline(__always) private func isVWXY(_ c: UInt32) -> Bool {
    isV(c) || c == Ch.w || c == Ch.x || c == Ch.Y
}

/// grouping valid_LI = 'cdeghkmnrt'
@inline(__always) private func isValidLI(_ c: UInt32) -> Bool {
    switch c {
    case 0x63, 0x64, 0x65, 0x67, 0x68, 0x6B, 0x6D, 0x6E, 0x72, 0x74: return true
    default: return false
    }
}

private func u32(_ s: String) -> [UInt32] { s.unicodeScalars.map { $0.value } }

private enum Tables {
    static let regionPrefixes: [[UInt32]] =
        ["gener", "commun", "arsen", "past", "univers", "later", "emerg", "organ", "inter"].map(u32)

    static let step2 = SuffixTable([
        ("tional", 1), ("enci", 2), ("anci", 3), ("abli", 4), ("entli", 5),
        ("izer", 6), ("ization", 6),
        ("ational", 7), ("ation", 7), ("ator", 7),
        ("alism", 8), ("aliti", 8), ("alli", 8),
        ("fulness", 9),
        ("ousli", 10), ("ousness", 10),
        ("iveness", 11), ("iviti", 11),
        ("biliti", 12), ("bli", 12),
        ("ogist", 13),
        ("ogi", 14),
        ("fulli", 15),
        ("lessli", 16),
        ("li", 17),
    ])
    /// Replacement per step-2 tag (index = tag; 0 and 17 unused).
    static let step2Replacement: [[UInt32]] = [
        "", "tion", "ence", "ance", "able", "ent", "ize", "ate", "al", "ful", "ous", "ive", "ble",
        "og", "og", "ful", "less", "",
    ].map(u32)

    static let step3 = SuffixTable([
        ("tional", 1), ("ational", 2), ("alize", 3),
        ("icate", 4), ("iciti", 4), ("ical", 4),
        ("ful", 5), ("ness", 5),
        ("ative", 6),
    ])
    /// Replacement per step-3 tag (index = tag; 0, 5, 6 unused).
    static let step3Replacement: [[UInt32]] = ["", "tion", "ate", "al", "ic", "", ""].map(u32)

    static let step4 = SuffixTable([
        ("al", 1), ("ance", 1), ("ence", 1), ("er", 1), ("ic", 1), ("able", 1), ("ible", 1), ("ant", 1),
        ("ement", 1), ("ment", 1), ("ent", 1), ("ism", 1), ("ate", 1), ("iti", 1), ("ous", 1), ("ive", 1),
        ("ize", 1),
        ("ion", 2),
    ])

    static let ee = u32("ee"), ie = u32("ie"), i = u32("i"), ss = u32("ss"), e = u32("e")
    static let proc = u32("proc"), exc = u32("exc"), succ = u32("succ")
    static let past = u32("past")
    static let ingExact4: [[UInt32]] = ["cann", "herr", "earr", "even"].map(u32)
    static let ingExact3: [[UInt32]] = ["inn", "out"].map(u32)
}

// MARK: - The algorithm

private struct Run {
    var w: [UInt32]
    var p1 = 0
    var p2 = 0
    var yFound = false

    init(_ w: [UInt32]) { self.w = w }

    mutating func execute() {
        prelude()
        markRegions()
        step1a()
        step1b()
        step1c()
        step2()
        step3()
        step4()
        step5()
        if yFound {
            for k in 0..<w.count where w[k] == Ch.Y { w[k] = Ch.y }
        }
    }

    // MARK: helpers

    @inline(__always) func endsWith(_ s: [UInt32], at end: Int) -> Bool {
        let len = s.count
        if len > end { return false }
        var j = 0
        var k = end - len
        while j < len {
            if w[k] != s[j] { return false }
            j += 1; k += 1
        }
        return true
    }

    @inline(__always) func prefixIs(_ s: [UInt32], length: Int) -> Bool {
        length == s.count && endsWith(s, at: length)
    }

    /// Replace w[start..<w.count] with `s`.
    @inline(__always) mutating func replaceTail(from start: Int, with s: [UInt32]) {
        w.removeSubrange(start..<w.count)
        w.append(contentsOf: s)
    }

    /// shortv, evaluated backwards from position `end` (i.e. on w[0..<end]).
    func shortV(at end: Int) -> Bool {
        if end >= 3 && !isVWXY(w[end - 1]) && isV(w[end - 2]) && !isV(w[end - 3]) { return true }
        if end == 2 && !isV(w[1]) && isV(w[0]) { return true }
        if endsWith(Tables.past, at: end) { return true }
        return false
    }

    // MARK: prelude / regions

    mutating func prelude() {
        if w.first == Ch.apostrophe { w.removeFirst() }
        if w.isEmpty { return }
        if w[0] == Ch.y { w[0] = Ch.Y; yFound = true }
        var k = 1
        while k < w.count {
            if w[k] == Ch.y && isV(w[k - 1]) { w[k] = Ch.Y; yFound = true }
            k += 1
        }
    }

    mutating func markRegions() {
        let n = w.count
        p1 = n
        p2 = n
        var c = 0
        var prefixed = false
        for pre in Tables.regionPrefixes where pre.count <= n {
            var ok = true
            for j in 0..<pre.count where w[j] != pre[j] { ok = false; break }
            if ok { c = pre.count; prefixed = true; break }
        }
        if !prefixed {
            guard let c1 = gopastVowelThenNonVowel(from: 0) else { return }
            c = c1
        }
        p1 = c
        guard let c2 = gopastVowelThenNonVowel(from: c) else { return }
        p2 = c2
    }

    /// `gopast v gopast non-v` forwards from `c`; nil if it runs off the end.
    func gopastVowelThenNonVowel(from start: Int) -> Int? {
        let n = w.count
        var c = start
        while c < n && !isV(w[c]) { c += 1 }
        if c >= n { return nil }
        c += 1
        while c < n && isV(w[c]) { c += 1 }
        if c >= n { return nil }
        return c + 1
    }

    // MARK: steps

    mutating func step1a() {
        var n = w.count
        // try ( [substring] among ( ''' ''s' ''s'' (delete) ) )
        if n >= 3 && w[n - 3] == Ch.apostrophe && w[n - 2] == Ch.s && w[n - 1] == Ch.apostrophe {
            w.removeLast(3)
        } else if n >= 2 && w[n - 2] == Ch.apostrophe && w[n - 1] == Ch.s {
            w.removeLast(2)
        } else if n >= 1 && w[n - 1] == Ch.apostrophe {
            w.removeLast(1)
        }
        n = w.count
        if n >= 3 && w[n - 3] == Ch.i && w[n - 2] == Ch.e && w[n - 1] == Ch.d {
            replaceTail(from: n - 3, with: n - 3 >= 2 ? Tables.i : Tables.ie) // ied
            return
        }
        guard n >= 1, w[n - 1] == Ch.s else { return }
        // among ( 'sses' 'ied' 'ies' 's' 'us' 'ss' ) – longest match first
        if n >= 4 && w[n - 4] == Ch.s && w[n - 3] == Ch.s && w[n - 2] == Ch.e {
            replaceTail(from: n - 4, with: Tables.ss)                    // sses -> ss
        } else if n >= 3 && w[n - 3] == Ch.i && w[n - 2] == Ch.e {
            replaceTail(from: n - 3, with: n - 3 >= 2 ? Tables.i : Tables.ie) // ies
        } else if n >= 2 && (w[n - 2] == Ch.u || w[n - 2] == Ch.s) {
            return                                                       // us, ss: unchanged
        } else {
            // 's': next gopast v delete  -> a vowel somewhere in w[0 ..< n-2]
            guard n >= 2 else { return }
            var k = n - 3
            while k >= 0 {
                if isV(w[k]) { w.removeLast(); return }
                k -= 1
            }
        }
    }

    private enum B1 { case eed, ing, general }

    mutating func step1b() {
        let n = w.count
        // 'ied' belongs to step 1a; here: eed eedly ed edly ing ingly (longest first)
        let kind: B1
        let start: Int
        if endsWithASCII("eedly", n) { kind = .eed; start = n - 5 }
        else if endsWithASCII("ingly", n) { kind = .general; start = n - 5 }
        else if endsWithASCII("edly", n) { kind = .general; start = n - 4 }
        else if endsWithASCII("eed", n) { kind = .eed; start = n - 3 }
        else if endsWithASCII("ing", n) { kind = .ing; start = n - 3 }
        else if endsWithASCII("ed", n) { kind = .general; start = n - 2 }
        else { return }

        switch kind {
        case .eed:
            if start >= p1 {
                if prefixIs(Tables.proc, length: start) || prefixIs(Tables.exc, length: start)
                    || prefixIs(Tables.succ, length: start) {
                    return
                }
                replaceTail(from: start, with: Tables.ee)
            }
            return
        case .ing:
            if start >= 1 && w[start - 1] == Ch.y {
                // 'y' (test(non-v atlimit) ] <-'ie')  : dying -> die, lying -> lie
                if start == 2 && !isV(w[0]) {
                    replaceTail(from: start - 1, with: Tables.ie)
                    return
                }
            } else if Tables.ingExact4.contains(where: { endsWith($0, at: start) }) {
                if start == 4 { return }
            } else if Tables.ingExact3.contains(where: { endsWith($0, at: start) }) {
                if start == 3 { return }
            }
            general(start)
        case .general:
            general(start)
        }
    }

    @inline(__always) func endsWithASCII(_ s: StaticString, _ end: Int) -> Bool {
        let len = s.utf8CodeUnitCount
        if len > end { return false }
        return s.withUTF8Buffer { buf in
            var k = end - len
            for byte in buf {
                if w[k] != UInt32(byte) { return false }
                k += 1
            }
            return true
        }
    }

    /// Handling of 'ed' 'edly' 'ing' 'ingly' once the suffix is known to start at `start`.
    private mutating func general(_ start: Int) {
        // test gopast v : a vowel before the suffix
        var k = start - 1
        var found = false
        while k >= 0 {
            if isV(w[k]) { found = true; break }
            k -= 1
        }
        guard found else { return }
        w.removeSubrange(start..<w.count)
        let n = w.count
        if n >= 2 {
            let a = w[n - 2], b = w[n - 1]
            if (a == Ch.a && b == Ch.t) || (a == Ch.b && b == Ch.l) || (a == Ch.i && b == Ch.z) {
                w.append(Ch.e)
                return
            }
            if a == b {
                switch b {
                case Ch.b, Ch.d, Ch.f, Ch.g, Ch.m, Ch.n, Ch.p, Ch.r, Ch.t:
                    // not (aeo atlimit)
                    if n == 3 && (w[0] == Ch.a || w[0] == Ch.e || w[0] == Ch.o) { return }
                    w.removeLast()
                    return
                default:
                    break
                }
            }
        }
        // '' : atmark p1 test shortv <- 'e'
        if n == p1 && shortV(at: n) {
            w.append(Ch.e)
        }
    }

    mutating func step1c() {
        let n = w.count
        guard n >= 3 else { return }
        let last = w[n - 1]
        if (last == Ch.y || last == Ch.Y) && !isV(w[n - 2]) {
            w[n - 1] = Ch.i
        }
    }

    mutating func step2() {
        guard let (tag, start) = Tables.step2.longest(in: w, end: w.count), start >= p1 else { return }
        switch tag {
        case 14: // ogi -> og if preceded by l
            if start >= 1 && w[start - 1] == Ch.l { replaceTail(from: start, with: Tables.step2Replacement[14]) }
        case 17: // li: delete if preceded by a valid li-ending
            if start >= 1 && isValidLI(w[start - 1]) { w.removeSubrange(start..<w.count) }
        default:
            replaceTail(from: start, with: Tables.step2Replacement[tag])
        }
    }

    mutating func step3() {
        guard let (tag, start) = Tables.step3.longest(in: w, end: w.count), start >= p1 else { return }
        switch tag {
        case 5:
            w.removeSubrange(start..<w.count)
        case 6:
            if start >= p2 { w.removeSubrange(start..<w.count) }
        default:
            replaceTail(from: start, with: Tables.step3Replacement[tag])
        }
    }

    mutating func step4() {
        guard let (tag, start) = Tables.step4.longest(in: w, end: w.count), start >= p2 else { return }
        if tag == 1 {
            w.removeSubrange(start..<w.count)
        } else if start >= 1 && (w[start - 1] == Ch.s || w[start - 1] == Ch.t) {
            w.removeSubrange(start..<w.count)
        }
    }

    mutating func step5() {
        let n = w.count
        guard n >= 1 else { return }
        let start = n - 1
        if w[start] == Ch.e {
            if start >= p2 || (start >= p1 && !shortV(at: start)) { w.removeLast() }
        } else if w[start] == Ch.l {
            if start >= p2 && start >= 1 && w[start - 1] == Ch.l { w.removeLast() }
        }
    }
}
