import Foundation
import Vapor
import TouchpointDomain
import TouchpointStorage

/// `touchpoint serve --demo`: fills an empty database with the demo company, through the same
/// validation, identity resolution and commit path as real data.
public enum DemoLoader {
    public static func loadIfEmpty(_ app: Application, customers: Int = 3000, seed: UInt64 = 42,
                                   progress: @escaping @Sendable (String) -> Void = { FileHandle.standardError.write(Data(($0 + "\n").utf8)) }) async throws {
        let services = app.touchpoint
        guard try await services.store.countEvents() == 0 else {
            progress("demo: the database already holds events; nothing loaded")
            return
        }
        let started = Date()
        let end = Date()
        let company = DemoCompany(seed: seed, customers: customers, start: end.addingTimeInterval(-730 * 86400), end: end)
        let existing = try await services.store.sources().first(where: { $0.name == "demo" })
        let source: SourceRecord
        if let existing {
            source = existing
        } else {
            source = try await services.store.createSource(name: "demo").0
        }
        let importer = EventImporter(services: services, sourceID: source.id)
        var summary = EventImporter.Summary()
        let batches = company.batches(batchSize: 500)
        var line = 1
        for (index, batch) in batches.enumerated() {
            try await importer.submit(batch, lines: Array(line..<(line + batch.count)), into: &summary)
            line += batch.count
            if index % 20 == 0 || index == batches.count - 1 {
                progress("demo: \(summary.stored) of \(company.messages.count) events loaded")
            }
        }
        progress("demo: Elektro Świat loaded — \(summary.stored) events, \(summary.rejectedCount) rejected, in \(String(format: "%.1f", Date().timeIntervalSince(started))) s")
        try await DemoServiceLoader.load(app, company: company, seed: seed, progress: progress)
    }
}
