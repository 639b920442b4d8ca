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

    /// The stem of each word token (tokens are already folded); other tokens keep their folded form. Computed once
    /// a text and shared by the sentiment scorer and the topic detector.
    public func stems(of tokens: [TextToken]) -> [String] {
        let stemmer = self.stemmer
        return tokens.map { $0.kind == .word ? stemmer.stem($0.folded) : $0.folded }
    }
}

extension TextLanguage {
    /// The language of a locale code: "pl", "pl-PL", "pl_PL", "EN", "ru-RU".
    public init?(localeCode: String) {
        let prefix = localeCode.prefix { $0 != "-" && $0 != "_" }.lowercased()
        self.init(rawValue: prefix)
    }
}
