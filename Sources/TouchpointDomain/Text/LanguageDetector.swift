import Foundation

/// Tells Polish, Russian and English apart in short customer texts, without a model: the script first (Cyrillic is
/// Russian here), then for Latin text the function words each language cannot do without and the letters and
/// letter pairs only one of them uses. Polish typed without diacritics still has "nie", "sie", "jest", "w" and "sz".
public enum LanguageDetector {
    /// The most likely language, or nil when the text gives nothing to go on ("OK", "👍", "12345").
    public static func detect(_ text: String) -> TextLanguage? {
        detect(text, tokens: TextTokenizer.tokens(text))
    }

    /// The same, reading the words from tokens the caller already has.
    public static func detect(_ text: String, tokens: [TextToken]) -> TextLanguage? {
        var cyrillic = 0, latin = 0, polishLetters = 0
        for scalar in text.unicodeScalars {
            let value = scalar.value
            if value >= 0x400 && value <= 0x4FF { cyrillic += 1 }
            else if (value >= 0x41 && value <= 0x5A) || (value >= 0x61 && value <= 0x7A) { latin += 1 }
            else if polishDiacritics.contains(scalar) { polishLetters += 1; latin += 1 }
        }
        if cyrillic == 0 && latin == 0 { return nil }
        if cyrillic >= latin { return .ru }
        var polish = Double(polishLetters) * 2, english = 0.0
        for token in tokens where token.kind == .word {
            let word = token.folded
            guard word.unicodeScalars.allSatisfy({ $0.value < 0x80 }) else { continue }
            if polishFunctionWords.contains(word) { polish += 2 }
            if englishFunctionWords.contains(word) { english += 2 }
            polish += letterEvidence(word, pairs: polishPairs)
            english += letterEvidence(word, pairs: englishPairs)
        }
        if polish == 0 && english == 0 { return nil }
        return polish >= english ? .pl : .en
    }

    static let polishDiacritics: Set<Unicode.Scalar> = Set("ąćęłńóśźżĄĆĘŁŃÓŚŹŻ".unicodeScalars)

    /// Half a point for each letter pair typical of one language, at most two a word so one long word does not decide.
    static func letterEvidence(_ word: String, pairs: Set<String>) -> Double {
        let letters = Array(word.utf8)
        guard letters.count >= 2 else { return 0 }
        var found = 0.0
        for index in 0..<(letters.count - 1) {
            let pair = String(decoding: letters[index...index + 1], as: UTF8.self)
            if pairs.contains(pair) { found += 0.5; if found >= 1 { break } }
        }
        return found
    }

    static let polishPairs: Set<String> = ["sz", "cz", "rz", "dz", "ie", "ow", "yc", "cj", "wi", "zn", "ki", "ny", "kt", "wy", "ze", "aw", "ej"]
    static let englishPairs: Set<String> = ["th", "wh", "ng", "ou", "ee", "ea", "oo", "ck", "gh", "ay", "ly", "ai", "sh", "ve"]

    /// Words of one language that are rarely words of the other (folded, so "sie" is "się").
    static let polishFunctionWords: Set<String> = [
        "i", "w", "z", "na", "do", "nie", "sie", "jest", "to", "ze", "za", "po", "od", "co", "jak", "ale", "tak", "juz",
        "czy", "o", "dla", "sa", "byl", "byla", "bylo", "mi", "mnie", "moj", "moja", "moje", "bardzo", "jeszcze", "tylko",
        "gdzie", "kiedy", "bo", "ani", "bez", "przez", "tez", "wiec", "ktory", "ktora", "ktore", "jestem", "mam", "ma",
        "dzien", "dobry", "dziekuje", "prosze", "panstwo", "pan", "pani", "nic", "wszystko", "kurier", "paczka", "zamowienie",
        "sklep", "polecam", "super", "dzieki", "nadal", "gdy", "lecz", "jednak", "czemu", "dlaczego", "ile", "moge",
    ]
    static let englishFunctionWords: Set<String> = [
        "the", "a", "an", "and", "or", "is", "are", "was", "were", "be", "been", "it", "its", "i", "my", "me", "you", "your",
        "we", "our", "they", "this", "that", "of", "in", "on", "at", "for", "with", "from", "to", "not", "no", "but", "very",
        "have", "has", "had", "do", "does", "did", "don't", "can", "can't", "will", "would", "what", "when", "where", "why",
        "how", "still", "again", "never", "just", "about", "after", "thanks", "thank", "please", "order", "delivery", "great",
        "good", "bad", "it's", "i'm", "didn't", "isn't", "wasn't", "so", "all", "there", "here", "if", "been", "by",
    ]
}
