import Vapor
import Tagged
import TouchpointApp
import TouchpointDomain
import TouchpointStorage

/// The live sockets of the service desk: agents (console or API) and chat visitors (the widget).
///
/// Every socket handles its incoming frames one at a time, in order, so a visitor's messages are stored
/// in the order they were typed; replies and new messages are pushed by `ServiceHub` as soon as they commit.
enum ServiceLive {
    /// Frames a socket has received, handled in order by one task.
    private static func serialized(_ socket: WebSocket, handle: @escaping @Sendable (String) async -> Void, closed: @escaping @Sendable () -> Void) {
        let (stream, continuation) = AsyncStream<String>.makeStream()
        // Callbacks are set on the socket's event loop; frames arrive after the greeting, which is sent after this.
        socket.eventLoop.execute {
            socket.onText { _, text in continuation.yield(text) }
        }
        socket.onClose.whenComplete { _ in
            continuation.finish()
            closed()
        }
        Task {
            for await text in stream { await handle(text) }
        }
    }

    static func send(_ socket: WebSocket, _ value: JSONValue) {
        socket.send(JSONCodec.serialize(value))
    }

    static func error(_ socket: WebSocket, code: String, message: String, clientID: String? = nil) {
        send(socket, .object(["type": .string("error"), "code": .string(code), "message": .string(message), "clientId": .optional(clientID)]))
    }

    /// An over-the-limit frame: not stored, with the seconds to wait before sending it again.
    static func rateLimited(_ socket: WebSocket, wait: TimeInterval, what: String, clientID: String?) {
        let seconds = retryAfterSeconds(wait)
        send(socket, .object(["type": .string("error"), "code": .string("rate_limited"), "message": .string("too many \(what): try again in \(seconds) s"),
                              "retryAfter": .int(seconds), "clientId": .optional(clientID)]))
    }

    // MARK: Agents

    /// `GET /api/v1/service/live` (bearer token) and `/service/live` (console session): every change to cases the agent may see.
    /// An agent can also reply through the socket: `{"type":"reply","caseId","body","clientId"}`.
    @Sendable
    static func agentSocket(_ request: Request, _ socket: WebSocket) async {
        // Pings keep a quiet socket inside the server's idle timeout (and find dead peers).
        socket.pingInterval = .seconds(25)
        let desk = request.touchpoint.serviceDesk
        let caller: ServiceCaller
        do {
            if request.principal == nil, let user = request.consoleUser {
                request.principal = Principal(role: user.role, name: user.name, user: user)
            }
            caller = try await ServiceController.caller(request)
        } catch {
            Self.error(socket, code: "unauthorized", message: "sign in, or send a bearer token")
            try? await socket.close(code: .policyViolation)
            return
        }
        let id = UUID()
        request.touchpoint.serviceBroadcast.hub.addAgent(id: id, subscription: .init(agent: caller.agent, send: { [weak socket] text in socket?.send(text) }))
        serialized(socket, handle: { text in
            guard let frame = try? JSONCodec.parse(Array(text.utf8)), let type = frame["type"]?.stringValue else {
                error(socket, code: "invalid_frame", message: "frames are JSON objects with a \"type\"")
                return
            }
            switch type {
            case "ping":
                send(socket, .object(["type": .string("pong"), "at": .date(Date())]))
            case "reply", "note":
                let clientID = frame["clientId"]?.stringValue
                guard let caseID = frame["caseId"]?.stringValue, let body = frame["body"]?.stringValue, !body.trimmedWhitespace.isEmpty else {
                    error(socket, code: "invalid_reply", message: "a reply needs \"caseId\" and a non-empty \"body\"", clientID: clientID)
                    return
                }
                do {
                    guard let serviceCase = try await desk.serviceCase(CaseID(rawValue: caseID)), caller.canSee(serviceCase) else {
                        error(socket, code: "not_found", message: "no case '\(caseID)' that you can see", clientID: clientID)
                        return
                    }
                    let (message, _, _) = try await desk.add(NewServiceMessage(direction: type == "note" ? .note : .outbound, authorID: caller.agent?.id.rawValue,
                                                                               authorName: caller.name, body: body, clientID: clientID), to: serviceCase.id)
                    send(socket, .object(["type": .string("ack"), "clientId": .optional(clientID), "caseId": .string(caseID),
                                          "sequence": .number(Double(message.sequence))]))
                } catch {
                    Self.error(socket, code: "reply_failed", message: "\(error)", clientID: clientID)
                }
            default:
                error(socket, code: "unknown_frame", message: "frame types: ping, reply, note")
            }
        }, closed: { request.touchpoint.serviceBroadcast.hub.removeAgent(id: id) })
        send(socket, .object(["type": .string("hello"), "agentId": .optional(caller.agent?.id.rawValue), "name": .string(caller.name)]))
    }

    // MARK: Chat visitors

    /// `GET /chat/socket?key=WRITE_KEY&visitor=ID&after=SEQ`: a website visitor's live chat.
    ///
    /// The widget keeps the last sequence it showed and the messages not yet acknowledged; on reconnect it asks
    /// for everything after that sequence and re-sends the unacknowledged messages with the same `clientId`,
    /// which the server stores once. So a dropped connection loses nothing in either direction.
    @Sendable
    static func visitorSocket(_ request: Request, _ socket: WebSocket) async {
        let services = request.touchpoint
        let desk = services.serviceDesk
        guard let key = request.query[String.self, at: "key"],
              let source = try? await services.writeKeys.source(for: key, store: services.store) else {
            error(socket, code: "unauthorized", message: "the chat widget needs data-key: a source's write key")
            try? await socket.close(code: .policyViolation)
            return
        }
        guard let token = request.query[String.self, at: "token"], let visitor = services.chatTokens.verify(token, sourceID: source.id)?.id else {
            error(socket, code: "invalid_visitor", message: "the chat needs a visitor token from POST /chat/session?key=WRITE_KEY (a missing, altered or expired one is refused)")
            try? await socket.close(code: .policyViolation)
            return
        }
        socket.pingInterval = .seconds(25)
        let after = request.query[Int64.self, at: "after"] ?? 0
        let threadKey = "chat:" + visitor
        let address = request.clientAddress
        let limits = services.limits
        let state = ChatVisitor(visitorID: visitor, sourceID: source.id)
        let language = request.query[String.self, at: "lang"].flatMap(TextLanguage.init(localeCode:)) ?? .pl
        let assistant = ChatAssistant(services: services, visitor: state, threadKey: threadKey, anonymousID: ChatVisitorTokens.publicID(of: visitor))
        let id = UUID()
        request.touchpoint.serviceBroadcast.hub.addVisitor(threadKey: threadKey, id: id, send: { [weak socket] text in socket?.send(text) })

        serialized(socket, handle: { text in
            guard let frame = try? JSONCodec.parse(Array(text.utf8)), let type = frame["type"]?.stringValue else {
                error(socket, code: "invalid_frame", message: "frames are JSON objects with a \"type\"")
                return
            }
            switch type {
            case "ping":
                send(socket, .object(["type": .string("pong")]))
            case "identify":
                // Only an identity the site proved (a signed user hash or JWT) joins the chat to a profile.
                let secret = try? await services.store.identitySecret(of: source.id)
                if let claims = ChatIdentityVerifier.verify(frame: frame, secret: secret ?? nil) {
                    await state.identify(verified: claims)
                    send(socket, .object(["type": .string("identified"), "verified": .bool(true)]))
                } else {
                    await state.identifyUnverified(email: frame["email"]?.stringValue, name: frame["name"]?.stringValue)
                    send(socket, .object(["type": .string("identified"), "verified": .bool(false)]))
                }
            case "message":
                let clientID = frame["clientId"]?.stringValue
                let body = frame["body"]?.stringValue ?? ""
                guard !body.trimmedWhitespace.isEmpty, body.utf8.count <= 8 * 1024 else {
                    error(socket, code: "invalid_message", message: "a chat message is 1 to 8,192 bytes of text", clientID: clientID)
                    return
                }
                if let wait = limits.chatMessages.take(visitor) {
                    rateLimited(socket, wait: wait, what: "messages", clientID: clientID)
                    return
                }
                do {
                    let message = try await state.post(body: body, clientID: clientID, threadKey: threadKey, language: frame["language"]?.stringValue, desk: desk,
                                                       mayOpen: { limits.chatConversations.take(address) })
                    send(socket, .object(["type": .string("ack"), "clientId": .optional(clientID), "sequence": .number(Double(message.sequence)),
                                          "caseNumber": .number(Double(message.caseNumber))]))
                } catch let limit as ChatVisitor.ConversationLimit {
                    rateLimited(socket, wait: limit.wait, what: "new conversations", clientID: clientID)
                } catch StorageError.erased {
                    Self.error(socket, code: "conversation_unavailable", message: "this conversation cannot be continued: reload the page to start a new one", clientID: clientID)
                } catch {
                    Self.error(socket, code: "not_stored", message: "the message was not stored; it will be re-sent", clientID: clientID)
                }
            case "ask", "ask_feedback", "handover":
                // The assistant: answers from the help centre, hands over to a person (ChatAssistant).
                let clientID = frame["clientId"]?.stringValue
                if let wait = limits.chatMessages.take(visitor) {
                    rateLimited(socket, wait: wait, what: "messages", clientID: clientID)
                    return
                }
                do {
                    if type == "ask" {
                        let body = frame["body"]?.stringValue ?? ""
                        guard !body.trimmedWhitespace.isEmpty, body.utf8.count <= 8 * 1024 else {
                            error(socket, code: "invalid_message", message: "a question is 1 to 8,192 bytes of text", clientID: clientID)
                            return
                        }
                        send(socket, try await assistant.ask(body, language: language, clientID: clientID))
                    } else if type == "handover" {
                        send(socket, try await assistant.personRequested(language: language))
                    } else if frame["helpful"] == .bool(false), let reply = try await assistant.notHelpful(language: language) {
                        send(socket, reply)
                    }
                } catch {
                    Self.error(socket, code: "assistant_failed", message: "the assistant could not answer; write again to reach a person", clientID: clientID)
                }
            case "csat":
                guard let score = frame["score"]?.integerValue, (1...5).contains(score),
                      let serviceCase = try? await desk.serviceCase(threadKey: threadKey) else {
                    error(socket, code: "invalid_csat", message: "a rating is a score from 1 to 5 for a resolved conversation")
                    return
                }
                do {
                    _ = try await desk.rate(serviceCase.id, score: Int(score), comment: frame["comment"]?.stringValue)
                    send(socket, .object(["type": .string("rated"), "score": .number(Double(score))]))
                } catch {
                    Self.error(socket, code: "invalid_csat", message: "the conversation is not resolved yet")
                }
            default:
                error(socket, code: "unknown_frame", message: "frame types: ping, identify, message, ask, ask_feedback, handover, csat")
            }
        }, closed: { request.touchpoint.serviceBroadcast.hub.removeVisitor(threadKey: threadKey, id: id) })

        // What the visitor missed while away, then where things stand.
        var lastSequence = after
        var caseNumber: JSONValue = .null
        var status: JSONValue = .null
        if let serviceCase = try? await desk.serviceCase(threadKey: threadKey) {
            await state.attach(serviceCase.id)
            caseNumber = .number(Double(serviceCase.number))
            status = .string(serviceCase.status.rawValue)
            for message in (try? await desk.messages(of: serviceCase.id, after: after, includeNotes: false)) ?? [] {
                send(socket, ServiceLiveEvent.message(message, of: serviceCase))
                lastSequence = max(lastSequence, message.sequence)
            }
        }
        let offer = await ChatAssistant.offered(services: services, language: language,
                                                hasOpenCase: status != .null && status != .string(CaseStatus.closed.rawValue))
        send(socket, .object(["type": .string("ready"), "visitorId": .string(ChatVisitorTokens.publicID(of: visitor)), "caseNumber": caseNumber, "status": status,
                              "lastSequence": .number(Double(lastSequence)), "assistant": .bool(offer.offered), "nextHumanAt": .date(offer.nextHumanAt)]))
    }
}

/// One chat visitor's state on this socket: who they said they are, and the case their conversation is in.
actor ChatVisitor {
    let visitorID: String
    let sourceID: SourceID
    private var contact: CustomerContact
    private var caseID: CaseID?

    init(visitorID: String, sourceID: SourceID) {
        self.visitorID = visitorID
        self.sourceID = sourceID
        // Profiles carry the visitor's public id: the real one opens the conversation.
        self.contact = CustomerContact(anonymousId: ChatVisitorTokens.publicID(of: visitorID))
    }

    /// The site proved who this visitor is: their identifiers join the chat to their profile.
    func identify(verified claims: ChatIdentityVerifier.Claims) {
        if let email = claims.email, email.contains("@") { contact.email = String(email.prefix(254)); contact.unverifiedEmail = nil }
        if let name = claims.name, !name.isEmpty { contact.name = String(name.prefix(200)) }
        if let phone = claims.phone, !phone.isEmpty { contact.phone = String(phone.prefix(40)) }
        if let userId = claims.userId, !userId.isEmpty { contact.userId = String(userId.prefix(200)) }
    }

    /// What a visitor typed about themselves: shown to agents, never used to find or merge a profile.
    func identifyUnverified(email: String?, name: String?) {
        if let email, email.contains("@"), contact.email == nil { contact.unverifiedEmail = String(email.prefix(254)) }
        if let name, !name.isEmpty { contact.name = String(name.prefix(200)) }
    }

    /// A new conversation was refused: this address opened too many.
    struct ConversationLimit: Error { var wait: TimeInterval }

    static func isValidID(_ id: String) -> Bool {
        (8...100).contains(id.count) && id.unicodeScalars.allSatisfy { CharacterSet.alphanumerics.contains($0) && $0.isASCII || $0 == "-" || $0 == "_" }
    }

    func attach(_ id: CaseID) { caseID = id }

    func currentContact() -> CustomerContact { contact }

    struct Posted: Sendable {
        var sequence: Int64
        var caseNumber: Int64
    }

    /// Stores the visitor's message: into their open conversation, or a new one (also after the last was closed).
    /// `mayOpen` answers nil when a new conversation may be opened, else the seconds to wait.
    func post(body: String, clientID: String?, threadKey: String, language: String?, desk: ServiceDesk,
              mayOpen: @Sendable () -> TimeInterval? = { nil }) async throws -> Posted {
        if caseID == nil { caseID = try await desk.serviceCase(threadKey: threadKey)?.id }
        let message = NewServiceMessage(direction: .inbound, authorName: contact.displayName, body: body, channel: .chat, clientID: clientID)
        if let caseID, let existing = try await desk.serviceCase(caseID), existing.status != .closed {
            let (stored, serviceCase, _) = try await desk.add(message, to: caseID)
            return Posted(sequence: stored.sequence, caseNumber: serviceCase.number)
        }
        if let wait = mayOpen() { throw ConversationLimit(wait: wait) }
        let subject = String(body.trimmedWhitespace.prefix(80))
        let (serviceCase, stored) = try await desk.open(NewCase(customer: contact, threadKey: threadKey, channel: .chat, subject: subject,
                                                                language: language), firstMessage: message)
        caseID = serviceCase.id
        return Posted(sequence: stored?.sequence ?? 1, caseNumber: serviceCase.number)
    }
}

/// `/chat/widget.js` (the script a web page embeds) and `/chat/demo` (a page that embeds it, for trying it out).
struct ChatController {
    func register(on app: Application) {
        app.get("chat", "widget.js", use: widget)
        app.get("chat", "demo", use: demo)
        app.webSocket("chat", "socket", maxFrameSize: .init(integerLiteral: 16 * 1024), onUpgrade: ServiceLive.visitorSocket)
        app.post("chat", "session", use: session)
    }

    /// `POST /chat/session?key=WRITE_KEY` (body: nothing, or the visitor's current token as text): a signed visitor
    /// token for the widget, renewed when the current one is still good. New visitors are limited per address.
    /// Answered to any origin (the widget runs on the company's own site); a simple request, so no preflight.
    func session(_ request: Request) async throws -> Response {
        let services = request.touchpoint
        guard let key = request.query[String.self, at: "key"], let source = try await services.writeKeys.source(for: key, store: services.store) else {
            throw APIError.unauthorized("the chat needs data-key: a source's write key")
        }
        let current = request.body.string.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.flatMap { $0.isEmpty ? nil : $0 }
        let renewing = current.flatMap { services.chatTokens.verify($0, sourceID: source.id) }
        if renewing == nil { try services.limits.chatVisitors.check(request.clientAddress, what: "new chat visitors from this address") }
        let (token, visitor) = services.chatTokens.issue(visitorID: renewing?.id, sourceID: source.id)
        let response = Response.json(.object(["token": .string(token), "visitor": .string(ChatVisitorTokens.publicID(of: visitor.id)),
                                              "expiresAt": .date(visitor.expires), "renewed": .bool(renewing != nil)]))
        response.headers.replaceOrAdd(name: .accessControlAllowOrigin, value: "*")
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return response
    }

    static let widgetScript = ConsoleAssets.publicFile("chat-widget", "js")

    func widget(_ request: Request) async throws -> Response {
        Response.asset(Self.widgetScript, contentType: "application/javascript; charset=utf-8", crossOrigin: true)
    }

    /// A page of the demo shop with the widget embedded, keyed by `?key=WRITE_KEY` (template `chat-demo.leaf`).
    func demo(_ request: Request) async throws -> Response {
        struct Page: Encodable {
            struct Product: Encodable { var icon: String; var name: String; var price: String }
            var lang: String
            var t: [String: String]
            var key: String
            var products: [Product]
        }
        let key = (request.query[String.self, at: "key"] ?? "").filter { ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") && $0.isASCII }
        let language = request.language
        let products = request.touchpoint.showcase.items.map { item in
            // The brand stands in for a product photo (the page ships no images, and emoji need fonts a server may lack).
            Page.Product(icon: String(item.name.split(separator: " ").first ?? ""), name: item.name,
                         price: (Decimal(item.priceCents) / 100).formatted(.currency(code: "PLN").locale(language.locale)))
        }
        let view = try await request.view.render("chat-demo", Page(lang: language.rawValue, t: Strings.all(language), key: key, products: products))
        let html = String(buffer: view.data)
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: "text/html; charset=utf-8")
        // The widget is the page's only script; it styles its own elements inline.
        headers.replaceOrAdd(name: "Content-Security-Policy",
                             value: "default-src 'self'; script-src 'self'; connect-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'")
        return Response(status: .ok, headers: headers, body: .init(string: html))
    }
}
