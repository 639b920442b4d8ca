import Foundation
import Crypto
import Synchronization
import TouchpointDomain

/// The token in a survey link (`/s/TOKEN`): `<invitation id>.<HMAC>` under a key every node shares. The invitation id
/// alone opens nothing; a token whose signature does not hold is refused before the database is asked.
public final class SurveyTokens: Sendable {
    private let key = Mutex<SymmetricKey>(SymmetricKey(size: .bits256))

    func use(secret: String) { key.withLock { $0 = SymmetricKey(data: Data(SHA256.hash(data: Data(("survey:" + secret).utf8)))) } }

    public func token(for invitation: InvitationID) -> String {
        invitation.rawValue + "." + signature(invitation.rawValue)
    }

    /// The invitation a token names, if its signature holds.
    func verify(_ token: String) -> InvitationID? {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 2, !parts[0].isEmpty, parts[0].count <= 64,
              parts[0].allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }),
              ConsoleForgeryGuard.constantTimeEqual(signature(parts[0]), parts[1]) else { return nil }
        return InvitationID(rawValue: parts[0])
    }

    private func signature(_ payload: String) -> String {
        let mac = key.withLock { HMAC<SHA256>.authenticationCode(for: Data(("invitation:" + payload).utf8), using: $0) }
        return Data(mac).prefix(18).base64URLEncoded
    }
}
