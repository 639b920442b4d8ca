import Foundation
import TouchpointDomain

extension ServiceDesk {
    /// An agent's reply on an e-mail case goes to the customer through the outbox: "Re: subject [#number]", threaded on
    /// the customer's last message, retried until the mail server takes it.
    func mailReply(_ message: ServiceMessage, of serviceCase: ServiceCase, now: Date) async throws {
        guard let outbox, message.direction == .outbound, message.channel == .email || serviceCase.channel == .email,
              let address = serviceCase.customer.email, !address.isEmpty else { return }
        let lastInbound = try await repositories.messages(of: serviceCase.id, after: nil, includeNotes: false)
            .last { $0.direction == .inbound && $0.externalID != nil }
        let mail = ServiceReplyMail.compose(message, of: serviceCase, to: address, inReplyTo: lastInbound?.externalID, now: now)
        try await outbox.enqueue(mail)
    }
}

/// The e-mail carrying an agent's reply. Plain text only: the reply is the agent's words as typed, and the customer's
/// earlier message is quoted below it, so nothing a customer wrote is ever interpreted as markup.
public enum ServiceReplyMail {
    public static func compose(_ message: ServiceMessage, of serviceCase: ServiceCase, to address: String, inReplyTo: String?, now: Date) -> OutgoingMail {
        let subject = serviceCase.subject.hasPrefix("Re:") ? serviceCase.subject : "Re: " + serviceCase.subject
        let text = message.body + "\n\n-- \n" + message.authorName + "\n[#\(serviceCase.number)]\n"
        return OutgoingMail(
            id: OutgoingMailID(rawValue: TimeOrderedID.make(at: now)), purpose: "service_reply", reference: serviceCase.id.rawValue,
            to: address, subject: String((subject + " [#\(serviceCase.number)]").prefix(250)), text: text, html: nil,
            messageID: "case-\(serviceCase.id.rawValue)-\(message.id)@touchpoint", inReplyTo: inReplyTo, nextAttemptAt: now, createdAt: now)
    }
}
