import Foundation
import Crypto
import TouchpointDomain

/// Identity verification for the chat, as Intercom and Zendesk do it: the site that embeds the widget proves who its
/// signed-in user is with a secret it shares with Touchpoint (per source), and only a proven identity joins the chat to
/// a customer's profile. Two forms:
/// - `userHash`: hex HMAC-SHA256 of the `userId` (or, without one, the `email`) under the secret (Intercom's form);
/// - `jwt`: an HS256 JSON Web Token signed with the secret, with `exp` and `external_id` (or `sub`), `email`, `name`,
///   `phone` claims (Zendesk's form).
enum ChatIdentityVerifier {
    struct Claims: Equatable, Sendable {
        var userId: String?
        var email: String?
        var name: String?
        var phone: String?
    }

    /// The identity a frame proves, or nil when it proves none (no secret, no proof, a wrong or expired one).
    static func verify(frame: JSONValue, secret: String?, now: Date = Date()) -> Claims? {
        guard let secret, !secret.isEmpty else { return nil }
        if let jwt = frame["jwt"]?.stringValue { return verify(jwt: jwt, secret: secret, now: now) }
        guard let hash = frame["userHash"]?.stringValue?.lowercased() else { return nil }
        let userId = frame["userId"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 }
        let email = frame["email"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 }
        guard let subject = userId ?? email else { return nil }
        let expected = HMAC<SHA256>.authenticationCode(for: Data(subject.utf8), using: SymmetricKey(data: Data(secret.utf8)))
            .map { String(format: "%02x", $0) }.joined()
        guard ConsoleForgeryGuard.constantTimeEqual(expected, hash) else { return nil }
        return Claims(userId: userId, email: email, name: frame["name"]?.stringValue, phone: frame["phone"]?.stringValue)
    }

    /// An HS256 JWT's claims when its signature holds and `exp` is in the future (a token without `exp` is refused:
    /// a leaked one would otherwise work for ever).
    static func verify(jwt: String, secret: String, now: Date) -> Claims? {
        let parts = jwt.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 3, jwt.utf8.count <= 8 * 1024,
              let headerData = Data(base64URLEncoded: parts[0]), let header = try? JSONCodec.parse(headerData),
              header["alg"]?.stringValue == "HS256",
              let signature = Data(base64URLEncoded: parts[2]) else { return nil }
        let signed = Data((parts[0] + "." + parts[1]).utf8)
        guard HMAC<SHA256>.isValidAuthenticationCode(signature, authenticating: signed, using: SymmetricKey(data: Data(secret.utf8))),
              let payloadData = Data(base64URLEncoded: parts[1]), let claims = try? JSONCodec.parse(payloadData),
              let expiry = claims["exp"]?.doubleValue, expiry.isFinite, Date(timeIntervalSince1970: expiry) > now else { return nil }
        let userId = claims["external_id"]?.stringValue ?? claims["external_id"]?.integerIdentifierText ?? claims["sub"]?.stringValue
        let email = claims["email"]?.stringValue
        guard userId != nil || email != nil else { return nil }
        return Claims(userId: userId, email: email, name: claims["name"]?.stringValue, phone: claims["phone"]?.stringValue)
    }
}
