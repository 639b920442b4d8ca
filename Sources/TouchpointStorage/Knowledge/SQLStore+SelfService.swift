import Foundation
import SQLKit
import TouchpointApp
import TouchpointDomain

/// Self-service facts from the log and the report over them.
extension SQLStore {
    static let selfServiceProjection = "self_service"

    public func pendingSelfServiceEvents(limit: Int) async throws -> (events: [LoggedEvent], upTo: Int64)? {
        try await Self.trackEvents(after: Self.selfServiceProjection, named: SelfServiceEvent.names, limit: limit, on: sql)
    }

    public func addSelfServiceFacts(_ facts: [SelfServiceFact], checkpoint: Int64) async throws {
        try await write { sql in
            for chunk in chunked(facts, size: 500) {
                var insert = SQLStatement("INSERT INTO self_service_facts (id, kind, profile_id, at, locale, query, results, article_id, helpful, reason, conversation_id) VALUES ")
                for (index, fact) in chunk.enumerated() {
                    insert.append(index == 0 ? "(" : ", (")
                    insert.bind(fact.id); insert.append(", ")
                    insert.bind(fact.kind.rawValue); insert.append(", ")
                    insert.bind(fact.profileID.rawValue); insert.append(", ")
                    insert.bind(Timestamps.millis(fact.at)); insert.append(", ")
                    insert.bind(fact.locale); insert.append(", ")
                    insert.bind(fact.query); insert.append(", ")
                    insert.bind(fact.results.map(Int64.init)); insert.append(", ")
                    insert.bind(fact.articleID); insert.append(", ")
                    insert.bind(fact.helpful.map { $0 ? Int64(1) : Int64(0) }); insert.append(", ")
                    insert.bind(fact.reason); insert.append(", ")
                    insert.bind(fact.conversationID); insert.append(")")
                }
                insert.append(" ON CONFLICT (id) DO NOTHING")
                try await sql.run(insert)
            }
            try await Self.saveCheckpoint(Self.selfServiceProjection, checkpoint, on: sql)
        }
    }

    public func selfServiceReport(from: Date, to: Date, gaps: Int) async throws -> SelfServiceReport {
        let start = Timestamps.millis(from), end = Timestamps.millis(to)
        var report = SelfServiceReport()
        /// `selection` over the period's facts matching `condition`.
        func count(_ condition: String, selecting selection: String = "COUNT(*)") async throws -> Int {
            var statement = SQLStatement("SELECT " + selection + " AS n FROM self_service_facts f WHERE f.at >= ")
            statement.bind(start)
            statement.append(" AND f.at < ")
            statement.bind(end)
            statement.append(" AND " + condition)
            return Int(try await sql.rows(statement).first?.decode(column: "n", as: Int64.self) ?? 0)
        }
        func distinctConversations(_ condition: String) async throws -> Int {
            try await count("f.conversation_id IS NOT NULL AND " + condition, selecting: "COUNT(DISTINCT f.conversation_id)")
        }
        report.searches = try await count("f.kind = 'search'")
        report.zeroResultSearches = try await count("f.kind = 'search' AND f.results = 0")
        report.articleViews = try await count("f.kind = 'view'")
        report.helpfulVotes = try await count("f.kind = 'vote' AND f.helpful = 1")
        report.notHelpfulVotes = try await count("f.kind = 'vote' AND f.helpful = 0")
        report.assistantConversations = try await distinctConversations("f.kind IN ('answer', 'clarify', 'handover')")
        report.handovers = try await distinctConversations("f.kind = 'handover'")
        report.answeredWithoutHandover = try await distinctConversations("""
            f.kind = 'answer' AND NOT EXISTS (SELECT 1 FROM self_service_facts h WHERE h.conversation_id = f.conversation_id AND h.kind = 'handover')
            """)
        let answered = "((f.kind = 'search' AND f.results > 0) OR f.kind = 'answer')"
        report.answered = try await count(answered)
        let window = Int64(SelfServiceReport.verificationWindow * 1_000)
        report.verifiedSelfService = try await count(answered + """
             AND NOT EXISTS (SELECT 1 FROM cases c WHERE c.profile_id = f.profile_id AND c.created_at > f.at AND c.created_at <= f.at + \(window))
             AND NOT EXISTS (SELECT 1 FROM case_messages m JOIN cases c ON c.id = m.case_id WHERE c.profile_id = f.profile_id
                 AND m.direction = 'inbound' AND m.created_at > f.at AND m.created_at <= f.at + \(window))
            """)

        var gapStatement = SQLStatement("SELECT LOWER(f.query) AS q, COUNT(*) AS n FROM self_service_facts f WHERE f.kind = 'search' AND f.results = 0 AND f.query IS NOT NULL AND f.at >= ")
        gapStatement.bind(start)
        gapStatement.append(" AND f.at < ")
        gapStatement.bind(end)
        gapStatement.append(" GROUP BY LOWER(f.query) ORDER BY n DESC, q LIMIT ")
        gapStatement.bind(Int64(max(1, min(gaps, 200))))
        report.contentGaps = try await sql.rows(gapStatement).map {
            SelfServiceReport.Gap(query: try $0.decode(column: "q", as: String.self), count: Int(try $0.decode(column: "n", as: Int64.self)))
        }

        var reasons = SQLStatement("SELECT f.reason AS reason, COUNT(*) AS n FROM self_service_facts f WHERE f.kind = 'handover' AND f.at >= ")
        reasons.bind(start)
        reasons.append(" AND f.at < ")
        reasons.bind(end)
        reasons.append(" GROUP BY f.reason")
        for row in try await sql.rows(reasons) {
            report.handoverReasons[try row.decode(column: "reason", as: String?.self) ?? "unknown"] = Int(try row.decode(column: "n", as: Int64.self))
        }

        var articles = SQLStatement("""
            SELECT f.article_id AS article, SUM(CASE WHEN f.kind = 'view' THEN 1 ELSE 0 END) AS views,
            SUM(CASE WHEN f.kind = 'vote' AND f.helpful = 1 THEN 1 ELSE 0 END) AS yes, SUM(CASE WHEN f.kind = 'vote' AND f.helpful = 0 THEN 1 ELSE 0 END) AS no
            FROM self_service_facts f WHERE f.kind IN ('view', 'vote') AND f.article_id IS NOT NULL AND f.at >=
            """)
        articles.bind(start)
        articles.append(" AND f.at < ")
        articles.bind(end)
        articles.append(" GROUP BY f.article_id ORDER BY views DESC, article LIMIT 50")
        report.articles = try await sql.rows(articles).map {
            SelfServiceReport.ArticleUse(articleID: try $0.decode(column: "article", as: String.self), views: Int(try $0.decode(column: "views", as: Int64?.self) ?? 0),
                                         helpful: Int(try $0.decode(column: "yes", as: Int64?.self) ?? 0), notHelpful: Int(try $0.decode(column: "no", as: Int64?.self) ?? 0))
        }
        return report
    }
}
