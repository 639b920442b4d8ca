import Foundation
import XCTest
import TouchpointApp
@testable import TouchpointDomain
@testable import TouchpointStorage

/// A small company built by hand, on SQLite and PostgreSQL: every pyramid indicator is checked against the value
/// worked out from the records below, then the gating, the channel page against the service report, and erasure.
///
/// The week of 2026-11-02 (Monday) to 2026-11-09, times in UTC (the desk's calendar is 09–17 Warsaw = 08–16 UTC):
/// - orders: anna, bob, carol, dave (one more of anna's on 10-20, outside); bob's refund and carol's complaint;
/// - self-service: anna searches and finds (then opens a case within 72 h: not solved), erin searches and finds
///   nothing, frank gets an assistant answer and finds an article (contacts nobody: both solved);
/// - cases (normal priority: first reply within 240 and resolution within 1,440 business minutes):
///   c1 anna e-mail, replied in 10 min, resolved in 1 h; c2 bob chat, replied in 5 min, resolved in 30 min, then
///   c3 bob e-mail 2.5 h later (a re-contact: c2 is no first-contact resolution, and a repeat contact), replied the
///   next afternoon (first reply late), never resolved (resolution breached); c4 carol, opened by us (proactive),
///   replied in 20 min, resolved in 2 h; c5 dave phone: one call abandoned after 2 min, one answered after 30 s,
///   resolved in 20 min;
/// - answers: NPS anna 10, carol 9, dave 8, frank 10 (NPS 75); CSAT anna 5, bob 4, carol 3, dave 4 (75 % satisfied);
/// - stages: anna loyalty, bob engagement, carol and dave experience, frank need; value: anna P(alive) 0.9, bob 0.6;
///   total CLV 700 on 11-01 and 800 on 11-08.
final class MeasureStorageTests: XCTestCase {
    let from = Timestamps.parse("2026-11-02T00:00:00Z")!
    let to = Timestamps.parse("2026-11-09T00:00:00Z")!
    let now = Timestamps.parse("2026-11-20T12:00:00Z")!

    func at(_ text: String) -> Date { Timestamps.parse("2026-11-" + text + ":00Z")! }

    func track(_ user: String, _ event: String, _ properties: String = "{}", at time: String) -> String {
        #"{"type":"track","userId":"\#(user)","event":"\#(event)","properties":\#(properties),"timestamp":"\#(time)"}"#
    }

    /// Builds the company and returns the desks that read it.
    func buildCompany(_ store: SQLStore) async throws -> (measure: MeasureDesk, service: ServiceDesk) {
        for user in ["anna", "bob", "carol", "dave", "erin", "frank"] {
            try await Sample.ingest(store, #"{"type":"identify","userId":"u-\#(user)","traits":{"email":"\#(user)@example.com"},"timestamp":"2026-10-01T10:00:00Z"}"#)
        }
        try await Sample.ingest(store,
            track("u-anna", "Order Completed", at: "2026-11-02T10:00:00Z"), track("u-bob", "Order Completed", at: "2026-11-03T10:00:00Z"),
            track("u-carol", "Order Completed", at: "2026-11-04T10:00:00Z"), track("u-dave", "Order Completed", at: "2026-11-05T10:00:00Z"),
            track("u-anna", "Order Completed", at: "2026-10-20T10:00:00Z"),
            track("u-bob", "Order Refunded", at: "2026-11-06T10:00:00Z"), track("u-carol", "Complaint Filed", at: "2026-11-06T11:00:00Z"),
            track("u-anna", "Help Center Searched", #"{"query":"zwrot","results":3}"#, at: "2026-11-02T08:00:00Z"),
            track("u-erin", "Help Center Searched", #"{"query":"faktura vat","results":0}"#, at: "2026-11-03T08:00:00Z"),
            track("u-frank", "Assistant Answered", #"{"question":"gdzie paczka","outcome":"answered","conversation_id":"k1"}"#, at: "2026-11-04T08:00:00Z"),
            track("u-frank", "Help Center Searched", #"{"query":"gwarancja","results":2}"#, at: "2026-11-04T08:05:00Z"),
            track("u-anna", "Survey Answered", #"{"survey_type":"nps","score":10}"#, at: "2026-11-03T12:00:00Z"),
            track("u-carol", "Survey Answered", #"{"survey_type":"nps","score":9}"#, at: "2026-11-05T12:00:00Z"),
            track("u-dave", "Survey Answered", #"{"survey_type":"nps","score":8}"#, at: "2026-11-06T12:00:00Z"),
            track("u-frank", "Survey Answered", #"{"survey_type":"nps","score":10}"#, at: "2026-11-06T13:00:00Z"),
            track("u-anna", "Survey Answered", #"{"survey_type":"csat","score":5}"#, at: "2026-11-02T12:00:00Z"),
            track("u-bob", "Survey Answered", #"{"survey_type":"csat","score":4}"#, at: "2026-11-03T12:00:00Z"),
            track("u-carol", "Survey Answered", #"{"survey_type":"csat","score":3}"#, at: "2026-11-04T12:00:00Z"),
            track("u-dave", "Survey Answered", #"{"survey_type":"csat","score":4}"#, at: "2026-11-05T12:00:00Z"))

        let service = ServiceDesk(repositories: store, validator: Sample.validator)
        try await service.prepare()
        let agent = ServiceCaller(role: .admin, name: "Admin", agent: nil)
        func contact(_ name: String) -> CustomerContact { CustomerContact(email: "\(name)@example.com", name: name.capitalized) }
        func customer(_ text: String) -> NewServiceMessage { NewServiceMessage(direction: .inbound, authorName: "Customer", body: text) }
        func reply(_ id: CaseID, at time: String) async throws {
            _ = try await service.add(NewServiceMessage(direction: .outbound, authorName: "Agent", body: "We are on it"), to: id, now: at(time))
        }
        func resolve(_ id: CaseID, at time: String) async throws { _ = try await service.changeStatus(id, to: .resolved, by: agent, now: at(time)) }

        let (c1, _) = try await service.open(NewCase(customer: contact("anna"), channel: .email, subject: "Zwrot"), firstMessage: customer("Jak zwrócić?"), now: at("02T09:00"))
        try await reply(c1.id, at: "02T09:10"); try await resolve(c1.id, at: "02T10:00")
        let (c2, _) = try await service.open(NewCase(customer: contact("bob"), channel: .chat, subject: "Dostawa"), firstMessage: customer("Gdzie paczka?"), now: at("03T09:00"))
        try await reply(c2.id, at: "03T09:05"); try await resolve(c2.id, at: "03T09:30")
        let (c3, _) = try await service.open(NewCase(customer: contact("bob"), channel: .email, subject: "Dostawa znowu"), firstMessage: customer("Nadal nie ma"), now: at("03T12:00"))
        try await reply(c3.id, at: "04T15:00")
        let (c4, _) = try await service.open(NewCase(customer: contact("carol"), channel: .email, subject: "Opóźnienie dostawy", origin: .proactive),
                                             firstMessage: nil, now: at("04T09:00"))
        try await reply(c4.id, at: "04T09:20"); try await resolve(c4.id, at: "04T11:00")
        let (c5, _) = try await service.open(NewCase(customer: contact("dave"), channel: .phone, subject: "Telefon"), firstMessage: nil, now: at("05T09:00"))
        _ = try await service.recordCall(CallRecord(id: "call-1", caseID: c5.id, direction: .inbound, phone: nil, agentID: nil, startedAt: at("05T09:00"),
                                                    waitSeconds: 120, talkSeconds: 0, wrapSeconds: 0, outcome: "abandoned"), now: at("05T09:02"))
        _ = try await service.recordCall(CallRecord(id: "call-2", caseID: c5.id, direction: .inbound, phone: nil, agentID: nil, startedAt: at("05T09:10"),
                                                    waitSeconds: 30, talkSeconds: 300, wrapSeconds: 60, outcome: "resolved"), now: at("05T09:16"))
        try await resolve(c5.id, at: "05T09:20")

        let profiles = ProfileDirectory(repositories: store, serviceDesk: service)
        _ = try await FeedbackDesk(repository: store, serviceDesk: service, profiles: profiles).catchUp(now: now)
        _ = try await SelfServiceDesk(repository: store, validator: Sample.validator).catchUp()

        // The lifecycle and value projections are other areas' work: their results are saved here through the same
        // writes those projections use (which keep the stage counts and value totals the pyramid reads).
        var states = [StoredLifecycle]()
        for (user, stage) in [("anna", LifecycleStage.loyalty), ("bob", .engagement), ("carol", .experience), ("dave", .experience), ("frank", .need)] {
            states.append(try await Self.storedLifecycle(store, user: user, stage: stage))
        }
        try await LifecycleTransaction(sql: store.sql).save(states, delete: [])
        var scores = [String: CustomerScores]()
        for (user, alive, clv) in [("anna", 0.9, 500.0), ("bob", 0.6, 300.0)] {
            let profile = try await unwrapAsync(await store.resolveProfileID(reference: "user_id:u-\(user)"))
            scores[profile.rawValue] = CustomerScores(rfm: "555", clv: clv, pAlive: alive, churnRisk: .low, valueTier: .gold)
        }
        try await store.saveValueScores(scores, model: StoredValueModel(id: "m1", fittedAt: now, fittedUntil: "2026-11-20", lastOrderSequence: 0,
                                                                        customers: 2, parameters: .object([:])))
        let measure = MeasureDesk(repository: store, serviceDesk: service)
        try await store.saveValueDay(MeasureDesk.day(at("01T12:00")), ValueTotals(customers: 2, clvSum: 700, aliveSum: 1.5))
        try await store.saveValueDay(MeasureDesk.day(at("08T12:00")), ValueTotals(customers: 2, clvSum: 800, aliveSum: 1.5))
        return (measure, service)
    }

    func testEveryIndicatorIsTheValueWorkedOutByHand() async throws {
        try await StorageHarness.onEveryDatabase { store, database in
            let (measure, _) = try await buildCompany(store)
            let (pyramid, facts, _) = try await measure.pyramid(MeasureScope(from: from, to: to), now: now)
            let values = Dictionary(uniqueKeysWithValues: pyramid.levels.flatMap(\.indicators).map { ($0.indicator.key, $0) })
            func check(_ key: String, _ expected: Double?, _ numerator: Double? = nil, _ denominator: Double? = nil, line: UInt = #line) {
                guard let reading = values[key] else { return XCTFail("\(database): no \(key)", line: line) }
                if let expected {
                    XCTAssertEqual(try XCTUnwrap(reading.value, "\(database): \(key)", line: line), expected, accuracy: 1e-9, "\(database): \(key)", line: line)
                } else {
                    XCTAssertNil(reading.value, "\(database): \(key)", line: line)
                }
                if let numerator { XCTAssertEqual(reading.numerator, numerator, "\(database): \(key) numerator", line: line) }
                if let denominator { XCTAssertEqual(reading.denominator, denominator, "\(database): \(key) denominator", line: line) }
            }
            check("self_service_resolution", 2.0 / 3, 2, 3)
            check("zero_result_searches", 1.0 / 3, 1, 3)
            check("contacts_per_order", 1, 4, 4)
            check("first_contact_resolution", 0.75, 3, 4)
            check("first_response_in_target", 0.8, 4, 5)
            check("resolution_in_target", 0.8, 4, 5)
            check("reachability", 0.8, 4, 5)
            check("csat", 0.75, 3, 4)
            check("repeat_contacts", 0.2, 1, 5)
            check("returns_and_complaints_per_order", 0.5, 2, 4)
            check("proactive_share", 0.2, 1, 5)
            check("offer_acceptance", nil, 0, 0)
            check("engagement_and_loyalty", 0.5, 2, 4)
            check("nps", 75, 3, 4)
            check("retention", 0.75, 1.5, 2)
            check("clv_trend", 800.0 / 700 - 1)
            XCTAssertEqual(facts.orders, 4, database)

            // Gating: levels 4 and 5 hold on their own, but nothing counts above a level that fails.
            XCTAssertEqual(pyramid.levels.map(\.met), [false, false, false, true, true], database)
            XCTAssertEqual(pyramid.reached, 0, database)
            try await measure.saveSettings(MeasureSettings(targets: ["zero_result_searches": 0.4, "contacts_per_order": 1]), now: now)
            let relaxed = try await measure.pyramid(MeasureScope(from: from, to: to), now: now).pyramid
            XCTAssertEqual(relaxed.reached, 1, database)
            XCTAssertEqual(relaxed.blockingLevel, .onDemandProblemSolving, database)

            // One channel: e-mail's own cases and answers.
            let email = try await measure.pyramid(MeasureScope(from: from, to: to, channel: .email), now: now).facts
            XCTAssertEqual(email.cases, 3, database)
            XCTAssertEqual(email.proactiveCases, 1, database)
        }
    }

    func testTheChannelPageAgreesWithTheServiceReport() async throws {
        try await StorageHarness.onEveryDatabase { store, database in
            let (measure, service) = try await buildCompany(store)
            let report = try await measure.channels(from: from, to: to, now: now)
            let window = try await service.settings().recontactWindowHours * 3_600
            let serviceReport = ServiceMetricsCalculator.grouped(try await service.facts(from: from, to: to), by: .channel, recontactWindow: window)
            XCTAssertEqual(serviceReport.count, 3, database)
            for group in serviceReport {
                XCTAssertEqual(report.channels.first { $0.channel.rawValue == group.key }?.service, group.summary, "\(database): \(group.key)")
            }
            let phone = try XCTUnwrap(report.channels.first { $0.channel == .phone })
            XCTAssertEqual([phone.offered, phone.answered, phone.abandoned], [2, 1, 1], database)
            XCTAssertEqual(phone.waitP50Seconds, 30, database)
            XCTAssertEqual(phone.hoursCovered, 40, "\(database): the desk's 09–17 weekdays")
            let web = try XCTUnwrap(report.channels.first { $0.channel == .web })
            XCTAssertEqual(web.hoursCovered, 168, database)
            let email = try XCTUnwrap(report.channels.first { $0.channel == .email })
            XCTAssertEqual([email.offered, email.answered], [2, 2], "\(database): the proactive case is not a customer's contact")
        }
    }

    /// The desk remembers each closed case's clocks between requests; a case that changes afterwards must be measured
    /// again, exactly as a desk that never saw it before measures it.
    func testRememberedCaseFiguresFollowTheCasesThatChange() async throws {
        try await StorageHarness.onEveryDatabase { store, database in
            let (measure, service) = try await buildCompany(store)
            let scope = MeasureScope(from: from, to: to)
            let before = try await measure.pyramid(scope, now: now).facts
            XCTAssertEqual([before.resolutions, before.resolutionsInTarget], [5, 4], database)

            let agent = ServiceCaller(role: .admin, name: "Admin", agent: nil)
            let cases = try await service.casesCreated(from: from, to: to)
            let bobsChat = try XCTUnwrap(cases.first { $0.channel == .chat })
            let bobsEmail = try XCTUnwrap(cases.first { $0.subject == "Dostawa znowu" })
            // Bob writes again on the chat he had closed, so it reopens, and his e-mail is finally resolved.
            _ = try await service.add(NewServiceMessage(direction: .inbound, authorName: "Bob", body: "Jednak nie doszła"), to: bobsChat.id,
                                      now: at("03T10:00"))
            _ = try await service.changeStatus(bobsEmail.id, to: .resolved, by: agent, now: at("05T10:00"))
            // Each other kind of write moves the case's version: a field, a rating, handle time, a call.
            let annasEmail = try XCTUnwrap(cases.first { $0.subject == "Zwrot" })
            let carolsNotice = try XCTUnwrap(cases.first { $0.origin == .proactive })
            let davesCall = try XCTUnwrap(cases.first { $0.channel == .phone })
            func version(_ id: CaseID) async throws -> Int64 {
                let versions = try await store.measuredCaseVersions(from: from, to: to)
                return try XCTUnwrap(versions.first { $0.id == id }?.version, database)
            }
            let writes: [(String, CaseID, () async throws -> Void)] = [
                ("priority", carolsNotice.id, { _ = try await service.update(carolsNotice.id, CaseUpdate(priority: .urgent), now: self.at("06T10:00")) }),
                ("rating", annasEmail.id, { _ = try await service.rate(annasEmail.id, score: 2, comment: nil, now: self.at("06T11:00")) }),
                ("handle time", carolsNotice.id, { _ = try await service.addHandleTime(carolsNotice.id, seconds: 90) }),
                ("call", davesCall.id, {
                    _ = try await service.recordCall(CallRecord(id: "call-3", caseID: davesCall.id, direction: .inbound, phone: nil, agentID: nil,
                                                                startedAt: self.at("06T09:00"), waitSeconds: 400, talkSeconds: 60, wrapSeconds: 0,
                                                                outcome: "resolved"), now: self.at("06T09:08"))
                }),
            ]
            for (kind, id, write) in writes {
                let before = try await version(id)
                try await write()
                let after = try await version(id)
                XCTAssertGreaterThan(after, before, "\(database): a \(kind) moves the version")
            }

            let remembered = try await measure.pyramid(scope, now: now).facts
            let fresh = try await MeasureDesk(repository: store, serviceDesk: service).pyramid(scope, now: now).facts
            XCTAssertEqual(remembered, fresh, database)
            XCTAssertNotEqual(remembered, before, "\(database): the changes moved the figures")
            let channels = try await measure.channels(from: from, to: to, now: now)
            let freshChannels = try await MeasureDesk(repository: store, serviceDesk: service).channels(from: from, to: to, now: now)
            XCTAssertEqual(channels.channels.map(\.service), freshChannels.channels.map(\.service), database)
        }
    }

    /// A person's lifecycle state in `stage`, as the projector would save it.
    static func storedLifecycle(_ store: SQLStore, user: String, stage: LifecycleStage) async throws -> StoredLifecycle {
        let profile = try await unwrapAsync(await store.resolveProfileID(reference: "user_id:u-\(user)"))
        var state = LifecycleState()
        state.stage = stage
        return StoredLifecycle(profileID: profile, state: state, cost: ExperienceCostState(), valueTier: nil)
    }

    func testTheStageCountsFollowEveryStateWrittenOrDeleted() async throws {
        try await StorageHarness.onEveryDatabase { store, database in
            _ = try await buildCompany(store)
            func counted() async throws -> [LifecycleStage: Int] {
                var stages = [LifecycleStage: Int]()
                for row in try await store.sql.rows("SELECT stage, COUNT(*) AS n FROM lifecycle_states WHERE stage IS NOT NULL GROUP BY stage") {
                    stages[LifecycleStage(rawValue: try row.decode(column: "stage", as: String.self))!] = Int(try row.decode(column: "n", as: Int64.self))
                }
                return stages
            }
            let kept = try await store.stageCounts(segment: nil)
            XCTAssertEqual(kept, [.loyalty: 1, .engagement: 1, .experience: 2, .need: 1], database)
            // anna falls back to engagement, carol moves up to loyalty, frank's state is deleted, erin gets her first one.
            let transaction = LifecycleTransaction(sql: store.sql)
            try await transaction.save([try await Self.storedLifecycle(store, user: "anna", stage: .engagement),
                                        try await Self.storedLifecycle(store, user: "carol", stage: .loyalty),
                                        try await Self.storedLifecycle(store, user: "erin", stage: .awareness)],
                                       delete: [try await unwrapAsync(await store.resolveProfileID(reference: "user_id:u-frank"))])
            let moved = try await store.stageCounts(segment: nil)
            XCTAssertEqual(moved, [.engagement: 2, .loyalty: 1, .experience: 1, .awareness: 1], database)
            let recount = try await counted()
            XCTAssertEqual(moved, recount, "\(database): the kept counts equal a count of the states")
            // Writing the same states again moves nobody.
            try await transaction.save([try await Self.storedLifecycle(store, user: "anna", stage: .engagement)], delete: [])
            let again = try await store.stageCounts(segment: nil)
            XCTAssertEqual(again, moved, database)
            // A replay under new rules starts from nothing.
            try await SQLStore.clearLifecycleProjection(builtWith: "{}", now: now, on: store.sql)
            let cleared = try await store.stageCounts(segment: nil)
            XCTAssertEqual(cleared, [:], database)
        }
    }

    func testErasureTakesThePersonOutOfTheDayCounts() async throws {
        try await StorageHarness.onEveryDatabase { store, database in
            let (measure, _) = try await buildCompany(store)
            let before = try await measure.pyramid(MeasureScope(from: from, to: to), now: now).facts
            XCTAssertEqual(before.orders, 4, database)
            let anna = try await unwrapAsync(await store.resolveProfileID(reference: "user_id:u-anna"))
            _ = try await store.erase(anna, now: now)
            let after = try await measure.pyramid(MeasureScope(from: from, to: to), now: now).facts
            XCTAssertEqual(after.orders, 3, database)
            let counts = try await store.eventCounts(named: ["Order Completed"], MeasureScope(from: at("01T00:00").addingTimeInterval(-40 * 86_400), to: to))
            XCTAssertEqual(counts["Order Completed"], 3, "\(database): anna's October order is gone too")
            let value = try await store.valueTotals(segment: nil)
            XCTAssertEqual(value.customers, 1, database)
            XCTAssertEqual(value.clvSum, 300, accuracy: 1e-9, "\(database): only bob's CLV is left")
            XCTAssertEqual(value.aliveSum, 0.6, accuracy: 1e-9, database)
        }
    }
}
