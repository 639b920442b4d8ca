import Foundation
import SQLKit
import TouchpointApp
import TouchpointDomain

/// The mail outbox. A mail is claimed for a lease before it is sent, so two nodes (or a slow send and the next round)
/// never send it twice; a crash mid-send leaves it to be claimed again when the lease ends.
extension SQLStore: MailOutboxRepository {
    public func enqueue(_ mail: OutgoingMail) async throws {
        try await write { sql in try await Self.enqueue(mail, on: sql) }
    }

    static func enqueue(_ mail: OutgoingMail, on sql: any SQLDatabase) async throws {
        try await sql.run("""
            INSERT INTO mail_outbox (id, purpose, reference, recipient, subject, body_text, body_html, message_id, in_reply_to, status,
                attempts, next_attempt_at, created_at)
            VALUES (\(bind: mail.id.rawValue), \(bind: mail.purpose), \(bind: mail.reference), \(bind: mail.to), \(bind: mail.subject),
                \(bind: mail.text), \(bind: mail.html), \(bind: mail.messageID), \(bind: mail.inReplyTo), \(bind: mail.status.rawValue),
                \(bind: Int64(mail.attempts)), \(bind: Timestamps.millis(mail.nextAttemptAt)), \(bind: Timestamps.millis(mail.createdAt)))
            """)
    }

    public func enqueueOnce(_ mail: OutgoingMail) async throws -> Bool {
        try await write { sql in
            // The id is the primary key: a second node (or round) with the same id inserts nothing and learns so.
            let inserted = try await sql.rows("""
                INSERT INTO mail_outbox (id, purpose, reference, recipient, subject, body_text, body_html, message_id, in_reply_to, status,
                    attempts, next_attempt_at, created_at)
                VALUES (\(bind: mail.id.rawValue), \(bind: mail.purpose), \(bind: mail.reference), \(bind: mail.to), \(bind: mail.subject),
                    \(bind: mail.text), \(bind: mail.html), \(bind: mail.messageID), \(bind: mail.inReplyTo), \(bind: mail.status.rawValue),
                    \(bind: Int64(mail.attempts)), \(bind: Timestamps.millis(mail.nextAttemptAt)), \(bind: Timestamps.millis(mail.createdAt)))
                ON CONFLICT (id) DO NOTHING RETURNING id
                """)
            return !inserted.isEmpty
        }
    }

    public func claimDue(now: Date, limit: Int, lease: TimeInterval) async throws -> [OutgoingMail] {
        let nowMillis = Timestamps.millis(now)
        return try await write { sql in
            // On PostgreSQL, rows another node is claiming right now are skipped rather than waited for.
            let rows = try await sql.rows("""
                SELECT * FROM mail_outbox WHERE status = 'pending' AND next_attempt_at <= \(bind: nowMillis) AND lease_until <= \(bind: nowMillis)
                ORDER BY next_attempt_at, id LIMIT \(bind: Int64(limit))\(sql: dialect == .postgres ? " FOR UPDATE SKIP LOCKED" : "")
                """)
            var claimed = [OutgoingMail]()
            for row in rows {
                let mail = try Self.mail(from: row)
                // The lease is taken only if nobody took it since the read (PostgreSQL reads committed, not locked).
                let taken = try await sql.rows("""
                    UPDATE mail_outbox SET lease_until = \(bind: nowMillis + Int64(lease * 1000))
                    WHERE id = \(bind: mail.id.rawValue) AND lease_until <= \(bind: nowMillis) RETURNING id
                    """)
                if !taken.isEmpty { claimed.append(mail) }
            }
            return claimed
        }
    }

    public func markSent(_ id: OutgoingMailID, at: Date) async throws {
        try await write { sql in
            try await sql.run("""
                UPDATE mail_outbox SET status = 'sent', sent_at = \(bind: Timestamps.millis(at)), attempts = attempts + 1, lease_until = 0,
                    last_error = NULL WHERE id = \(bind: id.rawValue)
                """)
        }
    }

    public func markAttemptFailed(_ id: OutgoingMailID, error: String, retryAt: Date?) async throws {
        let status = retryAt == nil ? OutgoingMail.Status.failed : .pending
        try await write { sql in
            try await sql.run("""
                UPDATE mail_outbox SET status = \(bind: status.rawValue), attempts = attempts + 1, lease_until = 0,
                    last_error = \(bind: String(error.prefix(1_000))), next_attempt_at = \(bind: retryAt.map(Timestamps.millis) ?? 0)
                WHERE id = \(bind: id.rawValue)
                """)
        }
    }

    public func recentMails(status: OutgoingMail.Status?, limit: Int) async throws -> [OutgoingMail] {
        var statement = SQLStatement("SELECT * FROM mail_outbox")
        if let status {
            statement.append(" WHERE status = ")
            statement.bind(status.rawValue)
        }
        statement.append(" ORDER BY created_at DESC, id DESC LIMIT ")
        statement.bind(Int64(limit))
        return try await sql.rows(statement).map(Self.mail(from:))
    }

    public func mailCounts() async throws -> [OutgoingMail.Status: Int] {
        var counts = [OutgoingMail.Status: Int]()
        for row in try await sql.rows("SELECT status, COUNT(*) AS n FROM mail_outbox GROUP BY status") {
            if let status = OutgoingMail.Status(rawValue: try row.decode(column: "status", as: String.self)) {
                counts[status] = try row.decode(column: "n", as: Int.self)
            }
        }
        return counts
    }

    static func mail(from row: any SQLRow) throws -> OutgoingMail {
        OutgoingMail(
            id: OutgoingMailID(rawValue: try row.decode(column: "id", as: String.self)),
            purpose: try row.decode(column: "purpose", as: String.self), reference: try row.decode(column: "reference", as: String?.self),
            to: try row.decode(column: "recipient", as: String.self), subject: try row.decode(column: "subject", as: String.self),
            text: try row.decode(column: "body_text", as: String.self), html: try row.decode(column: "body_html", as: String?.self),
            messageID: try row.decode(column: "message_id", as: String.self), inReplyTo: try row.decode(column: "in_reply_to", as: String?.self),
            status: OutgoingMail.Status(rawValue: try row.decode(column: "status", as: String.self)) ?? .pending,
            attempts: try row.decode(column: "attempts", as: Int.self),
            nextAttemptAt: Timestamps.date(millis: try row.decode(column: "next_attempt_at", as: Int64.self)),
            lastError: try row.decode(column: "last_error", as: String?.self),
            createdAt: Timestamps.date(millis: try row.decode(column: "created_at", as: Int64.self)),
            sentAt: try row.decode(column: "sent_at", as: Int64?.self).map(Timestamps.date(millis:)))
    }
}
