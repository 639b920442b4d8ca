import Foundation

extension TextLanguage {
    /// The stemmer for the language; it expects a folded word (`TextFolding`).
    public var stemmer: any Stemmer {
        switch self {
        case .pl: PolishStemmer()
        case .en: EnglishStemmer()
        case .ru: RussianStemmer()
        }
    }

    /// The folded stem of one word: what search indexes and the lexicons are keyed by.
    public func stem(_ word: String) -> String {
        let folded = TextFolding.fold(word)
        switch self {
        case .pl: return PolishStemmer().stem(folded)
        case .en: return EnglishStemmer().stem(folded)
        case .ru: return RussianStemmer().stem(folded)
        }
    }
}

extension TextLanguage {
    /// The language of a locale code: "pl", "pl-PL", "pl_PL", "EN", "ru-RU".
    public init?(localeCode: String) {
        let prefix = localeCode.prefix { $0 != "-" && $0 != "_" }.lowercased()
        self.init(rawValue: prefix)
    }
}
