import ArgumentParser
import Foundation
import TouchpointDomain
import TouchpointStorage
import TouchpointWeb

/// `touchpoint journeys report` and `touchpoint lifecycle rules`: the journey analytics and the stage rules from the command line.
struct JourneysCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "journeys", abstract: "Journey analytics.",
                                                    subcommands: [JourneysReportCommand.self])
}

struct JourneysReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "report", abstract: "Bring the lifecycle projection up to date and print the stage funnel.")

    @ArgumentParser.Option(help: "First day (YYYY-MM-DD)") var from: String?
    @ArgumentParser.Option(help: "Last day (YYYY-MM-DD)") var to: String?
    @ArgumentParser.Option(help: "Only journeys with touchpoints on this channel") var channel: String?
    @ArgumentParser.Flag(help: "Print JSON") var json = false
    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        var filter = JourneyFilter()
        func day(_ text: String?, _ name: String) throws -> Date? {
            guard let text else { return nil }
            guard text.count == 10, let date = Timestamps.parse(text + "T00:00:00Z") else {
                FileHandle.standardError.write(Data("touchpoint: --\(name) must be a date written YYYY-MM-DD\n".utf8))
                throw ExitCode(2)
            }
            return date
        }
        filter.from = try day(from, "from")
        filter.to = try day(to, "to").map { $0.addingTimeInterval(86400) }
        if let channel {
            guard let parsed = TouchpointDomain.Channel(rawValue: channel) else {
                FileHandle.standardError.write(Data("touchpoint: --channel must be one of \(TouchpointDomain.Channel.allCases.map(\.rawValue).joined(separator: ", "))\n".utf8))
                throw ExitCode(2)
            }
            filter.channel = parsed
        }
        let config = try Runtime.config(database: database.database)
        let app = try await Runtime.makeApplication(config: config, serve: false)
        do {
            let folded = try await app.touchpoint.lifecycle.catchUp()
            if folded > 0 { FileHandle.standardError.write(Data("projected \(folded) new events\n".utf8)) }
            let report = try await app.touchpoint.lifecycle.analytics().aggregate.report(filter: filter)
            if json {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
                encoder.dateEncodingStrategy = .iso8601
                print(String(decoding: try encoder.encode(report.funnel), as: UTF8.self))
            } else {
                print("Stage funnel — \(report.profiles) profiles")
                print("stage        profiles  conversion  drop-off  median h   p90 h")
                for stage in report.funnel {
                    let conversion = stage.conversionToNext.map { String(format: "%5.1f%%", $0 * 100) } ?? "     —"
                    let median = stage.medianHoursInStage.map { String(format: "%8.1f", $0) } ?? "       —"
                    let p90 = stage.p90HoursInStage.map { String(format: "%7.1f", $0) } ?? "      —"
                    print(stage.stage.rawValue.padding(toLength: 12, withPad: " ", startingAt: 0)
                          + String(format: "%9d", stage.profiles) + "      " + conversion
                          + String(format: "%10d", stage.dropOff ?? 0) + "  " + median + "  " + p90)
                }
            }
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
    }
}

struct LifecycleCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "lifecycle", abstract: "The lifecycle stage rules.",
                                                    subcommands: [LifecycleRulesCommand.self])
}

struct LifecycleRulesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rules",
        abstract: "Print the stage rules in force, or replace them from a JSON file (the log is then replayed under them).")

    @ArgumentParser.Option(help: "A JSON rule set to put in force") var set: String?
    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        var newRules: StageRuleSet?
        if let set {
            guard let data = FileManager.default.contents(atPath: set) else {
                FileHandle.standardError.write(Data("touchpoint: cannot read '\(set)'\n".utf8))
                throw ExitCode(2)
            }
            do {
                newRules = try StageRuleSet.decode(json: data)
            } catch {
                FileHandle.standardError.write(Data("touchpoint: the rules in '\(set)' are not valid:\n  \(error.problems.joined(separator: "\n  "))\n".utf8))
                throw ExitCode(2)
            }
        }
        let config = try Runtime.config(database: database.database)
        let app = try await Runtime.makeApplication(config: config, serve: false)
        do {
            if let newRules {
                try await app.touchpoint.lifecycle.replaceRules(newRules)
                let folded = try await app.touchpoint.lifecycle.catchUp()
                print("Rules replaced (\(newRules.rules.count) rules); \(folded) events replayed under them.")
            } else {
                print(String(decoding: await app.touchpoint.lifecycle.rules.jsonData(), as: UTF8.self))
            }
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
    }
}
