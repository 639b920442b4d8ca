import Foundation
import XCTest
import TouchpointApp
import TouchpointDomain
@testable import TouchpointStorage

/// Surveys and the outbox on SQLite and PostgreSQL: an invitation per survey and event, a decision and its mail in one
/// transaction and only once, one answer per invitation on the log, a mail claimed by one sender at a time, and
/// erasure that takes invitations and mails with the person.
final class SurveyStorageTests: XCTestCase {
    let now = Date(timeIntervalSince1970: 1_781_092_800)

    func invitation(_ id: String, profile: ProfileID, event: String?, due: Date) -> SurveyInvitation {
        SurveyInvitation(id: InvitationID(rawValue: id), surveyID: "s1", profileID: profile, locale: .pl, triggerEventID: event, dueAt: due, createdAt: now)
    }

    func mail(_ id: String, reference: String) -> OutgoingMail {
        OutgoingMail(id: OutgoingMailID(rawValue: id), purpose: "survey_invitation", reference: reference, to: "ann@example.com",
                     subject: "Jedno pytanie", text: "Dzień dobry", html: nil, messageID: "m-\(id)@touchpoint", nextAttemptAt: now, createdAt: now)
    }

    func testInvitationsAreDecidedOnceWithTheirMail() async throws {
        try await StorageHarness.onEveryDatabase { store, database in
            try await Sample.ingest(store, #"{"type":"identify","userId":"ann","traits":{"email":"ann@example.com"},"timestamp":"2026-06-01T00:00:00Z"}"#)
            let ann = try await unwrapAsync(await store.resolveProfileID(reference: "user_id:ann"))
            let survey = Survey(id: "s1", name: "NPS", type: .nps, question: [.pl: "Polecisz?"], trigger: SurveyTrigger(event: .orderCompleted), createdAt: now)
            try await store.saveSurvey(survey)
            let stored = try await store.survey("s1")
            XCTAssertEqual(stored, survey, database)

            let first = try await store.addInvitations([invitation("i1", profile: ann, event: "e1", due: now)], checkpoint: nil)
            let repeated = try await store.addInvitations([invitation("i2", profile: ann, event: "e1", due: now)], checkpoint: nil)
            XCTAssertEqual(first.count, 1, database)
            XCTAssertEqual(repeated.count, 0, "\(database): one invitation per survey and trigger event")
            let due = try await store.dueInvitations(now: now, limit: 10)
            XCTAssertEqual(due.map(\.id), ["i1"], database)

            var sent = due[0]
            sent.status = .sent
            sent.sentAt = now
            sent.email = "ann@example.com"
            try await store.decide(sent, mail: mail("m1", reference: "i1"))
            // A second decision (another node, a retry) changes nothing and queues no second mail.
            try await store.decide(sent, mail: mail("m2", reference: "i1"))
            let counts = try await store.mailCounts()
            XCTAssertEqual(counts[.pending], 1, database)
            let last = try await store.lastInvited(profile: ann, survey: "s1")
            XCTAssertEqual(last.any, now, database)
            XCTAssertEqual(last.this, now, database)
            let invitationCounts = try await store.invitationCounts(of: "s1")
            XCTAssertEqual(invitationCounts.byStatus[.sent], 1, database)

            let sink = ServiceTimelineSink(sourceID: Sample.source, validator: Sample.validator)
            let event: JSONValue = .object(["type": .string("track"), "event": .string("Survey Answered"), "userId": .string("ann"),
                                            "messageId": .string("survey-i1"), "timestamp": .string(Timestamps.format(now)),
                                            "properties": .object(["survey_type": .string("nps"), "score": .number(9)])])
            let eventsBefore = try await store.countEvents()
            let answered = try await store.recordAnswer("i1", event: event, sink: sink, at: now)
            let again = try await store.recordAnswer("i1", event: event, sink: sink, at: now)
            XCTAssertTrue(answered, database)
            XCTAssertFalse(again, "\(database): a second answer is refused")
            let eventsAfter = try await store.countEvents()
            XCTAssertEqual(eventsAfter, eventsBefore + 1, "\(database): one event on the log")
            let read = try await store.invitation("i1")
            XCTAssertEqual(read?.status, .answered, database)

            // Erasure takes the invitations and their mails with the person.
            _ = try await store.erase(ann, now: now)
            let afterErasure = try await store.invitation("i1")
            XCTAssertNil(afterErasure, database)
            let mailsAfter = try await store.recentMails(status: nil, limit: 10)
            XCTAssertTrue(mailsAfter.isEmpty, database)
        }
    }

    func testAMailIsClaimedByOneSenderAndRetriedWithBackOff() async throws {
        try await StorageHarness.onEveryDatabase { store, database in
            try await store.enqueue(mail("m1", reference: "case-1"))
            let claimed = try await store.claimDue(now: now, limit: 10, lease: 60)
            let meanwhile = try await store.claimDue(now: now.addingTimeInterval(1), limit: 10, lease: 60)
            XCTAssertEqual(claimed.map(\.id), ["m1"], database)
            XCTAssertTrue(meanwhile.isEmpty, "\(database): a leased mail is not handed out twice")

            let retryAt = now.addingTimeInterval(30)
            try await store.markAttemptFailed("m1", error: "421 try later", retryAt: retryAt)
            let early = try await store.claimDue(now: now.addingTimeInterval(10), limit: 10, lease: 60)
            XCTAssertTrue(early.isEmpty, "\(database): not before its next attempt")
            let retried = try await store.claimDue(now: retryAt, limit: 10, lease: 60)
            XCTAssertEqual(retried.first?.attempts, 1, database)
            XCTAssertEqual(retried.first?.lastError, "421 try later", database)
            try await store.markSent("m1", at: retryAt)
            let sent = try await store.recentMails(status: .sent, limit: 10)
            XCTAssertEqual(sent.first?.attempts, 2, database)
            XCTAssertEqual(sent.first?.sentAt, retryAt, database)

            try await store.enqueue(mail("m2", reference: "case-2"))
            _ = try await store.claimDue(now: now, limit: 10, lease: 60)
            try await store.markAttemptFailed("m2", error: "550 no such user", retryAt: nil)
            let failed = try await store.recentMails(status: .failed, limit: 10)
            XCTAssertEqual(failed.map(\.id), ["m2"], database)
        }
    }

    func testTheDailyRollUpsAgreeWithTheAnswersThroughCommentsAndErasure() async throws {
        try await StorageHarness.onEveryDatabase { store, database in
            try await Sample.ingest(store, #"{"type":"identify","userId":"ann","traits":{"email":"ann@example.com"},"timestamp":"2026-06-01T00:00:00Z"}"#)
            let ann = try await unwrapAsync(await store.resolveProfileID(reference: "user_id:ann"))
            func answer(_ id: String, _ type: SurveyType, _ score: Int, _ profile: ProfileID, sentiment: Sentiment? = nil, topics: [String] = []) -> SurveyAnswer {
                SurveyAnswer(id: SurveyAnswerID(rawValue: id), profileID: profile, type: type, score: score, comment: sentiment == nil ? nil : "…",
                             surveyID: "s1", caseID: nil, channel: .email, locale: .pl, answeredAt: now, sentiment: sentiment,
                             sentimentScore: sentiment == .negative ? -0.8 : sentiment == nil ? nil : 0.7, topics: topics)
            }
            _ = try await store.saveAnswers([
                (answer("a1", .nps, 2, ann), 1), (answer("a2", .nps, 10, "bob", sentiment: .positive, topics: ["staff"]), 2),
                (answer("a3", .csat, 5, "cid", sentiment: .negative, topics: ["delivery"]), 3),
            ], checkpoint: 3)
            let day = Date(timeIntervalSince1970: (now.timeIntervalSince1970 / 86_400).rounded(.down) * 86_400)
            let whole = FeedbackFilter(from: day, to: day.addingTimeInterval(86_400))
            let exact = FeedbackFilter(from: now.addingTimeInterval(-1), to: now.addingTimeInterval(1))
            func figures(_ filter: FeedbackFilter) async throws -> String {
                let histogram = try await store.scoreHistogram(filter)
                let sentiment = try await store.sentimentCounts(filter)
                let topics = try await store.topicFigures(filter, limit: 10)
                return "\(histogram.sorted { $0.key.rawValue < $1.key.rawValue }.map { "\($0.key.rawValue)\($0.value.sorted { $0.key < $1.key })" }) "
                    + "\(Sentiment.allCases.map { sentiment[$0] ?? 0 }) \(topics.map { "\($0.topic) \($0.count) \($0.sentiment)" })"
            }
            let fromDays = try await figures(whole), fromAnswers = try await figures(exact)
            XCTAssertEqual(fromDays, fromAnswers, database)

            // A comment added later moves the answer into its sentiment and topics, in both readings.
            var commented = answer("a1", .nps, 2, ann, sentiment: .negative, topics: ["delivery"])
            commented.comment = "Kurier zgubił paczkę"
            _ = try await store.addComment(to: "a1", commented)
            let afterComment = try await figures(whole), afterCommentExact = try await figures(exact)
            XCTAssertEqual(afterComment, afterCommentExact, database)
            let negative = try await store.sentimentCounts(whole)[.negative]
            XCTAssertEqual(negative, 2, database)

            // Erasing Ann takes her answer out of the roll-ups too.
            _ = try await store.erase(ann, now: now)
            let afterErasure = try await figures(whole), afterErasureExact = try await figures(exact)
            XCTAssertEqual(afterErasure, afterErasureExact, database)
            let detractors = try await store.scoreHistogram(whole)[.nps]?[2] ?? 0
            XCTAssertEqual(detractors, 0, database)
        }
    }
}
