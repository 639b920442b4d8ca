import ArgumentParser
import Foundation
import TouchpointBenchmarks
import TouchpointWeb

/// `touchpoint bench decisions`: next best action over HTTP on 100,000 people and 200 actions (at 16 callers: at least a
/// third of /health's throughput back to back, and p99 under 10 ms at a third of /health's rate), and segment membership within 1 s at 5,000 events/s.
struct DecisionBenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "decisions",
        abstract: "Decisions over HTTP against /health in the same run, and segment membership delay under a stream of events.")

    @ArgumentParser.Option(help: "People (each with 1–3 orders)") var profiles = 100_000
    @ArgumentParser.Option(help: "Segments") var segments = 30
    @ArgumentParser.Option(help: "Actions in the catalogue") var actions = 200
    @ArgumentParser.Option(help: "Concurrent HTTP callers") var clients = 16
    @ArgumentParser.Option(help: "Seconds each load runs") var seconds = 10.0
    @ArgumentParser.Option(help: "Events a second while membership delay is measured") var eventsPerSecond = 5_000
    @ArgumentParser.Option(help: "A PostgreSQL server URL: a scratch database is created there and dropped after. Without it: a fresh SQLite file.")
    var postgres: String?

    func run() async throws {
        _ = Runtime.bootstrapOnce
        try await BenchDatabase.using(postgres: postgres, prefix: "touchpoint_decisions") { location in
            let report = try await DecisionBenchmark(profiles: profiles, segments: segments, actions: actions, clients: clients,
                                                     seconds: seconds, eventsPerSecond: eventsPerSecond)
                .run(on: location) { FileHandle.standardError.write(Data(("  " + $0 + "\n").utf8)) }
            let ratio = report.decisions.perSecond / max(report.health.perSecond, 1)
            print("Touchpoint decisions benchmark — \(report.database), \(report.profiles) people, \(report.segments) segments, \(report.actions) actions, \(clients) callers")
            print("  people stored in \(String(format: "%.1f", report.loadSeconds)) s; every segment evaluated for everyone in \(String(format: "%.1f", report.firstEvaluationSeconds)) s (\(report.memberships) memberships)")
            print("  GET /health:            \(Int(report.health.perSecond)) requests/s, p50 \(String(format: "%.2f", report.health.p50)) ms, p99 \(String(format: "%.2f", report.health.p99)) ms")
            print("  POST /api/v1/decisions: \(Int(report.decisions.perSecond)) requests/s, p50 \(String(format: "%.2f", report.decisions.p50)) ms, p99 \(String(format: "%.2f", report.decisions.p99)) ms, \(report.decisions.failures) failed")
            print("    callers back to back: \(String(format: "%.2f", ratio)) of /health's throughput (\(ratio >= 1.0 / 3 ? "at least" : "UNDER") the third required)")
            if let health = report.health.processorPerRequest, let decision = report.decisions.processorPerRequest, let bound = report.processorBound {
                print(String(format: "    processor time a request (this process, which also sends them; PostgreSQL's processes on this machine): /health %.3f + %.3f ms, a decision %.3f + %.3f ms",
                             health.own, health.database, decision.own, decision.database))
                print(String(format: "    with every processor busy the ratio would be %.2f; a third of /health's rate keeps the %d processors about %.0f %% busy",
                             bound.ratio, ProcessInfo.processInfo.activeProcessorCount, bound.pacedBusyShare * 100))
            }
            let paced = report.pacedDecisions
            print("  POST /api/v1/decisions at a third of /health's rate (\(Int(report.pacedRate))/s planned): \(Int(paced.perSecond)) requests/s,"
                  + " p50 \(String(format: "%.2f", paced.p50)) ms, p99 \(String(format: "%.2f", paced.p99)) ms, \(paced.failures) failed")
            print("    p99 \(paced.p99 < 10 ? "under" : "OVER") the 10 ms limit (latency from each call's planned moment)")
            print("  membership: \(report.eventsSent) events in \(String(format: "%.1f", report.eventSeconds)) s (\(Int(Double(report.eventsSent) / report.eventSeconds)) events/s);"
                  + " probe entered its segment after p50 \(String(format: "%.0f", report.delayP50 * 1000)) ms, p99 \(String(format: "%.0f", report.delayP99 * 1000)) ms, max \(String(format: "%.0f", report.delayMax * 1000)) ms"
                  + " — \(report.delayMax <= 1 ? "within" : "OVER") the 1 s limit")
        }
    }
}
