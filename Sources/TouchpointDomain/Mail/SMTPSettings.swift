import Foundation

/// Where and how Touchpoint sends e-mail, from `TOUCHPOINT_SMTP_URL`:
///
///     smtp://user:pass@mail.example.com:587?from=support@example.com&name=Elektro%20%C5%9Awiat
///
/// - `smtp://` (port 587 unless given) upgrades to TLS with STARTTLS when the server offers it;
///   `?starttls=required` refuses a server that does not, `?starttls=never` never asks (a local relay).
/// - `smtps://` (port 465 unless given) speaks TLS from the first byte.
/// - User and password are percent-decoded (`support%40example.com` for an address as user name).
/// - `?from=` (required) is the sender's address, `?name=` its display name, `?helo=` the name the client greets
///   with (default: the sender's domain), `?insecure=1` accepts any certificate (test servers with self-signed ones).
public struct SMTPSettings: Sendable, Equatable, CustomStringConvertible {
    public enum Security: String, Sendable, Equatable {
        /// No TLS at all (`?starttls=never`).
        case plain
        /// STARTTLS when the server offers it, plain text when it does not (`smtp://`, the default).
        case startTLSIfOffered
        /// STARTTLS or no mail (`?starttls=required`).
        case startTLSRequired
        /// TLS from the first byte (`smtps://`).
        case tls
    }

    public var host: String
    public var port: Int
    public var security: Security
    public var username: String?
    public var password: String?
    public var from: MailAddress
    public var fromName: String?
    public var heloName: String
    /// Accepts any server certificate: only for test servers with self-signed ones.
    public var skipsCertificateVerification: Bool

    public init(host: String, port: Int, security: Security, username: String? = nil, password: String? = nil,
                from: MailAddress, fromName: String? = nil, heloName: String? = nil, skipsCertificateVerification: Bool = false) {
        self.host = host
        self.port = port
        self.security = security
        self.username = username
        self.password = password
        self.from = from
        self.fromName = fromName
        self.heloName = heloName ?? from.domain
        self.skipsCertificateVerification = skipsCertificateVerification
    }

    public init(url: String) throws {
        // The URL holds a password: errors describe the problem, never repeat the URL.
        guard let components = URLComponents(string: url.trimmingCharacters(in: .whitespaces)) else {
            throw SMTPSettingsError.malformedURL
        }
        let scheme = components.scheme?.lowercased()
        guard scheme == "smtp" || scheme == "smtps" else { throw SMTPSettingsError.unsupportedScheme(components.scheme ?? "") }
        guard let host = components.host, !host.isEmpty else { throw SMTPSettingsError.missingHost }

        var options: [String: String] = [:]
        for item in components.queryItems ?? [] {
            guard ["from", "name", "helo", "starttls", "insecure"].contains(item.name) else {
                throw SMTPSettingsError.unknownOption(item.name)
            }
            options[item.name] = item.value ?? ""
        }
        guard let fromText = options["from"], !fromText.isEmpty else { throw SMTPSettingsError.missingFrom }
        guard let from = MailAddress(fromText) else { throw SMTPSettingsError.invalidFrom(fromText) }

        var security: Security = scheme == "smtps" ? .tls : .startTLSIfOffered
        if let startTLS = options["starttls"]?.lowercased() {
            guard scheme == "smtp" else { throw SMTPSettingsError.startTLSWithSMTPS }
            switch startTLS {
            case "never": security = .plain
            case "required": security = .startTLSRequired
            case "auto", "": security = .startTLSIfOffered
            default: throw SMTPSettingsError.invalidOption(name: "starttls", value: startTLS, expected: "never, auto or required")
            }
        }
        var skipsVerification = false
        if let insecure = options["insecure"]?.lowercased() {
            switch insecure {
            case "1", "true", "yes", "": skipsVerification = true
            case "0", "false", "no": skipsVerification = false
            default: throw SMTPSettingsError.invalidOption(name: "insecure", value: insecure, expected: "1 or 0")
            }
        }
        let port = components.port ?? (scheme == "smtps" ? 465 : 587)
        guard (1...65535).contains(port) else { throw SMTPSettingsError.invalidPort(port) }
        if let helo = options["helo"] {
            guard MailAddress.isHostName(helo.lowercased()) else {
                throw SMTPSettingsError.invalidOption(name: "helo", value: helo, expected: "a host name such as mail.example.com")
            }
        }
        let name = options["name"].map(MailMessage.singleLine)?.trimmingCharacters(in: .whitespaces)
        self.init(host: host, port: port, security: security,
                  username: components.user.flatMap { $0.isEmpty ? nil : $0 }, password: components.password,
                  from: from, fromName: name?.isEmpty == false ? name : nil, heloName: options["helo"],
                  skipsCertificateVerification: skipsVerification)
    }

    /// The settings without the password, for logs and error messages.
    public var description: String {
        let user = username.map { "\($0)\(password == nil ? "" : ":***")@" } ?? ""
        return "\(security == .tls ? "smtps" : "smtp")://\(user)\(host):\(port) (\(security.rawValue)) from \(from)"
    }
}

/// `TOUCHPOINT_SMTP_URL` cannot be used; the message says how to fix it.
public enum SMTPSettingsError: Error, Equatable, Sendable, CustomStringConvertible, LocalizedError {
    case malformedURL
    case unsupportedScheme(String)
    case missingHost
    case missingFrom
    case invalidFrom(String)
    case invalidPort(Int)
    case unknownOption(String)
    case invalidOption(name: String, value: String, expected: String)
    case startTLSWithSMTPS

    public var description: String {
        switch self {
        case .malformedURL:
            return "TOUCHPOINT_SMTP_URL is not a URL: write smtp://user:password@host:587?from=address, "
                + "percent-encoding special characters in the user and password (@ as %40, : as %3A, / as %2F)"
        case .unsupportedScheme(let scheme) where scheme.isEmpty:
            return "TOUCHPOINT_SMTP_URL needs a scheme: smtp://host:587?from=address (STARTTLS) or smtps://host:465?from=address (TLS)"
        case .unsupportedScheme(let scheme):
            return "TOUCHPOINT_SMTP_URL starts with '\(scheme)://': use smtp:// (STARTTLS, port 587) or smtps:// (TLS, port 465)"
        case .missingHost:
            return "TOUCHPOINT_SMTP_URL names no server: write smtp://user:password@mail.example.com:587?from=address"
        case .missingFrom:
            return "TOUCHPOINT_SMTP_URL needs ?from=address: the address mail is sent from, e.g. ?from=support@example.com"
        case .invalidFrom(let text):
            return "TOUCHPOINT_SMTP_URL's ?from=\(text) is not a plain e-mail address such as support@example.com"
        case .invalidPort(let port):
            return "TOUCHPOINT_SMTP_URL's port \(port) is out of range: use 587 (STARTTLS), 465 (TLS) or 25"
        case .unknownOption(let name):
            return "TOUCHPOINT_SMTP_URL has an unknown option ?\(name)=: the options are from, name, helo, starttls and insecure"
        case .invalidOption(let name, let value, let expected):
            return "TOUCHPOINT_SMTP_URL's ?\(name)=\(value) is not valid: use \(expected)"
        case .startTLSWithSMTPS:
            return "TOUCHPOINT_SMTP_URL: smtps:// speaks TLS from the start, so ?starttls= does not apply: drop it, or use smtp://"
        }
    }

    public var errorDescription: String? { description }
}
