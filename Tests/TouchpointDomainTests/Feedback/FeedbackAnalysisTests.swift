import Foundation
import XCTest
@testable import TouchpointDomain

/// The feedback page's arithmetic: groups, the driver analysis and the loop's figures, from small named inputs.
final class FeedbackAnalysisTests: XCTestCase {
    let monday9 = Timestamps.parse("2026-11-30T09:00:00Z")!

    func testDriversCompareTheAnswersWithATouchpointToThoseWithout() {
        // 30 answers after a phone call: 10 promoters, 20 detractors (NPS -33.3); 30 without: 20 promoters, 10 passives (NPS 66.7).
        var answers = [(score: Int, touchpoints: Set<String>)]()
        for index in 0..<30 { answers.append((index < 10 ? 10 : 3, ["channel:phone", "event:Order Completed"])) }
        for index in 0..<30 { answers.append((index < 20 ? 9 : 7, ["event:Order Completed"])) }
        let analysis = DriverAnalysis.make(answers, minimumSupport: 20)
        XCTAssertEqual(analysis.answers, 60)
        let phone = try? XCTUnwrap(analysis.drivers.first { $0.name == "channel:phone" })
        XCTAssertEqual(phone?.npsWith, -33.3)
        XCTAssertEqual(phone?.npsWithout, 66.7)
        XCTAssertEqual(phone?.gap ?? 0, -100, accuracy: 0.01)
        XCTAssertEqual(phone?.detractorShareWith, 66.7)
        // Everyone bought: no "without" side to compare with.
        XCTAssertNil(analysis.drivers.first { $0.name == "event:Order Completed" })
        XCTAssertTrue(DriverAnalysis.make(Array(answers.prefix(10)), minimumSupport: 20).drivers.isEmpty)
    }

    func testGroupsAreReportedLargestFirstAndMonthsInOrder() {
        let histograms: [String: [SurveyType: [Int: Int]]] = [
            "email": [.nps: [10: 3, 2: 1]], "phone": [.nps: [10: 1]], "web": [.csat: [5: 8, 1: 2]],
        ]
        let rows = FeedbackGroupFigures.make(histograms, type: nil, grouping: .channel)
        XCTAssertEqual(rows.map(\.group), ["web", "email", "phone"])
        XCTAssertEqual(rows[1].report.nps, 50)
        XCTAssertEqual(rows[0].report.csat, 80)
        let months = FeedbackGroupFigures.make(["2026-11": [.nps: [9: 1]], "2026-09": [.nps: [9: 5]]], type: .nps, grouping: .month)
        XCTAssertEqual(months.map(\.group), ["2026-09", "2026-11"])
    }

    func testTheLoopCountsAssignmentInBusinessHoursClosingAndRecovery() {
        let calendar = BusinessCalendar.weekdays([DayPeriod(start: "08:00", end: "16:00")], timeZone: "UTC")
        let friday1530 = Timestamps.parse("2026-11-27T15:30:00Z")!
        let followUps = [
            // Opened Friday 15:30, assigned Monday 08:20: 50 business minutes — within the hour.
            FeedbackLoopReport.FollowUp(openedAt: friday1530, firstAssignedAt: monday9.addingTimeInterval(-40 * 60), closedAt: nil,
                                        rootCause: nil, recovered: false),
            // Assigned after two business hours, closed in a day, the person bought again.
            FeedbackLoopReport.FollowUp(openedAt: monday9, firstAssignedAt: monday9.addingTimeInterval(2 * 3_600),
                                        closedAt: monday9.addingTimeInterval(86_400), rootCause: "delivery_delay", recovered: true),
            FeedbackLoopReport.FollowUp(openedAt: monday9, firstAssignedAt: monday9, closedAt: monday9.addingTimeInterval(72 * 3_600),
                                        rootCause: "delivery_delay", recovered: false),
            FeedbackLoopReport.FollowUp(openedAt: monday9, firstAssignedAt: nil, closedAt: nil, rootCause: "staff_behaviour", recovered: false),
        ]
        let report = FeedbackLoopReport.make(followUps, calendar: calendar)
        XCTAssertEqual(report.opened, 4)
        XCTAssertEqual(report.assignedWithinBusinessHour, 0.5)
        XCTAssertEqual(report.closedWithin48Hours, 0.25)
        XCTAssertEqual(report.recoveryRate, 0.25)
        XCTAssertEqual(report.rootCauses.map(\.cause), ["delivery_delay", "staff_behaviour"])
        XCTAssertNil(FeedbackLoopReport.make([], calendar: calendar).recoveryRate)
    }

    func testARecoverySurveyAsksWhateverTheCooldownButNotAgainstAnOptOut() {
        let recovery = Survey(id: "recovery", name: "Recovery", type: .nps, question: [.en: "Now?"], trigger: SurveyTrigger(event: .followUpClosed),
                              recontactDays: 0, createdAt: monday9, ignoresCooldown: true)
        let recent = ContactPolicy.Invitee(email: "ann@example.com", optedOut: false, timeZone: "UTC", lastInvitedAnySurvey: monday9.addingTimeInterval(-86_400))
        let noon = monday9.addingTimeInterval(3 * 3_600)
        XCTAssertEqual(ContactPolicy.standard.decide(survey: recovery, invitee: recent, now: noon), .send)
        var optedOut = recent
        optedOut.optedOut = true
        XCTAssertEqual(ContactPolicy.standard.decide(survey: recovery, invitee: optedOut, now: noon), .skip(.optedOut))
        let closed: [String: JSONValue] = ["to": .string("resolved"), "origin": .string("feedback")]
        XCTAssertTrue(SurveyTrigger(event: .followUpClosed).matches(name: "Case Status Changed", channel: .email, properties: closed))
        XCTAssertFalse(SurveyTrigger(event: .caseResolved).matches(name: "Case Status Changed", channel: .email, properties: closed),
                       "a follow-up's resolution asks the recovery survey, not the CSAT")
    }

    func testSurveysStoredBeforeRecoverySurveysStillRead() throws {
        let stored = #"{"id":"s","name":"n","type":"nps","question":{"pl":"?"},"followUps":[],"trigger":{"event":"manual","delayHours":0},"samplingPercent":100,"recontactDays":90,"status":"active","createdAt":"2026-11-30T09:00:00Z"}"#
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        let survey = try decoder.decode(Survey.self, from: Data(stored.utf8))
        XCTAssertFalse(survey.ignoresCooldown)
    }

    func testCollectionRefusesAnAnswerOffItsScale() {
        let validator = MessageValidator()
        func check(_ json: String) -> String? {
            switch validator.validate(JSONValue.parse(json)!, index: 0, envelope: .init(correctsClockSkew: false, receivedAt: Date()), makeID: { "id" }) {
            case .success: return nil
            case .failure(let rejection): return rejection.code + ": " + rejection.message
            }
        }
        XCTAssertEqual(check(#"{"type":"track","userId":"a","event":"Survey Answered","properties":{"survey_type":"nps","score":11}}"#),
                       "invalid_survey_answer: properties.score must be a whole number from 0 to 10 for nps, not 11.0")
        XCTAssertEqual(check(#"{"type":"track","userId":"a","event":"Survey Answered","properties":{"survey_type":"stars","score":4}}"#)?
            .hasPrefix("invalid_survey_answer: properties.survey_type must be nps, csat or ces"), true)
        XCTAssertNil(check(#"{"type":"track","userId":"a","event":"Survey Answered","properties":{"survey_type":"csat","score":4}}"#))
        XCTAssertNil(check(#"{"type":"track","userId":"a","event":"Survey Answered","properties":{"score":10}}"#),
                     "without a survey type it is an ordinary event")
    }
}

/// A profile's feedback at a glance.
final class FeedbackSummaryTests: XCTestCase {
    func answer(_ type: SurveyType, _ score: Int, _ day: String, sentiment: Double? = nil) -> SurveyAnswer {
        SurveyAnswer(id: SurveyAnswerID(rawValue: day + type.rawValue), profileID: "p", type: type, score: score, comment: sentiment == nil ? nil : "…",
                     surveyID: nil, caseID: nil, channel: .email, locale: .pl, answeredAt: Timestamps.parse(day + "T10:00:00Z")!, sentimentScore: sentiment)
    }

    func testTheLatestAnswerOfEachTypeAndTheSentimentTrend() {
        let summary = FeedbackSummary.make([
            answer(.nps, 3, "2026-09-02", sentiment: -0.8), answer(.nps, 9, "2026-11-20", sentiment: 0.6),
            answer(.csat, 2, "2026-10-05", sentiment: -0.4), answer(.ces, 6, "2026-10-06"),
        ])
        XCTAssertEqual(summary.latest[.nps]?.score, 9)
        XCTAssertEqual(summary.latest[.nps]?.band, .good)
        XCTAssertEqual(summary.latest[.ces]?.band, .bad)
        XCTAssertEqual(summary.sentiment.map(\.month), ["2026-09", "2026-10", "2026-11"])
        XCTAssertEqual(summary.trend, .improving)
        XCTAssertNil(FeedbackSummary.make([answer(.nps, 9, "2026-11-20", sentiment: 0.5)]).trend)
    }
}
