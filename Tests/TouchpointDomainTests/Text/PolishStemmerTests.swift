import XCTest
@testable import TouchpointDomain

/// Conflation tests for `PolishStemmer` (input is lowercased, ASCII-folded Polish: ą→a ... ż→z).
/// The stems are index keys, so the tests check that the forms of one lemma share ONE stem and that some
/// different lemmas do NOT share a stem; a few exact stems are pinned where the value is meaningful.
final class PolishStemmerTests: XCTestCase {

    private let stemmer = PolishStemmer()

    private func assertConflated(_ forms: [String], file: StaticString = #filePath, line: UInt = #line) {
        let stems = forms.map { stemmer.stem($0) }
        XCTAssertEqual(Set(stems).count, 1, "not conflated: \(zip(forms, stems).map { "\($0)→\($1)" })",
                       file: file, line: line)
    }

    func testNounGroupsConflate() {
        assertConflated(["zwrot", "zwroty", "zwrotu", "zwrotow", "zwrotem", "zwrocie", "zwrotami", "zwrotach"])
        assertConflated(["towar", "towaru", "towarow", "towary", "towarze", "towarem"])
        assertConflated(["platnosc", "platnosci", "platnoscia", "platnosciami"])
        assertConflated(["blik", "blikiem", "bliku"])
        assertConflated(["gwarancja", "gwarancji", "gwarancje", "gwarancjami", "gwarancjach"])
        assertConflated(["dostawa", "dostawy", "dostawie", "dostawe", "dostaw", "dostawami"])
        assertConflated(["metoda", "metody", "metod", "metodzie", "metode"])
        assertConflated(["reklamacja", "reklamacji", "reklamacje", "reklamacjami"])
        assertConflated(["paczka", "paczki", "paczce", "paczke", "paczek", "paczkami"])
        assertConflated(["przesylka", "przesylki", "przesylce", "przesylek"])
        assertConflated(["kurier", "kuriera", "kurierem", "kurierze", "kurierzy", "kurierow"])
        assertConflated(["klient", "klienta", "kliencie", "klienci", "klientow"])
        assertConflated(["konsultant", "konsultanta", "konsultancie", "konsultanci", "konsultantami"])
        assertConflated(["pracownik", "pracownika", "pracownicy", "pracownikow"])
        assertConflated(["karta", "karty", "karcie", "karte", "kart"])
        assertConflated(["obsluga", "obslugi", "obsludze", "obsluge"])
        assertConflated(["zamowienie", "zamowienia", "zamowieniu", "zamowieniem", "zamowien", "zamowieniami"])
        assertConflated(["problem", "problemu", "problemy", "problemow", "problemem"])
        assertConflated(["rachunek", "rachunku", "rachunki", "rachunkow"])
        assertConflated(["miesiac", "miesiaca", "miesiacu", "miesiecy"])
    }

    func testAdjectiveGroupsConflate() {
        assertConflated(["dobry", "dobra", "dobre", "dobrego", "dobrej", "dobrym", "dobrych", "dobrzy", "dobrze"])
        assertConflated(["szybki", "szybka", "szybkie", "szybkiego", "szybkich", "szybko"])
        assertConflated(["tani", "tania", "tanie", "taniego", "tanich", "tanio"])
        assertConflated(["uprzejmy", "uprzejma", "uprzejmi", "uprzejmie"])
        assertConflated(["zadowolony", "zadowolona", "zadowolone", "zadowoleni"])
        assertConflated(["wspanialy", "wspaniala", "wspaniale", "wspanialego"])
        assertConflated(["zly", "zla", "zle", "zlego", "zlej"])
    }

    func testVerbGroupsConflate() {
        assertConflated(["czekac", "czekam", "czeka", "czekaja", "czekal", "czekalam", "czekalem", "czekali"])
        assertConflated(["zamowic", "zamowie", "zamowi", "zamowil", "zamowila", "zamowilem", "zamow"])
        assertConflated(["dostarczyc", "dostarczy", "dostarczyl", "dostarczyla", "dostarczyli"])
        assertConflated(["polecac", "polecam", "polecamy", "poleca", "polecaja"])
        assertConflated(["reklamowac", "reklamuje", "reklamuja", "reklamowal", "reklamowalam"])
        assertConflated(["zginac", "zginal", "zginela", "zginie"])
    }

    func testDifferentLemmasDoNotCollide() {
        let pairs: [(String, String)] = [
            ("reklamacja", "reklama"),      // complaint vs advertisement
            ("konto", "koniec"),            // account vs end
            ("dostawa", "dostac"),          // delivery vs to get
            ("karta", "karton"),
            ("zamowienie", "zamowic"),      // verbal noun keeps its own stem
            ("towar", "towarowy"),
            ("cena", "cenny"),
            ("material", "mata"),
            ("problem", "probowac"),
            ("dzwonic", "dzwonek"),
        ]
        for (a, b) in pairs {
            XCTAssertNotEqual(stemmer.stem(a), stemmer.stem(b), "\(a) and \(b) collide on \(stemmer.stem(a))")
        }
    }

    func testPinnedStemsAndEdgeCases() {
        XCTAssertEqual(stemmer.stem("zwrotow"), "zwrot")
        XCTAssertEqual(stemmer.stem("towarow"), "towar")
        XCTAssertEqual(stemmer.stem("reklamacje"), "reklamacj")
        XCTAssertEqual(stemmer.stem("sklepie"), "sklep")
        // short words and non-folded input are returned unchanged
        XCTAssertEqual(stemmer.stem("kod"), "kod")
        XCTAssertEqual(stemmer.stem("nie"), "nie")
        XCTAssertEqual(stemmer.stem("płatności"), "płatności")
        XCTAssertEqual(stemmer.stem(""), "")
    }

    func testStopWordsKeepNegations() {
        for w in ["i", "w", "z", "na", "do", "sie", "jest", "ze", "ktory", "oraz"] {
            XCTAssertTrue(PolishStopWords.words.contains(w), "\(w) should be a stop word")
        }
        for w in ["nie", "ani", "bez", "nic", "nikt", "nigdy", "brak", "bardzo"] {
            XCTAssertFalse(PolishStopWords.words.contains(w), "\(w) must stay (sentiment needs it)")
        }
        for w in PolishStopWords.words {
            XCTAssertTrue(w.unicodeScalars.allSatisfy { $0.value >= 0x61 && $0.value <= 0x7A }, "not folded: \(w)")
        }
    }
}
