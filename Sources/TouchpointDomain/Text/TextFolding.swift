import Foundation

/// Makes words that people write differently compare equal: lower case, Polish letters without their diacritics
/// (phones and hurried customers drop them: "platnosc" is "płatność"), ё as е (Russian print usually drops the dots),
/// and the accents of other Latin letters ("café"). Cyrillic й keeps its breve: it is a different letter, not an accent.
public enum TextFolding {
    /// The folded form of a word or text.
    public static func fold(_ text: String) -> String {
        var scalars = String.UnicodeScalarView()
        scalars.reserveCapacity(text.unicodeScalars.count)
        for scalar in text.unicodeScalars {
            appendFolded(scalar, to: &scalars)
        }
        return String(scalars)
    }

    /// Appends the folded, lower-case form of one scalar.
    @inline(__always)
    static func appendFolded(_ scalar: Unicode.Scalar, to scalars: inout String.UnicodeScalarView) {
        let value = scalar.value
        if value < 0x80 {
            // ASCII: only upper case changes.
            scalars.append(value >= 0x41 && value <= 0x5A ? Unicode.Scalar(value + 0x20)! : scalar)
            return
        }
        if let folded = foldedLetters[value] {
            scalars.append(folded)
            return
        }
        if value >= 0x410 && value <= 0x42F {  // Cyrillic А–Я → а–я
            scalars.append(Unicode.Scalar(value + 0x20)!)
            return
        }
        for lower in scalar.properties.lowercaseMapping.unicodeScalars { scalars.append(lower) }
    }

    /// Letters whose folded form is another letter: Polish diacritics, ё, and the Latin-1 accents customers meet.
    static let foldedLetters: [UInt32: Unicode.Scalar] = {
        var table = [UInt32: Unicode.Scalar]()
        let pairs: [(String, String)] = [
            ("ąĄ", "a"), ("ćĆ", "c"), ("ęĘ", "e"), ("łŁ", "l"), ("ńŃ", "n"), ("óÓ", "o"), ("śŚ", "s"), ("źŹżŻ", "z"),
            ("ёЁ", "е"),
            ("àáâãäåÀÁÂÃÄÅ", "a"), ("çÇčČ", "c"), ("èéêëÈÉÊËěĚ", "e"), ("ìíîïÌÍÎÏ", "i"), ("ñÑňŇ", "n"),
            ("òôõöøÒÔÕÖØ", "o"), ("ùúûüÙÚÛÜůŮ", "u"), ("ýÿÝ", "y"), ("šŠ", "s"), ("žŽ", "z"), ("řŘ", "r"), ("ßẞ", "s"),
        ]
        for (letters, target) in pairs {
            for letter in letters.unicodeScalars { table[letter.value] = target.unicodeScalars.first! }
        }
        return table
    }()
}
