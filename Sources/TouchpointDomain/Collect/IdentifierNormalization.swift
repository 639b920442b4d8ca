import Foundation

/// The kind of an identifier: the four built in plus any external id type (`crm_id`, `loyalty_card`…).
public struct IdentifierKind: RawRepresentable, Hashable, Sendable, Codable, Comparable {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    public static let userID = IdentifierKind(rawValue: "user_id")
    public static let anonymousID = IdentifierKind(rawValue: "anonymous_id")
    public static let email = IdentifierKind(rawValue: "email")
    public static let phone = IdentifierKind(rawValue: "phone")

    public static func < (lhs: IdentifierKind, rhs: IdentifierKind) -> Bool { lhs.rawValue < rhs.rawValue }

    /// External id types are lower-cased and limited to letters, digits and `_` so they can prefix a key.
    public static func external(_ type: String) -> IdentifierKind? {
        let cleaned = type.trimmedWhitespace.lowercased()
            .replacingOccurrences(of: " ", with: "_").replacingOccurrences(of: "-", with: "_")
        guard !cleaned.isEmpty, cleaned.count <= 64,
              cleaned.unicodeScalars.allSatisfy({ CharacterSet.alphanumerics.contains($0) || $0 == "_" })
        else { return nil }
        switch cleaned {
        case "userid", "user_id": return .userID
        case "anonymousid", "anonymous_id": return .anonymousID
        case "email", "e_mail", "mail": return .email
        case "phone", "phone_number", "mobile", "msisdn": return .phone
        default: return IdentifierKind(rawValue: cleaned)
        }
    }
}

/// One identifier of a person in normalised form. `key` (`email:ann@example.com`) is how it is stored and looked up.
public struct Identifier: Hashable, Sendable, Codable, Comparable {
    public let kind: IdentifierKind
    public let value: String

    public init(kind: IdentifierKind, value: String) {
        self.kind = kind
        self.value = value
    }

    /// Normalises a raw value for its kind; nil when nothing usable is left (an e-mail without `@`, say).
    public static func normalized(kind: IdentifierKind, raw: String, defaultCallingCode: String = "48") -> Identifier? {
        let trimmed = raw.trimmedWhitespace
        guard !trimmed.isEmpty, trimmed.utf8.count <= 512 else { return nil }
        switch kind {
        case .email:
            return EmailAddress.normalize(trimmed).map { Identifier(kind: .email, value: $0) }
        case .phone:
            return PhoneNumber.normalize(trimmed, defaultCallingCode: defaultCallingCode).map { Identifier(kind: .phone, value: $0) }
        default:
            return Identifier(kind: kind, value: trimmed)
        }
    }

    public var key: String { kind.rawValue + ":" + value }

    /// Parses a `TYPE:VALUE` reference as used in API paths, normalising the value.
    public static func parse(reference: String) -> Identifier? {
        guard let colon = reference.firstIndex(of: ":") else { return nil }
        let type = String(reference[..<colon])
        let value = String(reference[reference.index(after: colon)...])
        guard let kind = IdentifierKind.external(type) else { return nil }
        return normalized(kind: kind, raw: value)
    }

    public static func < (lhs: Identifier, rhs: Identifier) -> Bool { lhs.key < rhs.key }
}

/// E-mail addresses compare case-insensitively; Gmail ignores dots and `+tags` in the local part.
public enum EmailAddress {
    public static func normalize(_ raw: String) -> String? {
        let lowered = raw.lowercased()
        let parts = lowered.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[1].contains("."),
              !parts[1].hasPrefix("."), !parts[1].hasSuffix("."),
              !lowered.contains(where: { $0.isWhitespace })
        else { return nil }
        var local = String(parts[0])
        let domain = String(parts[1])
        if domain == "gmail.com" || domain == "googlemail.com" {
            if let plus = local.firstIndex(of: "+") { local = String(local[..<plus]) }
            local = local.replacingOccurrences(of: ".", with: "")
            guard !local.isEmpty else { return nil }
            return local + "@gmail.com"
        }
        return local + "@" + domain
    }
}

/// Phone numbers in E.164 (`+48601234567`) where the digits allow it.
public enum PhoneNumber {
    /// `defaultCallingCode` is used for national numbers written without a country code.
    public static func normalize(_ raw: String, defaultCallingCode: String) -> String? {
        var text = raw.trimmedWhitespace
        if let extensionMark = text.range(of: "ext", options: .caseInsensitive) { text = String(text[..<extensionMark.lowerBound]) }
        var digits = ""
        var international = false
        for character in text {
            if character == "+" && digits.isEmpty && !international {
                international = true
            } else if let digit = character.wholeNumberValue, character.isASCII {
                digits.append(String(digit))
            } else if " -./()\u{00A0}".contains(character) {
                continue
            } else {
                return nil
            }
        }
        if !international && digits.hasPrefix("00") {
            international = true
            digits.removeFirst(2)
        }
        if !international {
            if digits.hasPrefix(defaultCallingCode) && digits.count > 9 + defaultCallingCode.count - 1 {
                international = true
            } else {
                if digits.hasPrefix("0") { digits.removeFirst() }
                digits = defaultCallingCode + digits
                international = true
            }
        }
        guard (8...15).contains(digits.count), !digits.hasPrefix("0") else { return nil }
        return "+" + digits
    }
}
