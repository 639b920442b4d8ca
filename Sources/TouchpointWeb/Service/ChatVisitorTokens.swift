import Foundation
import Crypto
import Synchronization
import TouchpointDomain
import TouchpointStorage

/// Signed, expiring visitor tokens for the chat widget.
///
/// A visitor id alone would be a bearer secret that agents see; instead the server makes the id and hands the browser
/// `v1.<id>.<expiry>.<source>.<signature>`, an HMAC under a key every node shares. Only the holder of the token can
/// open the visitor's conversation. Profiles and agents see a derived public id (`chat-…`), which opens nothing.
public final class ChatVisitorTokens: Sendable {
    /// Tokens last 30 days and are renewed whenever the widget starts.
    static let lifetime: TimeInterval = 30 * 86400
    private let key = Mutex<SymmetricKey>(SymmetricKey(size: .bits256))

    func use(secret: String) { key.withLock { $0 = SymmetricKey(data: Data(SHA256.hash(data: Data(("chat:" + secret).utf8)))) } }

    public struct Visitor: Sendable, Equatable {
        public var id: String
        public var sourceID: SourceID
        public var expires: Date
    }

    /// A token for a new visitor (or for `visitorID`, renewing it) of a source.
    public func issue(visitorID: String? = nil, sourceID: SourceID, now: Date = Date()) -> (token: String, visitor: Visitor) {
        let id = visitorID ?? Self.newVisitorID()
        let expires = now.addingTimeInterval(Self.lifetime)
        let payload = "v1.\(id).\(Int64(expires.timeIntervalSince1970)).\(sourceID.rawValue)"
        return (payload + "." + signature(payload), Visitor(id: id, sourceID: sourceID, expires: expires))
    }

    /// The visitor a token names, if its signature holds, it has not expired, and it belongs to `sourceID`.
    func verify(_ token: String, sourceID: SourceID, now: Date = Date()) -> Visitor? {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 5, parts[0] == "v1", let seconds = Int64(parts[2]), parts[3] == sourceID.rawValue else { return nil }
        let payload = parts[0..<4].joined(separator: ".")
        guard ConsoleForgeryGuard.constantTimeEqual(signature(payload), parts[4]) else { return nil }
        let expires = Date(timeIntervalSince1970: TimeInterval(seconds))
        guard expires > now, ChatVisitor.isValidID(parts[1]) else { return nil }
        return Visitor(id: parts[1], sourceID: sourceID, expires: expires)
    }

    private func signature(_ payload: String) -> String {
        let mac = key.withLock { HMAC<SHA256>.authenticationCode(for: Data(payload.utf8), using: $0) }
        return Data(mac).base64URLEncoded
    }

    static func newVisitorID() -> String { makeSecret(prefix: "v") }

    /// The id profiles and agents see for a visitor: derived one way, so it cannot be used to open the chat.
    static func publicID(of visitorID: String) -> String {
        "chat-" + SHA256.hash(data: Data(("visitor:" + visitorID).utf8)).prefix(10).map { String(format: "%02x", $0) }.joined()
    }
}
