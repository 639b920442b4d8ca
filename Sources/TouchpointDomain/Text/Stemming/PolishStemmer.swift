import Foundation

/// Light algorithmic (Snowball-style) suffix stripper for Polish.
///
/// Input contract: ONE lowercased, ASCII-FOLDED Polish word (ą→a ć→c ę→e ł→l ń→n ó→o ś→s ź→z ż→z, done by
/// `TextFolding.fold` before the call), e.g. "platnosci", "zwrotow", "reklamacje". Anything that is not plain
/// `a`–`z`, and words of 3 letters or fewer, are returned unchanged.
///
/// Algorithm (one pass, no dictionary apart from a few dozen protected stems):
///  1. exact irregulars ("zly", "zlego", ... → "zl");
///  2. protected stem tails: nouns whose stem itself ends like an inflection ("problem", "system", "material",
///     "dzial", "portal", "mail", "zapach", ...) keep their stem when followed by a noun ending;
///  3. ONE suffix is removed: the longest suffix of the rule table whose remaining stem is long enough
///     (normally ≥ 3 letters) and whose context condition holds. Rules cover noun + adjective case endings
///     (soft-stem "i-" variants included), comparatives (-ejszy/-iejszy), present tense (-am -asz -amy -aja,
///     -uje -ujesz -uja, -esz -emy, -isz -imy), infinitives (-ac -ic -yc -ec -iec -owac), past tense and
///     conditional (-al -ala -alem -alam -ali -alismy -albym ..., same with -i- -y- -ia- -owa-), adjectives in
///     -aly/-ily (wspanialy/wspaniale), participles in -ajacy/-ujacy, and the consonant alternations that can be
///     undone cheaply: k→c before e (paczce→paczk, przesylce→przesylk, polityce→polityk), g→dz before e
///     (obsludze→obslug, drodze→drog), pracownicy→pracownik, politycy→polityk;
///  4. stem normalisation, applied to every stem so that all forms of a lemma meet:
///     final rz→r (towarze/towar, kurierzy/kurier), dz→d (skladzie/sklad), c→t (zwrocie/zwrot, klienci/klient,
///     karcie/karta, platnosc/platnosci — consistently, so "-osc" nouns end in "-ost"), and the fleeting e of
///     -ek/-el (paczek/paczka, rachunek/rachunku, kabel/kabla, hasel/haslo).
/// The stems are index keys, not words: "zwrot", "platnost", "paczk", "reklamacj", "zamowien".
///
/// Pure and thread-safe: all tables are immutable `static let`s; no regular expressions; works on `[UInt8]`.
public struct PolishStemmer: Stemmer {
    public init() {}

    public func stem(_ word: String) -> String {
        if let irregular = PLTables.exact[word] { return irregular }
        let n = word.utf8.count
        if n <= 3 { return word }
        var w = [UInt8]()
        w.reserveCapacity(n)
        for b in word.utf8 {
            if b < 0x61 || b > 0x7A { return word }   // only folded a-z is handled
            w.append(b)
        }
        if let protected = PLTables.protectedStem(w) {
            return String(decoding: protected, as: UTF8.self)
        }
        PLTables.stripSuffix(&w)
        PLTables.normalize(&w)
        return String(decoding: w, as: UTF8.self)
    }
}

// MARK: - Rule tables

private enum PLCond: Sendable {
    case none
    /// -ow/-owi: not after "m" preceded by a/u/y/z/d/e/i (zamowi, zamow, umow, rozmow, odmow, wymow keep "ow").
    case owBlock
    /// -ela/-eli/-elo (past tense of -nąć/-jąć/-cząć verbs): only after n, j, z (zginela, przyjela, zaczela).
    case afterNJZ
    /// -ce → -k (dative/locative of -ka nouns), with the exceptions noted in `condHolds`.
    case ceToK
    /// -odze → -og, but not -hodze (chodze, przychodze).
    case notAfterH
}

private struct PLRule: Sendable {
    let suffix: [UInt8]
    let repl: [UInt8]
    let minStem: Int
    let cond: PLCond
}

private struct PLTail: Sendable {
    let tail: [UInt8]
    let out: [UInt8]
}

private enum PLTables {
    static let a = UInt8(ascii: "a")

    /// Rules grouped by the last letter of their suffix (index 0...25), longest suffix first.
    static let rulesByLast: [[PLRule]] = buildRules()

    static func buildRules() -> [[PLRule]] {
        var rules: [PLRule] = []
        var seen = Set<String>()
        func add(_ s: String, _ min: Int = 3, _ cond: PLCond = .none, repl: String = "") {
            guard !seen.contains(s) else { return }
            seen.insert(s)
            rules.append(PLRule(suffix: Array(s.utf8), repl: Array(repl.utf8), minStem: min, cond: cond))
        }

        // Alternation rules first (so they win over the plain endings they share a spelling with).
        add("ownicy", 3, repl: "ownik")          // pracownicy → pracownik
        add("ycy", 3, repl: "yk")                // politycy → polityk
        add("yce", 3, repl: "yk")                // polityce, fabryce, praktyce → -yk
        add("ce", 3, .ceToK, repl: "k")          // paczce, przesylce, pralce, lodowce, drukarce → -k
        add("udze", 2, repl: "ug")               // obsludze, usludze → obslug, uslug
        add("odze", 2, .notAfterH, repl: "og")   // drodze, podlodze → drog, podlog
        // Virile plural of -ony participles: zadowoleni, zaskoczeni, uszkodzeni, zachwyceni, zdziwieni, spoznieni
        // → zadowolon, zaskoczon, ... (same stem as zadowolony). Narrow contexts only (kieszeni, przestrzeni stay).
        for (s, r) in [("oleni", "olon"), ("czeni", "czon"), ("dzeni", "dzon"), ("ceni", "con"), ("wieni", "wion"),
                       ("nieni", "nion")] { add(s, 4, repl: r) }
        for e in ["l", "la", "lo", "li", "ly", "lam", "las", "lem", "les", "lismy", "lysmy", "liscie", "lyscie"] {
            // przyszedl / przyszla / poszli / wyszlam ... → przysz, posz, wysz
            if e == "l" || e == "lem" || e == "les" { add("szed" + e, 2, repl: "sz") } else { add("sz" + e, 2, repl: "sz") }
        }

        // Past tense, conditional, and adjectives in -aly/-ily/-yly (same letters).
        let pastEnds = ["l", "la", "lo", "li", "ly", "lem", "lam", "les", "las", "lismy", "lysmy", "liscie", "lyscie",
                        "lbym", "labym", "lbys", "labys", "lby", "laby", "loby", "liby", "lyby", "libysmy", "lybysmy",
                        "le", "lego", "lej", "lemu", "lym", "lych", "lymi"]
        // "u": zepsul, zepsula, czulem (-uć verbs); "ywa"/"iwa": otrzymywal, odzyskiwala (-ywać/-iwać verbs)
        for v in ["owa", "ywa", "iwa", "ia", "a", "i", "y", "u"] {
            for e in pastEnds { add(v + e) }
        }
        // Past tense of -ieć (chcieli, widzieli) and -nąć/-jąć/-cząć (zginela, przyjela, zaczela).
        let ePast = ["la", "lo", "li", "ly", "lam", "las", "lismy", "lysmy", "liscie", "lyscie", "labym", "laby",
                     "loby", "liby", "lyby"]
        for e in ePast { add("ie" + e) }
        for e in ePast { add("e" + e, 3, .afterNJZ) }

        // Infinitives.
        for s in ["owac", "ywac", "iwac", "iac", "iec", "ac", "ic", "yc", "ec", "uc"] { add(s) }

        // -aj- stems: imperative czekaj, present dostaje/dostajesz, participles czekajacy, and nouns rodzaj/kraj
        // (the whole "aj"+ending is removed, consistently for every form).
        for e in ["", "a", "e", "u", "em", "ow", "om", "ami", "ach", "owi", "cie", "my", "ac", "acy", "aca", "ace",
                  "acego", "acej", "acym", "acych", "acymi", "esz", "emy", "ecie"] { add("aj" + e) }
        // -owac verbs, present: reklamuje, reklamujesz, reklamuja, reklamujacy.
        for e in ["e", "esz", "emy", "ecie", "a", "", "ac", "acy", "aca", "ace", "acego", "acej", "acym", "acych",
                  "acymi", "cie", "my"] { add("uj" + e) }

        // Present tense (conjugations -am, -e, -i/-y).
        for s in ["iam", "iasz", "iamy", "am", "asz", "amy", "esz", "emy", "iesz", "iemy", "isz", "imy", "ysz", "ymy"] {
            add(s)
        }

        // Comparatives: wygodniejszy, tansze (only the safe -ejsz- form).
        for p in ["iejsz", "ejsz"] {
            for e in ["y", "a", "e", "ego", "emu", "ej", "ym", "ymi", "ych", "i"] { add(p + e) }
        }
        add("iejsi"); add("ejsi")

        // Adjective endings (hard and soft/velar "i-" variants).
        for s in ["iego", "iemu", "iej", "ego", "emu", "ej", "ymi", "ych", "ym", "imi", "ich", "im"] { add(s) }

        // Noun endings.
        add("owi", 4, .owBlock)
        add("ow", 3, .owBlock)
        for s in ["iami", "iach", "iem", "iom", "ami", "ach", "em", "om", "ii", "ia", "ie", "iu", "io",
                  "a", "e", "i", "y", "u", "o"] { add(s) }

        var byLast = [[PLRule]](repeating: [], count: 26)
        for r in rules {
            guard let last = r.suffix.last else { continue }
            byLast[Int(last) - 97].append(r)
        }
        for i in 0..<26 {
            // Stable: longest first; for equal length keep insertion order (alternation rules were added first).
            byLast[i] = byLast[i].enumerated().sorted { l, r in
                l.element.suffix.count != r.element.suffix.count
                    ? l.element.suffix.count > r.element.suffix.count : l.offset < r.offset
            }.map { $0.element }
        }
        return byLast
    }

    static func isVowel(_ c: UInt8) -> Bool {
        switch c {
        case UInt8(ascii: "a"), UInt8(ascii: "e"), UInt8(ascii: "i"), UInt8(ascii: "o"), UInt8(ascii: "u"),
             UInt8(ascii: "y"): return true
        default: return false
        }
    }

    /// Does `rule` (whose suffix already matched) apply, given the remaining stem w[0..<stemLen]?
    static func condHolds(_ cond: PLCond, _ w: [UInt8], _ stemLen: Int) -> Bool {
        let p = w[stemLen - 1]
        let pp: UInt8 = stemLen >= 2 ? w[stemLen - 2] : 0
        switch cond {
        case .none:
            return true
        case .owBlock:
            if p == UInt8(ascii: "m") {
                switch pp {
                case UInt8(ascii: "a"), UInt8(ascii: "u"), UInt8(ascii: "y"), UInt8(ascii: "z"), UInt8(ascii: "d"),
                     UInt8(ascii: "e"), UInt8(ascii: "i"): return false
                default: return true
                }
            }
            return true
        case .afterNJZ:
            return p == UInt8(ascii: "n") || p == UInt8(ascii: "j") || p == UInt8(ascii: "z")
        case .notAfterH:
            return p != UInt8(ascii: "h")
        case .ceToK:
            switch p {
            case UInt8(ascii: "a"), UInt8(ascii: "o"), UInt8(ascii: "u"), UInt8(ascii: "i"), UInt8(ascii: "y"),
                 UInt8(ascii: "s"):
                // miesiace, pomoce, ulice, miejsce: the c is a real c
                return false
            case UInt8(ascii: "r"):
                // drukarce, ladowarce, usterce, komorce → -rk; odbiorce, (wy)tworce, serce keep c
                let ppp: UInt8 = stemLen >= 3 ? w[stemLen - 3] : 0
                if pp == UInt8(ascii: "o") && (ppp == UInt8(ascii: "i") || ppp == UInt8(ascii: "w")) { return false }
                if pp == UInt8(ascii: "e") && ppp == UInt8(ascii: "s") { return false }
                return true
            case UInt8(ascii: "w"):
                // sprzedawce, dostawce, nadawce, wykonawce (-dawca/-stawca/-nawca agents) keep c;
                // lodowce, sluchawce, zabawce → -wk
                let ppp: UInt8 = stemLen >= 3 ? w[stemLen - 3] : 0
                return !(pp == UInt8(ascii: "a")
                         && (ppp == UInt8(ascii: "d") || ppp == UInt8(ascii: "t") || ppp == UInt8(ascii: "n")))
            default:
                return true
            }
        }
    }

    /// Removes at most one suffix (longest applicable rule).
    static func stripSuffix(_ w: inout [UInt8]) {
        let n = w.count
        guard let last = w.last, last >= 97, last <= 122 else { return }
        for rule in rulesByLast[Int(last) - 97] {
            let sl = rule.suffix.count
            if sl >= n { continue }
            let stemLen = n - sl
            if stemLen < rule.minStem { continue }
            var match = true
            var i = sl - 1
            while i >= 0 {
                if w[stemLen + i] != rule.suffix[i] { match = false; break }
                i -= 1
            }
            if !match || !condHolds(rule.cond, w, stemLen) { continue }
            w.removeLast(sl)
            w.append(contentsOf: rule.repl)
            return
        }
    }

    /// Stem-final normalisation, applied to every stem.
    static func normalize(_ w: inout [UInt8]) {
        let n = w.count
        if n >= 3 {
            let l = w[n - 1], p = w[n - 2]
            if n >= 4 && l == UInt8(ascii: "z") && (p == UInt8(ascii: "r") || p == UInt8(ascii: "d")) {
                w.removeLast()                      // towarz → towar, skladz → sklad
            } else if l == UInt8(ascii: "c") {
                w[n - 1] = UInt8(ascii: "t")        // zwroc → zwrot, klienc → klient, platnosc → platnost
            }
        }
        let m = w.count
        if m >= 5 {
            let l = w[m - 1]
            if (l == UInt8(ascii: "k") || l == UInt8(ascii: "l")) && w[m - 2] == UInt8(ascii: "e")
                && !isVowel(w[m - 3]) {
                w.remove(at: m - 2)                 // paczek → paczk, rachunek → rachunk, kabel → kabl
            }
        }
    }

    // MARK: Protected stems

    /// Noun endings allowed after a protected stem.
    static let protectedEndings: [[UInt8]] = ["owi", "ach", "ami", "em", "ow", "om", "ie", "a", "u", "e", "y", "i", ""]
        .map { Array($0.utf8) }

    /// Stem tails that look like inflections but are not: kept as they are (or mapped to the given stem).
    static let protectedTails: [[PLTail]] = {
        let list: [(String, String)] = [
            // -al / -il / -yl nouns (past-tense look-alikes)
            ("material", "material"), ("dzial", "dzial"), ("portal", "portal"), ("kanal", "kanal"),
            ("sygnal", "sygnal"), ("lokal", "lokal"), ("kapital", "kapital"), ("szpital", "szpital"),
            ("medal", "medal"), ("regal", "regal"), ("final", "final"), ("festiwal", "festiwal"),
            ("skandal", "skandal"), ("potencjal", "potencjal"), ("terminal", "terminal"), ("metal", "metal"),
            ("tutorial", "tutorial"), ("kwartal", "kwartal"), ("serial", "serial"), ("detal", "detal"),
            ("krysztal", "krysztal"), ("upal", "upal"), ("profil", "profil"), ("styl", "styl"),
            ("mail", "mail"), ("artykul", "artykul"), ("tytul", "tytul"), ("modul", "modul"), ("yciel", "yciel"), ("iciel", "iciel"), ("aciel", "aciel"), ("niedziel", "niedziel"), ("kapiel", "kapiel"),
            // -em / -am / -ach nouns (instrumental / present / locative look-alikes)
            ("problem", "problem"), ("system", "system"), ("gram", "gram"), ("modem", "modem"),
            ("reklam", "reklam"), ("zapach", "zapach"), ("strach", "strach"),
            // stems with vowel alternation
            ("miesiac", "miesiac"), ("miesiec", "miesiac"), ("tysiac", "tysiac"), ("tysiec", "tysiac"),
            ("pieniadz", "pieniadz"), ("pieniedz", "pieniadz"),
            ("koniec", "koniec"), ("konc", "koniec"),          // koniec/konca/koncu (but koncie = konto, below)
        ]
        var byLast = [[PLTail]](repeating: [], count: 26)
        for (t, o) in list {
            let tb = Array(t.utf8)
            byLast[Int(tb.last!) - 97].append(PLTail(tail: tb, out: Array(o.utf8)))
        }
        return byLast
    }()

    static let koncTail: [UInt8] = Array("konc".utf8)

    static func protectedStem(_ w: [UInt8]) -> [UInt8]? {
        let n = w.count
        for e in protectedEndings {
            let coreLen = n - e.count
            if coreLen < 3 { continue }
            var ok = true
            for (i, b) in e.enumerated() where w[coreLen + i] != b { ok = false; break }
            if !ok { continue }
            let lastCore = w[coreLen - 1]
            for t in protectedTails[Int(lastCore) - 97] {
                let tl = t.tail.count
                if tl > coreLen { continue }
                var hit = true
                var i = 0
                while i < tl {
                    if w[coreLen - tl + i] != t.tail[i] { hit = false; break }
                    i += 1
                }
                if hit {
                    // "koncie" is the locative of "konto", not a form of "koniec"
                    if e.count == 2 && e[0] == UInt8(ascii: "i") && t.tail == PLTables.koncTail { continue }
                    return Array(w[0..<(coreLen - tl)]) + t.out
                }
            }
        }
        return nil
    }

    // MARK: Irregulars

    static let exact: [String: String] = {
        var d: [String: String] = [:]
        for f in ["zly", "zla", "zle", "zlo", "zli", "zlego", "zlej", "zlemu", "zlym", "zlych", "zlymi"] { d[f] = "zl" }   // zly (bad): stem "zl"
        d["tydzien"] = "tygodn"                                                       // tygodnia, tygodni ...
        d["lepiej"] = "lepsz"
        d["gorzej"] = "gorsz"
        return d
    }()
}

/// Common Polish function words, ASCII-folded (ą→a ... ż→z), for search / keyword extraction.
///
/// Deliberately NOT included, because sentiment analysis needs them: the negations and negative-polarity words
/// "nie", "ani", "bez", "nic", "nikt", "nigdy", "zaden"/"zadna"/"zadne", "brak", and the intensifiers "bardzo",
/// "zbyt", "troche". Note that folding merges "że" (that) with "ze" (with) and "są" with "sa"; both are stop words.
public enum PolishStopWords {
    public static let words: Set<String> = [
        // conjunctions / particles
        "a", "aby", "albo", "ale", "alez", "az", "bo", "bowiem", "by", "czy", "czyli", "gdy", "gdyz", "i", "jednak",
        "jesli", "jezeli", "lecz", "lub", "natomiast", "niech", "oraz", "poniewaz", "wiec", "zas", "ze", "zeby", "tez",
        "takze", "rowniez", "tylko", "juz", "jeszcze", "nawet", "wlasnie", "czyz", "li", "no", "to", "tak",
        // prepositions
        "do", "dla", "na", "nad", "o", "od", "po", "pod", "przed", "przez", "przy", "u", "w", "we", "z", "za", "ku",
        "ode", "spod", "znad", "zza", "wsrod", "miedzy", "oprocz", "okolo", "wobec", "podczas", "dzieki",
        // pronouns
        "ja", "ty", "on", "ona", "ono", "my", "wy", "oni", "one", "mnie", "mi", "mna", "ciebie", "cie", "ci", "tobie",
        "toba", "jego", "go", "niego", "jemu", "mu", "niemu", "jej", "niej", "nia", "ja", "nim", "nami", "nas", "nam",
        "was", "wam", "wami", "ich", "nich", "im", "nimi", "sie", "siebie", "sobie", "soba",
        "moj", "moja", "moje", "moi", "mojego", "mojej", "moim", "moich", "twoj", "twoja", "twoje", "nasz", "nasza",
        "nasze", "naszego", "naszej", "naszym", "naszych", "wasz", "wasza", "wasze", "swoj", "swoja", "swoje",
        "swojego", "swojej", "swoim", "swoich",
        "ten", "ta", "te", "tego", "tej", "temu", "tym", "tych", "tymi", "tamten", "tamta", "tamto",
        "ktory", "ktora", "ktore", "ktorego", "ktorej", "ktoremu", "ktorym", "ktorych", "ktorzy", "kto", "co", "czego",
        "czym", "komu", "kogo", "ktos", "cos", "jaki", "jaka", "jakie", "jakis", "jakas", "jakies", "taki", "taka",
        "takie", "sam", "sama", "samo",
        // adverbs of place / time / manner
        "gdzie", "kiedy", "jak", "jako", "tam", "tu", "tutaj", "teraz", "wtedy", "potem", "zawsze", "czasem", "tez",
        // forms of "byc" (to be) and "miec" (to have), modal-ish
        "jest", "sa", "jestem", "jestes", "jestesmy", "jestescie", "byc", "byl", "byla", "bylo", "byli", "byly",
        "bylem", "bylam", "bede", "bedzie", "beda", "bedziemy", "bym", "bys", "byloby", "mam", "ma", "maja", "mamy",
        "moze", "mozna",
    ]
}
