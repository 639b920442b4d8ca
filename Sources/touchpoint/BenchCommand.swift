import ArgumentParser
import Foundation
import TouchpointStorage
import TouchpointWeb
import TouchpointBenchmarks

/// `touchpoint bench ingest`: prints events/s, batch latency p50/p99 and the ratio to raw inserts.
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "bench", abstract: "Benchmarks that print figures.",
                                                    subcommands: [IngestBenchCommand.self, JourneyBenchCommand.self, ChatBenchCommand.self, TextBenchCommand.self, KnowledgeBenchCommand.self,
                                                                  FeedbackBenchCommand.self, DecisionBenchCommand.self, MeasureBenchCommand.self])
}

struct IngestBenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest",
        abstract: "Start a server on a fresh database, send events over HTTP from concurrent clients, compare with raw inserts.")

    @ArgumentParser.Option(help: "Events to send") var events = 200_000
    @ArgumentParser.Option(help: "Events a request") var batch = 100
    @ArgumentParser.Option(help: "Concurrent HTTP clients") var clients = 32
    @ArgumentParser.Option(help: "Distinct known users") var users = 20_000
    @ArgumentParser.Option(help: "A PostgreSQL server URL: the benchmark creates a scratch database there and drops it after. Without it: a fresh SQLite file.")
    var postgres: String?

    func run() async throws {
        _ = Runtime.bootstrapOnce
        let benchmark = IngestBenchmark(events: events, batchSize: batch, clients: clients, knownUsers: users)
        try await BenchDatabase.using(postgres: postgres, prefix: "touchpoint_bench") { location in
            let report = try await benchmark.run(on: location) { FileHandle.standardError.write(Data(("  " + $0 + "\n").utf8)) }
            print("""
                Touchpoint ingest benchmark — \(report.database), \(report.events) events in batches of \(batch), \(clients) concurrent HTTP clients
                  stored: \(report.stored) events on \(report.profiles) profiles, \(report.merges) merges
                  HTTP ingest, identity resolution live: \(Int(report.eventsPerSecond)) events/s in \(String(format: "%.2f", report.seconds)) s
                  batch latency: p50 \(String(format: "%.1f", report.p50)) ms, p99 \(String(format: "%.1f", report.p99)) ms
                  group commit: \(report.commits) transactions, \(report.events / max(report.commits, 1)) events each on average, \(String(format: "%.1f", report.commitSeconds)) s inside them (\(Int(report.commitSeconds / report.seconds * 100)) % of the run)
                  limit — the stored rows inserted again into the same database, one transaction per \(batch): \(Int(report.rawRowsPerSecond)) rows/s
                  ratio: \(String(format: "%.2f", report.ratio)) of the limit
                  (for comparison, the same messages with every row under one profile: \(Int(report.appendRowsPerSecond)) rows/s, ratio \(String(format: "%.2f", report.eventsPerSecond / report.appendRowsPerSecond)))
                """)
        }
    }
}

struct JourneyBenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "journeys",
        abstract: "Fill a fresh database with journeys, project them, time the journey analytics (limit 200 ms) and the console pages (limit 300 ms) over HTTP.")

    @ArgumentParser.Option(help: "Customers") var profiles = 100_000
    @ArgumentParser.Option(help: "Events in all") var events = 1_000_000
    @ArgumentParser.Option(help: "Requests timed per endpoint") var requests = 50
    @ArgumentParser.Option(help: "A PostgreSQL server URL: a scratch database is created there and dropped after. Without it: a fresh SQLite file.")
    var postgres: String?

    func run() async throws {
        _ = Runtime.bootstrapOnce
        try await BenchDatabase.using(postgres: postgres, prefix: "touchpoint_journeys") { location in
            let report = try await JourneyBenchmark(profiles: profiles, events: events, requests: requests)
                .run(on: location) { FileHandle.standardError.write(Data(("  " + $0 + "\n").utf8)) }
            print("Touchpoint journey analytics benchmark — \(report.database), \(report.events) events, \(report.profiles) profiles")
            print("  load through the commit path: \(String(format: "%.1f", report.loadSeconds)) s (\(Int(Double(report.events) / report.loadSeconds)) events/s)")
            print("  lifecycle projection: \(String(format: "%.1f", report.projectionSeconds)) s (\(Int(Double(report.events) / report.projectionSeconds)) events/s)")
            for timing in report.timings {
                let limit = timing.path.hasPrefix("console") ? 300.0 : 200.0
                let verdict = timing.p99 < limit ? "under" : "OVER"
                print("  GET \(timing.path): first \(String(format: "%.1f", timing.first)) ms, p50 \(String(format: "%.1f", timing.p50)) ms, p99 \(String(format: "%.1f", timing.p99)) ms — \(verdict) the \(Int(limit)) ms limit")
            }
        }
    }
}

struct ChatBenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "chat",
        abstract: "Start a server on a fresh database, hold concurrent live chat sessions answered by agents, print delivery p50/p99 (limit 100 ms).")

    @ArgumentParser.Option(help: "Concurrent chat sessions") var sessions = 200
    @ArgumentParser.Option(help: "Agents answering") var agents = 20
    @ArgumentParser.Option(help: "Messages each visitor sends") var messages = 10
    @ArgumentParser.Option(help: "Mean seconds between a visitor's messages") var interval = 3.0
    @ArgumentParser.Option(help: "A PostgreSQL server URL: a scratch database is created there and dropped after. Without it: a fresh SQLite file.")
    var postgres: String?

    func run() async throws {
        _ = Runtime.bootstrapOnce
        try await BenchDatabase.using(postgres: postgres, prefix: "touchpoint_chat") { location in
            let report = try await ChatBenchmark(sessions: sessions, agents: agents, messagesPerSession: messages, interval: interval)
                .run(on: location) { FileHandle.standardError.write(Data(("  " + $0 + "\n").utf8)) }
            func line(_ name: String, _ values: [Double]) -> String {
                let p99 = ChatBenchmark.Report.percentile(values, 0.99)
                return "  \(name): p50 \(String(format: "%.1f", ChatBenchmark.Report.percentile(values, 0.5))) ms, p99 \(String(format: "%.1f", p99)) ms, max \(String(format: "%.1f", values.max() ?? .nan)) ms (\(values.count) messages) — \(p99 < 100 ? "under" : "OVER") the 100 ms limit"
            }
            print("Touchpoint live chat benchmark — \(report.database), \(report.sessions) concurrent chat sessions, \(report.agents) agents")
            print("  \(report.customerMessages) customer messages and \(report.replies) agent replies in \(String(format: "%.1f", report.seconds)) s (\(Int(Double(report.customerMessages + report.replies) / report.seconds)) committed messages/s); lost: \(report.lost)")
            print(line("customer → agent delivery", report.toAgent))
            print(line("agent → customer delivery", report.toCustomer))
            print(line("customer message committed (ack)", report.acknowledged))
        }
    }
}

/// A throw-away database for a benchmark: a SQLite file in a temporary folder, or a scratch PostgreSQL database.
/// Removed after `body`, whether it succeeds or throws.
enum BenchDatabase {
    static func using(postgres: String?, prefix: String, _ body: (DatabaseLocation) async throws -> Void) async throws {
        let location: DatabaseLocation
        let cleanup: () async -> Void
        if let postgres {
            let url = try await PostgresScratch.create(serverURL: postgres, prefix: prefix)
            location = .postgres(url: url)
            cleanup = { await PostgresScratch.drop(url: url, serverURL: postgres) }
        } else {
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            location = .sqlite(path: directory.appendingPathComponent("bench.sqlite").path)
            cleanup = { try? FileManager.default.removeItem(at: directory) }
        }
        do {
            try await body(location)
        } catch {
            await cleanup()
            throw error
        }
        await cleanup()
    }
}
