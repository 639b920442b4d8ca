import Foundation
import AsyncHTTPClient
import Crypto
import NIOCore
import TouchpointApp

/// Posts CX alerts to the company's webhook. The body is signed as GitHub signs its webhooks:
/// `X-Touchpoint-Signature: sha256=<hex HMAC-SHA256 of the raw body under the secret>`, so the receiver can check that
/// the alert came from this Touchpoint and was not altered. Any answer other than 2xx is a failed attempt.
struct AlertWebhookClient: AlertWebhookTransport {
    static let signatureHeader = "X-Touchpoint-Signature"

    static func signature(of body: Data, secret: String) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: body, using: SymmetricKey(data: Data(secret.utf8)))
        return "sha256=" + mac.map { String(format: "%02x", $0) }.joined()
    }

    func post(_ body: Data, to url: String, secret: String?) async throws {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "User-Agent", value: "Touchpoint-Alerts/1")
        request.headers.add(name: "X-Touchpoint-Event", value: "cx.alert")
        if let secret, !secret.isEmpty { request.headers.add(name: Self.signatureHeader, value: Self.signature(of: body, secret: secret)) }
        request.body = .bytes(ByteBuffer(bytes: body))
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
        _ = try? await response.body.collect(upTo: 64 << 10)
        guard (200..<300).contains(Int(response.status.code)) else {
            throw WebhookRefused(status: Int(response.status.code))
        }
    }

    struct WebhookRefused: Error, CustomStringConvertible {
        var status: Int
        var description: String { "the webhook answered HTTP \(status)" }
    }
}
