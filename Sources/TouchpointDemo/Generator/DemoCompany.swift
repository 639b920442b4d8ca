import Foundation
import TouchpointDomain

/// Elektro Świat: a made-up Polish electronics retailer with a web shop, a mobile app, a call centre and
/// twelve stores, whose customers' histories fill an empty Touchpoint for demos and tests.
///
/// Everything is a Segment-spec message (`identify`, `track`, `page`, `screen`) that goes in through the
/// ordinary collection path: anonymous visits later identified, the Segment e-commerce semantic events,
/// e-mail, call-centre, chat and till events, surveys and complaints. The same seed always gives the
/// same messages, ids and timestamps, on every machine.
///
/// ```swift
/// let demo = DemoCompany(seed: 42, customers: 3000, start: twoYearsAgo, end: now)
/// for batch in demo.batches() { try await collect(batch) }      // oldest first
/// try demo.transactionsCSV().write(to: url, atomically: true, encoding: .utf8)
/// ```
public struct DemoCompany: Sendable {
    public let seed: UInt64
    public let customers: Int
    public let start: Date
    public let end: Date

    /// Every message, oldest first (ties in a stable, seed-determined order).
    public let messages: [JSONValue]
    private let purchases: [DemoPurchase]

    /// The period the demo covers when loaded at `now`: the two years (730 days) up to the last midnight in Warsaw.
    ///
    /// Ending at a midnight rather than at `now` makes every load on the same day the same company to the
    /// event: a history cut at the current second gains or loses a few events from one minute to the next.
    public static func period(loadedAt now: Date) -> (start: Date, end: Date) {
        let nowMs = Timestamps.millis(now)
        // The Warsaw day of `now`, then that day's local midnight as an instant.
        var day = DemoTime.dayIndex(nowMs)
        if DemoTime.instant(days: day + 1, localHour: 0) <= nowMs { day += 1 }
        if DemoTime.instant(days: day, localHour: 0) > nowMs { day -= 1 }
        let endMs = DemoTime.instant(days: day, localHour: 0)
        let end = Timestamps.date(millis: endMs)
        return (end.addingTimeInterval(-730 * 86400), end)
    }

    /// Builds the company's history. Takes about a second for the default 3,000 customers.
    /// - Parameters:
    ///   - seed: the same seed gives the same company.
    ///   - customers: how many people ever visit (about 30 messages each on average).
    ///   - start, end: the period the history covers; nothing is dated outside it.
    public init(seed: UInt64 = 42, customers: Int = 3000, start: Date, end: Date) {
        self.seed = seed
        self.customers = max(0, customers)
        self.start = start
        self.end = max(start, end)
        // Whole seconds inside the period (see `DemoTime.instant`).
        let endMs = DemoTime.wholeSecond(Timestamps.millis(self.end))
        let startMs = min(endMs, DemoTime.wholeSecond(Timestamps.millis(start) + 999))

        var collected = [DemoMessage]()
        var bought = [DemoPurchase]()
        collected.reserveCapacity(self.customers * 32)
        for customer in DemoCustomer.population(seed: seed, count: self.customers) {
            var journey = DemoJourney(customer: customer, seed: seed, startMs: startMs, endMs: endMs)
            journey.run()
            for message in journey.messages where message.ms >= startMs && message.ms <= endMs {
                collected.append(message)
            }
            for purchase in journey.purchases where purchase.ms >= startMs && purchase.ms <= endMs {
                bought.append(purchase)
            }
        }
        collected.sort { lhs, rhs in
            if lhs.ms != rhs.ms { return lhs.ms < rhs.ms }
            if lhs.customer != rhs.customer { return lhs.customer < rhs.customer }
            return lhs.sequence < rhs.sequence
        }
        bought.sort { lhs, rhs in
            if lhs.ms != rhs.ms { return lhs.ms < rhs.ms }
            return lhs.customer < rhs.customer
        }
        messages = collected.map { message in
            var fields = message.fields
            fields["timestamp"] = .string(DemoTime.iso(message.ms))
            return .object(fields)
        }
        purchases = bought
    }

    /// Segment-spec messages, oldest first, in batches of at most `batchSize` messages and, so that each
    /// fits a `/v1/batch` request (500 KB), at most `maximumBatchBytes` of compact JSON.
    public func batches(batchSize: Int = 500, maximumBatchBytes: Int = 450_000) -> [[JSONValue]] {
        let size = max(1, batchSize)
        var result = [[JSONValue]]()
        result.reserveCapacity(messages.count / size + 1)
        var current = [JSONValue]()
        current.reserveCapacity(size)
        var bytes = 0
        for message in messages {
            // Compact JSON of the message plus a separating comma.
            let length = message.jsonText().utf8.count + 1
            if !current.isEmpty && (current.count >= size || bytes + length > maximumBatchBytes) {
                result.append(current)
                current = []
                current.reserveCapacity(size)
                bytes = 0
            }
            current.append(message)
            bytes += length
        }
        if !current.isEmpty { result.append(current) }
        return result
    }

    /// Every message as JSON Lines, oldest first: the input of `touchpoint import events`.
    public func jsonLines() -> String {
        var text = ""
        for message in messages {
            text += message.jsonText()
            text += "\n"
        }
        return text
    }

    /// Transactions as CSV with header `customer_id,date,amount`: one row per Order Completed event
    /// (web, app and store), `customer_id` its userId, `date` its UTC day, `amount` its `total` in PLN.
    public func transactionsCSV() -> String {
        var text = "customer_id,date,amount\n"
        for purchase in purchases {
            text += "\(purchase.userId),\(DemoTime.dateText(purchase.ms)),\(DemoJSON.plnText(purchase.totalCents))\n"
        }
        return text
    }

    /// How many purchases (Order Completed events) the history holds.
    public var purchaseCount: Int { purchases.count }
}
