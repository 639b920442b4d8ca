import ArgumentParser
import Foundation
import TouchpointStorage
import TouchpointWeb

/// `touchpoint bench ingest`: prints events/s, batch latency p50/p99 and the ratio to raw inserts.
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "bench", abstract: "Benchmarks that print figures.",
                                                    subcommands: [IngestBenchCommand.self])
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
        let location: DatabaseLocation
        var cleanup: (() async -> Void)?
        if let postgres {
            let url = try await PostgresScratch.create(serverURL: postgres, prefix: "touchpoint_bench")
            location = .postgres(url: url)
            cleanup = { await PostgresScratch.drop(url: url, serverURL: postgres) }
        } else {
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("touchpoint-bench-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            location = .sqlite(path: directory.appendingPathComponent("bench.sqlite").path)
            cleanup = { try? FileManager.default.removeItem(at: directory) }
        }
        do {
            let report = try await benchmark.run(on: location) { FileHandle.standardError.write(Data(("  " + $0 + "\n").utf8)) }
            print("""
                Touchpoint ingest benchmark — \(report.database), \(report.events) events in batches of \(batch), \(clients) concurrent HTTP clients
                  stored: \(report.stored) events on \(report.profiles) profiles, \(report.merges) merges
                  HTTP ingest, identity resolution live: \(Int(report.eventsPerSecond)) events/s in \(String(format: "%.2f", report.seconds)) s
                  batch latency: p50 \(String(format: "%.1f", report.p50)) ms, p99 \(String(format: "%.1f", report.p99)) ms
                  limit — raw inserts of the same rows into the same database, one transaction per \(batch): \(Int(report.rawRowsPerSecond)) rows/s
                  ratio: \(String(format: "%.2f", report.ratio)) of the limit
                """)
        } catch {
            await cleanup?()
            throw error
        }
        await cleanup?()
    }
}
