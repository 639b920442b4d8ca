import Foundation

/// Turns one Segment-spec message into an `InboundMessage`, or says exactly what is wrong with it.
///
/// Rules follow the Segment HTTP Tracking API: a message needs `userId` or `anonymousId` (alias needs
/// `userId` and `previousId`), `track` needs `event`, `group` needs `groupId`, and `timestamp` is corrected
/// for the client's clock skew with `sentAt` (timestamp = receivedAt − (sentAt − timestamp)).
public struct MessageValidator: Sendable {
    /// 32 KB a message, as Segment.
    public static let maximumMessageBytes = 32 * 1024
    /// How far ahead of its receipt an event may say it happened (a year and a day): a later timestamp is refused.
    /// Readers rely on it: no event that happened after a moment was received more than this before it.
    public static let maximumTimestampLead: TimeInterval = 366 * 86_400

    public var defaultCallingCode: String
    public init(defaultCallingCode: String = "48") { self.defaultCallingCode = defaultCallingCode }

    /// Shared fields of a batch request that apply to every message in it.
    public struct Envelope: Sendable {
        public var type: MessageType?
        public var sentAt: Date?
        public var context: [String: JSONValue]?
        public var integrations: JSONValue?
        /// `/v1/import` carries historical data: its timestamps are taken as they are.
        public var correctsClockSkew: Bool
        public var receivedAt: Date

        public init(type: MessageType? = nil, sentAt: Date? = nil, context: [String: JSONValue]? = nil,
                    integrations: JSONValue? = nil, correctsClockSkew: Bool = true, receivedAt: Date) {
            self.type = type
            self.sentAt = sentAt
            self.context = context
            self.integrations = integrations
            self.correctsClockSkew = correctsClockSkew
            self.receivedAt = receivedAt
        }
    }

    /// What a message says about the person: `context.traits`, and for identify its own `traits` on top.
    /// (A group's `traits` describe the group, not the person.) Profiles are rebuilt from stored events by the same rule.
    public static func personTraits(type: MessageType, context: [String: JSONValue], traits: [String: JSONValue]) -> [String: JSONValue] {
        var personTraits = context["traits"]?.objectValue ?? [:]
        if type == .identify { personTraits.merge(traits) { _, own in own } }
        return personTraits
    }

    /// `validate`, after refusing a batch member over 32 KB as Segment does (a single-message request is
    /// measured as a body before it is parsed).
    public func validateBatchMember(_ value: JSONValue, index: Int, envelope: Envelope, makeID: () -> String) -> Result<InboundMessage, MessageRejection> {
        let size = JSONCodec.encodedSize(value)
        guard size <= Self.maximumMessageBytes else {
            return .failure(MessageRejection(index: index, messageId: value["messageId"]?.stringValue, code: "message_too_large",
                                             message: "the message is \(size / 1024) KB; one message may be at most 32 KB"))
        }
        return validate(value, index: index, envelope: envelope, makeID: makeID)
    }

    public func validate(_ value: JSONValue, index: Int, envelope: Envelope, makeID: () -> String) -> Result<InboundMessage, MessageRejection> {
        guard case .object(var fields) = value else {
            return .failure(MessageRejection(index: index, messageId: nil, code: "invalid_message", message: "a message must be a JSON object, got \(value.typeName)"))
        }
        let suppliedID = fields["messageId"]
        func reject(_ code: String, _ message: String) -> Result<InboundMessage, MessageRejection> {
            .failure(MessageRejection(index: index, messageId: suppliedID?.stringValue, code: code, message: message))
        }

        // Type: from the message, or implied by the endpoint.
        let type: MessageType
        switch fields["type"] {
        case .none, .some(.null):
            guard let implied = envelope.type else { return reject("missing_type", "field 'type' is required in a batch: one of identify, track, page, screen, group, alias") }
            type = implied
        case .some(.string(let text)):
            guard let parsed = MessageType(rawValue: text.lowercased()) else {
                return reject("unknown_type", "unknown message type '\(text)': use identify, track, page, screen, group or alias")
            }
            if let implied = envelope.type, implied != parsed {
                return reject("type_mismatch", "message type '\(text)' sent to the /v1/\(implied.rawValue) endpoint")
            }
            type = parsed
        case .some(let other):
            return reject("invalid_type", "field 'type' must be a string, got \(other.typeName)")
        }

        // Identifiers given as strings (numbers are accepted and kept as text, as the Segment libraries do).
        func identifierField(_ name: String) -> Result<String?, MessageRejection> {
            switch fields[name] {
            case .none, .some(.null): return .success(nil)
            case .some(.string(let text)):
                let trimmed = text.trimmedWhitespace
                guard trimmed.utf8.count <= 512 else {
                    return .failure(MessageRejection(index: index, messageId: suppliedID?.stringValue, code: "invalid_field", message: "field '\(name)' is longer than 512 bytes"))
                }
                return .success(trimmed.isEmpty ? nil : trimmed)
            case .some(let number) where number.integerIdentifierText != nil:
                return .success(number.integerIdentifierText)
            case .some(.number):
                return .failure(MessageRejection(index: index, messageId: suppliedID?.stringValue, code: "invalid_field",
                                                 message: "field '\(name)' must be a string, or a whole number no larger than 2^53"))
            case .some(let other):
                return .failure(MessageRejection(index: index, messageId: suppliedID?.stringValue, code: "invalid_field", message: "field '\(name)' must be a string, got \(other.typeName)"))
            }
        }
        let userID: String?, anonymousID: String?, previousID: String?, groupID: String?
        switch identifierField("userId") { case .success(let v): userID = v; case .failure(let e): return .failure(e) }
        switch identifierField("anonymousId") { case .success(let v): anonymousID = v; case .failure(let e): return .failure(e) }
        switch identifierField("previousId") { case .success(let v): previousID = v; case .failure(let e): return .failure(e) }
        switch identifierField("groupId") { case .success(let v): groupID = v; case .failure(let e): return .failure(e) }

        if type == .alias {
            guard userID != nil, previousID != nil else { return reject("missing_identity", "alias needs both 'userId' and 'previousId'") }
        } else if userID == nil && anonymousID == nil {
            return reject("missing_identity", "a \(type.rawValue) message needs 'userId' or 'anonymousId'")
        }
        if type == .group && groupID == nil { return reject("missing_field", "group needs 'groupId'") }

        // Object-valued fields.
        func objectField(_ name: String) -> Result<[String: JSONValue], MessageRejection> {
            switch fields[name] {
            case .none, .some(.null): return .success([:])
            case .some(.object(let object)): return .success(object)
            case .some(let other):
                return .failure(MessageRejection(index: index, messageId: suppliedID?.stringValue, code: "invalid_field", message: "field '\(name)' must be an object, got \(other.typeName)"))
            }
        }
        var context: [String: JSONValue], properties: [String: JSONValue], traits: [String: JSONValue]
        switch objectField("context") { case .success(let v): context = v; case .failure(let e): return .failure(e) }
        switch objectField("properties") { case .success(let v): properties = v; case .failure(let e): return .failure(e) }
        switch objectField("traits") { case .success(let v): traits = v; case .failure(let e): return .failure(e) }
        if case .some(let integrations) = fields["integrations"], !integrations.isNull, integrations.objectValue == nil {
            return reject("invalid_field", "field 'integrations' must be an object, got \(integrations.typeName)")
        }
        if let shared = envelope.context {
            context = shared.merging(context) { _, own in own }
            fields["context"] = .object(context)
        }
        if fields["integrations"] == nil, let integrations = envelope.integrations { fields["integrations"] = integrations }

        // Name.
        var name: String?
        switch type {
        case .track:
            guard case .some(.string(let event)) = fields["event"], !event.trimmedWhitespace.isEmpty else {
                if let given = fields["event"], !given.isNull, given.stringValue == nil {
                    return reject("invalid_field", "field 'event' must be a string, got \(given.typeName)")
                }
                return reject("missing_field", "track needs 'event', the name of the action")
            }
            name = event
            // An answer names its type; then its score must be on that type's scale (an event without one is not an answer).
            if event == "Survey Answered", let properties = fields["properties"]?.objectValue, properties["survey_type"] != nil {
                do { _ = try SurveyAnswer.validate(properties) } catch { return reject("invalid_survey_answer", "\(error)") }
            }
        case .page, .screen:
            if let given = fields["name"], !given.isNull {
                guard let text = given.stringValue else { return reject("invalid_field", "field 'name' must be a string, got \(given.typeName)") }
                name = text
            } else if let fromProperties = properties["name"]?.stringValue {
                name = fromProperties
            }
        default:
            break
        }

        // Time: parse, then correct for the sender's clock skew.
        func timeField(_ name: String) -> Result<Date?, MessageRejection> {
            switch fields[name] {
            case .none, .some(.null): return .success(nil)
            case .some(.string(let text)):
                guard let date = Timestamps.parse(text) else {
                    return .failure(MessageRejection(index: index, messageId: suppliedID?.stringValue, code: "invalid_timestamp", message: "field '\(name)' is not an ISO-8601 date-time: '\(text.prefix(64))'"))
                }
                return .success(date)
            case .some(let other):
                return .failure(MessageRejection(index: index, messageId: suppliedID?.stringValue, code: "invalid_timestamp", message: "field '\(name)' must be an ISO-8601 string, got \(other.typeName)"))
            }
        }
        var originalTimestamp: Date?, ownSentAt: Date?
        switch timeField("timestamp") { case .success(let v): originalTimestamp = v; case .failure(let e): return .failure(e) }
        if originalTimestamp == nil {
            switch timeField("originalTimestamp") { case .success(let v): originalTimestamp = v; case .failure(let e): return .failure(e) }
        }
        switch timeField("sentAt") { case .success(let v): ownSentAt = v; case .failure(let e): return .failure(e) }
        let sentAt = ownSentAt ?? envelope.sentAt
        let timestamp: Date
        if let originalTimestamp {
            if envelope.correctsClockSkew, let sentAt {
                timestamp = envelope.receivedAt.addingTimeInterval(-sentAt.timeIntervalSince(originalTimestamp))
            } else {
                timestamp = originalTimestamp
            }
        } else {
            timestamp = envelope.receivedAt
        }
        guard timestamp.timeIntervalSince1970 > 0, timestamp.timeIntervalSince(envelope.receivedAt) < Self.maximumTimestampLead else {
            return reject("invalid_timestamp", "timestamp is out of range: it must fall after 1970 and not over a year ahead")
        }

        // Message id: kept when given, made when not (such a message cannot be de-duplicated).
        let messageID: String
        switch suppliedID {
        case .none, .some(.null): messageID = makeID()
        case .some(.string(let text)) where !text.isEmpty && text.utf8.count <= 256: messageID = text
        case .some(.string): return reject("invalid_field", "field 'messageId' must be 1 to 256 bytes")
        case .some(let other): return reject("invalid_field", "field 'messageId' must be a string, got \(other.typeName)")
        }

        // Identifiers.
        let personTraits = Self.personTraits(type: type, context: context, traits: traits)
        var identifiers = [Identifier]()
        if let userID { identifiers.append(Identifier(kind: .userID, value: userID)) }
        if let anonymousID { identifiers.append(Identifier(kind: .anonymousID, value: anonymousID)) }
        if let email = personTraits["email"]?.stringValue,
           let identifier = Identifier.normalized(kind: .email, raw: email, defaultCallingCode: defaultCallingCode) {
            identifiers.append(identifier)
        }
        if let phone = personTraits["phone"]?.stringValue,
           let identifier = Identifier.normalized(kind: .phone, raw: phone, defaultCallingCode: defaultCallingCode) {
            identifiers.append(identifier)
        }
        if let externalIDs = context["externalIds"] {
            guard let list = externalIDs.arrayValue else { return reject("invalid_field", "context.externalIds must be an array of {id, type}") }
            for entry in list {
                guard let id = entry["id"]?.stringValue ?? entry["id"]?.integerIdentifierText,
                      let typeName = entry["type"]?.stringValue, let kind = IdentifierKind.external(typeName) else {
                    return reject("invalid_field", "each context.externalIds entry needs a string 'id' and a 'type' of letters, digits or '_'")
                }
                if let identifier = Identifier.normalized(kind: kind, raw: id, defaultCallingCode: defaultCallingCode) {
                    identifiers.append(identifier)
                }
            }
        }
        var seen = Set<String>()
        identifiers = identifiers.filter { seen.insert($0.key).inserted }

        let channel = Channel.attribute(type: type, context: context)
        fields["type"] = .string(type.rawValue)
        fields["messageId"] = .string(messageID)
        fields["timestamp"] = .string(Timestamps.format(timestamp))
        fields["receivedAt"] = .string(Timestamps.format(envelope.receivedAt))
        fields["channel"] = .string(channel.rawValue)
        if let originalTimestamp { fields["originalTimestamp"] = .string(Timestamps.format(originalTimestamp)) }
        if let sentAt { fields["sentAt"] = .string(Timestamps.format(sentAt)) }
        fields["writeKey"] = nil
        let payload = JSONValue.object(fields)
        let payloadText = JSONCodec.serialize(payload)
        guard payloadText.utf8.count <= Self.maximumMessageBytes + 512 else {
            return reject("message_too_large", "the message is \(payloadText.utf8.count / 1024) KB; one message may be at most 32 KB")
        }

        return .success(InboundMessage(
            type: type, messageID: messageID, userID: userID, anonymousID: anonymousID, previousID: previousID,
            groupID: groupID, name: name, properties: properties, traits: personTraits, context: context,
            timestamp: timestamp, receivedAt: envelope.receivedAt, channel: channel,
            identifiers: identifiers, payload: payload, payloadText: payloadText))
    }
}
