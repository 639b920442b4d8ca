import XCTest
@testable import TouchpointDomain

/// Word → stem pairs for the Snowball English (Porter2) and Russian stemmers.
/// Unless marked otherwise, every pair is taken verbatim from the Snowball reference vocabularies
/// (snowball-data: english/voc.txt + output.txt, russian/voc.txt + output.txt). Pairs marked
/// "not in voc" are customer-service words missing from the vocabularies; their stems follow the algorithm.
final class EnglishRussianStemmerTests: XCTestCase {

    private let english = EnglishStemmer()
    private let russian = RussianStemmer()

    func testEnglishReferencePairs() {
        let pairs: [(String, String)] = [
            // customer-service words
            ("refunds", "refund"),          // not in voc
            ("refund", "refund"),
            ("refunded", "refund"),
            ("delivered", "deliv"),
            ("delivery", "deliveri"),
            ("waiting", "wait"),
            ("waited", "wait"),
            ("customers", "custom"),
            ("complaints", "complaint"),
            ("cancelled", "cancel"),
            ("shipping", "ship"),
            ("shipped", "ship"),
            ("charged", "charg"),
            ("expensive", "expens"),
            ("payment", "payment"),
            ("warranty", "warranti"),
            ("guarantee", "guarante"),
            ("quality", "qualiti"),
            ("helpful", "help"),
            ("politeness", "polit"),
            // algorithm corners: exceptions, special regions, -ing / -eed / y handling
            ("skies", "sky"),
            ("news", "news"),
            ("only", "onli"),
            ("early", "earli"),
            ("dying", "die"),
            ("lying", "lie"),
            ("inning", "inning"),
            ("proceed", "proceed"),
            ("succeeded", "succeed"),
            ("generously", "generous"),
            ("university", "universiti"),
            ("communication", "communic"),
            ("hoped", "hope"),
            ("hopping", "hop"),
            ("running", "run"),
            ("happily", "happili"),
            ("national", "nation"),
            ("sensational", "sensat"),
            ("ties", "tie"),
            ("cries", "cri"),
            ("gas", "gas"),
        ]
        for (word, stem) in pairs {
            XCTAssertEqual(english.stem(word), stem, "EN \(word)")
        }
    }

    func testEnglishApostrophesAndShortWords() {
        XCTAssertEqual(english.stem("customer's"), "custom")
        XCTAssertEqual(english.stem("customers'"), "custom")
        XCTAssertEqual(english.stem("is"), "is")
        XCTAssertEqual(english.stem(""), "")
    }

    func testRussianReferencePairs() {
        let pairs: [(String, String)] = [
            // customer-service words
            ("гарантией", "гарант"),        // not in voc
            ("гарантия", "гарант"),         // not in voc
            ("доставка", "доставк"),        // not in voc
            ("доставки", "доставк"),        // not in voc
            ("доставкой", "доставк"),       // not in voc
            ("возврат", "возврат"),
            ("возврата", "возврат"),
            ("возвратить", "возврат"),
            ("оператор", "оператор"),       // not in voc
            ("оператора", "оператор"),      // not in voc
            ("заказ", "заказ"),
            ("заказали", "заказа"),
            ("магазине", "магазин"),
            ("магазинов", "магазин"),
            ("товар", "товар"),
            ("курьера", "курьер"),
            ("качества", "качеств"),
            ("деньги", "деньг"),
            ("ожидание", "ожидан"),
            ("ожидания", "ожидан"),
            ("ждали", "ждал"),
            ("вежливость", "вежлив"),
            ("быстро", "быстр"),
            ("дорогой", "дорог"),
            ("жалобы", "жалоб"),
            ("сломалась", "слома"),
            ("получил", "получ"),
            // algorithm corners: gerund, participle, superlative, нн, derivational, reflexive
            ("прочитав", "прочита"),
            ("бегающих", "бега"),
            ("благороднейший", "благородн"),
            ("длиннейшим", "длин"),
            ("длинные", "длин"),
            ("осторожность", "осторожн"),
            ("смеялся", "смея"),
            ("пишешь", "пишеш"),
            ("жду", "жду"),
        ]
        for (word, stem) in pairs {
            XCTAssertEqual(russian.stem(word), stem, "RU \(word)")
        }
    }

    func testRussianYoIsNormalised() {
        // The caller folds ё→е, but the stemmer copes either way (as the reference algorithm does).
        XCTAssertEqual(russian.stem("ёжик"), "ежик")
        XCTAssertEqual(russian.stem("ежик"), "ежик")
    }

    func testLanguageEnum() {
        XCTAssertEqual(TextLanguage(rawValue: "en"), .en)
        XCTAssertEqual(TextLanguage(rawValue: "ru"), .ru)
    }
}
