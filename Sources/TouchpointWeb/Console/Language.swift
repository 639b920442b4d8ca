import Foundation

/// The console's languages: Polish and English first, Russian too.
public enum Language: String, CaseIterable, Sendable, Codable {
    case pl, en, ru

    public var locale: Locale {
        switch self {
        case .pl: return Locale(identifier: "pl_PL")
        case .en: return Locale(identifier: "en_GB")
        case .ru: return Locale(identifier: "ru_RU")
        }
    }

    /// The name of the language in itself, for the switcher.
    public var nativeName: String {
        switch self {
        case .pl: return "Polski"
        case .en: return "English"
        case .ru: return "Русский"
        }
    }

    /// Picks the first supported language of an `Accept-Language` header, by quality; English when none fits.
    public static func preferred(acceptLanguage: String?) -> Language {
        guard let header = acceptLanguage else { return .en }
        let ranked = header.split(separator: ",").enumerated().compactMap { index, part -> (Language, Double, Int)? in
            let pieces = part.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            guard let tag = pieces.first?.lowercased(), let language = Language(rawValue: String(tag.prefix(2))) else { return nil }
            let quality = pieces.dropFirst().first { $0.hasPrefix("q=") }.flatMap { Double($0.dropFirst(2)) } ?? 1
            return (language, quality, index)
        }
        return ranked.sorted { $0.1 != $1.1 ? $0.1 > $1.1 : $0.2 < $1.2 }.first?.0 ?? .en
    }
}
