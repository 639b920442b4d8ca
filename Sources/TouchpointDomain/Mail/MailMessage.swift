import Foundation

/// A plain e-mail address, `local@domain`, as SMTP's `MAIL FROM:<…>` and `RCPT TO:<…>` carry it.
///
/// Only the everyday form is accepted: a dot-atom local part (letters, digits and ``!#$%&'*+-/=?^_`{|}~``, dots
/// between them) and a dotted host name. No quoted local parts, address literals, display names or non-ASCII
/// (the client does not negotiate SMTPUTF8). Above all no space, CR, LF or angle bracket: an address goes into
/// headers and SMTP commands as it is, and a line break in one would let its author add headers or commands.
public struct MailAddress: Sendable, Hashable, CustomStringConvertible {
    /// The address with its domain in lower case (domains are case-insensitive, local parts in principle are not).
    public let address: String

    public init?(_ text: String) {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, text.utf8.count <= 254 else { return nil }
        let localPart = String(parts[0])
        let domain = parts[1].lowercased()
        guard Self.isDotAtom(localPart), localPart.utf8.count <= 64, Self.isHostName(domain) else { return nil }
        address = localPart + "@" + domain
    }

    public var localPart: String { String(address[..<address.lastIndex(of: "@")!]) }
    public var domain: String { String(address[address.index(after: address.lastIndex(of: "@")!)...]) }
    public var description: String { address }

    private static let atomSymbols = Set("!#$%&'*+-/=?^_`{|}~".utf8)

    private static func isDotAtom(_ text: String) -> Bool {
        let atoms = text.utf8.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        return atoms.allSatisfy { atom in
            !atom.isEmpty && atom.allSatisfy { isASCIILetterOrDigit($0) || atomSymbols.contains($0) }
        }
    }

    /// A dotted DNS name: at least two labels of letters, digits and inner hyphens. A dotless domain is, for a
    /// customer's address, always a typo.
    static func isHostName(_ text: String) -> Bool {
        let labels = text.utf8.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        guard labels.count >= 2, text.utf8.count <= 253 else { return false }
        return labels.allSatisfy { label in
            (1...63).contains(label.count) && label.first != UInt8(ascii: "-") && label.last != UInt8(ascii: "-")
                && label.allSatisfy { isASCIILetterOrDigit($0) || $0 == UInt8(ascii: "-") }
        }
    }

    private static func isASCIILetterOrDigit(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
            || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }
}

/// One e-mail as the outbox sends it: a plain-text body, optionally with an HTML alternative, rendered as an
/// RFC 5322 / MIME message that any SMTP server accepts (7-bit clean: bodies in base64, non-ASCII headers as
/// RFC 2047 encoded words).
public struct MailMessage: Sendable, Equatable {
    public var from: MailAddress
    /// The sender's display name ("Elektro Świat"), or nil for the bare address.
    public var fromName: String?
    public var to: [MailAddress]
    public var subject: String
    public var text: String
    /// An HTML rendering of `text`; with one the message is multipart/alternative.
    public var html: String?
    /// The Message-ID without angle brackets (`case-42.7@example.com`); replies to it come back with it in
    /// In-Reply-To, which is how an answer finds its case.
    public var messageID: String
    /// The Message-ID (without angle brackets) this message answers; also sent as References.
    public var inReplyTo: String?
    /// More headers (`Auto-Submitted`, `X-Touchpoint-Case`). Names that are not valid header names, and the
    /// headers this type writes itself, are left out.
    public var extraHeaders: [String: String]

    public init(from: MailAddress, fromName: String? = nil, to: [MailAddress], subject: String, text: String,
                html: String? = nil, messageID: String, inReplyTo: String? = nil, extraHeaders: [String: String] = [:]) {
        self.from = from
        self.fromName = fromName
        self.to = to
        self.subject = subject
        self.text = text
        self.html = html
        self.messageID = messageID
        self.inReplyTo = inReplyTo
        self.extraHeaders = extraHeaders
    }

    /// A fresh, globally unique Message-ID in the sender's domain.
    public static func newMessageID(from sender: MailAddress) -> String {
        "\(UUID().uuidString.lowercased())@\(sender.domain)"
    }

    /// The message as SMTP's DATA carries it (before dot-stuffing): headers, a blank line and the body, every line
    /// ended by CRLF, the last one too.
    public func rendered(date: Date) -> String {
        var lines: [String] = []
        lines.append("Date: " + Self.rfc5322Date(date))
        lines.append(Self.fromHeader(address: from, name: fromName))
        lines.append(Self.addressListHeader(name: "To", addresses: to))
        lines.append(Self.unstructuredHeader(name: "Subject", value: subject))
        lines.append("Message-ID: " + Self.angleBracketed(messageID))
        if let inReplyTo, !Self.bareMessageID(inReplyTo).isEmpty {
            lines.append("In-Reply-To: " + Self.angleBracketed(inReplyTo))
            lines.append("References: " + Self.angleBracketed(inReplyTo))
        }
        lines.append("MIME-Version: 1.0")
        for (name, value) in extraHeaders.sorted(by: { $0.key < $1.key }) where Self.isAllowedExtraHeaderName(name) {
            lines.append(Self.unstructuredHeader(name: name, value: value))
        }
        if let html {
            let boundary = Self.boundary(for: messageID)
            lines.append("Content-Type: multipart/alternative; boundary=\"\(boundary)\"")
            lines.append("")
            lines.append("--" + boundary)
            lines.append(contentsOf: Self.base64Part(text, mediaType: "text/plain"))
            lines.append("--" + boundary)
            lines.append(contentsOf: Self.base64Part(html, mediaType: "text/html"))
            lines.append("--" + boundary + "--")
        } else {
            lines.append(contentsOf: Self.base64Part(text, mediaType: "text/plain"))
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    /// SMTP ends DATA at a line holding a single dot, so every line that starts with a dot gets one more
    /// (RFC 5321 §4.5.2); the server takes it off again.
    public static func dotStuffed(_ rendered: String) -> String {
        var stuffed = String.UnicodeScalarView()
        var atLineStart = true
        // Unicode scalars, not Characters: "\r\n" is one Character, and a line starts after the "\n".
        for scalar in rendered.unicodeScalars {
            if atLineStart && scalar == "." { stuffed.append(".") }
            stuffed.append(scalar)
            atLineStart = scalar == "\n"
        }
        return String(stuffed)
    }

    // MARK: Headers

    /// The headers `rendered` writes itself; an extra header must not duplicate or contradict them.
    private static let ownHeaderNames: Set<String> = [
        "date", "from", "to", "cc", "bcc", "subject", "message-id", "in-reply-to", "references", "mime-version",
        "content-type", "content-transfer-encoding", "sender", "reply-to",
    ]

    private static func isAllowedExtraHeaderName(_ name: String) -> Bool {
        // RFC 5322 field names: printable ASCII except the colon.
        !name.isEmpty && name.utf8.count <= 76 && !ownHeaderNames.contains(name.lowercased())
            && name.utf8.allSatisfy { (33...126).contains($0) && $0 != UInt8(ascii: ":") }
    }

    /// RFC 5322 §3.3: `Tue, 14 Nov 2023 22:13:20 +0000`, in English whatever the server's locale.
    static func rfc5322Date(_ date: Date) -> String {
        // A formatter a call: DateFormatter is not Sendable, and messages go out a few at a time.
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(secondsFromGMT: 0)
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss '+0000'"
        return formatter.string(from: date)
    }

    /// A header value on one line: CR and LF become spaces (a line break would start a header of the value's
    /// choosing), other control characters go.
    static func singleLine(_ value: String) -> String {
        var cleaned = String.UnicodeScalarView()
        for scalar in value.unicodeScalars {
            switch scalar.value {
            case 10, 13, 9: cleaned.append(" ")
            case 0..<32, 127: continue
            default: cleaned.append(scalar)
            }
        }
        return String(cleaned)
    }

    private static func bareMessageID(_ id: String) -> String {
        String(singleLine(id).unicodeScalars.filter { $0 != "<" && $0 != ">" && $0 != " " })
    }

    private static func angleBracketed(_ id: String) -> String { "<" + bareMessageID(id) + ">" }

    /// Subject and the extra headers: plain when the value is short printable ASCII, otherwise RFC 2047 encoded
    /// words. Also encoded when the text holds "=?", which a reader would otherwise try to decode.
    static func unstructuredHeader(name: String, value: String) -> String {
        let value = singleLine(value)
        let plain = value.utf8.allSatisfy { $0 < 128 } && !value.contains("=?") && name.utf8.count + value.utf8.count < 900
        if plain { return name + ": " + value }
        return name + ": " + encodedWords(value, headerName: name).joined(separator: "\r\n ")
    }

    /// `From: "Name" <address>`: a quoted string for a printable ASCII name, encoded words (the address on a
    /// folded line of its own) otherwise.
    static func fromHeader(address: MailAddress, name: String?) -> String {
        guard let name = name.map(singleLine)?.trimmingCharacters(in: .whitespaces), !name.isEmpty else {
            return "From: " + address.address
        }
        if name.utf8.allSatisfy({ $0 < 128 }) && !name.contains("=?") && name.utf8.count <= 200 {
            let quoted = name.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            return "From: \"\(quoted)\" <\(address.address)>"
        }
        return "From: " + encodedWords(name, headerName: "From").joined(separator: "\r\n ") + "\r\n <\(address.address)>"
    }

    /// `To: a@example.com, b@example.com`, folded before an address that would take the line past 76 characters.
    static func addressListHeader(name: String, addresses: [MailAddress]) -> String {
        var header = name + ":"
        var lineLength = header.utf8.count
        for (index, address) in addresses.enumerated() {
            let separator = index == 0 ? "" : ","
            if index > 0 && lineLength + 2 + address.address.utf8.count > 76 {
                header += separator + "\r\n " + address.address
                lineLength = 1 + address.address.utf8.count
            } else {
                header += separator + " " + address.address
                lineLength += separator.utf8.count + 1 + address.address.utf8.count
            }
        }
        return header
    }

    /// RFC 2047 `=?UTF-8?B?…?=` words for `text`, each small enough that its line stays within 76 characters
    /// (§2), and each holding whole characters (§5: a word must decode on its own), so a decoder joins them back.
    static func encodedWords(_ text: String, headerName: String) -> [String] {
        // The first line also holds "Name: "; continuation lines only a space, so the first line is the tighter.
        let room = 76 - (headerName.utf8.count + 2) - "=?UTF-8?B??=".utf8.count
        let bytesPerWord = max(12, room / 4 * 3)
        var words: [String] = []
        var chunk: [UInt8] = []
        func flush() {
            if !chunk.isEmpty { words.append("=?UTF-8?B?" + Data(chunk).base64EncodedString() + "?=") }
            chunk.removeAll()
        }
        for scalar in text.unicodeScalars {
            let bytes = Array(String(scalar).utf8)
            if chunk.count + bytes.count > bytesPerWord { flush() }
            chunk.append(contentsOf: bytes)
        }
        flush()
        return words.isEmpty ? ["=?UTF-8?B??="] : words
    }

    // MARK: Body

    /// A MIME part's headers, blank line and base64 body (lines of 76, RFC 2045 §6.8). Line breaks are made CRLF
    /// first: text is base64-encoded in its canonical form (§6.8 again), which is what a reader shows.
    private static func base64Part(_ body: String, mediaType: String) -> [String] {
        var lines = ["Content-Type: \(mediaType); charset=UTF-8", "Content-Transfer-Encoding: base64", ""]
        lines.append(contentsOf: base64Lines(Data(canonicalLineBreaks(body).utf8)))
        return lines
    }

    static func base64Lines(_ data: Data) -> [String] {
        let encoded = Array(data.base64EncodedString().utf8)
        return stride(from: 0, to: encoded.count, by: 76).map { start in
            String(decoding: encoded[start..<min(start + 76, encoded.count)], as: UTF8.self)
        }
    }

    /// Every line break — LF, CR or CRLF — as CRLF.
    static func canonicalLineBreaks(_ text: String) -> String {
        var canonical = String.UnicodeScalarView()
        var previousWasCR = false
        for scalar in text.unicodeScalars {
            if previousWasCR && scalar != "\n" { canonical.append("\n") }
            if scalar == "\n" && !previousWasCR { canonical.append("\r") }
            canonical.append(scalar)
            previousWasCR = scalar == "\r"
        }
        if previousWasCR { canonical.append("\n") }
        return String(canonical)
    }

    /// A multipart boundary that looks random but follows from the Message-ID, so rendering is repeatable.
    /// It starts with "=_", which base64 never produces, so no body line can be mistaken for it.
    static func boundary(for messageID: String) -> String {
        func fnv1a(_ seed: UInt64) -> UInt64 {
            messageID.utf8.reduce(seed) { hash, byte in (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        }
        let high = String(fnv1a(0xcbf2_9ce4_8422_2325), radix: 16)
        let low = String(fnv1a(0x84222325_cbf29ce4), radix: 16)
        return "=_touchpoint_" + String(repeating: "0", count: 16 - high.count) + high
            + String(repeating: "0", count: 16 - low.count) + low
    }
}
