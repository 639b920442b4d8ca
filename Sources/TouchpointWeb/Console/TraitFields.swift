import Foundation
import TouchpointDomain

/// A profile's traits as a person reads them: labelled fields, nested objects as "label: value" lines, and lists of
/// objects (products bought, addresses) as a small table — never raw JSON.
struct TraitField: Encodable, Equatable {
    var label: String
    var value: String?
    var columns: [String]?
    var rows: [[String]]?

    static func fields(_ traits: [String: JSONValue], strings: [String: String], format: Formatting? = nil) -> [TraitField] {
        traits.sorted { order($0.key) < order($1.key) || (order($0.key) == order($1.key) && $0.key < $1.key) }.map { key, value in
            let label = strings["trait_" + key.lowercased()] ?? humanized(key)
            if case .array(let items) = value, !items.isEmpty, items.allSatisfy({ $0.objectValue != nil }) {
                let keys = Array(Set(items.compactMap(\.objectValue).flatMap(\.keys)).sorted { columnOrder($0) < columnOrder($1) || (columnOrder($0) == columnOrder($1) && $0 < $1) }.prefix(5))
                return TraitField(label: label, value: nil, columns: keys.map { strings["trait_" + $0.lowercased()] ?? humanized($0) },
                                  rows: items.prefix(20).map { item in keys.map { plain(item[$0] ?? .null) } })
            }
            // A moment sent as ISO-8601 text ("createdAt") reads as a date.
            if let text = value.stringValue, text.count >= 19, text.contains("T"), let format, let date = Timestamps.parse(text) {
                return TraitField(label: label, value: format.dateTime(date), columns: nil, rows: nil)
            }
            return TraitField(label: label, value: plain(value, strings: strings), columns: nil, rows: nil)
        }
    }

    /// A list's columns: what the item is, then how many and for how much, then the rest alphabetically.
    private static func columnOrder(_ key: String) -> Int {
        ["name": 0, "product": 0, "title": 0, "sku": 1, "quantity": 2, "price": 3, "amount": 3, "date": 4][key.lowercased()] ?? 10
    }

    /// Names first, then ways to reach the person, then the rest alphabetically.
    private static func order(_ key: String) -> Int {
        ["name": 0, "firstname": 1, "first_name": 1, "lastname": 2, "last_name": 2, "email": 3, "phone": 4, "company": 5][key.lowercased()] ?? 10
    }

    /// `firstName`, `first_name` → "First name".
    static func humanized(_ key: String) -> String {
        var words = [String]()
        var current = ""
        for character in key {
            if character == "_" || character == "-" || character == " " {
                if !current.isEmpty { words.append(current) }
                current = ""
            } else if character.isUppercase, !current.isEmpty, !(current.last?.isUppercase ?? false) {
                words.append(current)
                current = String(character)
            } else {
                current.append(character)
            }
        }
        if !current.isEmpty { words.append(current) }
        let sentence = words.map { $0.count > 1 && $0 == $0.uppercased() ? $0 : $0.lowercased() }.joined(separator: " ")
        return sentence.prefix(1).uppercased() + sentence.dropFirst()
    }

    static func plain(_ value: JSONValue, strings: [String: String] = [:]) -> String {
        switch value {
        case .null: return "—"
        case .bool(let flag): return flag ? (strings["yes"] ?? "yes") : (strings["no"] ?? "no")
        case .string(let text): return text
        case .number: return JSONCodec.serialize(value)
        case .array(let items): return items.map { plain($0, strings: strings) }.joined(separator: ", ")
        case .object(let fields):
            return fields.sorted { $0.key < $1.key }.map { "\(strings["trait_" + $0.key.lowercased()] ?? humanized($0.key)): \(plain($0.value, strings: strings))" }
                .joined(separator: " · ")
        }
    }
}
