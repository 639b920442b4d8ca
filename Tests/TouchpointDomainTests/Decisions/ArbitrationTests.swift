import Foundation
import XCTest
@testable import TouchpointDomain

/// Next best action: ranking, service before marketing, caps, contact policy and the control group — each removal
/// named by its rule.
final class ArbitrationTests: XCTestCase {
    typealias F = DecisionFixtures
    let now = DecisionFixtures.now

    func decide(_ request: ArbitrationRequest, at moment: Date? = nil) -> ArbitrationResult {
        Arbitration.decide(request, now: moment ?? now)
    }

    func reason(_ action: ActionDefinition, _ change: (inout ArbitrationRequest) -> Void = { _ in }, at moment: Date? = nil) -> RemovalReason? {
        decide(F.request(F.ann(), [action], change), at: moment).reason(for: action.id)
    }

    func testActionsRankByPropensityTimesValueTimesWeight() {
        let result = decide(F.request(F.ann()) {
            $0.propensities = ["soundbar-offer": 0.2, "newsletter": 0.5]
        })
        // soundbar 0.2 × 80 = 16, newsletter 0.5 × 20 = 10, win-back 0.1 × 60 = 6, advice 0.1 × 15 = 1.5, case update 0.1 × 10 = 1.
        XCTAssertEqual(result.actions.map(\.id), ["soundbar-offer", "newsletter", "winback-discount", "tv-care-advice", "case-update"])
        XCTAssertEqual(result.actions[0].score, 16, accuracy: 1e-9)
        XCTAssertEqual(result.actions[0].value, 80, accuracy: 1e-9)
        XCTAssertEqual(result.actions.map(\.reason), Array(repeating: "score", count: 5))
        XCTAssertFalse(result.serviceFirst)
        XCTAssertEqual(result.removed, [])
        // A business weight of 3 lifts the win-back offer (18) above the soundbar.
        var favoured = F.winback
        favoured.businessWeight = 3
        let weighted = decide(F.request(F.ann(), [F.soundbarOffer, favoured]) { $0.propensities = ["soundbar-offer": 0.2] })
        XCTAssertEqual(weighted.actions.map(\.id), ["winback-discount", "soundbar-offer"])
    }

    func testAnOpenCasePutsServiceBeforeMarketing() {
        let result = decide(F.request(F.ann { $0.openCases = 1 }) {
            $0.propensities = ["soundbar-offer": 0.9, "winback-discount": 0.5]
        })
        XCTAssertTrue(result.serviceFirst)
        // The case update scores least (1) and still comes first; selling waits.
        XCTAssertEqual(result.actions.map(\.id), ["case-update", "winback-discount", "tv-care-advice"])
        XCTAssertEqual(result.actions[0].reason, "service_first")
        XCTAssertEqual(result.reason(for: "soundbar-offer"), .serviceFirst)
        XCTAssertEqual(result.reason(for: "newsletter"), .serviceFirst)
    }

    func testARecentDetractorOrBadExperiencePutsServiceFirstForNDays() {
        let policyDays = ArbitrationPolicy.standard.serviceFirstDays
        XCTAssertEqual(policyDays, 30)
        func serviceFirst(_ change: (inout ProfileFacts) -> Void) -> Bool {
            Arbitration.needsServiceFirst(F.ann(change), now: now, days: policyDays)
        }
        XCTAssertFalse(serviceFirst { _ in })
        XCTAssertTrue(serviceFirst { $0.feedback.lastDetractorAt = F.daysAgo(10) })
        XCTAssertFalse(serviceFirst { $0.feedback.lastDetractorAt = F.daysAgo(31) })
        XCTAssertTrue(serviceFirst { $0.feedback.lastBadExperienceAt = F.daysAgo(2) })
        // Only the last NPS answer known: a 3 ten days ago is a detractor answer.
        XCTAssertTrue(serviceFirst { $0.feedback = FeedbackFacts(lastNPS: 3, lastNPSAt: F.daysAgo(10)) })
        XCTAssertFalse(serviceFirst { $0.feedback = FeedbackFacts(lastNPS: 8, lastNPSAt: F.daysAgo(10)) })
        let decided = decide(F.request(F.ann { $0.feedback.lastDetractorAt = F.daysAgo(10) }))
        XCTAssertEqual(decided.actions.first?.id, "case-update")
        XCTAssertEqual(decided.reason(for: "soundbar-offer"), .serviceFirst)
    }

    func testFrequencyCapsCountShowsInTheLastDayAndWeek() {
        let daily = F.action("daily-tip", .advice) { $0.caps = ActionCaps(perPersonPerDay: 1) }
        let shown = { (at: Date) in OfferContact(actionID: "daily-tip", kind: .shown, at: at, channel: .web) }
        XCTAssertEqual(reason(daily) { $0.history = [shown(F.hoursAgo(2))] }, .capDay)
        XCTAssertNil(reason(daily) { $0.history = [shown(F.hoursAgo(25))] })
        // Views are outcomes of a show, not shows: they do not count against the cap.
        XCTAssertNil(reason(daily) { $0.history = [OfferContact(actionID: "daily-tip", kind: .viewed, at: F.hoursAgo(2), channel: .web)] })
        // Another action's shows do not count either.
        XCTAssertNil(reason(daily) { $0.history = [OfferContact(actionID: "newsletter", kind: .shown, at: F.hoursAgo(2), channel: .web)] })

        let weekly = F.action("weekly-tip", .advice) { $0.caps = ActionCaps(perPersonPerWeek: 2) }
        let shownWeekly = { (at: Date) in OfferContact(actionID: "weekly-tip", kind: .shown, at: at, channel: .email) }
        XCTAssertEqual(reason(weekly) { $0.history = [shownWeekly(F.daysAgo(2)), shownWeekly(F.daysAgo(3))] }, .capWeek)
        XCTAssertNil(reason(weekly) { $0.history = [shownWeekly(F.daysAgo(3)), shownWeekly(F.daysAgo(8))] })
    }

    func testTheTotalBudgetStopsAnActionForEveryone() {
        let limited = F.action("limited", .marketing) { $0.caps = ActionCaps(totalBudget: 100) }
        XCTAssertEqual(reason(limited) { $0.budgetUsed = ["limited": 100] }, .budget)
        XCTAssertNil(reason(limited) { $0.budgetUsed = ["limited": 99] })
    }

    func testEveryOtherRuleNamesItsReason() {
        let advice = F.tvCareAdvice
        // Validity: from inclusive, until exclusive.
        XCTAssertEqual(reason(F.action("later", .advice) { $0.validFrom = F.inDays(1) }), .outsideValidity)
        XCTAssertEqual(reason(F.action("ended", .advice) { $0.validUntil = self.now }), .outsideValidity)
        XCTAssertNil(reason(F.action("running", .advice) { $0.validFrom = self.now; $0.validUntil = F.inDays(1) }))
        // Channel and placement.
        XCTAssertEqual(reason(advice) { $0.channel = .store }, .channel)
        let banner = F.action("banner", .advice) { $0.placements = ["home_banner"] }
        XCTAssertEqual(reason(banner) { $0.placement = "checkout" }, .channel)
        XCTAssertNil(reason(banner) { $0.placement = "HOME_BANNER" })
        // Eligibility: segments (any of) and conditions (all of).
        let forTVBuyers = F.action("for-tv-buyers", .advice) { $0.eligibility = ActionEligibility(segments: ["tv-no-soundbar"]) }
        XCTAssertEqual(reason(forTVBuyers), .notEligible)
        XCTAssertNil(reason(forTVBuyers) { $0.memberOf = ["tv-no-soundbar"] })
        let rich = F.action("for-the-rich", .advice) {
            $0.eligibility = ActionEligibility(conditions: [.property(PropertyCondition("value.clv", .greaterThanOrEqual, .number(5_000)))])
        }
        XCTAssertEqual(reason(rich), .notEligible)
        // Consent: commercial actions need marketing consent; a blocked channel gets nothing.
        XCTAssertEqual(reason(F.winback) { $0.consent = ConsentFlags(marketing: false) }, .noConsent)
        XCTAssertNil(reason(advice) { $0.consent = ConsentFlags(marketing: false) })
        XCTAssertEqual(reason(F.caseUpdate, { $0.channel = .email; $0.consent = ConsentFlags(marketing: true, blockedChannels: [.email]) }), .noConsent)
        // Dismissed lately: not again for 14 days.
        let dismissed = { (at: Date) in OfferContact(actionID: "tv-care-advice", kind: .dismissed, at: at, channel: .web) }
        XCTAssertEqual(reason(advice) { $0.history = [dismissed(F.daysAgo(3))] }, .recentlyDismissed)
        XCTAssertNil(reason(advice) { $0.history = [dismissed(F.daysAgo(20))] })
    }

    func testQuietHoursHoldOutboundChannelsOnly() {
        // 20:30 UTC is 22:30 in Warsaw: no e-mail now, but someone on the web site is there by choice.
        let late = now.addingTimeInterval(8.5 * 3_600)
        XCTAssertEqual(reason(F.tvCareAdvice, { $0.channel = .email }, at: late), .quietHours)
        XCTAssertNil(reason(F.tvCareAdvice, { $0.channel = .web }, at: late))
        XCTAssertNil(reason(F.tvCareAdvice, { $0.channel = .email }, at: now))
        // The same moment is 05:30 in Tokyo, still night there.
        XCTAssertEqual(reason(F.tvCareAdvice, { $0.channel = .email; $0.timeZone = "Asia/Tokyo" }, at: late), .quietHours)
    }

    func testTheControlGroupIsStableAndNearItsShare() {
        let people = (0..<10_000).map { ProfileID(rawValue: "p\($0)") }
        let held = people.filter { Arbitration.inControlGroup(action: "soundbar-offer", person: $0, percent: 20) }
        XCTAssertEqual(Double(held.count) / 10_000, 0.2, accuracy: 0.02)
        XCTAssertEqual(held, people.filter { Arbitration.inControlGroup(action: "soundbar-offer", person: $0, percent: 20) })
        XCTAssertNotEqual(held, people.filter { Arbitration.inControlGroup(action: "newsletter", person: $0, percent: 20) })
        XCTAssertFalse(people.contains { Arbitration.inControlGroup(action: "soundbar-offer", person: $0, percent: 0) })
        // More than 50 % is never held out, whatever was stored.
        let capped = people.filter { Arbitration.inControlGroup(action: "soundbar-offer", person: $0, percent: 80) }
        XCTAssertEqual(Double(capped.count) / 10_000, 0.5, accuracy: 0.02)
    }

    func testAPersonInTheControlGroupIsNotShownTheActionAndTheDecisionRecordsIt() throws {
        var measured = F.soundbarOffer
        measured.controlGroupPercent = 50
        let candidates = (0..<100).map { ProfileID(rawValue: "p\($0)") }
        let heldOut = try XCTUnwrap(candidates.first { Arbitration.inControlGroup(action: measured.id, person: $0, percent: 50) })
        let treated = try XCTUnwrap(candidates.first { !Arbitration.inControlGroup(action: measured.id, person: $0, percent: 50) })
        func decision(for person: ProfileID) -> ArbitrationResult {
            decide(F.request(F.ann { $0.profileID = person }, [measured, F.winback]) {
                $0.propensities = ["soundbar-offer": 0.5]
                $0.limit = 1
            })
        }
        let control = decision(for: heldOut)
        XCTAssertEqual(control.controlGroup, ["soundbar-offer"])
        XCTAssertEqual(control.reason(for: "soundbar-offer"), .controlGroup)
        XCTAssertEqual(control.actions.map(\.id), ["winback-discount"])  // the slot goes to the next best
        XCTAssertEqual(decision(for: heldOut), control)  // the same every time
        let shown = decision(for: treated)
        XCTAssertEqual(shown.controlGroup, [])
        XCTAssertEqual(shown.actions.map(\.id), ["soundbar-offer"])
        XCTAssertEqual(shown.reason(for: "winback-discount"), .limit)

        // As answered and logged, an action ranked below the limit is counted, not listed: a catalogue of hundreds
        // would otherwise list every lower-ranked action with every decision. The control group stays listed.
        let summary = shown.summarized()
        XCTAssertNil(summary.reason(for: "winback-discount"))
        XCTAssertEqual(summary.notApplicable["limit"], 1)
        XCTAssertEqual(control.summarized().reason(for: "soundbar-offer"), .controlGroup)
    }

    func testASummaryCountsExactlyTheReasonsThatDoNotApplyAndListsTheRest() {
        // Every reason twice, for two actions each: the not-applicable ones counted by name, the others listed in order.
        let removed = RemovalReason.allCases.flatMap { reason in
            [RemovedAction(id: ActionID(rawValue: "a-\(reason.rawValue)"), kind: .marketing, reason: reason),
             RemovedAction(id: ActionID(rawValue: "b-\(reason.rawValue)"), kind: .service, reason: reason)]
        }
        let summary = ArbitrationResult(actions: [], removed: removed, serviceFirst: false, controlGroup: []).summarized()
        XCTAssertEqual(summary.notApplicable, Dictionary(uniqueKeysWithValues: ArbitrationResult.notApplicableReasons.map { ($0.rawValue, 2) }))
        XCTAssertEqual(summary.removed, removed.filter { !$0.reason.isNotApplicable })
        XCTAssertEqual(Set(summary.notApplicable.keys), ["outside_validity", "channel", "not_eligible", "limit"])
    }
}
