import Foundation

/// An article as a Markdown file with front matter: what `touchpoint kb import DIR` reads and `kb export DIR` writes,
/// and how the demo company's help centre ships.
///
/// ```
/// ---
/// translation: returns
/// locale: pl
/// title: Zwrot towaru
/// category: Zwroty i reklamacje
/// tags: [zwrot, odstąpienie od umowy]
/// status: published
/// internal: false
/// ---
/// Body in Markdown…
/// ```
/// `locale` may be left out when the file sits in a folder named after it (`pl/returns.md`); `translation` defaults to the
/// file's name; `status` to published; `internal` to false.
public struct ArticleFile: Sendable, Equatable {
    public var translationKey: String
    public var locale: TextLanguage
    public var slug: String?
    public var status: ArticleStatus
    public var audience: ArticleAudience
    public var content: ArticleContent

    public init(translationKey: String, locale: TextLanguage, slug: String? = nil, status: ArticleStatus, audience: ArticleAudience, content: ArticleContent) {
        self.translationKey = translationKey
        self.locale = locale
        self.slug = slug
        self.status = status
        self.audience = audience
        self.content = content
    }

    /// Reads a file's text. `name` is the file name without `.md`; `folderLocale` the language its folder is named after.
    public static func parse(_ text: String, name: String, folderLocale: TextLanguage?) throws(KnowledgeRuleError) -> ArticleFile {
        let normalized = text.replacingOccurrences(of: "\r\n", with: "\n")
        var fields = [String: String]()
        var body = normalized
        if normalized.hasPrefix("---\n") {
            let rest = normalized.dropFirst(4)
            guard let end = rest.range(of: "\n---\n") ?? rest.range(of: "\n---", options: .anchored.union(.backwards)) else {
                throw KnowledgeRuleError(["\(name): the front matter opened with --- is never closed with ---"])
            }
            for line in rest[rest.startIndex..<end.lowerBound].split(separator: "\n") {
                guard let colon = line.firstIndex(of: ":") else { continue }
                let key = line[line.startIndex..<colon].trimmingCharacters(in: .whitespaces).lowercased()
                fields[key] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            }
            body = String(rest[end.upperBound...])
        }
        var problems = [String]()
        let localeText = fields["locale"].map(unquote)
        let locale = localeText.flatMap(TextLanguage.init(localeCode:)) ?? folderLocale
        if locale == nil { problems.append("\(name): locale: say pl, en or ru (or put the file in a folder named after it)") }
        let status = ArticleStatus(rawValue: fields["status"].map(unquote)?.lowercased() ?? "published")
        if status == nil { problems.append("\(name): status: draft, published or archived, not '\(fields["status"] ?? "")'") }
        let internalFlag = fields["internal"].map(unquote)?.lowercased()
        if let internalFlag, internalFlag != "true", internalFlag != "false" { problems.append("\(name): internal: true or false, not '\(internalFlag)'") }
        let content = ArticleContent(title: fields["title"].map(unquote) ?? "", body: body,
                                     category: fields["category"].map(unquote), tags: fields["tags"].map(list) ?? []).normalized()
        problems += content.problems().map { "\(name): \($0)" }
        guard problems.isEmpty, let locale, let status else { throw KnowledgeRuleError(problems) }
        return ArticleFile(translationKey: fields["translation"].map(unquote) ?? name, locale: locale, slug: fields["slug"].map(unquote),
                           status: status, audience: internalFlag == "true" ? .internal : .public, content: content)
    }

    /// The file's text.
    public func rendered() -> String {
        var lines = ["---", "translation: \(translationKey)", "locale: \(locale.rawValue)", "title: \(quoted(content.title))"]
        if let slug { lines.append("slug: \(slug)") }
        if let category = content.category { lines.append("category: \(quoted(category))") }
        if !content.tags.isEmpty { lines.append("tags: [" + content.tags.map(quoted).joined(separator: ", ") + "]") }
        lines.append("status: \(status.rawValue)")
        lines.append("internal: \(audience == .internal)")
        lines.append("---")
        return lines.joined(separator: "\n") + "\n" + content.body + "\n"
    }

    static func unquote(_ value: String) -> String {
        if value.count >= 2, let first = value.first, first == value.last, first == "\"" || first == "'" {
            return String(value.dropFirst().dropLast())
        }
        return value
    }

    static func list(_ value: String) -> [String] {
        var inner = Substring(value)
        if inner.hasPrefix("["), inner.hasSuffix("]") { inner = inner.dropFirst().dropLast() }
        return inner.split(separator: ",").map { unquote($0.trimmingCharacters(in: .whitespaces)) }.filter { !$0.isEmpty }
    }

    func quoted(_ value: String) -> String {
        value.contains(where: { ",:[]#\"'".contains($0) }) || value.hasPrefix(" ") ? "\"" + value.replacingOccurrences(of: "\"", with: "'") + "\"" : value
    }
}
