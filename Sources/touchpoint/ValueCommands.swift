import ArgumentParser
// Foundation only for FileHandle.standardError (the standard library cannot write to stderr);
// everything else comes from the domain module.
import Foundation
import TouchpointDomain

/// `touchpoint value …`: customer value models.
struct ValueCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "value",
        abstract: "Customer value models: BG/NBD, Gamma-Gamma, lifetime value.",
        subcommands: [ValueFitCommand.self])
}

/// `touchpoint value fit --transactions FILE --until YYYY-MM-DD [--unit day|week] [--json] [--drop-repeated-rows]`
struct ValueFitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fit",
        abstract: "Fit BG/NBD and Gamma-Gamma on a transactions CSV.",
        discussion: """
            The CSV needs a header naming customer_id, date (YYYY-MM-DD) and amount, in any order. \
            Purchases after --until are left out (they form the holdout period). Rejected rows are \
            listed on standard error; the fit uses the rest. A row identical to an earlier one in \
            every field counts as one more purchase (without an order id that is usually two identical \
            items bought the same day; same-day purchases add up, as in the CDNOW preparation): a \
            warning on standard error and a line of the report say how many and where. Add \
            --drop-repeated-rows when such rows are a double export.
            """)

    @Option(name: .long, help: ArgumentHelp("Transactions CSV (customer_id,date,amount).", valueName: "FILE"))
    var transactions: String

    @Option(name: .long, help: ArgumentHelp("Calibration period end, inclusive.", valueName: "YYYY-MM-DD"))
    var until: String

    @Option(name: .long, help: ArgumentHelp(
        "Time unit for recency, T and α: day, or week (= 7 days, fractional, as in Fader, Hardie & Lee 2005).",
        valueName: "day|week"))
    var unit: String = "week"

    @Flag(name: .long, help: "Print the parameters as JSON.")
    var json = false

    @Flag(name: .long, help: "Print how long each step took on standard error.")
    var timings = false

    @Flag(name: .long, help: "Drop rows identical to an earlier row in every field (a double export) instead of counting them as purchases.")
    var dropRepeatedRows = false

    func run() async throws {
        guard let untilDay = CalendarDay(iso: until) else {
            throw badInput("--until \"\(until)\" is not a date; write it YYYY-MM-DD, e.g. --until 1997-09-30.")
        }
        guard let timeUnit = ValueTimeUnit(rawValue: unit.lowercased()) else {
            throw badInput("--unit \"\(unit)\" is not a time unit; use --unit week or --unit day.")
        }
        let clock = ContinuousClock()
        let started = clock.now
        let parsed: TransactionsCSV.Result
        do {
            parsed = try TransactionsCSV.parse(path: transactions, repeatedRows: dropRepeatedRows ? .drop : .keep)
        } catch {
            throw badInput("\(transactions): \(error)")
        }
        if let warning = parsed.repeated.warning() {
            warn("\(parsed.repeated.policy == .keep ? "warning" : "note"): \(transactions): " + warning)
        }
        if !parsed.rejected.isEmpty {
            let shown = 20
            warn("\(parsed.rejected.count) of \(parsed.dataRows) rows rejected in \(transactions):")
            for rejection in parsed.rejected.prefix(shown) { warn("  \(rejection)") }
            if parsed.rejected.count > shown { warn("  … and \(parsed.rejected.count - shown) more") }
        }
        guard !parsed.accepted.isEmpty else {
            throw badInput("\(transactions) has no usable purchase rows; fix the rows listed above.")
        }
        let parseTime = clock.now - started
        let report: ValueFitReport
        do {
            report = try ValueFit.run(parsed, until: untilDay, unit: timeUnit)
        } catch {
            if case .didNotConverge = error {
                warn(error.description)
                throw ExitCode(1)
            }
            throw badInput(error.description)
        }
        if timings, let t = report.details?.timings {
            func ms(_ d: Duration) -> String {
                let (seconds, attoseconds) = d.components
                let milliseconds = Double(seconds) * 1e3 + Double(attoseconds) / 1e15
                return "\((milliseconds * 1000).rounded() / 1000)"
            }
            warn("timings (ms): read+parse \(ms(parseTime)), summary \(ms(t.summary)), bgnbd \(ms(t.bgnbd)), "
                + "gamma-gamma \(ms(t.gammaGamma)), fits \(ms(t.fits)), total \(ms(clock.now - started))")
        }
        if json {
            print(report.jsonString())
        } else {
            print(report.tableText())
        }
    }

    private func warn(_ message: String) {
        FileHandle.standardError.write(Data((message + "\n").utf8))
    }

    /// Bad input: say what to fix on stderr; the caller throws the returned exit status 2.
    private func badInput(_ message: String) -> ExitCode {
        warn("error: " + message)
        return ExitCode(2)
    }
}
