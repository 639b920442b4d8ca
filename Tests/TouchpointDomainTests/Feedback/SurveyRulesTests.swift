import Foundation
import XCTest
@testable import TouchpointDomain

/// Surveys as defined, and contact fatigue as decided when an invitation falls due: no database, the time given.
final class SurveyRulesTests: XCTestCase {
    /// 2026-06-10 12:00 UTC (14:00 in Warsaw).
    let noon = Date(timeIntervalSince1970: 1_781_092_800)

    func survey(_ change: (inout Survey) -> Void = { _ in }) -> Survey {
        var survey = Survey(id: "s1", name: "NPS after purchase", type: .nps, question: [.pl: "Czy polecisz nas?"],
                            trigger: SurveyTrigger(event: .orderCompleted, delayHours: 24 * 7), recontactDays: 90, createdAt: noon)
        change(&survey)
        return survey
    }

    func invitee(_ change: (inout ContactPolicy.Invitee) -> Void = { _ in }) -> ContactPolicy.Invitee {
        var invitee = ContactPolicy.Invitee(email: "ann@example.com", optedOut: false, timeZone: "Europe/Warsaw")
        change(&invitee)
        return invitee
    }

    func testAPersonWhoMayBeAskedIsSentTheInvitation() {
        XCTAssertEqual(ContactPolicy.standard.decide(survey: survey(), invitee: invitee(), now: noon), .send)
    }

    func testEveryInvitationNotSentSaysWhy() {
        let policy = ContactPolicy.standard
        XCTAssertEqual(policy.decide(survey: survey { $0.status = .paused }, invitee: invitee(), now: noon), .skip(.surveyClosed))
        XCTAssertEqual(policy.decide(survey: survey { $0.endsAt = self.noon.addingTimeInterval(-1) }, invitee: invitee(), now: noon), .skip(.surveyClosed))
        XCTAssertEqual(policy.decide(survey: survey(), invitee: invitee { $0.optedOut = true }, now: noon), .skip(.optedOut))
        XCTAssertEqual(policy.decide(survey: survey(), invitee: invitee { $0.email = nil }, now: noon), .skip(.noReachableChannel))
        // The cooldown spans every survey: another survey 13 days ago blocks, 15 days ago does not.
        XCTAssertEqual(policy.decide(survey: survey(), invitee: invitee { $0.lastInvitedAnySurvey = self.noon.addingTimeInterval(-13 * 86_400) }, now: noon),
                       .skip(.cooldown))
        XCTAssertEqual(policy.decide(survey: survey(), invitee: invitee { $0.lastInvitedAnySurvey = self.noon.addingTimeInterval(-15 * 86_400) }, now: noon),
                       .send)
        // This survey's own recontact period is longer.
        XCTAssertEqual(policy.decide(survey: survey(), invitee: invitee {
            $0.lastInvitedAnySurvey = self.noon.addingTimeInterval(-30 * 86_400)
            $0.lastInvitedThisSurvey = self.noon.addingTimeInterval(-30 * 86_400)
        }, now: noon), .skip(.recontact))
    }

    func testQuietHoursInThePersonsTimeZoneDeferTheInvitationToTheMorning() throws {
        // 22:30 in Warsaw (20:30 UTC in June): held until 08:00 Warsaw the next day (06:00 UTC).
        let late = noon.addingTimeInterval(8.5 * 3_600)
        let resume = try XCTUnwrap(ContactPolicy.standard.endOfQuietHours(at: late, timeZone: "Europe/Warsaw"))
        XCTAssertEqual(resume, noon.addingTimeInterval(18 * 3_600))
        XCTAssertEqual(ContactPolicy.standard.decide(survey: survey(), invitee: invitee(), now: late), .later(resume))
        // The same moment is 05:30 the next morning in Tokyo: quiet until 08:00 there (23:00 UTC).
        XCTAssertEqual(ContactPolicy.standard.endOfQuietHours(at: late, timeZone: "Asia/Tokyo"), noon.addingTimeInterval(11 * 3_600))
        // Early morning, before the end: the same day's 08:00.
        let early = noon.addingTimeInterval(-9 * 3_600)  // 05:00 Warsaw
        XCTAssertEqual(ContactPolicy.standard.endOfQuietHours(at: early, timeZone: nil), noon.addingTimeInterval(-6 * 3_600))
        XCTAssertNil(ContactPolicy.standard.endOfQuietHours(at: noon, timeZone: "Europe/Warsaw"))
    }

    func testOptOutTraitsAreHonoured() {
        XCTAssertTrue(ContactPolicy.Invitee.optedOut(traits: ["survey_opt_out": .bool(true)]))
        XCTAssertTrue(ContactPolicy.Invitee.optedOut(traits: ["unsubscribed": .string("yes")]))
        XCTAssertTrue(ContactPolicy.Invitee.optedOut(traits: ["email_opt_in": .bool(false)]))
        XCTAssertFalse(ContactPolicy.Invitee.optedOut(traits: ["email_opt_in": .bool(true), "name": .string("Ann")]))
    }

    func testSamplingIsStableAndNearItsShare() {
        let people = (0..<10_000).map { ProfileID(rawValue: "p\($0)") }
        let sampled = people.filter { ContactPolicy.sampled(survey: "s1", person: $0, percent: 20) }
        XCTAssertEqual(Double(sampled.count) / 10_000, 0.2, accuracy: 0.02)
        XCTAssertEqual(sampled, people.filter { ContactPolicy.sampled(survey: "s1", person: $0, percent: 20) })
        XCTAssertNotEqual(sampled, people.filter { ContactPolicy.sampled(survey: "s2", person: $0, percent: 20) })
        XCTAssertTrue(people.allSatisfy { ContactPolicy.sampled(survey: "s1", person: $0, percent: 100) })
    }

    func testADefinitionIsCheckedFieldByField() {
        func message(_ change: (inout Survey) -> Void) -> String? {
            do { _ = try survey(change).validated(); return nil } catch { return "\(error)" }
        }
        XCTAssertNil(message { _ in })
        XCTAssertEqual(message { $0.samplingPercent = 0 }, "samplingPercent must be from 1 to 100")
        XCTAssertEqual(message { $0.question = [:] }?.hasPrefix("question needs a text"), true)
        XCTAssertEqual(message { $0.trigger = SurveyTrigger(event: .stageReached) }, "trigger.stage is required when trigger.event is stage_reached")
        XCTAssertEqual(message { $0.followUps = [SurveyQuestion(id: "reason", kind: .choice, text: [.en: "Why?"], options: ["one"])] },
                       "followUps[0] is a choice: 2 to 12 options are required")
        XCTAssertEqual(message { $0.followUps = [SurveyQuestion(id: "Bad Id", kind: .text, text: [.en: "Why?"])] }?.hasPrefix("followUps[0].id"), true)
    }

    func testFollowUpAnswersAreReadWithinWhatTheQuestionAllows() throws {
        let scale = SurveyQuestion(id: "ease", kind: .scale, text: [.en: "How easy?"], minimum: 1, maximum: 5)
        XCTAssertEqual(try scale.answer(from: "4"), .number(4))
        XCTAssertNil(try scale.answer(from: "  "))
        XCTAssertThrowsError(try scale.answer(from: "9"))
        let choice = SurveyQuestion(id: "reason", kind: .choice, text: [.en: "Why?"], options: ["price", "staff"])
        XCTAssertEqual(try choice.answer(from: "staff"), .string("staff"))
        XCTAssertThrowsError(try choice.answer(from: "<script>"))
    }

    func testTriggersReadTheirOwnEvents() {
        let resolved: [String: JSONValue] = ["to": .string("resolved")]
        XCTAssertTrue(SurveyTrigger(event: .caseResolved).matches(name: "Case Status Changed", channel: .email, properties: resolved))
        XCTAssertFalse(SurveyTrigger(event: .caseResolved).matches(name: "Case Status Changed", channel: .email, properties: ["to": .string("pending")]))
        XCTAssertTrue(SurveyTrigger(event: .chatEnded).matches(name: "Case Status Changed", channel: .chat, properties: resolved))
        XCTAssertFalse(SurveyTrigger(event: .caseResolved).matches(name: "Case Status Changed", channel: .chat, properties: resolved))
        XCTAssertTrue(SurveyTrigger(event: .orderCompleted).matches(name: "Order Completed", channel: .web, properties: [:]))
        XCTAssertFalse(SurveyTrigger(event: .manual).matches(name: "Order Completed", channel: .web, properties: [:]))
    }

    func testASurveyDocumentRoundTripsWithLanguagesAsKeys() throws {
        let original = survey { $0.question = [.pl: "Czy polecisz?", .ru: "Порекомендуете?"] }
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        let data = try encoder.encode(original)
        XCTAssertTrue(String(decoding: data, as: UTF8.self).contains(#""pl":"Czy polecisz?""#))
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        XCTAssertEqual(try decoder.decode(Survey.self, from: data), original)
    }
}
