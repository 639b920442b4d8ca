import ArgumentParser
import Foundation
import TouchpointWeb
import TouchpointStorage
import TouchpointDomain

/// `touchpoint import events|transactions FILE`.
struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import", abstract: "Import data files through the normal collection path.",
        subcommands: [ImportEventsCommand.self, ImportTransactionsCommand.self])
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
        if summary.rejectedCount > 0 {
            // Scripts must not take a partial import for a clean one.
            FileHandle.standardError.write(Data("touchpoint: \(summary.rejectedCount) of \(summary.lines) lines were rejected (reasons above); the \(summary.accepted) accepted lines are stored\n".utf8))
            throw ExitCode(1)
        }
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

/// `touchpoint import transactions FILE`: purchases as `Order Completed` events through the normal path,
/// so they appear on timelines; then the value models are refitted.
///
/// Importing a file again stores nothing new: each purchase's messageId is a hash of its
/// ``TransactionImportKey`` (customer, day, amount and how many identical purchases came before it in
/// the file), and the collection path stores a messageId once per source.
struct ImportTransactionsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "transactions",
        abstract: "Import purchases from a CSV with header customer_id,date,amount (date YYYY-MM-DD); customer_id is the userId.",
        discussion: """
            Importing the same file again stores nothing new. A row identical to an earlier one in every \
            field is one more purchase (without an order id that is usually two identical items bought the \
            same day): it is stored, with a warning on standard error naming the lines; \
            --drop-repeated-rows leaves such rows out when they are a double export.
            """)

    @Argument(help: "The CSV file") var file: String
    @Option(help: "The source the purchases are recorded under (created if absent)") var source = "transactions"
    @Option(help: "ISO 4217 currency recorded on each order") var currency = "PLN"
    @Flag(name: .long, help: "Drop rows identical to an earlier row in every field (a double export) instead of storing them as purchases.")
    var dropRepeatedRows = false
    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        let parsed: TransactionsCSV.Result
        do {
            parsed = try TransactionsCSV.parse(path: file, repeatedRows: dropRepeatedRows ? .drop : .keep)
        } catch {
            FileHandle.standardError.write(Data("touchpoint: \(error)\n".utf8))
            throw ExitCode(2)
        }
        if let warning = parsed.repeated.warning() {
            let label = parsed.repeated.policy == .keep ? "warning" : "note"
            FileHandle.standardError.write(Data("touchpoint: \(label): \(warning)\n".utf8))
        }
        for rejection in parsed.rejected.prefix(20) {
            FileHandle.standardError.write(Data("  rejected: \(rejection)\n".utf8))
        }
        if parsed.rejected.count > 20 { FileHandle.standardError.write(Data("  … and \(parsed.rejected.count - 20) more rejected rows\n".utf8)) }
        let config = try Runtime.config(database: database.database)
        let app = try await Runtime.makeApplication(config: config, serve: false)
        do {
            try await importPurchases(parsed, services: app.touchpoint)
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
        if parsed.accepted.isEmpty { throw ExitCode(1) }
    }

    private func importPurchases(_ parsed: TransactionsCSV.Result, services: TouchpointServices) async throws {
        let sourceRecord = try await ImportSource.ensure(named: source, store: services.store)
        let importer = EventImporter(services: services, sourceID: sourceRecord.id)
        var summary = EventImporter.Summary()
        let keys = TransactionImportKey.keys(for: parsed.accepted)
        let messages: [JSONValue] = zip(parsed.accepted, keys).map { transaction, key in
            let amount = NSDecimalNumber(decimal: transaction.amount).doubleValue
            return .object([
                "type": .string("track"), "userId": .string(transaction.customerID), "event": .string(SQLStore.purchaseEvent),
                "timestamp": .string("\(transaction.date)T12:00:00.000Z"),
                // Same text, same hash as before repeats were kept: earlier imports are recognised.
                "messageId": .string("txn-" + secretHash(key.description).prefix(32)),
                "properties": .object(["revenue": .number(amount), "total": .number(amount), "currency": .string(currency)]),
            ])
        }
        let started = Date()
        for start in stride(from: 0, to: messages.count, by: 1000) {
            let end = min(start + 1000, messages.count)
            let batch = Array(messages[start..<end])
            // The file's own line numbers, so that a rejection names the row to fix.
            try await importer.submit(batch, lines: Array(parsed.acceptedLines[start..<end]), into: &summary)
            let line = String(format: "\r%5.1f%%  %d of %d purchases", Double(start + batch.count) * 100 / Double(max(messages.count, 1)), start + batch.count, messages.count)
            FileHandle.standardError.write(Data(line.utf8))
        }
        FileHandle.standardError.write(Data("\n".utf8))
        print("Purchases: \(parsed.dataRows) rows, \(parsed.accepted.count) accepted, \(parsed.rejected.count) rejected; \(summary.stored) stored as Order Completed, \(summary.duplicates) already there, in \(String(format: "%.1f", Date().timeIntervalSince(started))) s")
        if let repeated = parsed.repeated.reportLine() { print(repeated) }
        switch try await services.valueRefresher.refresh(force: false) {
        case .refitted(let model, let profiles):
            print("Value models refitted on \(model.customers) customers; \(profiles) profiles scored.")
        case .upToDate:
            print("Value models already up to date.")
        case .notEnoughData(let reason):
            print("Value models not fitted: \(reason)")
        }
    }
}
