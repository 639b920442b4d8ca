import XCTest
@testable import TouchpointDomain

/// The summary must be `lifetimes.utils.summary_data_from_transaction_data` with daily periods
/// (`freq="D"`, and `freq_multiplier=7` for weeks).
final class CustomerSummaryTests: XCTestCase {
    private func t(_ id: String, _ date: String, _ amount: Decimal) -> Transaction {
        Transaction(customerID: id, date: CalendarDay(iso: date)!, amount: amount)
    }

    private let until = CalendarDay(iso: "2024-03-31")!

    private func summary(_ transactions: [Transaction], unit: ValueTimeUnit = .day) -> [String: CustomerSummary] {
        Dictionary(uniqueKeysWithValues: CustomerSummary.summarize(transactions, until: until, unit: unit).map { ($0.customerID, $0) })
    }

    func testOneTimeBuyer() throws {
        let s = try XCTUnwrap(summary([t("once", "2024-03-01", 20)])["once"])
        XCTAssertEqual(s.frequency, 0)
        XCTAssertEqual(s.recency, 0)
        XCTAssertEqual(s.age, 30)
        XCTAssertEqual(s.monetaryValue, 0)
        XCTAssertEqual(s.totalSpend, 20)
    }

    func testSameDayPurchasesAreOnePeriodWithSummedAmount() throws {
        let s = try XCTUnwrap(summary([
            t("c", "2024-03-01", 5), t("c", "2024-03-01", 7),
            t("c", "2024-03-11", 10), t("c", "2024-03-11", Decimal(string: "2.5")!),
            t("c", "2024-03-21", 30),
        ])["c"])
        XCTAssertEqual(s.frequency, 2, "three purchase days, the first is not a repeat")
        XCTAssertEqual(s.recency, 20)
        XCTAssertEqual(s.age, 30)
        // Mean of the repeat days' totals: (12.5 + 30) / 2; the first day's 12 does not count.
        XCTAssertEqual(s.monetaryValue, 21.25, accuracy: 1e-12)
        XCTAssertEqual(s.totalSpend, Decimal(string: "54.5")!)
        XCTAssertEqual(s.firstPurchase.description, "2024-03-01")
        XCTAssertEqual(s.lastPurchase.description, "2024-03-21")
    }

    func testOnlyPurchasesUpToTheCalibrationEndCount() {
        let s = summary([
            t("a", "2024-03-01", 10), t("a", "2024-03-31", 10), t("a", "2024-04-01", 99),
            t("late", "2024-04-02", 50),
        ])
        XCTAssertNil(s["late"], "a customer whose first purchase is after the end is not in the sample")
        XCTAssertEqual(s["a"]?.frequency, 1)
        XCTAssertEqual(s["a"]?.recency, 30)
        XCTAssertEqual(s["a"]?.age, 30)
        XCTAssertEqual(s["a"]?.totalSpend, 20)
    }

    func testWeeksAreDaysOverSeven() throws {
        let s = try XCTUnwrap(summary([t("w", "2024-01-01", 1), t("w", "2024-01-11", 1)], unit: .week)["w"])
        XCTAssertEqual(s.recency, 10.0 / 7)
        XCTAssertEqual(s.age, 90.0 / 7)
        XCTAssertEqual(s.age(at: CalendarDay(iso: "2024-04-07")!), 97.0 / 7)
    }

    func testOrderOfInputDoesNotMatter() {
        let rows = [t("b", "2024-02-01", 3), t("a", "2024-03-05", 1), t("b", "2024-01-01", 2), t("a", "2024-01-05", 4)]
        XCTAssertEqual(CustomerSummary.summarize(rows, until: until, unit: .day),
                       CustomerSummary.summarize(rows.reversed(), until: until, unit: .day))
        XCTAssertEqual(CustomerSummary.summarize(rows, until: until, unit: .day).map(\.customerID), ["a", "b"])
    }

    /// Every customer of the CDNOW sample against the published summary (x, t_x, T, zbar to 2 decimals).
    func testMatchesPublishedCDNOWSummary() throws {
        let published = try ValueFixtures.publishedSummary()
        XCTAssertEqual(published.count, 2357)
        // Map the CDNOW customer id to the published index through the fixture's customer_index column.
        let url = try ValueFixtures.cdnowSampleURL()
        var indexOf: [String: Int] = [:]
        for line in try String(contentsOf: url, encoding: .utf8).split(whereSeparator: \.isNewline).dropFirst() {
            let f = line.split(separator: ",")
            indexOf[String(f[0])] = Int(f[5])
        }
        let summaries = try XCTUnwrap(ValueFixtures.cdnowFit.details?.summaries)
        XCTAssertEqual(summaries.count, 2357)
        for s in summaries {
            let p = try XCTUnwrap(published[try XCTUnwrap(indexOf[s.customerID])])
            XCTAssertEqual(s.frequency, p.x, s.customerID)
            XCTAssertEqual(s.recency, p.tx, accuracy: 0.005 + 1e-9, s.customerID)
            XCTAssertEqual(s.age, p.T, accuracy: 0.005 + 1e-9, s.customerID)
            XCTAssertEqual(s.monetaryValue, p.zbar, accuracy: 0.005 + 1e-9, s.customerID)
        }
        // Customer 00004 in full precision, as lifetimes computes it.
        let first = try XCTUnwrap(summaries.first { $0.customerID == "00004" })
        XCTAssertEqual(first.frequency, 2)
        XCTAssertEqual(first.recency, 30.428571428571427)
        XCTAssertEqual(first.age, 38.857142857142854)
        XCTAssertEqual(first.monetaryValue, 22.345, accuracy: 1e-12)
    }
}
