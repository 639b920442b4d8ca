import ArgumentParser
import Foundation
import TouchpointWeb
import TouchpointStorage
import TouchpointDomain

/// `touchpoint import events|transactions FILE`.
struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import", abstract: "Import data files through the normal collection path.",
        subcommands: [ImportEventsCommand.self])
}

struct ImportEventsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "events",
        abstract: "Import a JSONL file: one Segment-spec message a line. Progress on stderr, a summary at the end.")

    @Argument(help: "The JSONL file") var file: String
    @Option(help: "The source the events are recorded under (created if absent)") var source = "import"
    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        guard FileManager.default.isReadableFile(atPath: file) else {
            FileHandle.standardError.write(Data("touchpoint: cannot read '\(file)': check the path\n".utf8))
            throw ExitCode(2)
        }
        let config = try Runtime.config(database: database.database)
        let app = try await Runtime.makeApplication(config: config, serve: false)
        let summary: EventImporter.Summary
        do {
            summary = try await importEvents(app.touchpoint)
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
        if summary.accepted == 0 && summary.rejectedCount > 0 { throw ExitCode(1) }
    }

    private func importEvents(_ services: TouchpointServices) async throws -> EventImporter.Summary {
        let sourceRecord = try await ImportSource.ensure(named: source, store: services.store)
        let importer = EventImporter(services: services, sourceID: sourceRecord.id)
        let started = Date()
        let summary = try await importer.importJSONL(at: file) { summary, read, total in
            let seconds = max(Date().timeIntervalSince(started), 0.001)
            let percent = total > 0 ? Double(read) * 100 / Double(total) : 100
            let line = String(format: "\r%5.1f%%  %d lines  %d stored  %d rejected  %.0f lines/s", percent, summary.lines, summary.stored, summary.rejectedCount, Double(summary.lines) / seconds)
            FileHandle.standardError.write(Data(line.utf8))
        }
        FileHandle.standardError.write(Data("\n".utf8))
        print(ImportReport.text(summary, seconds: Date().timeIntervalSince(started)))
        return summary
    }
}

enum ImportSource {
    /// The source an import is recorded under; imports need no write key, so a random one is made.
    static func ensure(named name: String, store: SQLStore) async throws -> SourceRecord {
        if let existing = try await store.sources().first(where: { $0.name == name }) { return existing }
        return try await store.createSource(name: name).0
    }
}

enum ImportReport {
    static func text(_ summary: EventImporter.Summary, seconds: Double) -> String {
        var lines = [
            "Imported \(summary.lines) lines in \(String(format: "%.1f", seconds)) s:",
            "  accepted   \(summary.accepted)",
            "  stored     \(summary.stored)",
            "  duplicates \(summary.duplicates) (messageId already stored: not stored again)",
            "  suppressed \(summary.suppressed) (identifiers of erased people)",
            "  rejected   \(summary.rejectedCount)",
        ]
        for (code, entry) in summary.rejected.sorted(by: { $0.value.count > $1.value.count }) {
            lines.append("    \(code): \(entry.count)")
            for example in entry.examples { lines.append("      line \(example.line): \(example.message)") }
        }
        return lines.joined(separator: "\n")
    }
}
