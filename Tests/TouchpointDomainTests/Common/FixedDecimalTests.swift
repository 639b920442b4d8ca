import XCTest
@testable import TouchpointDomain

/// The explanation of a decision writes its numbers with fixed decimals; they must read as "%.Nf" does.
final class FixedDecimalTests: XCTestCase {
    func testItWritesWhatPrintfWritesForOrdinaryNumbers() {
        let values: [Double] = [0, 0.1, 0.123_456, 1, 12.5, 99.999, 1_234.567_8, -0.25, -3.141_59, 0.000_4, 0.000_6, 42]
        for value in values {
            for places in [0, 2, 3] {
                XCTAssertEqual(FixedDecimal.format(value, places: places), String(format: "%.\(places)f", value), "\(value) with \(places) places")
            }
        }
    }

    func testWhatItCannotWriteExactlyGoesToPrintf() {
        XCTAssertEqual(FixedDecimal.format(.infinity, places: 2), String(format: "%.2f", Double.infinity))
        XCTAssertEqual(FixedDecimal.format(1e20, places: 2), String(format: "%.2f", 1e20))
    }
}
