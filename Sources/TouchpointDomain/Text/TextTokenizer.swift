import Foundation

/// One piece of a text as the analysers see it.
public struct TextToken: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        /// Letters and digits, with inner apostrophes and hyphens ("don't", "e-mail", "по-моему").
        case word
        /// A pictograph or an emoticon (":)", "xD", "<3").
        case emoji
        /// Punctuation that ends a clause: negation and intensifiers do not reach across it.
        case boundary
    }

    public var kind: Kind
    /// The token as written.
    public var text: String
    /// Lower-cased and folded (`TextFolding`); for a boundary, the mark itself.
    public var folded: String
}

/// Splits customer text into words, emoji and clause boundaries in one pass over its scalars.
public enum TextTokenizer {
    /// Emoticons recognised as emoji, longest first so ":-)" wins over ":-".
    static let emoticons: [String] = [
        ":-)))", ":)))", ":-))", ":))", ":-((", ":((", ":'(", ":-)", ":-(", ":-D", ":-P", ":-p", ":-/", ":-|", ";-)",
        ":)", ":(", ":D", ":P", ":p", ":/", ":|", ";)", ";(", "=)", "=(", "<3", "xD", "XD", "xd", "^^", "^_^",
    ]

    public static func tokens(_ text: String) -> [TextToken] {
        var tokens = [TextToken]()
        let scalars = Array(text.unicodeScalars)
        var index = 0
        var word = String.UnicodeScalarView()
        var folded = String.UnicodeScalarView()

        func flushWord() {
            guard !word.isEmpty else { return }
            // Trailing apostrophes and hyphens belong to the punctuation, not the word.
            while let last = word.last, last == "'" || last == "-" || last == "’" {
                word.removeLast(); folded.removeLast()
            }
            if !word.isEmpty { tokens.append(TextToken(kind: .word, text: String(word), folded: String(folded))) }
            word = String.UnicodeScalarView(); folded = String.UnicodeScalarView()
        }

        while index < scalars.count {
            let scalar = scalars[index]
            if word.isEmpty, let end = linkEnd(at: index, in: scalars) {
                // A link is neither words nor emoticons ("https://" holds ":/").
                index = end
                continue
            }
            if isWordScalar(scalar) {
                // "xD" is a laugh, not a word, when it stands alone.
                if word.isEmpty, let emoticon = emoticon(at: index, in: scalars), emoticon.hasPrefix("x") || emoticon.hasPrefix("X") {
                    tokens.append(TextToken(kind: .emoji, text: emoticon, folded: emoticon.lowercased()))
                    index += emoticon.unicodeScalars.count
                    continue
                }
                word.append(scalar)
                TextFolding.appendFolded(scalar, to: &folded)
                index += 1
                continue
            }
            if (scalar == "'" || scalar == "’" || scalar == "-"), !word.isEmpty, index + 1 < scalars.count, isWordScalar(scalars[index + 1]) {
                word.append(scalar == "’" ? "'" : scalar)
                folded.append(scalar == "’" ? "'" : scalar)
                index += 1
                continue
            }
            flushWord()
            if let emoticon = emoticon(at: index, in: scalars) {
                tokens.append(TextToken(kind: .emoji, text: emoticon, folded: emoticon.lowercased()))
                index += emoticon.unicodeScalars.count
                continue
            }
            if isPictograph(scalar) {
                // Keep a pictograph with its modifiers (skin tone, variation selector, joiners) as one emoji.
                var emoji = String.UnicodeScalarView([scalar])
                var next = index + 1
                while next < scalars.count, isEmojiModifier(scalars[next]) || (scalars[next].value == 0x200D && next + 1 < scalars.count) {
                    emoji.append(scalars[next])
                    if scalars[next].value == 0x200D { emoji.append(scalars[next + 1]); next += 1 }
                    next += 1
                }
                tokens.append(TextToken(kind: .emoji, text: String(emoji), folded: String(scalar)))
                index = next
                continue
            }
            if clauseEnds.contains(scalar) {
                tokens.append(TextToken(kind: .boundary, text: String(scalar), folded: String(scalar)))
            }
            index += 1
        }
        flushWord()
        return tokens
    }

    /// Words only, folded: what search indexes and detection counts.
    public static func foldedWords(_ text: String) -> [String] {
        tokens(text).compactMap { $0.kind == .word ? $0.folded : nil }
    }

    static let clauseEnds: Set<Unicode.Scalar> = [".", "!", "?", ";", ",", ":", "…", "(", ")", "\n", "—", "–"]

    @inline(__always)
    static func isWordScalar(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if value < 0x80 {
            return (value >= 0x30 && value <= 0x39) || (value >= 0x41 && value <= 0x5A) || (value >= 0x61 && value <= 0x7A)
        }
        return scalar.properties.isAlphabetic
    }

    /// Where a link starting here ends (the next whitespace), or nil when no link starts here.
    static func linkEnd(at index: Int, in scalars: [Unicode.Scalar]) -> Int? {
        let first = scalars[index]
        guard first == "h" || first == "H" || first == "w" || first == "W" else { return nil }
        let prefixes = ["https://", "http://", "www."]
        let matched = prefixes.contains { prefix in
            let candidate = Array(prefix.unicodeScalars)
            guard index + candidate.count <= scalars.count else { return false }
            return zip(candidate, scalars[index...]).allSatisfy { $0 == Unicode.Scalar(String($1).lowercased())! }
        }
        guard matched else { return nil }
        var end = index
        while end < scalars.count, !scalars[end].properties.isWhitespace { end += 1 }
        return end
    }

    static func isPictograph(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value >= 0x2190 && scalar.properties.isEmoji && scalar.value != 0x200D
    }

    static func isEmojiModifier(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value == 0xFE0F || scalar.properties.isEmojiModifier
    }

    static func emoticon(at index: Int, in scalars: [Unicode.Scalar]) -> String? {
        let first = scalars[index]
        guard first == ":" || first == ";" || first == "=" || first == "<" || first == "x" || first == "X" || first == "^" else { return nil }
        for emoticon in emoticons {
            let candidate = Array(emoticon.unicodeScalars)
            guard index + candidate.count <= scalars.count else { continue }
            if zip(candidate, scalars[index...]).allSatisfy({ $0 == $1 }) {
                // An emoticon must stand on its own: "xDDD" yes, "xDrive" no.
                let after = index + candidate.count
                if after < scalars.count, isWordScalar(scalars[after]), scalars[after] != "D", scalars[after] != "d" { continue }
                if index > 0, isWordScalar(scalars[index - 1]), first == "x" || first == "X" { continue }
                return emoticon
            }
        }
        return nil
    }
}
