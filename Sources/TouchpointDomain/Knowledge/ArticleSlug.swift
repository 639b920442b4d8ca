import Foundation

/// URL slugs for help-centre pages: folded Latin letters, Cyrillic transliterated (so a Russian page has a readable,
/// copyable address), words joined by hyphens, at most 80 characters.
public enum ArticleSlug {
    public static func make(_ title: String) -> String {
        var slug = ""
        var pendingHyphen = false
        for scalar in TextFolding.fold(title).unicodeScalars {
            let letters: String?
            if (scalar >= "a" && scalar <= "z") || (scalar >= "0" && scalar <= "9") {
                letters = String(scalar)
            } else {
                letters = cyrillic[scalar]
            }
            if let letters {
                if pendingHyphen && !slug.isEmpty { slug += "-" }
                pendingHyphen = false
                slug += letters
            } else {
                pendingHyphen = true
            }
            if slug.count >= 80 { break }
        }
        return slug.isEmpty ? "article" : slug
    }

    /// Whether a text is a slug this type could have made (what a URL segment must be to be looked up).
    public static func isValid(_ text: String) -> Bool {
        !text.isEmpty && text.count <= 100 && text.unicodeScalars.allSatisfy { ($0 >= "a" && $0 <= "z") || ($0 >= "0" && $0 <= "9") || $0 == "-" }
    }

    static let cyrillic: [Unicode.Scalar: String] = [
        "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ж": "zh", "з": "z", "и": "i", "й": "y", "к": "k",
        "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh",
        "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu", "я": "ya",
    ]
}
