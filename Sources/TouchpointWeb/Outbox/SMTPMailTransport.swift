import Foundation
import Logging
import NIOCore
import TouchpointApp
import TouchpointDomain

/// The outbox's transport over SMTP (`TOUCHPOINT_SMTP_URL`): an outbox mail becomes a MIME message from the configured
/// sender, and the SMTP client's refusals say whether the outbox should try again.
struct SMTPMailTransport: MailTransport {
    let settings: SMTPSettings
    let client: SMTPClient

    init(settings: SMTPSettings, eventLoopGroup: any EventLoopGroup, logger: Logger) {
        self.settings = settings
        self.client = SMTPClient(settings: settings, eventLoopGroup: eventLoopGroup, logger: logger)
    }

    func deliver(_ mail: OutgoingMail) async throws {
        guard let recipient = MailAddress(mail.to) else {
            throw MailTransportError("'\(mail.to)' is not an e-mail address this server can send to", permanent: true)
        }
        let message = MailMessage(from: settings.from, fromName: settings.fromName, to: [recipient], subject: mail.subject, text: mail.text,
                                  html: mail.html, messageID: mail.messageID, inReplyTo: mail.inReplyTo)
        do {
            try await client.send(message)
        } catch let error as SMTPError {
            throw MailTransportError(error.description, permanent: error.isPermanent)
        }
    }
}
