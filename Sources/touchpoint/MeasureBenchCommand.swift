import ArgumentParser
import Foundation
import TouchpointBenchmarks
import TouchpointStorage
import TouchpointWeb

/// `touchpoint bench measure`: the CX pyramid and channel pages at 1,000,000 events and 100,000 profiles (limit 300 ms).
struct MeasureBenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "measure",
        abstract: "Fill a fresh database with 1,000,000 events, 100,000 profiles and a year of cases; time the CX pyramid and channel pages over HTTP (limit 300 ms).")

    @ArgumentParser.Option(help: "Profiles") var profiles = 100_000
    @ArgumentParser.Option(help: "Events in the log") var events = 1_000_000
    @ArgumentParser.Option(help: "Service cases over the year") var cases = 10_000
    @ArgumentParser.Option(help: "Requests timed per page") var requests = 20
    @ArgumentParser.Option(help: "A PostgreSQL server URL: a scratch database is created there and dropped after. Without it: a fresh SQLite file.")
    var postgres: String?
    @ArgumentParser.Option(help: "A database to keep, a SQLite file or a PostgreSQL database URL (created beforehand): loaded on the first run, reused (not loaded again) on the next, so the pages can be profiled.")
    var keep: String?

    func validate() throws {
        guard requests >= 1 else { throw ValidationError("--requests must be at least 1") }
        guard profiles >= 1, events >= 1, cases >= 0 else {
            throw ValidationError("--profiles and --events must be at least 1, --cases 0 or more")
        }
    }

    func run() async throws {
        _ = Runtime.bootstrapOnce
        let run = { (location: DatabaseLocation) in
            let report = try await MeasureBenchmark(profiles: profiles, events: events, cases: cases, requests: requests)
                .run(on: location) { FileHandle.standardError.write(Data(("  " + $0 + "\n").utf8)) }
            print("Touchpoint measurement benchmark — \(report.database), \(report.events) events, \(report.profiles) profiles, \(report.cases) cases")
            print("  loaded in \(String(format: "%.1f", report.loadSeconds)) s; projections caught up in \(String(format: "%.1f", report.projectionSeconds)) s")
            for timing in report.timings {
                let verdict = timing.p99 < 300 ? "under" : "OVER"
                print("  GET \(timing.path): first \(String(format: "%.1f", timing.first)) ms, p50 \(String(format: "%.1f", timing.p50)) ms, p99 \(String(format: "%.1f", timing.p99)) ms — \(verdict) the 300 ms limit")
            }
        }
        if let keep {
            try await run(try DatabaseLocation(parsing: keep))
        } else {
            try await BenchDatabase.using(postgres: postgres, prefix: "touchpoint_measure", run)
        }
    }
}
