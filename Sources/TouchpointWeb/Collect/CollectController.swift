import Vapor
import TouchpointDomain
import TouchpointStorage

/// The Segment HTTP Tracking API: `/v1/identify`, `track`, `page`, `screen`, `group`, `alias`, `batch`, `import`.
struct CollectController {
    /// 500 KB a request and 2,500 messages a batch, as Segment.
    static let maximumBodyBytes = 500 * 1024
    static let maximumBatchMessages = 2500

    func register(on routes: any RoutesBuilder) {
        let v1 = routes.grouped("v1")
        for type in MessageType.allCases {
            v1.on(.POST, PathComponent(stringLiteral: type.rawValue), body: .collect(maxSize: "600kb")) { request in
                try await collect(request, endpoint: type.rawValue, impliedType: type, isBatch: false, correctsClockSkew: true)
            }
        }
        v1.on(.POST, "batch", body: .collect(maxSize: "600kb")) { request in
            try await collect(request, endpoint: "batch", impliedType: nil, isBatch: true, correctsClockSkew: true)
        }
        v1.on(.POST, "import", body: .collect(maxSize: "600kb")) { request in
            try await collect(request, endpoint: "import", impliedType: nil, isBatch: true, correctsClockSkew: false)
        }
    }

    private func collect(_ request: Request, endpoint: String, impliedType: MessageType?, isBatch: Bool, correctsClockSkew: Bool) async throws -> Response {
        let started = ContinuousClock.now
        let services = request.touchpoint
        services.metrics.countRequest(endpoint)
        defer { services.metrics.requestDuration.record(ContinuousClock.now - started) }

        // Body: raw or gzip, never over 500 KB once inflated.
        var bytes = request.body.data.map { Array($0.readableBytesView) } ?? []
        if let encoding = request.headers.first(name: .contentEncoding)?.lowercased(), encoding != "identity" {
            guard encoding == "gzip" || encoding == "deflate" else {
                throw APIError(status: .unsupportedMediaType, code: "unsupported_encoding", message: "Content-Encoding '\(encoding)' is not supported: send gzip or plain JSON")
            }
            do {
                bytes = try Gzip.decompress(bytes, limit: Self.maximumBodyBytes)
            } catch .tooLarge {
                throw APIError.tooLarge("body_too_large", "the inflated body is over 500 KB: split the batch")
            } catch .corrupt(let reason) {
                throw APIError.badRequest("invalid_gzip", "Content-Encoding is gzip but \(reason)")
            }
        }
        guard bytes.count <= Self.maximumBodyBytes else {
            throw APIError.tooLarge("body_too_large", "the body is \(bytes.count / 1024) KB; a request may carry at most 500 KB: split the batch")
        }

        // Who is sending: the write key from HTTP Basic, or "writeKey" in the body.
        let basicKey = request.headers.basicAuthorization?.username
        let body: JSONValue
        do {
            guard !bytes.isEmpty else { throw JSONSyntaxError(offset: 0, reason: "the body is empty") }
            body = try JSONCodec.parse(bytes)
        } catch {
            if basicKey == nil { throw APIError.unauthorized("send the write key as the HTTP Basic user name (empty password) or as \"writeKey\" in the body") }
            throw APIError.badRequest("invalid_json", "the body is not valid JSON: \(error)")
        }
        guard case .object(let fields) = body else {
            throw APIError.badRequest("invalid_body", "the body must be a JSON object, got \(body.typeName)")
        }
        guard let writeKey = (basicKey?.isEmpty == false ? basicKey : nil) ?? fields["writeKey"]?.stringValue, !writeKey.isEmpty else {
            throw APIError.unauthorized("send the write key as the HTTP Basic user name (empty password) or as \"writeKey\" in the body")
        }
        guard let source = try await services.writeKeys.source(for: writeKey, store: services.store) else {
            throw APIError.unauthorized("unknown write key: copy it from Sources in the console, or create a source")
        }
        try services.limits.collection.check(source.id.rawValue, what: "requests for this write key")

        // The messages, each checked on its own.
        let receivedAt = Date()
        var rawMessages: [JSONValue]
        var envelope = MessageValidator.Envelope(type: impliedType, correctsClockSkew: correctsClockSkew, receivedAt: receivedAt)
        if isBatch {
            guard let batch = fields["batch"] else { throw APIError.badRequest("missing_batch", "a batch request needs \"batch\": [messages]") }
            guard let list = batch.arrayValue else { throw APIError.badRequest("invalid_batch", "\"batch\" must be an array of messages, got \(batch.typeName)") }
            guard list.count <= Self.maximumBatchMessages else {
                throw APIError.tooLarge("batch_too_large", "the batch has \(list.count) messages; at most \(Self.maximumBatchMessages) are accepted in one request")
            }
            guard !list.isEmpty else { throw APIError.badRequest("empty_batch", "\"batch\" is empty: send at least one message") }
            rawMessages = list
            if let sentAt = fields["sentAt"]?.stringValue {
                guard let parsed = Timestamps.parse(sentAt) else { throw APIError.badRequest("invalid_timestamp", "\"sentAt\" is not an ISO-8601 date-time: '\(sentAt.prefix(64))'") }
                envelope.sentAt = parsed
            }
            envelope.context = fields["context"]?.objectValue
            envelope.integrations = fields["integrations"]
        } else {
            guard bytes.count <= MessageValidator.maximumMessageBytes else {
                throw APIError.tooLarge("message_too_large", "the message is \(bytes.count / 1024) KB; one message may be at most 32 KB")
            }
            rawMessages = [body]
        }

        var accepted = [InboundMessage]()
        var rejected = [MessageRejection]()
        accepted.reserveCapacity(rawMessages.count)
        for (index, raw) in rawMessages.enumerated() {
            let makeID = { UUID().uuidString.lowercased() }
            let result = isBatch
                ? services.validator.validateBatchMember(raw, index: index, envelope: envelope, makeID: makeID)
                : services.validator.validate(raw, index: index, envelope: envelope, makeID: makeID)
            switch result {
            case .success(let message): accepted.append(message)
            case .failure(let rejection): rejected.append(rejection)
            }
        }
        services.metrics.countMessages("rejected", rejected.count)

        let rejectedJSON = JSONValue.array(rejected.map { rejection in
            .object(["index": .int(rejection.index), "messageId": .optional(rejection.messageId),
                     "code": .string(rejection.code), "message": .string(rejection.message)])
        })
        guard !accepted.isEmpty else {
            let first = rejected.first!
            var error = APIError.badRequest(first.code, isBatch ? "no message in the batch was accepted; the first fault: message \(first.index): \(first.message)" : first.message)
            error.details = ["rejected": rejectedJSON]
            throw error
        }

        guard services.pipeline.admits(accepted.count) else {
            // The official clients retry 503 with back-off: nothing is lost, and memory stays bounded.
            services.metrics.countMessages("overloaded", accepted.count)
            var error = APIError(status: .serviceUnavailable, code: "overloaded", message: "the server is behind on writing: nothing was stored; send the request again in a second")
            error.headers = ["Retry-After": "1"]
            throw error
        }
        let outcome = try await services.pipeline.submit(IngestSubmission(sourceID: source.id, messages: accepted))
        services.metrics.countMessages("stored", outcome.stored)
        services.metrics.countMessages("duplicate", outcome.duplicates)
        services.metrics.countMessages("suppressed", outcome.suppressed)
        return Response.json(.object([
            "success": .bool(true),
            "accepted": .int(accepted.count),
            // A message of an erased person is answered exactly as a stored one, so a write key cannot tell who was erased.
            "stored": .int(outcome.stored + outcome.suppressed),
            "duplicates": .int(outcome.duplicates),
            "rejected": rejectedJSON,
        ]))
    }
}
