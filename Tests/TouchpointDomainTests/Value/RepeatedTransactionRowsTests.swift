import XCTest
@testable import TouchpointDomain

/// Rows that repeat an earlier row exactly: kept as purchases by default (with a warning), dropped on
/// request, numbered for idempotent imports, and named in the fit report.
final class RepeatedTransactionRowsTests: XCTestCase {
    private func day(_ text: String) -> CalendarDay { CalendarDay(iso: text)! }

    /// Two identical items on one day (lines 2–3), one repeated three times (4–6), and a plain row.
    private let basket = """
        customer_id,date,amount
        c1,2024-01-01,10
        c1,2024-01-01,10
        c2,2024-01-02,5.50
        c2,2024-01-02,5.5
        c2,2024-01-02,5.50
        c3,2024-01-03,7
        """

    func testRepeatsAreKeptByDefaultWithAWarning() throws {
        let result = try TransactionsCSV.parse(basket)
        XCTAssertEqual(result.accepted.map(\.customerID), ["c1", "c1", "c2", "c2", "c2", "c3"])
        XCTAssertEqual(result.acceptedLines, [2, 3, 4, 5, 6, 7])
        XCTAssertEqual(result.rejected, [])
        XCTAssertEqual(result.dataRows, 6)
        XCTAssertEqual(result.repeated.policy, .keep)
        XCTAssertEqual(result.repeated.count, 3)
        XCTAssertEqual(result.repeated.dropped, 0)
        // A repeat of a repeat names the first row, not the one before it.
        XCTAssertEqual(result.repeated.rows, [
            RepeatedTransactionRow(line: 3, firstLine: 2),
            RepeatedTransactionRow(line: 5, firstLine: 4),
            RepeatedTransactionRow(line: 6, firstLine: 4),
        ])
        let warning = try XCTUnwrap(result.repeated.warning())
        XCTAssertTrue(warning.hasPrefix("3 rows repeat an earlier row exactly (line 3 = line 2, line 5 = line 4, line 6 = line 4)"), warning)
        XCTAssertTrue(warning.contains("kept as separate purchases"), warning)
        XCTAssertTrue(warning.contains("--drop-repeated-rows"), warning)
    }

    func testKeptRepeatsAddToThatDaysAmount() throws {
        let result = try TransactionsCSV.parse(basket)
        let summaries = CustomerSummary.summarize(result.accepted, until: day("2024-12-31"), unit: .day)
        let c1 = try XCTUnwrap(summaries.first { $0.customerID == "c1" })
        XCTAssertEqual(c1.totalSpend, 20, "two identical items on one day are one purchase day of both amounts")
        XCTAssertEqual(c1.frequency, 0, "same-day purchases are one purchase occasion, not a repeat")
        let c2 = try XCTUnwrap(summaries.first { $0.customerID == "c2" })
        XCTAssertEqual(c2.totalSpend, Decimal(string: "16.5")!)
    }

    func testDropFlagDropsRepeatsAndSaysSo() throws {
        let result = try TransactionsCSV.parse(basket, repeatedRows: .drop)
        XCTAssertEqual(result.accepted, [
            Transaction(customerID: "c1", date: day("2024-01-01"), amount: 10),
            Transaction(customerID: "c2", date: day("2024-01-02"), amount: Decimal(string: "5.5")!),
            Transaction(customerID: "c3", date: day("2024-01-03"), amount: 7),
        ])
        XCTAssertEqual(result.acceptedLines, [2, 4, 7])
        XCTAssertEqual(result.rejected, [])
        XCTAssertEqual(result.dataRows, 6, "dropped repeats are still rows of the file")
        XCTAssertEqual(result.repeated.policy, .drop)
        XCTAssertEqual(result.repeated.dropped, 3)
        let warning = try XCTUnwrap(result.repeated.warning())
        XCTAssertTrue(warning.hasPrefix("3 rows repeating an earlier row exactly dropped (--drop-repeated-rows)"), warning)
        XCTAssertEqual(result.repeated.reportLine(),
                       "Repeated rows: 3 repeating an earlier row exactly dropped (--drop-repeated-rows; first: line 3 = line 2)")
    }

    func testOneRepeatIsSingularAndNoRepeatSaysNothing() throws {
        let one = try TransactionsCSV.parse("customer_id,date,amount\nc1,2024-01-01,1\nc1,2024-01-01,1\n")
        let warning = try XCTUnwrap(one.repeated.warning())
        XCTAssertTrue(warning.hasPrefix("1 row repeats an earlier row exactly (line 3 = line 2); kept as a separate purchase"), warning)
        XCTAssertEqual(one.repeated.reportLine(),
                       "Repeated rows: 1 repeats an earlier row exactly and counts as a separate purchase (first: line 3 = line 2; --drop-repeated-rows drops them)")
        let none = try TransactionsCSV.parse("customer_id,date,amount\nc1,2024-01-01,1\nc1,2024-01-02,1\n")
        XCTAssertTrue(none.repeated.isEmpty)
        XCTAssertNil(none.repeated.warning())
        XCTAssertNil(none.repeated.reportLine())
    }

    func testWarningNamesOnlyTheFirstLines() throws {
        let text = "customer_id,date,amount\n" + String(repeating: "c1,2024-01-01,1\n", count: 9)
        let result = try TransactionsCSV.parse(text)
        XCTAssertEqual(result.accepted.count, 9)
        XCTAssertEqual(result.repeated.count, 8)
        XCTAssertEqual(result.repeated.lineList(),
                       "line 3 = line 2, line 4 = line 2, line 5 = line 2, line 6 = line 2, line 7 = line 2, … and 3 more")
        XCTAssertTrue(try XCTUnwrap(result.repeated.warning(shown: 2)).contains("(line 3 = line 2, line 4 = line 2, … and 6 more)"))
    }

    // MARK: Import keys

    func testImportKeysNumberIdenticalPurchasesAndAreStableAcrossParses() throws {
        let first = TransactionImportKey.keys(for: try TransactionsCSV.parse(basket).accepted)
        let second = TransactionImportKey.keys(for: try TransactionsCSV.parse(basket).accepted)
        XCTAssertEqual(first, second, "the same file gives the same keys: importing it again stores nothing new")
        XCTAssertEqual(first.map(\.repeatIndex), [0, 1, 0, 1, 2, 0])
        XCTAssertEqual(Set(first.map(\.description)).count, 6, "every purchase gets its own key")
        XCTAssertEqual(first[0].content, first[1].content)
        XCTAssertTrue(first[0].content.hasPrefix("c1|2024-01-01|"), first[0].content)
        XCTAssertEqual(first[1].description, first[1].content + "|1")
        // 5.50 and 5.5 are one amount, so one content.
        XCTAssertEqual(Set(first[2...4].map(\.content)).count, 1)
    }

    func testImportKeysIgnoreColumnsThePurchaseDoesNotCarry() throws {
        // Two orders that look alike once stored: numbered apart, whatever their order ids say.
        let text = "customer_id,date,amount,order_id\nc1,2024-01-01,10,A\nc1,2024-01-01,10,B\n"
        let keys = TransactionImportKey.keys(for: try TransactionsCSV.parse(text).accepted)
        XCTAssertEqual(keys.map(\.repeatIndex), [0, 1])
        XCTAssertEqual(keys[0].content, keys[1].content)
    }

    func testImportKeysSurviveOtherRowsAndGrowByAddedRepeats() throws {
        let before = Set(TransactionImportKey.keys(for: try TransactionsCSV.parse(basket).accepted))
        // The same purchases reordered, an unrelated row added, one more repeat of line 2.
        let after = try TransactionsCSV.parse("""
            customer_id,date,amount
            c9,2024-02-01,1
            c3,2024-01-03,7
            c2,2024-01-02,5.50
            c1,2024-01-01,10
            c2,2024-01-02,5.50
            c1,2024-01-01,10
            c2,2024-01-02,5.50
            c1,2024-01-01,10
            """)
        let afterKeys = Set(TransactionImportKey.keys(for: after.accepted))
        XCTAssertTrue(before.isSubset(of: afterKeys), "every purchase imported before keeps its key")
        XCTAssertEqual(afterKeys.subtracting(before).map(\.repeatIndex).sorted(), [0, 2], "only the new row and the third c1 are new")
    }

    func testImportKeysAreTheTextEarlierVersionsHashed() {
        // `import transactions` hashed "customer|date|amount|n" before repeats were kept; the same
        // text keeps earlier imports recognised.
        let t = Transaction(customerID: "c1", date: day("2024-01-01"), amount: 7)
        let keys = TransactionImportKey.keys(for: [t, t])
        XCTAssertEqual(keys.map(\.description), ["c1|2024-01-01|\(t.amount)|0", "c1|2024-01-01|\(t.amount)|1"])
    }

    // MARK: Fit report

    /// The CDNOW sample as a shop would export it: without the `record` column that made each row unique.
    private func cdnowWithoutRecordNumbers() throws -> String {
        let text = try String(contentsOf: ValueFixtures.cdnowSampleURL(), encoding: .utf8)
        return text.split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.split(separator: ",", omittingEmptySubsequences: false).prefix(4).joined(separator: ",") }
            .joined(separator: "\n")
    }

    func testCDNOWRepeatsKeptGiveThePublishedRowsAndTheReportSaysSo() throws {
        let parsed = try TransactionsCSV.parse(try cdnowWithoutRecordNumbers())
        XCTAssertEqual(parsed.repeated.count, 21)
        XCTAssertEqual(parsed.repeated.rows.first, RepeatedTransactionRow(line: 404, firstLine: 403))
        // Kept, the repeats make exactly the 6,919 purchases the published parameters were fitted on.
        XCTAssertEqual(parsed.accepted, ValueFixtures.cdnowTransactions)

        let report = try ValueFit.run(parsed, until: ValueFixtures.calibrationEnd, unit: .week)
        assertSignificantFigures(report.bgnbd.r, ValueFixtures.cdnowFit.bgnbd.r, 6)
        assertSignificantFigures(report.gammaGamma.gamma, ValueFixtures.cdnowFit.gammaGamma.gamma, 6)
        XCTAssertEqual(report.details?.repeatedRows, parsed.repeated)
        let table = report.tableText()
        XCTAssertTrue(table.contains("Repeated rows: 21 repeat an earlier row exactly and count as separate purchases "
            + "(first: line 404 = line 403; --drop-repeated-rows drops them)"), table)
        XCTAssertFalse(report.jsonString().contains("epeated"), "the JSON keeps to the contract")
        XCTAssertFalse(ValueFixtures.cdnowFit.tableText().contains("Repeated rows"), "no line when the fit was not on a file")
    }

    func testCDNOWRepeatsDroppedAreReportedAsDropped() throws {
        let parsed = try TransactionsCSV.parse(try cdnowWithoutRecordNumbers(), repeatedRows: .drop)
        XCTAssertEqual(parsed.accepted.count, 6919 - 21)
        XCTAssertEqual(parsed.dataRows, 6919)
        // The report's line, on the fit already made (another fit would only repeat the one above).
        var report = ValueFixtures.cdnowFit
        report.details?.repeatedRows = parsed.repeated
        XCTAssertTrue(report.tableText().contains("Repeated rows: 21 repeating an earlier row exactly dropped"), report.tableText())
    }
}
