import Foundation
import Logging
import NIOCore
import NIOPosix
import NIOSSL
import TouchpointDomain

/// Sends one e-mail a connection over SMTP (RFC 5321): greeting, EHLO, STARTTLS when the settings want it, AUTH
/// when they hold a user name, MAIL FROM, RCPT TO, DATA, QUIT. The outbox sends in small batches, so a connection
/// kept open between messages would save little and need looking after.
public struct SMTPClient: Sendable {
    public let settings: SMTPSettings
    private let eventLoopGroup: any EventLoopGroup
    private let logger: Logger

    static let connectTimeout = TimeAmount.seconds(10)
    /// How long a reply may take. RFC 5321 allows servers minutes for some; 30 s keeps a stuck server from holding
    /// the outbox, which retries later.
    static let replyTimeout = TimeAmount.seconds(30)

    public init(settings: SMTPSettings, eventLoopGroup: any EventLoopGroup, logger: Logger) {
        self.settings = settings
        self.eventLoopGroup = eventLoopGroup
        self.logger = logger
    }

    /// Delivers `message` to the server, or throws an `SMTPError` whose `isPermanent` says whether trying again can
    /// help. Once the server has taken the message (250 after DATA) nothing more is thrown, so a failing QUIT
    /// does not make the outbox send it twice.
    public func send(_ message: MailMessage, date: Date = Date()) async throws {
        let channel: any NIOCore.Channel
        do {
            channel = try await connect()
        } catch {
            throw smtpError(error)
        }
        let conversation = SMTPConversation(channel: channel, settings: settings, logger: logger)
        do {
            try await conversation.deliver(message, date: date)
        } catch {
            channel.close(promise: nil)
            throw smtpError(error)
        }
        logger.info("mail sent", metadata: ["messageID": "\(message.messageID)", "recipients": "\(message.to.count)"])
        _ = try? await conversation.command("QUIT", expecting: [221])
        try? await channel.close().get()
    }

    private func connect() async throws -> any NIOCore.Channel {
        guard let bootstrap = ClientBootstrap(validatingGroup: eventLoopGroup) else {
            throw SMTPError.connection("the SMTP client needs a NIOPosix event loop group")
        }
        let tlsContext = try settings.security == .tls ? Self.makeTLSContext(settings) : nil
        let serverHostname = Self.serverHostname(settings.host)
        return try await bootstrap
            .connectTimeout(Self.connectTimeout)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture(withResultOf: {
                    let pipeline = channel.pipeline.syncOperations
                    if let tlsContext {
                        try pipeline.addHandler(NIOSSLClientHandler(context: tlsContext, serverHostname: serverHostname))
                    }
                    try pipeline.addHandler(ByteToMessageHandler(SMTPReplyDecoder()))
                    try pipeline.addHandler(SMTPReplyHandler())
                })
            }
            .connect(host: settings.host, port: settings.port)
            .get()
    }

    static func makeTLSContext(_ settings: SMTPSettings) throws -> NIOSSLContext {
        var configuration = TLSConfiguration.makeClientConfiguration()
        if settings.skipsCertificateVerification { configuration.certificateVerification = .none }
        do {
            return try NIOSSLContext(configuration: configuration)
        } catch {
            throw SMTPError.connection("TLS could not be set up: \(error)")
        }
    }

    /// The name for SNI and certificate checking. An IP address may not go in SNI (NIOSSL refuses it); without a
    /// name the certificate is checked against the address connected to.
    static func serverHostname(_ host: String) -> String? {
        let isIPAddress = host.contains(":") || host.allSatisfy { $0.isNumber || $0 == "." }
        return isIPAddress ? nil : host
    }

    private func smtpError(_ error: any Error) -> SMTPError {
        if let error = error as? SMTPError { return error }
        if let error = error as? ChannelError, case .connectTimeout = error {
            return .timeout("\(settings.host):\(settings.port) did not answer within 10 s")
        }
        return .connection("\(settings.host):\(settings.port): \(error)")
    }
}

/// Why a message was not sent. The outbox tries again later unless `isPermanent`.
public enum SMTPError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The connection could not be made, broke, or TLS failed.
    case connection(String)
    /// The server said no: `code` is its reply code, `text` its explanation.
    case unexpectedReply(command: String, code: Int, text: String)
    /// The settings want TLS (or credentials, which are not sent in clear text) and the server offers no STARTTLS.
    case startTLSUnavailable
    case timeout(String)

    /// 5xx replies are final (no such mailbox, authentication refused, message rejected); trying again will get the
    /// same answer. Everything else — 4xx, broken connections, timeouts — may pass.
    public var isPermanent: Bool {
        if case .unexpectedReply(_, let code, _) = self { return (500..<600).contains(code) }
        return false
    }

    public var description: String {
        switch self {
        case .connection(let message): return "cannot talk to the mail server: \(message)"
        case .unexpectedReply(let command, let code, let text): return "the mail server answered \(command) with \(code) \(text)"
        case .startTLSUnavailable:
            return "the mail server does not offer STARTTLS: use smtps:// if it speaks TLS on another port, "
                + "or add ?starttls=never to TOUCHPOINT_SMTP_URL to send (and log in) without encryption"
        case .timeout(let message): return "the mail server is too slow: \(message)"
        }
    }
}

// MARK: - The conversation

/// One connection's commands, in order, each awaited before the next (no PIPELINING: the batches are small).
struct SMTPConversation: Sendable {
    let channel: any NIOCore.Channel
    let settings: SMTPSettings
    let logger: Logger

    func deliver(_ message: MailMessage, date: Date) async throws {
        guard !message.to.isEmpty else { throw SMTPError.unexpectedReply(command: "RCPT TO", code: 554, text: "the message has no recipient") }
        let greeting = try await exchange(nil, label: "greeting")
        guard greeting.code == 220 else { throw SMTPError.unexpectedReply(command: "greeting", code: greeting.code, text: greeting.text) }
        var capabilities = try await hello()
        var encrypted = settings.security == .tls
        if settings.security == .startTLSIfOffered || settings.security == .startTLSRequired {
            if capabilities.startTLS {
                try await command("STARTTLS", expecting: [220])
                try await startTLS()
                encrypted = true
                capabilities = try await hello()
            } else if settings.security == .startTLSRequired {
                throw SMTPError.startTLSUnavailable
            }
        }
        if let username = settings.username {
            // A server that drops STARTTLS from its EHLO (or a man in the middle who does) gets no password in clear
            // text, unless the settings ask for no TLS at all.
            guard encrypted || settings.security == .plain else { throw SMTPError.startTLSUnavailable }
            try await authenticate(username: username, password: settings.password ?? "", mechanisms: capabilities.authMechanisms)
        }

        let data = MailMessage.dotStuffed(message.rendered(date: date)) + ".\r\n"
        // SIZE lets a server refuse an oversized message before it is sent.
        let size = capabilities.maximumSize != nil ? " SIZE=\(data.utf8.count)" : ""
        try await command("MAIL FROM:<\(message.from.address)>\(size)", expecting: [250])
        var refusals: [SMTPError] = []
        for recipient in message.to {
            let reply = try await exchange("RCPT TO:<\(recipient.address)>\r\n", label: "RCPT TO")
            if reply.code == 250 || reply.code == 251 { continue }
            refusals.append(.unexpectedReply(command: "RCPT TO:<\(recipient.address)>", code: reply.code, text: reply.text))
            logger.warning("recipient refused", metadata: ["recipient": "\(recipient.address)", "reply": "\(reply.code) \(reply.text)"])
        }
        if refusals.count == message.to.count {
            // A transient refusal of any recipient is worth another try; only all-permanent refusals are final.
            throw refusals.first(where: { !$0.isPermanent }) ?? refusals[0]
        }
        try await command("DATA", expecting: [354])
        let accepted = try await exchange(data, label: "message")
        guard accepted.code == 250 else { throw SMTPError.unexpectedReply(command: "DATA", code: accepted.code, text: accepted.text) }
    }

    /// EHLO, falling back to HELO for a server that knows no extensions.
    private func hello() async throws -> SMTPCapabilities {
        let reply = try await exchange("EHLO \(settings.heloName)\r\n", label: "EHLO")
        if reply.code == 250 { return SMTPCapabilities(ehloReply: reply) }
        guard reply.code == 500 || reply.code == 502 else {
            throw SMTPError.unexpectedReply(command: "EHLO", code: reply.code, text: reply.text)
        }
        try await command("HELO \(settings.heloName)", expecting: [250])
        return SMTPCapabilities()
    }

    /// Puts TLS under the SMTP handlers, at the front of the pipeline; the handshake starts as it is added and the
    /// next command waits for it.
    private func startTLS() async throws {
        let context = try SMTPClient.makeTLSContext(settings)
        let serverHostname = SMTPClient.serverHostname(settings.host)
        try await channel.eventLoop.submit { [channel] in
            // Anything the server sent after its 220 was sent in clear text and could be an attacker's
            // (CVE-2011-0411, "STARTTLS command injection"): it must not be read as a reply over TLS.
            guard try !channel.pipeline.syncOperations.handler(type: SMTPReplyHandler.self).hasUnclaimedReplies else {
                throw SMTPError.connection("the server sent more after agreeing to STARTTLS")
            }
            let tls = try NIOSSLClientHandler(context: context, serverHostname: serverHostname)
            try channel.pipeline.syncOperations.addHandler(tls, position: .first)
        }.get()
    }

    /// AUTH PLAIN (one round trip) when offered — or when no mechanism is named, and the server's reply says why
    /// not — otherwise AUTH LOGIN. Credentials never reach the logs: the labels name the step, not the line.
    private func authenticate(username: String, password: String, mechanisms: Set<String>) async throws {
        if mechanisms.contains("PLAIN") || !mechanisms.contains("LOGIN") {
            let token = Data("\0\(username)\0\(password)".utf8).base64EncodedString()
            try await command("AUTH PLAIN \(token)", label: "AUTH PLAIN", expecting: [235])
        } else {
            try await command("AUTH LOGIN", expecting: [334])
            try await command(Data(username.utf8).base64EncodedString(), label: "AUTH LOGIN user name", expecting: [334])
            try await command(Data(password.utf8).base64EncodedString(), label: "AUTH LOGIN password", expecting: [235])
        }
    }

    /// Sends one command line and checks the reply's code.
    @discardableResult
    func command(_ line: String, label: String? = nil, expecting accepted: Set<Int>) async throws -> SMTPReply {
        let label = label ?? line
        let reply = try await exchange(line + "\r\n", label: label)
        guard accepted.contains(reply.code) else {
            throw SMTPError.unexpectedReply(command: label, code: reply.code, text: reply.text)
        }
        return reply
    }

    /// Writes `text` (nil: only waits, for the greeting) and returns the next reply, or fails after `replyTimeout`
    /// and closes the connection.
    func exchange(_ text: String?, label: String) async throws -> SMTPReply {
        let reply = channel.eventLoop.makePromise(of: SMTPReply.self)
        let timeout = channel.eventLoop.scheduleTask(in: SMTPClient.replyTimeout) { [channel] in
            reply.fail(SMTPError.timeout("no reply to \(label) within 30 s"))
            channel.close(promise: nil)
        }
        defer { timeout.cancel() }
        let bytes = text.map { channel.allocator.buffer(string: $0) }
        channel.writeAndFlush(SMTPExchange(line: bytes, reply: reply)).whenFailure { error in
            // A closed channel fails the write before it reaches the reply handler, which would never answer.
            reply.fail(SMTPError.connection("\(label) could not be sent: \(error)"))
        }
        let answer = try await reply.futureResult.get()
        logger.debug("smtp", metadata: ["command": "\(label)", "reply": "\(answer.code)"])
        return answer
    }
}

/// What the server's EHLO reply offers.
struct SMTPCapabilities: Equatable, Sendable {
    var startTLS = false
    var authMechanisms: Set<String> = []
    /// SIZE's limit in bytes; 0 (no fixed limit) counts as offered too.
    var maximumSize: Int?
    var eightBitMIME = false

    init() {}

    init(ehloReply: SMTPReply) {
        // The first line greets; each further line is a keyword and its parameters ("AUTH PLAIN LOGIN", "SIZE 35882577").
        // Some servers still write "AUTH=LOGIN PLAIN", an old draft's form.
        for line in ehloReply.lines.dropFirst() {
            let words = line.uppercased().split(whereSeparator: { $0 == " " || $0 == "=" }).map(String.init)
            switch words.first ?? "" {
            case "STARTTLS": startTLS = true
            case "AUTH": authMechanisms.formUnion(words.dropFirst())
            case "SIZE": maximumSize = words.count > 1 ? Int(words[1]) ?? 0 : 0
            case "8BITMIME": eightBitMIME = true
            default: continue
            }
        }
    }
}

// MARK: - The pipeline

/// One reply: its code and the text of each line ("250-mail.example.com", "250 SIZE 1000" → 250, two lines).
struct SMTPReply: Equatable, Sendable {
    var code: Int
    var lines: [String]
    var text: String { lines.joined(separator: " ") }
}

/// What the conversation writes into the channel: a command (nil for the greeting, which comes unasked) and the
/// promise the reply to it fulfils.
struct SMTPExchange: Sendable {
    var line: ByteBuffer?
    var reply: EventLoopPromise<SMTPReply>
}

/// Bytes to replies: collects lines ("250-…" continues, "250 …" ends) into one `SMTPReply`.
struct SMTPReplyDecoder: ByteToMessageDecoder {
    typealias InboundOut = SMTPReply

    /// RFC 5321 allows 512 bytes a reply line; a server may exceed it, but not without bound.
    static let maximumLineLength = 4096
    static let maximumLineCount = 200
    private var code: Int?
    private var lines: [String] = []

    mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        let view = buffer.readableBytesView
        guard let newline = view.firstIndex(of: UInt8(ascii: "\n")) else {
            if view.count > Self.maximumLineLength { throw SMTPError.connection("the server sent a line over 4 KB") }
            return .needMoreData
        }
        let length = view.distance(from: view.startIndex, to: newline) + 1
        guard var bytes = buffer.readBytes(length: length) else { return .needMoreData }
        while let last = bytes.last, last == UInt8(ascii: "\n") || last == UInt8(ascii: "\r") { bytes.removeLast() }

        // Bytes, not Characters: a combining mark after the separator would join it into one Character.
        let isDigit = { (byte: UInt8) in (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) }
        guard bytes.count >= 3, bytes[0...2].allSatisfy(isDigit),
              bytes.count == 3 || bytes[3] == UInt8(ascii: " ") || bytes[3] == UInt8(ascii: "-") else {
            throw SMTPError.connection("the server sent a line that is not an SMTP reply: \(String(decoding: bytes.prefix(80), as: UTF8.self))")
        }
        let lineCode = bytes[0...2].reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) }
        guard code == nil || code == lineCode, lines.count < Self.maximumLineCount else {
            throw SMTPError.connection("the server sent a malformed multi-line reply")
        }
        code = lineCode
        lines.append(bytes.count > 4 ? String(decoding: bytes[4...], as: UTF8.self) : "")
        if bytes.count > 3 && bytes[3] == UInt8(ascii: "-") { return .continue }

        context.fireChannelRead(Self.wrapInboundOut(SMTPReply(code: lineCode, lines: lines)))
        code = nil
        lines = []
        return .continue
    }

    mutating func decodeLast(context: ChannelHandlerContext, buffer: inout ByteBuffer, seenEOF: Bool) throws -> DecodingState {
        // A reply cut off by the close is no reply; the reply handler reports the close.
        try decode(context: context, buffer: &buffer)
    }
}

/// Matches replies to the commands written, in order, by fulfilling each command's promise.
final class SMTPReplyHandler: ChannelDuplexHandler {
    typealias InboundIn = SMTPReply
    typealias OutboundIn = SMTPExchange
    typealias OutboundOut = ByteBuffer

    private var waiting: [EventLoopPromise<SMTPReply>] = []
    /// Replies that came before anyone asked: the greeting (usually), or a server's parting 421.
    private var unclaimed: [SMTPReply] = []
    private var isClosed = false

    var hasUnclaimedReplies: Bool { !unclaimed.isEmpty }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let exchange = Self.unwrapOutboundIn(data)
        if isClosed {
            exchange.reply.fail(SMTPError.connection("the server closed the connection"))
        } else if unclaimed.isEmpty {
            waiting.append(exchange.reply)
        } else {
            exchange.reply.succeed(unclaimed.removeFirst())
        }
        if let line = exchange.line {
            context.write(Self.wrapOutboundOut(line), promise: promise)
        } else {
            promise?.succeed(())
        }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let reply = Self.unwrapInboundIn(data)
        if waiting.isEmpty {
            unclaimed.append(reply)
            // A server that talks unasked, at length, is not one to send mail through.
            if unclaimed.count > 10 { context.close(promise: nil) }
        } else {
            waiting.removeFirst().succeed(reply)
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        failWaiting(error)
        context.close(promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        isClosed = true
        failWaiting(SMTPError.connection("the server closed the connection"))
        context.fireChannelInactive()
    }

    private func failWaiting(_ error: any Error) {
        let failed = waiting
        waiting = []
        for promise in failed { promise.fail(error) }
    }
}
