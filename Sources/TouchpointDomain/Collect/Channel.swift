/// Where an interaction happened. Every event carries exactly one.
public enum Channel: String, Sendable, Codable, CaseIterable, Hashable {
    case web, mobile, email, phone, chat, social, store, iot, server

    /// The channel a message belongs to: `context.channel` when the client names a known one,
    /// otherwise derived from the message type and its context the way analysts expect.
    public static func attribute(type: MessageType, context: [String: JSONValue]) -> Channel {
        if let named = context["channel"]?.stringValue?.lowercased() {
            if let channel = Channel(rawValue: named) { return channel }
            if let alias = aliases[named] { return alias }
        }
        switch type {
        case .page: return .web
        case .screen: return .mobile
        default: break
        }
        if context["app"] != nil || context["device"]?["type"]?.stringValue.map({ ["ios", "android"].contains($0.lowercased()) }) == true {
            return .mobile
        }
        if context["page"] != nil || context["userAgent"] != nil { return .web }
        return .server
    }

    /// Common names clients use for our channels.
    private static let aliases: [String: Channel] = [
        "browser": .web, "website": .web, "app": .mobile, "ios": .mobile, "android": .mobile,
        "mail": .email, "e-mail": .email, "call": .phone, "voice": .phone, "contact_center": .phone,
        "callcenter": .phone, "sms": .mobile, "livechat": .chat, "pos": .store, "shop": .store,
        "rfid": .iot, "sensor": .iot, "beacon": .iot, "backend": .server,
    ]
}

/// The Segment spec's message types.
public enum MessageType: String, Sendable, Codable, CaseIterable, Hashable {
    case identify, track, page, screen, group, alias
}
