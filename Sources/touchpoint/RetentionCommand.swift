import ArgumentParser
import Foundation
import Tagged
import TouchpointDomain
import TouchpointStorage
import TouchpointWeb

/// `touchpoint retention [--source ID --days N|--forever]`: sets a source's retention, or runs the log's upkeep now.
struct RetentionCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "retention",
        abstract: "Set how long a source's events are kept, or apply every source's retention now.",
        discussion: """
            Without --source: makes the coming months of the event log (PostgreSQL's partitions), removes the events each \
            source keeps no longer and prints what went; the server does the same every hour. With --source and --days N \
            (7 to 3650) or --forever: sets that source's retention. Profiles, stages, value scores and daily counts built \
            from removed events stay.
            """)

    @ArgumentParser.Option(help: ArgumentHelp("The source whose retention to set (its id, from GET /api/v1/sources).", valueName: "ID"))
    var source: String?

    @ArgumentParser.Option(help: ArgumentHelp("Keep the source's events this many days after they are received.", valueName: "N"))
    var days: Int?

    @ArgumentParser.Flag(help: "Keep the source's events for ever.")
    var forever = false

    @OptionGroup var database: DatabaseOptions

    func validate() throws {
        if source != nil, days == nil, !forever { throw ValidationError("with --source give --days N or --forever") }
        if source == nil, days != nil || forever { throw ValidationError("--days and --forever need --source ID") }
        if days != nil, forever { throw ValidationError("give either --days or --forever, not both") }
        if let days, !EventRetention.isValid(days: days) {
            throw ValidationError("--days must be \(EventRetention.minimumDays) to \(EventRetention.maximumDays)")
        }
    }

    func run() async throws {
        let config = try Runtime.config(database: database.database)
        let app = try await Runtime.makeApplication(config: config, serve: false)
        do {
            let keeper = app.touchpoint.eventLog
            if let source {
                let record = try await keeper.setRetention(of: SourceID(rawValue: source), days: forever ? nil : days).after
                print("\(record.name) (\(record.id.rawValue)): events kept \(record.retentionDays.map { "\($0) days" } ?? "for ever").")
            } else {
                let started = Date()
                let report = try await keeper.upkeep()
                let sources = Dictionary(uniqueKeysWithValues: try await app.touchpoint.store.sources().map { ($0.id, $0.name) })
                print("Retention applied in \(String(format: "%.1f", Date().timeIntervalSince(started))) s: \(report.totalRemoved) events removed.")
                for (source, count) in report.removedEvents.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
                    print("  \(sources[source] ?? source.rawValue): \(count)")
                }
                if !report.droppedMonths.isEmpty {
                    print("  months dropped whole: \(report.droppedMonths.map(\.suffix).joined(separator: ", "))")
                }
            }
        } catch StorageError.invalid(let message) {
            try? await app.asyncShutdown()
            throw ValidationError(message)
        } catch StorageError.notFound(let message) {
            try? await app.asyncShutdown()
            throw ValidationError(message + "; list the sources with GET /api/v1/sources")
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
    }
}
