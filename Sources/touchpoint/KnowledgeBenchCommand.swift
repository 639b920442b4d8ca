import ArgumentParser
import Foundation
import TouchpointBenchmarks
import TouchpointDemo
import TouchpointWeb

/// `touchpoint bench kb`: the knowledge base at 10,000 articles (index under 30 s, search p95 under 20 ms, assistant
/// p95 under 50 ms).
struct KnowledgeBenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kb",
        abstract: "Store 10,000 articles, build a node's index from the database, and time search and assistant answers over HTTP.")

    @ArgumentParser.Option(help: "Articles") var articles = 10_000
    @ArgumentParser.Option(help: "Requests of each kind") var requests = 500
    @ArgumentParser.Option(help: "A PostgreSQL server URL: a scratch database is created there and dropped after. Without it: a fresh SQLite file.")
    var postgres: String?

    func run() async throws {
        _ = Runtime.bootstrapOnce
        let questions = DemoHelpCentre.questions().map { (text: $0.text, language: $0.language) }
        try await BenchDatabase.using(postgres: postgres, prefix: "touchpoint_kb") { location in
            let report = try await KnowledgeBenchmark(templates: try DemoHelpCentre.articles(), questions: questions, articles: articles, requests: requests)
                .run(on: location) { FileHandle.standardError.write(Data(("  " + $0 + "\n").utf8)) }
            func verdict(_ value: Double, _ limit: Double) -> String { value < limit ? "under" : "OVER" }
            print("Touchpoint knowledge-base benchmark — \(report.database), \(report.articles) articles, \(questions.count) real questions in pl/en/ru")
            print(String(format: "  stored through the import path in %.1f s (%.0f articles/s)", report.storeSeconds, Double(report.articles) / report.storeSeconds))
            print(String(format: "  index built from the database in %.2f s — %@ the 30 s limit", report.indexSeconds, verdict(report.indexSeconds, 30)))
            print(String(format: "  GET /api/v1/kb/search: p50 %.2f ms, p95 %.2f ms, p99 %.2f ms (%d requests) — %@ the 20 ms limit",
                         report.search.p50, report.search.p95, report.search.p99, report.search.requests, verdict(report.search.p95, 20)))
            print(String(format: "  POST /api/v1/assistant/answer: p50 %.2f ms, p95 %.2f ms, p99 %.2f ms (%d requests) — %@ the 50 ms limit",
                         report.assistant.p50, report.assistant.p95, report.assistant.p99, report.assistant.requests, verdict(report.assistant.p95, 50)))
        }
    }
}
