import Foundation
import SQLKit
import TouchpointDomain

extension SQLStore {
    /// The name of the purchase event the value models learn from (Segment e-commerce spec).
    public static let purchaseEvent = "Order Completed"

    /// Every purchase on the log as a transaction of its profile: the day and the order's amount
    /// (`revenue`, else `total`, else `value`). Also the sequence of the newest purchase, to tell when a refit is due.
    public func purchaseTransactions() async throws -> (transactions: [Transaction], lastSequence: Int64) {
        var statement = SQLStatement("SELECT seq, profile_id, ts, payload FROM events WHERE type = 'track' AND name = ")
        statement.bind(Self.purchaseEvent)
        var transactions = [Transaction]()
        var last: Int64 = 0
        for row in try await sql.rows(statement) {
            last = max(last, try row.decode(column: "seq", as: Int64.self))
            let payload = JSONValue.parse(try row.decode(column: "payload", as: String.self)) ?? .null
            let properties = payload["properties"]
            guard let amount = properties?["revenue"]?.doubleValue ?? properties?["total"]?.doubleValue ?? properties?["value"]?.doubleValue,
                  amount >= 0, amount <= Self.largestOrderAmount else { continue }
            let day = CalendarDay(dayNumber: Int((Double(try row.decode(column: "ts", as: Int64.self)) / 86_400_000).rounded(.down)))
            transactions.append(Transaction(customerID: try row.decode(column: "profile_id", as: String.self), date: day,
                                            amount: Decimal(string: String(format: "%.2f", amount)) ?? Decimal(amount)))
        }
        return (transactions, last)
    }

    /// An order larger than this is a client's bug (or an attack), not a purchase: it would swamp every value model.
    static let largestOrderAmount = 1e12

    /// The sequence of the newest purchase event, without reading the purchases.
    public func lastPurchaseSequence() async throws -> Int64 {
        var statement = SQLStatement("SELECT MAX(seq) AS last FROM events WHERE type = 'track' AND name = ")
        statement.bind(Self.purchaseEvent)
        return try await sql.rows(statement).first?.decode(column: "last", as: Int64?.self) ?? 0
    }

    /// Replaces every profile's scores with those of a new fit, in one transaction.
    public func saveValueScores(_ scores: [String: CustomerScores], model: StoredValueModel) async throws {
        try await write { sql in
            var insertModel = SQLStatement("INSERT INTO value_models (id, fitted_at, fitted_until, last_order_seq, customers, parameters) VALUES (")
            insertModel.bind(model.id); insertModel.append(", ")
            insertModel.bind(Timestamps.millis(model.fittedAt)); insertModel.append(", ")
            insertModel.bind(model.fittedUntil); insertModel.append(", ")
            insertModel.bind(model.lastOrderSequence); insertModel.append(", ")
            insertModel.bind(Int64(model.customers)); insertModel.append(", ")
            insertModel.bind(JSONCodec.serialize(model.parameters)); insertModel.append(")")
            try await sql.run(insertModel)
            try await sql.run("DELETE FROM value_scores")
            for chunk in chunked(scores.sorted { $0.key < $1.key }, size: Self.rowsPerStatement) {
                var insert = SQLStatement("INSERT INTO value_scores (profile_id, rfm, clv, p_alive, churn_risk, value_tier, model_id) VALUES ")
                for (index, entry) in chunk.enumerated() {
                    insert.append(index == 0 ? "(" : ", (")
                    insert.bind(entry.key); insert.append(", ")
                    insert.bind(entry.value.rfm); insert.append(", ")
                    insert.bind(entry.value.clv); insert.append(", ")
                    insert.bind(entry.value.pAlive); insert.append(", ")
                    insert.bind(entry.value.churnRisk.rawValue); insert.append(", ")
                    insert.bind(entry.value.valueTier.rawValue); insert.append(", ")
                    insert.bind(model.id); insert.append(")")
                }
                try await sql.run(insert)
            }
            var totals = SQLStatement("DELETE FROM value_totals")
            try await sql.run(totals)
            totals = SQLStatement("INSERT INTO value_totals (id, customers, clv_sum, alive_sum) VALUES (1, ")
            totals.bind(Int64(scores.count)); totals.append(", ")
            totals.bind(scores.values.reduce(0) { $0 + $1.clv }); totals.append(", ")
            totals.bind(scores.values.reduce(0) { $0 + $1.pAlive }); totals.append(")")
            try await sql.run(totals)
        }
    }

    public func valueScores(of profile: ProfileID) async throws -> CustomerScores? {
        try await Self.valueScores(of: profile, on: sql)
    }

    static func valueScores(of profile: ProfileID, on sql: any SQLDatabase) async throws -> CustomerScores? {
        var statement = SQLStatement("SELECT rfm, clv, p_alive, churn_risk, value_tier FROM value_scores WHERE profile_id = ")
        statement.bind(profile.rawValue)
        guard let row = try await sql.rows(statement).first else { return nil }
        return CustomerScores(rfm: try row.decode(column: "rfm", as: String.self),
                              clv: try row.decode(column: "clv", as: Double.self),
                              pAlive: try row.decode(column: "p_alive", as: Double.self),
                              churnRisk: ChurnRisk(rawValue: try row.decode(column: "churn_risk", as: String.self)) ?? .medium,
                              valueTier: ValueTier(rawValue: try row.decode(column: "value_tier", as: String.self)) ?? .bronze)
    }

    public func latestValueModel() async throws -> StoredValueModel? {
        guard let row = try await sql.rows("SELECT id, fitted_at, fitted_until, last_order_seq, customers, parameters FROM value_models ORDER BY fitted_at DESC, id DESC LIMIT 1").first else { return nil }
        return StoredValueModel(id: try row.decode(column: "id", as: String.self),
                                fittedAt: Timestamps.date(millis: try row.decode(column: "fitted_at", as: Int64.self)),
                                fittedUntil: try row.decode(column: "fitted_until", as: String.self),
                                lastOrderSequence: try row.decode(column: "last_order_seq", as: Int64.self),
                                customers: Int(try row.decode(column: "customers", as: Int64.self)),
                                parameters: JSONValue.parse(try row.decode(column: "parameters", as: String.self)) ?? .null)
    }

    /// Profiles of a value tier and/or churn-risk band, highest CLV first.
    public func profileIDs(tier: String?, churnRisk: String?, limit: Int, offset: Int) async throws -> [ProfileID] {
        var statement = SQLStatement("SELECT profile_id FROM value_scores WHERE 1 = 1")
        if let tier {
            statement.append(" AND value_tier = ")
            statement.bind(tier)
        }
        if let churnRisk {
            statement.append(" AND churn_risk = ")
            statement.bind(churnRisk)
        }
        statement.append(" ORDER BY clv DESC, profile_id LIMIT ")
        statement.bind(Int64(limit))
        statement.append(" OFFSET ")
        statement.bind(Int64(offset))
        return try await sql.rows(statement).map { ProfileID(rawValue: try $0.decode(column: "profile_id", as: String.self)) }
    }
}
