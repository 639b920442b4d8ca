import Foundation
import Vapor
import TouchpointDomain
import TouchpointStorage
import TouchpointWeb

/// `touchpoint serve --demo`: fills an empty database with the demo company, through the same
/// validation, identity resolution and commit path as real data.
///
/// The load remembers how far it got (`installation_state`, "demo_load"): the moment the company's history ends, the
/// phase, and how many service cases are replayed. A load that was interrupted (a crash, Ctrl-C, a pool time-out)
/// resumes on the next `serve --demo` — events are sent again and de-duplicated by their messageId, cases continue
/// after the last finished one — so the server never settles for half a company.
public enum DemoLoader {
    static let stateName = "demo_load"

    struct State: Codable, Equatable {
        enum Phase: String, Codable { case events, service, done }
        var phase: Phase
        var end: Date
        var seed: UInt64
        var customers: Int
        var casesDone: Int
    }

    public static func loadIfEmpty(_ app: Application, customers: Int = 3000, seed: UInt64 = 42,
                                   progress: @escaping @Sendable (String) -> Void = { FileHandle.standardError.write(Data(($0 + "\n").utf8)) }) async throws {
        let services = app.touchpoint
        let store = services.store
        var state: State
        if let text = try await store.installationState(stateName), let saved = try? JSONDecoder().decode(State.self, from: Data(text.utf8)) {
            if saved.phase == .done {
                progress("demo: Elektro Świat is already loaded; nothing to do")
                return
            }
            state = saved
            progress("demo: resuming an interrupted load (\(saved.phase == .events ? "events" : "service desk, \(saved.casesDone) cases done"))")
        } else {
            guard try await store.countEvents() == 0 else {
                progress("demo: the database already holds events that are not the demo's, so nothing was loaded. "
                         + "For the demo, start with an empty database: another --database, or stop the server and delete the file.")
                return
            }
            state = State(phase: .events, end: DemoCompany.period(loadedAt: Date()).end, seed: seed, customers: customers, casesDone: 0)
            try await save(state, store: store)
        }
        // Elektro Świat works in Warsaw: the console shows its times there (unless TOUCHPOINT_TIME_ZONE says otherwise).
        try await services.companyTimeZone.adopt("Europe/Warsaw", configured: services.config.timeZone, store: store)
        try await services.companyName.adopt("Elektro Świat", configured: services.config.companyName, store: store)
        let started = Date()
        let company = DemoCompany(seed: state.seed, customers: state.customers, start: state.end.addingTimeInterval(-730 * 86400), end: state.end)
        if state.phase == .events {
            try await loadEvents(company, services: services, progress: progress)
            state.phase = .service
            try await save(state, store: store)
        }
        let snapshot = state
        try await DemoServiceLoader.load(app, company: company, seed: state.seed, alreadyReplayed: state.casesDone, progress: progress) { done in
            var next = snapshot
            next.casesDone = done
            try await save(next, store: store)
        }
        try await DemoSurveys.define(services.surveys, now: Date())
        try await DemoSelfService.load(services, company: company, seed: state.seed, progress: progress)
        // Last: segments read the profiles, cases and feedback everything above made, and the year of decisions sits
        // on their events. Before `.done`, so an interrupted load comes back here and resumes it.
        try await DemoDecisions.load(services, company: company, seed: state.seed, progress: progress)
        state.phase = .done
        try await save(state, store: store)
        progress("demo: ready in \(String(format: "%.0f", Date().timeIntervalSince(started))) s — open the console and sign in")
    }

    private static func loadEvents(_ company: DemoCompany, services: TouchpointServices, progress: @escaping @Sendable (String) -> Void) async throws {
        let started = Date()
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
        var reported = -1
        for (index, batch) in batches.enumerated() {
            try await importer.submit(batch, lines: Array(line..<(line + batch.count)), into: &summary)
            line += batch.count
            let percent = (index + 1) * 100 / max(1, batches.count)
            if percent / 10 != reported / 10 || index == batches.count - 1 {
                reported = percent
                progress("demo: events \(percent) % (\(summary.stored + summary.duplicates) of \(company.messages.count))")
            }
        }
        progress("demo: events loaded — \(summary.stored) stored\(summary.duplicates > 0 ? ", \(summary.duplicates) already there" : ""), "
                 + "\(summary.rejectedCount) rejected, in \(String(format: "%.1f", Date().timeIntervalSince(started))) s")
    }

    private static func save(_ state: State, store: SQLStore) async throws {
        try await store.setInstallationState(stateName, String(decoding: try JSONEncoder().encode(state), as: UTF8.self))
    }
}
