import XCTest
@testable import TouchpointDomain

final class TransactionsCSVTests: XCTestCase {
    private func day(_ text: String) -> CalendarDay { CalendarDay(iso: text)! }

    func testReadsPlainFile() throws {
        let result = try TransactionsCSV.parse("customer_id,date,amount\nc1,2024-01-02,10.50\nc2,2024-01-03,7\n")
        XCTAssertEqual(result.accepted, [
            Transaction(customerID: "c1", date: day("2024-01-02"), amount: Decimal(string: "10.50")!),
            Transaction(customerID: "c2", date: day("2024-01-03"), amount: 7),
        ])
        XCTAssertEqual(result.rejected, [])
        XCTAssertEqual(result.dataRows, 2)
    }

    func testColumnsInAnyOrderWithExtrasCRLFQuotesBOMAndBlankLines() throws {
        let text = "\u{FEFF}Amount,order_id,DATE,customer_id\r\n"
            + "\"1,234.5\",o1,2024-02-29,\"Smith, \"\"J\"\"\"\r\n"   // quoted comma amount → rejected
            + "12.25,o2,2024-02-29,\"Smith, \"\"J\"\"\"\r\n"
            + "  3 , o3 , 2024-03-01 , c9 \r\n"
            + "\r\n\r\n\n"
        let result = try TransactionsCSV.parse(text)
        XCTAssertEqual(result.accepted, [
            Transaction(customerID: "Smith, \"J\"", date: day("2024-02-29"), amount: Decimal(string: "12.25")!),
            Transaction(customerID: "c9", date: day("2024-03-01"), amount: 3),
        ])
        XCTAssertEqual(result.rejected, [TransactionRejection(line: 2, reason: .nonNumericAmount("1,234.5"))])
    }

    func testQuotedNewlineKeepsPhysicalLineNumbers() throws {
        let text = "customer_id,date,amount,note\nc1,2024-01-01,1,\"two\nlines\"\nc1,2024-13-01,1,x\n"
        let result = try TransactionsCSV.parse(text)
        XCTAssertEqual(result.accepted.count, 1)
        XCTAssertEqual(result.rejected, [TransactionRejection(line: 4, reason: .badDate("2024-13-01"))])
    }

    func testRejectsEachBadRowWithItsLineAndReason() throws {
        let text = """
            customer_id,date,amount
            c1,2024-01-01,10
            c2,2024-01-01
            ,2024-01-01,5
            c3,2023-02-29,5
            c4,01/02/2024,5
            c5,2024-01-01,-3.50
            c6,2024-01-01,abc
            c7,2024-01-01,$5
            c8,2024-01-01,1.2.3
            c1,2024-01-01,10
            c1,2024-01-01,10.00
            c9,2024-01-01,
            c10,2024-01-01,0
            """
        let result = try TransactionsCSV.parse(text)
        // Lines 11 and 12 repeat line 2 (10.00 is 10): kept as purchases, listed, not rejected.
        XCTAssertEqual(result.accepted.map(\.customerID), ["c1", "c1", "c1", "c10"])
        XCTAssertEqual(result.acceptedLines, [2, 11, 12, 14])
        XCTAssertEqual(result.repeated.rows, [RepeatedTransactionRow(line: 11, firstLine: 2), RepeatedTransactionRow(line: 12, firstLine: 2)])
        XCTAssertEqual(result.rejected, [
            TransactionRejection(line: 3, reason: .missingColumn("amount")),
            TransactionRejection(line: 4, reason: .missingColumn("customer_id")),
            TransactionRejection(line: 5, reason: .badDate("2023-02-29")),
            TransactionRejection(line: 6, reason: .badDate("01/02/2024")),
            TransactionRejection(line: 7, reason: .negativeAmount("-3.50")),
            TransactionRejection(line: 8, reason: .nonNumericAmount("abc")),
            TransactionRejection(line: 9, reason: .nonNumericAmount("$5")),
            TransactionRejection(line: 10, reason: .nonNumericAmount("1.2.3")),
            TransactionRejection(line: 13, reason: .missingColumn("amount")),
        ])
        XCTAssertEqual(result.dataRows, 13)
        XCTAssertEqual(result.rejected[4].description,
                       "line 7: amount \"-3.50\" is negative; purchases must be 0 or more (leave refunds out)")
    }

    func testIdenticalPurchasesWithDifferentOrderIdsAreNotRepeats() throws {
        let text = "customer_id,date,amount,order_id\nc1,2024-01-01,10,A\nc1,2024-01-01,10,B\nc1,2024-01-01,10,A\n"
        let result = try TransactionsCSV.parse(text)
        XCTAssertEqual(result.accepted.count, 3)
        XCTAssertEqual(result.rejected, [])
        // Only the row equal in every column, order id included, repeats another.
        XCTAssertEqual(result.repeated.rows, [RepeatedTransactionRow(line: 4, firstLine: 2)])
        let dropped = try TransactionsCSV.parse(text, repeatedRows: .drop)
        XCTAssertEqual(dropped.accepted.count, 2)
        XCTAssertEqual(dropped.acceptedLines, [2, 3])
    }

    func testUnterminatedQuoteIsReported() throws {
        let result = try TransactionsCSV.parse("customer_id,date,amount\nc1,2024-01-01,1\n\"c2,2024-01-01,1\n")
        XCTAssertEqual(result.accepted.count, 1)
        XCTAssertEqual(result.rejected, [TransactionRejection(line: 3, reason: .unterminatedQuote)])
    }

    func testEmptyFileThrowsWithInstructions() {
        for text in ["", "\n\n", "\u{FEFF}", "  \r\n"] {
            XCTAssertThrowsError(try TransactionsCSV.parse(text)) { error in
                XCTAssertEqual(error as? TransactionsCSVError, .emptyFile)
                XCTAssertTrue("\(error)".contains("customer_id,date,amount"), "\(error)")
            }
        }
    }

    func testMissingHeaderColumnsThrowNamingThem() {
        XCTAssertThrowsError(try TransactionsCSV.parse("customer,date,total\nc1,2024-01-01,1\n")) { error in
            XCTAssertEqual(error as? TransactionsCSVError,
                           .missingColumns(missing: ["customer_id", "amount"], found: ["customer", "date", "total"]))
            let message = "\(error)"
            XCTAssertTrue(message.contains("customer_id, amount"), message)
            XCTAssertTrue(message.contains("in any order"), message)
        }
    }

    func testHeaderOnlyGivesNoRows() throws {
        let result = try TransactionsCSV.parse("customer_id,date,amount\n")
        XCTAssertEqual(result.accepted, [])
        XCTAssertEqual(result.rejected, [])
    }

    func testAmountsAreExactDecimals() throws {
        let result = try TransactionsCSV.parse("customer_id,date,amount\nc,2024-01-01,0.1\nc,2024-01-02,.25\nc,2024-01-03,+7.\nc,2024-01-04,123456789012345678901.5\n")
        XCTAssertEqual(result.accepted.map(\.amount), [
            Decimal(string: "0.1")!, Decimal(string: "0.25")!, 7, Decimal(string: "123456789012345678901.5")!,
        ])
        XCTAssertEqual(result.rejected, [])
    }

    func testUnreadableFileThrows() {
        XCTAssertThrowsError(try TransactionsCSV.parse(path: "/nonexistent/transactions.csv")) { error in
            guard case .unreadable(let path, _)? = error as? TransactionsCSVError else {
                return XCTFail("unexpected \(error)")
            }
            XCTAssertEqual(path, "/nonexistent/transactions.csv")
        }
    }

    func testCDNOWSampleFixtureReadsCompletely() throws {
        let result = try TransactionsCSV.parse(contentsOf: ValueFixtures.cdnowSampleURL())
        XCTAssertEqual(result.accepted.count, 6919)
        XCTAssertEqual(result.rejected, [])
        XCTAssertTrue(result.repeated.isEmpty, "the record column makes every row of the fixture unique")
        XCTAssertEqual(Set(result.accepted.map(\.customerID)).count, 2357)
    }
}

final class CalendarDayTests: XCTestCase {
    func testParsesOnlyRealDates() {
        XCTAssertEqual(CalendarDay(iso: "1997-09-30")?.description, "1997-09-30")
        XCTAssertNotNil(CalendarDay(iso: "2000-02-29"))
        XCTAssertNil(CalendarDay(iso: "1900-02-29"))
        XCTAssertNil(CalendarDay(iso: "1997-9-30"))
        XCTAssertNil(CalendarDay(iso: "1997-09-31"))
        XCTAssertNil(CalendarDay(iso: "19970930"))
        XCTAssertNil(CalendarDay(iso: "1997-09-30T00:00:00Z"))
        XCTAssertEqual(CalendarDay(iso: " 1997-09-30 "), CalendarDay(year: 1997, month: 9, day: 30))
    }

    func testArithmetic() throws {
        let first = try XCTUnwrap(CalendarDay(iso: "1997-01-01"))
        let end = try XCTUnwrap(CalendarDay(iso: "1997-09-30"))
        XCTAssertEqual(first.days(to: end), 272)
        XCTAssertEqual(first.adding(days: 272), end)
        XCTAssertEqual(CalendarDay(iso: "1970-01-01")?.dayNumber, 0)
        XCTAssertEqual(CalendarDay(dayNumber: -1).description, "1969-12-31")
        XCTAssertEqual(end.year, 1997)
        XCTAssertEqual(end.month, 9)
        XCTAssertEqual(end.day, 30)
        XCTAssertLessThan(first, end)
        // Round trip over four centuries, leap days included.
        for n in stride(from: -200_000, through: 200_000, by: 37) {
            let d = CalendarDay(dayNumber: n)
            XCTAssertEqual(CalendarDay(year: d.year, month: d.month, day: d.day)?.dayNumber, n)
        }
    }

    func testCodableAsISOText() throws {
        let day = try XCTUnwrap(CalendarDay(iso: "2024-02-29"))
        let data = try JSONEncoder().encode([day])
        XCTAssertEqual(String(decoding: data, as: UTF8.self), "[\"2024-02-29\"]")
        XCTAssertEqual(try JSONDecoder().decode([CalendarDay].self, from: data), [day])
        XCTAssertThrowsError(try JSONDecoder().decode([CalendarDay].self, from: Data("[\"2024-02-30\"]".utf8)))
    }
}
