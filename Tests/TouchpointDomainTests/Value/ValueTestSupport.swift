import Foundation
import XCTest
@testable import TouchpointDomain

/// Shared fixtures for the value-model tests.
enum ValueFixtures {
    /// The CDNOW 1/10 sample (Fader, Hardie & Lee 2005) as a transactions CSV: 6,919 purchases of
    /// 2,357 customers, converted from `lifetimes/datasets/CDNOW_sample.txt` by `bench/cdnow_to_csv.py`.
    static func cdnowSampleURL() throws -> URL {
        try XCTUnwrap(Bundle.module.url(forResource: "cdnow_sample", withExtension: "csv", subdirectory: "Fixtures"),
                      "Fixtures/cdnow_sample.csv is missing from the test bundle")
    }

    /// The paper's calibration end: 39 weeks after the cohort's first purchases.
    static let calibrationEnd = CalendarDay(iso: "1997-09-30")!

    /// The sample's transactions, parsed once.
    static let cdnowTransactions: [Transaction] = {
        let url = Bundle.module.url(forResource: "cdnow_sample", withExtension: "csv", subdirectory: "Fixtures")!
        return try! TransactionsCSV.parse(contentsOf: url).accepted
    }()

    /// The fit on the sample (weeks, calibration to 1997-09-30), computed once for all tests.
    static let cdnowFit: ValueFitReport = try! ValueFit.run(
        transactions: cdnowTransactions, until: calibrationEnd, unit: .week)

    /// The published per-customer summary shipped with `lifetimes`
    /// (`cdnow_customers_summary_with_transactions.csv`: ID, x, t_x, T, zbar, rounded to 2 decimals).
    static func publishedSummary() throws -> [Int: (x: Int, tx: Double, T: Double, zbar: Double)] {
        let url = try XCTUnwrap(Bundle.module.url(
            forResource: "cdnow_customers_summary_with_transactions", withExtension: "csv", subdirectory: "Fixtures"))
        let text = try String(contentsOf: url, encoding: .utf8)
        var rows: [Int: (x: Int, tx: Double, T: Double, zbar: Double)] = [:]
        for line in text.split(whereSeparator: \.isNewline).dropFirst() {
            let f = line.split(separator: ",").map(String.init)
            rows[Int(f[0])!] = (Int(f[1])!, Double(f[2])!, Double(f[3])!, Double(f[4])!)
        }
        return rows
    }
}

/// Asserts that `actual` rounds to `expected` at `figures` significant figures, i.e. differs by at
/// most half a unit in the last of those figures of `expected` (how the paper's numbers are printed).
func assertSignificantFigures(
    _ actual: Double, _ expected: Double, _ figures: Int, _ message: String = "",
    file: StaticString = #filePath, line: UInt = #line
) {
    let magnitude = floor(log10(abs(expected)))
    let halfUnit = 0.5 * pow(10, magnitude - Double(figures - 1))
    XCTAssertLessThanOrEqual(abs(actual - expected), halfUnit * (1 + 1e-9),
                             "\(message) \(actual) ≠ \(expected) to \(figures) significant figures",
                             file: file, line: line)
}
