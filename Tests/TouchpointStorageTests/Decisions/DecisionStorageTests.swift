import Foundation
import XCTest
import TouchpointApp
import TouchpointDomain
@testable import TouchpointStorage

/// Decisions on SQLite and PostgreSQL: segment membership kept by the projection from its checkpoint (entries, exits
/// when a window passes, events on the timeline), decisions that two nodes make alike, outcomes that teach the model,
/// the report's uplift, and erasure of all of it.
final class DecisionStorageTests: XCTestCase {
    let now = Date(timeIntervalSince1970: 1_781_092_800)  // 2026-06-10

    static let tvNoSoundbar = SegmentDefinition(id: "tv-no-soundbar", name: "TV, no soundbar", allOf: [
        .history(.did("Order Completed", where: [PropertyCondition("category", .equals, .string("tv"))], withinDays: 90)),
        .history(.didNot("Order Completed", where: [PropertyCondition("category", .equals, .string("soundbar"))], withinDays: 90)),
    ])

    static let soundbarOffer = ActionDefinition(
        id: "soundbar-offer", name: "Soundbar for TV buyers", kind: .crossSell, channels: [.web, .email],
        texts: [.pl: ActionText(title: "Soundbar -20%", body: "Do Twojego telewizora")],
        eligibility: ActionEligibility(segments: ["tv-no-soundbar"]), value: .fixed(50), caps: ActionCaps(perPersonPerDay: 1))

    static let helpWithCase = ActionDefinition(
        id: "help-with-case", name: "We are on your case", kind: .service, channels: [.web],
        texts: [.pl: ActionText(title: "Zajmujemy się Twoją sprawą", body: "Odpowiemy dziś")],
        eligibility: ActionEligibility(conditions: [try! SegmentCondition.parsing("cases.open >= 1")]), value: .fixed(10))

    func order(_ user: String, _ category: String, at: Date) -> String {
        #"{"type":"track","userId":"\#(user)","event":"Order Completed","properties":{"category":"\#(category)"},"timestamp":"\#(Timestamps.format(at))"}"#
    }

    func testMembershipFollowsTheLogAndExpiresWhenTheWindowPasses() async throws {
        try await StorageHarness.onEveryDatabase { store, database in
            try await Sample.ingest(store, order("anna", "tv", at: now.addingTimeInterval(-10 * 86_400)),
                                    order("piotr", "tv", at: now.addingTimeInterval(-5 * 86_400)),
                                    order("piotr", "soundbar", at: now.addingTimeInterval(-4 * 86_400)))
            let desk = DecisionDesk(repository: store)
            try await desk.saveSegment(Self.tvNoSoundbar, now: now)
            let clock = now
            try await desk.segments.catchUp(now: { clock })
            let anna = try await unwrapAsync(await store.resolveProfileID(reference: "user_id:anna"))
            let piotr = try await unwrapAsync(await store.resolveProfileID(reference: "user_id:piotr"))
            let annaSegments = try await store.segments(of: anna)
            XCTAssertEqual(annaSegments, ["tv-no-soundbar"], database)
            let piotrSegments = try await store.segments(of: piotr)
            XCTAssertEqual(piotrSegments, [], database)
            let entered = try await store.timeline(anna, limit: 10, before: nil).entries.filter { $0.name == "Segment Entered" }
            XCTAssertEqual(entered.count, 1, database)

            // A new event moves the person at the next round, from the checkpoint: no rescan.
            try await Sample.ingest(store, order("anna", "soundbar", at: now.addingTimeInterval(60)))
            let later = now.addingTimeInterval(120)
            let changed = try await desk.segments.catchUp(now: { later })
            XCTAssertEqual(changed, 1, database)
            let afterSoundbar = try await store.segments(of: anna)
            XCTAssertEqual(afterSoundbar, [], database)
            let exited = try await store.timeline(anna, limit: 10, before: nil).entries.filter { $0.name == "Segment Exited" }
            XCTAssertEqual(exited.count, 1, database)
            let again = try await desk.segments.catchUp(now: { later })
            XCTAssertEqual(again, 0, "a round with nothing new changes nothing (\(database))")

            // Time alone moves people: a TV bought 85 days ago leaves the 90-day window on schedule.
            try await Sample.ingest(store, order("ewa", "tv", at: now.addingTimeInterval(-85 * 86_400)))
            try await desk.segments.catchUp(now: { later })
            let ewa = try await unwrapAsync(await store.resolveProfileID(reference: "user_id:ewa"))
            let ewaNow = try await store.segments(of: ewa)
            XCTAssertEqual(ewaNow, ["tv-no-soundbar"], database)
            let due = try await store.dueSegmentChecks(now: now.addingTimeInterval(6 * 86_400), limit: 10)
            XCTAssertEqual(due, [ewa], database)
            let sixDaysLater = now.addingTimeInterval(6 * 86_400)
            try await desk.segments.catchUp(now: { sixDaysLater })
            let ewaLater = try await store.segments(of: ewa)
            XCTAssertEqual(ewaLater, [], database)
            let members = try await store.segmentMembers("tv-no-soundbar", limit: 10, after: nil)
            XCTAssertEqual(members, [], database)
        }
    }

    /// Rounds of one event each: a round is stored while the next is read, so the next one must see the person's
    /// entry before it is committed, or it would record the same entry again.
    func testRoundsStoredWhileTheNextIsReadSeeEachOther() async throws {
        try await StorageHarness.onEveryDatabase { store, database in
            let desk = DecisionDesk(repository: store)
            try await desk.saveSegment(Self.tvNoSoundbar, now: now)
            let clock = now
            try await desk.segments.catchUp(now: { clock })
            for days in [10.0, 9, 8] { try await Sample.ingest(store, order("anna", "tv", at: now.addingTimeInterval(-days * 86_400))) }
            try await Sample.ingest(store, order("jan", "tv", at: now.addingTimeInterval(-7 * 86_400)))
            try await Sample.ingest(store, order("jan", "soundbar", at: now.addingTimeInterval(-6 * 86_400)))
            let changed = try await desk.segments.catchUp(now: { clock }, batch: 1)
            XCTAssertEqual(changed, 1, "anna in once, jan never (\(database))")
            let anna = try await unwrapAsync(await store.resolveProfileID(reference: "user_id:anna"))
            let jan = try await unwrapAsync(await store.resolveProfileID(reference: "user_id:jan"))
            let annaSegments = try await store.segments(of: anna)
            XCTAssertEqual(annaSegments, ["tv-no-soundbar"], database)
            let janSegments = try await store.segments(of: jan)
            XCTAssertEqual(janSegments, [], database)
            let annaTimeline = try await store.timeline(anna, limit: 20, before: nil).entries.map(\.name)
            XCTAssertEqual(annaTimeline.filter { $0 == "Segment Entered" }.count, 1, database)
            let annaState = try await store.memberships(of: [anna])[anna]?["tv-no-soundbar"]
            XCTAssertEqual(annaState?.member, true, database)
            XCTAssertEqual(annaState?.transitions, 1, database)
            let again = try await desk.segments.catchUp(now: { clock })
            XCTAssertEqual(again, 0, "the checkpoint stored is the last round's (\(database))")
        }
    }

    /// A transaction that appends to the log beside collection (the lapse round) must not commit
    /// after collection's higher sequence numbers: a projection reading the log in between would move its position
    /// past the earlier numbers and never see those events. On PostgreSQL, where both run at once, it did.
    func testEventsAppendedBesideCollectionAreNotSkippedByTheLogsReaders() async throws {
        try await StorageHarness.onEveryDatabase { store, database in
            try await Sample.ingest(store, order("anna", "tv", at: now.addingTimeInterval(-10 * 86_400)))
            let anna = try await unwrapAsync(await store.resolveProfileID(reference: "user_id:anna"))
            let source = try await store.internalSource(named: "Decisions").id
            var position = try await SQLStore.lastSequence(on: store.sql)
            var seen = [String]()
            func readTheLog() async throws {
                while let (changes, upTo) = try await store.newSegmentInputs(after: position, ignoring: [], limit: 100) {
                    seen += changes.values.flatMap(\.events).map(\.name)
                    position = upTo
                }
            }
            let moment = now
            // The append holds its transaction open while collection commits beside it, and the log is read meanwhile.
            let appending = Task {
                try await store.write { sql in
                    try await SQLStore.appendSystemEvents([SystemTimelineEvent(messageID: "held-\(UUID().uuidString)", profileID: anna, name: "Held Event",
                                                                               channel: .web, at: moment, properties: [:])],
                                                          source: source, now: moment, on: sql)
                    try await Task.sleep(for: .milliseconds(600))
                }
            }
            try await Task.sleep(for: .milliseconds(200))
            let janOrder = order("jan", "tv", at: moment.addingTimeInterval(-86_400))
            let collecting = Task { try await Sample.ingest(store, janOrder) }
            try await Task.sleep(for: .milliseconds(200))
            try await readTheLog()
            try await appending.value
            _ = try await collecting.value
            try await readTheLog()
            XCTAssertEqual(seen.sorted(), ["Held Event", "Order Completed"], database)
        }
    }

    func testTwoNodesDecideAlikeAndOutcomesTeachTheModel() async throws {
        try await StorageHarness.onEveryDatabase { store, database in
            try await Sample.ingest(store, order("anna", "tv", at: now.addingTimeInterval(-10 * 86_400)))
            let nodeA = DecisionDesk(repository: store), nodeB = DecisionDesk(repository: store)
            try await nodeA.saveSegment(Self.tvNoSoundbar, now: now)
            try await nodeA.saveAction(Self.soundbarOffer, now: now)
            try await nodeA.saveAction(Self.helpWithCase, now: now)

            let simulatedA = try await nodeA.decide(reference: "user_id:anna", channel: .web, placement: "home", limit: 3, now: now, record: false)
            let simulatedB = try await nodeB.decide(reference: "user_id:anna", channel: .web, placement: "home", limit: 3, now: now, record: false)
            XCTAssertEqual(simulatedA.record.result, simulatedB.record.result, database)
            let logged = try await nodeB.decide(reference: "user_id:anna", channel: .web, placement: "home", limit: 3, now: now)
            XCTAssertEqual(logged.record.result, simulatedA.record.result, database)
            XCTAssertEqual(logged.record.result.actions.map(\.id), ["soundbar-offer"], database)
            XCTAssertEqual(logged.record.result.notApplicable, ["not_eligible": 1], database)
            let stored = try await store.decision(logged.record.id)
            XCTAssertEqual(stored?.result, logged.record.result, database)

            // The day cap holds on the other node too: the log is shared.
            let second = try await nodeA.decide(reference: "user_id:anna", channel: .web, placement: "home", limit: 3, now: now.addingTimeInterval(60))
            XCTAssertEqual(second.record.result.reason(for: "soundbar-offer"), .capDay, database)

            // An acceptance teaches the learning segment's belief.
            let anna = logged.record.profileID
            try await Sample.ingest(store, #"{"type":"track","userId":"anna","event":"Offer Accepted","properties":{"decision_id":"\#(logged.record.id)","action_id":"soundbar-offer"},"timestamp":"\#(Timestamps.format(now.addingTimeInterval(30)))"}"#,
                                    #"{"type":"track","userId":"anna","event":"Offer Accepted","properties":{"decision_id":"no-such-decision","action_id":"soundbar-offer"}}"#)
            let outcomes = try await nodeA.catchUpOutcomes()
            XCTAssertEqual(outcomes, 2, database)
            let counts = try await store.learnedCounts(settledBefore: now)
            XCTAssertEqual(counts[PropensityKey(action: "soundbar-offer", segment: "tv-no-soundbar")], LearnedCounts(accepted: 1, declined: 0), database)
            let history = try await store.offerHistory(of: anna, since: now.addingTimeInterval(-86_400))
            XCTAssertEqual(history.map(\.kind), [.shown, .accepted], database)
            // The budget's count: one show, whichever node logged it (the second decision was capped).
            let budgets = try await store.budgetUsed()
            XCTAssertEqual(budgets, ["soundbar-offer": 1], database)

            let report = try await nodeA.report(from: now.addingTimeInterval(-86_400), to: now.addingTimeInterval(86_400))
            XCTAssertEqual(report.decisions, 2, database)
            XCTAssertEqual(report.actions.first?.shown, 1, database)
            XCTAssertEqual(report.actions.first?.accepted, 1, database)
            XCTAssertEqual(report.removals["cap_day"], 1, database)
            XCTAssertEqual(report.notApplicable["not_eligible"], 2, database)

            // Erasure takes the decisions, outcomes and memberships; a decision for the erased person stores nothing.
            _ = try await store.erase(anna, now: now)
            let left = try await store.decisions(of: anna, limit: 10)
            XCTAssertEqual(left.count, 0, database)
            let contacts = try await store.offerHistory(of: anna, since: .distantPast)
            XCTAssertEqual(contacts.count, 0, database)
            let rowsLeft = try await store.sql.rows("SELECT COUNT(*) AS n FROM offer_contacts").first?.decode(column: "n", as: Int64.self)
            XCTAssertEqual(rowsLeft, 0, "no show, hold-out or outcome of the erased person is left (\(database))")
            let budgetsAfter = try await store.budgetUsed()
            XCTAssertEqual(budgetsAfter, ["soundbar-offer": 1], "a budget spent stays spent (\(database))")
            do {
                _ = try await nodeA.decide(reference: "user_id:anna", channel: .web, placement: nil, limit: 3, now: now)
                XCTFail("an erased person gets no decision")
            } catch let error as DecisionDeskError {
                XCTAssertEqual(error, .unknownProfile)
            }
            let afterErase = try await store.decisionReport(from: now.addingTimeInterval(-86_400), to: now.addingTimeInterval(86_400), goalDays: 14)
            XCTAssertEqual(afterErase.decisions, 0, database)
        }
    }

    /// A decision's reading (on SQLite one trip to a reader lane) sees what the statements one by one see, including a
    /// write committed just before it, and many at once each get their own person.
    func testADecisionsReadingIsTheReadsTogetherAndSeesTheLatestCommit() async throws {
        try await StorageHarness.onEveryDatabase { store, database in
            try await Sample.ingest(store, order("anna", "tv", at: now.addingTimeInterval(-10 * 86_400)),
                                    order("ewa", "soundbar", at: now.addingTimeInterval(-3 * 86_400)))
            let names: Set<String> = ["Order Completed"]
            let anna = try await unwrapAsync(await store.resolveProfileID(reference: "user_id:anna"))
            let reading = try await unwrapAsync(await store.decisionReading(reference: "user_id:anna", historyEvents: names,
                                                                            offersSince: now.addingTimeInterval(-86_400), now: now))
            let facts = try await store.facts(of: [anna], historyEvents: names, now: now)[anna]
            XCTAssertEqual(reading.profileID, anna, database)
            XCTAssertEqual(reading.facts, facts, database)
            XCTAssertEqual(reading.facts.events.map(\.name), ["Order Completed"], database)
            XCTAssertEqual(reading.offers.count, 0, database)
            // Without a list of names the whole history is read (on PostgreSQL the prepared statement's null array).
            let whole = try await unwrapAsync(await store.decisionReading(reference: "user_id:anna", historyEvents: nil,
                                                                          offersSince: now.addingTimeInterval(-86_400), now: now))
            let wholeFacts = try await store.facts(of: [anna], historyEvents: nil, now: now)[anna]
            XCTAssertEqual(whole.facts, wholeFacts, database)
            let unlisted = try await unwrapAsync(await store.decisionReading(reference: "user_id:anna", historyEvents: ["Cart Viewed"],
                                                                             offersSince: now.addingTimeInterval(-86_400), now: now))
            XCTAssertEqual(unlisted.facts.events.count, 0, database)
            let unknown = try await store.decisionReading(reference: "user_id:nobody", historyEvents: names, offersSince: now, now: now)
            XCTAssertNil(unknown, database)

            // A show committed a moment ago is in the next reading.
            let desk = DecisionDesk(repository: store)
            try await desk.saveSegment(Self.tvNoSoundbar, now: now)
            try await desk.saveAction(Self.soundbarOffer, now: now)
            _ = try await desk.decide(reference: "user_id:anna", channel: .web, placement: nil, limit: 3, now: now)
            let after = try await store.decisionReading(reference: "user_id:anna", historyEvents: names,
                                                        offersSince: now.addingTimeInterval(-86_400), now: now)
            XCTAssertEqual(after?.offers.map(\.actionID), ["soundbar-offer"], database)

            // Many readings at once, more than there are lanes: each answers for its own person.
            let clock = now
            let people = try await withThrowingTaskGroup(of: String?.self) { group in
                for index in 0..<24 {
                    let user = index % 2 == 0 ? "anna" : "ewa"
                    group.addTask {
                        let reading = try await store.decisionReading(reference: "user_id:\(user)", historyEvents: names, offersSince: clock, now: clock)
                        return reading?.facts.events.first?.properties["category"]?.stringValue.map { "\(user):\($0)" }
                    }
                }
                return try await group.reduce(into: [String?]()) { $0.append($1) }
            }
            XCTAssertEqual(Set(people.compactMap { $0 }), ["anna:tv", "ewa:soundbar"], database)
            XCTAssertEqual(people.count, 24, database)
        }
    }

    /// An event may say it happened up to a year after it was received. The history's reads leave out the log's months
    /// received too early to hold any event of the window, and still find one received 540 days before `now` that says
    /// it happened 365 days later, inside the 180-day history.
    func testTheHistoryFindsAnEventReceivedLongBeforeItSaysItHappened() async throws {
        try await StorageHarness.onEveryDatabase { store, database in
            let receivedAt = now.addingTimeInterval(-540 * 86_400)
            let message = Sample.message(order("olga", "tv", at: receivedAt.addingTimeInterval(365 * 86_400)), receivedAt: receivedAt)
            _ = try await store.ingest([IngestSubmission(sourceID: Sample.source, messages: [message])], now: receivedAt)
            let olga = try await unwrapAsync(await store.resolveProfileID(reference: "user_id:olga"))
            let names: Set<String> = ["Order Completed"]
            let reading = try await unwrapAsync(await store.decisionReading(reference: "user_id:olga", historyEvents: names,
                                                                            offersSince: now.addingTimeInterval(-86_400), now: now))
            XCTAssertEqual(reading.facts.events.map(\.name), ["Order Completed"], database)
            let facts = try await store.facts(of: [olga], historyEvents: names, now: now)[olga]
            XCTAssertEqual(facts?.events.map(\.name), ["Order Completed"], database)
            // A day past the window it is out, by the history's own bound.
            let later = now.addingTimeInterval(6 * 86_400)
            let laterFacts = try await store.facts(of: [olga], historyEvents: names, now: later)[olga]
            XCTAssertEqual(laterFacts?.events.count, 0, database)
        }
    }

    /// On PostgreSQL decisions read and log through the store's own connections: a lost one (a terminated session) is
    /// opened again, and a store without them (the pool's connections) decides alike.
    func testDecisionsOutliveALostConnectionAndThePoolDecidesAlike() async throws {
        try await StorageHarness.onEveryDatabase { store, database in
            guard database == "postgres" else { return }
            try await Sample.ingest(store, order("anna", "tv", at: now.addingTimeInterval(-10 * 86_400)))
            let desk = DecisionDesk(repository: store)
            try await desk.saveSegment(Self.tvNoSoundbar, now: now)
            try await desk.saveAction(Self.soundbarOffer, now: now)
            _ = try await desk.decide(reference: "user_id:anna", channel: .web, placement: nil, limit: 3, now: now)
            let lanes = PostgresConnectionLanes.applicationName
            let sessions = try await store.sql.rows("""
                SELECT COUNT(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND application_name = \(bind: lanes)
                """).first?.decode(column: "n", as: Int64.self)
            XCTAssertEqual(sessions, 2, "one reading and one writing connection were opened")

            _ = try await store.sql.rows("""
                SELECT pg_terminate_backend(pid) AS gone FROM pg_stat_activity WHERE datname = current_database() AND application_name = \(bind: lanes)
                """)
            try await Task.sleep(for: .milliseconds(200))
            let later = now.addingTimeInterval(2 * 86_400)
            let afterLoss = try await desk.decide(reference: "user_id:anna", channel: .web, placement: nil, limit: 3, now: later)
            XCTAssertEqual(afterLoss.record.result.actions.map(\.id), ["soundbar-offer"])

            let pool = try SQLStore(database: store.database, sqliteWriter: nil)
            XCTAssertNil(pool.lanes)
            let poolDesk = DecisionDesk(repository: pool)
            let simulated = try await desk.decide(reference: "user_id:anna", channel: .web, placement: nil, limit: 3, now: later, record: false)
            let throughPool = try await poolDesk.decide(reference: "user_id:anna", channel: .web, placement: nil, limit: 3, now: later, record: false)
            XCTAssertEqual(throughPool.record.result, simulated.record.result)
            _ = try await poolDesk.decide(reference: "user_id:anna", channel: .web, placement: nil, limit: 3, now: later.addingTimeInterval(86_400))
            let logged = try await store.decisions(of: afterLoss.record.profileID, limit: 10)
            XCTAssertEqual(logged.count, 3, "the decisions before and after the loss, and the pool's")
        }
    }

    /// Decisions logged at once share a batch; one that cannot be stored (here: its id is taken) fails alone.
    func testDecisionsLoggedTogetherFailAlone() async throws {
        try await StorageHarness.onEveryDatabase { store, database in
            try await Sample.ingest(store, order("anna", "tv", at: now.addingTimeInterval(-10 * 86_400)))
            let anna = try await unwrapAsync(await store.resolveProfileID(reference: "user_id:anna"))
            let result = ArbitrationResult(actions: [], removed: [], serviceFirst: false, controlGroup: [])
            let clock = now
            let record: @Sendable (String) -> DecisionRecord = { id in
                DecisionRecord(id: id, profileID: anna, at: clock, channel: .web, placement: nil, result: result)
            }
            try await store.saveDecision(record("first"))
            let outcomes = await withTaskGroup(of: (String, Bool).self) { group in
                for id in ["first", "second", "third"] {
                    group.addTask { (id, (try? await store.saveDecision(record(id))) != nil) }
                }
                return await group.reduce(into: [String: Bool]()) { $0[$1.0] = $1.1 }
            }
            XCTAssertEqual(outcomes, ["first": false, "second": true, "third": true], database)
            let stored = try await store.decisions(of: anna, limit: 10).map(\.id).sorted()
            XCTAssertEqual(stored, ["first", "second", "third"], database)
            let made = try await store.timeline(anna, limit: 20, before: nil).entries.filter { $0.name == "Decision Made" }
            XCTAssertEqual(made.count, 3, database)
        }
    }

    /// The timeline reads decisions from their log beside the events: within a millisecond after the events, newest
    /// decision first, and a page can end between two decisions of the same millisecond without losing or repeating one.
    func testTheTimelinePagesThroughDecisionsOfOneMillisecond() async throws {
        try await StorageHarness.onEveryDatabase { store, database in
            try await Sample.ingest(store, order("anna", "tv", at: now.addingTimeInterval(-10 * 86_400)),
                                    #"{"type":"track","userId":"anna","event":"Page Viewed","messageId":"same-moment","timestamp":"\#(Timestamps.format(now))"}"#)
            let anna = try await unwrapAsync(await store.resolveProfileID(reference: "user_id:anna"))
            for id in ["d1", "d2", "d3"] {
                try await store.saveDecision(DecisionRecord(id: id, profileID: anna, at: now, channel: .web, placement: nil,
                                                            result: ArbitrationResult(actions: [], removed: [], serviceFirst: false, controlGroup: [])))
            }
            let whole = try await store.timeline(anna, limit: 50, before: nil).entries.map(\.messageID)
            XCTAssertEqual(Array(whole.prefix(4)), ["same-moment", "decision-d3", "decision-d2", "decision-d1"], database)
            for size in [1, 2, 3] {
                let paged = try await store.pagedTimeline(anna, size: size, atMost: whole.count)
                XCTAssertEqual(paged, whole, "pages of \(size) on \(database)")
            }
            let entry = try await store.timeline(anna, limit: 50, before: nil).entries.first { $0.messageID == "decision-d3" }
            XCTAssertEqual(entry?.payload["properties"]?["decision_id"]?.stringValue, "d3", database)
            XCTAssertEqual(entry?.channel, .web, database)
        }
    }

    /// Learning reads only the shows with an outcome (`offer_contacts_outcomes`); what it counts must not change: an
    /// acceptance is a success; a dismissal, or a view settled without an acceptance, a failure; an unseen show or a
    /// view not yet settled, nothing.
    func testLearningCountsEveryKindOfOutcomeAndOnlyThose() async throws {
        try await StorageHarness.onEveryDatabase { store, database in
            try await Sample.ingest(store, order("anna", "tv", at: now.addingTimeInterval(-86_400)))
            guard let anna = try await store.resolveProfileID(reference: "user_id:anna") else { return XCTFail("anna is not stored on \(database)") }
            let shown = { (id: String, at: Date) in
                DecisionRecord(id: id, profileID: anna, at: at, channel: .web, placement: nil,
                               result: ArbitrationResult(actions: [RankedAction(id: "offer", kind: .marketing, score: 1, propensity: 0.1, value: 10,
                                                                                weight: 1, reason: "score")],
                                                         removed: [], serviceFirst: false, controlGroup: []),
                               learningSegments: ["offer": "fans"])
            }
            let old = now.addingTimeInterval(-3 * 86_400)
            for (id, at) in [("unseen", old), ("accepted", old), ("dismissed", now), ("viewed-settled", old), ("viewed-fresh", now)] {
                try await store.saveDecision(shown(id, at))
            }
            let outcome = { (decision: String, kind: OfferContact.Kind) in
                OfferOutcome(decisionID: decision, actionID: "offer", kind: kind, profileID: anna, channel: .web, at: self.now)
            }
            try await store.addOfferOutcomes([outcome("accepted", .viewed), outcome("accepted", .accepted), outcome("dismissed", .dismissed),
                                              outcome("viewed-settled", .viewed), outcome("viewed-fresh", .viewed)], checkpoint: 0)
            let counts = try await store.learnedCounts(settledBefore: now.addingTimeInterval(-86_400))
            XCTAssertEqual(counts, [PropensityKey(action: "offer", segment: "fans"): LearnedCounts(accepted: 1, declined: 2)], database)
        }
    }
}
