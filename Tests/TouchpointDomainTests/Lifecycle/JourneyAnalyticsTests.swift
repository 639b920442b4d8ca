import XCTest
@testable import TouchpointDomain

final class JourneyAnalyticsTests: XCTestCase {
    static let january = Timestamps.parse("2025-01-10T00:00:00Z")!

    /// A transition `hours` after `start`.
    static func move(_ from: LifecycleStage?, _ to: LifecycleStage, _ hours: Double, _ channel: Channel, start: Date) -> StageTransition {
        StageTransition(from: from, to: to, at: start.addingTimeInterval(hours * 3600), eventId: "x", channel: channel, ruleId: "r")
    }

    /// Six profiles with hand-computed answers (see each test).
    static func fixture() -> [ProfileJourney] {
        func journey(_ id: String, _ start: Date, _ tier: String?, _ moves: [(LifecycleStage?, LifecycleStage, Double, Channel)]) -> ProfileJourney {
            ProfileJourney(profileID: ProfileID(rawValue: id), firstSeen: start, valueTier: tier,
                           transitions: moves.map { move($0.0, $0.1, $0.2, $0.3, start: start) })
        }
        let day = 86_400.0
        let february5 = Timestamps.parse("2025-02-05T08:00:00Z")!
        return [
            journey("p1", january, "gold", [(nil, .need, 0, .web), (.need, .awareness, 1, .email), (.awareness, .interaction, 3, .web),
                                            (.interaction, .experience, 13, .web), (.experience, .engagement, 113, .store),
                                            (.engagement, .loyalty, 213, .email)]),
            journey("p2", january.addingTimeInterval(day), "gold", [(nil, .need, 0, .web), (.need, .interaction, 2, .web), (.interaction, .experience, 6, .store)]),
            journey("p3", january.addingTimeInterval(2 * day), "silver", [(nil, .need, 0, .mobile), (.need, .awareness, 3, .email)]),
            journey("p4", february5, "silver", [(nil, .experience, 0, .store), (.experience, .engagement, 200, .store), (.engagement, .experience, 250, .phone)]),
            journey("p5", february5.addingTimeInterval(15 * day), nil, [(nil, .need, 0, .web), (.need, .awareness, 4, .web), (.awareness, .interaction, 14, .web)]),
            journey("p6", february5.addingTimeInterval(16 * day), nil, [(nil, .need, 0, .web)]),
        ]
    }

    func testTheFunnelCountsReachedStagesConversionsAndDropOff() {
        let funnel = JourneyAnalytics.funnel(Self.fixture())
        XCTAssertEqual(funnel.map(\.stage), LifecycleStage.allCases)
        XCTAssertEqual(funnel.map(\.profiles), [6, 5, 4, 3, 2, 1], "reaching a stage counts every earlier one as passed")
        XCTAssertEqual(funnel.map(\.dropOff), [1, 1, 1, 1, 1, nil])
        XCTAssertEqual(funnel.map(\.current), [1, 1, 1, 2, 0, 1])
        let conversions = funnel.map(\.conversionToNext)
        for (actual, expected) in zip(conversions.dropLast(), [5.0 / 6, 4.0 / 5, 3.0 / 4, 2.0 / 3, 1.0 / 2]) {
            XCTAssertEqual(actual ?? -1, expected, accuracy: 1e-12)
        }
        XCTAssertNil(conversions.last!)
        XCTAssertEqual(JourneyAnalytics.funnel([]).map(\.conversionToNext), [nil, nil, nil, nil, nil, nil], "no division by zero")
    }

    func testTimeInStageMedianAndP90AreExact() throws {
        let funnel = JourneyAnalytics.funnel(Self.fixture())
        // need stays 1, 2, 3, 4 h; awareness 2, 10; interaction 10, 4; experience 100, 200; engagement 100, 50; loyalty still running.
        XCTAssertEqual(funnel.map(\.stays), [4, 2, 2, 2, 2, 0])
        let medians = funnel.map(\.medianHoursInStage)
        let p90s = funnel.map(\.p90HoursInStage)
        for (actual, expected) in zip(medians.prefix(5), [2.5, 6, 7, 150, 75]) { XCTAssertEqual(try XCTUnwrap(actual), expected, accuracy: 1e-9) }
        for (actual, expected) in zip(p90s.prefix(5), [3.7, 9.2, 9.4, 190, 95]) { XCTAssertEqual(try XCTUnwrap(actual), expected, accuracy: 1e-9) }
        XCTAssertNil(medians[5])
        XCTAssertEqual(JourneyAnalytics.percentile([1, 2, 3, 4], 0.5), 2.5)
        XCTAssertEqual(JourneyAnalytics.percentile([7], 0.9), 7)
        XCTAssertEqual(JourneyAnalytics.percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9) ?? 0, 9.1, accuracy: 1e-12)
        XCTAssertNil(JourneyAnalytics.percentile([], 0.5))
    }

    func testTheTransitionMatrixFeedsASankey() {
        let matrix = JourneyAnalytics.transitionMatrix(Self.fixture())
        XCTAssertEqual(matrix, [
            TransitionCount(from: nil, to: .need, count: 5), TransitionCount(from: nil, to: .experience, count: 1),
            TransitionCount(from: .need, to: .awareness, count: 3), TransitionCount(from: .need, to: .interaction, count: 1),
            TransitionCount(from: .awareness, to: .interaction, count: 2), TransitionCount(from: .interaction, to: .experience, count: 2),
            TransitionCount(from: .experience, to: .engagement, count: 2), TransitionCount(from: .engagement, to: .experience, count: 1),
            TransitionCount(from: .engagement, to: .loyalty, count: 1),
        ])
    }

    func testCohortsByFirstSeenMonth() {
        let cohorts = JourneyAnalytics.cohorts(Self.fixture())
        XCTAssertEqual(cohorts, [
            CohortRow(month: "2025-01", profiles: 3, reached: [3, 3, 2, 2, 1, 1]),
            CohortRow(month: "2025-02", profiles: 3, reached: [3, 2, 2, 1, 1, 0]),
        ])
        XCTAssertEqual(cohorts[1].reached(.engagement), 1)
    }

    func testFiltersByChannelTierAndDateRange() {
        let journeys = Self.fixture()
        let web = JourneyAnalytics.report(journeys, filter: JourneyFilter(channel: .web))
        XCTAssertEqual(web.profiles, 6, "the channel filter narrows transitions, not the cohort")
        XCTAssertEqual(web.funnel.map(\.profiles), [4, 3, 3, 1, 0, 0])
        XCTAssertEqual(web.funnel.map(\.current), [1, 0, 1, 0, 0, 0])
        XCTAssertEqual(web.funnel[0].medianHoursInStage, 2, "need stays entered on the web: 1, 2, 4 h")
        XCTAssertEqual(web.transitions.reduce(0) { $0 + $1.count }, 9)
        XCTAssertEqual(web.transitions.first, TransitionCount(from: nil, to: .need, count: 4))

        let gold = JourneyAnalytics.report(journeys, filter: JourneyFilter(valueTier: "gold"))
        XCTAssertEqual(gold.profiles, 2)
        XCTAssertEqual(gold.funnel.map(\.profiles), [2, 2, 2, 2, 1, 1])

        let february = JourneyFilter(from: Timestamps.parse("2025-02-01T00:00:00Z"), to: Timestamps.parse("2025-03-01T00:00:00Z"))
        let report = JourneyAnalytics.report(journeys, filter: february)
        XCTAssertEqual(report.profiles, 3)
        XCTAssertEqual(report.cohorts.map(\.month), ["2025-02"])
        XCTAssertEqual(report.funnel.map(\.profiles), [3, 2, 2, 1, 1, 0])
        XCTAssertEqual(JourneyAnalytics.report(journeys, filter: JourneyFilter(from: Timestamps.parse("2025-02-05T08:00:00Z"),
                                                                              to: Timestamps.parse("2025-02-20T08:00:00Z"))).profiles, 1,
                       "[from, to): the start is in, the end is out")
    }

    func testTouchpointsByChannelPerStageComeFromTheClassifier() throws {
        let classifier = LifecycleClassifier()
        var first = JourneyScript("a")
        first.track("Products Searched", day: 0, channel: .mobile)
        first.track("Product Viewed", day: 1)
        first.track("Product Viewed", day: 1.1)
        first.order(day: 2, channel: .store)
        first.call(day: 3, outcome: "resolved")
        var second = JourneyScript("b")
        second.track("Product Viewed", day: 0, channel: .mobile)
        second.track("Live Chat Conversation Started", day: 0.5, channel: .chat)
        let journeys = try [first, second].enumerated().map { index, script in
            try XCTUnwrap(ProfileJourney(profileID: ProfileID(rawValue: "p\(index)"), state: classifier.replay(script.events)))
        }
        let touchpoints = JourneyAnalytics.touchpoints(journeys)
        XCTAssertEqual(touchpoints, StageChannelCounts([.need: [.mobile: 1], .interaction: [.web: 2, .mobile: 1, .chat: 1],
                                                        .experience: [.store: 1, .phone: 1]]))
        XCTAssertEqual(JourneyAnalytics.touchpoints(journeys, filter: JourneyFilter(channel: .mobile)),
                       StageChannelCounts([.need: [.mobile: 1], .interaction: [.mobile: 1]]))
        XCTAssertEqual(journeys[0].firstSeen, JourneyScript.start)
        XCTAssertNil(ProfileJourney(profileID: "empty", state: LifecycleState()))
        let json = try JSONEncoder().encode(touchpoints)
        XCTAssertEqual(try JSONDecoder().decode(StageChannelCounts.self, from: json), touchpoints)
    }

    // MARK: Incremental aggregate

    /// Random but reproducible journeys: forward moves, some regressions, stays from a minute to months.
    static func randomJourneys(count: Int, seed: UInt64) -> [ProfileJourney] {
        var random = SeededRandom(seed: seed)
        let tiers: [String?] = [nil, "gold", "silver", "bronze"]
        return (0..<count).map { index in
            let firstSeen = january.addingTimeInterval(Double(Int.random(in: 0..<90, using: &random)) * 86_400
                                                       + Double.random(in: 0..<86_400, using: &random))
            var stage = LifecycleStage(index: Int.random(in: 0...3, using: &random))!
            var at = firstSeen
            var transitions = [StageTransition(from: nil, to: stage, at: at, eventId: "e0", channel: Channel.allCases.randomElement(using: &random)!, ruleId: "r")]
            var touchpoints = StageChannelCounts()
            for step in 0..<Int.random(in: 0...6, using: &random) {
                touchpoints.add(Int.random(in: 1...4, using: &random), stage: stage, channel: Channel.allCases.randomElement(using: &random)!)
                let next: LifecycleStage
                if stage.index >= 4, Bool.random(using: &random) {
                    next = .experience
                } else if let forward = stage.next {
                    next = LifecycleStage(index: Int.random(in: forward.index...min(5, forward.index + 1), using: &random))!
                } else {
                    break
                }
                at = at.addingTimeInterval(pow(10, Double.random(in: -2.5...3.5, using: &random)) * 3600)
                transitions.append(StageTransition(from: stage, to: next, at: at, eventId: "e\(step + 1)",
                                                   channel: Channel.allCases.randomElement(using: &random)!, ruleId: "r"))
                stage = next
            }
            return ProfileJourney(profileID: ProfileID(rawValue: "p\(index)"), firstSeen: firstSeen, valueTier: tiers.randomElement(using: &random)!,
                                  transitions: transitions, touchpoints: touchpoints)
        }
    }

    /// Equal counts; percentiles within the histogram's bound.
    func assertMatches(_ approximate: JourneyReport, _ exact: JourneyReport, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(approximate.profiles, exact.profiles, file: file, line: line)
        XCTAssertEqual(approximate.transitions, exact.transitions, file: file, line: line)
        XCTAssertEqual(approximate.touchpoints, exact.touchpoints, file: file, line: line)
        XCTAssertEqual(approximate.cohorts, exact.cohorts, file: file, line: line)
        XCTAssertEqual(approximate.funnel.count, exact.funnel.count, file: file, line: line)
        let bound = StageDurationHistogram.growth - 1
        for (a, e) in zip(approximate.funnel, exact.funnel) {
            XCTAssertEqual([a.profiles, a.current, a.stays, a.dropOff ?? -1], [e.profiles, e.current, e.stays, e.dropOff ?? -1], "\(a.stage)", file: file, line: line)
            XCTAssertEqual(a.conversionToNext, e.conversionToNext, file: file, line: line)
            for (estimate, truth) in [(a.medianHoursInStage, e.medianHoursInStage), (a.p90HoursInStage, e.p90HoursInStage)] {
                guard let truth else { XCTAssertNil(estimate, file: file, line: line); continue }
                guard let estimate else { XCTFail("missing estimate", file: file, line: line); continue }
                XCTAssertLessThanOrEqual(abs(estimate - truth), bound * truth + 1.0 / 60, "\(a.stage)", file: file, line: line)
            }
        }
    }

    func testTheAggregateGivesTheExactCountsForEveryFilter() {
        let journeys = Self.randomJourneys(count: 400, seed: 42)
        let aggregate = JourneyAggregate(journeys)
        XCTAssertLessThanOrEqual(aggregate.cellCount, 90 * 4)
        let filters = [
            JourneyFilter(),
            JourneyFilter(channel: .web),
            JourneyFilter(channel: .store, valueTier: "gold"),
            JourneyFilter(from: Timestamps.parse("2025-02-01T00:00:00Z"), to: Timestamps.parse("2025-03-01T00:00:00Z")),
            JourneyFilter(from: Timestamps.parse("2025-01-20T00:00:00Z"), channel: .phone, valueTier: "silver"),
        ]
        for filter in filters {
            assertMatches(aggregate.report(filter: filter), JourneyAnalytics.report(journeys, filter: filter))
        }
        assertMatches(JourneyAggregate(Self.fixture()).report(), JourneyAnalytics.report(Self.fixture()))
    }

    func testTheAggregateUpdatesMergesAndSerialises() throws {
        let journeys = Self.randomJourneys(count: 200, seed: 9)
        let whole = JourneyAggregate(journeys)

        var shrinking = whole
        for journey in journeys.prefix(120) { shrinking.remove(journey) }
        XCTAssertEqual(shrinking, JourneyAggregate(Array(journeys.dropFirst(120))), "removing restores exactly")

        var halves = JourneyAggregate(Array(journeys.prefix(70)))
        halves.merge(JourneyAggregate(Array(journeys.dropFirst(70))))
        XCTAssertEqual(halves, whole)

        // A profile moves on: replace its old journey with the new one.
        var updated = journeys
        var changed = updated[3]
        let last = try XCTUnwrap(changed.transitions.last)
        let target: LifecycleStage = last.to == .need ? .awareness : .need
        changed.transitions.append(StageTransition(from: last.to, to: target, at: last.at.addingTimeInterval(7200), eventId: "new",
                                                   channel: .chat, ruleId: "r"))
        changed.valueTier = "platinum"
        updated[3] = changed
        var incremental = whole
        incremental.update(from: journeys[3], to: changed)
        XCTAssertEqual(incremental, JourneyAggregate(updated))

        let data = try JSONEncoder().encode(whole)
        XCTAssertEqual(try JSONDecoder().decode(JourneyAggregate.self, from: data), whole)
        let sorted = JSONEncoder()
        sorted.outputFormatting = .sortedKeys
        XCTAssertEqual(try sorted.encode(JSONDecoder().decode(JourneyAggregate.self, from: data)), try sorted.encode(whole), "stable encoding")
        XCTAssertTrue(JourneyAggregate().isEmpty)
    }

    func testHistogramPercentilesStayWithinBucketAccuracy() {
        var random = SeededRandom(seed: 3)
        // Log-uniform from 30 seconds to 60 days: every part of the bucket range gets used.
        let samples = (0..<5_000).map { _ in pow(10, Double.random(in: log10(0.5 / 60)...log10(1440), using: &random)) }
        var histogram = StageDurationHistogram()
        for hours in samples { histogram.add(hours: hours) }
        XCTAssertEqual(histogram.total, samples.count)
        let sorted = samples.sorted()
        for p in [0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.99, 1] {
            let exact = JourneyAnalytics.percentile(sorted, p)!
            let estimate = histogram.percentile(p)!
            XCTAssertLessThanOrEqual(abs(estimate - exact), (StageDurationHistogram.growth - 1) * exact + 1.0 / 60, "p\(p)")
        }
        XCTAssertNil(StageDurationHistogram().percentile(0.5))

        var single = StageDurationHistogram()
        single.add(hours: 10)
        let (lower, upper) = StageDurationHistogram.bounds(bucket: StageDurationHistogram.bucket(hours: 10))
        XCTAssertTrue((lower..<upper).contains(single.percentile(0.5)!))
        XCTAssertLessThan(upper / lower, 1.091)
    }

    func testHistogramBucketsAreContiguous() throws {
        XCTAssertEqual(StageDurationHistogram.bucket(hours: 0), 0)
        XCTAssertEqual(StageDurationHistogram.bucket(hours: -5), 0)
        XCTAssertEqual(StageDurationHistogram.bucket(hours: .nan), 0)
        XCTAssertEqual(StageDurationHistogram.bucket(hours: 1.0 / 60), 1)
        XCTAssertEqual(StageDurationHistogram.bucket(hours: 1e12), StageDurationHistogram.bucketCount - 1)
        for k in 1..<StageDurationHistogram.bucketCount {
            let (lower, upper) = StageDurationHistogram.bounds(bucket: k)
            XCTAssertEqual(StageDurationHistogram.bucket(hours: lower), k)
            XCTAssertEqual(StageDurationHistogram.bounds(bucket: k - 1).upper, lower, accuracy: lower * 1e-12)
            if k < StageDurationHistogram.bucketCount - 1 { XCTAssertEqual(StageDurationHistogram.bucket(hours: upper * (1 + 1e-9)), k + 1) }
        }
        var histogram = StageDurationHistogram()
        histogram.add(hours: 3)
        histogram.add(hours: 3, count: -1)
        XCTAssertEqual(histogram, StageDurationHistogram())
        XCTAssertGreaterThan(StageDurationHistogram.bounds(bucket: StageDurationHistogram.bucketCount - 1).lower, 50 * 365 * 24)
        let json = try JSONEncoder().encode(histogram)
        XCTAssertEqual(String(decoding: json, as: UTF8.self), "{\"counts\":[]}")
    }
}
