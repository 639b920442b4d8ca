import Foundation

/// The Markdown articles are written in, turned into safe HTML for the help centre and the editor's preview, and into
/// plain text for the index, snippets and the assistant.
///
/// The subset Zendesk Guide and Chatwoot editors produce: `#` headings, paragraphs, `-`/`*`/`1.` lists, `>` quotes,
/// fenced code, `---` rules, `**bold**`, `*italic*`, `` `code` ``, `[links](…)` and `![images](…)`. Every character
/// of the text is escaped, raw HTML is shown as text, and a link or image only keeps an `http(s):`, `mailto:` or
/// site-relative address: a `javascript:` link becomes plain text.
public enum Markdown {
    enum Block: Equatable {
        case heading(Int, String)
        case paragraph(String)
        case list(ordered: Bool, start: Int, items: [String])
        case quote(String)
        case code(String)
        case rule
    }

    /// Safe HTML for the article's body.
    public static func html(_ markdown: String) -> String {
        var html = ""
        for block in blocks(markdown) {
            switch block {
            case .heading(let level, let text):
                // The page's title is the h1: article headings start at h2.
                let tag = "h\(min(max(level, 2), 6))"
                html += "<\(tag)>\(inline(text))</\(tag)>\n"
            case .paragraph(let text): html += "<p>\(inline(text))</p>\n"
            case .list(let ordered, let start, let items):
                let open = ordered ? (start == 1 ? "<ol>" : "<ol start=\"\(start)\">") : "<ul>"
                html += open + items.map { "<li>\(inline($0))</li>" }.joined() + (ordered ? "</ol>" : "</ul>") + "\n"
            case .quote(let text): html += "<blockquote><p>\(inline(text))</p></blockquote>\n"
            case .code(let text): html += "<pre><code>\(escape(text))</code></pre>\n"
            case .rule: html += "<hr>\n"
            }
        }
        return html
    }

    /// The text without its markup, one block a line: what is indexed and quoted.
    public static func plainText(_ markdown: String) -> String {
        plainText(blocks(markdown))
    }

    /// The plain text and the opening paragraph, from one reading of the Markdown (what the index keeps).
    public static func plainTextAndLead(_ markdown: String) -> (text: String, lead: String?) {
        let parsed = blocks(markdown)
        var lead: String?
        for block in parsed { if case .paragraph(let text) = block { lead = plainInline(text); break } }
        return (plainText(parsed), lead)
    }

    static func plainText(_ blocks: [Block]) -> String {
        blocks.map { block -> String in
            switch block {
            case .heading(_, let text), .paragraph(let text), .quote(let text): return plainInline(text)
            case .list(_, _, let items): return items.map(plainInline).joined(separator: "\n")
            case .code(let text): return text
            case .rule: return ""
            }
        }.filter { !$0.isEmpty }.joined(separator: "\n")
    }

    /// The first paragraph as plain text: the answer an article opens with.
    public static func lead(_ markdown: String) -> String? {
        for block in blocks(markdown) {
            if case .paragraph(let text) = block { return plainInline(text) }
        }
        return nil
    }

    // MARK: Blocks

    static func blocks(_ markdown: String) -> [Block] {
        var blocks = [Block]()
        var paragraph = [String]()
        var listItems = [String]()
        var listOrdered = false
        var listStart = 1
        var quote = [String]()
        var code: [String]?

        func flush() {
            if !paragraph.isEmpty { blocks.append(.paragraph(paragraph.joined(separator: " "))); paragraph = [] }
            if !listItems.isEmpty { blocks.append(.list(ordered: listOrdered, start: listStart, items: listItems)); listItems = [] }
            if !quote.isEmpty { blocks.append(.quote(quote.joined(separator: " "))); quote = [] }
        }

        for rawLine in markdown.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
            let line = String(rawLine)
            let trimmed = line.trimmedSpaces
            if var lines = code {
                if trimmed.hasPrefix("```") { blocks.append(.code(lines.joined(separator: "\n"))); code = nil } else { lines.append(line); code = lines }
                continue
            }
            if trimmed.hasPrefix("```") { flush(); code = []; continue }
            if trimmed.isEmpty { flush(); continue }
            if let heading = headingLevel(trimmed) {
                flush()
                blocks.append(.heading(heading, trimmed.drop { $0 == "#" }.trimmedSpaces))
                continue
            }
            if trimmed == "---" || trimmed == "***" || trimmed == "___" { flush(); blocks.append(.rule); continue }
            if let item = listItem(trimmed) {
                if !paragraph.isEmpty || !quote.isEmpty || (!listItems.isEmpty && listOrdered != item.ordered) { flush() }
                if listItems.isEmpty { listStart = item.number }
                listOrdered = item.ordered
                listItems.append(item.text)
                continue
            }
            if trimmed.hasPrefix(">") {
                if !paragraph.isEmpty || !listItems.isEmpty { flush() }
                quote.append(trimmed.dropFirst().trimmedSpaces)
                continue
            }
            if !listItems.isEmpty, line.first == " " || line.first == "\t" {
                // A continuation line of the last list item.
                listItems[listItems.count - 1] += " " + trimmed
                continue
            }
            if !listItems.isEmpty || !quote.isEmpty { flush() }
            paragraph.append(trimmed)
        }
        if let lines = code { blocks.append(.code(lines.joined(separator: "\n"))) }
        flush()
        return blocks
    }

    static func headingLevel(_ line: String) -> Int? {
        let hashes = line.prefix { $0 == "#" }.count
        guard hashes >= 1, hashes <= 6, line.dropFirst(hashes).first == " " else { return nil }
        return hashes
    }

    static func listItem(_ line: String) -> (ordered: Bool, number: Int, text: String)? {
        if let first = line.first, "-*+".contains(first), line.dropFirst().first == " " {
            return (false, 1, line.dropFirst(2).trimmedSpaces)
        }
        let digits = line.prefix { $0.isASCII && $0.isNumber }
        if !digits.isEmpty, digits.count <= 3 {
            let rest = line.dropFirst(digits.count)
            if (rest.first == "." || rest.first == ")"), rest.dropFirst().first == " " {
                return (true, Int(digits) ?? 1, rest.dropFirst(2).trimmedSpaces)
            }
        }
        return nil
    }

    // MARK: Inline

    /// Escaped HTML of one block's text with its inline markup.
    static func inline(_ text: String) -> String {
        var output = ""
        let characters = Array(text)
        var index = 0
        var bold = false
        var italic = false
        while index < characters.count {
            let character = characters[index]
            if character == "\\", index + 1 < characters.count, "\\`*_[]()#!>-".contains(characters[index + 1]) {
                output += escape(String(characters[index + 1])); index += 2; continue
            }
            if character == "`", let end = find("`", in: characters, from: index + 1) {
                output += "<code>" + escape(String(characters[(index + 1)..<end])) + "</code>"
                index = end + 1; continue
            }
            if character == "!" || character == "[", let link = parseLink(characters, at: index) {
                if let url = safeURL(link.url) {
                    if link.image {
                        output += "<img src=\"\(escape(url))\" alt=\"\(escape(link.text))\" loading=\"lazy\">"
                    } else {
                        let external = url.hasPrefix("http")
                        output += "<a href=\"\(escape(url))\"\(external ? " rel=\"nofollow noopener\"" : "")>\(inline(link.text))</a>"
                    }
                } else {
                    output += escape(link.text)
                }
                index = link.end; continue
            }
            if character == "*" || character == "_" {
                let double = index + 1 < characters.count && characters[index + 1] == character
                if double {
                    if bold || find(String([character, character]), in: characters, from: index + 2) != nil {
                        output += bold ? "</strong>" : "<strong>"; bold.toggle(); index += 2; continue
                    }
                } else if character == "*" || isBoundary(characters, index) {
                    if italic || find(String(character), in: characters, from: index + 1) != nil {
                        output += italic ? "</em>" : "<em>"; italic.toggle(); index += 1; continue
                    }
                }
            }
            output += escape(String(character))
            index += 1
        }
        if italic { output += "</em>" }
        if bold { output += "</strong>" }
        return output
    }

    /// The text of one block without markup.
    static func plainInline(_ text: String) -> String {
        var output = ""
        let characters = Array(text)
        var index = 0
        while index < characters.count {
            let character = characters[index]
            if character == "!" || character == "[", let link = parseLink(characters, at: index) {
                output += link.image ? "" : link.text
                index = link.end; continue
            }
            if character == "*" || character == "`" || (character == "_" && isBoundary(characters, index)) || character == "\\" {
                index += 1; continue
            }
            output.append(character)
            index += 1
        }
        return output.trimmedSpaces
    }

    static func isBoundary(_ characters: [Character], _ index: Int) -> Bool {
        let before = index > 0 ? characters[index - 1] : " "
        let after = index + 1 < characters.count ? characters[index + 1] : " "
        return !(before.isLetter || before.isNumber) || !(after.isLetter || after.isNumber)
    }

    static func find(_ marker: String, in characters: [Character], from start: Int) -> Int? {
        let pattern = Array(marker)
        guard start <= characters.count - pattern.count else { return nil }
        var index = start
        while index <= characters.count - pattern.count {
            if Array(characters[index..<(index + pattern.count)]) == pattern { return index }
            index += 1
        }
        return nil
    }

    static func parseLink(_ characters: [Character], at start: Int) -> (image: Bool, text: String, url: String, end: Int)? {
        var index = start
        let image = characters[index] == "!"
        if image {
            index += 1
            guard index < characters.count, characters[index] == "[" else { return nil }
        }
        guard let closeText = find("]", in: characters, from: index + 1), closeText + 1 < characters.count, characters[closeText + 1] == "(",
              let closeURL = find(")", in: characters, from: closeText + 2) else { return nil }
        let text = String(characters[(index + 1)..<closeText])
        let url = String(characters[(closeText + 2)..<closeURL]).trimmedSpaces
        return (image, text, url, closeURL + 1)
    }

    /// The address if it is safe to link: http(s), mailto, or on this site.
    public static func safeURL(_ url: String) -> String? {
        let lower = url.lowercased()
        if lower.hasPrefix("https://") || lower.hasPrefix("http://") || lower.hasPrefix("mailto:") { return url }
        if url.hasPrefix("/") && !url.hasPrefix("//") { return url }
        if url.hasPrefix("#") { return url }
        return nil
    }

    /// HTML-escapes text for element content and quoted attributes.
    public static func escape(_ text: String) -> String { HTMLText.escape(text) }
}

extension StringProtocol {
    /// Without the spaces and tabs at either end (Foundation's trimming bridges to NSString: slow on every line).
    var trimmedSpaces: String {
        guard let first = firstIndex(where: { $0 != " " && $0 != "\t" }), let last = lastIndex(where: { $0 != " " && $0 != "\t" }) else { return "" }
        return String(self[first...last])
    }
}
