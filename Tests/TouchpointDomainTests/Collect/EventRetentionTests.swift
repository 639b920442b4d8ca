import Foundation
import Tagged
import XCTest
import TouchpointDomain

final class EventRetentionTests: XCTestCase {
    private let web = SourceID(rawValue: "web")
    private let shop = SourceID(rawValue: "shop")
    private let august = LogMonth(year: 2026, month: 8)

    func testAMonthKnowsItsBoundsNameAndNeighbours() {
        XCTAssertEqual(august.startMillis, 1_785_542_400_000)
        XCTAssertEqual(august.endMillis, LogMonth(year: 2026, month: 9).startMillis)
        XCTAssertEqual(august.suffix, "202608")
        XCTAssertEqual(LogMonth(suffix: "202608"), august)
        XCTAssertNil(LogMonth(suffix: "202613"))
        XCTAssertNil(LogMonth(suffix: "2026-8"))
        XCTAssertEqual(LogMonth(year: 2026, month: 12).next, LogMonth(year: 2027, month: 1))
        XCTAssertEqual(LogMonth(containingMillis: august.endMillis - 1), august)
        XCTAssertEqual(LogMonth(containingMillis: august.endMillis), august.next)
        XCTAssertEqual(LogMonth(year: 2026, month: 11).through(LogMonth(year: 2027, month: 2)).map(\.suffix), ["202611", "202612", "202701", "202702"])
        XCTAssertEqual(LogMonth(year: 2026, month: 11).advanced(by: 2), LogMonth(year: 2027, month: 1))
        XCTAssertEqual(LogMonth(year: 2026, month: 12).advanced(by: 12), LogMonth(year: 2027, month: 12))
        XCTAssertEqual(august.advanced(by: 0), august)
    }

    func testCutoffsCountDaysBackFromNow() {
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        let cutoffs = EventRetention(days: [web: 30]).cutoffs(now: now)
        XCTAssertEqual(cutoffs, [web: 1_800_000_000_000 - 30 * 86_400_000])
    }

    func testAMonthGoesWholeOnlyWhenEverySourceInItHasExpired() {
        let afterAugust = august.endMillis + 1
        XCTAssertEqual(EventRetention.plan(for: august, sourcesWithEvents: [web, shop], cutoffs: [web: afterAugust, shop: afterAugust]), .drop)
        XCTAssertEqual(EventRetention.plan(for: august, sourcesWithEvents: [web], cutoffs: [web: august.endMillis]), .drop,
                       "a cutoff at the month's end expires all of it")
        // A source without a retention keeps the month; the other source's events in it still go.
        XCTAssertEqual(EventRetention.plan(for: august, sourcesWithEvents: [web, shop], cutoffs: [web: afterAugust]),
                       .remove([EventRetention.SourceRemoval(source: web, receivedBefore: august.endMillis)]))
        // A cutoff inside the month removes that source's earlier events only.
        let middle = august.startMillis + 10 * 86_400_000
        XCTAssertEqual(EventRetention.plan(for: august, sourcesWithEvents: [web], cutoffs: [web: middle]),
                       .remove([EventRetention.SourceRemoval(source: web, receivedBefore: middle)]))
        XCTAssertEqual(EventRetention.plan(for: august, sourcesWithEvents: [web], cutoffs: [web: august.startMillis]), .keep)
        XCTAssertEqual(EventRetention.plan(for: august, sourcesWithEvents: [shop], cutoffs: [web: afterAugust]), .keep)
    }

    func testAnEmptyMonthIsDroppedOnlyOnceItLiesBeforeACutoff() {
        XCTAssertEqual(EventRetention.plan(for: august, sourcesWithEvents: [], cutoffs: [web: august.endMillis]), .drop)
        XCTAssertEqual(EventRetention.plan(for: august, sourcesWithEvents: [], cutoffs: [web: august.endMillis - 1]), .keep,
                       "the month being written is never dropped for being empty")
    }

    func testRetentionLimits() {
        XCTAssertTrue(EventRetention.isValid(days: nil))
        XCTAssertTrue(EventRetention.isValid(days: 7))
        XCTAssertTrue(EventRetention.isValid(days: 3_650))
        XCTAssertFalse(EventRetention.isValid(days: 6))
        XCTAssertFalse(EventRetention.isValid(days: 3_651))
    }
}
