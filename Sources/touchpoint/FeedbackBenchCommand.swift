import ArgumentParser
import Foundation
import TouchpointBenchmarks
import TouchpointWeb

/// `touchpoint bench feedback`: the feedback report over a year of answers (limit 200 ms at 1,000,000).
struct FeedbackBenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "feedback",
        abstract: "Fill a fresh database with a year of survey answers and time GET /api/v1/feedback/report over HTTP (limit 200 ms).")

    @ArgumentParser.Option(help: "Survey answers") var answers = 1_000_000
    @ArgumentParser.Option(help: "Requests timed per report") var requests = 20
    @ArgumentParser.Option(help: "A PostgreSQL server URL: a scratch database is created there and dropped after. Without it: a fresh SQLite file.")
    var postgres: String?

    func run() async throws {
        _ = Runtime.bootstrapOnce
        try await BenchDatabase.using(postgres: postgres, prefix: "touchpoint_feedback") { location in
            let report = try await FeedbackBenchmark(answers: answers, requests: requests)
                .run(on: location) { FileHandle.standardError.write(Data(("  " + $0 + "\n").utf8)) }
            print("Touchpoint feedback report benchmark — \(report.database), \(report.answers) answers over a year")
            print("  stored in \(String(format: "%.1f", report.loadSeconds)) s (\(Int(Double(report.answers) / report.loadSeconds)) answers/s)")
            for timing in report.timings {
                let verdict = timing.p99 < 200 ? "under" : "OVER"
                print("  GET \(timing.path): first \(String(format: "%.1f", timing.first)) ms, p50 \(String(format: "%.1f", timing.p50)) ms, p99 \(String(format: "%.1f", timing.p99)) ms — \(verdict) the 200 ms limit")
            }
        }
    }
}
